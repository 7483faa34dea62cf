#!/bin/bash
# shellcheck disable=SC2016 # tb_wait_for evaluates its condition strings itself
# cluster_scenarios: the failure scenarios beyond the seed's cable pull, in the test bed with
# keepalived and the real `tlctl ha health`:
#   A. kill -9 of the active vsmserver while a client creates sessions as fast as it can: the
#      health check moves tlha to the secondary, and every session acknowledged to the client
#      is there afterwards (acknowledged but missing: must be 0);
#   B. the primary's state folder wiped (a lost disk): it gets every session back from the
#      secondary by itself, with a full resync;
#   D. keepalived without the notify hook, as the seed configures it, and the primary's cable
#      pulled: the secondary's replication heartbeat has already taken the silent primary as
#      gone, so the first `tlclient --check` through tlha after the takeover answers within 2 s
#      (it used to wait /vsmserver/HA/sync_timeout, 5 s, for the lost primary's acknowledgement);
#      a tlclient call under way on the primary at the pull ends within seconds (its ssh
#      keepalives), not at its --timeout; and a `tlclient --retry 30` started at the pull tries
#      again by itself and reconnects to the session once tlha has moved;
#   C. HA/nodes names that do not resolve: vsmserver starts without HA and says why.
# Exit codes: 0 passed, 1 failed (with the reason and the tail of every log), 77 skipped.
set -euo pipefail
# shellcheck source=packaging/dev/cluster/lib.sh
source "$(dirname "$0")/../../packaging/dev/cluster/lib.sh"

tb_require_root
net_up
# Several sessions per user; the same on both nodes, as the seed asks.
for host in "${TB_SERVERS[@]}"; do
    ovsm_config "$host" /vsmserver/max_sessions_per_user=0 >/dev/null
done
ovsm_cluster_up
user=ovsx$$
ssh_make_user "$user"

# session_ids HOST : the ids of the sessions HOST's vsmserver lists, sorted.
session_ids() {
    ovsm_tlctl "$1" session list --json | grep -o '"id": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/' | sort
}

# --- A: kill -9 of the active vsmserver under load -------------------------------------------
# The client creates sessions until told to stop (or 60 s): a call under way when the resource
# IP moves talks to a host that no longer has it and lasts until its ssh notices (keepalives,
# seconds) or its --timeout, so the load runs until sessions have been acknowledged after the
# kill, not for a fixed time.
acked=$TB_RUN/acked attempts=$TB_RUN/attempts stop_load=$TB_RUN/stop-load
: >"$acked"
: >"$attempts"
(
    end=$(($(date +%s) + 60))
    while [ ! -e "$stop_load" ] && [ "$(date +%s)" -lt "$end" ]; do
        started=$(tb_now_ms)
        rc=0
        reply=$(ovsm_tlclient "$user" "$TB_RESOURCE_NAME" --timeout 10 --check --new 2>"$TB_RUN/attempt.err") || rc=$?
        if [ "$rc" -eq 0 ]; then
            printf '%s %s\n' "$(date +%s%N)" "$(awk '{print $2}' <<<"$reply")" >>"$acked"
        fi
        printf 'at %s ms: rc %s after %s ms: %s\n' "$started" "$rc" "$(($(tb_now_ms) - started))" \
            "$(tail -n 1 "$TB_RUN/attempt.err")" >>"$attempts"
    done
) &
loop=$!
# acked_since NS : how many sessions were acknowledged at or after NS (date +%s%N).
acked_since() { awk -v t="$1" '$1 >= t' "$acked" | wc -l; }
# stop_load : tell the client loop to stop and wait for its last call.
stop_load() {
    touch "$stop_load"
    wait "$loop" || true
}
tb_wait_for '[ "$(acked_since 0)" -ge 2 ]' 20 || {
    stop_load
    tb_die "no session was acknowledged before the kill; the client's attempts: $(tail -n 5 "$attempts")"
}
killed_at=$(date +%s%N)
ovsm_stop tlha-primary vsmserver KILL
tb_wait_for "ha_resource_on tlha-secondary" 15 || {
    stop_load
    tb_die "the resource IP did not move to tlha-secondary after vsmserver was killed (on: '$(ha_resource_holders)')"
}
tb_log "A: vsmserver killed on tlha-primary; $TB_RESOURCE_NAME moved to tlha-secondary"
tb_wait_for '[ "$(acked_since "$killed_at")" -ge 2 ]' 30 || {
    stop_load
    tb_die "no session was acknowledged within 30 s of the move: the secondary did not serve; the client's attempts since the kill: $(awk -v t="$((killed_at / 1000000))" '$2 >= t' "$attempts")"
}
stop_load
before=$(($(acked_since 0) - $(acked_since "$killed_at")))
after=$(acked_since "$killed_at")
on_secondary=$(session_ids tlha-secondary)
missing=0
while read -r _ id; do
    grep -qx "$id" <<<"$on_secondary" || { tb_log "acknowledged but missing: $id"; missing=$((missing + 1)); }
