#pragma once

#include <QWizard>

namespace Console {
class Cluster;
class MainWindow;
} // namespace Console
namespace Widgets {
class KeychainStore;
}

namespace Wizard {

class NodesPage;
class ReportPage;
class SetupRun;
class StepPage;

// The setup wizard's window (issue 13), the QWizard front end of the checks tl-ha-setup runs
// (backend/setup): Nodes and resource name, one page per step the library checks (1, 2, 3, 4,
// 5, 6, 7, 8) and the Report. A step page applies its proposed actions only after a confirmation.
//
// On its own (tl-ha-setup-gui) it has a Cluster of its own and logs in from its first page;
// opened from tl-console (Cluster → Setup wizard…) it uses the console's Cluster, its two
// connected nodes and their logins.
class SetupWizard final : public QWizard {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SetupWizard)

public:
    enum PageId {
        NodesId = 0,
        Step1Id,
        Step2Id,
        Step3Id,
        Step4Id,
        Step5Id,
        Step6Id,
        Step7Id,
        Step8Id,
        ReportId
    };

    // cluster: the console's (shared, left connected) or nullptr for one of the wizard's own.
    SetupWizard(Console::Cluster *cluster, Widgets::KeychainStore *keychain, QWidget *parent = nullptr);
    ~SetupWizard() override;

    Console::Cluster *cluster() const { return m_cluster; }
    SetupRun *run() const { return m_run; }
    NodesPage *nodesPage() const { return m_nodes; }
    StepPage *stepPage(int step) const;
    ReportPage *reportPage() const { return m_report; }

    // Saves a PNG of every page in dir (wizard-nodes.png, wizard-step1.png, …, wizard-report.png),
    // going through them as Next does; returns the files written or an error.
    QStringList saveScreenshots(const QString &dir, QString *error);

    // Adds "Setup wizard…" to the console's Cluster menu: opens the wizard for its nodes.
    static void installIn(Console::MainWindow *window);

private:
    void onPageChanged(int id);

    Console::Cluster *m_cluster;
    bool m_shared;
    SetupRun *m_run;
    NodesPage *m_nodes;
    QList<StepPage *> m_steps;
    ReportPage *m_report;
    int m_lastId = -1;
};

} // namespace Wizard
