#!/bin/bash
# packaging_installed: the Debian packages on a clean Debian 12 with systemd as PID 1.
#
# A bookworm root made by mmdebstrap (container.sh; cached in $OPENVSM_PKGTEST_CACHE, default
# /var/cache/openvsm-tests, with the packages' dependencies preinstalled, since the container has
# no network of its own) boots systemd in namespaces of its own (pid, mount, network, uts, ipc,
# cgroup). In it, from an apt repository folder built by packaging/deb/build:
#  - install openvsm-server, -agent and -client: units enabled but not started, conffiles and
#    modes as documented;
#  - start both services: Type=notify reaches "active" with a STATUS line, reload works;
#  - a user gets a session with tlclient --check over SSH; its Xvnc runs in its own scope in
#    openvsm-uUID.slice, not in vsmagent.service;
#  - upgrade to a newer build with the session running: the agent restarts, the session's Xvnc
#    keeps its pid and tlclient --check reaches the same display;
#  - systemd-analyze security for both units (printed);
#  - terminate the session, purge every package: nothing is left but what policy keeps.
# Needs root, mmdebstrap and util-linux's unshare/nsenter; exits 77 (skipped) without them.
# Packages: $OPENVSM_DEB_DIR (default build/deb; CTest's packaging_debs builds them first;
# built with packaging/deb/build when missing).
set -euo pipefail

