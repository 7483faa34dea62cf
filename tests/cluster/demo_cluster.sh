#!/bin/bash
# cluster_demo: the demo cluster that `packaging/dev/setup` starts (packaging/dev/cluster/demo)
# works as the README says: start ends with a real login through tlha, tlclient and tlctl reach
# it, pull moves the session's service to the secondary, plug brings the primary back, status
# tells, and stop leaves nothing behind. Its own prefix, user and displays, so that a demo an
# administrator runs on the same machine is not touched. Root; about 40 s.
set -euo pipefail
src=${OPENVSM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
export OPENVSM_DEMO_PREFIX=ovsmdemotest OPENVSM_DEMO_USER=ovdemot TB_DISPLAY_BASE=700
demo=$src/packaging/dev/cluster/demo
export TB_PREFIX=$OPENVSM_DEMO_PREFIX TB_NO_TRAP=1 # the demo's, to check what it leaves
# shellcheck source=packaging/dev/cluster/lib.sh
source "$src/packaging/dev/cluster/lib.sh"
tb_require_root

# Whatever happens, the demo is stopped and checked gone.
finish() {
    local rc=$?
    trap - EXIT
    "$demo" stop >/dev/null 2>&1 || true
    if ! tb_assert_clean ""; then
        echo "FAIL: the demo left something behind" >&2
        rc=1
    fi
    if getent passwd "$OPENVSM_DEMO_USER" >/dev/null; then
        echo "FAIL: the demo user $OPENVSM_DEMO_USER is still there" >&2
        rc=1
    fi
    exit "$rc"
}
trap finish EXIT
"$demo" stop >/dev/null 2>&1 || true # a run of this test that was killed

started=$("$demo" start 2>&1) || tb_die "demo start failed: $started"
grep -q "new login ok" <<<"$started" || tb_die "demo start did not end with a login through tlha: $started"
id=$(sed -n 's/^session \([^ ]*\) .*new login ok.*/\1/p' <<<"$started")
[ -n "$id" ] || tb_die "no session id in: $started"
tb_log "demo started; first session $id"

check=$("$demo" tlclient --check) || tb_die "tlclient --check through tlha failed: $check"
grep -q "^session $id .*reconnected login ok" <<<"$check" || tb_die "not the same session: $check"
status=$("$demo" tlctl tlha-primary ha status) || tb_die "tlctl on the primary failed: $status"
grep -qi "link.*up" <<<"$status" || tb_die "the replication link is not up: $status"

"$demo" pull
tb_wait_for "ha_resource_on tlha-secondary" 20 || tb_die "the resource IP did not move to the secondary"
check=$(tb_wait_for "\"$demo\" tlclient --check >/dev/null 2>&1" 20 && "$demo" tlclient --check) ||
    tb_die "no login through tlha after the cable pull"
grep -q "^session $id .*reconnected login ok" <<<"$check" || tb_die "after the pull, not the same session: $check"
tb_log "after the pull: the same session through the secondary"

"$demo" plug
tb_wait_for "ha_resource_on tlha-primary" 30 || tb_die "the primary did not take tlha back"
status=$("$demo" status)
grep -q "resource IP 10.0.0.4 (tlha) on: tlha-primary$" <<<"$status" || tb_die "status: $status"
check=$(tb_wait_for "\"$demo\" tlclient --check >/dev/null 2>&1" 20 && "$demo" tlclient --check) ||
    tb_die "no login through tlha after the plug"
grep -q "^session $id .*reconnected login ok" <<<"$check" || tb_die "after the plug, not the same session: $check"

"$demo" stop
"$demo" status >/dev/null 2>&1 && tb_die "status says the demo still runs after stop"
echo "PASS: the demo cluster starts, serves through tlha, fails over and back, and stops clean"
