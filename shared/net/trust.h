#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace Net {

// Which peer addresses are trusted: the seed's address rule. Built from host names or
// addresses (allowed_clients, master_hostname, HA/nodes …), each resolved when the
// configuration is loaded and again on refresh(), plus optionally localhost (127.0.0.0/8, ::1)
// and this machine's own addresses. Entries may also be literal addresses or subnets
// ("10.0.0.0/24"). Addresses are compared normalised (IPv4-mapped IPv6 as IPv4, no scope).
//
// Resolving blocks (resolveNow()); do it at configuration load, not per connection.
// The resolver and the local-address source are injectable for tests.
class Trust {
public:
    using Resolver = std::function<QList<QHostAddress>(const QString &name)>;
    using LocalAddresses = std::function<QList<QHostAddress>()>;

    explicit Trust(Resolver resolver = systemResolver(),
                   LocalAddresses localAddresses = systemLocalAddresses());

    // Adds names (resolved right away). origin, when set, is shown in describe():
    // "tlha=10.0.0.4 (master_hostname)". Empty names are ignored.
    void addNames(const QStringList &names, const QString &origin = {});
    void setAllowLocalhost(bool allow) { m_allowLocalhost = allow; }
    void setAllowOwnAddresses(bool allow);
    // Appended to check()'s reason, to name the parameter an operator would change:
    // "add it to /vsmagent/allowed_clients".
    void setRefusalHint(const QString &hint) { m_refusalHint = hint; }
    void clear();

    // Resolves every name and reads the own addresses again.
    void refresh();

    bool allows(const QHostAddress &peer) const;
    // For TlsServer::TrustCheck: allows(peer), else *why = "PEER is not allowed (allowed: …)",
    // followed by "; HINT" when a refusal hint is set.
    bool check(const QHostAddress &peer, QString *why) const;

    // "allowed: tlha-primary=10.0.0.2, tlha=10.0.0.4 (master_hostname), localhost, own
    // addresses"; a name that did not resolve shows as "name=unresolved".
    QString describe() const;
    // Names that resolved to nothing at the last resolve (for a warning naming them).
    QStringList unresolved() const;
    // Every address currently trusted by name (not localhost/own), normalised.
    QList<QHostAddress> addresses() const;

    static Resolver systemResolver(); // resolveNow()
    // name's addresses now, in this thread, from the system's resolver (getaddrinfo: /etc/hosts
    // and DNS as nsswitch.conf says), each once; none when it does not resolve. Unlike
    // QHostInfo::fromName it needs no QCoreApplication: vsmserver resolves its configuration
    // before it detaches and creates one, and Qt's lookup manager made then warns and is never
    // shut down with the application.
    static QList<QHostAddress> resolveNow(const QString &name);
    static LocalAddresses systemLocalAddresses();
    static bool isLocalhost(const QHostAddress &address);

private:
    struct Entry {
        QString name;
        QString origin;
        QList<QHostAddress> addresses;
        QPair<QHostAddress, int> subnet { QHostAddress(), -1 };
    };
    void resolve(Entry *entry) const;

    Resolver m_resolver;
    LocalAddresses m_localAddressSource;
    QList<Entry> m_entries;
    QList<QHostAddress> m_ownAddresses;
    bool m_allowLocalhost = true;
    bool m_allowOwnAddresses = true;
    QString m_refusalHint;
};

} // namespace Net
