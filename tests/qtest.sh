#!/usr/bin/env bash
# CTest runs every Qt Test executable through this script (openvsm_add_test in
# cmake/OpenVsmHelpers.cmake):
#   tests/qtest.sh PROGRAM [ARGUMENTS...]
# The test's output passes through unchanged. A Qt Test that skips counts as passed (exit 0), so
# a run without root, Xvnc or sshd would pass with checks that never ran: when the test exits 0
# and its last "Totals:" line counts a skip, this script exits 77 instead, the tests'
# SKIP_RETURN_CODE, and CTest reports the test as skipped, not passed. Any skip counts, also one
# function of many. The reasons are the test's "SKIP   :" lines, in the output (LastTest.log);
# tests/run prints them.
set -uo pipefail

if [ $# -eq 0 ]; then
    echo "usage: tests/qtest.sh PROGRAM [ARGUMENTS...]" >&2
    exit 2
fi

log=$(mktemp "${TMPDIR:-/tmp}/openvsm-qtest.XXXXXX") || exit 1

# CTest kills only this script when the test runs out of time: the test dies with it rather
# than run on unseen.
launcher=()
if setpriv --pdeathsig KILL -- true 2>/dev/null; then
    launcher=(setpriv --pdeathsig KILL --)
fi

"${launcher[@]}" "$@" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
totals=$(grep -a '^Totals: ' "$log" | tail -n 1)
rm -f "$log"

if [ "$code" -eq 0 ] && [[ $totals =~ ^Totals:\ [0-9]+\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped ]] \
    && [ "${BASH_REMATCH[1]}" -eq 0 ] && [ "${BASH_REMATCH[2]}" -gt 0 ]; then
    echo "qtest.sh: ${BASH_REMATCH[2]} skipped (the SKIP lines above say why): reported to CTest as skipped"
    exit 77
fi
if [ "$code" -gt 128 ]; then
    # Killed by a signal: die of the same one, so that CTest names it (SegFault, ...).
    signal=$(kill -l "$((code - 128))" 2>/dev/null)
    echo "qtest.sh: $1 was killed by SIG$signal"
    case $signal in
    HUP | INT | QUIT | ILL | TRAP | ABRT | BUS | FPE | KILL | SEGV | PIPE | ALRM | TERM)
        trap - "$signal"
        kill -s "$signal" $$
        ;;
    esac
fi
exit "$code"
