#include "backend/server/admin/eventlog.h"

#include <QDateTime>

#include <algorithm>

namespace Admin {

EventLog::EventLog(qsizetype capacity) : m_capacity(std::max<qsizetype>(1, capacity))
{
}

Protocol::AdminLogEntry EventLog::append(Protocol::AdminLogEntry entry)
{
    entry.seq = ++m_lastSeq;
    if (entry.time == 0)
        entry.time = QDateTime::currentMSecsSinceEpoch();
    m_entries.push_back(entry);
    while (static_cast<qsizetype>(m_entries.size()) > m_capacity)
        m_entries.pop_front();
    return entry;
}

Protocol::AdminLogEntry EventLog::refusal(const QString &listener, Net::RefusalReason reason,
                                          const QString &from, const QString &why)
{
    return Protocol::AdminLogEntry::make(Protocol::AdminLogEntry::Kind::Refused,
                                         QStringLiteral("%1 refused a connection from %2: %3")
                                             .arg(listener == QLatin1String("local")
                                                      ? QStringLiteral("the local socket")
                                                      : QStringLiteral("the %1 port").arg(listener),
                                                  from, why),
                                         { { QStringLiteral("listener"), listener },
                                           { QStringLiteral("address"), from },
                                           { QStringLiteral("reason"), Net::refusalReasonName(reason) },
                                           { QStringLiteral("why"), why } });
}

QList<Protocol::AdminLogEntry> EventLog::after(qint64 seq) const
{
    // Sequence numbers rise by one: the first wanted entry's index is known.
    QList<Protocol::AdminLogEntry> out;
    if (m_entries.empty())
        return out;
    const qint64 first = m_entries.front().seq;
    const qint64 skip = std::clamp<qint64>(seq - first + 1, 0, static_cast<qint64>(m_entries.size()));
    for (auto it = m_entries.begin() + skip; it != m_entries.end(); ++it)
        out.append(*it);
    return out;
}

} // namespace Admin
