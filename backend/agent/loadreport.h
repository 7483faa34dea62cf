#pragma once

#include <QCborMap>
#include <QString>

namespace Agent {

// What the agent tells the server about how busy this machine is, from /proc; cheap to compute.
struct LoadReport {
    qint64 memTotalKib = 0;
    qint64 memUsedKib = 0; // MemTotal - MemAvailable
    qint64 swapTotalKib = 0;
    qint64 swapUsedKib = 0;
    int cpus = 0;
    double load1 = 0, load5 = 0, load15 = 0;
    double bogomips = 0; // sum over all CPUs
    int sessions = 0;
    int users = 0;

    // Parsers over the text of /proc files; each returns false when the text lacks what it needs.
    static bool parseMeminfo(const QString &text, LoadReport *report);
    static bool parseLoadavg(const QString &text, LoadReport *report);
    static bool parseCpuinfo(const QString &text, LoadReport *report);

    // Reads <procDir>/meminfo, loadavg and cpuinfo. Missing pieces stay 0 and are named in *error.
    static LoadReport collect(const QString &procDir = QStringLiteral("/proc"), QString *error = nullptr);

    // The AgentLoad reply body (without agent_hostname).
    QCborMap toCbor() const;
};

} // namespace Agent
