#!/bin/bash
# shellcheck disable=SC2016 # tb_wait_for evaluates its condition strings itself
# cluster_testbed: the self-test of the cluster test bed (network namespaces, names, sshd,
# keepalived, host keys, cable pull), before any OpenVSM program takes part.
#
# keepalived's health check here is /bin/true on purpose: this test checks the test bed, not
# OpenVSM. The cluster scenarios use the real `tlctl ha health` (TB_HEALTH=auto).
#
# Exit codes: 0 passed, 1 failed (with the reason and the tail of every log), 77 skipped.
set -euo pipefail
# shellcheck source=packaging/dev/cluster/lib.sh
source "$(dirname "$0")/../../packaging/dev/cluster/lib.sh"

tb_require_root
export TB_HEALTH=selftest
tb_log "network/keepalived self-test: keepalived's health check is /bin/true (tests the test bed, not OpenVSM)"

net_up

# Every host: its own name, every name and the resource name resolving inside the namespace.
for host in "${TB_HOSTS[@]}"; do
    name=$(tb_exec "$host" uname -n)
    [ "$name" = "$host" ] || tb_die "uname -n on $host says '$name'"
    for other in "${TB_HOSTS[@]}"; do
        got=$(tb_exec "$host" getent hosts "$other.$TB_DOMAIN" | awk '{print $1}')
        [ "$got" = "${TB_ADDR[$other]}" ] || tb_die "on $host, $other.$TB_DOMAIN resolves to '$got', not ${TB_ADDR[$other]}"
    done
    got=$(tb_exec "$host" getent hosts "$TB_RESOURCE_NAME" | awk '{print $1}')
    [ "$got" = "$TB_RESOURCE_IP" ] || tb_die "on $host, $TB_RESOURCE_NAME resolves to '$got', not $TB_RESOURCE_IP"
done
tb_log "names: every host has its own uname -n and resolves every host and $TB_RESOURCE_NAME"

# Each host has its own OPENVSM_ROOT: the seed's tl-config command on one agent is not seen on
# the other.
if [ -n "$TB_BIN" ] && [ -x "$TB_BIN/tl-config" ]; then
    ovsm_config agent1 "/vsmagent/master_hostname=$TB_RESOURCE_NAME" >/dev/null
    got=$(ovsm_config agent1 /vsmagent/master_hostname)
    [ "$got" = "$TB_RESOURCE_NAME" ] || tb_die "tl-config on agent1 reads back '$got'"
    got=$(ovsm_config agent2 /vsmagent/master_hostname)
    [ -z "$got" ] || tb_die "agent2 sees agent1's master_hostname ('$got'): roots are not separate"
    tb_log "per-host OPENVSM_ROOT: tl-config on agent1 does not change agent2"
else
    tb_log "note: tl-config is not built; per-host OPENVSM_ROOT not exercised through it"
fi

# The root namespace's /etc/hosts was not touched: tlha must not resolve there unless the
# machine itself knows it.
if getent hosts "$TB_RESOURCE_NAME.$TB_DOMAIN" | grep -q "$TB_RESOURCE_IP"; then
    tb_die "$TB_RESOURCE_NAME.$TB_DOMAIN resolves to $TB_RESOURCE_IP outside the namespaces"
fi

# The shipped keepalived example is valid for this keepalived, as VRRPv2 and as VRRPv3 with
# sub-second adverts and nopreempt (its hooks replaced by ones that exist here).
example=$TB_SRC/packaging/keepalived/keepalived.conf.example
sed -e 's|/opt/openvsm/sbin/tlctl ha health|/bin/true|' \
    -e "s|/opt/openvsm/sbin/openvsm-ha-notify|/usr/bin/env $TB_SRC/packaging/keepalived/openvsm-ha-notify|" \
    "$example" >"$TB_RUN/example-v2.conf"
sed -e 's|# version 3|version 3|' -e 's|# advert_int 0.1|advert_int 0.1|' \
    -e 's|state MASTER |state BACKUP |' -e 's|# nopreempt|nopreempt|' \
    "$TB_RUN/example-v2.conf" >"$TB_RUN/example-v3.conf"
for v in v2 v3; do
    tb_exec tlha-primary keepalived -t -f "$TB_RUN/example-$v.conf" >"$TB_RUN/example-$v.log" 2>&1 ||
        tb_die "keepalived rejects $example ($v variant): $(cat "$TB_RUN/example-$v.log")"
done
tb_log "the shipped keepalived example passes keepalived -t (VRRPv2, and VRRPv3 0.1 s nopreempt)"

user=ovt$$
ssh_make_user "$user"
ssh_start tlha-primary
ssh_start tlha-secondary
ssh_start agent1
ha_start_keepalived tlha-primary
ha_start_keepalived tlha-secondary

tb_wait_for "ha_resource_on tlha-primary" 15 ||
    tb_die "the resource IP is not on tlha-primary alone after 15 s (on: '$(ha_resource_holders)')"
tb_log "resource IP on tlha-primary after ${TB_WAITED_MS} ms"
# The notify hook (packaging/keepalived/openvsm-ha-notify) recorded each node's state.
tb_wait_for '[ "$(ha_engine_state tlha-primary)" = MASTER ] && [ "$(ha_engine_state tlha-secondary)" = BACKUP ]' 10 ||
    tb_die "notify hook states: primary '$(ha_engine_state tlha-primary)', secondary '$(ha_engine_state tlha-secondary)' (want MASTER, BACKUP)"

