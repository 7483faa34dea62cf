# shellcheck shell=bash
# OpenVSM on the hosts (prefix ovsm_): tl-config, vsmserver and vsmagent, tlctl, tlclient, and
# the seed's whole cluster in one go.
# Part of the cluster test bed: sourced by lib.sh, never on its own.

# ovsm_config HOST ARGS... : the build's tl-config on HOST (its own OPENVSM_ROOT), e.g.
#   ovsm_config agent1 "/vsmagent/master_hostname=tlha"
ovsm_config() {
    local host=$1
    shift
    ovsm_require tl-config
    tb_exec "$host" "$TB_BIN/tl-config" "$@"
}

# ovsm_require NAME : fails the run when the build's program NAME ($TB_BIN/NAME) is not built.
ovsm_require() {
    if [ -z "$TB_BIN" ] || [ ! -x "$TB_BIN/$1" ]; then
        tb_die "$1 is not built (\$OPENVSM_BUILD_BIN/$1)"
    fi
}

# ovsm_start HOST PROGRAM [ARGS...] : the build's PROGRAM (vsmserver, vsmagent) on HOST with
# --foreground, log <host>/PROGRAM.log, pid <host>/PROGRAM.pid.
ovsm_start() {
    local host=$1 prog=$2
    shift 2
    ovsm_require "$prog"
    tb_bg "$host" "$(tb_host_dir "$host")/$prog.log" "$TB_BIN/$prog" --foreground "$@"
    echo "$TB_LAST_PID" >"$(tb_host_dir "$host")/$prog.pid"
    tb_log "$prog started on $host (pid $TB_LAST_PID)"
}

