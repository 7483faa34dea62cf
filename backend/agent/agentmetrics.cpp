#include "backend/agent/agentmetrics.h"

#include "shared/metrics/exposition.h"

namespace Agent {

using Metrics::Exposition;

QByteArray renderMetrics(const LoadReport &load, const Metrics::RefusalSources &refusals)
{
    Exposition out;
    Metrics::writeBuildInfo(&out, QStringLiteral("vsmagent"));
    const auto gauge = [&out](const char *name, const char *help, double value) {
        out.family(QString::fromLatin1(name), Exposition::Type::Gauge, QString::fromLatin1(help));
        out.sample(QString::fromLatin1(name), value);
    };
    gauge("openvsm_agent_sessions", "Desktop sessions this agent runs", load.sessions);
    gauge("openvsm_agent_users", "Users with at least one session on this agent", load.users);
    out.family(QStringLiteral("openvsm_agent_load_average"), Exposition::Type::Gauge,
               QStringLiteral("The machine's load average (/proc/loadavg) over 1, 5 and 15 minutes"));
    out.sample(QStringLiteral("openvsm_agent_load_average"), load.load1,
               { { QStringLiteral("period"), QStringLiteral("1m") } });
    out.sample(QStringLiteral("openvsm_agent_load_average"), load.load5,
               { { QStringLiteral("period"), QStringLiteral("5m") } });
    out.sample(QStringLiteral("openvsm_agent_load_average"), load.load15,
               { { QStringLiteral("period"), QStringLiteral("15m") } });
    gauge("openvsm_agent_cpus", "CPUs of the machine", load.cpus);
    gauge("openvsm_agent_bogomips", "The machine's bogomips, summed over its CPUs (load balancing capacity)",
          load.bogomips);
    gauge("openvsm_agent_memory_total_bytes", "The machine's memory (MemTotal)",
          static_cast<double>(load.memTotalKib) * 1024);
    gauge("openvsm_agent_memory_used_bytes", "Memory in use (MemTotal - MemAvailable)",
          static_cast<double>(load.memUsedKib) * 1024);
    gauge("openvsm_agent_swap_total_bytes", "The machine's swap space",
          static_cast<double>(load.swapTotalKib) * 1024);
    gauge("openvsm_agent_swap_used_bytes", "Swap space in use", static_cast<double>(load.swapUsedKib) * 1024);
    Metrics::writeRefusals(&out, refusals);
    return out.text();
}

} // namespace Agent
