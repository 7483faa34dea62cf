#!/bin/bash
# shellcheck disable=SC2016 # tb_wait_for evaluates its condition strings itself
# cluster_ha_setup: tl-ha-setup (the setup wizard's command line, issue 13) against two real VSM
# servers and two real agents in the namespace test bed (packaging/dev/cluster/lib.sh), run from the
# client host over both nodes' admin API, as an administrator would:
#
#   1. a bare pair with the two mistakes the seed warns about: tlha-secondary's own name resolves
#      to 127.0.1.1 on tlha-secondary (Debian's default /etc/hosts line, in its /etc/hosts in the
#      bed) and the two nodes have different sshd host keys. `tl-ha-setup --json --dry-run`
#      exits 1, reports both by id (names.loopback naming the /etc/hosts line, sshkeys.differ
#      with the action sshkeys.copy) and changes nothing (every file it could touch has the same
#      digest afterwards); --report writes the text and JSON reports. `--yes` then copies the
#      primary's host keys to the secondary over the admin API (0600/0644 root, the old ones in
#      openvsm-backup-*, no private key in any log or report), sshd there is reloaded (same
#      process; ssh-keyscan shows the primary's key), the /etc/hosts line is still reported and
#      never edited (every other file's digest unchanged), exit 1
#   2. the same pair with right names (and the host keys --yes copied), with what tl-ha-setup
#      fixes: HA off, the secondary's configuration different (max_sessions_per_user, terminalservers), agents whose
#      allowed_clients name only the primary and that have no master_hostname.
#      `--dry-run` proposes the actions (config.copy, agents.trust) and changes nothing (digest);
#      keepalived runs on both nodes, installed but not configured (global_defs only). `--yes`
#      applies the actions, then enables HA on both (restarting vsmserver through the admin
#      API), waits for the link, then installs each node's generated keepalived.conf (its own
#      hook commands, checked by keepalived -t, 0600, the old file kept) and reloads keepalived
#      (SIGHUP, the same process), waits until the resource IP is on the primary, and reports
#      everything fine (exit 0, ha.enabled with the HA status of both, keepalived.same, no
#      warning). Before HA, step 6 rolled out a new cluster key (clusterkey.distribute): the same
#      key file (0600) on both nodes and both agents, first not required, vsmserver restarted on
#      the secondary then the primary, every link checked to use it, then required and the same
#      restarts; afterwards the replication link and every agent link use it (clusterkey.same),
#      and the secret is in no log and no report; a second `--yes` proposes nothing and changes
#      nothing (digest);
#      `--yes --drill` runs the failover drill (move-back) on the keepalived tl-ha-setup
#      configured and its timeline is in the saved report (step 9); `tlclient --check` through
#      tlha works; the primary's cable pulled, the same session through tlha (now the
#      secondary) with StrictHostKeyChecking=yes, the client knowing tlha's key from the
#      primary only
#
# With OPENVSM_SETUP_FRONTEND=gui (CTest cluster_ha_setup_gui) the fixes of both parts are made
# by the setup wizard's window instead of `--yes`: tests/gui/tst_wizardcluster, offscreen on the
# client host, logs in on its nodes page, applies every step page's actions and saves the report
# from its Report page; every check after that is the same, so both front ends must leave the
# pair in the same state.
#
# Exit codes: 0 passed, 1 failed (the reason, then every log's tail), 77 skipped (not root, no
# namespaces).
set -euo pipefail
# shellcheck source=packaging/dev/cluster/lib.sh
source "$(dirname "$0")/../../packaging/dev/cluster/lib.sh"

tb_require_root
for prog in vsmserver tl-config tlctl tl-ha-setup; do
    if [ -z "$TB_BIN" ] || [ ! -x "$TB_BIN/$prog" ]; then
        tb_die "\$OPENVSM_BUILD_BIN/$prog is not built (OPENVSM_BUILD_BIN='$TB_BIN')"
    fi
done