done <"$acked"
[ "$missing" -eq 0 ] || tb_die "$missing acknowledged session(s) missing on tlha-secondary"
tb_log "A: $before sessions acknowledged before the kill, $after after; acknowledged but missing: 0"

# --- B: the primary's disk lost ---------------------------------------------------------------
state=$(tb_host_root tlha-primary)/var/lib/openvsm/vsmserver
rm -rf "$state"
ovsm_start tlha-primary vsmserver
tb_wait_for 'ovsm_tlctl tlha-primary ha health >/dev/null 2>&1' 30 ||
    tb_die "tlha-primary did not become fit after its state folder was wiped: $(ovsm_tlctl tlha-primary ha status 2>&1)"
ovsm_tlctl tlha-primary ha status --json | tr -d '\n ' | grep -q '"last_resync_received":{[^}]*"kind":"full"' ||
    tb_die "tlha-primary did not get a full resync: $(ovsm_tlctl tlha-primary ha status 2>&1)"
tb_wait_for '[ "$(session_ids tlha-primary)" = "$(session_ids tlha-secondary)" ]' 15 ||
    tb_die "after the full resync tlha-primary lists other sessions than tlha-secondary"
count=$(session_ids tlha-primary | wc -l)
[ "$count" -eq "$(wc -l <"$acked")" ] || tb_die "tlha-primary holds $count sessions, $(wc -l <"$acked") were acknowledged"
tb_log "B: the wiped primary got all $count sessions back by a full resync"

# --- D: cable pull with keepalived as the seed configures it (no notify hook) ------------------
tb_wait_for 'ha_resource_on tlha-primary' 20 || tb_die "tlha did not come back to tlha-primary (on: '$(ha_resource_holders)')"
for host in "${TB_SERVERS[@]}"; do
    ha_stop_keepalived "$host"
done
for host in "${TB_SERVERS[@]}"; do
    TB_NOTIFY=none ha_start_keepalived "$host"
done
tb_wait_for 'ha_resource_on tlha-primary' 20 || tb_die "tlha did not come to tlha-primary (on: '$(ha_resource_holders)')"
tb_wait_for '[ "$(ovsm_ha_field tlha-secondary link)" = up ]' 15 ||
    tb_die "the replication link is not up: $(ovsm_tlctl tlha-secondary ha status 2>&1)"
seeduser=ovsd$$
ssh_make_user "$seeduser"
ovsm_tlclient "$seeduser" "$TB_RESOURCE_NAME" --timeout 10 --check >/dev/null ||
    tb_die "no session through $TB_RESOURCE_NAME before the cable pull"
# A call under way on the primary when its cable is pulled: its helper answers only after 30 s,
# so the client is waiting silently; tlclient's ssh keepalives must end it within seconds (a
# reset from the new holder of tlha, or no answer), not at its --timeout of 60 s.
slow=$TB_RUN/bin/slow-session-helper
printf '#!/bin/sh\nsleep 30\nexec tl-session-helper "$@"\n' >"$slow"
chmod 0755 "$slow"
(
    rc=0
    ovsm_tlclient "$seeduser" "$TB_RESOURCE_NAME" --timeout 60 --helper "$slow" --list >/dev/null 2>"$TB_RUN/inflight.err" || rc=$?
    echo "$rc $(tb_now_ms)" >"$TB_RUN/inflight"
) &
inflight=$!
# Under way: sshd on tlha-primary runs the helper (tlclient's own command line names it too).
tb_wait_for "ip netns pids $(tb_ns tlha-primary) | xargs -r ps -o args= -p | grep -q '^/bin/sh $slow'" 10 ||
    tb_die "the slow call did not reach tlha-primary: $(cat "$TB_RUN/inflight.err")"
log=$(tb_host_dir tlha-secondary)/vsmserver.log
seen=$(wc -l <"$log")
pulled_at=$(date +%s%N)
net_cable_pull tlha-primary
# A user who starts tlclient with --retry at the pull, while nobody answers on tlha yet: it
# tries again by itself until the secondary holds tlha, and reconnects to the same session.
(
    rc=0
    ovsm_tlclient "$seeduser" "$TB_RESOURCE_NAME" --timeout 10 --retry 30 --check >"$TB_RUN/retry.out" 2>"$TB_RUN/retry.err" || rc=$?
    echo "$rc $(tb_now_ms)" >"$TB_RUN/retry"
) &
retrying=$!
ip_ms=$(ha_ip_arrival_ms tlha-secondary "$pulled_at") ||
    tb_die "the resource IP did not move to tlha-secondary after the cable pull (on: '$(ha_resource_holders)')"
