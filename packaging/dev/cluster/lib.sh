# shellcheck shell=bash disable=SC2034 # its globals are read by the scripts that source it
# OpenVSM cluster test bed: a small network of test hosts in network namespaces, for the
# cluster tests (tests/cluster), the benchmarks and the demo cluster (demo here).
#
#   source packaging/dev/cluster/lib.sh
#   net_up                       # namespaces, switch, addresses, /etc/netns/<ns>/hosts
#   ssh_start tlha-primary
#   ha_start_keepalived tlha-primary ...
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
#   OPENVSM_SOURCE_DIR  the source tree (default: three levels above this file)
#   TB_PREFIX           namespace prefix (default ovsm<pid of the sourcing shell>)
#   TB_RUN_BASE         where the run folder is created (default /tmp)
#   TB_KEEP_RUN=1       keep the run folder (logs, configs) after net_down
#   TB_NO_TRAP=1        do not install the EXIT trap (a demo that outlives its shell)
#   TB_ADVERT_INT       keepalived advert_int: 1 (VRRPv2) or a fraction such as 0.1 (VRRPv3)
#   TB_PREEMPT          preempt (default) | nopreempt | delay:SECONDS
#   TB_HEALTH           auto (default: the real `tlctl ha health`) | selftest (/bin/true)
#   TB_CONNECT_TIMEOUT  ssh ConnectTimeout of ovsm_tlclient (default 3 s)
#   TB_SYNC_TIMEOUT     /vsmserver/HA/sync_timeout set by ovsm_cluster_up (default: not set)
#   TB_DISPLAY_BASE     first X display of agent1 in ovsm_cluster_up (default 600; agent2 +50)

if [ -n "${TB_LIB_LOADED:-}" ]; then
    return 0
fi
TB_LIB_LOADED=1

TB_SRC=${OPENVSM_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
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
# Set by tb_wait_for and tb_bg for the caller.
TB_WAITED_MS=0 TB_LAST_PID=""

# One file per concern, each with its own prefix.
tb_lib_dir=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=packaging/dev/cluster/base.sh
source "$tb_lib_dir/base.sh"
# shellcheck source=packaging/dev/cluster/net.sh
source "$tb_lib_dir/net.sh"
# shellcheck source=packaging/dev/cluster/ssh.sh
source "$tb_lib_dir/ssh.sh"
# shellcheck source=packaging/dev/cluster/openvsm.sh
source "$tb_lib_dir/openvsm.sh"
# shellcheck source=packaging/dev/cluster/ha.sh
source "$tb_lib_dir/ha.sh"
# shellcheck source=packaging/dev/cluster/stats.sh
source "$tb_lib_dir/stats.sh"
unset tb_lib_dir
