# shellcheck shell=bash disable=SC2034 # TB_WAITED_MS and TB_LAST_PID are read by the callers
# The test bed's basics (prefix tb_): logging, host names and folders, running a command on a
# host (in its namespace, with its own uname -n, /etc/hosts and OPENVSM_ROOT), waiting, the
# EXIT trap.
# Part of the cluster test bed: sourced by lib.sh, never on its own.

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

tb_host_dir() { printf '%s/hosts/%s\n' "$TB_RUN" "$1"; }

tb_host_root() { printf '%s/root\n' "$(tb_host_dir "$1")"; }

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

# The environment every process on a test host gets: its own OPENVSM_ROOT, the build's
# programs first on PATH.
tb_host_env() {
    local path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    if [ -n "$TB_BIN" ]; then
        path=$TB_BIN:$path
    fi
    printf '%s\n' "OPENVSM_ROOT=$(tb_host_root "$1")" "PATH=$path" "LANG=C.UTF-8"
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

# tb_exec HOST CMD... : run CMD on HOST (see tb_host_argv) and wait for it.
tb_exec() {
    local -a TB_ARGV
    tb_host_argv "$@"
    "${TB_ARGV[@]}"
}

# tb_bg HOST LOGFILE CMD... : start CMD in the background on HOST, output appended to LOGFILE
# (a restarted program's log follows its previous run). Sets TB_LAST_PID to the command's own
# pid (a plain command in the background, so no subshell sits in between) and records it.
tb_bg() {
    local host=$1 log=$2
    shift 2
    local -a TB_ARGV
    tb_host_argv "$host" "$@"
    "${TB_ARGV[@]}" >>"$log" 2>&1 </dev/null &
    TB_LAST_PID=$!
    echo "$TB_LAST_PID $host $1" >>"$TB_RUN/pids"
}

# tb_wait_for COND TIMEOUT : poll the shell condition COND (a string, eval'd) every 20 ms until it
# succeeds (return 0) or TIMEOUT seconds pass (return 1). TB_WAITED_MS says how long it took.
tb_wait_for() {
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

# A host's own OPENVSM_ROOT: the shipped default configuration and the state folders.
tb_make_root() {
    local root
    root=$(tb_host_root "$1")
    mkdir -p "$root/etc" "$root/var/run/openvsm" "$root/var/lib/openvsm" "$root/var/log/openvsm"
    cp -r "$TB_SRC/packaging/etc/." "$root/etc/"
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

# tb_stop_pidfile FILE SECONDS : SIGTERM to the process FILE names, SIGKILL when it is still
# there after SECONDS; FILE removed. Nothing when there is no FILE.
tb_stop_pidfile() {
    local pid
    [ -f "$1" ] || return 0
    pid=$(cat "$1")
    kill -TERM "$pid" 2>/dev/null || true
    tb_wait_for "! kill -0 $pid 2>/dev/null" "$2" || kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$1"
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
