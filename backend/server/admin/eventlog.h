#pragma once

#include "shared/net/refusallog.h"
#include "shared/protocol/adminmessages.h"

#include <QList>

#include <deque>

namespace Admin {

// The node's event log: the last Capacity entries (role changes, degraded/healthy, resyncs,
// refused connections, agents lost/back, sessions created/ended, configuration changes), in
// memory only, for the admin API's AdminEventLog. Each entry gets the next sequence number, so
// a console that has seen up to N asks for what came after N.
class EventLog final {
public:
    static constexpr qsizetype DefaultCapacity = 500;

    explicit EventLog(qsizetype capacity = DefaultCapacity);

    // Keeps entry with the next seq (and now as its time when it has none); the oldest entry
    // goes when the log is full. Returns the entry as kept.
    Protocol::AdminLogEntry append(Protocol::AdminLogEntry entry);
    // The entries with a seq above after, oldest first.
    QList<Protocol::AdminLogEntry> after(qint64 seq) const;
    qsizetype size() const { return static_cast<qsizetype>(m_entries.size()); }
    qsizetype capacity() const { return m_capacity; }

    // The entry for a refusal a listener ("admin", "replication", "local") logged
    // (Net::TlsServer::refusalLogged, Server::ClientSocket::refusalLogged); from: the peer's
    // address, or "uid 1001" on the local socket.
    static Protocol::AdminLogEntry refusal(const QString &listener, Net::RefusalReason reason,
                                           const QString &from, const QString &why);

private:
    qsizetype m_capacity;
    qint64 m_lastSeq = 0;
    std::deque<Protocol::AdminLogEntry> m_entries;
};

} // namespace Admin
