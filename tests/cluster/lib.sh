# shellcheck shell=bash disable=SC2034 # its globals are read by the scripts that source it
# OpenVSM cluster test bed: a small network of test hosts in network namespaces.
#
#   source tests/cluster/lib.sh
#   net_up                       # namespaces, switch, addresses, /etc/netns/<ns>/hosts
#   start_sshd tlha-primary
#   start_keepalived tlha-primary ...
#   net_down                     # also runs from the EXIT trap, on success and on failure
#
# Hosts (their own `uname -n`, /etc/hosts, OPENVSM_ROOT and eth0):
#   tlha-primary 10.0.0.2, tlha-secondary 10.0.0.3, agent1 10.0.0.11, agent2 10.0.0.12,
#   client 10.0.0.20; the resource IP 10.0.0.4 is named `tlha`. Every name also exists as
#   NAME.example.com.
#
# Nothing in the host's root network namespace is touched: every veth pair is created inside
# the "switch" namespace (whose bridge connects the hosts) with its far end moved straight into
# the host's namespace, where it is called eth0. Interface names therefore never collide between
# runs; namespace names carry a per-run prefix (TB_PREFIX, default ovsm<pid>) so that parallel
# or leftover runs never collide either.
#
# Environment read:
#   OPENVSM_BUILD_BIN   the build's bin folder (vsmserver, vsmagent, tlctl, tl-config, ...)
#   OPENVSM_SOURCE_DIR  the source tree (default: two levels above this file)
#   TB_PREFIX           namespace prefix (default ovsm<pid of the sourcing shell>)
#   TB_RUN_BASE         where the run folder is created (default /tmp)
#   TB_KEEP_RUN=1       keep the run folder (logs, configs) after net_down
#   TB_NO_TRAP=1        do not install the EXIT trap (a demo that outlives its shell)
#   TB_ADVERT_INT       keepalived advert_int: 1 (VRRPv2) or a fraction such as 0.1 (VRRPv3)
#   TB_PREEMPT          preempt (default) | nopreempt | delay:SECONDS
#   TB_HEALTH           auto (default: the real `tlctl ha health`) | selftest (/bin/true)
#   TB_CONNECT_TIMEOUT  ssh ConnectTimeout of client_tlclient (default 3 s)
#   TB_SYNC_TIMEOUT     /vsmserver/HA/sync_timeout set by openvsm_cluster_up (default: not set)
#   TB_DISPLAY_BASE     first X display of agent1 in openvsm_cluster_up (default 600; agent2 +50)

if [ -n "${TB_LIB_LOADED:-}" ]; then
    return 0
fi
TB_LIB_LOADED=1

