#!/bin/bash
# shellcheck disable=SC2016 # tb_wait_for evaluates its condition strings itself
# cluster_console: tl-console (the real openvsm_console classes, offscreen) against the namespace
# HA cluster (ovsm_cluster_up of packaging/dev/cluster: tlha-primary and tlha-secondary with HA,
# keepalived with the real health check and the notify hook, HA/resource_address = the resource
# IP, agent1 and agent2) with a few real sessions (Xvnc), run from the client host:
# tests/gui/tst_consolecluster pulls the primary's cable and plugs it back, changes
# terminalservers with `tlctl --node` and an agent's master_hostname with tl-config + SIGHUP,
# ends and starts a session through the primary, and checks what the open console shows, and how
# fast (see that file).
#
# One cluster start for the whole test (about 60 s); the EXIT trap removes namespaces, processes
# and users, also when it fails. CONSOLE_SCREENSHOTS=DIR also writes the console's README
# screenshots (overview, sessions, agents, configuration) to DIR at the end (gui/README.md).
#
#   console.sh ctl ACTION...   what the Qt test asks of the bed (through $TB_RUN/ctl):
#     pull | plug                            the primary's cable
#     terminalservers NODE ENTRY...          tlctl --node NODE terminalservers set, from the client
#     agent-config AGENT PARAM=VALUE...      tl-config on AGENT, then SIGHUP to its vsmagent
#     session-end USER                       tlctl session terminate --user USER on the primary
#     session-start USER                     tl-session-helper get as USER on the primary
#
# Exit codes: 0 passed, 1 failed (the reason, then every log's tail), 77 skipped (not root, no
# namespaces, no Xvnc).
set -euo pipefail
# shellcheck source=packaging/dev/cluster/lib.sh
source "$(dirname "$0")/../../packaging/dev/cluster/lib.sh"

con_client_tlctl() { # tlctl on the client host, password from a 0600 file, certificates pinned in the run
    tb_exec client env "HOME=$TB_RUN/client" "XDG_CONFIG_HOME=$TB_RUN/client/config" \
        "OPENVSM_ADMIN_PASSWORD_FILE=$TB_RUN/client/admin-password" "$TB_BIN/tlctl" "$@"
}

# --- the control command (a test bed set up by this script, TB_PREFIX given) -----------------
if [ "${1:-}" = ctl ]; then
    shift
    action=${1:-}
    shift || true
    case "$action" in
    pull) net_cable_pull tlha-primary ;;
    plug) net_cable_plug tlha-primary ;;
    terminalservers)
        node=$1
        shift
        con_client_tlctl --node "$node" --accept-new-fingerprint terminalservers set "$@"
        ;;
    agent-config)
        agent=$1
        shift
        ovsm_config "$agent" "$@"
        pid=$(ovsm_pid "$agent" vsmagent) || tb_die "vsmagent on $agent does not run"
        kill -HUP "$pid"
        ;;
    session-end) # USER: the user's sessions terminated through the primary's tlctl
        ovsm_tlctl tlha-primary session terminate --user "$1" -y
        ;;
    session-start) # USER: a new session for USER through the primary, as tlclient's helper asks
        tb_exec tlha-primary runuser -u "$1" -- "$TB_RUN/bin/tl-session-helper" get
        ;;
    *) tb_die "console.sh ctl: unknown action '$action' (pull, plug, terminalservers, agent-config," \
        "session-end, session-start)" ;;
    esac
    exit 0
fi

tb_require_root
if ! command -v Xvnc >/dev/null || ! command -v runuser >/dev/null; then
    echo "SKIP: needs Xvnc (tigervnc-standalone-server) and runuser (util-linux)" >&2
    exit 77
fi
gui_test=${OPENVSM_CONSOLE_GUI_TEST:-$TB_BIN/../tests/gui/tst_consolecluster}
for prog in vsmagent vsmserver tl-config tlctl tl-session-helper; do
    [ -x "${TB_BIN:-/nonexistent}/$prog" ] || tb_die "\$OPENVSM_BUILD_BIN/$prog is not built (OPENVSM_BUILD_BIN='$TB_BIN')"
done
[ -x "$gui_test" ] || tb_die "$gui_test is not built (cmake --build build --target tst_consolecluster)"
ovsm_has_ha || tb_die "$TB_BIN/tlctl has no 'tlctl ha health'"

export TB_HEALTH=auto TB_PREEMPT=preempt
# All namespaces share /tmp (X displays' lock files): displays of this run's own.
export TB_DISPLAY_BASE=$((1000 + ($$ % 20) * 100))
PASSWORD="console-$$-$RANDOM-password"
started=$(tb_now_ms)

