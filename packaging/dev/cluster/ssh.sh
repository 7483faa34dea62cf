# shellcheck shell=bash
# sshd and the test users (prefix ssh_): sshd per host, host keys, throw-away users with keys,
# ssh and ssh-keyscan from the client.
# Part of the cluster test bed: sourced by lib.sh, never on its own.

# ssh_remove_user NAME : a test user made by ssh_make_user, with its user-private group. Its
# processes all lived in our namespaces and are gone by now; one that escaped is killed by
# uid, never by name.
ssh_remove_user() {
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

# ssh_host_keys HOST : where HOST's sshd host keys live: <its OPENVSM_ROOT>/etc/ssh, as /etc/ssh
# on a real machine (vsmserver reads the public halves there for the setup wizard).
ssh_host_keys() { printf '%s/etc/ssh\n' "$(tb_host_root "$1")"; }

# ssh_start HOST : a real sshd on port 22 of HOST, with its own host key (ssh_host_keys) and
# config in the host's folder. ListenAddress 0.0.0.0 so it also answers on the resource IP once
# the host holds it. UsePAM no: accounts are checked by sshd alone (test users have password `*`).
# Its pid file is <OPENVSM_ROOT>/run/sshd.pid, as /run/sshd.pid on a real machine: vsmserver
# signals sshd there after the setup wizard installed new host keys (AdminSshHostKeysSet).
ssh_start() {
    local host=$1 dir keys
    dir=$(tb_host_dir "$host")/sshd
    keys=$(ssh_host_keys "$host")
    mkdir -p "$dir" "$keys" "$(tb_host_root "$host")/run"
    chmod 0700 "$dir"
    if [ ! -f "$keys/ssh_host_ed25519_key" ]; then
        ssh-keygen -q -t ed25519 -N '' -C "$host" -f "$keys/ssh_host_ed25519_key"
    fi
    # Commands run by sshd get no login shell: the host's OPENVSM_ROOT (tl-session-helper
    # finds the local vsmserver's socket there) and the OpenVSM programs on PATH.
    ssh_user_bin
    cat >"$dir/sshd_config" <<EOF
Port 22
ListenAddress 0.0.0.0
HostKey $keys/ssh_host_ed25519_key
PidFile $(tb_host_root "$host")/run/sshd.pid
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
SetEnv OPENVSM_ROOT=$(tb_host_root "$host") PATH=$TB_RUN/bin:${TB_BIN:+$TB_BIN:}/usr/local/bin:/usr/bin:/bin
EOF
    tb_bg "$host" "$(tb_host_dir "$host")/sshd.log" /usr/sbin/sshd -D -e -f "$dir/sshd_config"
    echo "$TB_LAST_PID" >"$dir/pid"
    tb_wait_for "net_listening $host 22" 10 || tb_die "sshd on $host does not listen on port 22 (see $(tb_host_dir "$host")/sshd.log)"
    tb_log "sshd up on $host"
}

# ssh_user_bin : the programs test users run (tlclient on the client, tl-session-helper through
# sshd), copied from the build to $TB_RUN/bin: a build tree below a 0700 home folder (root's
# clone) is out of the test users' reach.
ssh_user_bin() {
    local prog
    mkdir -p "$TB_RUN/bin"
    for prog in tlclient tl-session-helper; do
        if [ -n "$TB_BIN" ] && [ -x "$TB_BIN/$prog" ] && [ ! -x "$TB_RUN/bin/$prog" ]; then
            install -m 0755 "$TB_BIN/$prog" "$TB_RUN/bin/$prog"
        fi
    done
}

ssh_stop() {
    tb_stop_pidfile "$(tb_host_dir "$1")/sshd/pid" 5
}

# ssh_copy_host_keys FROM TO : the seed's step: give TO the same SSH host keys as FROM and restart
# its sshd, so that the client's known_hosts entry for the resource name fits both nodes.
ssh_copy_host_keys() {
    local from to
    from=$(ssh_host_keys "$1")
    to=$(ssh_host_keys "$2")
    mkdir -p "$to"
    cp -p "$from"/ssh_host_* "$to"/
    ssh_stop "$2"
    ssh_start "$2"
    tb_log "ssh host keys of $1 copied to $2"
}

# ssh_make_user NAME : a throw-away local account (password field `*`: no password login, but not
# locked, so sshd without PAM accepts its key), home below the run folder, and an SSH key pair
# kept on the client side ($TB_RUN/client/NAME.key). Removed by net_down.
ssh_make_user() {
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

# ssh_client USER HOST [ssh options...] -- CMD... : ssh from the client namespace as USER with
# the user's key and the run's own known_hosts file (StrictHostKeyChecking=yes unless the
# caller overrides it with an option).
ssh_client() {
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
    tb_exec client ssh -F /dev/null "${opts[@]}" \
        -o StrictHostKeyChecking=yes -o BatchMode=yes -o IdentitiesOnly=yes \
        -o UserKnownHostsFile="$TB_RUN/client/known_hosts" -o GlobalKnownHostsFile=/dev/null \
        -o ConnectTimeout=5 -o LogLevel=ERROR \
        -i "$TB_RUN/client/$user.key" -l "$user" "$host" "$@"
}

# ssh_keyscan HOST... : add the hosts' ed25519 host keys, as the client sees them, to the
# run's known_hosts (what a first connection whose fingerprint the user checked leaves there).
ssh_keyscan() {
    local host keys
    mkdir -p "$TB_RUN/client"
    for host in "$@"; do
        keys=$(tb_exec client ssh-keyscan -T 5 -t ed25519 "$host" 2>/dev/null) || true
        [ -n "$keys" ] || tb_die "ssh-keyscan from the client got no host key of $host"
        printf '%s\n' "$keys" >>"$TB_RUN/client/known_hosts"
    done
    chmod 0644 "$TB_RUN/client/known_hosts"
}
