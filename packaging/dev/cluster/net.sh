# shellcheck shell=bash
# The network (prefix net_): namespaces, the switch, addresses and /etc/hosts; cables; tear-down.
# Part of the cluster test bed: sourced by lib.sh, never on its own.

net_hosts_file() {
    local host
    echo "127.0.0.1 localhost"
    echo "::1 localhost ip6-localhost ip6-loopback"
    for host in "${TB_HOSTS[@]}"; do
        echo "${TB_ADDR[$host]} $host.$TB_DOMAIN $host"
    done
    echo "$TB_RESOURCE_IP $TB_RESOURCE_NAME.$TB_DOMAIN $TB_RESOURCE_NAME"
}

# Runs that died without tearing down (killed by a CTest timeout, say): their shell's pid is
# gone. Kill what still runs in their namespaces, delete those, their /etc/netns folders, their
# test users and run folders. Only ovsm<digits> prefixes are considered, so a demo started with
# a prefix of its own is never reaped.
net_reap_stale() {
    local ns pid run user
    for ns in $(ip netns list | awk '{print $1}' | grep -E '^ovsm[0-9]+-' || true); do
        pid=${ns#ovsm}
        pid=${pid%%-*}
        if [ "ovsm$pid" = "$TB_PREFIX" ] || kill -0 "$pid" 2>/dev/null; then
            continue
        fi
        tb_log "reaping namespace $ns of a dead run (pid $pid)"
        net_kill_ns "$ns"
        ip netns del "$ns" 2>/dev/null || true
        rm -rf "/etc/netns/$ns"
    done
    for run in "${TB_RUN_BASE:-/tmp}"/ovsm*.run; do
        [ -d "$run" ] || continue
        pid=${run##*/ovsm}
        pid=${pid%.run}
        case "$pid" in
        '' | *[!0-9]*) continue ;;
        esac
        if [ "ovsm$pid" = "$TB_PREFIX" ] || kill -0 "$pid" 2>/dev/null; then
            continue
        fi
        tb_log "reaping run folder $run of a dead run (pid $pid)"
        if [ -f "$run/users" ]; then
            while read -r user; do
                if [ -n "$user" ] && getent passwd "$user" >/dev/null; then
                    ssh_remove_user "$user"
                fi
            done <"$run/users"
        fi
        rm -rf "$run"
    done
}

net_up() {
    if [ "$(id -u)" -ne 0 ]; then
        tb_die "net_up needs root"
    fi
    if [ -z "${TB_NO_TRAP:-}" ]; then
        trap 'tb_exit_trap $?' EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
    fi
    net_reap_stale
    if ip netns list | grep -q "^$TB_PREFIX-"; then
        tb_die "namespaces $TB_PREFIX-* exist already (another run with this prefix?)"
    fi
    mkdir -p "$TB_RUN" /run/sshd
    chmod 0755 "$TB_RUN" # test users must reach their home folders below it
    : >"$TB_RUN/pids"
    : >"$TB_RUN/users"
    local sw host ns short
    sw=$(tb_switch_ns)
    ip netns add "$sw"
    ip -n "$sw" link set lo up
    ip -n "$sw" link add br0 type bridge
    # VRRP adverts go to 224.0.0.18; no snooping so every port sees every multicast.
    ip -n "$sw" link set br0 type bridge mcast_snooping 0
    ip -n "$sw" link set br0 up
    for host in "${TB_HOSTS[@]}"; do
        ns=$(tb_ns "$host")
        short=${TB_SHORT[$host]}
        ip netns add "$ns"
        mkdir -p "/etc/netns/$ns"
        net_hosts_file >"/etc/netns/$ns/hosts"
        ip -n "$ns" link set lo up
        ip -n "$sw" link add "$short" type veth peer name eth0 netns "$ns"
        ip -n "$sw" link set "$short" master br0
        ip -n "$sw" link set "$short" up
        ip -n "$ns" addr add "${TB_ADDR[$host]}/$TB_PREFIX_LEN" dev eth0
        ip -n "$ns" link set eth0 up
        tb_make_root "$host"
    done
    tb_log "network up: prefix $TB_PREFIX, run folder $TB_RUN"
}

# net_pids NS... : the pids of every process in the namespaces NS..., one per line.
net_pids() {
    local ns
    for ns in "$@"; do
        ip netns pids "$ns" 2>/dev/null || true
    done
}

# net_kill_ns NS... : kill every process in the namespaces NS..., all at once: TERM, a second
# TERM (a vsmserver stops at once on it, without its HA shutdown grace), up to 2 s in all,
# then KILL.
net_kill_ns() {
    local pids i
    pids=$(net_pids "$@")
    if [ -z "$pids" ]; then
        return 0
    fi
    # shellcheck disable=SC2086 # one pid per word
    kill -TERM $pids 2>/dev/null || true
    for i in $(seq 1 40); do
        pids=$(net_pids "$@")
        if [ -z "$pids" ]; then
            return 0
        fi
        if [ "$i" -eq 2 ]; then
            # shellcheck disable=SC2086
            kill -TERM $pids 2>/dev/null || true
        fi
        sleep 0.05
    done
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    for _ in $(seq 1 40); do
        if [ -z "$(net_pids "$@")" ]; then
            return 0
        fi
        sleep 0.05
    done
    tb_log "warning: processes in $* survived SIGKILL: $(net_pids "$@" | tr '\n' ' ')"
}

# Tear everything of this run down: processes, namespaces, /etc/netns files, test users, the
# run folder. Safe to call twice and from a shell that did not run net_up (same TB_PREFIX).
net_down() {
    local ns user
    # shellcheck disable=SC2046 # one namespace per word
    net_kill_ns $(ip netns list | awk '{print $1}' | grep "^$TB_PREFIX-" || true)
    for ns in $(ip netns list | awk '{print $1}' | grep "^$TB_PREFIX-" || true); do
        ip netns del "$ns" || tb_log "warning: cannot delete namespace $ns"
    done
    rm -rf /etc/netns/"$TB_PREFIX"-*
    if [ -f "$TB_RUN/users" ]; then
        while read -r user; do
            if [ -n "$user" ]; then
                ssh_remove_user "$user"
            fi
        done <"$TB_RUN/users"
    fi
    if [ -z "${TB_KEEP_RUN:-}" ]; then
        rm -rf "$TB_RUN"
    else
        tb_log "run folder kept: $TB_RUN"
    fi
}

net_cable_pull() { # the host's cable out of the switch: its eth0 loses carrier
    ip -n "$(tb_switch_ns)" link set "${TB_SHORT[$1]}" down
    tb_log "cable pulled: $1"
}

net_cable_plug() {
    ip -n "$(tb_switch_ns)" link set "${TB_SHORT[$1]}" up
    tb_log "cable plugged: $1"
}

net_listening() { # net_listening HOST PORT
    [ -n "$(ip netns exec "$(tb_ns "$1")" ss -Hltn "sport = :$2" 2>/dev/null)" ]
}
