#pragma once

#include <QCborMap>
#include <QHash>
#include <QPointer>
#include <QWidget>

class Cluster;
class NodeConnection;
class QLabel;
class QTableWidget;

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
    // What is wrong with agent's configuration (empty: fine). Public for tests.
    QStringList configProblems(const QString &agent) const;
    void fix(const QString &agent);
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

    Cluster *m_cluster;
    QTableWidget *m_table;
    QLabel *m_message;
    QHash<QString, QCborMap> m_configs;
    QHash<QString, QString> m_configErrors;
    QHash<QString, bool> m_reachable;
    QPointer<NodeConnection> m_source; // the node the agents are read through
    QStringList m_problems;
};