# The first attempt may meet the client's stale ARP entry for tlha; each attempt is timed on
# its own, and the first one that gets through must not have waited for the lost primary.
deadline=$(($(tb_now_ms) + 20000))
while :; do
    started=$(tb_now_ms)
    if reply=$(ovsm_tlclient "$seeduser" "$TB_RESOURCE_NAME" --timeout 10 --check 2>"$TB_RUN/d.err"); then
        took=$(($(tb_now_ms) - started))
        break
    fi
    [ "$(tb_now_ms)" -lt "$deadline" ] || tb_die "no session through $TB_RESOURCE_NAME after the takeover: $(cat "$TB_RUN/d.err")"
    sleep 0.1
done
grep -q 'reconnected login ok' <<<"$reply" || tb_die "after the takeover tlclient --check printed '$reply'"
tb_log "D: resource IP on tlha-secondary ${ip_ms} ms after the pull; the first tlclient --check through $TB_RESOURCE_NAME took ${took} ms"
since=$(tail -n +"$((seen + 1))" "$log")
[ "$took" -lt 2000 ] ||
    tb_die "the first tlclient --check after the takeover took ${took} ms (>= 2000): did tlha-secondary wait for the lost primary? $(grep 'HA degraded' <<<"$since")"
grep -q 'HA degraded: peer did not answer 3 heartbeats' <<<"$since" ||
    tb_die "tlha-secondary did not log that the primary missed its heartbeats: $(grep 'HA ' <<<"$since")"
[ "$(grep -c 'HA degraded' <<<"$since")" -eq 1 ] ||
    tb_die "tlha-secondary logged 'HA degraded' more than once: $(grep 'HA degraded' <<<"$since")"
tb_log "D: without a notify hook the secondary did not wait for the lost primary (its heartbeat noticed)"
wait "$inflight" || true
read -r inflight_rc inflight_end <"$TB_RUN/inflight"
inflight_ms=$((inflight_end - pulled_at / 1000000))
[ "$inflight_rc" -eq 3 ] || tb_die "the call under way at the pull exited $inflight_rc, expected 3 (unreachable): $(cat "$TB_RUN/inflight.err")"
[ "$inflight_ms" -lt 20000 ] ||
    tb_die "the call under way at the pull ended ${inflight_ms} ms after it (>= 20 s: the ssh keepalives did not end it): $(cat "$TB_RUN/inflight.err")"
tb_log "D: a call under way on the primary ended ${inflight_ms} ms after the pull: $(tail -n 1 "$TB_RUN/inflight.err")"
wait "$retrying" || true
read -r retry_rc retry_end <"$TB_RUN/retry"
[ "$retry_rc" -eq 0 ] || tb_die "tlclient --retry 30 started at the pull exited $retry_rc: $(cat "$TB_RUN/retry.err")"
grep -q 'reconnected login ok' "$TB_RUN/retry.out" ||
    tb_die "tlclient --retry 30 started at the pull printed '$(cat "$TB_RUN/retry.out")'"
tb_log "D: tlclient --retry 30 started at the pull reconnected $((retry_end - pulled_at / 1000000)) ms after it, after $(grep -c 'trying again' "$TB_RUN/retry.err") failed tries"

# --- C: node names that do not resolve ---------------------------------------------------------
ovsm_stop tlha-primary vsmserver
ovsm_config tlha-primary '/vsmserver/HA/nodes=nowhere-a.example.com nowhere-b.example.com' >/dev/null
ovsm_start tlha-primary vsmserver
tb_wait_for 'ovsm_tlctl tlha-primary ha status >/dev/null 2>&1' 15 || tb_die "vsmserver on tlha-primary does not answer"
status=$(ovsm_tlctl tlha-primary ha status)
grep -qE '^HA: +off' <<<"$status" || tb_die "HA is not off with unresolvable HA/nodes: $status"
grep -q 'does not resolve' <<<"$status" || tb_die "tlctl ha status does not say which name did not resolve: $status"
grep -q 'Validate your hostname and DNS setup' "$(tb_host_dir tlha-primary)/vsmserver.log" ||
    tb_die "the log does not tell the administrator what to fix"
tb_log "C: unresolvable HA/nodes: vsmserver runs without HA and says why"
tb_log "PASS"
