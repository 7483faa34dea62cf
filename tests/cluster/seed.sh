#!/bin/bash
# shellcheck disable=SC2016 # tb_wait_for evaluates its condition strings itself
# cluster_seed: the seed's HA set-up and failover test, step by step, with the real programs
# of the build ($OPENVSM_BUILD_BIN) in the namespace test bed (packaging/dev/cluster/lib.sh): two VSM
# servers tlha-primary and tlha-secondary with keepalived owning the resource IP 10.0.0.4
# (`tlha`), two VSM agents, a client; sshd on the servers and the agents.
#
#   1. each agent: the seed's tl-config commands (allowed_clients, master_hostname=tlha),
#      restart the agents
#   2. sshd everywhere; the primary's SSH host keys copied to the secondary, its sshd restarted
#   3. each server alone (terminalservers "agent1 agent2", never 127.0.0.1): tlclient --check
#      to tlha-primary and to tlha-secondary gets a session and logs in, and reconnects
#   4. the seed's tl-config commands enable HA on both, both restarted; keepalived on both
#      with the real health check (`tlctl ha health`)
#   5. users get sessions through tlha (StrictHostKeyChecking=yes); they are replicated
#   6. the primary's cable is pulled: the secondary takes tlha, the same sessions (id, agent,
#      display) are reconnected through tlha, with a VNC login, without a host-key complaint
#   7. new sessions through the secondary while the primary is away
#   8. the cable is plugged in: the primary resynchronises, holds every session (also those
#      of step 7), takes tlha back and serves them
#
# SEED_CLUSTER_KEY=1: the same run with one cluster key (tl-cluster-key) on every server and
# agent, which the seed does not name; every daemon must say it uses it.
#
# SEED_UNTIL=N stops after step N (say 3 for a build without HA replication); the summary
# says which steps ran. Without it every step runs, and a build that lacks what a step needs
# (`tlctl ha health` for step 4) FAILS: it never passes while skipping a step.
#
# Exit codes: 0 the steps asked for passed, 1 failed (the reason, then every log's tail),
# 77 skipped (not root, no namespaces, no Xvnc).
set -euo pipefail
# shellcheck source=packaging/dev/cluster/lib.sh
source "$(dirname "$0")/../../packaging/dev/cluster/lib.sh"

until_step=${SEED_UNTIL:-8}
case "$until_step" in
[1-8]) ;;
*) tb_die "SEED_UNTIL must be a step number 1..8 (got '$until_step')" ;;
esac

tb_require_root
if ! command -v Xvnc >/dev/null || ! command -v runuser >/dev/null; then
    echo "SKIP: needs Xvnc (tigervnc-standalone-server) and runuser (util-linux)" >&2
    exit 77
fi
programs=(vsmagent vsmserver tl-config tlctl tlclient tl-session-helper)
if [ -n "${SEED_CLUSTER_KEY:-}" ]; then
    programs+=(tl-cluster-key)
fi
for prog in "${programs[@]}"; do
    if [ -z "$TB_BIN" ] || [ ! -x "$TB_BIN/$prog" ]; then
        tb_die "\$OPENVSM_BUILD_BIN/$prog is not built (OPENVSM_BUILD_BIN='$TB_BIN')"
    fi
done
# Step 4 needs vsmserver's HA and tlctl's health check (issue 5). Say so before anything runs.
if [ "$until_step" -ge 4 ] && ! ovsm_has_ha; then
    tb_die "step 4 needs HA replication in this build ('tlctl ha health' is missing from $TB_BIN/tlctl); run SEED_UNTIL=3 for steps 1-3 only"
fi

export TB_HEALTH=auto TB_PREEMPT=preempt
AGENTS=(agent1 agent2)
SERVERS=(tlha-primary tlha-secondary)
passed=()
step=0

begin_step() {
    step=$1
    tb_log "=== step $1: $2"
}

end_step() {
    passed+=("$step")
    tb_log "=== step $step passed"
    if [ "$step" -ge "$until_step" ]; then
        finish
    fi
}

