#include "backend/agent/settings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QNetworkInterface>

namespace Agent {

QString Settings::effectiveAgentHostname(bool *known) const
{
    if (known)
        *known = true;
    if (!agentHostname.isEmpty())
        return agentHostname;
    QString v6;
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    // Even a host without network has its loopback address: nothing at all is a failed read.
    if (known && addresses.isEmpty())
        *known = false;
    for (const QHostAddress &a : addresses) {
        if (a.isLoopback() || a.isLinkLocal())
            continue;
        if (a.protocol() == QAbstractSocket::IPv4Protocol)
            return a.toString();
        if (v6.isEmpty() && a.protocol() == QAbstractSocket::IPv6Protocol)
            v6 = a.toString();
    }
    return v6.isEmpty() ? QStringLiteral("127.0.0.1") : v6;
}

QString Settings::effectiveXsessionScript() const
{
    if (!xsessionScript.isEmpty())
        return xsessionScript;
    const QString relative = QStringLiteral("/../libexec/openvsm/xsession");
    if (QCoreApplication::instance()) {
        const QString beside = QDir::cleanPath(QCoreApplication::applicationDirPath() + relative);
        if (QFileInfo::exists(beside))
            return beside;
    }
    return QStringLiteral(OPENVSM_PREFIX "/libexec/openvsm/xsession");
}

} // namespace Agent
