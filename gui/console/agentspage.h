#pragma once

#include "shared/protocol/adminmessages.h"

#include <QCborMap>
#include <QHash>
#include <QHostAddress>
#include <QPointer>
#include <QWidget>

class QLabel;
class QMessageBox;
class QTableWidget;

namespace Console {

class Cluster;
class NodeConnection;

// Every agent (from the first connected node): reachable, load, sessions, and whether its
// allowed_clients names both nodes and its master_hostname is the resource name, with a Fix
// button that changes the agent's configuration through the admin API (AgentSetConfig).
// Agents removed from terminalservers disappear; a node that comes back, or an agent that
// becomes reachable, has its configurations read again. problemsChanged() tells the overview.
class AgentsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentsPage)

public:
    enum Column {
        Agent,
        Reachable,
        Sessions,
        Cpu,
        Memory,
        AllowedClients,
        MasterHostname,
        Check,
        Fix,
        ColumnCount
    };

    explicit AgentsPage(Cluster *cluster, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    int rowOf(const QString &agent) const;
    // What is wrong with agent's configuration (empty: fine). Public for tests. Names that
    // resolve to a common address count as the same host (tlha-secondary.example.com and
    // tlha-secondary); names are looked up in the background and the check is made again then.
    QStringList configProblems(const QString &agent) const;
    // a and b name the same host: equal but for case, or their addresses (as last looked up)
    // overlap.
    bool sameHost(const QString &a, const QString &b) const;
    // Shows the exact change to agent's configuration and, with confirm, asks; then sends it
    // through each connected node in turn until one succeeds (the agent accepts it only from a
    // node it trusts).
    void fix(const QString &agent, bool confirm = true);
    // The change fix() would make, in words (empty when there is nothing to change).
    QString fixText(const QString &agent) const;
    // The open confirmation, if any (tests answer it).
    QMessageBox *confirmation() const { return m_confirmation; }
    void refresh();
    QString message() const;
    // A line per reachable agent whose check fails or whose configuration cannot be read.
    QStringList problems() const;

signals:
    void problemsChanged(const QStringList &problems);

private:
    void rebuild();
    void loadConfig(const QString &agent);
    void showConfig(const QString &agent);
    void updateProblems();
    // Looks name up (once; literals at once) for sameHost(); shows every agent again when done.
    void resolve(const QString &name);
    Protocol::AdminAgentConfig fixedConfig(const QString &agent) const;
    void sendFix(const QString &agent, const QCborMap &body, QList<QPointer<NodeConnection>> through,
                 QStringList failures);

    Cluster *m_cluster;
    QTableWidget *m_table;
    QLabel *m_message;
    QHash<QString, Protocol::AgentConfig> m_configs; // empty: asked, no answer yet
    QHash<QString, QString> m_configErrors;
    QHash<QString, bool> m_reachable;
    QPointer<NodeConnection> m_source; // the node the agents are read through
    QStringList m_problems;
    QMessageBox *m_confirmation = nullptr;
    QHash<QString, QList<QHostAddress>> m_addresses; // looked-up names (empty: not resolvable)
};

} // namespace Console
