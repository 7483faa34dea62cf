#pragma once

#include "shared/protocol/ctlmessages.h"
#include <QAbstractTableModel>

#include <QHash>
#include <QList>

namespace Console {

// Every session the nodes report, one row each, keyed by session id. With HA both nodes hold a
// record of each session: the row says which nodes do (the Node column, with the active node, the
// one that holds the resource IP, marked) and shows the newest of their records. A row goes when
// no node holds it any more. Updates are incremental (rows inserted, changed or removed; never a
// full reset after the first load), so a table of 10,000 sessions stays responsive while events
// stream in. State changes that arrive while the console is open are remembered per session (the
// records keep no history).
class SessionModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionModel)

public:
    enum Column { User, Agent, Display, State, Age, LastClient, Node, Id, ColumnCount };
    enum Roles { SessionIdRole = Qt::UserRole + 1, NodeRole, SortRole };

    // One session as the details pane shows it.
    struct Details {
        QString id;
        QString user;
        qint64 uid = -1;
        QString agent; // the terminalservers entry
        QString agentHostname; // as clients reach it
        int display = 0;
        int vncPort = 0;
        QString geometry;
        QString command;
        QString state; // "running", "disconnected"
        qint64 created = 0; // seconds since the epoch
        qint64 lastConnection = 0; // seconds since the epoch, 0 = never
        QString lastClient;
        qint64 updated = 0; // ms since the epoch: when the record last changed
        QStringList nodes; // the nodes that hold a record of it
        // State changes seen by this console: (ms since the epoch, new state).
        QList<QPair<qint64, QString>> history;
    };

    explicit SessionModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The full list from node: node no longer holds the rows missing from it, the others are
    // upserted.
    void setSessions(const QString &node, const QList<Protocol::CtlSession> &sessions);
    // One change pushed by node.
    void applyChange(const QString &node, const Protocol::CtlSession &session, bool removed);
    // node holds nothing any more (it was disconnected).
    void clearNode(const QString &node);
    // The node that holds the resource IP (empty: not known); marked in the Node column.
    void setActiveNode(const QString &node);
    QString activeNode() const { return m_active; }

    int row(const QString &id) const { return m_index.value(id, -1); }
    QString sessionId(int row) const { return m_rows.value(row).id; }
    // The node to act on a session through: the active node when it holds the record, else the
    // first that does.
    QString nodeOf(int row) const;
    QStringList nodesOf(int row) const { return m_rows.value(row).nodes; }
    Details details(int row) const { return m_rows.value(row); }
    // The Node column's text for row ("tlha-primary (active), tlha-secondary").
    QString nodeText(int row) const;

    // For the age column; tests set it.
    void setNow(qint64 secs) { m_now = secs; }

private:
    using Row = Details;
    static Row fromSession(const Protocol::CtlSession &session);
    // Adds node's record of row.id (a new row, or node added to the holders and the newest
    // record's fields kept).
    void upsert(const QString &node, const Row &row);
    // node no longer holds the rows; those no node holds go.
    void dropNode(const QString &node, const QList<int> &rows);
    void removeRows(QList<int> rows);
    qint64 now() const;

    QList<Row> m_rows;
    QHash<QString, int> m_index;
    QString m_active;
    qint64 m_now = 0;
};

} // namespace Console
