#!/bin/bash
# Failover time of the whole OpenVSM cluster in the test bed, as a user sees it: N trials of
# "pull the primary's cable, then `tlclient --check` through tlha until it reconnects to the
# user's session on the secondary (VNC login included)", for VRRPv2 advert_int 1 and VRRPv3
# advert_int 0.1. keepalived's health check is the real `tlctl ha health`. Run by hand as
# root, never part of the default test run:
#
#   OPENVSM_BUILD_BIN=build/bin tests/bench/failover/session_failover.sh [-n TRIALS] [-a "1 0.1"] [-t SYNC_TIMEOUT]
#
# TB_NOTIFY=none configures keepalived without OpenVSM's notify hook, as the seed's HA guide
# does (packaging/dev/cluster/ha.sh); the default is the shipped configuration, with the hook.
#
# Per trial it prints, from the cable pull:
#   ip       the resource IP is on the secondary (keepalived's part),
#   session  the first `tlclient --check` that reconnects to the same session succeeded;
#            attempts start the moment the IP arrives (a client retrying blindly before that
#            only adds its own retry interval),
#   openvsm  session - ip: what comes on top of the IP move (ssh login, tl-session-helper,
#            vsmserver on the secondary asking the agent, the VNC tunnel and login).
# For scale, the same `tlclient --check` with no failover ("steady") is timed five times before
# the trials and once after each (once the primary has taken tlha back), in one summary.
# Between trials the cable is plugged back and the primary, once resynchronised and fit,
# takes tlha back (preemption). -t sets /vsmserver/HA/sync_timeout (default 5 s) on both
# servers: with sync replication, the first change the new active node makes after the cable
# pull waits that long for the lost peer's acknowledgement before it answers degraded.
set -euo pipefail
# shellcheck source=packaging/dev/cluster/lib.sh
source "$(dirname "$0")/../../../packaging/dev/cluster/lib.sh"

trials=10
adverts="1 0.1"
while getopts "n:a:t:h" opt; do
    case $opt in
    n) trials=$OPTARG ;;
    a) adverts=$OPTARG ;;
    t) export TB_SYNC_TIMEOUT=$OPTARG ;;
    *)
        echo "usage: $0 [-n TRIALS] [-a 'ADVERT_INT...'] [-t SYNC_TIMEOUT]" >&2
        exit 2
        ;;
    esac
done
tb_require_root
export TB_HEALTH=auto TB_PREEMPT=preempt TB_CONNECT_TIMEOUT=2
if ! ovsm_has_ha; then
    tb_die "this build's tlctl has no 'ha health': the benchmark needs HA replication (issue 5)"
fi

session_re='^session ([^ ]+) agent ([^ ]+) display ([0-9]+) (new|reconnected) login ok '

# One `tlclient --check` as $user through tlha; prints its line, fails with tlclient's code.
check() {
    ovsm_tlclient "$user" "$TB_RESOURCE_NAME" --timeout 10 --check 2>"$TB_RUN/client/check.err"
}

# Retry the check until it reconnects to session $want; prints the ms since START_NS and the
# number of attempts it took.
session_arrival_ms() {
    local start=$1 now out attempts=0
    while :; do
        attempts=$((attempts + 1))
        if out=$(check) && [[ $out =~ $session_re ]] && [ "${BASH_REMATCH[1]}" = "$want" ]; then
            now=$(date +%s%N)
            echo "$(((now - start) / 1000000)) $attempts"
            return 0
        fi
        if grep -qiE 'host key verification failed|IDENTIFICATION HAS CHANGED' "$TB_RUN/client/check.err"; then
            echo "host-key complaint: $(cat "$TB_RUN/client/check.err")" >&2
            return 1
        fi
        now=$(date +%s%N)
        if [ $(((now - start) / 1000000)) -gt 30000 ]; then
            echo "last attempt: $out $(cat "$TB_RUN/client/check.err")" >&2
            return 1
        fi
        sleep 0.02
    done
}

