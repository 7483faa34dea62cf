#!/bin/bash
# shellcheck disable=SC2016 # tb_wait_for evaluates its condition strings itself
# cluster_metrics: the Prometheus endpoints of both vsmservers and of an agent on the test bed
# (keepalived, the real health check and notify hook), scraped with curl from each host's own
# namespace (they listen on 127.0.0.1, the default), follow a cable pull:
#   before:     the primary MASTER, link up, not degraded; a session counted by both servers,
#               by its agent and in the request latency histogram;
#   pulled:     the secondary MASTER, link down, degraded; a session made there waits for
#               the peer (lag in changes above 0);
#   plugged:    link up on both, lag back to 0 (changes and seconds), not degraded, a resync
#               counted; the endpoint answers anything but GET /metrics with 404 and counts it.
# Exit codes: 0 passed, 1 failed (with the reason and the tail of every log), 77 skipped.
set -euo pipefail
# shellcheck source=packaging/dev/cluster/lib.sh
source "$(dirname "$0")/../../packaging/dev/cluster/lib.sh"

tb_require_root
command -v curl >/dev/null || {
    echo "SKIP: curl is not installed" >&2
    exit 77
}
server_port=9003
agent_port=9004
net_up
for host in "${TB_SERVERS[@]}"; do
    ovsm_config "$host" /vsmserver/metrics/listen_port="$server_port" >/dev/null
    ovsm_config "$host" /vsmserver/max_sessions_per_user=0 >/dev/null
done
ovsm_config agent1 /vsmagent/metrics/listen_port="$agent_port" >/dev/null
ovsm_config agent2 /vsmagent/metrics/listen_port="$agent_port" >/dev/null
t_start=$(tb_now_ms)
ovsm_cluster_up
user=ovsm$$
ssh_make_user "$user"

# scrape HOST PORT : GET /metrics from inside HOST's namespace.
scrape() {
    ip netns exec "$(tb_ns "$1")" curl -sS --fail --max-time 3 "http://127.0.0.1:$2/metrics"
}
# metric HOST PORT 'name{labels}' : the value of one sample ("" when it is not there).
metric() {
    local text
    text=$(scrape "$1" "$2") || return 1
    awk -v want="$3" '$1 == want { print $2 }' <<<"$text"
}
server() { metric "$1" "$server_port" "$2"; }
is() { # is HOST 'sample' VALUE : the server's sample has VALUE
    [ "$(server "$1" "$2")" = "$3" ]
}
expect() { # expect SECONDS WHAT HOST 'sample' VALUE
    local seconds=$1 what=$2 host=$3 sample=$4 value=$5
    tb_wait_for "is $host '$sample' $value" "$seconds" ||
        tb_die "$what: $host: $sample is '$(server "$host" "$sample")', want $value"
}
new_session() {
    local out
    out=$(ovsm_tlclient "$user" "$TB_RESOURCE_NAME" --timeout 10 --check --new 2>&1) ||
        tb_die "tlclient --check --new through $TB_RESOURCE_NAME: $out"
    tb_log "session: $out"
}

# --- before -------------------------------------------------------------------------------
# Read whole first: `scrape | grep -q` fails under pipefail when grep stops before curl is done.
page=$(scrape tlha-primary "$server_port") || tb_die "tlha-primary's metrics endpoint does not answer"
grep -q '^# TYPE openvsm_ha_link_up gauge$' <<<"$page" ||
    tb_die "tlha-primary's metrics lack openvsm_ha_link_up: $(head -20 <<<"$page")"
# The endpoint listens on localhost only: from the client it cannot be reached.
if tb_exec client curl -sS --max-time 2 "http://tlha-primary:$server_port/metrics" >/dev/null 2>&1; then
    tb_die "the metrics endpoint of tlha-primary answers from the network (listen_address is 127.0.0.1)"
fi
expect 10 "before" tlha-primary 'openvsm_ha_role{role="MASTER"}' 1
expect 10 "before" tlha-secondary 'openvsm_ha_role{role="BACKUP"}' 1
for host in "${TB_SERVERS[@]}"; do
    expect 10 "before" "$host" openvsm_ha_link_up 1
    expect 5 "before" "$host" openvsm_ha_degraded 0
    expect 5 "before" "$host" 'openvsm_agent_up{agent="agent1"}' 1
    expect 5 "before" "$host" openvsm_agents_reachable 2
