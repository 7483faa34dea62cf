#!/bin/bash
# shellcheck disable=SC2016 # tb_wait_for evaluates its condition strings itself
# cluster_drill: the failover drill (issue 7) end to end in the namespace test bed
# (packaging/dev/cluster/lib.sh) with the real programs of the build: two VSM servers tlha-primary and
# tlha-secondary (HA on, resource_address = the resource IP), keepalived on both with the REAL
# health check (`tlctl ha health`, TB_HEALTH=auto), one VSM agent (agent1) running real
# sessions (Xvnc), and the client host.
#
#   1. `tlctl ha step-down` on a node makes its `tlctl ha health` "not fit" (and
#      `tlctl ha status` says so); `--seconds 0` ends it
#   2. sessions for a few users, replicated to the secondary
#   3. `tlctl --node tlha-primary --node tlha-secondary ha drill --move-back --json` from the
#      client host: the resource IP moves to the secondary, every session is present and
#      verified there, it moves back; the timeline is printed and the JSON report says so
#   4. both nodes are fit again afterwards, the resource IP is on the primary
#   5. the console's drill page (tests/gui/tst_drillpage, offscreen) runs the same drill from
#      the client host (skipped with a note when that test is not built)
#      (OPENVSM_DRILL_SCREENSHOT=FILE: a PNG of the page after the drill, for gui/README.md)
#   6. keepalived stopped on the secondary: a drill fails with "peer did not take over", ends
#      the primary's step-down, and the primary holds the resource IP again
#
# Exit codes: 0 passed, 1 failed (the reason, then every log's tail), 77 skipped (not root,
# no namespaces, no Xvnc).
set -euo pipefail
# shellcheck source=packaging/dev/cluster/lib.sh
source "$(dirname "$0")/../../packaging/dev/cluster/lib.sh"

tb_require_root
if ! command -v Xvnc >/dev/null || ! command -v runuser >/dev/null; then
    echo "SKIP: needs Xvnc (tigervnc-standalone-server) and runuser (util-linux)" >&2
    exit 77
fi
for prog in vsmagent vsmserver tl-config tlctl tl-session-helper; do
    if [ -z "$TB_BIN" ] || [ ! -x "$TB_BIN/$prog" ]; then
        tb_die "\$OPENVSM_BUILD_BIN/$prog is not built (OPENVSM_BUILD_BIN='$TB_BIN')"
    fi
done
ovsm_has_ha || tb_die "$TB_BIN/tlctl has no 'tlctl ha health'"

export TB_HEALTH=auto TB_PREEMPT=preempt
SERVERS=(tlha-primary tlha-secondary)
PASSWORD="drill-$$-$RANDOM-password"

# --- helpers of this script (lib.sh is shared; these stay here) -----------------------------

dr_tlctl() { # dr_tlctl HOST ARGS... : the build's tlctl on HOST, against that host's vsmserver
    local host=$1
    shift
    tb_exec "$host" "$TB_BIN/tlctl" "$@"
}

dr_ha_field() { # dr_ha_field HOST KEY : one scalar of `tlctl ha status --json` on HOST
    dr_tlctl "$1" ha status --json 2>/dev/null |
        sed -n "s/^ *\"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" | head -n 1
}

dr_reaches_agent() { # dr_reaches_agent HOST : HOST's vsmserver reaches agent1
    dr_tlctl "$1" load list 2>/dev/null | grep -qE '^agent1( |:).* yes$'
}

dr_has_session() { # dr_has_session HOST ID
    dr_tlctl "$1" session list --json 2>/dev/null | grep -q "\"id\": \"$2\""
}

# dr_client_tlctl ARGS... : tlctl on the client host, with the admin password from a 0600 file
# and the pinned certificates in the run folder (never root's real ~/.config).
dr_client_tlctl() {
    tb_exec client env "HOME=$TB_RUN/client" "XDG_CONFIG_HOME=$TB_RUN/client/config" \
        "OPENVSM_ADMIN_PASSWORD_FILE=$TB_RUN/client/admin-password" "$TB_BIN/tlctl" "$@"
}

