#!/bin/bash
# packaging_manpages: the man pages openvsm-mangen generated at build time are well-formed roff
# (groff -ww: no warnings), every program has one, every parameter of Config's tables is in
# openvsm.hconf.5 and in tl-config's completion, and the completions load in bash.
set -euo pipefail

gen=$1
src=${OPENVSM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
if ! command -v groff >/dev/null; then
    echo "SKIP: groff is not installed (Debian package groff-base)" >&2
    exit 77
fi

pages=(vsmserver.8 vsmagent.8 tl-config.8 tlctl.8 tl-ha-setup.8 tl-cluster-key.8 tlclient.1 tl-console.1 tl-ha-setup-gui.1 tl-session-helper.1
    openvsm.hconf.5)
for page in "${pages[@]}"; do
    f=$gen/man/$page
    [ -s "$f" ] || fail "$page was not generated"
    warnings=$(groff -man -Tutf8 -ww -z "$f" 2>&1 || true)
    [ -z "$warnings" ] || fail "$page: $warnings"
    grep -q '^\.SH NAME' "$f" || fail "$page has no NAME section"
done
# Each program's page shows its --help.
grep -q 'foreground' "$gen/man/vsmserver.8" || fail "vsmserver.8 lacks vsmserver --help"
grep -q 'recursive' "$gen/man/tl-config.8" || fail "tl-config.8 lacks tl-config --help"
grep -q 'it asks y/N for each action' "$gen/man/tl-ha-setup.8" || fail "tl-ha-setup.8 lacks tl-ha-setup --help"
grep -q 'screenshots' "$gen/man/tl-ha-setup-gui.1" || fail "tl-ha-setup-gui.1 lacks tl-ha-setup-gui --help"
# No program's --help prints Qt's placeholder for a program name (QCommandLineParser without an
# application object), and so no page shows it.
for page in "${pages[@]}"; do
    ! grep -q 'executable_name' "$gen/man/$page" || fail "$page shows <executable_name>"
done
if [ -n "${OPENVSM_BUILD_BIN:-}" ]; then
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    for program in vsmserver vsmagent tl-config tlctl tl-ha-setup tl-cluster-key tlclient tl-session-helper tl-console tl-ha-setup-gui; do
        [ -x "$OPENVSM_BUILD_BIN/$program" ] || fail "$program is not built"
        help=$(OPENVSM_ROOT=$scratch QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$scratch \
            "$OPENVSM_BUILD_BIN/$program" --help 2>&1) || fail "$program --help failed: $help"
        ! grep -q 'executable_name' <<<"$help" || fail "$program --help prints <executable_name>: $(head -1 <<<"$help")"
        grep -q -i "usage: .*$program" <<<"$help" || fail "$program --help does not name $program: $(head -1 <<<"$help")"
    done
    echo "ok: every program's --help names it"
fi

# Every parameter path in the tables (spelled once each, in shared/config/tables.cpp).
mapfile -t params < <(grep -o '"/vsm[a-z]*/[A-Za-z0-9_/]*"' "$src/shared/config/tables.cpp" | tr -d '"' | sort -u)
[ ${#params[@]} -gt 30 ] || fail "found only ${#params[@]} parameters in tables.cpp"
hconf=$(groff -man -Tutf8 -P-cbou "$gen/man/openvsm.hconf.5" 2>/dev/null)
for p in "${params[@]}"; do
    grep -q -F -- "$p" <<<"$hconf" || fail "openvsm.hconf.5 lacks $p"
    grep -q -F -- "$p" "$gen/bash-completion/tl-config" || fail "tl-config's completion lacks $p"
done
echo "ok: ${#pages[@]} pages, ${#params[@]} parameters"

# The completions define their functions (bash-completion's helpers are not needed to load).
for c in "$gen/bash-completion/tl-config" "$gen/bash-completion/tlclient" "$gen/bash-completion/tlctl"; do
    bash -n "$c" || fail "$c: bash syntax"
    name=$(basename "$c")
    out=$(bash -c "source '$c' && complete -p $name") || fail "$c does not register a completion"
    echo "ok: $out"
done

# tlctl's completion, generated from its command table, completes what the table has: every
# command (the local-only ones not with --node), each command's options and its argument words.
# tl_complete WORDS... : what completing the last word offers (bash-completion's helpers loaded).
tl_complete() {
    bash -c '
        source /usr/share/bash-completion/bash_completion
        source "$0"
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
        _tlctl tlctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' "$gen/bash-completion/tlctl" "$@"
}
want() { # want WORDS... -- EXPECTED... : the completion offers exactly EXPECTED
    local args=() expected
    while [ "$1" != -- ]; do args+=("$1"); shift; done
    shift
    expected=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    got=$(tl_complete "${args[@]}")
    [ "$got" = "$expected" ] || fail "tlctl completion of '${args[*]}': got '$got', want '$expected'"
}
want tlctl '' -- admin agent event ha help load session status terminalservers
want tlctl ev -- event
want tlctl event '' -- list
want tlctl event list --a -- --accept-new-fingerprint --after
want tlctl ha '' -- drill get health notify set status step-down
want tlctl --node tlha-primary ha '' -- drill get set status step-down
want tlctl ha notify '' -- BACKUP FAULT MASTER STOP
want tlctl ha set rep -- replication=
want tlctl session terminate --a -- --accept-new-fingerprint --all
echo "ok: tlctl's completion follows its command table"
echo PASS
