#pragma once

#include "shared/protocol/loadreport.h"

#include <QCborMap>
#include <QString>

#include <optional>

namespace Server {

// One agent's load report, as the agent link carries it.
using AgentLoad = Protocol::LoadReport;

// What the server knows about one terminalservers entry right now.
struct AgentState {
    QString agent; // the terminalservers entry ("host" or "host:port")
    bool reachable = false;
    QString reason; // why it is unreachable (empty when reachable)
    std::optional<AgentLoad> load;
    qint64 loadUpdatedMs = 0; // when load was received (ms since the epoch), 0 = never
    bool linkUp = false;
    bool linkKey = false; // the link used the cluster key (else: certificate TLS, trust by address)
};

} // namespace Server
