#include "backend/server/serversettings.h"

#include "shared/config/tables.h"
#include "shared/config/values.h"
#include "shared/hiveconf/tree.h"
#include "shared/net/clusterkey.h"
#include "shared/paths/paths.h"

namespace Server {

std::optional<ServerSettings> ServerSettings::load(QStringList *errors, QStringList *warnings,
                                                   const Resolver &resolve)
{
    Hiveconf::Tree tree;
    QString error;
    if (!tree.load(Paths::configFile(), &error)) {
        errors->append(error);
        return std::nullopt;
    }
    const Config::Values values = Config::Values::load(Config::serverTable(), tree, errors);
    ServerSettings s;
    s.agentPort = static_cast<quint16>(values.integer(QStringLiteral("/vsm/vsm_agent_port")));
    const auto servers = TerminalServers::parse(values.list(QStringLiteral("/vsmserver/terminalservers")),
                                                s.agentPort, &error);
    if (!servers)
        errors->append(error);
    else
        s.terminalServers = *servers;
    s.broker.maxSessionsPerUser
        = static_cast<int>(values.integer(QStringLiteral("/vsmserver/max_sessions_per_user")));
    s.broker.allowedGroups = values.list(QStringLiteral("/vsmserver/allowed_groups"));
    s.broker.endedGraceMs = values.integer(QStringLiteral("/vsmserver/HA/reconcile_grace")) * 1000;
    s.balancer.ramPerUserMib = values.integer(QStringLiteral("/vsmserver/ram_per_user"));
    s.balancer.bogomipsPerUser = values.integer(QStringLiteral("/vsmserver/bogomips_per_user"));
    s.balancer.existingUsersWeight = values.integer(QStringLiteral("/vsmserver/existing_users_weight"));
    if (!BalancerSettings::parseWeights(values.list(QStringLiteral("/vsmserver/agent_weights")),
                                        &s.balancer.weights, &error))
        errors->append(error);
    s.loadUpdateCycleSeconds
        = static_cast<int>(values.integer(QStringLiteral("/vsmserver/load_update_cycle")));
    s.haEnabled = values.boolean(QStringLiteral("/vsmserver/HA/enabled"));
    s.adminPort = static_cast<quint16>(values.integer(QStringLiteral("/vsmserver/admin/listen_port")));
    s.metricsPort = static_cast<quint16>(values.integer(QStringLiteral("/vsmserver/metrics/listen_port")));
    s.metricsAddress = values.string(QStringLiteral("/vsmserver/metrics/listen_address"));
    s.clusterKeyFile = Net::ClusterKey::resolvePath(values.string(QStringLiteral("/vsm/cluster_key_file")));
    s.clusterKeyRequired = values.boolean(QStringLiteral("/vsm/cluster_key_required"));
    s.logFile = values.string(QStringLiteral("/vsmserver/logging/logfile"));
    s.defaultLevel = values.string(QStringLiteral("/vsmserver/logging/defaultlevel"));

    const QStringList loopback = TerminalServers::loopbackEntries(s.terminalServers, resolve);
    if (!loopback.isEmpty()) {
        if (s.haEnabled)
            errors->append(TerminalServers::loopbackMessage(loopback, true));
        else
            warnings->append(TerminalServers::loopbackMessage(loopback, false));
    }
    if (s.terminalServers.isEmpty())
        warnings->append(QStringLiteral("/vsmserver/terminalservers is empty: no sessions can be started"));
    if (!errors->isEmpty())
        return std::nullopt;
    return s;
}

} // namespace Server
