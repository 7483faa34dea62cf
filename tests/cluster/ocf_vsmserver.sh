#!/bin/bash
# cluster_ocf_vsmserver: Pacemaker's ocf-tester (Debian package resource-agents) against the
# OCF agent packaging/pacemaker/vsmserver driving the real, built vsmserver; then a start with
# a broken configuration must fail with OCF_ERR_GENERIC and say why.
#
# Runs in a network namespace of its own (only lo), so vsmserver's ports never meet the
# machine's. Exit codes: 0 passed, 1 failed, 77 skipped (with the reason).
set -euo pipefail

src=${OPENVSM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${OPENVSM_BUILD_BIN:-}

skip() {
    echo "SKIP: $*" >&2
    exit 77
}
if [ "$(id -u)" -ne 0 ]; then
    skip "needs root (ocf-tester checks the agent as user nobody; vsmserver runs in a network namespace)"
fi
command -v ocf-tester >/dev/null || skip "ocf-tester is missing; install Debian's resource-agents package"
[ -f /usr/lib/ocf/lib/heartbeat/ocf-shellfuncs ] || skip "/usr/lib/ocf/lib/heartbeat/ocf-shellfuncs is missing; install resource-agents"
if [ -z "$bin" ] || [ ! -x "$bin/vsmserver" ]; then
    skip "vsmserver is not built (\$OPENVSM_BUILD_BIN/vsmserver missing: '${bin:-OPENVSM_BUILD_BIN unset}')"
fi

scratch=$(mktemp -d /tmp/ovsm-ocf.XXXXXX)
pidfile=$scratch/run/vsmserver.pid
cleanup() {
    local pid
    if [ -f "$pidfile" ]; then
        pid=$(cat "$pidfile")
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$scratch"
}
trap cleanup EXIT

# ocf-tester runs `meta-data` as nobody: the agent must be reachable and executable for it,
# wherever the source tree lives.
chmod 0755 "$scratch"
mkdir -p "$scratch/agent" "$scratch/root/etc" "$scratch/run"
install -m 0755 "$src/packaging/pacemaker/vsmserver" "$scratch/agent/vsmserver"
cp -r "$src/packaging/etc/." "$scratch/root/etc/"

args=(-n vsmserver_test
    -o binary="$bin/vsmserver"
    -o openvsm_root="$scratch/root"
    -o pidfile="$pidfile"
    -o console_log="$scratch/console.log")
if [ -x "$bin/tlctl" ]; then
    args+=(-o tlctl="$bin/tlctl")
fi

in_netns() { # run "$@" in a fresh network namespace with lo up
    unshare --net sh -c 'ip link set lo up && exec "$@"' sh "$@"
}

echo "== ocf-tester ${args[*]} $scratch/agent/vsmserver"
if ! in_netns env OCF_ROOT=/usr/lib/ocf ocf-tester "${args[@]}" "$scratch/agent/vsmserver"; then
    echo "---- vsmserver console log ----" >&2
    tail -n 40 "$scratch/console.log" >&2 || true
    echo "FAIL: ocf-tester found problems in packaging/pacemaker/vsmserver" >&2
    exit 1
fi

# A configuration vsmserver refuses: start must fail (OCF_ERR_GENERIC = 1), give a reason that
# quotes vsmserver, and leave nothing running.
echo "== start with a broken configuration"
cat >>"$scratch/root/etc/conf.d/vsmserver.hconf" <<'EOF'

[/vsmserver]
max_sessions_per_user=many
EOF
rc=0
out=$(in_netns env OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=vsmserver_test \
    OCF_RESKEY_binary="$bin/vsmserver" OCF_RESKEY_openvsm_root="$scratch/root" \
    OCF_RESKEY_pidfile="$pidfile" OCF_RESKEY_console_log="$scratch/console.log" \
    OCF_RESKEY_CRM_meta_timeout=20000 \
    "$scratch/agent/vsmserver" start 2>&1) || rc=$?
echo "$out"
if [ "$rc" -ne 1 ]; then
    echo "FAIL: start with a broken configuration returned $rc, not 1 (OCF_ERR_GENERIC)" >&2
    exit 1
fi
if ! grep -q "max_sessions_per_user" <<<"$out"; then
    echo "FAIL: the start failure does not name the bad parameter (max_sessions_per_user)" >&2
    exit 1
fi
if [ -f "$pidfile" ]; then
    echo "FAIL: a failed start left the pid file $pidfile" >&2
    exit 1
fi
echo "PASS: ocf-tester passed; a broken configuration fails the start with its reason"
