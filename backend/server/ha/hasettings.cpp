#include "backend/server/ha/hasettings.h"

#include "shared/config/tables.h"
#include "shared/config/values.h"
#include "shared/hiveconf/tree.h"
#include "shared/net/clusterkey.h"
#include "shared/paths/paths.h"

namespace Ha {

QStringList HaSettings::mustMatchParameters()
{
    return {
        QStringLiteral("/vsmserver/terminalservers"),
        QStringLiteral("/vsmserver/HA/nodes"),
        QStringLiteral("/vsmserver/max_sessions_per_user"),
        QStringLiteral("/vsmserver/allowed_groups"),
        QStringLiteral("/vsmserver/HA/replication"),
        QStringLiteral("/vsmserver/HA/sync_timeout"),
        QStringLiteral("/vsmserver/HA/resource_address"),
        QStringLiteral("/vsmserver/HA/reconcile_grace"),
        QStringLiteral("/vsmserver/listen_port"),
        QStringLiteral("/vsm/vsm_server_port"),
        QStringLiteral("/vsm/vsm_agent_port"),
        QStringLiteral("/vsm/vnc_port_base"),
        QStringLiteral("/vsmserver/agent_weights"),
        QStringLiteral("/vsmserver/ram_per_user"),
        QStringLiteral("/vsmserver/bogomips_per_user"),
        QStringLiteral("/vsmserver/existing_users_weight"),
    };
}

std::optional<HaSettings> HaSettings::load(QString *error)
{
    Hiveconf::Tree tree;
    if (!tree.load(Paths::configFile(), error))
        return std::nullopt;
    QStringList errors;
    const Config::Values values = Config::Values::load(Config::serverTable(), tree, &errors);
    if (!errors.isEmpty()) {
        *error = errors.join(QStringLiteral("; "));
        return std::nullopt;
    }
    HaSettings s;
    s.enabled = values.boolean(QStringLiteral("/vsmserver/HA/enabled"));
    s.nodes = values.list(QStringLiteral("/vsmserver/HA/nodes"));
    s.async = values.string(QStringLiteral("/vsmserver/HA/replication")) == QLatin1String("async");
    s.syncTimeoutSeconds = static_cast<int>(values.integer(QStringLiteral("/vsmserver/HA/sync_timeout")));
    s.resourceAddress = values.string(QStringLiteral("/vsmserver/HA/resource_address"));
    s.reconcileGraceSeconds
        = static_cast<int>(values.integer(QStringLiteral("/vsmserver/HA/reconcile_grace")));
    s.backlog = static_cast<int>(values.integer(QStringLiteral("/vsmserver/HA/backlog")));
    s.shutdownGraceSeconds = static_cast<int>(values.integer(QStringLiteral("/vsmserver/HA/shutdown_grace")));
    const qint64 listen = values.integer(QStringLiteral("/vsmserver/listen_port"));
    s.port
        = static_cast<quint16>(listen != 0 ? listen : values.integer(QStringLiteral("/vsm/vsm_server_port")));
    s.clusterKeyFile = Net::ClusterKey::resolvePath(values.string(QStringLiteral("/vsm/cluster_key_file")));
    for (const QString &p : mustMatchParameters())
        s.mustMatch.insert(p, values.string(p));
    return s;
}

} // namespace Ha