TB_SRC=${OPENVSM_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TB_BIN=${OPENVSM_BUILD_BIN:-}
TB_PREFIX=${TB_PREFIX:-ovsm$$}
TB_RUN=${TB_RUN_BASE:-/tmp}/$TB_PREFIX.run
TB_DOMAIN=example.com
TB_RESOURCE_NAME=tlha
TB_RESOURCE_IP=10.0.0.4
TB_PREFIX_LEN=24
TB_VRID=51
TB_HOSTS=(tlha-primary tlha-secondary agent1 agent2 client)
TB_SERVERS=(tlha-primary tlha-secondary)
declare -gA TB_ADDR=(
    [tlha-primary]=10.0.0.2 [tlha-secondary]=10.0.0.3
    [agent1]=10.0.0.11 [agent2]=10.0.0.12 [client]=10.0.0.20
)
# Short names: the namespace suffix and the switch-side interface name (<= 15 characters).
declare -gA TB_SHORT=(
    [tlha-primary]=pri [tlha-secondary]=sec [agent1]=ag1 [agent2]=ag2 [client]=cli
)
# keepalived priorities: the primary is normally MASTER.
declare -gA TB_PRIORITY=([tlha-primary]=150 [tlha-secondary]=100)
TB_T0=$(date +%s%N)
# Set by wait_for and host_bg for the caller.
TB_WAITED_MS=0 TB_LAST_PID=""

# --- small helpers ----------------------------------------------------------------------------

tb_log() {
    local cs
    cs=$((($(date +%s%N) - TB_T0) / 10000000))
    printf '[%3d.%02ds] %s\n' $((cs / 100)) $((cs % 100)) "$*" >&2
}

tb_die() {
    tb_log "FAIL: $*"
    exit 1
}

tb_ns() { # tb_ns HOST -> the host's namespace name
    local short=${TB_SHORT[$1]:-}
    [ -n "$short" ] || tb_die "unknown test host '$1' (known: ${TB_HOSTS[*]})"
    printf '%s-%s\n' "$TB_PREFIX" "$short"
}

tb_switch_ns() { printf '%s-sw\n' "$TB_PREFIX"; }

host_dir() { printf '%s/hosts/%s\n' "$TB_RUN" "$1"; }

host_root() { printf '%s/root\n' "$(host_dir "$1")"; }

tb_now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Run as root, else exit 77 (CTest's SKIP_RETURN_CODE) with the reason.
tb_require_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "SKIP: needs root (network namespaces, sshd, keepalived, useradd); run as root" >&2
        exit 77
    fi
    local tool probe=$TB_PREFIX-probe
    for tool in ip unshare keepalived /usr/sbin/sshd ssh ssh-keygen useradd userdel ss; do
        if ! command -v "$tool" >/dev/null; then
            echo "SKIP: '$tool' is missing; run packaging/dev/install-deps" >&2
            exit 77
        fi
    done
    # Root in a container may still lack what the bed needs (CAP_SYS_ADMIN, a writable /run).
    if ! ip netns add "$probe" 2>/dev/null; then
        echo "SKIP: cannot create a network namespace ('ip netns add' failed): a container without CAP_SYS_ADMIN?" >&2
        exit 77
    fi
    if ! ip netns exec "$probe" unshare --uts true 2>/dev/null; then
        ip netns del "$probe" 2>/dev/null || true
        echo "SKIP: cannot enter a network namespace with its own UTS namespace (ip netns exec / unshare --uts failed)" >&2
        exit 77
    fi
    ip netns del "$probe"
}

# --- running things on a host -----------------------------------------------------------------

# The environment every process on a test host gets: its own OPENVSM_ROOT, the build's
# programs first on PATH.
tb_host_env() {
    local path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    if [ -n "$TB_BIN" ]; then
        path=$TB_BIN:$path
    fi
    printf '%s\n' "OPENVSM_ROOT=$(host_root "$1")" "PATH=$path" "LANG=C.UTF-8"
}

# tb_host_argv HOST CMD... : sets TB_ARGV to the command line that runs CMD on HOST: in the
# host's network namespace (and its /etc/hosts), with its own UTS namespace named HOST, and the
# host's environment. Every step execs the next, so the command keeps the first pid.
tb_host_argv() {
    local host=$1 ns
    shift
    ns=$(tb_ns "$host")
    local -a envs
    mapfile -t envs < <(tb_host_env "$host")
    # shellcheck disable=SC2016 # expanded by the inner sh
    TB_ARGV=(ip netns exec "$ns" unshare --uts sh -c 'hostname "$0"; exec env "$@"' "$host" "${envs[@]}" "$@")
}

# host_exec HOST CMD... : run CMD on HOST (see tb_host_argv) and wait for it.
host_exec() {
    local -a TB_ARGV
    tb_host_argv "$@"
    "${TB_ARGV[@]}"
}

# host_bg HOST LOGFILE CMD... : start CMD in the background on HOST, output appended to LOGFILE
# (a restarted program's log follows its previous run). Sets TB_LAST_PID to the command's own
# pid (a plain command in the background, so no subshell sits in between) and records it.
host_bg() {
    local host=$1 log=$2
    shift 2
    local -a TB_ARGV
    tb_host_argv "$host" "$@"
    "${TB_ARGV[@]}" >>"$log" 2>&1 </dev/null &
    TB_LAST_PID=$!
    echo "$TB_LAST_PID $host $1" >>"$TB_RUN/pids"
}

# wait_for COND TIMEOUT : poll the shell condition COND (a string, eval'd) every 20 ms until it
# succeeds (return 0) or TIMEOUT seconds pass (return 1). TB_WAITED_MS says how long it took.
wait_for() {
    local cond=$1 timeout=$2 start now deadline
    start=$(tb_now_ms)
    deadline=$((start + $(awk -v t="$timeout" 'BEGIN { printf "%d", t * 1000 }')))
    while :; do
        if eval "$cond"; then
            now=$(tb_now_ms)
            TB_WAITED_MS=$((now - start))
            return 0
        fi
        now=$(tb_now_ms)
        if [ "$now" -ge "$deadline" ]; then
            TB_WAITED_MS=$((now - start))
            return 1
        fi
        sleep 0.02
    done
}

# --- the network --------------------------------------------------------------------------------

tb_hosts_file() {
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
tb_reap_stale() {
    local ns pid run user
    for ns in $(ip netns list | awk '{print $1}' | grep -E '^ovsm[0-9]+-' || true); do
        pid=${ns#ovsm}
        pid=${pid%%-*}
        if [ "ovsm$pid" = "$TB_PREFIX" ] || kill -0 "$pid" 2>/dev/null; then
            continue
        fi
        tb_log "reaping namespace $ns of a dead run (pid $pid)"
        tb_kill_ns "$ns"
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
                    tb_remove_user "$user"
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
    tb_reap_stale
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
        tb_hosts_file >"/etc/netns/$ns/hosts"
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

# A host's own OPENVSM_ROOT: the shipped default configuration and the state folders.
tb_make_root() {
    local root
    root=$(host_root "$1")
    mkdir -p "$root/etc" "$root/var/run/openvsm" "$root/var/lib/openvsm" "$root/var/log/openvsm"
    cp -r "$TB_SRC/packaging/etc/." "$root/etc/"
}

# Kill every process in namespace NS: TERM, up to 2 s grace, then KILL.
tb_kill_ns() {
    local ns=$1 pids
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    if [ -z "$pids" ]; then
        return 0
    fi
    # shellcheck disable=SC2086 # one pid per word
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 1 40); do
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        if [ -z "$pids" ]; then
            return 0
        fi
        sleep 0.05
    done
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    for _ in $(seq 1 40); do
        if [ -z "$(ip netns pids "$ns" 2>/dev/null || true)" ]; then
            return 0
        fi
        sleep 0.05
    done
    tb_log "warning: processes in $ns survived SIGKILL: $(ip netns pids "$ns" | tr '\n' ' ')"
}

# Tear everything of this run down: processes, namespaces, /etc/netns files, test users, the
# run folder. Safe to call twice and from a shell that did not run net_up (same TB_PREFIX).
net_down() {
    local ns user
    for ns in $(ip netns list | awk '{print $1}' | grep "^$TB_PREFIX-" || true); do
        tb_kill_ns "$ns"
    done
    for ns in $(ip netns list | awk '{print $1}' | grep "^$TB_PREFIX-" || true); do
        ip netns del "$ns" || tb_log "warning: cannot delete namespace $ns"
    done
    rm -rf /etc/netns/"$TB_PREFIX"-*
    if [ -f "$TB_RUN/users" ]; then
        while read -r user; do
            if [ -n "$user" ]; then
                tb_remove_user "$user"
            fi
        done <"$TB_RUN/users"
    fi
    if [ -z "${TB_KEEP_RUN:-}" ]; then
        rm -rf "$TB_RUN"
    else
        tb_log "run folder kept: $TB_RUN"
    fi
}

# tb_remove_user NAME : a test user made by make_user, with its user-private group. Its
# processes all lived in our namespaces and are gone by now; one that escaped is killed by
# uid, never by name.
tb_remove_user() {
    local uid pid
    if uid=$(id -u "$1" 2>/dev/null); then
        for pid in $(ps -o pid= -u "$uid" 2>/dev/null || true); do
            kill -KILL "$pid" 2>/dev/null || true
        done
    fi
    userdel "$1" 2>/dev/null || tb_log "warning: cannot remove user $1"
    if getent group "$1" >/dev/null; then
        groupdel "$1" 2>/dev/null || true
    fi
}

# On failure: show the tail of every log of the run, then tear down.
tb_exit_trap() {
    local rc=$1 log
    trap - EXIT
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ] && [ -d "$TB_RUN" ]; then
        for log in "$TB_RUN"/hosts/*/*.log; do
            [ -f "$log" ] || continue
            echo "----- ${log#"$TB_RUN"/hosts/} (last 30 lines) -----" >&2
            tail -n 30 "$log" >&2
        done
    fi
    net_down
    exit "$rc"
}

# tb_assert_clean [PIDFILE] : fails (return 1, with the reason) when anything of this run is
# still there: namespaces, /etc/netns folders, or a process listed in PIDFILE.
tb_assert_clean() {
    local left=0 pid rest
    if ip netns list | grep -q "^$TB_PREFIX-"; then
        tb_log "left over namespaces: $(ip netns list | grep "^$TB_PREFIX-" | tr '\n' ' ')"
        left=1
    fi
    if compgen -G "/etc/netns/$TB_PREFIX-*" >/dev/null; then
        tb_log "left over /etc/netns folders: $(echo /etc/netns/"$TB_PREFIX"-*)"
        left=1
    fi
    # The pid list of the run (copied by the caller before net_down removed the run folder).
    if [ -n "${1:-}" ] && [ -f "$1" ]; then
        while read -r pid rest; do
            if kill -0 "$pid" 2>/dev/null; then
                tb_log "left over process $pid ($rest)"
                left=1
            fi
        done <"$1"
    fi
    return "$left"
}

cable_pull() { # the host's cable out of the switch: its eth0 loses carrier
    ip -n "$(tb_switch_ns)" link set "${TB_SHORT[$1]}" down
    tb_log "cable pulled: $1"
}

cable_plug() {
    ip -n "$(tb_switch_ns)" link set "${TB_SHORT[$1]}" up
    tb_log "cable plugged: $1"
}

# --- OpenVSM programs -----------------------------------------------------------------------

# host_tlconfig HOST ARGS... : the build's tl-config on HOST (its own OPENVSM_ROOT), e.g.
#   host_tlconfig agent1 "/vsmagent/master_hostname=tlha"
host_tlconfig() {
    local host=$1
    shift
    if [ -z "$TB_BIN" ] || [ ! -x "$TB_BIN/tl-config" ]; then
        tb_die "tl-config is not built (\$OPENVSM_BUILD_BIN/tl-config)"
    fi
    host_exec "$host" "$TB_BIN/tl-config" "$@"
}

# start_daemon HOST PROGRAM [ARGS...] : the build's PROGRAM (vsmserver, vsmagent) on HOST with
# --foreground, log <host>/PROGRAM.log, pid <host>/PROGRAM.pid.
start_daemon() {
    local host=$1 prog=$2
    shift 2
    if [ -z "$TB_BIN" ] || [ ! -x "$TB_BIN/$prog" ]; then
        tb_die "$prog is not built (\$OPENVSM_BUILD_BIN/$prog)"
    fi
    host_bg "$host" "$(host_dir "$host")/$prog.log" "$TB_BIN/$prog" --foreground "$@"
    echo "$TB_LAST_PID" >"$(host_dir "$host")/$prog.pid"
    tb_log "$prog started on $host (pid $TB_LAST_PID)"
}

daemon_pid() { # daemon_pid HOST PROGRAM : the pid start_daemon recorded, if it still runs
    local f pid
    f=$(host_dir "$1")/$2.pid
    [ -f "$f" ] || return 1
    pid=$(cat "$f")
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

# stop_daemon HOST PROGRAM [SIGNAL] : send SIGNAL (default TERM; KILL for a crash) and wait
# until the process is gone (SIGKILL after 10 s).
stop_daemon() {
    local host=$1 prog=$2 sig=${3:-TERM} pid
    pid=$(daemon_pid "$host" "$prog") || return 0
    kill "-$sig" "$pid" 2>/dev/null || true
    if ! wait_for "! kill -0 $pid 2>/dev/null" 10; then
        tb_log "$prog on $host ignored SIG$sig for 10 s; SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    rm -f "$(host_dir "$host")/$prog.pid"
    tb_log "$prog on $host stopped (SIG$sig)"
}

restart_daemon() { # restart_daemon HOST PROGRAM [ARGS...]
    stop_daemon "$1" "$2"
    start_daemon "$@"
}

# --- sshd -----------------------------------------------------------------------------------

# host_ssh_keys HOST : where HOST's sshd host keys live: <its OPENVSM_ROOT>/etc/ssh, as /etc/ssh
# on a real machine (vsmserver reads the public halves there for the setup wizard).
host_ssh_keys() { printf '%s/etc/ssh\n' "$(host_root "$1")"; }

# start_sshd HOST : a real sshd on port 22 of HOST, with its own host key (host_ssh_keys) and
# config in the host's folder. ListenAddress 0.0.0.0 so it also answers on the resource IP once
# the host holds it. UsePAM no: accounts are checked by sshd alone (test users have password `*`).
start_sshd() {
    local host=$1 dir keys
    dir=$(host_dir "$host")/sshd
    keys=$(host_ssh_keys "$host")
    mkdir -p "$dir" "$keys"
    chmod 0700 "$dir"
    if [ ! -f "$keys/ssh_host_ed25519_key" ]; then
        ssh-keygen -q -t ed25519 -N '' -C "$host" -f "$keys/ssh_host_ed25519_key"
    fi
    # Commands run by sshd get no login shell: the host's OPENVSM_ROOT (tl-session-helper
    # finds the local vsmserver's socket there) and the OpenVSM programs on PATH.
    tb_user_bin
    cat >"$dir/sshd_config" <<EOF
Port 22
ListenAddress 0.0.0.0
HostKey $keys/ssh_host_ed25519_key
PidFile $dir/sshd.pid
UsePAM no
PermitRootLogin no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile .ssh/authorized_keys
StrictModes yes
AllowTcpForwarding yes
X11Forwarding no
PrintMotd no
LogLevel VERBOSE
SetEnv OPENVSM_ROOT=$(host_root "$host") PATH=$TB_RUN/bin:${TB_BIN:+$TB_BIN:}/usr/local/bin:/usr/bin:/bin
EOF
    host_bg "$host" "$(host_dir "$host")/sshd.log" /usr/sbin/sshd -D -e -f "$dir/sshd_config"
    echo "$TB_LAST_PID" >"$dir/pid"
    wait_for "tb_listening $host 22" 10 || tb_die "sshd on $host does not listen on port 22 (see $(host_dir "$host")/sshd.log)"
    tb_log "sshd up on $host"
}

# tb_user_bin : the programs test users run (tlclient on the client, tl-session-helper through
# sshd), copied from the build to $TB_RUN/bin: a build tree below a 0700 home folder (root's
# clone) is out of the test users' reach.
tb_user_bin() {
    local prog
    mkdir -p "$TB_RUN/bin"
    for prog in tlclient tl-session-helper; do
        if [ -n "$TB_BIN" ] && [ -x "$TB_BIN/$prog" ] && [ ! -x "$TB_RUN/bin/$prog" ]; then
            install -m 0755 "$TB_BIN/$prog" "$TB_RUN/bin/$prog"
        fi
    done
}

tb_listening() { # tb_listening HOST PORT
    [ -n "$(ip netns exec "$(tb_ns "$1")" ss -Hltn "sport = :$2" 2>/dev/null)" ]
}

stop_sshd() {
    local dir pid
    dir=$(host_dir "$1")/sshd
    [ -f "$dir/pid" ] || return 0
    pid=$(cat "$dir/pid")
    kill -TERM "$pid" 2>/dev/null || true
    wait_for "! kill -0 $pid 2>/dev/null" 5 || kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$dir/pid"
}

# copy_host_keys FROM TO : the seed's step: give TO the same SSH host keys as FROM and restart
# its sshd, so that the client's known_hosts entry for the resource name fits both nodes.
copy_host_keys() {
    local from to
    from=$(host_ssh_keys "$1")
    to=$(host_ssh_keys "$2")
    mkdir -p "$to"
    cp -p "$from"/ssh_host_* "$to"/
    stop_sshd "$2"
    start_sshd "$2"
    tb_log "ssh host keys of $1 copied to $2"
}

# --- test users and the client's ssh ------------------------------------------------------

# make_user NAME : a throw-away local account (password field `*`: no password login, but not
# locked, so sshd without PAM accepts its key), home below the run folder, and an SSH key pair
# kept on the client side ($TB_RUN/client/NAME.key). Removed by net_down.
make_user() {
    local name=$1 home
    home=$TB_RUN/home/$name
    if getent passwd "$name" >/dev/null; then
        tb_die "user $name exists already; pick another name"
    fi
    mkdir -p "$TB_RUN/home" "$TB_RUN/client"
    useradd -M -d "$home" -s /bin/sh -p '*' "$name"
    echo "$name" >>"$TB_RUN/users"
    mkdir -p "$home/.ssh"
    ssh-keygen -q -t ed25519 -N '' -C "$name@client" -f "$TB_RUN/client/$name.key"
    cp "$TB_RUN/client/$name.key.pub" "$home/.ssh/authorized_keys"
    # The same key as the user's own default identity: tlclient runs ssh as the user.
    cp "$TB_RUN/client/$name.key" "$home/.ssh/id_ed25519"
    cp "$TB_RUN/client/$name.key.pub" "$home/.ssh/id_ed25519.pub"
    chown -R "$name:" "$home"
    chmod 0700 "$home" "$home/.ssh"
    chmod 0600 "$home/.ssh/authorized_keys" "$home/.ssh/id_ed25519"
    tb_log "test user $name created"
}

# client_ssh USER HOST [ssh options...] -- CMD... : ssh from the client namespace as USER with
# the user's key and the run's own known_hosts file (StrictHostKeyChecking=yes unless the
# caller overrides it with an option).
client_ssh() {
    local user=$1 host=$2
    shift 2
    local -a opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        opts+=("$1")
        shift
    done
    if [ $# -gt 0 ]; then
        shift
    fi
    host_exec client ssh -F /dev/null "${opts[@]}" \
        -o StrictHostKeyChecking=yes -o BatchMode=yes -o IdentitiesOnly=yes \
        -o UserKnownHostsFile="$TB_RUN/client/known_hosts" -o GlobalKnownHostsFile=/dev/null \
        -o ConnectTimeout=5 -o LogLevel=ERROR \
        -i "$TB_RUN/client/$user.key" -l "$user" "$host" "$@"
}

# client_keyscan HOST... : add the hosts' ed25519 host keys, as the client sees them, to the
# run's known_hosts (what a first connection whose fingerprint the user checked leaves there).
client_keyscan() {
    local host keys
    mkdir -p "$TB_RUN/client"
    for host in "$@"; do
        keys=$(host_exec client ssh-keyscan -T 5 -t ed25519 "$host" 2>/dev/null) || true
        [ -n "$keys" ] || tb_die "ssh-keyscan from the client got no host key of $host"
        printf '%s\n' "$keys" >>"$TB_RUN/client/known_hosts"
    done
    chmod 0644 "$TB_RUN/client/known_hosts"
}

# client_tlclient USER SERVER [tlclient options...] : the build's tlclient run as USER on the
# client host against SERVER (tlha, tlha-primary, ...), its ssh with strict host key checking
# against the run's known_hosts; stdout, stderr and the exit code are tlclient's.
client_tlclient() {
    local user=$1 server=$2
    shift 2
    tb_user_bin
    [ -x "$TB_RUN/bin/tlclient" ] || tb_die "tlclient is not built (\$OPENVSM_BUILD_BIN/tlclient)"
    host_exec client runuser -u "$user" -- "$TB_RUN/bin/tlclient" \
        -o StrictHostKeyChecking=yes -o BatchMode=yes -o IdentitiesOnly=yes \
        -o UserKnownHostsFile="$TB_RUN/client/known_hosts" -o GlobalKnownHostsFile=/dev/null \
        -o ConnectTimeout="${TB_CONNECT_TIMEOUT:-3}" -o LogLevel=ERROR "$@" "$server"
}

# host_tlctl HOST ARGS... : the build's tlctl on HOST (talks to that host's vsmserver).
host_tlctl() {
    local host=$1
    shift
    if [ -z "$TB_BIN" ] || [ ! -x "$TB_BIN/tlctl" ]; then
        tb_die "tlctl is not built (\$OPENVSM_BUILD_BIN/tlctl)"
    fi
    host_exec "$host" "$TB_BIN/tlctl" "$@"
}

# --- keepalived -----------------------------------------------------------------------------

# tb_health_command HOST : the health command keepalived runs on HOST.
# auto: the real `tlctl ha health` of the build (fails with a reason when this tlctl has no
# such command). selftest: /bin/true, for tests of the test bed itself (network and
# keepalived), never for a test of OpenVSM.
# Commands start with /usr/bin/env: keepalived's script security checks the executable's
# path, and a build tree may be owned by a normal user; env also hands over the host's root.
tb_health_command() {
    case "${TB_HEALTH:-auto}" in
    selftest)
        echo /bin/true
        ;;
    auto)
        if ! tlctl_has_ha; then
            tb_die "TB_HEALTH=auto needs \$OPENVSM_BUILD_BIN/tlctl with 'tlctl ha health' (not built or too old)"
        fi
        echo "/usr/bin/env OPENVSM_ROOT=$(host_root "$1") $TB_BIN/tlctl ha health"
        ;;
    *) tb_die "TB_HEALTH must be auto or selftest (got '${TB_HEALTH}')" ;;
    esac
}

# Whether the build's tlctl knows `ha health`. tlctl exits 2 only for a usage error (unknown
# command); 0 fit, 1 unfit, 3 vsmserver unreachable all mean the command exists.
tlctl_has_ha() {
    if [ -z "$TB_BIN" ] || [ ! -x "$TB_BIN/tlctl" ]; then
        return 1
    fi
    local rc=0 scratch
    scratch=$(mktemp -d)
    OPENVSM_ROOT=$scratch timeout 10 "$TB_BIN/tlctl" ha health >/dev/null 2>&1 || rc=$?
    rm -rf "$scratch"
    [ "$rc" -ne 2 ]
}

# tb_keepalived_conf HOST : the host's keepalived.conf from tests/cluster/keepalived.conf.in.
tb_keepalived_conf() {
    local host=$1 advert=${TB_ADVERT_INT:-1} version=2 state preempt health notify tlctl drop=()
    # VRRPv2 only knows whole seconds; sub-second adverts need VRRPv3.
    if [[ $advert == *.* ]]; then
        version=3
    fi
    version=${TB_VRRP_VERSION:-$version}
    # The primary may start as MASTER (fast start-up) only when it is allowed to preempt;
    # keepalived ignores nopreempt/preempt_delay unless the initial state is BACKUP.
    state=BACKUP
    preempt=""
    case "${TB_PREEMPT:-preempt}" in
    preempt)
        if [ "$host" = tlha-primary ]; then
            state=MASTER
        fi
        ;;
    nopreempt) preempt=nopreempt ;;
    delay:*) preempt="preempt_delay ${TB_PREEMPT#delay:}" ;;
    *) tb_die "TB_PREEMPT must be preempt, nopreempt or delay:SECONDS (got '$TB_PREEMPT')" ;;
    esac
    health=$(tb_health_command "$host")
    # Always name the build's tlctl, even when it is not built: the hook must never fall back
    # to an installed OpenVSM's tlctl from inside the test bed.
    tlctl=${TB_BIN:-/nonexistent}/tlctl
    notify="/usr/bin/env OPENVSM_ROOT=$(host_root "$host") OPENVSM_TLCTL=$tlctl $TB_SRC/packaging/keepalived/openvsm-ha-notify"
    # TB_NOTIFY=none: no notify hook, as the seed's HA guide configures keepalived.
    case "${TB_NOTIFY:-hook}" in
    hook) ;;
    none) drop=(-e '/notify "@NOTIFY@"/d') ;;
    *) tb_die "TB_NOTIFY must be hook or none (got '$TB_NOTIFY')" ;;
    esac
    sed "${drop[@]}" \
        -e "s|@ROUTER_ID@|$host|g" \
        -e "s|@STATE@|$state|g" \
        -e "s|@PREEMPT@|$preempt|g" \
        -e "s|@INTERFACE@|eth0|g" \
        -e "s|@VRID@|$TB_VRID|g" \
        -e "s|@PRIORITY@|${TB_PRIORITY[$host]}|g" \
        -e "s|@ADVERT_INT@|$advert|g" \
        -e "s|@VRRP_VERSION@|$version|g" \
        -e "s|@RESOURCE_IP@|$TB_RESOURCE_IP/$TB_PREFIX_LEN|g" \
        -e "s|@HEALTH@|$health|g" \
        -e "s|@CHECK_INTERVAL@|${TB_CHECK_INTERVAL:-1}|g" \
        -e "s|@CHECK_FALL@|${TB_CHECK_FALL:-2}|g" \
        -e "s|@CHECK_RISE@|${TB_CHECK_RISE:-2}|g" \
        -e "s|@NOTIFY@|$notify|g" \
        "$TB_SRC/tests/cluster/keepalived.conf.in"
}

# start_keepalived HOST : real keepalived (VRRP only, no fork, console log) with its own
# config and pid files. Namespaces share one PID space, so liveness is never judged by
# process name; keepalived's health check is a command (see tb_health_command).
start_keepalived() {
    local host=$1 dir
    dir=$(host_dir "$host")/keepalived
    mkdir -p "$dir"
    tb_keepalived_conf "$host" >"$dir/keepalived.conf"
    host_exec "$host" keepalived -t -f "$dir/keepalived.conf" >"$dir/config-test.log" 2>&1 ||
        tb_die "keepalived rejects $dir/keepalived.conf: $(cat "$dir/config-test.log")"
    host_bg "$host" "$(host_dir "$host")/keepalived.log" \
        keepalived -n -l -D -G -P -f "$dir/keepalived.conf" \
        -p "$dir/keepalived.pid" -r "$dir/vrrp.pid"
    echo "$TB_LAST_PID" >"$dir/pid"
    tb_log "keepalived started on $host (advert_int ${TB_ADVERT_INT:-1}, health: $(tb_health_command "$host"))"
}

stop_keepalived() {
    local dir pid
    dir=$(host_dir "$1")/keepalived
    [ -f "$dir/pid" ] || return 0
    pid=$(cat "$dir/pid")
    kill -TERM "$pid" 2>/dev/null || true
    wait_for "! kill -0 $pid 2>/dev/null" 10 || kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$dir/pid"
}

# The last VRRP state the notify hook recorded on HOST (MASTER, BACKUP, FAULT, STOP), or "".
ha_engine_state() {
    local f
    f=$(host_root "$1")/var/run/openvsm/ha-engine.state
    if [ -f "$f" ]; then
        awk '{print $1; exit}' "$f"
    fi
}

# where_is_resource_ip : the server hosts that have the resource IP on an interface,
# space-separated ("" when none; two names means both claim it).
where_is_resource_ip() {
    local host out=()
    for host in "${TB_SERVERS[@]}"; do
        if ip -n "$(tb_ns "$host")" -4 -o addr show dev eth0 2>/dev/null | grep -q " $TB_RESOURCE_IP/"; then
            out+=("$host")
        fi
    done
    echo "${out[*]}"
}

resource_ip_on() { [ "$(where_is_resource_ip)" = "$1" ]; }

# stats < MS lines : "median X ms, worst Y ms, best Z ms (N trials)". For the benchmarks.
stats() {
    sort -n | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "median %d ms, worst %d ms, best %d ms (%d trials)\n", m, v[NR], v[1], NR }'
}

# bench_machine : what a benchmark's figures were measured on.
bench_machine() {
    echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), kernel $(uname -r)"
    echo "keepalived: $(keepalived --version 2>&1 | head -n 1)"
}

# ip_arrival_ms HOST START_NS : tight poll (5 ms) for the resource IP on HOST; prints the ms
# since START_NS (date +%s%N), or fails after 15 s. For the failover benchmarks.
ip_arrival_ms() {
    local host=$1 start=$2 now
    while :; do
        if resource_ip_on "$host"; then
            now=$(date +%s%N)
            echo $(((now - start) / 1000000))
            return 0
        fi
        now=$(date +%s%N)
        if [ $(((now - start) / 1000000)) -gt 15000 ]; then
            return 1
        fi
        sleep 0.005
    done
}

# --- the whole OpenVSM cluster ----------------------------------------------------------------

# openvsm_cluster_up : the seed's cluster in one go, without the step-by-step checks of
# seed.sh (benchmarks, a demo): each agent configured with the seed's tl-config commands
# (plus its own agent_hostname, a session script that needs no desktop, and a display range
# of its own: all namespaces share /tmp), sshd on every server and agent with the primary's
# host keys on the secondary, both servers with terminalservers "agent1 agent2" and the
# seed's HA settings, keepalived on both (TB_HEALTH, default the real `tlctl ha health`), the
# client's known_hosts (TB_SYNC_TIMEOUT, if set: /vsmserver/HA/sync_timeout; TB_DISPLAY_BASE:
# agent1's first display, so that parallel beds do not share X displays). Returns when
# tlha is on the primary and both servers reach both agents.
openvsm_cluster_up() {
    local host display=${TB_DISPLAY_BASE:-600}
    printf '#!/bin/sh\nexec sleep 86400\n' >"$TB_RUN/xsession"
    chmod 0755 "$TB_RUN/xsession"
    for host in agent1 agent2; do
        host_tlconfig "$host" '/vsmagent/allowed_clients=tlha-primary tlha-secondary' >/dev/null
        host_tlconfig "$host" "/vsmagent/master_hostname=$TB_RESOURCE_NAME" >/dev/null
        host_tlconfig "$host" "/vsmagent/agent_hostname=$host" >/dev/null
        host_tlconfig "$host" "/vsmagent/xsession_script=$TB_RUN/xsession" >/dev/null
        host_tlconfig "$host" "/vsmagent/display_min=$display" >/dev/null
        host_tlconfig "$host" "/vsmagent/display_max=$((display + 49))" >/dev/null
        display=$((display + 50))
        start_daemon "$host" vsmagent
        start_sshd "$host"
    done
    for host in "${TB_SERVERS[@]}"; do
        host_tlconfig "$host" '/vsmserver/terminalservers=agent1 agent2' >/dev/null
        host_tlconfig "$host" /vsmserver/HA/enabled=1 >/dev/null
        host_tlconfig "$host" "/vsmserver/HA/nodes=tlha-primary.$TB_DOMAIN tlha-secondary.$TB_DOMAIN" >/dev/null
        if [ -n "${TB_SYNC_TIMEOUT:-}" ]; then
            host_tlconfig "$host" "/vsmserver/HA/sync_timeout=$TB_SYNC_TIMEOUT" >/dev/null
        fi
        start_daemon "$host" vsmserver
    done
    start_sshd tlha-primary
    copy_host_keys tlha-primary tlha-secondary
    for host in "${TB_SERVERS[@]}"; do
        wait_for "openvsm_reaches_agents $host" 20 ||
            tb_die "vsmserver on $host does not reach both agents: $(host_tlctl "$host" load list 2>&1)"
    done
    for host in "${TB_SERVERS[@]}"; do
        start_keepalived "$host"
    done
    wait_for "resource_ip_on tlha-primary" 20 ||
        tb_die "the resource IP did not come to tlha-primary (on: '$(where_is_resource_ip)')"
    client_keyscan tlha-primary tlha-secondary agent1 agent2 "$TB_RESOURCE_NAME"
    tb_log "OpenVSM cluster up: $TB_RESOURCE_NAME on tlha-primary"
}

# openvsm_reaches_agents HOST : HOST's vsmserver reaches agent1 and agent2 (`tlctl load list`).
openvsm_reaches_agents() {
    local load host
    load=$(host_tlctl "$1" load list 2>/dev/null) || return 1
    for host in agent1 agent2; do
        grep -qE "^$host( |:).* yes\$" <<<"$load" || return 1
    done
}

# openvsm_ha_field HOST KEY : one scalar of `tlctl ha status --json` on HOST ("" if absent).
openvsm_ha_field() {
    host_tlctl "$1" ha status --json 2>/dev/null |
        sed -n "s/^ *\"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" | head -n 1
}
