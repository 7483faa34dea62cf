// The setup wizard's window (SetupWizard, as tl-ha-setup-gui shows it, offscreen) against the
// namespace test bed's pair, in place of `tl-ha-setup --yes`: run by tests/cluster/hasetup.sh
// (CTest cluster_ha_setup_gui) from the client host. It logs in on the nodes page, then applies
// every step page's proposed actions (apply() without the dialog, as a click on Apply… and Yes
// does) one page at a time, each followed by the check the page runs again, until no page
// proposes anything, and saves the report from the Report page (FILE.txt and FILE.json, what
// tl-ha-setup --report writes). Each operation's progress is printed on stderr as tl-ha-setup
// prints it. Whether the pair ended right is for hasetup.sh to check, the same way for both front ends.
//
// Environment: OPENVSM_CLUSTER_NODES ("PRIMARY SECONDARY"), OPENVSM_WIZARD_HA_NODES (the proposed
// HA/nodes), OPENVSM_ADMIN_PASSWORD_FILE, OPENVSM_WIZARD_REPORT (the report's FILE), HOME and
// XDG_CONFIG_HOME (the known nodes: new certificates are pinned, changed ones refused).
#include "gui/console/cluster.h"
#include "gui/widgets/keychainstore.h"
#include "gui/wizard/nodespage.h"
#include "gui/wizard/reportpage.h"
#include "gui/wizard/setuprun.h"
#include "gui/wizard/setupwizard.h"
#include "gui/wizard/steppage.h"

#include <QAbstractButton>
#include <QFile>
#include <QPushButton>
#include <QTest>

#include <cstdio>

using namespace Wizard;

namespace {

constexpr int CheckTimeoutMs = 60000;
constexpr int ApplyTimeoutMs = 300000; // restarts, links, keepalived: each bounded by the Applier
constexpr int MaxRounds = 6;

bool pinNew(const QString &, const QString &, Client::KnownNodes::Status status, const QString &)
{
    return status != Client::KnownNodes::Status::Changed;
}

} // namespace

class TestWizardCluster : public QObject {
    Q_OBJECT

private:
    // The first step page that proposes an action, or nullptr.
    static StepPage *pageWithAction(const SetupWizard &wizard)
    {
        for (int step = 1; step <= 8; ++step) {
            StepPage *page = wizard.stepPage(step);
            if (page && !page->actions().isEmpty())
                return page;
        }
        return nullptr;
    }

    // One round, as tl-ha-setup --yes makes it: each step page's actions in step order, every
    // apply followed by the page's check again. The number applied, -1 on a failure.
    static int applyRound(SetupWizard &wizard)
    {
        int applied = 0;
        for (int step = 1; step <= 8; ++step) {
            StepPage *page = wizard.stepPage(step);
            if (!page || page->actions().isEmpty())
                continue;
            std::fprintf(stderr, "tl-ha-setup-gui: step %d: applying %s\n", step,
                         qPrintable(page->actions().first().id));
            if (!page->applyButton()->isEnabled()) {
                QTest::qFail("Apply… is disabled on a page with actions", __FILE__, __LINE__);
                return -1;
            }
            page->apply(false);
            ++applied;
            SetupRun *run = wizard.run();
            if (!QTest::qWaitFor([run]() { return !run->isRunning(); }, ApplyTimeoutMs)) {
                QTest::qFail("an apply did not end", __FILE__, __LINE__);
                return -1;
            }
            if (!run->applyError().isEmpty() || !run->error().isEmpty()) {
                QTest::qFail(qPrintable(run->applyError() + run->error()), __FILE__, __LINE__);
                return -1;
            }
        }
        return applied;
    }

private slots:
    void applyEveryAction()
    {
        const QStringList nodes
            = qEnvironmentVariable("OPENVSM_CLUSTER_NODES").split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const QString reportFile = qEnvironmentVariable("OPENVSM_WIZARD_REPORT");
        if (nodes.size() != 2 || reportFile.isEmpty())
            QSKIP("run by tests/cluster/hasetup.sh (OPENVSM_CLUSTER_NODES, OPENVSM_WIZARD_REPORT)");
        QFile passwordFile(qEnvironmentVariable("OPENVSM_ADMIN_PASSWORD_FILE"));
        QVERIFY2(passwordFile.open(QIODevice::ReadOnly), qPrintable(passwordFile.fileName()));

        Widgets::KeychainStore keychain(QStringLiteral("OpenVSM console"));
        SetupWizard wizard(nullptr, &keychain);
        wizard.cluster()->setFingerprintCheck(pinNew);
        SetupRun *run = wizard.run();
        connect(run, &SetupRun::applying, this,
                [](const QString &what) { std::fprintf(stderr, "tl-ha-setup-gui: %s\n", qPrintable(what)); });
        wizard.show();
        NodesPage *nodesPage = wizard.nodesPage();
        nodesPage->setNodes(nodes, QStringLiteral("tlha"));
        nodesPage->setHaNodes(qEnvironmentVariable("OPENVSM_WIZARD_HA_NODES"));
        nodesPage->setPassword(QString::fromUtf8(passwordFile.readAll().trimmed()));
        nodesPage->connectButton()->click();
        QTRY_VERIFY2_WITH_TIMEOUT(wizard.button(QWizard::NextButton)->isEnabled(),
                                  qPrintable(nodesPage->problem()), 30000);
        wizard.button(QWizard::NextButton)->click(); // step 1: both nodes are asked
        QTRY_VERIFY_WITH_TIMEOUT(!run->isRunning(), CheckTimeoutMs);
        QVERIFY2(run->error().isEmpty(), qPrintable(run->error()));

        int applies = 0;
        int rechecks = 0;
        for (int round = 0; round < MaxRounds; ++round) {
            const int applied = applyRound(wizard);
            if (applied < 0)
                return;
            applies += applied;
            if (applied > 0)
                continue;
            // As tl-ha-setup gives reloaded agents a moment, and as an admin presses Check again
            // after a warning (an ssh-keyscan of a node busy with the CI's other tests can come
            // back empty): another look after a short wait.
            const bool clean
                = run->report()->allFine() && run->report()->count(Setup::Finding::Level::Warn) == 0;
            if (clean || rechecks++ == 2)
                break;
            QTest::qWait(2000);
            wizard.stepPage(1)->checkAgainButton()->click();
            QTRY_VERIFY_WITH_TIMEOUT(!run->isRunning(), CheckTimeoutMs);
        }
        QVERIFY2(!pageWithAction(wizard), "the pages still propose actions after the last round");

        while (wizard.currentId() != SetupWizard::ReportId) {
            QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
            wizard.button(QWizard::NextButton)->click();
        }
        QString error;
        const QStringList written = wizard.reportPage()->save(reportFile, &error);
        QVERIFY2(!written.isEmpty(), qPrintable(error));
        std::fprintf(stderr, "tl-ha-setup-gui: %d action(s) applied; report in %s\n", applies,
                     qPrintable(written.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestWizardCluster)
#include "tst_wizardcluster.moc"
