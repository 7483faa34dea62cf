#include "shared/net/trust.h"

#include "shared/protocol/link.h"

#include <QNetworkInterface>
#include <QUrl>

#include <netdb.h>
#include <sys/socket.h>

namespace Net {

namespace {

QList<QHostAddress> normalized(const QList<QHostAddress> &addresses)
{
    QList<QHostAddress> result;
    for (const QHostAddress &address : addresses) {
        const QHostAddress n = Protocol::normalizedAddress(address);
        if (!n.isNull() && !result.contains(n))
            result.append(n);
    }
    return result;
}

} // namespace

Trust::Trust(Resolver resolver, LocalAddresses localAddresses)
    : m_resolver(std::move(resolver)), m_localAddressSource(std::move(localAddresses))
{
    m_ownAddresses = normalized(m_localAddressSource());
}

Trust::Resolver Trust::systemResolver()
{
    return &Trust::resolveNow;
}

QList<QHostAddress> Trust::resolveNow(const QString &name)
{
    if (QHostAddress literal; literal.setAddress(name))
        return { literal };
    const QByteArray ace = QUrl::toAce(name);
    if (ace.isEmpty())
        return {};
    struct addrinfo hints { };
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM; // one entry per address, not one per socket type
    hints.ai_flags = AI_ADDRCONFIG; // as Qt asks: no IPv6 answers on a host without IPv6
    struct addrinfo *answers = nullptr;
    int rc = ::getaddrinfo(ace.constData(), nullptr, &hints, &answers);
    if (rc == EAI_BADFLAGS) {
        hints.ai_flags = 0;
        rc = ::getaddrinfo(ace.constData(), nullptr, &hints, &answers);
    }
    if (rc != 0)
        return {};
    QList<QHostAddress> addresses;
    for (const struct addrinfo *a = answers; a; a = a->ai_next) {
        const QHostAddress address(a->ai_addr);
        if (!address.isNull() && !addresses.contains(address))
            addresses.append(address);
    }
    ::freeaddrinfo(answers);
    return addresses;
}

Trust::LocalAddresses Trust::systemLocalAddresses()
{
    return [] { return QNetworkInterface::allAddresses(); };
}

bool Trust::isLocalhost(const QHostAddress &address)
{
    const QHostAddress n = Protocol::normalizedAddress(address);
    return n.isLoopback();
}

void Trust::addNames(const QStringList &names, const QString &origin)
{
    for (const QString &raw : names) {
        const QString name = raw.trimmed();
        if (name.isEmpty())
            continue;
        Entry entry;
        entry.name = name;
        entry.origin = origin;
        resolve(&entry);
        m_entries.append(entry);
    }
}

void Trust::setAllowOwnAddresses(bool allow)
{
    m_allowOwnAddresses = allow;
}

void Trust::clear()
{
    m_entries.clear();
}

void Trust::refresh()
{
    for (Entry &entry : m_entries)
        resolve(&entry);
    m_ownAddresses = normalized(m_localAddressSource());
}

void Trust::resolve(Entry *entry) const
{
    entry->addresses.clear();
    entry->subnet = { QHostAddress(), -1 };
    if (entry->name.contains(QLatin1Char('/'))) {
        const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(entry->name);
        if (!subnet.first.isNull()) {
            entry->subnet = subnet;
            return;
        }
    }
    const QHostAddress literal(entry->name);
    if (!literal.isNull()) {
        entry->addresses = normalized({ literal });
        return;
    }
    entry->addresses = normalized(m_resolver(entry->name));
}

bool Trust::allows(const QHostAddress &peer) const
{
    const QHostAddress address = Protocol::normalizedAddress(peer);
    if (address.isNull())
        return false;
    if (m_allowLocalhost && address.isLoopback())
        return true;
    if (m_allowOwnAddresses && m_ownAddresses.contains(address))
        return true;
    for (const Entry &entry : m_entries) {
        if (entry.subnet.second >= 0 && address.isInSubnet(entry.subnet))
            return true;
        if (entry.addresses.contains(address))
            return true;
    }
    return false;
}

bool Trust::check(const QHostAddress &peer, QString *why) const
{
    if (allows(peer))
        return true;
    if (why) {
        *why = QStringLiteral("%1 is not allowed (%2)")
                   .arg(Protocol::normalizedAddress(peer).toString(), describe());
        if (!m_refusalHint.isEmpty())
            *why += QStringLiteral("; ") + m_refusalHint;
    }
    return false;
}

QString Trust::describe() const
{
    QStringList parts;
    for (const Entry &entry : m_entries) {
        QString part = entry.name;
        if (entry.subnet.second < 0) {
            const QHostAddress literal(entry.name);
            if (literal.isNull() || entry.addresses.size() != 1
                || Protocol::normalizedAddress(literal) != entry.addresses.first()) {
                QStringList addresses;
                for (const QHostAddress &a : entry.addresses)
                    addresses.append(a.toString());
                part += QLatin1Char('=')
                    + (addresses.isEmpty() ? QStringLiteral("unresolved") : addresses.join(QLatin1Char('/')));
            }
        }
        if (!entry.origin.isEmpty())
            part += QStringLiteral(" (%1)").arg(entry.origin);
        parts.append(part);
    }
    if (m_allowLocalhost)
        parts.append(QStringLiteral("localhost"));
    if (m_allowOwnAddresses)
        parts.append(QStringLiteral("own addresses"));
    return QStringLiteral("allowed: ")
        + (parts.isEmpty() ? QStringLiteral("nobody") : parts.join(QStringLiteral(", ")));
}

QStringList Trust::unresolved() const
{
    QStringList names;
    for (const Entry &entry : m_entries) {
        if (entry.subnet.second < 0 && entry.addresses.isEmpty())
            names.append(entry.name);
    }
    return names;
}

QList<QHostAddress> Trust::addresses() const
{
    QList<QHostAddress> result;
    for (const Entry &entry : m_entries) {
        for (const QHostAddress &a : entry.addresses) {
            if (!result.contains(a))
                result.append(a);
        }
    }
    return result;
}

} // namespace Net
