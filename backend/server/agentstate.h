#pragma once

#include <QCborMap>
#include <QString>

#include <optional>

namespace Server {

// One agent's load report (the body of an AgentLoad reply).
struct AgentLoad {
    int users = 0;
    int sessions = 0;
    qint64 memTotalKib = 0;
    qint64 memUsedKib = 0;
    qint64 swapTotalKib = 0;
    qint64 swapUsedKib = 0;
    int cpus = 0;
    double load1 = 0;
    double load5 = 0;
    double load15 = 0;
    double bogomips = 0; // per CPU
    QString agentHostname;

    static std::optional<AgentLoad> fromCbor(const QCborMap &body, QString *error);
    QCborMap toCbor() const;
};

// What the server knows about one terminalservers entry right now.
struct AgentState {
    QString agent; // the terminalservers entry ("host" or "host:port")
    bool reachable = false;
    QString reason; // why it is unreachable (empty when reachable)
    std::optional<AgentLoad> load;
    qint64 loadUpdatedMs = 0; // when load was received (ms since the epoch), 0 = never
};

} // namespace Server