FRONTEND=${OPENVSM_SETUP_FRONTEND:-cli}
wizard_test=${OPENVSM_WIZARD_GUI_TEST:-$TB_BIN/../tests/gui/tst_wizardcluster}
case $FRONTEND in
cli) ;;
gui) [ -x "$wizard_test" ] || tb_die "$wizard_test is not built (cmake --build build --target tst_wizardcluster)" ;;
*) tb_die "OPENVSM_SETUP_FRONTEND='$FRONTEND': give cli or gui" ;;
esac

SERVERS=(tlha-primary tlha-secondary)
PASSWORD="setup-$$-$RANDOM-password"
HA_NODES="tlha-primary.$TB_DOMAIN tlha-secondary.$TB_DOMAIN"
OUT=$TB_RUN/client/setup.json

# hs_setup ARGS... : tl-ha-setup on the client host against both nodes, the admin password from a
# 0600 file, pinned certificates in the run folder; stdout to $OUT, the exit code in HS_RC.
hs_setup() {
    HS_RC=0
    tb_exec client env "HOME=$TB_RUN/client" "XDG_CONFIG_HOME=$TB_RUN/client/config" \
        "OPENVSM_ADMIN_PASSWORD_FILE=$TB_RUN/client/admin-password" "$TB_BIN/tl-ha-setup" \
        --node tlha-primary --node tlha-secondary --ha-nodes "$HA_NODES" --accept-new-fingerprint \
        "$@" >"$OUT" 2>"$TB_RUN/client/setup.err" || HS_RC=$?
}

# hs_fix : the fixes, by `tl-ha-setup --yes` or (gui) by the setup wizard's window; the
# report in $OUT (JSON) and $TB_RUN/client/fixed.txt/.json, the progress in setup.err, HS_RC as
# tl-ha-setup's exit code would be.
hs_fix() {
    if [ "$FRONTEND" = cli ]; then
        hs_setup --json --yes --report "$TB_RUN/client/fixed"
        return
    fi
    HS_RC=0
    local log=$TB_RUN/client/wizard.log
    tb_exec client env "HOME=$TB_RUN/client" "XDG_CONFIG_HOME=$TB_RUN/client/config" QT_QPA_PLATFORM=offscreen \
        "OPENVSM_ADMIN_PASSWORD_FILE=$TB_RUN/client/admin-password" \
        "OPENVSM_CLUSTER_NODES=tlha-primary tlha-secondary" "OPENVSM_WIZARD_HA_NODES=$HA_NODES" \
        "OPENVSM_WIZARD_REPORT=$TB_RUN/client/fixed" "$wizard_test" >"$log" 2>"$TB_RUN/client/setup.err" ||
        tb_die "the setup wizard failed: $(grep -E '^(FAIL|   Loc)' "$log") $(tail -n 30 "$TB_RUN/client/setup.err")"
    grep -qF 'PASS   : TestWizardCluster::applyEveryAction()' "$log" || tb_die "the setup wizard did not run: $(cat "$log")"
    cp "$TB_RUN/client/fixed.json" "$OUT"
    grep -qF '"all_fine": true' "$OUT" || HS_RC=1
}

# hs_has LEVEL ID : the JSON report has a finding ID of LEVEL (error, warning, ok).
hs_has() {
    grep -A1 -F "\"id\": \"$2\"" "$OUT" >/dev/null || return 1
    # Findings are printed with their keys sorted: id, level, text.
    grep -A1 -F "\"id\": \"$2\"" "$OUT" | grep -qF "\"level\": \"$1\""
}

# hs_digest : digests of every file tl-ha-setup could change on the servers and the agents
# (configuration, /etc/hosts, sshd host keys), one line each.
hs_digest() {
    local host
    for host in "${SERVERS[@]}" agent1 agent2; do
        find "$(tb_host_root "$host")/etc" "/etc/netns/$(tb_ns "$host")" -type f -print0 | sort -z |
            xargs -0 sha256sum
    done
}

# hs_changed : the JSON report's summary says whether tl-ha-setup changed something: true|false.
hs_changed() {
    sed -n 's/^ *"changed": \(true\|false\).*/\1/p' "$OUT" | tail -n 1
}