src=${OPENVSM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
say() { printf '%s packaging_installed: %s\n' "$(date +%T)" "$*" >&2; }
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: needs root (namespaces, systemd as PID 1 in a container)" >&2
    exit 77
fi
for tool in mmdebstrap unshare nsenter dpkg-deb; do
    command -v "$tool" >/dev/null || {
        echo "SKIP: $tool is not installed (packaging/dev/install-deps)" >&2
        exit 77
    }
done
[ -d /sys/fs/cgroup/unified ] || [ -f /sys/fs/cgroup/cgroup.controllers ] || {
    echo "SKIP: no cgroup v2 hierarchy for systemd" >&2
    exit 77
}

v1=${OPENVSM_DEB_DIR:-$src/build/deb}
run=$(mktemp -d /var/tmp/openvsm-pkgtest.XXXXXX)
root=$run/root
cgroup=
pid1=

# shellcheck source=tests/packaging/container.sh
source "$src/tests/packaging/container.sh"
cleanup() {
    set +e
    container_stop "$pid1" "$cgroup"
    rm -rf "$run"
}
trap cleanup EXIT

# inside CMD...: run in the container (all its namespaces), with the PATH profile.d gives a login.
inside() {
    nsenter -t "$pid1" -a env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/openvsm/bin:/opt/openvsm/sbin \
        LANG=C.UTF-8 "$@"
}
wait_until() { # SECONDS WHAT CMD...
    local seconds=$1 what=$2
    shift 2
    for _ in $(seq $((seconds * 5))); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    fail "$what (waited ${seconds}s)"
}

# --- packages ------------------------------------------------------------------------------
if ! ls "$v1"/openvsm-server_*.deb >/dev/null 2>&1; then
    say "no packages in $v1: building them (packaging/deb/build)"
    "$src/packaging/deb/build" --out "$v1" >"$run/build-v1.log" 2>&1 || fail "packaging/deb/build: $(tail -20 "$run/build-v1.log")"
fi
old_version=$(dpkg-deb -f "$v1"/openvsm-server_*.deb Version)
upstream=${old_version%-*}
say "packages $old_version; building $upstream+upgrade1 for the upgrade"
"$src/packaging/deb/build" --version "$upstream+upgrade1" --out "$run/v2" --no-lintian >"$run/build-v2.log" 2>&1 ||
    fail "packaging/deb/build --version: $(tail -20 "$run/build-v2.log")"
new_version=$(dpkg-deb -f "$run"/v2/openvsm-server_*.deb Version)
mkdir -p "$run/v1" && cp "$v1"/*.deb "$v1"/Packages* "$run/v1/"

# --- a clean bookworm root with systemd and the packages' dependencies ----------------------
container_check_depends "$run"/v1/openvsm-{common,server,agent,client}_*.deb "$run"/v2/openvsm-{common,server,agent,client}_*.deb
tarball=$(container_root_tarball "$run/mmdebstrap.log") || exit 1
mkdir -p "$root"
tar -C "$root" -xf "$tarball"
# The root is shared with packaging_pacemaker: its cluster stack stays down here.
for unit in corosync pacemaker pcsd pcsd-ruby; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit.service"
done
mkdir -p "$root/srv/v1" "$root/srv/v2"
cp "$run"/v1/* "$root/srv/v1/"
cp "$run"/v2/* "$root/srv/v2/"
# Only the package folder: the container has no network.
rm -f "$root/etc/apt/sources.list" "$root"/etc/apt/sources.list.d/*
echo "deb [trusted=yes] file:/srv/v1 ./" >"$root/etc/apt/sources.list.d/openvsm.list"
echo pkgtest >"$root/etc/hostname"
printf '127.0.0.1 localhost pkgtest\n::1 localhost ip6-localhost\n' >"$root/etc/hosts"

# --- boot --------------------------------------------------------------------------------------
say "booting systemd"
t0=$(date +%s)
container_boot "$root" pkgtest "$run/boot.log" || exit 1
pid1=$CONTAINER_PID1
cgroup=$CONTAINER_CGROUP
container_wait_running "$pid1" 60 || fail "systemd did not reach a running state (waited 60s)"
say "systemd runs ($(($(date +%s) - t0)) s): $(inside systemctl is-system-running || true)"

# --- install -------------------------------------------------------------------------------
inside apt-get update -qq >/dev/null
inside env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openvsm-server openvsm-agent openvsm-client \
    >"$run/install.log" 2>&1 || fail "apt-get install: $(tail -20 "$run/install.log")"
for unit in vsmserver vsmagent; do
    [ "$(inside systemctl is-enabled $unit)" = enabled ] || fail "$unit is not enabled after installation"
    ! inside systemctl is-active --quiet $unit || fail "$unit was started by the installation"
done
for f in /etc/openvsm/openvsm.hconf /etc/openvsm/conf.d/vsm.hconf /etc/openvsm/conf.d/vsmserver.hconf \
    /etc/openvsm/conf.d/vsmagent.hconf /etc/profile.d/openvsm.sh; do
    # shellcheck disable=SC2016 # dpkg-query's format
    inside dpkg-query -W -f='${Conffiles}\n' openvsm-common openvsm-server openvsm-agent | grep -q " $f " ||
        fail "$f is not a conffile"
done
[ "$(inside stat -c %a /var/lib/openvsm/vsmserver)" = 700 ] || fail "/var/lib/openvsm/vsmserver is not 0700"
[ "$(inside stat -c %a:%G /var/log/openvsm)" = 750:adm ] || fail "/var/log/openvsm is not 0750 root:adm"
inside test -d /run/openvsm || fail "/run/openvsm is missing"
inside bash -lc 'command -v tl-config' | grep -q /opt/openvsm/sbin/tl-config || fail "a login shell does not find tl-config"
inside test -s /usr/share/man/man8/tl-config.8.gz || fail "tl-config.8 is not installed"
say "installed $old_version: units enabled, not started; conffiles and modes as documented"

# --- configure and start ---------------------------------------------------------------------
inside tl-config /vsmagent/agent_hostname=127.0.0.1 >/dev/null
inside systemctl start vsmserver vsmagent || fail "systemctl start: $(inside journalctl -n 30 --no-pager)"
for unit in vsmserver vsmagent; do
    inside systemctl is-active --quiet $unit || fail "$unit is not active"
    status=$(inside systemctl show -p StatusText --value $unit)
    [ -n "$status" ] || fail "$unit sent no STATUS="
    say "$unit: active, STATUS=$status"
done
[ "$(inside systemctl show -p WatchdogUSec --value vsmserver)" != 0 ] || fail "vsmserver has no watchdog"
inside systemctl reload vsmserver
inside systemctl reload vsmagent
sleep 1
inside journalctl -u vsmserver --no-pager | grep -q 'SIGHUP: reloading' || fail "systemctl reload vsmserver did not reach it"
inside systemctl is-active --quiet vsmserver || fail "vsmserver is not active after reload"

# --- a session -------------------------------------------------------------------------------
inside systemctl start ssh
inside useradd -m -s /bin/sh -p '*' alice
inside runuser -u alice -- mkdir -m 0700 /home/alice/.ssh
inside runuser -u alice -- ssh-keygen -q -t ed25519 -N '' -f /home/alice/.ssh/id_ed25519
inside runuser -u alice -- cp /home/alice/.ssh/id_ed25519.pub /home/alice/.ssh/authorized_keys
check() {
    inside runuser -u alice -- tlclient -o StrictHostKeyChecking=accept-new -o BatchMode=yes \
        -o LogLevel=ERROR --check localhost
}
wait_until 20 "sshd does not answer" bash -c "nsenter -t $pid1 -n bash -c 'echo >/dev/tcp/127.0.0.1/22'"
first=$(check 2>&1) || fail "tlclient --check: $first"
say "tlclient --check: $first"
xvnc=$(inside pgrep -u alice -x Xvnc) || fail "no Xvnc runs for alice"
cgroup_of_xvnc=$(inside cat "/proc/$xvnc/cgroup" | grep '^0::')
grep -q 'openvsm-u[0-9]*.slice/openvsm-session-.*-xvnc.scope' <<<"$cgroup_of_xvnc" ||
    fail "Xvnc is not in a session scope: $cgroup_of_xvnc"
say "Xvnc pid $xvnc in $cgroup_of_xvnc"

# --- upgrade with the session running ------------------------------------------------------
agent_pid=$(inside systemctl show -p MainPID --value vsmagent)
echo "deb [trusted=yes] file:/srv/v2 ./" | inside tee /etc/apt/sources.list.d/openvsm.list >/dev/null
inside apt-get update -qq >/dev/null
inside env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openvsm-server openvsm-agent openvsm-client \
    >"$run/upgrade.log" 2>&1 || fail "apt-get upgrade: $(tail -20 "$run/upgrade.log")"
# shellcheck disable=SC2016 # dpkg-query's format
[ "$(inside dpkg-query -W -f='${Version}' openvsm-agent)" = "$new_version" ] || fail "openvsm-agent was not upgraded"
new_agent_pid=$(inside systemctl show -p MainPID --value vsmagent)
[ "$new_agent_pid" != "$agent_pid" ] || fail "vsmagent was not restarted by the upgrade"
inside systemctl is-active --quiet vsmserver || fail "vsmserver is not active after the upgrade"
inside kill -0 "$xvnc" || fail "the session's Xvnc (pid $xvnc) died in the upgrade"
second=$(check 2>&1) || fail "tlclient --check after the upgrade: $second"
display() { grep -o 'display :*[0-9]*' <<<"$1" | head -1; }
[ "$(display "$first")" = "$(display "$second")" ] || fail "another session after the upgrade: $first / $second"
say "upgraded to $new_version: vsmagent restarted ($agent_pid -> $new_agent_pid), Xvnc $xvnc kept, $second"

# --- systemd-analyze security ------------------------------------------------------------------
for unit in vsmserver vsmagent; do
    score=$(inside systemd-analyze security --no-pager $unit.service | tail -1)
    say "systemd-analyze security $unit.service: $score"
done

# --- purge -------------------------------------------------------------------------------------
inside tlctl session terminate --all -y >/dev/null || fail "tlctl session terminate --all"
wait_until 20 "the session's Xvnc did not end" bash -c "! nsenter -t $pid1 -a kill -0 $xvnc"
inside env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq openvsm-client openvsm-agent openvsm-server \
    openvsm-common >"$run/purge.log" 2>&1 || fail "apt-get purge: $(tail -20 "$run/purge.log")"
! inside systemctl is-active --quiet vsmserver || fail "vsmserver still runs after the purge"
left=$(inside find /opt/openvsm /etc/openvsm /var/lib/openvsm /var/log/openvsm /run/openvsm \
    /etc/profile.d/openvsm.sh /lib/systemd/system/vsmserver.service /lib/systemd/system/vsmagent.service \
    /etc/systemd/system/multi-user.target.wants/vsmserver.service \
    /etc/systemd/system/multi-user.target.wants/vsmagent.service 2>/dev/null || true)
[ -z "$left" ] || fail "left after purge: $left"
inside dpkg-query -W 'openvsm-*' 2>/dev/null | grep -q . && fail "packages still known to dpkg: $(inside dpkg-query -W 'openvsm-*')"
say "purged: nothing of OpenVSM left"
echo PASS
