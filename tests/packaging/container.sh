#!/bin/bash
# shellcheck disable=SC2034 # CONTAINER_PID1 and CONTAINER_CGROUP are for the sourcing script
# Sourced by installed.sh and pacemaker.sh: a Debian 12 root made by mmdebstrap (cached) that
# boots systemd as PID 1 in namespaces of its own (pid, mount, uts, ipc, cgroup; and network,
# unless it is to join one of the test bed's). Needs root, mmdebstrap, unshare, nsenter and a
# cgroup v2 hierarchy; the sourcing script checks for them and skips without.
#
#   container_root_tarball LOG                prints the cached tarball of the bookworm root with
#                                             CONTAINER_PACKAGES (made once; tests/run makes it
#                                             beside the build with tests/packaging/root)
#   container_check_depends DEB...            fails naming every dependency of the DEBs that
#                                             the root lacks (the containers have no network)
#   container_boot ROOT HOSTNAME LOG [NETNS]  boots ROOT (unpacked), sets CONTAINER_PID1 (its
#                                             systemd seen from here) and CONTAINER_CGROUP
#   container_wait_running PID1 SECONDS       until systemd is running (or degraded)
#   container_poweroff PID1                   asks its systemd to power off, returns at once
#   container_stop PID1 CGROUP                powers it off (kills it after 10 s), removes
#                                             its cgroups; safe to call with empty arguments

CONTAINER_PID1=
CONTAINER_CGROUP=

# The root for both package tests: systemd, sshd, the Pacemaker stack, and every package the
# OpenVSM packages depend on (preinstalled: the containers have no network; the tests check
# with container_check_depends that nothing is missing, so that a new dependency fails here by
# name instead of in apt-get inside the container).
CONTAINER_PACKAGES=(
    systemd systemd-sysv dbus libpam-systemd openssh-server openssh-client iproute2 procps xauth
    pacemaker pacemaker-cli-utils corosync pcs resource-agents
    # what openvsm-{common,server,agent,client} depend on
    libc6 libgcc-s1 libstdc++6 libssl3 libqt6core6 libqt6network6 libqt6sql6
    libqt6sql6-sqlite libsqlite3-0 tigervnc-standalone-server tigervnc-viewer
)

container_root_tarball() {
    local log=$1 include key tarball
    local cache=${OPENVSM_PKGTEST_CACHE:-/var/cache/openvsm-tests}
    include=$(printf '%s\n' "${CONTAINER_PACKAGES[@]}" | sort -u | paste -sd,)
    key=$(printf '%s' "$include" | sha256sum | cut -c1-16)
    tarball=$cache/bookworm-pkgtest-$key.tar
    mkdir -p "$cache"
    # One maker at a time: a test started while tests/run still makes the root waits for it.
    (
        flock 9
        if [ ! -s "$tarball" ]; then
            printf '%s making the bookworm root (mmdebstrap, once; cached as %s)\n' "$(date +%T)" "$tarball" >&2
            if ! mmdebstrap --variant=minbase --format=tar --include="$include" bookworm "$tarball.tmp" >"$log" 2>&1; then
                rm -f "$tarball.tmp"
                echo "FAIL: mmdebstrap: $(tail -20 "$log")" >&2
                exit 1
            fi
            mv "$tarball.tmp" "$tarball"
        fi
    ) 9>"$tarball.lock" || return 1
    printf '%s\n' "$tarball"
}

container_check_depends() {
    local missing
    missing=$(for deb in "$@"; do dpkg-deb -f "$deb" Depends; done |
        tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/[[:space:]]//g' | grep -v '^openvsm-' | grep -v '^$' | sort -u |
        comm -23 - <(printf '%s\n' "${CONTAINER_PACKAGES[@]}" | sort -u))
    if [ -n "$missing" ]; then
        echo "FAIL: the packages depend on $(paste -sd' ' <<<"$missing"), which the test root lacks:" \
            "add them to CONTAINER_PACKAGES in tests/packaging/container.sh" >&2
        return 1
    fi
}