ovsm_pid() { # ovsm_pid HOST PROGRAM : the pid ovsm_start recorded, if it still runs
    local f pid
    f=$(tb_host_dir "$1")/$2.pid
    [ -f "$f" ] || return 1
    pid=$(cat "$f")
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

# ovsm_stop HOST PROGRAM [SIGNAL] : send SIGNAL (default TERM; KILL for a crash) and wait
# until the process is gone (SIGKILL after 10 s).
ovsm_stop() {
    local host=$1 prog=$2 sig=${3:-TERM} pid
    pid=$(ovsm_pid "$host" "$prog") || return 0
    kill "-$sig" "$pid" 2>/dev/null || true
    if ! tb_wait_for "! kill -0 $pid 2>/dev/null" 10; then
        tb_log "$prog on $host ignored SIG$sig for 10 s; SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    rm -f "$(tb_host_dir "$host")/$prog.pid"
    tb_log "$prog on $host stopped (SIG$sig)"
}

ovsm_restart() { # ovsm_restart HOST PROGRAM [ARGS...]
    ovsm_stop "$1" "$2"
    ovsm_start "$@"
}

# ovsm_tlclient USER SERVER [tlclient options...] : the build's tlclient run as USER on the
# client host against SERVER (tlha, tlha-primary, ...), its ssh with strict host key checking
# against the run's known_hosts; stdout, stderr and the exit code are tlclient's.
ovsm_tlclient() {
    local user=$1 server=$2
    shift 2
    ssh_user_bin
    [ -x "$TB_RUN/bin/tlclient" ] || tb_die "tlclient is not built (\$OPENVSM_BUILD_BIN/tlclient)"
    tb_exec client runuser -u "$user" -- "$TB_RUN/bin/tlclient" \
        -o StrictHostKeyChecking=yes -o BatchMode=yes -o IdentitiesOnly=yes \
        -o UserKnownHostsFile="$TB_RUN/client/known_hosts" -o GlobalKnownHostsFile=/dev/null \
        -o ConnectTimeout="${TB_CONNECT_TIMEOUT:-3}" -o LogLevel=ERROR "$@" "$server"
}

# ovsm_tlctl HOST ARGS... : the build's tlctl on HOST (talks to that host's vsmserver).
ovsm_tlctl() {
    local host=$1
    shift
    ovsm_require tlctl
    tb_exec "$host" "$TB_BIN/tlctl" "$@"
}

# Whether the build's tlctl knows `ha health`. tlctl exits 2 only for a usage error (unknown
# command); 0 fit, 1 unfit, 3 vsmserver unreachable all mean the command exists.
ovsm_has_ha() {
    if [ -z "$TB_BIN" ] || [ ! -x "$TB_BIN/tlctl" ]; then
        return 1
    fi
    local rc=0 scratch
    scratch=$(mktemp -d)
    OPENVSM_ROOT=$scratch timeout 10 "$TB_BIN/tlctl" ha health >/dev/null 2>&1 || rc=$?
    rm -rf "$scratch"
    [ "$rc" -ne 2 ]
}

# ovsm_agent_up AGENT FIRST_DISPLAY : AGENT's vsmagent, configured as the bed needs it (its own
# agent_hostname, a session script that needs no desktop, displays FIRST_DISPLAY..+49 of its own:
# all namespaces share /tmp, where X keeps its lock files) and started, and its sshd. Its trust
# settings (allowed_clients, master_hostname) are the caller's.
ovsm_agent_up() {
    local agent=$1 display=$2
    if [ ! -x "$TB_RUN/xsession" ]; then
        printf '#!/bin/sh\nexec sleep 86400\n' >"$TB_RUN/xsession"
        chmod 0755 "$TB_RUN/xsession"
    fi
    ovsm_config "$agent" "/vsmagent/agent_hostname=$agent" >/dev/null
    ovsm_config "$agent" "/vsmagent/xsession_script=$TB_RUN/xsession" >/dev/null
    ovsm_config "$agent" "/vsmagent/display_min=$display" >/dev/null
    ovsm_config "$agent" "/vsmagent/display_max=$((display + 49))" >/dev/null
    ovsm_start "$agent" vsmagent
    ssh_start "$agent"
}

# ovsm_cluster_up : the seed's cluster in one go, without the step-by-step checks of
# seed.sh (benchmarks, a demo): each agent configured with the seed's tl-config commands
# (plus its own agent_hostname, a session script that needs no desktop, and a display range
# of its own: all namespaces share /tmp), sshd on every server and agent with the primary's
# host keys on the secondary, both servers with terminalservers "agent1 agent2" and the
# seed's HA settings, keepalived on both (TB_HEALTH, default the real `tlctl ha health`), the
# client's known_hosts (TB_SYNC_TIMEOUT, if set: /vsmserver/HA/sync_timeout; TB_DISPLAY_BASE:
# agent1's first display, so that parallel beds do not share X displays). Returns when
# tlha is on the primary and both servers reach both agents.
ovsm_cluster_up() {
    local host display=${TB_DISPLAY_BASE:-600}
    for host in agent1 agent2; do
        ovsm_config "$host" '/vsmagent/allowed_clients=tlha-primary tlha-secondary' >/dev/null
        ovsm_config "$host" "/vsmagent/master_hostname=$TB_RESOURCE_NAME" >/dev/null
        ovsm_agent_up "$host" "$display"
        display=$((display + 50))
    done
    for host in "${TB_SERVERS[@]}"; do
        ovsm_config "$host" '/vsmserver/terminalservers=agent1 agent2' >/dev/null
        ovsm_config "$host" /vsmserver/HA/enabled=1 >/dev/null
        ovsm_config "$host" "/vsmserver/HA/nodes=tlha-primary.$TB_DOMAIN tlha-secondary.$TB_DOMAIN" >/dev/null
        if [ -n "${TB_SYNC_TIMEOUT:-}" ]; then
            ovsm_config "$host" "/vsmserver/HA/sync_timeout=$TB_SYNC_TIMEOUT" >/dev/null
        fi
        ovsm_start "$host" vsmserver
    done
    ssh_start tlha-primary
    ssh_copy_host_keys tlha-primary tlha-secondary
    for host in "${TB_SERVERS[@]}"; do
        tb_wait_for "ovsm_reaches_agents $host" 20 ||
            tb_die "vsmserver on $host does not reach both agents: $(ovsm_tlctl "$host" load list 2>&1)"
    done
    for host in "${TB_SERVERS[@]}"; do
        ha_start_keepalived "$host"
    done
    tb_wait_for "ha_resource_on tlha-primary" 20 ||
        tb_die "the resource IP did not come to tlha-primary (on: '$(ha_resource_holders)')"
    ssh_keyscan tlha-primary tlha-secondary agent1 agent2 "$TB_RESOURCE_NAME"
    tb_log "OpenVSM cluster up: $TB_RESOURCE_NAME on tlha-primary"
}

# ovsm_reaches_agents HOST : HOST's vsmserver reaches agent1 and agent2 (`tlctl load list`).
ovsm_reaches_agents() {
    local load host
    load=$(ovsm_tlctl "$1" load list 2>/dev/null) || return 1
    for host in agent1 agent2; do
        grep -qE "^$host( |:).* yes\$" <<<"$load" || return 1
    done
}

# ovsm_ha_field HOST KEY : one scalar of `tlctl ha status --json` on HOST ("" if absent).
ovsm_ha_field() {
    ovsm_tlctl "$1" ha status --json 2>/dev/null |
        sed -n "s/^ *\"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" | head -n 1
}
