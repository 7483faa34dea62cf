#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Ha {

// What the HA part of vsmserver reads from /vsmserver/HA/... and the settings both nodes must
// share (compared through a digest on link-up).
struct HaSettings {
    bool enabled = false;
    QStringList nodes;
    bool async = false; // /vsmserver/HA/replication=async
    int syncTimeoutSeconds = 5;
    QString resourceAddress;
    int reconcileGraceSeconds = 60;
    int backlog = 10000; // /vsmserver/HA/backlog: journal entries kept for a partial resync
    int shutdownGraceSeconds = 3; // /vsmserver/HA/shutdown_grace
    quint16 port = 9000; // /vsmserver/listen_port, 0 -> /vsm/vsm_server_port
    QString clusterKeyFile;
    // Parameter path -> value as configured, for the configuration digest.
    QMap<QString, QString> mustMatch;

    // The parameters whose values must be identical on both nodes.
    static QStringList mustMatchParameters();

    // Reads Paths::configFile(). nullopt with *error when it cannot be read.
    static std::optional<HaSettings> load(QString *error);
};

} // namespace Ha
