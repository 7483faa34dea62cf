#include "gui/console/sessionmodel.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>

#include <algorithm>

namespace Console {

namespace {

QString formatAge(qint64 s)
{
    if (s < 60)
        return QCoreApplication::translate("Console::SessionModel", "%1 s").arg(s);
    if (s < 3600)
        return QCoreApplication::translate("Console::SessionModel", "%1 min").arg(s / 60);
    if (s < 86400)
        return QCoreApplication::translate("Console::SessionModel", "%1 h %2 min")
            .arg(s / 3600)
            .arg((s % 3600) / 60);
    return QCoreApplication::translate("Console::SessionModel", "%1 d %2 h")
        .arg(s / 86400)
        .arg((s % 86400) / 3600);
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
        return nodeOf(index.row());
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
        return nodeText(index.row());
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

QString SessionModel::nodeOf(int row) const
{
    const QStringList nodes = m_rows.value(row).nodes;
    if (!m_active.isEmpty() && nodes.contains(m_active))
        return m_active;
    return nodes.value(0);
}

QString SessionModel::nodeText(int row) const
{
    QStringList parts;
    for (const QString &n : m_rows.value(row).nodes)
        parts.append(n == m_active ? tr("%1 (active)").arg(n) : n);
    return parts.join(QStringLiteral(", "));
}

void SessionModel::setActiveNode(const QString &node)
{
    if (node == m_active)
        return;
    m_active = node;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Node), index(static_cast<int>(m_rows.size()) - 1, Node));
}

SessionModel::Row SessionModel::fromSession(const Protocol::CtlSession &session)
{
    const Store::SessionRecord &record = session.record;
    Row r;
    r.id = record.id;
    r.user = record.user;
    r.uid = record.uid;
    r.agent = record.agent;
    r.agentHostname = record.agentHostname;
    r.display = record.display;
    r.vncPort = record.vncPort;
    r.geometry = record.geometry;
    r.command = record.command;
    r.state = Store::sessionStateName(record.state);
    r.created = record.created;
    r.lastConnection = record.lastConnection;
    r.lastClient = record.lastClient;
    r.updated = record.version.updated;
    return r;
}

void SessionModel::upsert(const QString &node, const Row &in)
{
    if (in.id.isEmpty())
        return;
    const int at = m_index.value(in.id, -1);
    if (at < 0) {
        Row row = in;
        row.nodes = { node };
        const int n = static_cast<int>(m_rows.size());
        beginInsertRows({}, n, n);
        m_rows.append(row);
        m_index.insert(row.id, n);
        endInsertRows();
        return;
    }
    Row &row = m_rows[at];
    bool changed = false;
    if (!row.nodes.contains(node)) {
        row.nodes.append(node);
        std::sort(row.nodes.begin(), row.nodes.end());
        changed = true;
    }
    // The newest record wins (the other node may not have the change yet).
    if (in.updated >= row.updated) {
        const bool same = in.user == row.user && in.uid == row.uid && in.agent == row.agent
            && in.agentHostname == row.agentHostname && in.display == row.display && in.vncPort == row.vncPort
            && in.geometry == row.geometry && in.command == row.command && in.state == row.state
            && in.created == row.created && in.lastConnection == row.lastConnection
            && in.lastClient == row.lastClient && in.updated == row.updated;
        if (!same) {
            if (in.state != row.state && !row.state.isEmpty())
                row.history.append({ QDateTime::currentMSecsSinceEpoch(), in.state });
            Row updated = in;
            updated.nodes = row.nodes;
            updated.history = row.history;
            row = updated;
            changed = true;
        }
    }
    if (changed)
        emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
}

void SessionModel::dropNode(const QString &node, const QList<int> &rows)
{
    QList<int> gone;
    for (int r : rows) {
        Row &row = m_rows[r];
        if (!row.nodes.removeOne(node))
            continue;
        if (row.nodes.isEmpty())
            gone.append(r);
        else
            emit dataChanged(index(r, Node), index(r, Node));
    }
    removeRows(gone);
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

void SessionModel::setSessions(const QString &node, const QList<Protocol::CtlSession> &sessions)
{
    if (m_rows.isEmpty() && !sessions.isEmpty()) { // first load: one insertion
        beginInsertRows({}, 0, static_cast<int>(sessions.size()) - 1);
        for (const Protocol::CtlSession &session : sessions) {
            Row r = fromSession(session);
            if (r.id.isEmpty() || m_index.contains(r.id))
                continue;
            r.nodes = { node };
            m_index.insert(r.id, static_cast<int>(m_rows.size()));
            m_rows.append(r);
        }
        endInsertRows();
        return;
    }
    QSet<QString> present;
    for (const Protocol::CtlSession &session : sessions) {
        const Row r = fromSession(session);
        present.insert(r.id);
        upsert(node, r);
    }
    QList<int> gone;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].nodes.contains(node) && !present.contains(m_rows[i].id))
            gone.append(i);
    }
    dropNode(node, gone);
}

void SessionModel::applyChange(const QString &node, const Protocol::CtlSession &session, bool removed)
{
    const Row r = fromSession(session);
    if (removed) {
        const int at = m_index.value(r.id, -1);
        if (at >= 0)
            dropNode(node, { at });
        return;
    }
    upsert(node, r);
}

void SessionModel::clearNode(const QString &node)
{
    QList<int> rows;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].nodes.contains(node))
            rows.append(i);
    }
    dropNode(node, rows);
}

} // namespace Console
