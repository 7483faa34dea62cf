#include "backend/server/ha/nodeidentity.h"

#include "shared/net/trust.h"

#include <QNetworkInterface>

#include <sys/utsname.h>

namespace Ha {
namespace {

QString addressList(const QList<QHostAddress> &addresses)
{
    QStringList parts;
    for (const QHostAddress &a : addresses)
        parts << a.toString();
    return parts.join(QStringLiteral(", "));
}

// IPv4-mapped IPv6 addresses (::ffff:10.0.0.2) compare equal to their IPv4 form.
QHostAddress normalised(const QHostAddress &address)
{
    bool ok = false;
    const quint32 v4 = address.toIPv4Address(&ok);
    return ok ? QHostAddress(v4) : address;
}

QString describe(const NodeIdentity::Entry &e)
{
    if (e.addresses.isEmpty())
        return e.name + QStringLiteral(" did not resolve")
            + (e.matchesHostname ? QStringLiteral(" (but equals uname -n)") : QString());
    QString text = e.name + QStringLiteral(" resolved to ") + addressList(e.addresses);
    if (e.matchesLocalAddress && e.matchesHostname)
        text += QStringLiteral(" (a local address, and equals uname -n)");
    else if (e.matchesLocalAddress)
        text += QStringLiteral(" (a local address)");
    else if (e.matchesHostname)
        text += QStringLiteral(" (equals uname -n)");
    else
        text += QStringLiteral(" (not local)");
    return text;
}

} // namespace

NodeIdentity NodeIdentity::determine(const QStringList &nodes, const QString &hostname,
                                     const QList<QHostAddress> &localAddresses, const Resolver &resolve)
{
    NodeIdentity id;
    QList<QHostAddress> local;
    for (const QHostAddress &a : localAddresses)
        local << normalised(a);

    for (const QString &name : nodes) {
        Entry e;
        e.name = name;
        for (const QHostAddress &a : resolve(name)) {
            const QHostAddress n = normalised(a);
            if (!e.addresses.contains(n))
                e.addresses << n;
        }
        e.matchesHostname = (name == hostname);
        for (const QHostAddress &a : std::as_const(e.addresses))
            e.matchesLocalAddress = e.matchesLocalAddress || local.contains(a);
        id.m_entries << e;
    }

    const QString fix
        = QStringLiteral(
              " Validate your hostname and DNS setup: one entry of /vsmserver/HA/nodes must resolve to"
              " one of this machine's addresses or equal `uname -n` exactly, and the other must resolve"
              " to the peer's address. This host is '%1' with addresses %2. Starting without HA.")
              .arg(hostname, addressList(local));
    QStringList described;
    for (const Entry &e : std::as_const(id.m_entries))
        described << describe(e);
    const QString resolved = described.join(QStringLiteral("; ")) + QLatin1Char('.');

    if (nodes.size() != 2) {
        id.m_explanation = QStringLiteral("HA not enabled: /vsmserver/HA/nodes must name exactly two nodes, "
                                          "it names %1 (%2).")
                               .arg(nodes.size())
                               .arg(nodes.isEmpty() ? QStringLiteral("empty") : nodes.join(QLatin1Char(' ')))
            + fix;
        return id;
    }
    for (const Entry &e : std::as_const(id.m_entries)) {
        if (e.addresses.isEmpty()) {
            id.m_explanation
                = QStringLiteral("HA not enabled: %1 does not resolve; %2").arg(e.name, resolved) + fix;
            return id;
        }
    }
    const bool firstLocal = id.m_entries.at(0).isLocal();
    const bool secondLocal = id.m_entries.at(1).isLocal();
    if (firstLocal == secondLocal) {
        id.m_explanation = (firstLocal ? QStringLiteral("HA not enabled: both entries match this machine; ")
                                       : QStringLiteral("HA not enabled: no entry matches this machine; "))
            + resolved + fix;
        return id;
    }
    id.m_localIndex = firstLocal ? 0 : 1;
    id.m_peerIndex = firstLocal ? 1 : 0;
    id.m_explanation = QStringLiteral("HA node identity: this node is %1, the peer is %2 (%3)")
                           .arg(id.local().name, id.peer().name, addressList(id.peer().addresses));
    return id;
}

NodeIdentity NodeIdentity::determineForThisHost(const QStringList &nodes)
{
    struct utsname u { };
    const QString hostname = ::uname(&u) == 0 ? QString::fromLocal8Bit(u.nodename) : QString();
    return determine(nodes, hostname, QNetworkInterface::allAddresses(), &Net::Trust::resolveNow);
}

} // namespace Ha