done
new_session
expect 5 "a session" tlha-primary 'openvsm_sessions{state="running"}' 1
expect 10 "a session, replicated" tlha-secondary 'openvsm_sessions{state="running"}' 1
[ "$(server tlha-primary 'openvsm_client_request_duration_seconds_count{type="new"}')" = 1 ] ||
    tb_die "the new-session request is not in tlha-primary's latency histogram"
agents_sessions=$(($(metric agent1 "$agent_port" openvsm_agent_sessions) + $(metric agent2 "$agent_port" openvsm_agent_sessions)))
[ "$agents_sessions" = 1 ] || tb_die "the agents count $agents_sessions sessions, want 1"
load=$(metric agent1 "$agent_port" 'openvsm_agent_load_average{period="1m"}') || load=""
grep -qE '^[0-9.]+$' <<<"$load" || tb_die "agent1 reports no load average"
resyncs_before=$(scrape tlha-secondary "$server_port" |
    awk '/^openvsm_ha_resync_duration_seconds_count\{.*direction="sent"/ { n += $2 } END { print n + 0 }')
tb_log "before: tlha-primary MASTER, link up, not degraded; 1 session on both servers and the agents"

# --- the primary's cable pulled -----------------------------------------------------------------
net_cable_pull tlha-primary
tb_wait_for "ha_resource_on tlha-secondary" 15 ||
    tb_die "the resource IP did not move to tlha-secondary (on: '$(ha_resource_holders)')"
expect 10 "pulled" tlha-secondary 'openvsm_ha_role{role="MASTER"}' 1
expect 10 "pulled" tlha-secondary openvsm_ha_link_up 0
expect 10 "pulled" tlha-secondary openvsm_ha_degraded 1
# (The primary, cut off, is not asserted: an idle link is noticed only when it carries
# something, and a real pulled cable keeps Prometheus away from it anyway.)
# A session made on the secondary alone waits for the peer.
new_session
tb_wait_for '[ "$(server tlha-secondary openvsm_ha_replication_lag_changes)" -gt 0 ]' 10 ||
    tb_die "pulled: tlha-secondary's lag is $(server tlha-secondary openvsm_ha_replication_lag_changes) changes, want > 0"
expect 5 "pulled" tlha-secondary 'openvsm_sessions{state="running"}' 2
tb_log "pulled: tlha-secondary MASTER, link down, degraded, $(server tlha-secondary openvsm_ha_replication_lag_changes) change(s) waiting"

# --- plugged again -------------------------------------------------------------------------------
net_cable_plug tlha-primary
for host in "${TB_SERVERS[@]}"; do
    expect 30 "plugged" "$host" openvsm_ha_link_up 1
done
expect 10 "plugged" tlha-secondary openvsm_ha_replication_lag_changes 0
expect 10 "plugged" tlha-secondary openvsm_ha_replication_lag_seconds 0
expect 10 "plugged" tlha-primary openvsm_ha_replication_lag_changes 0
expect 10 "plugged" tlha-secondary openvsm_ha_degraded 0
expect 10 "plugged" tlha-primary 'openvsm_sessions{state="running"}' 2
resyncs_after=$(scrape tlha-secondary "$server_port" |
    awk '/^openvsm_ha_resync_duration_seconds_count\{.*direction="sent"/ { n += $2 } END { print n + 0 }')
[ "$resyncs_after" -gt "$resyncs_before" ] ||
    tb_die "tlha-secondary counts no resync sent after the plug ($resyncs_before before, $resyncs_after after)"
tb_log "plugged: link up on both, lag 0, not degraded; resyncs sent by tlha-secondary: $resyncs_before -> $resyncs_after"

# --- a request that is not GET /metrics -----------------------------------------------------------
status=$(ip netns exec "$(tb_ns tlha-primary)" curl -s -o /dev/null -w '%{http_code}' --max-time 3 \
    "http://127.0.0.1:$server_port/")
[ "$status" = 404 ] || tb_die "GET / answered $status, want 404"
expect 5 "refused" tlha-primary 'openvsm_refused_connections_total{listener="metrics",reason="bad_request"}' 1
tb_log "cluster_metrics: PASS in $((($(tb_now_ms) - t_start) / 1000)) s"