net_up
mkdir -p "$TB_RUN/client/config" "$TB_RUN/bin"
( umask 077 && printf '%s\n' "$PASSWORD" >"$TB_RUN/client/admin-password" )
# Programs the session users run: out of a build tree's 0700 home folder.
install -m 0755 "$TB_BIN/tl-session-helper" "$TB_RUN/bin/tl-session-helper"
printf '#!/bin/sh\nexec sleep 86400\n' >"$TB_RUN/xsession"
chmod 0755 "$TB_RUN/xsession"

# --- the cluster --------------------------------------------------------------------------
ovsm_config agent1 '/vsmagent/allowed_clients=tlha-primary tlha-secondary' >/dev/null
ovsm_config agent1 "/vsmagent/master_hostname=$TB_RESOURCE_NAME" >/dev/null
ovsm_config agent1 /vsmagent/agent_hostname=agent1 >/dev/null
ovsm_config agent1 "/vsmagent/xsession_script=$TB_RUN/xsession" >/dev/null
# All namespaces share /tmp (X displays' lock files): a display range of this run's own.
display=$((700 + ($$ % 20) * 10))
ovsm_config agent1 "/vsmagent/display_min=$display" >/dev/null
ovsm_config agent1 "/vsmagent/display_max=$((display + 9))" >/dev/null
ovsm_start agent1 vsmagent
tb_wait_for "net_listening agent1 904" 15 || tb_die "vsmagent on agent1 does not listen on 904"
for server in "${SERVERS[@]}"; do
    ovsm_config "$server" /vsmserver/terminalservers=agent1 >/dev/null
    ovsm_config "$server" /vsmserver/HA/enabled=1 >/dev/null
    ovsm_config "$server" "/vsmserver/HA/nodes=tlha-primary.$TB_DOMAIN tlha-secondary.$TB_DOMAIN" >/dev/null
    ovsm_config "$server" "/vsmserver/HA/resource_address=$TB_RESOURCE_IP" >/dev/null
    # The admin password, as an administrator sets it: one line on stdin, never in argv.
    printf '%s\n' "$PASSWORD" | tb_exec "$server" "$TB_BIN/tlctl" admin set-password >/dev/null ||
        tb_die "tlctl admin set-password failed on $server"
    ovsm_start "$server" vsmserver
done
for server in "${SERVERS[@]}"; do
    tb_wait_for '[ "$(dr_ha_field '"$server"' active)" = true ] && [ "$(dr_ha_field '"$server"' link)" = up ]' 20 ||
        tb_die "HA on $server is not on with the link up: $(dr_tlctl "$server" ha status 2>&1)"
    tb_wait_for "dr_reaches_agent $server" 20 || tb_die "vsmserver on $server does not reach agent1"
    tb_wait_for "net_listening $server 9002" 10 || tb_die "the admin API of $server does not listen on 9002"
done
for server in "${SERVERS[@]}"; do
    ha_start_keepalived "$server"
done
tb_wait_for 'ha_resource_on tlha-primary && [ "$(dr_ha_field tlha-primary role)" = MASTER ]' 30 ||
    tb_die "the resource IP did not settle on tlha-primary (on: '$(ha_resource_holders)')"
tb_log "tlha is on tlha-primary"

# --- 1: tlctl ha step-down ------------------------------------------------------------------
dr_tlctl tlha-secondary ha health >/dev/null || tb_die "tlha-secondary is not fit before the step-down test"
dr_tlctl tlha-secondary ha step-down --seconds 20 >/dev/null
rc=0
err=$(dr_tlctl tlha-secondary ha health 2>&1 >/dev/null) || rc=$?
[ "$rc" -eq 1 ] || tb_die "tlctl ha health after a step-down: exit $rc, want 1"
[[ $err == *"not fit to serve: stepping down for a failover drill ("*" s left)"* ]] ||
    tb_die "tlctl ha health after a step-down says '$err'"
dr_tlctl tlha-secondary ha status | grep -q '^stepping down: *yes' ||
    tb_die "tlctl ha status does not show the step-down: $(dr_tlctl tlha-secondary ha status)"
dr_tlctl tlha-secondary ha step-down --seconds 0 >/dev/null
dr_tlctl tlha-secondary ha health >/dev/null || tb_die "tlha-secondary is not fit after ending the step-down"
grep -q "stepping down for a failover drill" "$(tb_host_dir tlha-secondary)/vsmserver.log" ||
    tb_die "vsmserver on tlha-secondary did not log the step-down"
