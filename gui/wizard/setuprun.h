#pragma once

#include "setup/checks.h"

#include <QObject>

#include <optional>

class Cluster;

// One run of the setup checks for the wizard's pages: asks both nodes of the cluster for their
// AdminNodeFacts (over the console's admin connections) and resolves the names on this
// machine, then runs Setup::Report::check — the library tl-ha-setup prints. Nothing is changed
// on any node. check() again drops the answers of a run still going.
class SetupRun final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SetupRun)

public:
    static constexpr int Parts = 3; // the two nodes and this machine

    explicit SetupRun(Cluster *cluster, QObject *parent = nullptr);

    void setPlan(const Setup::Plan &plan) { m_plan = plan; }
    const Setup::Plan &plan() const { return m_plan; }

    void check();
    bool isRunning() const { return m_open > 0; }
    int answered() const { return Parts - m_open; }
    // The last finished run's report (none before the first, or when it failed) or its error.
    const std::optional<Setup::Report> &report() const { return m_report; }
    QString error() const { return m_error; }

signals:
    void started();
    void progress(int answered);
    void finished();

private:
    void partDone();

    Cluster *m_cluster;
    Setup::Plan m_plan;
    quint64 m_generation = 0;
    int m_open = 0;
    Setup::NodeFacts m_facts[2];
    Setup::NodeFacts m_here;
    QStringList m_errors;
    std::optional<Setup::Report> m_report;
    QString m_error;
};