finish() {
    tb_log "PASS: seed steps ${passed[*]} passed${SEED_CLUSTER_KEY:+ (with a cluster key on every server and agent)}"
    if [ "$until_step" -lt 8 ]; then
        tb_log "NOT RUN (SEED_UNTIL=$until_step): steps $(seq -s ' ' $((until_step + 1)) 8)"
    fi
    exit 0
}

# A session line of tlclient --check: "session ID agent HOST display N new|reconnected login ok (...)".
session_re='^session ([^ ]+) agent ([^ ]+) display ([0-9]+) (new|reconnected) login ok '

# check_session USER SERVER new|reconnected [ID AGENT DISPLAY] : tlclient --check as USER
# through SERVER; the line must say KIND (and name that session). Sets S_ID S_AGENT S_DISPLAY.
check_session() {
    local user=$1 server=$2 kind=$3 out err rc=0
    err=$TB_RUN/client/tlclient.err
    out=$(ovsm_tlclient "$user" "$server" --timeout 30 --check 2>"$err") || rc=$?
    [ "$rc" -eq 0 ] || tb_die "tlclient --check as $user through $server: exit $rc: $(cat "$err") $out"
    [[ $out =~ $session_re ]] || tb_die "tlclient --check as $user through $server printed '$out'"
    S_ID=${BASH_REMATCH[1]} S_AGENT=${BASH_REMATCH[2]} S_DISPLAY=${BASH_REMATCH[3]}
    [ "${BASH_REMATCH[4]}" = "$kind" ] || tb_die "as $user through $server: want a $kind session, got: $out"
    if [ $# -gt 3 ] && [ "$S_ID $S_AGENT $S_DISPLAY" != "$4 $5 $6" ]; then
        tb_die "as $user through $server: want session $4 on $5 display $6, got: $out"
    fi
    tb_log "$user through $server: $out"
}

# retry_check USER new|reconnected [ID AGENT DISPLAY] : check_session through tlha until it
# works (the resource IP and the client's ARP entry are moving), at most 30 s. A host-key
# complaint fails at once. Sets RETRY_MS (since RETRY_START_NS).
retry_check() {
    local user=$1 kind=$2 out err rc deadline
    shift 2
    err=$TB_RUN/client/tlclient.err
    deadline=$(($(tb_now_ms) + 30000))
    while :; do
        rc=0
        out=$(ovsm_tlclient "$user" "$TB_RESOURCE_NAME" --timeout 10 --check 2>"$err") || rc=$?
        if grep -qiE 'host key verification failed|IDENTIFICATION HAS CHANGED|host key for .* has changed' "$err"; then
            tb_die "host-key complaint through $TB_RESOURCE_NAME: $(cat "$err")"
        fi
        if [ "$rc" -eq 0 ]; then
            RETRY_MS=$((($(date +%s%N) - RETRY_START_NS) / 1000000))
            break
        fi
        [ "$(tb_now_ms)" -lt "$deadline" ] ||
            tb_die "no session through $TB_RESOURCE_NAME as $user within 30 s; last: exit $rc: $(cat "$err")"
        sleep 0.1
    done
    [[ $out =~ $session_re ]] || tb_die "tlclient --check as $user through $TB_RESOURCE_NAME printed '$out'"
    S_ID=${BASH_REMATCH[1]} S_AGENT=${BASH_REMATCH[2]} S_DISPLAY=${BASH_REMATCH[3]}
    [ "${BASH_REMATCH[4]}" = "$kind" ] || tb_die "as $user through $TB_RESOURCE_NAME: want a $kind session, got: $out"
    if [ $# -gt 0 ] && [ "$S_ID $S_AGENT $S_DISPLAY" != "$1 $2 $3" ]; then
        tb_die "as $user through $TB_RESOURCE_NAME: want session $1 on $2 display $3, got: $out"
    fi
    tb_log "$user through $TB_RESOURCE_NAME after ${RETRY_MS} ms: $out"
}

has_session() { # has_session HOST ID : HOST's vsmserver holds session ID
    ovsm_tlctl "$1" session list --json 2>/dev/null | grep -q "\"id\": \"$2\""
}

net_up

# A session script without a desktop: the session lives until it is terminated.
printf '#!/bin/sh\nexec sleep 86400\n' >"$TB_RUN/xsession"
chmod 0755 "$TB_RUN/xsession"

# uses_cluster_key HOST PROGRAM : the daemon's log says its links use the cluster key.
uses_cluster_key() {
    grep -q "TLS with cluster key" "$(tb_host_dir "$1")/$2.log"
}

if [ -n "${SEED_CLUSTER_KEY:-}" ]; then
    tb_log "=== not a seed step: one cluster key on every server and agent (SEED_CLUSTER_KEY)"
    key=$(tb_host_root tlha-primary)/etc/cluster.key
    tb_exec tlha-primary "$TB_BIN/tl-cluster-key" create "$key" >/dev/null
    for host in "${SERVERS[@]}" "${AGENTS[@]}"; do
        dest=$(tb_host_root "$host")/etc/cluster.key
        if [ "$host" != tlha-primary ]; then
            install -m 0600 "$key" "$dest"
        fi
        ovsm_config "$host" "/vsm/cluster_key_file=$dest"
    done
fi

# --- 1 -------------------------------------------------------------------------------------
begin_step 1 "configure each VSM agent with the seed's tl-config commands, restart the agents"
display=600
for agent in "${AGENTS[@]}"; do
    # As installed: the agent runs with the shipped configuration first.
    ovsm_start "$agent" vsmagent
    ovsm_config "$agent" '/vsmagent/allowed_clients=tlha-primary tlha-secondary'
    ovsm_config "$agent" /vsmagent/master_hostname=tlha
    # The address clients reach this agent by, and a session script that needs no desktop.
    ovsm_config "$agent" "/vsmagent/agent_hostname=$agent"
    ovsm_config "$agent" "/vsmagent/xsession_script=$TB_RUN/xsession"
    # All namespaces share /tmp (X displays' lock files): each agent its own display range.
    ovsm_config "$agent" "/vsmagent/display_min=$display"
    ovsm_config "$agent" "/vsmagent/display_max=$((display + 49))"
    display=$((display + 50))
done
for agent in "${AGENTS[@]}"; do
    # "Restart all VSM agents after changing the configuration values."
    ovsm_restart "$agent" vsmagent
done
for agent in "${AGENTS[@]}"; do
    tb_wait_for "net_listening $agent 904" 15 || tb_die "vsmagent on $agent does not listen on 904"
    got=$(ovsm_config "$agent" /vsmagent/allowed_clients)
    [ "$got" = "tlha-primary tlha-secondary" ] || tb_die "$agent: allowed_clients reads back '$got'"
    got=$(ovsm_config "$agent" /vsmagent/master_hostname)
    [ "$got" = tlha ] || tb_die "$agent: master_hostname reads back '$got'"
    if [ -n "${SEED_CLUSTER_KEY:-}" ]; then
        uses_cluster_key "$agent" vsmagent || tb_die "vsmagent on $agent does not say it uses the cluster key"
    fi
done
end_step

# --- 2 -------------------------------------------------------------------------------------
begin_step 2 "sshd on the servers and agents; the primary's host keys copied to the secondary"
for host in "${SERVERS[@]}" "${AGENTS[@]}"; do
    ssh_start "$host"
done
ssh_copy_host_keys tlha-primary tlha-secondary
pri_key=$(tb_exec client ssh-keyscan -T 5 -t ed25519 tlha-primary 2>/dev/null | awk '{print $3}')
sec_key=$(tb_exec client ssh-keyscan -T 5 -t ed25519 tlha-secondary 2>/dev/null | awk '{print $3}')
if [ -z "$pri_key" ] || [ "$pri_key" != "$sec_key" ]; then
    tb_die "after copying, the secondary's host key differs from the primary's"
fi
end_step

# --- 3 -------------------------------------------------------------------------------------
begin_step 3 "each VSM server alone: terminalservers 'agent1 agent2'; tlclient to tlha-primary and to tlha-secondary"
for server in "${SERVERS[@]}"; do
    ovsm_config "$server" '/vsmserver/terminalservers=agent1 agent2'
    ovsm_start "$server" vsmserver
done
[ "$(ovsm_config tlha-primary /vsmserver/terminalservers)" = "$(ovsm_config tlha-secondary /vsmserver/terminalservers)" ] ||
    tb_die "terminalservers differ between the nodes"
for server in "${SERVERS[@]}"; do
    tb_wait_for "ovsm_reaches_agents $server" 20 ||
        tb_die "vsmserver on $server does not reach both agents: $(ovsm_tlctl "$server" load list 2>&1)"
done
# The client knows the hosts' keys (as after a first connection whose fingerprint was checked).
ssh_keyscan tlha-primary tlha-secondary agent1 agent2
checker=ovsc$$
ssh_make_user "$checker"
for server in "${SERVERS[@]}"; do
    check_session "$checker" "$server" new
    id=$S_ID agent=$S_AGENT disp=$S_DISPLAY
    case "$agent" in
    agent1 | agent2) ;;
    *) tb_die "$server placed the session on '$agent', not on agent1 or agent2" ;;
    esac
    check_session "$checker" "$server" reconnected "$id" "$agent" "$disp"
    # The verification session is not needed any more.
    ovsm_tlclient "$checker" "$server" --terminate "$id" >/dev/null ||
        tb_die "tlclient --terminate $id through $server failed"
    ! has_session "$server" "$id" || tb_die "$server still lists the terminated session $id"