net_up
mkdir -p "$TB_RUN/client/config"
(umask 077 && printf '%s\n' "$PASSWORD" >"$TB_RUN/client/admin-password")
for server in "${TB_SERVERS[@]}"; do
    ovsm_config "$server" "/vsmserver/HA/resource_address=$TB_RESOURCE_IP" >/dev/null
    # The admin password, as an administrator sets it: one line on stdin, never in argv.
    printf '%s\n' "$PASSWORD" | tb_exec "$server" "$TB_BIN/tlctl" admin set-password >/dev/null ||
        tb_die "tlctl admin set-password failed on $server"
done
ovsm_cluster_up
for server in "${TB_SERVERS[@]}"; do
    tb_wait_for '[ "$(ovsm_ha_field '"$server"' link)" = up ]' 20 ||
        tb_die "the replication link of $server is not up: $(ovsm_tlctl "$server" ha status 2>&1)"
    tb_wait_for "net_listening $server 9002" 10 || tb_die "the admin API of $server does not listen on 9002"
done
tb_wait_for '[ "$(ovsm_ha_field tlha-primary role)" = MASTER ] && [ "$(ha_engine_state tlha-secondary)" = BACKUP ]' 20 ||
    tb_die "tlha-primary is not MASTER with tlha-secondary BACKUP"

# A few sessions (real Xvnc on the agents), replicated to the secondary.
users=(ovcna$$ ovcnb$$ ovcnc$$)
for user in "${users[@]}"; do
    ssh_make_user "$user"
    helper_out=$(tb_exec tlha-primary runuser -u "$user" -- "$TB_RUN/bin/tl-session-helper" get) ||
        tb_die "tl-session-helper get as $user on tlha-primary: $helper_out"
    id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$helper_out")
    [ -n "$id" ] || tb_die "no session id in '$helper_out'"
    tb_wait_for "ovsm_tlctl tlha-secondary session list --json 2>/dev/null | grep -q '\"id\": \"$id\"'" 10 ||
        tb_die "session $id was not replicated to tlha-secondary"
done
tb_log "cluster up with ${#users[@]} sessions in $(($(tb_now_ms) - started)) ms"

# The control command the Qt test runs (from the client host) for this bed.
printf '#!/bin/sh\nexec env TB_PREFIX=%q TB_NO_TRAP=1 OPENVSM_BUILD_BIN=%q OPENVSM_SOURCE_DIR=%q bash %q ctl "$@"\n' \
    "$TB_PREFIX" "$TB_BIN" "$TB_SRC" "$TB_SRC/tests/cluster/console.sh" >"$TB_RUN/ctl"
chmod 0700 "$TB_RUN/ctl"
shots=""
if [ -n "${CONSOLE_SCREENSHOTS:-}" ]; then
    shots=$TB_RUN/client/screenshots
fi

rc=0
tb_exec client env "HOME=$TB_RUN/client" QT_QPA_PLATFORM=offscreen \
    "OPENVSM_ADMIN_PASSWORD_FILE=$TB_RUN/client/admin-password" \
    "OPENVSM_CLUSTER_NODES=${TB_SERVERS[*]}" "OPENVSM_CLUSTER_AGENTS=agent1 agent2" \
    "OPENVSM_CLUSTER_SESSIONS=${#users[@]}" "OPENVSM_CLUSTER_USERS=${users[*]}" "OPENVSM_CLUSTER_CTL=$TB_RUN/ctl" \
    "OPENVSM_CONSOLE_SCREENSHOTS=$shots" \
    "$gui_test" >"$TB_RUN/client/console.log" 2>&1 || rc=$?
grep -E '^(PASS|FAIL|XFAIL|SKIP|QINFO|QWARN|Totals)|   Loc: ' "$TB_RUN/client/console.log" |
    grep -v 'does not support propagateSizeHints' | sed 's/^/    /' >&2 || true
[ "$rc" -eq 0 ] || tb_die "tst_consolecluster failed (exit $rc): $(tail -n 40 "$TB_RUN/client/console.log")"
if [ -n "$shots" ]; then
    mkdir -p "$CONSOLE_SCREENSHOTS"
    for page in overview sessions agents configuration; do
        cp "$shots/$page.png" "$CONSOLE_SCREENSHOTS/$page.png"
    done
    tb_log "screenshots written to $CONSOLE_SCREENSHOTS"
fi
tb_log "PASS: the console against the HA cluster ($(($(tb_now_ms) - started)) ms in all)"
