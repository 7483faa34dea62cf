#include "backend/server/terminalservers.h"

#include "shared/net/trust.h"

#include <QHash>

namespace Server {

namespace {

// Names that differ in case only, or the default port spelled out: the same agent.
QString agentKey(const TerminalServer &ts)
{
    return ts.host.toLower() + QLatin1Char(' ') + QString::number(ts.port);
}

} // namespace

std::optional<QList<TerminalServer>> TerminalServers::parse(const QStringList &entries, quint16 defaultPort,
                                                            QString *error)
{
    QList<TerminalServer> out;
    QHash<QString, QString> seen; // host (lower case) and port -> the entry that named them first
    for (const QString &entry : entries) {
        TerminalServer ts;
        ts.entry = entry;
        ts.port = defaultPort;
        QString portText;
        if (entry.startsWith(QLatin1Char('['))) {
            const int close = entry.indexOf(QLatin1Char(']'));
            if (close < 0 || (close + 1 < entry.size() && entry.at(close + 1) != QLatin1Char(':'))) {
                if (error)
                    *error = QStringLiteral("/vsmserver/terminalservers: '%1' is not [IPv6 address]:port")
                                 .arg(entry);
                return std::nullopt;
            }
            ts.host = entry.mid(1, close - 1);
            portText = entry.mid(close + 2);
            if (close + 1 < entry.size() && portText.isEmpty())
                portText = QStringLiteral("x"); // "[::1]:" is an error below
        } else if (entry.count(QLatin1Char(':')) == 1) {
            const int colon = entry.indexOf(QLatin1Char(':'));
            ts.host = entry.left(colon);
            portText = entry.mid(colon + 1);
            if (portText.isEmpty())
                portText = QStringLiteral("x");
        } else {
            ts.host = entry; // a name, an IPv4 address or a bare IPv6 address
        }
        if (!portText.isEmpty()) {
            bool ok = false;
            const int port = portText.toInt(&ok);
            if (!ok || port < 1 || port > 65535) {
                if (error)
                    *error
                        = QStringLiteral("/vsmserver/terminalservers: '%1' has a bad port (1-65535 expected)")
                              .arg(entry);
                return std::nullopt;
            }
            ts.port = static_cast<quint16>(port);
        }
        if (ts.host.isEmpty()) {
            if (error)
                *error = QStringLiteral("/vsmserver/terminalservers: '%1' names no host").arg(entry);
            return std::nullopt;
        }
        const QString key = agentKey(ts);
        if (seen.contains(key)) {
            if (error)
                *error = seen.value(key) == entry
                    ? QStringLiteral("/vsmserver/terminalservers: '%1' is listed twice; remove one")
                          .arg(entry)
                    : QStringLiteral("/vsmserver/terminalservers: '%1' is listed twice (as '%2'); remove one")
                          .arg(entry, seen.value(key));
            return std::nullopt;
        }
        seen.insert(key, entry);
        out.append(ts);
    }
    return out;
}

QStringList TerminalServers::listedTwice(const QStringList &entries, quint16 defaultPort)
{
    QHash<QString, QString> seen;
    for (const QString &entry : entries) {
        const auto one = parse({ entry }, defaultPort, nullptr);
        if (!one)
            continue;
        const QString key = agentKey(one->first());
        if (seen.contains(key))
            return { entry, seen.value(key) };
        seen.insert(key, entry);
    }
    return {};
}

QStringList TerminalServers::loopbackEntries(const QList<TerminalServer> &servers, const Resolver &resolve)
{
    QStringList out;
    for (const TerminalServer &ts : servers) {
        if (ts.host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
            || ts.host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive)) {
            out.append(ts.entry);
            continue;
        }
        QHostAddress literal;
        if (literal.setAddress(ts.host)) {
            if (literal.isLoopback())
                out.append(ts.entry);
            continue;
        }
        const QList<QHostAddress> addresses = resolve ? resolve(ts.host) : QList<QHostAddress>();
        for (const QHostAddress &a : addresses) {
            if (a.isLoopback()) {
                out.append(ts.entry);
                break;
            }
        }
    }
    return out;
}

QString TerminalServers::loopbackMessage(const QStringList &entries, bool haEnabled)
{
    const QString list = entries.join(QStringLiteral(", "));
    if (haEnabled)
        return QStringLiteral(
                   "/vsmserver/terminalservers contains a loopback entry (%1) while /vsmserver/HA/enabled=1. "
                   "It is "
                   "VERY IMPORTANT that 127.0.0.1 is not in the list of terminal servers. If the machines "
                   "running "
                   "VSM server are also VSM agents, their unique hostnames or IP addresses must be added to "
                   "/vsmserver/terminalservers instead of 127.0.0.1. The reason for this is that 127.0.0.1 "
                   "will "
                   "be a different server based on which VSM server is currently active. Refusing to start.")
            .arg(list);
    return QStringLiteral(
               "/vsmserver/terminalservers contains a loopback entry (%1): fine on a lone server, but it "
               "must be replaced by the agent's unique host name before HA is enabled (with HA the "
               "loopback address is a different machine depending on which node is active)")
        .arg(list);
}

QList<QHostAddress> TerminalServers::systemResolve(const QString &host)
{
    return Net::Trust::resolveNow(host);
}

} // namespace Server
