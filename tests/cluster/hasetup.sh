#!/bin/bash
# shellcheck disable=SC2016 # tb_wait_for evaluates its condition strings itself
# cluster_ha_setup: tl-ha-setup (the setup wizard's command line, issue 13) against two real VSM
# servers in the namespace test bed (packaging/dev/cluster/lib.sh), run from the client host over both
# nodes' admin API, as an administrator would:
#
#   1. a bare pair with the two mistakes the seed warns about: tlha-secondary's own name resolves
#      to 127.0.1.1 on tlha-secondary (Debian's default /etc/hosts line, in its /etc/hosts in the
#      bed) and the two nodes have different sshd host keys. `tl-ha-setup --json --yes` exits 1
#      and reports both by id (names.loopback naming the /etc/hosts line, sshkeys.differ), the
#      identity tlha-secondary cannot determine, and changes nothing (every file it could touch
#      has the same digest afterwards); --report writes the text and JSON reports
#   2. the normal bed (the /etc/hosts line gone, the primary's host keys copied to the
#      secondary, HA enabled with the seed's HA/nodes on both): everything fine, exit 0
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
        "$@" >"$OUT" || HS_RC=$?
}

# hs_has LEVEL ID : the JSON report has a finding ID of LEVEL (error, warning, ok).
hs_has() {
    grep -A1 -F "\"id\": \"$2\"" "$OUT" >/dev/null || return 1
    # Findings are printed with their keys sorted: id, level, text.
    grep -A1 -F "\"id\": \"$2\"" "$OUT" | grep -qF "\"level\": \"$1\""
}

# hs_digest : digests of every file tl-ha-setup could change on the servers (configuration,
# /etc/hosts, sshd host keys), one line each.
hs_digest() {
    local host
    for host in "${SERVERS[@]}"; do
        find "$(tb_host_root "$host")/etc" "/etc/netns/$(tb_ns "$host")" -type f -print0 | sort -z |
            xargs -0 sha256sum
    done
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
hs_setup --json --yes --report "$TB_RUN/client/report"
[ "$HS_RC" -eq 1 ] || tb_die "tl-ha-setup on the bare pair exited $HS_RC, expected 1: $(cat "$OUT")"
hs_has error names.loopback || tb_die "no names.loopback error: $(cat "$OUT")"
grep -qF "/etc/hosts:$loopback_line: 127.0.1.1 tlha-secondary.$TB_DOMAIN tlha-secondary" "$OUT" ||
    tb_die "names.loopback does not name /etc/hosts line $loopback_line: $(cat "$OUT")"
hs_has error sshkeys.differ || tb_die "no sshkeys.differ error: $(cat "$OUT")"
hs_has ok config.identical || tb_die "the identical configuration is not reported so: $(cat "$OUT")"
[ "$(hs_digest)" = "$before" ] || tb_die "tl-ha-setup changed a file on a server"
grep -qF '[sshkeys.differ]' "$TB_RUN/client/report.txt" || tb_die "report.txt lacks sshkeys.differ"
grep -qF '"id": "names.loopback"' "$TB_RUN/client/report.json" || tb_die "report.json lacks names.loopback"
grep -qF 'something needs fixing. Nothing was changed.' "$TB_RUN/client/report.txt" ||
    tb_die "report.txt has no summary: $(cat "$TB_RUN/client/report.txt")"
tb_log "bare pair: names.loopback (/etc/hosts line $loopback_line) and sshkeys.differ reported, nothing changed"

# --- 2: the normal bed ------------------------------------------------------------------------
net_hosts_file >"/etc/netns/$ns/hosts"
ssh_copy_host_keys tlha-primary tlha-secondary
for server in "${SERVERS[@]}"; do
    ovsm_config "$server" /vsmserver/HA/enabled=1 >/dev/null
    ovsm_config "$server" "/vsmserver/HA/nodes=$HA_NODES" >/dev/null
    ovsm_restart "$server" vsmserver
done
for server in "${SERVERS[@]}"; do
    tb_wait_for "net_listening $server 9002" 15 || tb_die "vsmserver on $server does not listen on 9002"
done
hs_setup --json
[ "$HS_RC" -eq 0 ] || tb_die "tl-ha-setup on the normal bed exited $HS_RC, expected 0: $(cat "$OUT")"
if grep -qE '"level": "(error|warning)"' "$OUT"; then
    tb_die "the normal bed has errors or warnings: $(cat "$OUT")"
fi
for id in names.resolved identity.complementary sshkeys.same config.identical; do
    hs_has ok "$id" || tb_die "no $id on the normal bed: $(cat "$OUT")"
done
hs_setup
[ "$HS_RC" -eq 0 ] || tb_die "tl-ha-setup (text) exited $HS_RC: $(cat "$OUT")"
grep -qF 'Summary: 0 error(s), 0 warning(s)' "$OUT" || tb_die "text summary: $(cat "$OUT")"
tb_log "normal bed: everything fine, exit 0"
tb_log "PASS"
