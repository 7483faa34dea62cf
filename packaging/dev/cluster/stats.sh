# shellcheck shell=bash
# Figures for the benchmarks (prefix stats_).
# Part of the cluster test bed: sourced by lib.sh, never on its own.

# stats_summary < MS lines : "median X ms, worst Y ms, best Z ms (N trials)". For the benchmarks.
stats_summary() {
    sort -n | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "median %d ms, worst %d ms, best %d ms (%d trials)\n", m, v[NR], v[1], NR }'
}

# stats_machine : what a benchmark's figures were measured on.
stats_machine() {
    echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), kernel $(uname -r)"
    echo "keepalived: $(keepalived --version 2>&1 | head -n 1)"
}
