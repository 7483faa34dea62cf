#!/bin/bash
# packaging_pacemaker: a real Pacemaker cluster (corosync, pacemaker, pcs from Debian 12) on the
# test bed's two server namespaces, with the Debian packages, and the pcs commands of
# packaging/pacemaker/README.md run verbatim.
#
# tlha-primary and tlha-secondary are each a bookworm root (mmdebstrap, cached) booting systemd
# as PID 1 in the test bed's network namespace of that host, with namespaces of its own for
# everything else (mount: /run, /var/lib/pacemaker, /var/lib/corosync, /dev/shm, /etc/corosync
# are its own; pid, uts, ipc, cgroup). openvsm-server is installed from build/deb, its unit
# disabled (Pacemaker starts vsmserver through ocf:openvsm:vsmserver); agent1 and agent2 run
# the build's vsmagent as in the other cluster tests. Then: a session through tlha, the
# primary's cable pulled, the time until the resource IP is on the secondary and until
# tlclient --check reaches the same session there (printed).
# Needs root and mmdebstrap; exits 77 (skipped) without them. Lab settings the README names:
# stonith-enabled=false (no fence device here).
set -euo pipefail

src=${OPENVSM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: needs root (namespaces, systemd as PID 1 in containers)" >&2
    exit 77
fi
command -v mmdebstrap >/dev/null || {
    echo "SKIP: mmdebstrap is not installed (packaging/dev/install-deps)" >&2
    exit 77
}
export TB_NO_TRAP=1 TB_CONNECT_TIMEOUT=2
# shellcheck source=packaging/dev/cluster/lib.sh
source "$src/packaging/dev/cluster/lib.sh"
# shellcheck source=tests/packaging/container.sh
source "$src/tests/packaging/container.sh"
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
debs=${OPENVSM_DEB_DIR:-$src/build/deb}
declare -A pid1 cgroup
password=$(head -c 12 /dev/urandom | base64) # hacluster's, this run only

cleanup() {
    local rc=$? host
    set +e
    for host in "${TB_SERVERS[@]}"; do # both shut down at once
        container_poweroff "${pid1[$host]:-}"
    done
    for host in "${TB_SERVERS[@]}"; do
        container_stop "${pid1[$host]:-}" "${cgroup[$host]:-}"
    done
    tb_log "containers stopped"
    tb_exit_trap "$rc"
}
trap cleanup EXIT

if ! ls "$debs"/openvsm-server_*.deb >/dev/null 2>&1; then
    tb_log "no packages in $debs: building them (packaging/deb/build)"
    "$src/packaging/deb/build" --out "$debs" >/dev/null
fi
container_check_depends "$debs"/openvsm-{server,common}_*.deb
mkdir -p "$TB_RUN"
tarball=$(container_root_tarball "$TB_RUN/mmdebstrap.log") || exit 1

net_up

# inside HOST CMD...: run in HOST's container.
inside() {
    local host=$1
    shift
    nsenter -t "${pid1[$host]}" -a env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin:/opt/openvsm/bin:/opt/openvsm/sbin \
        LANG=C.UTF-8 "$@"
}

boot() { # HOST: systemd as PID 1 over a fresh root, in HOST's network namespace
    local host=$1 r
    r=$TB_RUN/containers/$host
    mkdir -p "$r"
    tar -C "$r" -xf "$tarball"
    mkdir -p "$r/srv/openvsm"
    cp "$debs"/*.deb "$debs"/Packages* "$r/srv/openvsm/"
    rm -f "$r/etc/apt/sources.list" "$r"/etc/apt/sources.list.d/*
    echo "deb [trusted=yes] file:/srv/openvsm ./" >"$r/etc/apt/sources.list.d/openvsm.list"
    echo "$host" >"$r/etc/hostname"
    cp "/etc/netns/$(tb_ns "$host")/hosts" "$r/etc/hosts"
    container_boot "$r" "$host" "$TB_RUN/$host.boot.log" "$(tb_ns "$host")" || exit 1
    pid1[$host]=$CONTAINER_PID1
    cgroup[$host]=$CONTAINER_CGROUP
}

for host in "${TB_SERVERS[@]}"; do
    boot "$host"
done
for host in "${TB_SERVERS[@]}"; do
    container_wait_running "${pid1[$host]}" 60 || fail "systemd in $host's container did not come up"
    # The README's preparation: OpenVSM from the packages with its unit disabled, a password
    # for hacluster, and (Debian starts a one-node cluster on installation) no old cluster.
    inside "$host" apt-get update -qq >/dev/null
    inside "$host" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openvsm-server >/dev/null 2>&1 ||
        fail "apt-get install openvsm-server on $host"
    inside "$host" systemctl disable --now vsmserver >/dev/null 2>&1
    printf 'hacluster:%s\n' "$password" | inside "$host" chpasswd
    inside "$host" pcs cluster destroy >/dev/null
    inside "$host" tl-config '/vsmserver/terminalservers=agent1 agent2' /vsmserver/HA/enabled=1 \
        "/vsmserver/HA/nodes=tlha-primary.$TB_DOMAIN tlha-secondary.$TB_DOMAIN" \
        "/vsmserver/HA/resource_address=$TB_RESOURCE_IP" >/dev/null
done
tb_log "containers up: tlha-primary (pid ${pid1[tlha-primary]}), tlha-secondary (pid ${pid1[tlha-secondary]})"

# The agents, as in ovsm_cluster_up.
display=600
for host in agent1 agent2; do
    ovsm_config "$host" '/vsmagent/allowed_clients=tlha-primary tlha-secondary' >/dev/null
    ovsm_config "$host" "/vsmagent/master_hostname=$TB_RESOURCE_NAME" >/dev/null
    ovsm_agent_up "$host" "$display"
    display=$((display + 50))
done

# The README's commands, verbatim, on the primary (the password on stdin, never in argv).
t0=$(tb_now_ms)
mapfile -t commands < <(awk '/^## A two-node cluster with pcs/{f=1} /^The same with the crm shell/{f=0} f' \
    "$src/packaging/pacemaker/README.md" | sed -n 's/^    //p' | grep -v '^#' |
    sed -e ':a' -e '/\\$/N; s/\\\n *//; ta')
[ ${#commands[@]} -ge 10 ] || fail "found only ${#commands[@]} pcs commands in packaging/pacemaker/README.md"
for command in "${commands[@]}"; do
    tb_log "tlha-primary# $command"
    read -ra words <<<"$command"
    if [ "${words[1]}" = host ]; then
        said=$(printf '%s\n' "$password" | inside tlha-primary "${words[@]}" 2>&1) || fail "$command: $said"
    else
        said=$(inside tlha-primary "${words[@]}" 2>&1) || fail "$command: $said"
    fi
    if [ "$command" = "pcs cluster enable --all" ]; then
        # The README's lab setting before any resource (no fence device here).
        inside tlha-primary pcs property set stonith-enabled=false
    fi
done
ip_on_primary() { inside tlha-primary crm_resource --locate --resource tlha-ip 2>/dev/null | grep -q tlha-primary; }
tb_wait_for "ip_on_primary && ha_resource_on tlha-primary" 120 ||
    fail "tlha-ip did not start on tlha-primary: $(inside tlha-primary pcs status 2>&1)"
tb_log "Pacemaker cluster up in $(($(tb_now_ms) - t0)) ms: $(inside tlha-primary crm_mon -1 | grep -E 'Started|Online' | tr -s ' ' | paste -sd';')"

# A session through the resource IP (both nodes have the same SSH host key, as the seed says).
ssh_make_user pcxuser
uid=$(id -u pcxuser)
home=$(getent passwd pcxuser | cut -d: -f6)
for host in "${TB_SERVERS[@]}"; do
    inside "$host" useradd -u "$uid" -m -s /bin/sh -p '*' pcxuser
    inside "$host" install -d -m 0700 -o pcxuser -g pcxuser /home/pcxuser/.ssh
    inside "$host" install -m 0600 -o pcxuser -g pcxuser /dev/stdin /home/pcxuser/.ssh/authorized_keys \
        <"$home/.ssh/authorized_keys"
done
(cd "/proc/${pid1[tlha-primary]}/root/etc/ssh" && tar -cf - ssh_host_*) |
    tar -C "/proc/${pid1[tlha-secondary]}/root/etc/ssh" -xf -
inside tlha-secondary systemctl restart ssh
ssh_keyscan tlha-primary tlha-secondary agent1 agent2 "$TB_RESOURCE_NAME"
first=$(ovsm_tlclient pcxuser "$TB_RESOURCE_NAME" --check 2>&1) || fail "tlclient --check through tlha: $first"
tb_log "session: $first"

# The primary's cable pulled.
on_secondary() { ip -n "$(tb_ns tlha-secondary)" -4 -o addr show dev eth0 | grep -q " $TB_RESOURCE_IP/"; }
t0=$(tb_now_ms)
net_cable_pull tlha-primary
until on_secondary; do
    [ $(($(tb_now_ms) - t0)) -lt 60000 ] || fail "the resource IP did not move to tlha-secondary in 60 s"
    sleep 0.02
done
t_ip=$(($(tb_now_ms) - t0))
until second=$(ovsm_tlclient pcxuser "$TB_RESOURCE_NAME" --check 2>&1); do
    [ $(($(tb_now_ms) - t0)) -lt 90000 ] || fail "tlclient --check through tlha after the failover: $second"
    sleep 0.1
done
t_check=$(($(tb_now_ms) - t0))
session_id() { grep -o 'session [0-9a-f-]*' <<<"$1"; }
[ "$(session_id "$first")" = "$(session_id "$second")" ] || fail "another session after the failover: $second"
tb_log "failover: resource IP on tlha-secondary after $t_ip ms, tlclient --check on the same session after $t_check ms"
echo "PASS (resource IP moved in $t_ip ms; same session reached after $t_check ms)"
