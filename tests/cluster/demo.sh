#!/bin/bash
# The two-node OpenVSM cluster of the seed as a local demo, in network namespaces (lib.sh):
# tlha-primary and tlha-secondary (vsmserver with HA, keepalived with `tlctl ha health`,
# sshd), agent1 and agent2 (vsmagent, sshd), a client, the resource IP 10.0.0.4 named tlha.
# It outlives the shell that started it; `stop` removes everything again. As root:
#
#   tests/cluster/demo.sh start              # build/bin, or OPENVSM_BUILD_BIN=...
#   tests/cluster/demo.sh tlclient --check   # as the demo user on the client, through tlha
#   tests/cluster/demo.sh tlctl tlha-primary ha status
#   tests/cluster/demo.sh pull | plug        # the primary's network cable
#   tests/cluster/demo.sh status
#   tests/cluster/demo.sh stop
set -euo pipefail
export TB_PREFIX=ovsmdemo TB_NO_TRAP=1
src=$(cd "$(dirname "$0")/../.." && pwd)
export OPENVSM_BUILD_BIN=${OPENVSM_BUILD_BIN:-$src/build/bin}
# shellcheck source=tests/cluster/lib.sh
source "$(dirname "$0")/lib.sh"

demo_user=ovdemo
self=$0

running() { ip netns list | grep -q "^$TB_PREFIX-"; }

usage() {
    sed -n '2,13p' "$self" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[ $# -ge 1 ] || usage
command=$1
shift
case "$command" in
start)
    tb_require_root
    if running; then
        tb_die "the demo runs already ($0 status; $0 stop)"
    fi
    # Its own session: the daemons must not die with the terminal that started them.
    if [ -z "${DEMO_DETACHED:-}" ]; then
        DEMO_DETACHED=1 exec setsid -w "$self" start "$@"
    fi
    for prog in vsmagent vsmserver tl-config tlctl tlclient tl-session-helper; do
        [ -x "$TB_BIN/$prog" ] || tb_die "$TB_BIN/$prog is not built (cmake --build build, or set OPENVSM_BUILD_BIN)"
    done
    # A start that fails shows the logs and leaves nothing behind.
    trap 'tb_exit_trap $?' EXIT
    net_up
    openvsm_cluster_up
    make_user "$demo_user"
    line=$(client_tlclient "$demo_user" "$TB_RESOURCE_NAME" --check) ||
        tb_die "the first login through $TB_RESOURCE_NAME failed"
    trap - EXIT
    echo "$line"
    cat <<EOF

The OpenVSM demo cluster runs (namespaces $TB_PREFIX-*, files in $TB_RUN):
  $self tlclient --check                     log in as $demo_user through tlha
  $self tlclient --list
  $self tlctl tlha-primary ha status         (or tlha-secondary; session list, load list)
  $self pull     then tlclient --check again: the same session through the secondary
  $self plug
  $self status
  $self stop                                 removes everything
EOF
    ;;
tlclient)
    running || tb_die "the demo does not run ($0 start)"
    client_tlclient "$demo_user" "$TB_RESOURCE_NAME" "$@"
    ;;
tlctl)
    running || tb_die "the demo does not run ($0 start)"
    [ $# -ge 1 ] || usage
    host=$1
    shift
    host_tlctl "$host" "$@"
    ;;
pull)
    running || tb_die "the demo does not run"
    cable_pull tlha-primary
    ;;
plug)
    running || tb_die "the demo does not run"
    cable_plug tlha-primary
    ;;
status)
    if ! running; then
        echo "the demo does not run"
        exit 1
    fi
    echo "resource IP $TB_RESOURCE_IP ($TB_RESOURCE_NAME) on: $(where_is_resource_ip)"
    for host in "${TB_SERVERS[@]}"; do
        echo "$host: keepalived $(ha_engine_state "$host"), vsmserver HA link $(openvsm_ha_field "$host" link), sessions $(openvsm_ha_field "$host" sessions)"
    done
    ;;
stop)
    tb_require_root
    net_down
    tb_log "demo stopped; nothing of it is left"
    ;;
*) usage ;;
esac
