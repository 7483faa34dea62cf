#!/bin/bash
# packaging_alert_rules: packaging/prometheus/openvsm.rules.yml is valid Prometheus rules
# (promtool check rules) and its alerts fire on the series the daemons expose, and only then
# (promtool test rules with openvsm.rules.test.yml beside this script). Without promtool
# (Debian package prometheus) only the YAML syntax and the alert names are checked.
set -euo pipefail

src=${OPENVSM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
rules=$src/packaging/prometheus/openvsm.rules.yml
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
[ -s "$rules" ] || fail "$rules is missing"
expected=(OpenVsmPeerLost OpenVsmDegraded OpenVsmReplicationLag OpenVsmAgentUnreachable OpenVsmNoActiveNode)
for alert in "${expected[@]}"; do
    grep -q -- "- alert: $alert\$" "$rules" || fail "$rules has no alert $alert"
done

if command -v promtool >/dev/null; then
    promtool check rules "$rules" || fail "promtool check rules $rules"
    # The test file names the rules relative to itself.
    (cd "$src/tests/packaging" && promtool test rules openvsm.rules.test.yml) || fail "promtool test rules"
    echo PASS
    exit 0
fi
if python3 -c 'import yaml' 2>/dev/null; then
    python3 - "$rules" <<'PY' || fail "$rules is not valid YAML rules"
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
rules = [r for g in doc["groups"] for r in g["rules"]]
for r in rules:
    assert r.get("alert") and r.get("expr"), r
print("ok: %d rules parse as YAML (promtool is not installed: Debian package prometheus)" % len(rules))
PY
    echo PASS
    exit 0
fi
echo "SKIP: neither promtool (Debian package prometheus) nor python3-yaml is installed" >&2
exit 77