# keepalived's health check may have seen it: wait until the secondary is a fit BACKUP again.
tb_wait_for '[ "$(ha_engine_state tlha-secondary)" = BACKUP ] && ha_resource_on tlha-primary' 20 ||
    tb_die "after the step-down test: secondary '$(ha_engine_state tlha-secondary)', IP on '$(ha_resource_holders)'"
tb_log "step-down: health not fit with the reason, status shows it, --seconds 0 ends it"

# --- 2: sessions ----------------------------------------------------------------------------
users=(ovdra$$ ovdrb$$ ovdrc$$)
ids=()
for user in "${users[@]}"; do
    ssh_make_user "$user"
    helper_out=$(tb_exec tlha-primary runuser -u "$user" -- "$TB_RUN/bin/tl-session-helper" get) ||
        tb_die "tl-session-helper get as $user on tlha-primary: $helper_out"
    id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$helper_out")
    [ -n "$id" ] || tb_die "no session id in '$helper_out'"
    ids+=("$id")
done
for id in "${ids[@]}"; do
    tb_wait_for "dr_has_session tlha-secondary $id" 10 || tb_die "session $id was not replicated to tlha-secondary"
done
tb_log "sessions ${ids[*]} on both nodes"

# --- 3: the drill through tlctl --node ------------------------------------------------------
report=$TB_RUN/client/drill.json
rc=0
dr_client_tlctl --node tlha-primary --node tlha-secondary --accept-new-fingerprint ha drill --move-back --json \
    --report "$report" >"$TB_RUN/client/drill.out" 2>"$TB_RUN/client/drill.err" || rc=$?
tb_log "tlctl ha drill (exit $rc), timeline:"
grep -E '^\+ *[0-9]+ ms  ' "$TB_RUN/client/drill.err" | sed 's/^/    /' >&2 || true
[ "$rc" -eq 0 ] || tb_die "tlctl ha drill failed (exit $rc): $(cat "$TB_RUN/client/drill.err")"
timeline=$(grep -E '^\+ *[0-9]+ ms  ' "$TB_RUN/client/drill.err") || tb_die "the drill printed no timeline"
[[ $timeline == *"active is tlha-primary (${#ids[@]} sessions)"* ]] || tb_die "timeline: no active line: $timeline"
[[ $timeline == *"tlha-secondary holds $TB_RESOURCE_IP"* ]] || tb_die "timeline: the IP did not move: $timeline"
[[ $timeline == *"tlha-secondary is MASTER (notify hook)"* ]] || tb_die "timeline: the secondary never became MASTER: $timeline"
[[ $timeline == *"all ${#ids[@]} sessions present on tlha-secondary"* ]] || tb_die "timeline: sessions: $timeline"
[[ $timeline == *"all ${#ids[@]} sessions verified alive with their agents by tlha-secondary"* ]] ||
    tb_die "timeline: verification: $timeline"
[[ $timeline == *"tlha-primary holds $TB_RESOURCE_IP"* ]] || tb_die "timeline: did not move back: $timeline"
[[ $timeline == *"all ${#ids[@]} sessions verified alive with their agents by tlha-primary"* ]] ||
    tb_die "timeline: verification after moving back: $timeline"
# stdout is the JSON report, the same as the --report file.
grep -q '"ok": true' "$TB_RUN/client/drill.out" || tb_die "JSON report does not say ok: $(cat "$TB_RUN/client/drill.out")"
cmp -s "$TB_RUN/client/drill.out" "$report" || tb_die "--report file differs from the printed report"
for id in "${ids[@]}"; do
    grep -q "\"$id\"" "$report" || tb_die "the report does not list session $id"
done
# Its header: date, cluster (the resource IP; tlctl knows no resource name), both nodes with
# their versions, the result.
for field in '"date": "20' "\"cluster\": \"$TB_RESOURCE_IP\"" '"node": "tlha-secondary"' '"version": "' '"result": "passed"'; do
    grep -qF "$field" "$report" || tb_die "the report's header lacks $field: $(head -c 2000 "$report")"
done
# keepalived saw it too: the notify hook made the secondary MASTER on the way.
grep -q "MASTER" "$(tb_host_dir tlha-secondary)/keepalived.log" ||
    tb_die "keepalived on tlha-secondary never became MASTER"

