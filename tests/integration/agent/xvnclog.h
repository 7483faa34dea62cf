#pragma once

#include "backend/agent/detachedprocess.h"

#include <QString>

namespace AgentTest {

// A failed VNC login's error with the last lines of the session's Xvnc log, which say why Xvnc
// closed the connection (the error alone only says that it did).
inline QString loginFailure(const QString &error, const QString &xvncLog)
{
    return QStringLiteral("%1\nlast lines of %2:\n%3")
        .arg(error, xvncLog, Agent::DetachedProcess::lastLines(xvncLog, 15));
}

} // namespace AgentTest
