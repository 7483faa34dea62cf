#pragma once

#include <QDebug>
#include <QHash>
#include <QLoggingCategory>
#include <QString>
#include <QVariant>

// A list streamed into a log line prints as QList("a", "b") or QList(QVariant(QString, "a")):
// not for people. Join it ("a, b") instead; these make the compiler say so.
QDebug operator<<(QDebug, const QList<QString> &) = delete;
QDebug operator<<(QDebug, const QList<QVariant> &) = delete;

// One logging category per subsystem. Names follow ThinLinc's subloggers where one exists, so
// /vsmserver/logging/levels/<sub> configures them.
Q_DECLARE_LOGGING_CATEGORY(lcConfig) // openvsm.config
Q_DECLARE_LOGGING_CATEGORY(lcProtocol) // openvsm.protocol: framing, links, TLS
Q_DECLARE_LOGGING_CATEGORY(lcSecurity) // openvsm.security: trust decisions, refused peers
Q_DECLARE_LOGGING_CATEGORY(lcSession) // openvsm.session: session life cycle
Q_DECLARE_LOGGING_CATEGORY(lcLoadInfo) // openvsm.loadinfo: agent load polling
Q_DECLARE_LOGGING_CATEGORY(lcAgent) // openvsm.agent: vsmagent daemon
Q_DECLARE_LOGGING_CATEGORY(lcServer) // openvsm.server: vsmserver daemon
Q_DECLARE_LOGGING_CATEGORY(lcHa) // openvsm.ha: node identity, replication, roles
Q_DECLARE_LOGGING_CATEGORY(lcAdmin) // openvsm.admin: admin API

namespace Logging {

// ThinLinc's levels, most severe first.
enum class Level { Error, Warning, Info, Debug, Debug2 };

// Parses ERROR, WARNING, INFO, DEBUG, DEBUG2 (any case). Returns false on anything else.
bool parseLevel(const QString &text, Level *level);

// Installs the message handler: every line goes to stderr as "<N>program[category]: message"
// where <N> is the syslog priority journald understands, and, once setLogFile() succeeded,
// also to that file with a time stamp.
void install(const QString &programName);

// Appends log lines to path as well (created 0640). Returns false with *error if it cannot.
bool setLogFile(const QString &path, QString *error);

// Sets the default level and per-subsystem levels (keys are the short names: "session", "ha" …).
void setLevels(Level defaultLevel, const QHash<QString, Level> &perSubsystem = {});

} // namespace Logging