# --- 4: the cluster is as before ------------------------------------------------------------
ha_resource_on tlha-primary || tb_die "after the drill the resource IP is on '$(ha_resource_holders)'"
for server in "${SERVERS[@]}"; do
    dr_tlctl "$server" ha health >/dev/null || tb_die "$server is not fit after the drill: $(dr_tlctl "$server" ha health 2>&1)"
    for id in "${ids[@]}"; do
        dr_has_session "$server" "$id" || tb_die "$server lost session $id"
    done
done
tb_log "drill via tlctl passed: $(grep -o '"total_ms": [0-9]*' "$report")"

# --- 5: the console's drill page from the client host ---------------------------------------
gui_test=${OPENVSM_DRILL_GUI_TEST:-$TB_BIN/../tests/gui/tst_drillpage}
if [ -x "$gui_test" ]; then
    # keepalived must see the primary fit for a few checks before the next drill.
    tb_wait_for '[ "$(ha_engine_state tlha-primary)" = MASTER ] && [ "$(ha_engine_state tlha-secondary)" = BACKUP ]' 20 ||
        tb_die "before the console drill: states '$(ha_engine_state tlha-primary)' '$(ha_engine_state tlha-secondary)'"
    sleep 3
    rc=0
    tb_exec client env "HOME=$TB_RUN/client" QT_QPA_PLATFORM=offscreen \
        "OPENVSM_ADMIN_PASSWORD_FILE=$TB_RUN/client/admin-password" \
        "OPENVSM_DRILL_NODES=tlha-primary tlha-secondary" "OPENVSM_DRILL_REPORT=$TB_RUN/client/console-drill.json" \
        "OPENVSM_DRILL_SCREENSHOT=${OPENVSM_DRILL_SCREENSHOT:-}" \
        "$gui_test" >"$TB_RUN/client/console-drill.log" 2>&1 || rc=$?
    grep -E '^\+ *[0-9]+ ms  |drill (passed|FAILED)' "$TB_RUN/client/console-drill.log" | sed 's/^/    /' >&2 || true
    [ "$rc" -eq 0 ] || tb_die "the console's drill page failed (exit $rc): $(tail -n 30 "$TB_RUN/client/console-drill.log")"
    ha_resource_on tlha-primary || tb_die "after the console drill the resource IP is on '$(ha_resource_holders)'"
    tb_log "console drill page passed: $(grep -o '"total_ms": [0-9]*' "$TB_RUN/client/console-drill.json")"
else
    tb_log "NOT RUN: the console's drill page ($gui_test is not built)"
fi
# --- 6: a drill that cannot pass fails cleanly ------------------------------------------------
# Without keepalived on the secondary nobody takes the resource IP over: the drill must say so,
# end the primary's step-down, and the primary must hold the IP again afterwards.
ha_stop_keepalived tlha-secondary
tb_wait_for '[ "$(ha_engine_state tlha-primary)" = MASTER ] && ha_resource_on tlha-primary' 20 ||
    tb_die "before the failing drill: tlha not on tlha-primary ('$(ha_resource_holders)')"
rc=0
dr_client_tlctl --node tlha-primary --node tlha-secondary ha drill \
    >"$TB_RUN/client/drill-fail.out" 2>"$TB_RUN/client/drill-fail.err" || rc=$?
sed 's/^/    /' "$TB_RUN/client/drill-fail.out" >&2
[ "$rc" -eq 1 ] || tb_die "a drill without keepalived on the peer: exit $rc, want 1"
grep -q "FAILED: peer did not take over: tlha-secondary does not hold $TB_RESOURCE_IP" "$TB_RUN/client/drill-fail.out" ||
    tb_die "the failing drill does not say the peer did not take over: $(cat "$TB_RUN/client/drill-fail.out")"
grep -q "tlha-primary's step-down ended" "$TB_RUN/client/drill-fail.out" ||
    tb_die "the failing drill did not end the primary's step-down"
dr_tlctl tlha-primary ha health >/dev/null || tb_die "tlha-primary is not fit after the failed drill"
tb_wait_for "ha_resource_on tlha-primary" 20 || tb_die "tlha-primary did not take the resource IP back after the failed drill"
tb_log "PASS: failover drill"