net_up
mkdir -p "$TB_RUN/client/config"
(umask 077 && printf '%s\n' "$PASSWORD" >"$TB_RUN/client/admin-password")

# --- 1: a bare pair with the seed's two silent mistakes ------------------------------------
ns=$(tb_ns tlha-secondary)
sed -i "/^::1 /a 127.0.1.1 tlha-secondary.$TB_DOMAIN tlha-secondary" "/etc/netns/$ns/hosts"
loopback_line=$(grep -n '^127.0.1.1 ' "/etc/netns/$ns/hosts" | cut -d: -f1)
for server in "${SERVERS[@]}"; do
    ovsm_config "$server" '/vsmserver/terminalservers=agent1 agent2' >/dev/null
    printf '%s\n' "$PASSWORD" | tb_exec "$server" "$TB_BIN/tlctl" admin set-password >/dev/null ||
        tb_die "tlctl admin set-password failed on $server"
    ovsm_start "$server" vsmserver
    ssh_start "$server" # each with a host key of its own
done
for server in "${SERVERS[@]}"; do
    tb_wait_for "net_listening $server 9002" 15 || tb_die "vsmserver on $server does not listen on 9002"
done
before=$(hs_digest)
hs_setup --json --dry-run --report "$TB_RUN/client/report"
[ "$HS_RC" -eq 1 ] || tb_die "tl-ha-setup on the bare pair exited $HS_RC, expected 1: $(cat "$OUT")"
hs_has error names.loopback || tb_die "no names.loopback error: $(cat "$OUT")"
grep -qF "/etc/hosts:$loopback_line: 127.0.1.1 tlha-secondary.$TB_DOMAIN tlha-secondary" "$OUT" ||
    tb_die "names.loopback does not name /etc/hosts line $loopback_line: $(cat "$OUT")"
hs_has error sshkeys.differ || tb_die "no sshkeys.differ error: $(cat "$OUT")"
grep -qF '"id": "sshkeys.copy"' "$OUT" || tb_die "copying the host keys is not proposed: $(cat "$OUT")"
hs_has ok config.identical || tb_die "the identical configuration is not reported so: $(cat "$OUT")"
[ "$(hs_digest)" = "$before" ] || tb_die "tl-ha-setup --dry-run changed a file on a server"
grep -qF '[sshkeys.differ]' "$TB_RUN/client/report.txt" || tb_die "report.txt lacks sshkeys.differ"
grep -qF '"id": "names.loopback"' "$TB_RUN/client/report.json" || tb_die "report.json lacks names.loopback"
grep -qF 'something needs fixing. Nothing was changed.' "$TB_RUN/client/report.txt" ||
    tb_die "report.txt has no summary: $(cat "$TB_RUN/client/report.txt")"

# --yes copies the primary's host keys to the secondary (the one thing here it fixes itself) and
# reloads its sshd; the /etc/hosts line stays reported, never edited.
keys_p=$(ssh_host_keys tlha-primary) keys_s=$(ssh_host_keys tlha-secondary)
old_pub=$(cat "$keys_s/ssh_host_ed25519_key.pub")
sshd_pid=$(cat "$(tb_host_dir tlha-secondary)/sshd/pid")
hs_fix
[ "$HS_RC" -eq 1 ] || tb_die "tl-ha-setup --yes ($FRONTEND) on the bare pair exited $HS_RC, expected 1: $(cat "$OUT")"
hs_has error names.loopback || tb_die "no names.loopback error with --yes: $(cat "$OUT")"
hs_has ok sshkeys.same || tb_die "the host keys are not the same after --yes: $(cat "$OUT") $(cat "$TB_RUN/client/setup.err")"
[ "$(hs_digest | grep -vF /etc/ssh/)" = "$(grep -vF /etc/ssh/ <<<"$before")" ] ||
    tb_die "tl-ha-setup --yes changed a file other than the secondary's host keys"
