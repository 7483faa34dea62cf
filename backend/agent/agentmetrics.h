#pragma once

#include "backend/agent/loadreport.h"
#include "shared/metrics/standardmetrics.h"

#include <QByteArray>

namespace Agent {

// What vsmagent's metrics endpoint serves (docs/admin-guide.md#monitoring-with-prometheus lists
// every metric): its sessions and users, the machine's load as the servers see it (the same
// LoadReport the agent link carries), and refused connections. A pure function of its inputs.
QByteArray renderMetrics(const LoadReport &load, const Metrics::RefusalSources &refusals);

} // namespace Agent