# First connection to tlha: the client learns the host key (as a user would say "yes").
name=$(ssh_client "$user" "$TB_RESOURCE_NAME" -o StrictHostKeyChecking=accept-new -- uname -n) ||
    tb_die "first ssh to $TB_RESOURCE_NAME failed"
[ "$name" = tlha-primary ] || tb_die "ssh to $TB_RESOURCE_NAME reached '$name', not tlha-primary"
grep -q "^$TB_RESOURCE_NAME " "$TB_RUN/client/known_hosts" || tb_die "known_hosts has no entry for $TB_RESOURCE_NAME"

# Several sshds on port 22, one per namespace: the agent answers with its own name.
name=$(ssh_client "$user" agent1 -o StrictHostKeyChecking=accept-new -- uname -n) || tb_die "ssh to agent1 failed"
[ "$name" = agent1 ] || tb_die "ssh to agent1 reached '$name'"

# Before the seed's key copy, the secondary's own key does not match tlha's entry...
if ssh_client "$user" tlha-secondary -o HostKeyAlias="$TB_RESOURCE_NAME" -- uname -n 2>/dev/null; then
    tb_die "the secondary's host key matched tlha's known_hosts entry before ssh_copy_host_keys"
fi
# ...after it, it does.
ssh_copy_host_keys tlha-primary tlha-secondary
name=$(ssh_client "$user" tlha-secondary -o HostKeyAlias="$TB_RESOURCE_NAME" -- uname -n) ||
    tb_die "after ssh_copy_host_keys the secondary's host key does not match tlha's known_hosts entry"
[ "$name" = tlha-secondary ] || tb_die "ssh to tlha-secondary reached '$name'"
tb_log "host keys: tlha's known_hosts entry is valid on both nodes"

# Pull the primary's cable: the secondary takes the IP, and ssh to tlha (strict host key
# checking) reaches it without a host-key complaint.
net_cable_pull tlha-primary
tb_wait_for "ha_resource_on tlha-secondary" 15 ||
    tb_die "the resource IP did not move to tlha-secondary within 15 s (on: '$(ha_resource_holders)')"
tb_log "resource IP on tlha-secondary ${TB_WAITED_MS} ms after the cable pull"
tb_wait_for '[ "$(ha_engine_state tlha-primary)" = FAULT ] && [ "$(ha_engine_state tlha-secondary)" = MASTER ]' 10 ||
    tb_die "notify hook states: primary '$(ha_engine_state tlha-primary)', secondary '$(ha_engine_state tlha-secondary)' (want FAULT, MASTER)"
# The client's ARP entry follows keepalived's gratuitous ARP; allow it a moment.
tb_wait_for '[ "$(ssh_client "$user" "$TB_RESOURCE_NAME" -- uname -n 2>/dev/null)" = tlha-secondary ]' 10 ||
    tb_die "ssh to $TB_RESOURCE_NAME does not reach tlha-secondary after the cable pull: $(ssh_client "$user" "$TB_RESOURCE_NAME" -- uname -n 2>&1)"
tb_log "ssh to $TB_RESOURCE_NAME with StrictHostKeyChecking=yes reaches tlha-secondary"

# Plug it back in: with preemption (the default) the primary takes the IP back.
net_cable_plug tlha-primary
tb_wait_for "ha_resource_on tlha-primary" 15 ||
    tb_die "the primary did not take the resource IP back within 15 s (on: '$(ha_resource_holders)')"
tb_log "resource IP back on tlha-primary ${TB_WAITED_MS} ms after the cable was plugged in"
tb_wait_for '[ "$(ssh_client "$user" "$TB_RESOURCE_NAME" -- uname -n 2>/dev/null)" = tlha-primary ]' 10 ||
    tb_die "ssh to $TB_RESOURCE_NAME does not reach tlha-primary after the cable was plugged in"

# nopreempt (both nodes start as BACKUP): after a failover the secondary keeps the IP when the
# primary's cable is back, for longer than a master down interval (3.6 s).
ha_stop_keepalived tlha-primary
ha_stop_keepalived tlha-secondary
TB_PREEMPT=nopreempt ha_start_keepalived tlha-primary
TB_PREEMPT=nopreempt ha_start_keepalived tlha-secondary
tb_wait_for "ha_resource_on tlha-primary" 15 ||
    tb_die "nopreempt: the primary did not get the IP at start (on: '$(ha_resource_holders)')"
net_cable_pull tlha-primary
tb_wait_for "ha_resource_on tlha-secondary" 15 ||
    tb_die "nopreempt: the IP did not move to the secondary (on: '$(ha_resource_holders)')"
net_cable_plug tlha-primary
tb_wait_for '[ "$(ha_engine_state tlha-primary)" = BACKUP ]' 10 ||
    tb_die "nopreempt: the primary did not come back as BACKUP (state '$(ha_engine_state tlha-primary)')"
sleep 5
ha_resource_on tlha-secondary ||
    tb_die "nopreempt: the IP left the secondary after the primary came back (on: '$(ha_resource_holders)')"
tb_log "nopreempt: the secondary keeps the IP after the primary is back"

# Tear down and check that nothing of this run is left.
pids=$(mktemp)
cp "$TB_RUN/pids" "$pids"
net_down
if ! tb_assert_clean "$pids"; then
    rm -f "$pids"
    tb_die "teardown left something behind"
fi
rm -f "$pids"
if getent passwd "$user" >/dev/null; then
    tb_die "test user $user still exists after teardown"
fi
tb_log "PASS: test bed up, failover and failback seen, everything torn down"