for f in ssh_host_ed25519_key ssh_host_ed25519_key.pub; do
    cmp -s "$keys_p/$f" "$keys_s/$f" || tb_die "$f on tlha-secondary is not the primary's"
done
[ "$(stat -c '%a %U' "$keys_s/ssh_host_ed25519_key" "$keys_s/ssh_host_ed25519_key.pub" | tr '\n' ' ')" = "600 root 644 root " ] ||
    tb_die "the installed host keys' modes: $(stat -c '%n %a %U' "$keys_s"/ssh_host_ed25519_key*)"
[ "$(cat "$keys_s"/openvsm-backup-*/ssh_host_ed25519_key.pub)" = "$old_pub" ] ||
    tb_die "the replaced host key was not kept in $keys_s/openvsm-backup-*"
grep -qF 'sshd host keys' "$(tb_host_dir tlha-secondary)/vsmserver.log" || tb_die "vsmserver did not log the copy"
if grep -qF -- "$(sed -n 4p "$keys_p/ssh_host_ed25519_key")" "$(tb_host_dir tlha-secondary)/vsmserver.log" \
    "$(tb_host_dir tlha-primary)/vsmserver.log" "$TB_RUN/client/setup.err" "$OUT"; then
    tb_die "a private host key reached a log or the report"
fi
# sshd reloaded (SIGHUP: the same process, new keys): the secondary now shows the primary's key.
kill -0 "$sshd_pid" || tb_die "sshd on tlha-secondary is gone after the reload"
primary_key=$(cut -d' ' -f2 "$keys_p/ssh_host_ed25519_key.pub")
hs_scanned() { tb_exec client ssh-keyscan -T 2 -t ed25519 "$1" 2>/dev/null | cut -d' ' -f3; }
tb_wait_for "[ \"\$(hs_scanned tlha-secondary)\" = '$primary_key' ]" 10 ||
    tb_die "ssh-keyscan of tlha-secondary does not show the primary's host key after the copy"
tb_log "bare pair: names.loopback (/etc/hosts line $loopback_line) reported; host keys copied, sshd reloaded"

# --- 2: names and host keys right; HA off, configurations and agents to fix ----------------------
net_hosts_file >"/etc/netns/$ns/hosts"
display=${TB_DISPLAY_BASE:-700}
for agent in agent1 agent2; do
    # Trusts the primary only, no master_hostname: the secondary's calls are refused.
    ovsm_config "$agent" "/vsmagent/allowed_clients=tlha-primary.$TB_DOMAIN" >/dev/null
    ovsm_agent_up "$agent" "$display"
    display=$((display + 50))
done
ovsm_config tlha-secondary '/vsmserver/terminalservers=agent1' >/dev/null
ovsm_config tlha-secondary /vsmserver/max_sessions_per_user=7 >/dev/null
for server in "${SERVERS[@]}"; do
    ovsm_restart "$server" vsmserver
done
for server in "${SERVERS[@]}"; do
    tb_wait_for "net_listening $server 9002" 15 || tb_die "vsmserver on $server does not listen on 9002"
done
tb_wait_for "ovsm_reaches_agents tlha-primary" 20 || tb_die "tlha-primary does not reach both agents"
# keepalived installed and running on both, not configured yet (step 8 installs its file).
for server in "${SERVERS[@]}"; do
    ha_start_keepalived_unconfigured "$server"
done

before=$(hs_digest)
hs_setup --json --dry-run
[ "$HS_RC" -eq 1 ] || tb_die "tl-ha-setup --dry-run exited $HS_RC, expected 1: $(cat "$OUT")"
for id in config.differs agents.untrusted ha.off; do
    hs_has error "$id" || tb_die "no $id error: $(cat "$OUT")"
done
for action in config.copy:/vsmserver/max_sessions_per_user config.copy:/vsmserver/terminalservers \
    agents.trust:agent1 agents.trust:agent2; do
    grep -qF "\"id\": \"$action\"" "$OUT" || tb_die "action $action not proposed: $(cat "$OUT")"