container_boot() {
    local root=$1 hostname=$2 log=$3 netns=${4:-} unshare_pid p
    local -a enter=() net=(--net)
    if [ -n "$netns" ]; then
        enter=(ip netns exec "$netns")
        net=()
    fi
    if [ -d /sys/fs/cgroup/unified ]; then
        CONTAINER_CGROUP=/sys/fs/cgroup/unified/openvsm-container-$hostname-$$
    else
        CONTAINER_CGROUP=/sys/fs/cgroup/openvsm-container-$hostname-$$
    fi
    mkdir -p "$CONTAINER_CGROUP"
    # shellcheck disable=SC2016 # expanded by the inner shells
    "${enter[@]}" setsid bash -c '
        echo $$ >"$1/cgroup.procs"
        h=$2
        shift 2
        exec unshare --cgroup --pid --fork --mount --uts --ipc "$@" --propagation private bash -c "
            r=\$0
            mount --bind \"\$r\" \"\$r\"
            mount -t proc proc \"\$r/proc\"
            mount -t sysfs -o ro sysfs \"\$r/sys\"
            mount -t cgroup2 cgroup2 \"\$r/sys/fs/cgroup\"
            mount -t tmpfs -o mode=755 tmpfs \"\$r/run\"
            mount -t tmpfs tmpfs \"\$r/tmp\"
            mount -t tmpfs -o mode=755 tmpfs \"\$r/dev\"
            for d in null zero full random urandom tty; do
                touch \"\$r/dev/\$d\"
                mount --bind /dev/\$d \"\$r/dev/\$d\"
            done
            mkdir -p \"\$r/dev/pts\" \"\$r/dev/shm\"
            mount -t devpts -o newinstance,ptmxmode=0666 devpts \"\$r/dev/pts\"
            ln -s pts/ptmx \"\$r/dev/ptmx\"
            mount -t tmpfs tmpfs \"\$r/dev/shm\"
            hostname \$1
            cd \"\$r\"
            mkdir -p .oldroot
            pivot_root . .oldroot
            umount -l /.oldroot
            rmdir /.oldroot
            export container=openvsm-test
            exec /lib/systemd/systemd --system
        " "$0" "$h"
    ' "$root" "$CONTAINER_CGROUP" "$hostname" "${net[@]}" </dev/null >"$log" 2>&1 &
    unshare_pid=$!
    # systemd is unshare's child (pid 1 in the container's pid namespace).
    CONTAINER_PID1=
    for _ in $(seq 50); do
        p=$(awk '{print $1}' "/proc/$unshare_pid/task/$unshare_pid/children" 2>/dev/null || true)
        if [ -n "$p" ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = systemd ]; then
            CONTAINER_PID1=$p
            return 0
        fi
        sleep 0.1
    done
    echo "FAIL: the container $hostname did not start: $(cat "$log")" >&2
    return 1
}

container_wait_running() {
    local pid1=$1 seconds=$2
    for _ in $(seq $((seconds * 5))); do
        nsenter -t "$pid1" -a systemctl is-system-running 2>/dev/null | grep -qE 'running|degraded' && return 0
        sleep 0.2
    done
    return 1
}

container_poweroff() {
    # SIGRTMIN+4 is systemd's "start poweroff.target": unlike systemctl it cannot block on a
    # busy manager or bus.
    [ -z "${1:-}" ] || kill -s RTMIN+4 "$1" 2>/dev/null || true
}

container_stop() {
    local pid1=${1:-} cgroup=${2:-}
    if [ -n "$pid1" ] && kill -0 "$pid1" 2>/dev/null; then
        container_poweroff "$pid1"
        for _ in $(seq 50); do kill -0 "$pid1" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid1" 2>/dev/null
        for _ in $(seq 20); do kill -0 "$pid1" 2>/dev/null || break; sleep 0.1; done
    fi
    if [ -n "$cgroup" ] && [ -d "$cgroup" ]; then
        # Every process of the container is gone with its pid namespace; remove its cgroups.
        find "$cgroup" -depth -type d -exec rmdir {} + 2>/dev/null
    fi
    return 0
}
