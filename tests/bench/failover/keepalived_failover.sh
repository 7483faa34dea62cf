#!/bin/bash
# Failover time of keepalived in the cluster test bed: N trials of "pull the primary's cable,
# wait until the resource IP is on the secondary", for VRRPv2 advert_int 1 and VRRPv3
# advert_int 0.1; prints every trial, the median and the worst. Run by hand as root, never
# part of the default test run:
#
#   OPENVSM_BUILD_BIN=build/bin tests/bench/failover/keepalived_failover.sh [-n TRIALS] [-a "1 0.1"] [-s]
#
# This measures the HA engine alone (keepalived's health check is /bin/true): the moment the
# IP arrives on the secondary; with -s also the first successful SSH login through tlha (the
# first step of every client request; host keys copied as the seed says). The time until the
# first successful session request through tlha on the secondary builds on it (what OpenVSM
# adds on top).
set -euo pipefail
# shellcheck source=packaging/dev/cluster/lib.sh
source "$(dirname "$0")/../../../packaging/dev/cluster/lib.sh"

trials=10
adverts="1 0.1"
ssh_probe=0
while getopts "n:a:sh" opt; do
    case $opt in
    n) trials=$OPTARG ;;
    a) adverts=$OPTARG ;;
    s) ssh_probe=1 ;;
    *)
        echo "usage: $0 [-n TRIALS] [-a 'ADVERT_INT...'] [-s]" >&2
        exit 2
        ;;
    esac
done
tb_require_root
export TB_HEALTH=selftest

# Retry `ssh tlha true` from the client until it works; prints the ms since START_NS.
ssh_arrival_ms() {
    local start=$1 now
    while :; do
        if ssh_client "$user" "$TB_RESOURCE_NAME" -o ConnectTimeout=1 -- true 2>/dev/null; then
            now=$(date +%s%N)
            echo $(((now - start) / 1000000))
            return 0
        fi
        now=$(date +%s%N)
        if [ $(((now - start) / 1000000)) -gt 30000 ]; then
            return 1
        fi
    done
}

# The pair is settled: primary MASTER with the IP, secondary BACKUP (listening for adverts).
settled() {
    ha_resource_on tlha-primary &&
        [ "$(ha_engine_state tlha-primary)" = MASTER ] &&
        [ "$(ha_engine_state tlha-secondary)" = BACKUP ]
}

stats_machine
declare -A summary ssh_summary
user=ovb$$
for advert in $adverts; do
    export TB_ADVERT_INT=$advert
    net_up
    if [ "$ssh_probe" -eq 1 ]; then
        ssh_make_user "$user" 2>/dev/null
        ssh_start tlha-primary 2>/dev/null
        ssh_start tlha-secondary 2>/dev/null
        ssh_copy_host_keys tlha-primary tlha-secondary 2>/dev/null
    fi
    ha_start_keepalived tlha-primary
    ha_start_keepalived tlha-secondary
    tb_wait_for settled 20 || tb_die "the pair did not settle (IP on '$(ha_resource_holders)')"
    if [ "$ssh_probe" -eq 1 ]; then
        ssh_client "$user" "$TB_RESOURCE_NAME" -o StrictHostKeyChecking=accept-new -- true ||
            tb_die "ssh to $TB_RESOURCE_NAME does not work before the first trial"
    fi
    results=()
    ssh_results=()
    for trial in $(seq 1 "$trials"); do
        # A random pause so the pull lands at a random phase of the advert cycle.
        sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
        start=$(date +%s%N)
        net_cable_pull tlha-primary 2>/dev/null
        ms=$(ha_ip_arrival_ms tlha-secondary "$start") || tb_die "trial $trial: the IP did not reach the secondary within 15 s"
        results+=("$ms")
        line=$(printf 'advert_int %-4s trial %2d: resource IP on the secondary after %5d ms' "$advert" "$trial" "$ms")
        if [ "$ssh_probe" -eq 1 ]; then
            ms=$(ssh_arrival_ms "$start") || tb_die "trial $trial: no ssh login through $TB_RESOURCE_NAME within 30 s"
            ssh_results+=("$ms")
            line+=$(printf ', first ssh login through %s after %5d ms' "$TB_RESOURCE_NAME" "$ms")
        fi
        echo "$line"
        net_cable_plug tlha-primary 2>/dev/null
        tb_wait_for settled 20 || tb_die "trial $trial: the primary did not take the IP back (on '$(ha_resource_holders)')"
    done
    summary[$advert]=$(printf '%s\n' "${results[@]}" | stats_summary)
    if [ "$ssh_probe" -eq 1 ]; then
        ssh_summary[$advert]=$(printf '%s\n' "${ssh_results[@]}" | stats_summary)
    fi
    net_down
done
echo
for advert in $adverts; do
    version=VRRPv2
    if [[ $advert == *.* ]]; then
        version=VRRPv3
    fi
    echo "advert_int $advert ($version): IP on the secondary: ${summary[$advert]}"
    if [ "$ssh_probe" -eq 1 ]; then
        echo "advert_int $advert ($version): first ssh login through $TB_RESOURCE_NAME: ${ssh_summary[$advert]}"
    fi
done
