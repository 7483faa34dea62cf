#pragma once

#include "shared/protocol/body.h"

#include <QCborMap>
#include <QString>

#include <optional>

namespace Protocol {

// One agent's load report: the body of an AgentLoad reply. The agent fills it from /proc
// (Agent::LoadReport), the server reads it (Server::AgentLoad).
struct LoadReport {
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
    double bogomips = 0; // summed over all CPUs: the machine's whole CPU capacity
    QString agentHostname;
    // Changes whenever the agent's allowed_clients or master_hostname change (and when the agent
    // restarts): the server tells consoles to read the configuration again. Says nothing about
    // the values themselves (a keyed hash). Empty from older agents.
    QString configDigest;

    // Counts must be whole numbers that fit their field, measurements finite numbers; none may be
    // negative. An absent field is 0.
    static std::optional<LoadReport> fromCbor(const Body &body, QString *error);
    QCborMap toCbor() const;
};

} // namespace Protocol
