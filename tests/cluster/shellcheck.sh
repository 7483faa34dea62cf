#!/bin/bash
# cluster_shellcheck: shellcheck over the HA-engine hooks, the OCF agent, the test bed and the
# failover benchmark. Skipped (77) when shellcheck is not installed (Debian: shellcheck).
set -euo pipefail

src=${OPENVSM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if ! command -v shellcheck >/dev/null; then
    echo "SKIP: shellcheck is not installed (apt-get install shellcheck)" >&2
    exit 77
fi
cd "$src"
scripts=(
    packaging/keepalived/openvsm-ha-notify
    packaging/pacemaker/vsmserver
    tests/cluster/*.sh
    packaging/dev/cluster/*.sh
    packaging/dev/cluster/demo
    tests/reliability/run
    tests/bench/failover/*.sh
    packaging/dev/setup
    packaging/dev/install-deps
    packaging/deb/build
    packaging/deb/buildflags.sh
    packaging/deb/scripts/*
    tests/packaging/*.sh
    tests/packaging/root
    tests/run
    tests/sanitize
    tests/fuzz/run
    tests/qtest.sh
    tests/qtest_check.sh
    .ci/run
)
echo "shellcheck ${scripts[*]}"
# Four files per shellcheck, two at a time: 30 s -> 14-18 s on two cores (xargs exits 123 when any
# of them found something).
printf '%s\0' "${scripts[@]}" | xargs -0 -P2 -n4 shellcheck -x
echo "PASS"