done
# HA is enabled only once the rest is right: not proposed yet.
if grep -qF '"id": "ha.enable"' "$OUT"; then
    tb_die "ha.enable proposed while the configuration differs: $(cat "$OUT")"
fi
[ "$(hs_changed)" = false ] || tb_die "--dry-run says it changed something: $(cat "$OUT")"
[ "$(hs_digest)" = "$before" ] || tb_die "tl-ha-setup --dry-run changed a file"
tb_log "dry run: config.copy, agents.trust proposed, ha.enable held back, nothing changed"

declare -A pids
for server in "${SERVERS[@]}"; do
    pids[$server]=$(ovsm_pid "$server" vsmserver)
done
hs_fix
[ "$HS_RC" -eq 0 ] || tb_die "tl-ha-setup --yes ($FRONTEND) exited $HS_RC, expected 0: $(cat "$OUT") $(cat "$TB_RUN/client/setup.err")"
if grep -qF '"level": "error"' "$OUT"; then
    tb_die "errors after --yes: $(cat "$OUT")"
fi
if grep -qF '"level": "warning"' "$OUT"; then
    tb_die "warnings after --yes: $(cat "$OUT")"
fi
for id in names.resolved identity.complementary sshkeys.same agents.trusted config.identical clusterkey.same \
    ha.enabled keepalived.same; do
    hs_has ok "$id" || tb_die "no $id after --yes: $(cat "$OUT")"
done
[ "$(hs_changed)" = true ] || tb_die "--yes lists no changes: $(cat "$OUT")"
grep -qF 'enable HA on tlha-primary and tlha-secondary' "$OUT" || tb_die "HA was not enabled by --yes: $(cat "$OUT")"
grep -qF 'replication link up' "$OUT" || tb_die "the report does not show the HA status: $(cat "$OUT")"
# Step 8, once HA ran: each node's generated keepalived.conf installed (checked by keepalived -t,
# 0600, the unconfigured one kept), keepalived reloaded by SIGHUP (the same process), and the
# resource IP on the primary before tl-ha-setup went on.
for server in tlha-primary tlha-secondary; do
    grep -qF "install keepalived.conf on $server" "$OUT" || tb_die "keepalived.conf was not installed on $server: $(cat "$OUT")"
done
grep -qF 'tlha-primary:9002 holds the resource IP' "$TB_RUN/client/setup.err" ||
    tb_die "tl-ha-setup did not wait for the resource IP on tlha-primary: $(cat "$OUT") $(cat "$TB_RUN/client/setup.err")"
ha_resource_on tlha-primary || tb_die "the resource IP is not on tlha-primary after --yes (on: '$(ha_resource_holders)')"
for server in "${SERVERS[@]}"; do
    conf=$(tb_host_root "$server")/etc/keepalived/keepalived.conf
    if [ "$server" = tlha-primary ]; then state=MASTER priority=150; else state=BACKUP priority=100; fi
    for line in "state $state " "interface eth0 " "priority $priority " "$TB_RESOURCE_IP/$TB_PREFIX_LEN dev eth0 " \
        "script \"/usr/bin/env OPENVSM_ROOT=$(tb_host_root "$server") $TB_BIN/tlctl ha health\"" \
        "notify \"/usr/bin/env OPENVSM_ROOT=$(tb_host_root "$server") $TB_BIN/openvsm-ha-notify\""; do
        grep -qF -- "$line" "$conf" || tb_die "$conf lacks '$line': $(cat "$conf")"
    done
    [ "$(stat -c '%a %U' "$conf")" = "600 root" ] || tb_die "$conf: mode $(stat -c '%a %U' "$conf")"
    grep -qF global_defs "$conf".openvsm-backup-* || tb_die "the unconfigured keepalived.conf was not kept beside $conf"
    kill -0 "$(cat "$(tb_host_dir "$server")/keepalived/pid")" || tb_die "keepalived on $server is gone after the reload"
    grep -qF 'keepalived.conf installed as' "$(tb_host_dir "$server")/vsmserver.log" ||
        tb_die "vsmserver on $server did not log the installation"
