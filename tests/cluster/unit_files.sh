#!/bin/bash
# cluster_unit_files: the systemd units in packaging/systemd pass `systemd-analyze verify`
# (apart from the programs not being installed under /opt/openvsm on this machine) and keep
# the properties the daemons rely on. Skipped (77) without systemd-analyze.
set -euo pipefail

src=${OPENVSM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if ! command -v systemd-analyze >/dev/null; then
    echo "SKIP: systemd-analyze is not installed (Debian package systemd)" >&2
    exit 77
fi
units=$src/packaging/systemd
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

for unit in vsmserver.service vsmagent.service; do
    out=$(cd "$units" && { systemd-analyze verify --man=no "$unit" 2>&1 || true; })
    problems=$(grep -v -E "Command /opt/openvsm/sbin/[a-z]+ is not executable" <<<"$out" | grep -v '^$' || true)
    [ -z "$problems" ] || fail "systemd-analyze verify $unit: $problems"
    # Both run in the foreground under systemd, tell it when they are ready (sd_notify) and
    # feed its watchdog, and reload on SIGHUP.
    grep -q '^Type=notify$' "$units/$unit" || fail "$unit: not Type=notify"
    grep -q '^WatchdogSec=[0-9]' "$units/$unit" || fail "$unit: no WatchdogSec"
    grep -q '^LimitNOFILE=65536$' "$units/$unit" || fail "$unit: LimitNOFILE not raised"
    grep -q '^ExecStart=/opt/openvsm/sbin/[a-z]* --foreground$' "$units/$unit" || fail "$unit: ExecStart without --foreground"
    # shellcheck disable=SC2016 # $MAINPID is literal text in the unit
    grep -q -F -x 'ExecReload=/bin/kill -HUP $MAINPID' "$units/$unit" || fail "$unit: no SIGHUP reload"
    grep -q '^Restart=on-failure$' "$units/$unit" || fail "$unit: no Restart=on-failure"
    echo "ok: $unit"
done
grep -q '^NoNewPrivileges=yes$' "$units/vsmserver.service" || fail "vsmserver.service lost NoNewPrivileges=yes"
grep -q '^ProtectSystem=strict$' "$units/vsmserver.service" || fail "vsmserver.service lost ProtectSystem=strict"
# The agent's sessions must survive a restart of the agent, and Xvnc's sockets in
# /tmp/.X11-unix must be the users' /tmp.
grep -q '^KillMode=process$' "$units/vsmagent.service" || fail "vsmagent.service: KillMode=process missing (a restart would end every session)"
grep -q '^PrivateTmp=no$' "$units/vsmagent.service" || fail "vsmagent.service: PrivateTmp must be no"
echo "PASS"
