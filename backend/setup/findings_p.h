#pragma once

#include "backend/setup/checks.h"

// Building findings and operations, for the checks' own files (checks.cpp, steps.cpp,
// clusterkey.cpp) only.
namespace Setup::Make {

inline Finding ok(const QString &id, const QString &text, const QStringList &details = {})
{
    return { Finding::Level::Ok, id, text, {}, details, {} };
}

inline Finding warn(const QString &id, const QString &text, const QString &fix,
                    const QStringList &details = {})
{
    return { Finding::Level::Warn, id, text, fix, details, {} };
}

inline Finding error(const QString &id, const QString &text, const QString &fix,
                     const QStringList &details = {})
{
    return { Finding::Level::Error, id, text, fix, details, {} };
}

// An admin API request on node (0 the primary, 1 the secondary), shown as what.
inline Operation call(int node, Protocol::MessageType type, const QCborMap &body, const QString &what)
{
    return { Operation::Kind::Call, node, type, body, what };
}

// A restart of vsmserver on node (index 0 the primary, 1 the secondary) through the admin API,
// after which the wizard logs in again; why says what the restart is for.
inline Operation restart(int index, const QString &node, const QString &why)
{
    return { Operation::Kind::Restart,
             index,
             Protocol::MessageType::AdminRestart,
             {},
             QStringLiteral("on %1: restart vsmserver (admin API: AdminRestart; %2) and log in again")
                 .arg(node, why) };
}

} // namespace Setup::Make
