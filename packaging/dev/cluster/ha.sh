# shellcheck shell=bash
# The HA engine (prefix ha_): keepalived with OpenVSM's health check and notify hook, and where
# the resource IP is.
# Part of the cluster test bed: sourced by lib.sh, never on its own.

# ha_health_command HOST : the health command keepalived runs on HOST.
# auto: the real `tlctl ha health` of the build (fails with a reason when this tlctl has no
# such command). selftest: /bin/true, for tests of the test bed itself (network and
# keepalived), never for a test of OpenVSM.
# Commands start with /usr/bin/env: keepalived's script security checks the executable's
# path, and a build tree may be owned by a normal user; env also hands over the host's root.
ha_health_command() {
    case "${TB_HEALTH:-auto}" in
    selftest)
        echo /bin/true
        ;;
    auto)
        if ! ovsm_has_ha; then
            tb_die "TB_HEALTH=auto needs \$OPENVSM_BUILD_BIN/tlctl with 'tlctl ha health' (not built or too old)"
        fi
        echo "/usr/bin/env OPENVSM_ROOT=$(tb_host_root "$1") $TB_BIN/tlctl ha health"
        ;;
    *) tb_die "TB_HEALTH must be auto or selftest (got '${TB_HEALTH}')" ;;
    esac
}

# ha_keepalived_conf HOST : the host's keepalived.conf from keepalived.conf.in here.
ha_keepalived_conf() {
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
    health=$(ha_health_command "$host")
    # Always name the build's tlctl, even when it is not built: the hook must never fall back
    # to an installed OpenVSM's tlctl from inside the test bed.
    tlctl=${TB_BIN:-/nonexistent}/tlctl
    notify="/usr/bin/env OPENVSM_ROOT=$(tb_host_root "$host") OPENVSM_TLCTL=$tlctl $TB_SRC/packaging/keepalived/openvsm-ha-notify"
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
        "$TB_SRC/packaging/dev/cluster/keepalived.conf.in"
}

# ha_start_keepalived HOST : real keepalived (VRRP only, no fork, console log) with its own
# config and pid files. Namespaces share one PID space, so liveness is never judged by
# process name; keepalived's health check is a command (see ha_health_command).
ha_start_keepalived() {
    local host=$1 dir
    dir=$(tb_host_dir "$host")/keepalived
    mkdir -p "$dir"
    ha_keepalived_conf "$host" >"$dir/keepalived.conf"
    tb_exec "$host" keepalived -t -f "$dir/keepalived.conf" >"$dir/config-test.log" 2>&1 ||
        tb_die "keepalived rejects $dir/keepalived.conf: $(cat "$dir/config-test.log")"
    tb_bg "$host" "$(tb_host_dir "$host")/keepalived.log" \
        keepalived -n -l -D -G -P -f "$dir/keepalived.conf" \
        -p "$dir/keepalived.pid" -r "$dir/vrrp.pid"
    echo "$TB_LAST_PID" >"$dir/pid"
    tb_log "keepalived started on $host (advert_int ${TB_ADVERT_INT:-1}, health: $(ha_health_command "$host"))"
}

# ha_start_keepalived_unconfigured HOST : keepalived as a node has it before the setup wizard's
# step 8 (installed and running, nothing to do yet): the system's paths below the host's root
# (ROOT/etc/keepalived/keepalived.conf with global_defs only, ROOT/run/keepalived.pid), where
# vsmserver's AdminKeepalivedConfSet installs a file and sends keepalived SIGHUP to reload it.
ha_start_keepalived_unconfigured() {
    local host=$1 root dir
    root=$(tb_host_root "$host")
    dir=$(tb_host_dir "$host")/keepalived
    mkdir -p "$root/etc/keepalived" "$root/run" "$dir"
    printf 'global_defs {\n    script_user root\n    enable_script_security\n}\n' >"$root/etc/keepalived/keepalived.conf"
    chmod 600 "$root/etc/keepalived/keepalived.conf"
    tb_bg "$host" "$(tb_host_dir "$host")/keepalived.log" \
        keepalived -n -l -D -G -P -f "$root/etc/keepalived/keepalived.conf" \
        -p "$root/run/keepalived.pid" -r "$root/run/keepalived-vrrp.pid"
    echo "$TB_LAST_PID" >"$dir/pid"
    tb_log "keepalived started on $host, not configured yet ($root/etc/keepalived/keepalived.conf)"
}

ha_stop_keepalived() {
    tb_stop_pidfile "$(tb_host_dir "$1")/keepalived/pid" 10
}

# The last VRRP state the notify hook recorded on HOST (MASTER, BACKUP, FAULT, STOP), or "".
ha_engine_state() {
    local f
    f=$(tb_host_root "$1")/var/run/openvsm/ha-engine.state
    if [ -f "$f" ]; then
        awk '{print $1; exit}' "$f"
    fi
}

# ha_resource_holders : the server hosts that have the resource IP on an interface,
# space-separated ("" when none; two names means both claim it).
ha_resource_holders() {
    local host out=()
    for host in "${TB_SERVERS[@]}"; do
        if ip -n "$(tb_ns "$host")" -4 -o addr show dev eth0 2>/dev/null | grep -q " $TB_RESOURCE_IP/"; then
            out+=("$host")
        fi
    done
    echo "${out[*]}"
}

ha_resource_on() { [ "$(ha_resource_holders)" = "$1" ]; }

# ha_ip_arrival_ms HOST START_NS : tight poll (5 ms) for the resource IP on HOST; prints the ms
# since START_NS (date +%s%N), or fails after 15 s. For the failover benchmarks.
ha_ip_arrival_ms() {
    local host=$1 start=$2 now
    while :; do
        if ha_resource_on "$host"; then
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
