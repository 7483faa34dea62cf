#pragma once

#include "backend/server/loadbalancer.h"
#include "backend/server/sessionbroker.h"
#include "backend/server/terminalservers.h"

#include <QStringList>

#include <optional>

namespace Server {

// Everything vsmserver reads from /vsmserver/... and /vsm/..., checked once at start (and at
// reload): every bad value is reported, none is silently replaced.
struct ServerSettings {
    QList<TerminalServer> terminalServers;
    quint16 agentPort = 904;
    BrokerSettings broker;
    BalancerSettings balancer;
    int loadUpdateCycleSeconds = 40;
    bool haEnabled = false;
    quint16 adminPort = 9002; // /vsmserver/admin/listen_port
    quint16 metricsPort = 0; // /vsmserver/metrics/listen_port; 0: no metrics endpoint
    QString metricsAddress = QStringLiteral("127.0.0.1"); // /vsmserver/metrics/listen_address
    QString clusterKeyFile;
    bool clusterKeyRequired = true; // /vsm/cluster_key_required
    QString logFile;
    QString defaultLevel;

    // Reads the configuration (Paths::configFile()). Returns nullopt with one line per problem.
    // Loopback terminalservers: a warning in *warnings on a lone server, an error with HA.
    static std::optional<ServerSettings> load(QStringList *errors, QStringList *warnings,
                                              const Resolver &resolve = &TerminalServers::systemResolve);
};

} // namespace Server