done
max_sessions=$(ovsm_config tlha-primary /vsmserver/max_sessions_per_user)
[ "$(ovsm_config tlha-secondary /vsmserver/max_sessions_per_user)" = "$max_sessions" ] ||
    tb_die "max_sessions_per_user on tlha-secondary is not the primary's ($max_sessions)"
[ "$(ovsm_config tlha-secondary /vsmserver/terminalservers)" = "agent1 agent2" ] ||
    tb_die "terminalservers on tlha-secondary are not the primary's"
for server in "${SERVERS[@]}"; do
    [ "$(ovsm_ha_field "$server" link)" = up ] || tb_die "tlctl ha status on $server: link not up"
    # AdminRestart: the same process started again (re-exec), so a supervisor keeps its pid.
    [ "$(ovsm_pid "$server" vsmserver)" = "${pids[$server]}" ] ||
        tb_die "vsmserver on $server is not the same process after the restart"
    grep -qF 'restarting vsmserver (admin API request)' "$(tb_host_dir "$server")/vsmserver.log" ||
        tb_die "vsmserver on $server did not restart itself"
done
for agent in agent1 agent2; do
    ovsm_config "$agent" /vsmagent/allowed_clients | grep -qF "tlha-secondary.$TB_DOMAIN" ||
        tb_die "$agent does not name tlha-secondary in allowed_clients"
    [ "$(ovsm_config "$agent" /vsmagent/master_hostname)" = "$TB_RESOURCE_NAME" ] ||
        tb_die "$agent's master_hostname is not $TB_RESOURCE_NAME"
done
# Step 6: one key everywhere, required, on every link, and never in a log or a report.
grep -qF 'give both nodes and 2 agent(s) one cluster key, then require it' "$OUT" ||
    tb_die "step 6 did not roll out a cluster key: $(cat "$OUT")"
key_digest=
for host in "${SERVERS[@]}" agent1 agent2; do
    key=$(ovsm_config "$host" /vsm/cluster_key_file)
    if [ -z "$key" ] || [ "$(stat -c '%a %U' "$key")" != "600 root" ]; then
        tb_die "$host: /vsm/cluster_key_file '$key' is not a 0600 root file"
    fi
    [ "$(ovsm_config "$host" /vsm/cluster_key_required)" = 1 ] || tb_die "$host: the cluster key is not required"
    digest=$(sha256sum <"$key")
    [ -z "$key_digest" ] || [ "$digest" = "$key_digest" ] || tb_die "$host has another cluster key"
    key_digest=$digest
    secret=$(head -c 64 "$key")
    leaks=$(grep -rlF "$secret" "$(tb_host_dir "$host")" "$TB_RUN/client" | grep -vxF "$key" || true)
    [ -z "$leaks" ] || tb_die "the cluster key's secret is in $leaks"
done
for server in "${SERVERS[@]}"; do
    [ "$(ovsm_ha_field "$server" link_trust)" = "cluster key" ] ||
        tb_die "the replication link of $server is not trusted by the cluster key: $(ovsm_tlctl "$server" ha status)"
    grep -qF 'TLS with cluster key' "$(tb_host_dir "$server")/vsmserver.log" ||
        tb_die "vsmserver on $server did not start with the cluster key"
done
tb_log "--yes: configuration copied, agents trust both nodes, a cluster key rolled out and required, HA enabled, link up, keepalived.conf installed and the resource IP on tlha-primary; exit 0"

after=$(hs_digest)
hs_fix
[ "$HS_RC" -eq 0 ] || tb_die "the second tl-ha-setup --yes ($FRONTEND) exited $HS_RC: $(cat "$OUT")"
[ "$(hs_changed)" = false ] || tb_die "the second run changed something: $(cat "$OUT")"
if grep -qF '"action":' "$OUT"; then
    tb_die "the second run proposes an action: $(cat "$OUT")"
