#!/usr/bin/env bash
# rel_check can fail: each finding the harness promises to report (lost, resurrected,
# duplicated, divergent, merge, no Xvnc, orphan Xvnc) is planted in a small history and pair of
# stores, and rel_check must report exactly it; the clean case must pass. Needs no root.
#   checker_selftest.sh BINDIR
set -euo pipefail
bin=${1:?usage: checker_selftest.sh BINDIR}
dir=$(mktemp -d "${TMPDIR:-/tmp}/rel_check-selftest.XXXXXX")
trap 'rm -rf "$dir"' EXIT
failures=0

# history line: seq user client op arg start end result id agent display isNew
op() { # USER OP ARG RESULT ID ISNEW
    printf '0\t%s\tc\t%s\t%s\t1000\t1001\t%s\t%s\tag\t1\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6"
}
# store line: id user agent display pid counter origin updated deleted
rec() { # ID AGENT DISPLAY PID COUNTER UPDATED DELETED
    printf '%s\tu1\t%s\t%s\t%s\t%s\tn1\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7"
}

# expect NAME WANT-EXIT PATTERN [extra rel_check arguments]: runs rel_check on $dir/{h,a,b,x}.
expect() {
    local name=$1 want=$2 pattern=$3 out rc=0
    shift 3
    out=$("$bin/rel_check" check --scenario "$name" --history "$dir/h" --a "$dir/a" --b "$dir/b" \
        --xvnc "$dir/x" "$@" 2>&1) || rc=$?
    if [ "$rc" -ne "$want" ] || ! grep -q -- "$pattern" <<<"$out"; then
        echo "FAIL: $name: exit $rc (want $want), output lacks '$pattern':"
        printf '    %s\n' "${out//$'\n'/$'\n    '}"
        failures=$((failures + 1))
    else
        echo "ok: $name"
    fi
}

clean() { # one acknowledged session live on both nodes with its Xvnc
    op u1 new "" ok s1 1 >"$dir/h"
    rec s1 ag 10 100 1 5000 0 >"$dir/a"
    cp "$dir/a" "$dir/b"
    echo "ag 10 100" >"$dir/x"
}

clean
expect clean 0 "lost 0 duplicated 0 divergent 0 resurrected 0 mismatched 0"

clean
: >"$dir/b"
expect lost 1 "LOST: acknowledged create s1 is not live on B"

clean
op u1 terminate s1 ok "" 0 >>"$dir/h"
expect resurrected 1 "RESURRECTED: s1 is live after an acknowledged terminate"

clean
rec s2 ag 10 100 1 5000 0 >>"$dir/a"
expect duplicated 1 "DUPLICATE: .* both on ag:10 (A)"

clean
rec s1 ag 10 100 2 6000 0 >"$dir/b"
expect divergent 1 "DIVERGENT: s1 differs between the nodes"

clean
echo "ag 10 999" >"$dir/x"
expect no-xvnc 1 "NO XVNC: record s1"

clean
echo "ag 11 101" >>"$dir/x"
expect orphan 1 "ORPHAN: Xvnc ag:11"

# A partition: A terminated s1 (2 changes, a tombstone), B changed it twice later (3 changes).
# The merge keeps B's version; a final state with A's tombstone is wrong, B's version is right.
clean
rec s1 ag 10 100 2 6000 1 >"$dir/pa"
rec s1 ag 10 100 3 5500 0 >"$dir/pb"
rec s1 ag 10 100 2 6000 1 >"$dir/a"
cp "$dir/a" "$dir/b"
: >"$dir/x"
expect merge-wrong 1 "MERGE: s1 on A is not the merge of both sides (expected live v3" \
    --pre-a "$dir/pa" --pre-b "$dir/pb" --heal-ms 7000
cp "$dir/pb" "$dir/a"
cp "$dir/pb" "$dir/b"
echo "ag 10 100" >"$dir/x"
expect merge-right 0 "divergent 0" --pre-a "$dir/pa" --pre-b "$dir/pb" --heal-ms 7000

# Unreadable input is an error (2), never a pass.
clean
expect unreadable 2 "cannot read" --a "$dir/missing"

[ "$failures" -eq 0 ] || { echo "$failures check(s) of rel_check failed"; exit 1; }
echo "rel_check reports every planted finding"
