#include "sessionmodel.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>

#include <algorithm>

namespace {

QString formatAge(qint64 s)
{
    if (s < 60)
        return QCoreApplication::translate("SessionModel", "%1 s").arg(s);
    if (s < 3600)
        return QCoreApplication::translate("SessionModel", "%1 min").arg(s / 60);
    if (s < 86400)
        return QCoreApplication::translate("SessionModel", "%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return QCoreApplication::translate("SessionModel", "%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

} // namespace

SessionModel::SessionModel(QObject *parent) : QAbstractTableModel(parent)
{
}

int SessionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SessionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 SessionModel::now() const
{
    return m_now ? m_now : QDateTime::currentSecsSinceEpoch();
}

QVariant SessionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows[index.row()];
    if (role == SessionIdRole)
        return r.id;
    if (role == NodeRole)
        return r.node;
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (index.column()) {
    case User:
        return r.user;
    case Agent:
        return r.agent;
    case Display:
        return role == SortRole ? QVariant(r.display) : QVariant(QStringLiteral(":%1").arg(r.display));
    case State:
        return r.state == QLatin1String("running")     ? tr("running")
            : r.state == QLatin1String("disconnected") ? tr("disconnected")
                                                       : r.state;
    case Age: {
        const qint64 age = std::max<qint64>(0, now() - r.created);
        return role == SortRole ? QVariant(age) : QVariant(formatAge(age));
    }
    case LastClient:
        return r.lastClient;
    case Node:
        return r.node;
    case Id:
        return r.id;
    default:
        return {};
    }
}

QVariant SessionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case User:
        return tr("User");
    case Agent:
        return tr("Agent");
    case Display:
        return tr("Display");
    case State:
        return tr("State");
    case Age:
        return tr("Age");
    case LastClient:
        return tr("Last client");
    case Node:
        return tr("Node");
    case Id:
        return tr("Session ID");
    default:
        return {};
    }
}

SessionModel::Row SessionModel::fromCbor(const QString &node, const QCborMap &m)
{
    Row r;
    r.id = m.value(QStringLiteral("id")).toString();
    r.user = m.value(QStringLiteral("user")).toString();
    r.agent = m.value(QStringLiteral("agent")).toString();
    r.display = static_cast<int>(m.value(QStringLiteral("display")).toInteger());
    r.state = m.value(QStringLiteral("state")).toString();
    r.created = m.value(QStringLiteral("created")).toInteger();
    r.lastClient = m.value(QStringLiteral("last_client")).toString();
    r.node = node;
    return r;
}

void SessionModel::upsert(const Row &row)
{
    if (row.id.isEmpty())
        return;
    const int at = m_index.value(row.id, -1);
    if (at >= 0) {
        m_rows[at] = row;
        emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
        return;
    }
    const int n = static_cast<int>(m_rows.size());
    beginInsertRows({}, n, n);
    m_rows.append(row);
    m_index.insert(row.id, n);
    endInsertRows();
}

void SessionModel::removeRows(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    // Contiguous ranges, from the bottom, so earlier row numbers stay valid.
    int i = static_cast<int>(rows.size()) - 1;
    while (i >= 0) {
        int first = rows[i];
        const int last = rows[i];
        while (i > 0 && rows[i - 1] == first - 1)
            first = rows[--i];
        beginRemoveRows({}, first, last);
        for (int r = first; r <= last; ++r)
            m_index.remove(m_rows[r].id);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        --i;
    }
    for (int r = rows.first(); r < m_rows.size(); ++r)
        m_index.insert(m_rows[r].id, r);
}

void SessionModel::setSessions(const QString &node, const QCborArray &sessions)
{
    if (m_rows.isEmpty() && !sessions.isEmpty()) { // first load: one insertion
        beginInsertRows({}, 0, static_cast<int>(sessions.size()) - 1);
        for (const QCborValue &v : sessions) {
            Row r = fromCbor(node, v.toMap());
            if (r.id.isEmpty() || m_index.contains(r.id))
                continue;
            m_index.insert(r.id, static_cast<int>(m_rows.size()));
            m_rows.append(r);
        }
        endInsertRows();
        return;
    }
    QSet<QString> present;
    for (const QCborValue &v : sessions) {
        const Row r = fromCbor(node, v.toMap());
        present.insert(r.id);
        const int at = m_index.value(r.id, -1);
        if (at < 0 || m_rows[at].user != r.user || m_rows[at].state != r.state || m_rows[at].agent != r.agent
            || m_rows[at].display != r.display || m_rows[at].node != r.node
            || m_rows[at].lastClient != r.lastClient)
            upsert(r);
    }
    QList<int> gone;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].node == node && !present.contains(m_rows[i].id))
            gone.append(i);
    }
    removeRows(gone);
}

void SessionModel::applyChange(const QString &node, const QCborMap &session, bool removed)
{
    const Row r = fromCbor(node, session);
    if (removed) {
        const int at = m_index.value(r.id, -1);
        if (at >= 0)
            removeRows({ at });
        return;
    }
    upsert(r);
}

void SessionModel::clearNode(const QString &node)
{
    QList<int> gone;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].node == node)
            gone.append(i);
    }
    removeRows(gone);
}