done
end_step

# --- 4 -------------------------------------------------------------------------------------
begin_step 4 "enable HA with the seed's tl-config commands on both nodes, restart both; keepalived with 'tlctl ha health'"
for server in "${SERVERS[@]}"; do
    ovsm_config "$server" /vsmserver/HA/enabled=1
    ovsm_config "$server" '/vsmserver/HA/nodes=tlha-primary.example.com tlha-secondary.example.com'
done
# "Configuration should be identical on both nodes."
[ "$(ovsm_config tlha-primary -Ra /vsmserver)" = "$(ovsm_config tlha-secondary -Ra /vsmserver)" ] ||
    tb_die "the /vsmserver configuration differs between the nodes"
for server in "${SERVERS[@]}"; do
    ovsm_restart "$server" vsmserver
done
for server in "${SERVERS[@]}"; do
    tb_wait_for '[ "$(ovsm_ha_field '"$server"' active)" = true ] && [ "$(ovsm_ha_field '"$server"' link)" = up ]' 20 ||
        tb_die "HA on $server is not on with the link up: $(ovsm_tlctl "$server" ha status 2>&1)"
    tb_wait_for "ovsm_reaches_agents $server" 20 || tb_die "vsmserver on $server does not reach both agents after the restart"
    if [ -n "${SEED_CLUSTER_KEY:-}" ]; then
        uses_cluster_key "$server" vsmserver || tb_die "vsmserver on $server does not say it uses the cluster key"
    fi