fi
[ "$(hs_digest)" = "$after" ] || tb_die "the second tl-ha-setup --yes changed a file"
tb_log "second run: everything fine, nothing proposed, nothing changed"

hs_setup
[ "$HS_RC" -eq 0 ] || tb_die "tl-ha-setup (text) exited $HS_RC: $(cat "$OUT")"
grep -qF 'Summary: 0 error(s), 0 warning(s), 17 ok: all fine. Nothing was changed.' "$OUT" || tb_die "text summary: $(cat "$OUT")"
grep -qF '[keepalived.same]' "$OUT" || tb_die "the installed keepalived.conf is not the generated one: $(cat "$OUT")"

# The seed's scenario on the pair tl-ha-setup made, keepalived running the files it installed.
tb_wait_for "ovsm_reaches_agents tlha-primary" 20 || tb_die "tlha-primary does not reach both agents"
# Step 9: --drill on the finished pair: the failover drill (with move-back) in the report.
hs_setup --yes --drill --report "$TB_RUN/client/drill"
[ "$HS_RC" -eq 0 ] || tb_die "tl-ha-setup --drill exited $HS_RC: $(cat "$OUT") $(cat "$TB_RUN/client/setup.err")"
grep -qF 'Step 9: Verify (failover drill): passed' "$TB_RUN/client/drill.txt" ||
    tb_die "the report has no passed drill: $(cat "$TB_RUN/client/drill.txt")"
grep -qF 'tlha-secondary holds' "$TB_RUN/client/drill.txt" || tb_die "the drill's timeline is not in the report"
grep -qF '"drill": {' "$TB_RUN/client/drill.json" || tb_die "drill.json has no drill"
tb_wait_for "ha_resource_on tlha-primary" 20 || tb_die "the resource IP is not back on tlha-primary after the drill"
tb_log "step 9: --drill passed (moved to tlha-secondary and back), its timeline in the report"
# The client knows tlha's host key from the primary only (and the agents'), as after a first login.
ssh_keyscan agent1 agent2 "$TB_RESOURCE_NAME"
user=hsetup$$
ssh_make_user "$user"
check_out=$(ovsm_tlclient "$user" "$TB_RESOURCE_NAME" --timeout 30 --check 2>"$TB_RUN/client/tlclient.err") ||
    tb_die "tlclient --check through $TB_RESOURCE_NAME failed: $(cat "$TB_RUN/client/tlclient.err") $check_out"
[[ $check_out == session\ * ]] || tb_die "tlclient --check printed '$check_out'"
tb_log "tlclient --check through $TB_RESOURCE_NAME: $check_out"

# The seed's failover: the primary's cable pulled, the same session through tlha, now the
# secondary, with StrictHostKeyChecking=yes: the host keys tl-ha-setup copied make that work.
net_cable_pull tlha-primary
tb_wait_for "ha_resource_on tlha-secondary" 15 ||
    tb_die "the resource IP did not move to tlha-secondary (on: '$(ha_resource_holders)')"
hs_check() {
    ovsm_tlclient "$user" "$TB_RESOURCE_NAME" --timeout 10 --check >"$TB_RUN/client/tlclient.out" \
        2>"$TB_RUN/client/tlclient.err"
}
tb_wait_for hs_check 30 ||
    tb_die "no session through $TB_RESOURCE_NAME after the cable pull: $(cat "$TB_RUN/client/tlclient.err")"
after_pull=$(cat "$TB_RUN/client/tlclient.out")
read -r _ sid _ agent _ display _ <<<"$check_out"
[[ $after_pull == "session $sid agent $agent display $display reconnected "* ]] ||
    tb_die "through tlha-secondary: want session $sid reconnected, got '$after_pull'"
[ "$(ssh_client "$user" "$TB_RESOURCE_NAME" -- uname -n)" = tlha-secondary ] ||
    tb_die "$TB_RESOURCE_NAME is not tlha-secondary after the pull"
tb_log "after the cable pull, through $TB_RESOURCE_NAME (tlha-secondary, StrictHostKeyChecking=yes): $after_pull"
tb_log "PASS"