# The pair is settled: the primary holds tlha as MASTER, is caught up with the secondary and
# holds the session; the secondary is BACKUP.
# The engine states are what the notify hook recorded: without a hook (TB_NOTIFY=none) the
# resource IP alone says who is MASTER.
settled() {
    ha_resource_on tlha-primary || return 1
    if [ "${TB_NOTIFY:-hook}" = hook ]; then
        [ "$(ha_engine_state tlha-primary)" = MASTER ] &&
            [ "$(ha_engine_state tlha-secondary)" = BACKUP ] || return 1
    fi
    [ "$(ovsm_ha_field tlha-primary link)" = up ] &&
        [ "$(ovsm_ha_field tlha-primary caught_up)" = true ]
}

stats_machine
echo "/vsmserver/HA/sync_timeout: ${TB_SYNC_TIMEOUT:-default (5)} s"
declare -A ip_summary session_summary added_summary steady_summary
user=ovf$$
for advert in $adverts; do
    export TB_ADVERT_INT=$advert
    net_up
    ovsm_cluster_up 2>/dev/null
    ssh_make_user "$user" 2>/dev/null
    out=$(check) || tb_die "the first tlclient --check through $TB_RESOURCE_NAME failed: $(cat "$TB_RUN/client/check.err")"
    [[ $out =~ $session_re ]] || tb_die "tlclient --check printed '$out'"
    want=${BASH_REMATCH[1]}
    echo "advert_int $advert: session $want on ${BASH_REMATCH[2]} display ${BASH_REMATCH[3]}"
    tb_wait_for settled 30 || tb_die "the pair did not settle (IP on '$(ha_resource_holders)')"
    steady=()
    for _ in 1 2 3 4 5; do
        start=$(date +%s%N)
        check >/dev/null || tb_die "steady-state tlclient --check failed: $(cat "$TB_RUN/client/check.err")"
        steady+=($((($(date +%s%N) - start) / 1000000)))
    done
    ips=() sessions=() added=()
    for trial in $(seq 1 "$trials"); do
        # A random pause so the pull lands at a random phase of the advert cycle.
        sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
        start=$(date +%s%N)
        net_cable_pull tlha-primary 2>/dev/null
        ip=$(ha_ip_arrival_ms tlha-secondary "$start") || tb_die "trial $trial: the IP did not reach the secondary within 15 s"
        arrival=$(session_arrival_ms "$start") || tb_die "trial $trial: no reconnect to $want through $TB_RESOURCE_NAME within 30 s"
        read -r ms attempts <<<"$arrival"
        ips+=("$ip") sessions+=("$ms") added+=($((ms - ip)))
        net_cable_plug tlha-primary 2>/dev/null
        tb_wait_for settled 60 || tb_die "trial $trial: the primary did not take tlha back (on '$(ha_resource_holders)')"
        # One more check without a failover, between the trials: the baseline under the same
        # conditions as they had.
        start=$(date +%s%N)
        check >/dev/null || tb_die "steady-state tlclient --check failed: $(cat "$TB_RUN/client/check.err")"
        steady+=($((($(date +%s%N) - start) / 1000000)))
        printf 'advert_int %-4s trial %2d: ip %5d ms, session %5d ms, openvsm %5d ms (%d attempt(s)); then a check without failover %5d ms\n' \
            "$advert" "$trial" "$ip" "$ms" $((ms - ip)) "$attempts" "${steady[-1]}"
    done
    steady_summary[$advert]=$(printf '%s\n' "${steady[@]}" | stats_summary)
    ip_summary[$advert]=$(printf '%s\n' "${ips[@]}" | stats_summary)
    session_summary[$advert]=$(printf '%s\n' "${sessions[@]}" | stats_summary)
    added_summary[$advert]=$(printf '%s\n' "${added[@]}" | stats_summary)
    net_down
done
echo
for advert in $adverts; do
    version=VRRPv2
    if [[ $advert == *.* ]]; then
        version=VRRPv3
    fi
    echo "advert_int $advert ($version): cable pull -> IP on the secondary:        ${ip_summary[$advert]}"
    echo "advert_int $advert ($version): cable pull -> session reconnected via tlha: ${session_summary[$advert]}"
    echo "advert_int $advert ($version): on top of the IP move (OpenVSM + ssh + VNC): ${added_summary[$advert]}"
    echo "advert_int $advert ($version): tlclient --check without failover:         ${steady_summary[$advert]}"
done