done
for server in "${SERVERS[@]}"; do
    ha_start_keepalived "$server"
done
tb_wait_for 'ha_resource_on tlha-primary && [ "$(ha_engine_state tlha-primary)" = MASTER ] && [ "$(ha_engine_state tlha-secondary)" = BACKUP ]' 20 ||
    tb_die "the pair did not settle: resource IP on '$(ha_resource_holders)', states '$(ha_engine_state tlha-primary)' '$(ha_engine_state tlha-secondary)'"
tb_log "tlha is on tlha-primary (${TB_WAITED_MS} ms after keepalived started)"
tb_wait_for '[ "$(ovsm_ha_field tlha-primary role)" = MASTER ]' 10 ||
    tb_die "vsmserver on tlha-primary does not know it is MASTER: $(ovsm_tlctl tlha-primary ha status 2>&1)"
end_step

# --- 5 -------------------------------------------------------------------------------------
begin_step 5 "sessions through tlha with StrictHostKeyChecking=yes"
# tlha's known_hosts entry, from the first connection (the key the primary presents).
ssh_keyscan "$TB_RESOURCE_NAME"
users=(ovsa$$ ovsb$$)
declare -A sid sagent sdisp
for user in "${users[@]}"; do
    ssh_make_user "$user"
    check_session "$user" "$TB_RESOURCE_NAME" new
    sid[$user]=$S_ID sagent[$user]=$S_AGENT sdisp[$user]=$S_DISPLAY
