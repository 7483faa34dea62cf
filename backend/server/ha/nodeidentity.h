#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace Ha {

// Which entry of /vsmserver/HA/nodes is this machine, and which is the peer — the seed's rule,
// exactly: an entry is local when one of its resolved addresses is one of this machine's
// addresses, or when it is exactly equal to `uname -n`. HA runs only when that singles out one
// local and one remote entry; otherwise the server starts without HA and logs explanation().
class NodeIdentity final {
public:
    using Resolver = std::function<QList<QHostAddress>(const QString &name)>;

    struct Entry {
        QString name;
        QList<QHostAddress> addresses; // empty: did not resolve
        bool matchesHostname = false;
        bool matchesLocalAddress = false;
        bool isLocal() const { return matchesHostname || matchesLocalAddress; }
    };

    // The decision for the given inputs; the resolver and local addresses are injected so the
    // rule can be tested deterministically.
    static NodeIdentity determine(const QStringList &nodes, const QString &hostname,
                                  const QList<QHostAddress> &localAddresses, const Resolver &resolve);

    // The decision for this machine: uname -n, QNetworkInterface's addresses, the system resolver.
    static NodeIdentity determineForThisHost(const QStringList &nodes);

    bool isValid() const { return m_localIndex >= 0 && m_peerIndex >= 0; }
    const Entry &local() const { return m_entries.at(m_localIndex); }
    const Entry &peer() const { return m_entries.at(m_peerIndex); }
    const QList<Entry> &entries() const { return m_entries; }

    // One message for the log: on success which entry is local and which is the peer (with
    // addresses); on failure what each name resolved to and what the administrator must fix.
    QString explanation() const { return m_explanation; }

private:
    QList<Entry> m_entries;
    int m_localIndex = -1;
    int m_peerIndex = -1;
    QString m_explanation;
};

} // namespace Ha
