#pragma once

#include "shared/protocol/adminmessages.h"

#include <QHash>
#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;
class QTimer;

namespace Console {

class Cluster;
class NodeConnection;

// Both nodes' event logs merged, newest first: role changes and failovers, degraded/healthy,
// resyncs, refused connections, agents lost and back, sessions created and ended, configuration
// changes. Each node's log is read when it logs in (AdminEventLog) and new entries are appended
// as the node pushes them; the lists can be narrowed to one node and one kind. A node is named as
// the console connects to it (its address), as on the other pages.
class EventsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventsPage)

public:
    enum Column { Time, Node, Kind, Event, ColumnCount };

    explicit EventsPage(Cluster *cluster, QWidget *parent = nullptr);

    // The kind in the console's words ("Role", "Refused connection", ...).
    static QString kindText(Protocol::AdminLogEntry::Kind kind);

    QTableWidget *table() const { return m_table; }
    QComboBox *nodeFilter() const { return m_nodeFilter; }
    QComboBox *kindFilter() const { return m_kindFilter; }
    // Shows only node's entries (its address; empty: every node's) of kind (none: every kind).
    void setFilter(const QString &node, std::optional<Protocol::AdminLogEntry::Kind> kind);
    // The entries shown, newest first (the table is redrawn shortly after a change).
    QList<Protocol::AdminLogEntry> shown() const;

private:
    void watch();
    void loaded(NodeConnection *node, QList<Protocol::AdminLogEntry> entries);
    void append(NodeConnection *node, Protocol::AdminLogEntry entry);
    void updateNodeFilter();
    void redraw();

    Cluster *m_cluster;
    QComboBox *m_nodeFilter;
    QComboBox *m_kindFilter;
    QLabel *m_count;
    QTableWidget *m_table;
    QTimer *m_redraw; // coalesces redraws when many entries come at once
    QHash<NodeConnection *, QList<Protocol::AdminLogEntry>> m_entries; // per node, oldest first
};

} // namespace Console