done
# "Check also that any active sessions have been synchronized from the primary to the secondary."
for user in "${users[@]}"; do
    has_session tlha-primary "${sid[$user]}" || tb_die "tlha-primary does not list ${sid[$user]}"
    tb_wait_for "has_session tlha-secondary ${sid[$user]}" 10 ||
        tb_die "session ${sid[$user]} of $user is not on tlha-secondary: $(ovsm_tlctl tlha-secondary ha status 2>&1)"
done
end_step

# --- 6 -------------------------------------------------------------------------------------
begin_step 6 "pull the primary's cable: the secondary takes tlha; the same sessions through tlha"
RETRY_START_NS=$(date +%s%N)
net_cable_pull tlha-primary
tb_wait_for "ha_resource_on tlha-secondary" 15 ||
    tb_die "the resource IP did not move to tlha-secondary (on: '$(ha_resource_holders)')"
ip_ms=$((($(date +%s%N) - RETRY_START_NS) / 1000000))
tb_log "resource IP on tlha-secondary ${ip_ms} ms after the cable pull"
first=1
for user in "${users[@]}"; do
    retry_check "$user" reconnected "${sid[$user]}" "${sagent[$user]}" "${sdisp[$user]}"
    if [ "$first" -eq 1 ]; then
        tb_log "failover: cable pull -> resource IP ${ip_ms} ms, -> first session reconnected through tlha ${RETRY_MS} ms"
        first=0
    fi
done
tb_wait_for '[ "$(ovsm_ha_field tlha-secondary role)" = MASTER ]' 10 ||
    tb_die "vsmserver on tlha-secondary does not know it is MASTER"
end_step

# --- 7 -------------------------------------------------------------------------------------
begin_step 7 "new sessions through the secondary while the primary is away"
late=ovsc$$x
ssh_make_user "$late"
RETRY_START_NS=$(date +%s%N)
retry_check "$late" new
sid[$late]=$S_ID sagent[$late]=$S_AGENT sdisp[$late]=$S_DISPLAY
has_session tlha-secondary "${sid[$late]}" || tb_die "tlha-secondary does not list ${sid[$late]}"
# Made by the secondary alone: the primary, without its cable, cannot know it yet.
! has_session tlha-primary "${sid[$late]}" || tb_die "tlha-primary lists ${sid[$late]} while its cable is out"
users+=("$late")
end_step

# --- 8 -------------------------------------------------------------------------------------
begin_step 8 "plug the cable back in: the primary resynchronises, holds every session, serves them"
RETRY_START_NS=$(date +%s%N)
net_cable_plug tlha-primary
# Preemption: once fit (caught up with the secondary), the primary takes tlha back. At that
# moment it must already hold every session: a client arriving then must find its session.
tb_wait_for "ha_resource_on tlha-primary" 30 ||
    tb_die "the primary did not take the resource IP back (on: '$(ha_resource_holders)', primary: $(ha_engine_state tlha-primary))"
tb_log "resource IP back on tlha-primary $((($(date +%s%N) - RETRY_START_NS) / 1000000)) ms after the plug"
for user in "${users[@]}"; do
    has_session tlha-primary "${sid[$user]}" ||
        tb_die "tlha-primary took $TB_RESOURCE_NAME back without session ${sid[$user]} of $user: $(ovsm_tlctl tlha-primary ha status 2>&1)"
done
tb_log "tlha-primary holds all ${#users[@]} sessions (${users[*]}) as it takes $TB_RESOURCE_NAME back"
tb_wait_for '[ "$(ssh_client "$late" "$TB_RESOURCE_NAME" -- uname -n 2>/dev/null)" = tlha-primary ]' 15 ||
    tb_die "ssh to $TB_RESOURCE_NAME does not reach tlha-primary after the plug"
for user in "${users[@]}"; do
    RETRY_START_NS=$(date +%s%N)
    retry_check "$user" reconnected "${sid[$user]}" "${sagent[$user]}" "${sdisp[$user]}"
done
[ "$(ovsm_ha_field tlha-primary role)" = MASTER ] || tb_die "vsmserver on tlha-primary is not MASTER after the failback"
end_step
