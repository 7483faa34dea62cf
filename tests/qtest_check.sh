#!/usr/bin/env bash
# qtest_wrapper: tests/qtest.sh turns Qt Test results into CTest's. A skip without a failure
# exits 77 (CTest: skipped), a failure stays a failure also with skips, a clean pass stays 0, a
# test killed by a signal dies of the same signal, and the output passes through unchanged.
set -uo pipefail
wrapper=$(dirname "$0")/qtest.sh
failures=0

expect() { # CODE WHAT COMMAND...
    local want=$1 what=$2 got
    shift 2
    # In a subshell of its own, so that no "Killed" notice of this shell gets in the way.
    got=$( (bash "$wrapper" "$@" >/dev/null 2>&1) 2>/dev/null; echo $?)
    if [ "$got" -eq "$want" ]; then
        echo "PASS: $what (exit $got)"
    else
        echo "FAIL: $what: exit $got, expected $want"
        failures=$((failures + 1))
    fi
}

totals() { # PASSED FAILED SKIPPED
    printf 'echo "Totals: %s passed, %s failed, %s skipped, 0 blacklisted, 5ms"' "$1" "$2" "$3"
}

expect 0 "all passed" sh -c "$(totals 3 0 0)"
expect 77 "one function of four skipped" sh -c "echo 'SKIP   : T::f() needs root'; $(totals 3 0 1)"
expect 77 "skipped in initTestCase" sh -c "echo 'SKIP   : T::initTestCase() needs root'; $(totals 1 0 1)"
expect 1 "one failed, one skipped" sh -c "$(totals 2 1 1); exit 1"
expect 0 "nothing skipped after an earlier run's line" sh -c "$(totals 1 0 1); $(totals 4 0 0)"
expect 3 "an exit code without a Totals line" sh -c 'exit 3'
expect 3 "a skip and an exit code that is not 0" sh -c "$(totals 1 0 1); exit 3"
expect 0 "not a Qt Test" sh -c 'echo hello'
expect $((128 + 9)) "killed by SIGKILL" sh -c "$(totals 1 0 1); kill -KILL \$\$"
expect $((128 + 6)) "aborted" sh -c 'kill -ABRT $$'

out=$(bash "$wrapper" sh -c "echo 'SKIP   : T::f() needs root'; echo 'on stderr' >&2; $(totals 3 0 1)" 2>&1)
if [[ $out == *"SKIP   : T::f() needs root"* && $out == *"on stderr"* ]]; then
    echo "PASS: the test's output and its skip reason pass through"
else
    echo "FAIL: the test's output did not pass through: $out"
    failures=$((failures + 1))
fi

[ "$failures" -eq 0 ]
