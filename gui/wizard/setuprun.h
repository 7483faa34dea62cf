#pragma once

#include "backend/setup/apply.h"
#include "backend/setup/checks.h"

#include <QObject>

#include <optional>

namespace Console {
class Cluster;
}

namespace Wizard {

// One run of the setup checks for the wizard's pages: asks both nodes of the cluster for what
// every step needs (Setup::gatherNode over the console's admin connections) and resolves the
// names on this machine, then runs Setup::Report::check — the library tl-ha-setup prints.
// check() again drops the answers of a run still going. apply() makes the changes the findings
// propose (Setup::Applier, as tl-ha-setup --yes does), one action after the other, then checks
// again; only the pages call it, after the admin confirmed. drill() runs step 9.
class SetupRun final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SetupRun)

public:
    static constexpr int Parts = 3; // the two nodes and this machine

    explicit SetupRun(Console::Cluster *cluster, QObject *parent = nullptr);

    void setPlan(const Setup::Plan &plan) { m_plan = plan; }
    const Setup::Plan &plan() const { return m_plan; }

    void check();
    bool isRunning() const { return m_open > 0 || m_applying || m_drilling; }
    bool isApplying() const { return m_applying; }
    // Step 9: the failover drill with move-back (Client::FailoverDrill over the console's two
    // connections, as tl-ha-setup --drill), only on a report without errors; its timeline goes
    // into this and every later report. The pages call it after the admin confirmed.
    void drill();
    bool isDrilling() const { return m_drilling; }
    bool canDrill() const { return !isRunning() && m_report && m_report->allFine(); }
    // Applies the actions in order (stops at the first failure), then checks again.
    void apply(const QList<Setup::Action> &actions);
    QStringList changed() const { return m_changed; } // every applied action's lines, so far
    QString applyError() const { return m_applyError; } // the last apply()'s failure
    int answered() const { return Parts - m_open; }
    // The last finished run's report (none before the first, or when it failed) or its error.
    const std::optional<Setup::Report> &report() const { return m_report; }
    QString error() const { return m_error; }

signals:
    void applying(const QString &what); // an action's operation starts
    void started();
    void progress(int answered);
    void finished();

private:
    void partDone();
    void applyNext();

    Console::Cluster *m_cluster;
    Setup::Plan m_plan;
    quint64 m_generation = 0;
    int m_open = 0;
    Setup::NodeFacts m_facts[2];
    Setup::NodeFacts m_here;
    QStringList m_errors;
    std::optional<Setup::Report> m_report;
    QString m_error;
    bool m_applying = false;
    bool m_drilling = false;
    std::optional<Setup::DrillResult> m_drill;
    QList<Setup::Action> m_pending;
    QStringList m_changed;
    QString m_applyError;
    Setup::Applier *m_applier = nullptr;
};

} // namespace Wizard
