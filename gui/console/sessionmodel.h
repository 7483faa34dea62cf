#pragma once

#include <QAbstractTableModel>
#include <QCborArray>
#include <QCborMap>
#include <QHash>
#include <QList>

// Every session the nodes report, one row each, keyed by session id. Updates are incremental
// (rows inserted, changed or removed; never a full reset after the first load), so a table of
// 10,000 sessions stays responsive while events stream in.
class SessionModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionModel)

public:
    enum Column { User, Agent, Display, State, Age, LastClient, Node, Id, ColumnCount };
    enum Roles { SessionIdRole = Qt::UserRole + 1, NodeRole, SortRole };

    explicit SessionModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The full list from node: rows of that node missing from it go, the others are upserted.
    void setSessions(const QString &node, const QCborArray &sessions);
    // One change pushed by node.
    void applyChange(const QString &node, const QCborMap &session, bool removed);
    // Drops every row of node (it was disconnected).
    void clearNode(const QString &node);

    int row(const QString &id) const { return m_index.value(id, -1); }
    QString sessionId(int row) const { return m_rows.value(row).id; }
    QString nodeOf(int row) const { return m_rows.value(row).node; }

    // For the age column; tests set it.
    void setNow(qint64 secs) { m_now = secs; }

private:
    struct Row {
        QString id;
        QString user;
        QString agent;
        int display = 0;
        QString state;
        qint64 created = 0;
        QString lastClient;
        QString node;
    };
    static Row fromCbor(const QString &node, const QCborMap &m);
    void upsert(const Row &row);
    void removeRows(QList<int> rows);
    qint64 now() const;

    QList<Row> m_rows;
    QHash<QString, int> m_index;
    qint64 m_now = 0;
};
