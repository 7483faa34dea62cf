#pragma once

#include "backend/agent/detachedprocess.h"

#include <QProcess>
#include <QString>

namespace AgentTest {

// A failed VNC login's error with what says why it failed (the error alone only says that Xvnc
// closed the connection): which process listens on the VNC port now (another program's Xvnc, or
// none) and the last lines of the session script's log and of the session's Xvnc log.
inline QString loginFailure(const QString &error, const QString &xvncLog, const QString &xsessionLog,
                            int port)
{
    QProcess ss;
    ss.start(QStringLiteral("ss"), { QStringLiteral("-Htlnp"), QStringLiteral("sport = :%1").arg(port) });
    const QString listener = ss.waitForFinished(5000) ? QString::fromLocal8Bit(ss.readAll()).simplified()
                                                      : QStringLiteral("(ss did not answer)");
    // First what is short: Qt Test cuts a failure's message after about a thousand characters.
    return QStringLiteral("%1\nlistening on port %2: %3\nlast lines of %4:\n%5\nlast lines of %6:\n%7")
        .arg(error)
        .arg(port)
        .arg(listener.isEmpty() ? QStringLiteral("nothing") : listener, xsessionLog,
             Agent::DetachedProcess::lastLines(xsessionLog, 5), xvncLog,
             Agent::DetachedProcess::lastLines(xvncLog, 12));
}

} // namespace AgentTest
