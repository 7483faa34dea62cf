#pragma once

#include "shared/protocol/loadreport.h"

#include <QCborMap>
#include <QString>

namespace Agent {

// What the agent tells the server about how busy this machine is, from /proc; cheap to compute.
struct LoadReport : Protocol::LoadReport {
    // Parsers over the text of /proc files; each returns false when the text lacks what it needs.
    static bool parseMeminfo(const QString &text, LoadReport *report);
    static bool parseLoadavg(const QString &text, LoadReport *report);
    static bool parseCpuinfo(const QString &text, LoadReport *report);

    // Reads <procDir>/meminfo, loadavg and cpuinfo. Missing pieces stay 0 and are named in *error.
    static LoadReport collect(const QString &procDir = QStringLiteral("/proc"), QString *error = nullptr);
};

} // namespace Agent
