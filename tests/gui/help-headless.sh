#!/bin/bash
# tl-console --help and --version on a machine without a display (no DISPLAY, WAYLAND_DISPLAY or
# QT_QPA_PLATFORM, as over ssh): both print and exit 0, never "could not connect to display".
set -uo pipefail
program=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
for option in --help --version; do
    out=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$program" "$option" 2>&1)
    code=$?
    [ "$code" -eq 0 ] || fail "tl-console $option exited $code without a display: $out"
    ! grep -qi 'could not connect to display\|platform plugin' <<<"$out" || fail "tl-console $option wanted a display: $out"
done
help=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$program" --help 2>&1)
grep -q 'Usage: .*tl-console' <<<"$help" || fail "tl-console --help printed no usage: $help"
grep -q -- '--node' <<<"$help" || fail "tl-console --help does not list --node: $help"
version=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$program" --version 2>&1)
grep -q '^tl-console [0-9]' <<<"$version" || fail "tl-console --version printed: $version"
echo "PASS: tl-console --help and --version without a display"
