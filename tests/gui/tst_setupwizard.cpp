// The setup wizard's window (tl-ha-setup-gui, gui/wizard) against a real vsmagent and two real
// vsmservers on loopback, offscreen. The fixture gives two admin ports on one host, which
// tl-ha-setup refuses as "the same host": the wizard refuses them too (the same rule), and is
// driven with the primary as 127.0.0.1 and the secondary as localhost — two names, each node
// reached by its own. What that produces is what the pages must show: both names resolve to
// loopback on the nodes (names.loopback with the /etc/hosts line), the two roots have their own
// sshd host keys (sshkeys.differ), the configuration is the same (config.identical).
// - Each step page shows the nodes' findings as the library words them (the test asks both
//   nodes for their AdminNodeFacts itself and runs Setup::Report::check on them).
// - Step 3's Apply (confirmed) copies the primary's host keys to the secondary over the admin API
//   (the old ones backed up) and reloads the secondary's real sshd (started on a free port with
//   the secondary's pid file): ssh-keyscan then shows the primary's key from the same sshd process,
//   and step 3 says sshkeys.same. A progress bar shows while the nodes answer.
// - The Report page shows the CLI's text; "Save report…" writes FILE.txt and FILE.json equal to
//   the library's text and JSON for the same facts, and to what tl-ha-setup --report saves for
//   the same nodes. Nothing on either node changes (digests of their roots).
// - Step 4 proposes setting the agent's master_hostname through the primary (the agent trusts
//   both nodes: they call from loopback) and step 7 holds HA back (step 1 has errors); the step
//   page's Apply (confirmed) changes the agent through the admin API and checks again:
//   agents.trusted, nothing proposed any more.
// - The program tl-ha-setup-gui logs in and renders its pages (--screenshots).
// - The console's Cluster → Setup wizard… opens it for the console's two connected nodes.
// With OPENVSM_WIZARD_SCREENSHOTS=DIR it also renders every page to DIR/wizard-*.png.
#include "backend/setup/apply.h"
#include "backend/setup/localnames.h"
#include "gui/console/cluster.h"
#include "gui/console/mainwindow.h"
#include "gui/widgets/keychainstore.h"
#include "gui/wizard/nodespage.h"
#include "gui/wizard/reportpage.h"
#include "gui/wizard/setuprun.h"
#include "gui/wizard/setupwizard.h"
#include "gui/wizard/steppage.h"
#include "tests/gui/daemonfixture.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QFileDialog>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>

#include <algorithm>
#include <unistd.h>

using namespace Console;
using namespace Wizard;
using namespace Widgets;

namespace {

bool trustAll(const QString &, const QString &, Client::KnownNodes::Status, const QString &)
{
    return true;
}

// A digest of every file under dir (its path and content), to prove nothing was changed.
QByteArray digestOf(const QString &dir, const QStringList &skip)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    for (const QString &f : std::as_const(files)) {
        if (std::any_of(skip.begin(), skip.end(), [&](const QString &s) { return f.contains(s); }))
            continue;
        QFile file(f);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        hash.addData(f.toUtf8());
        hash.addData(file.readAll());
    }
    return hash.result();
}

} // namespace

class TestSetupWizard : public QObject {
    Q_OBJECT

private:
    DaemonFixture m_fixture;
    QProcess m_sshd; // the secondary's sshd (step 3's reload)
    quint16 m_sshPort = 0;
    QString m_knownNodes;
    KeychainStore *m_keychain = nullptr;

    QString node(int i) const
    {
        return i == 0 ? m_fixture.node(0) : QStringLiteral("localhost:%1").arg(m_fixture.adminPort[1]);
    }

    Setup::Plan plan() const
    {
        Setup::Plan p;
        p.primary = QStringLiteral("127.0.0.1");
        p.secondary = QStringLiteral("localhost");
        p.resource = QStringLiteral("tlha");
        p.haNodes = { p.primary, p.secondary };
        return p;
    }

    // What tl-ha-setup reports for the same nodes: their AdminNodeFacts, asked by a client of
    // the test's own, and this machine's answers, through the library.
    std::optional<Setup::Report> expectedReport(QString *error)
    {
        const Setup::Plan p = plan();
        Setup::NodeFacts facts[2];
        facts[0].node = p.primary;
        facts[1].node = p.secondary;
        for (int i = 0; i < 2; ++i) {
            Client::AdminClient client;
            client.setKnownNodesFile(m_knownNodes);
            client.setFingerprintCheck(trustAll);
            QSignalSpy ready(&client, &Client::AdminClient::ready);
            QSignalSpy failed(&client, &Client::AdminClient::failed);
            client.connectToNode(i == 0 ? p.primary : p.secondary, m_fixture.adminPort[i],
                                 QByteArray(DaemonFixture::Password));
            if (!QTest::qWaitFor([&]() { return ready.size() + failed.size() > 0; }, 15000)
                || ready.isEmpty()) {
                *error = QStringLiteral("no login on node %1").arg(i);
                return std::nullopt;
            }
            bool done = false;
            Setup::gatherNode(&client, facts[i].node, p.query(), this,
                              [&](const Setup::NodeFacts &answer, const QString &why) {
                                  facts[i] = answer;
                                  *error = why;
                                  done = true;
                              });
            if (!QTest::qWaitFor([&]() { return done; }, 15000) || !error->isEmpty())
                return std::nullopt;
        }
        std::optional<Setup::NodeFacts> here;
        Setup::resolveHere(p.query(), this, [&](const Setup::NodeFacts &f) { here = f; });
        if (!QTest::qWaitFor([&]() { return here.has_value(); }, Setup::LocalResolveTimeoutMs + 5000)) {
            *error = QStringLiteral("no answer from resolveHere");
            return std::nullopt;
        }
        return Setup::Report::check(p, facts[0], facts[1], &*here);
    }

    static QString sshDir(const QString &root) { return root + QStringLiteral("/etc/ssh"); }

    static bool makeHostKey(const QString &root, QString *error)
    {
        QDir().mkpath(sshDir(root));
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"),
                     { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                       QStringLiteral("-N"), QString(), QStringLiteral("-f"),
                       sshDir(root) + QStringLiteral("/ssh_host_ed25519_key") });
        if (!keygen.waitForFinished(30000) || keygen.exitCode() != 0) {
            *error = QStringLiteral("ssh-keygen failed: ")
                + QString::fromLocal8Bit(keygen.readAllStandardError());
            return false;
        }
        return true;
    }

    // Every finding of the library's step as the page shows it: level word, id, text, details, fix.
    static void compareStep(const StepPage *page, const Setup::Report &expected)
    {
        const QString shown = page->findingsText();
        int findings = 0;
        for (const Setup::StepReport &s : expected.steps) {
            if (s.number != page->step())
                continue;
            for (const Setup::Finding &f : s.findings) {
                ++findings;
                QVERIFY2(shown.contains(QStringLiteral("[%1] %2").arg(f.id, f.text)),
                         qPrintable(QStringLiteral("step %1 lacks %2: %3\n--- shown:\n%4")
                                        .arg(page->step())
                                        .arg(f.id, f.text, shown)));
                for (const QString &d : f.details)
                    QVERIFY2(shown.contains(d), qPrintable(d));
                if (!f.fix.isEmpty())
                    QVERIFY2(shown.contains(QStringLiteral("fix: ") + f.fix), qPrintable(f.fix));
            }
        }
        QVERIFY2(findings > 0, "the library has no finding for this step");
    }

private:
    // The nodes page connects to both nodes; step 1 runs the checks with a progress bar.
    void connectAndCheck(SetupWizard &wizard)
    {
        QVERIFY(wizard.nodesPage()->findChild<QWidget *>(QStringLiteral("nothingChanged"))->isVisible());
        wizard.nodesPage()->setNodes({ node(0), node(1) }, QStringLiteral("tlha"));
        wizard.nodesPage()->setPassword(QString::fromLatin1(DaemonFixture::Password));
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        wizard.nodesPage()->connectButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(wizard.button(QWizard::NextButton)->isEnabled(), 15000);

        wizard.button(QWizard::NextButton)->click();
        StepPage *step1 = wizard.stepPage(1);
        QCOMPARE(wizard.currentPage(), step1);
        QVERIFY(wizard.run()->isRunning());
        QVERIFY(step1->progressBar()->isVisible()); // while the nodes answer
        QVERIFY(!step1->checkAgainButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!wizard.run()->isRunning(), Setup::LocalResolveTimeoutMs + 15000);
        QVERIFY2(wizard.run()->error().isEmpty(), qPrintable(wizard.run()->error()));
        QVERIFY(!step1->progressBar()->isVisible());
    }

    // What the fixture gives, by name: findings, and the actions proposed.
    void checkFindings(SetupWizard &wizard)
    {
        StepPage *step1 = wizard.stepPage(1);
        QVERIFY(step1->findingsText().contains(
            QStringLiteral("[names.loopback] 127.0.0.1 resolves to a loopback")));
        QVERIFY(wizard.stepPage(3)->findingsText().contains(QStringLiteral("[sshkeys.differ]")));
        QVERIFY(wizard.stepPage(5)->findingsText().contains(QStringLiteral("[config.identical]")));
        // The agent trusts both nodes (they call from loopback) but has no master_hostname: the
        // page proposes the change through the primary; HA stays off while step 1 has errors.
        QVERIFY(wizard.stepPage(4)->findingsText().contains(QStringLiteral("[agents.master-hostname]")));
        QCOMPARE(wizard.stepPage(4)->actions().size(), 1);
        QVERIFY(wizard.stepPage(4)->applyButton()->isEnabled());
        // Step 6 finds no cluster key; rolling one out waits, like step 7, for steps 1, 2, 4 and 5.
        QVERIFY(wizard.stepPage(6)->findingsText().contains(QStringLiteral("[clusterkey.none]")));
        QVERIFY(wizard.stepPage(6)->findingsText().contains(
            QStringLiteral("fix the errors of steps 1, 2, 4 and 5 first")));
        QVERIFY(wizard.stepPage(6)->actions().isEmpty());
        QVERIFY(wizard.stepPage(7)->findingsText().contains(QStringLiteral("[ha.off]")));
        QVERIFY(wizard.stepPage(7)->actions().isEmpty());
        QVERIFY(!wizard.stepPage(7)->applyButton()->isEnabled());
        // Step 8 generates each node's keepalived.conf and compares it; it proposes no action.
        QVERIFY(wizard.stepPage(8)->findingsText().contains(QStringLiteral("[keepalived.")));
        QVERIFY(wizard.stepPage(8)->actions().isEmpty());
    }

    // The report page shows the report; Save report… writes what tl-ha-setup --report writes.
    void saveReportAsTheCliDoes(SetupWizard &wizard, const Setup::Report &expected)
    {
        for (int id = SetupWizard::Step2Id; id <= SetupWizard::ReportId; ++id) {
            QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
            wizard.button(QWizard::NextButton)->click();
            QCOMPARE(wizard.currentId(), id);
        }
        ReportPage *report = wizard.reportPage();
        QCOMPARE(report->reportText(), expected.text());
        QVERIFY(report->reportText().contains(QStringLiteral("Not checked or not fixed by this version: ")));
        QVERIFY(report->reportText().contains(QStringLiteral("Nothing was changed.")));
        // Step 9 waits until nothing needs fixing: the drill cannot be started on this report.
        QVERIFY(!report->drillButton()->isEnabled());
        report->runDrill(false);
        QVERIFY(!wizard.run()->isDrilling());

        // Save report…: FILE.txt and FILE.json, as tl-ha-setup --report FILE.
        report->saveButton()->click();
        QTRY_VERIFY(report->saveDialog());
        const QString base = m_fixture.dir.filePath(QStringLiteral("ha-setup"));
        report->saveDialog()->selectFile(base + QStringLiteral(".json"));
        static_cast<QDialog *>(report->saveDialog())->accept(); // QFileDialog::accept is protected
        QTRY_VERIFY(report->saveState().startsWith(QStringLiteral("Saved to ")));
        QFile text(base + QStringLiteral(".txt"));
        QFile json(base + QStringLiteral(".json"));
        QVERIFY(text.open(QIODevice::ReadOnly));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(text.readAll()), expected.text());
        QCOMPARE(json.readAll(), expected.jsonText());

        // tl-ha-setup itself, on the same nodes, saves the same report.
        {
            const QString passwordFile = m_fixture.dir.filePath(QStringLiteral("password"));
            QVERIFY(DaemonFixture::writeFile(passwordFile, QByteArray(DaemonFixture::Password)));
            QProcess cli;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("OPENVSM_ADMIN_PASSWORD_FILE"), passwordFile);
            cli.setProcessEnvironment(env);
            const QString cliBase = m_fixture.dir.filePath(QStringLiteral("cli"));
            cli.start(qEnvironmentVariable("OPENVSM_BUILD_BIN") + QStringLiteral("/tl-ha-setup"),
                      { QStringLiteral("--node"), node(0), QStringLiteral("--node"), node(1),
                        QStringLiteral("--report"), cliBase });
            QVERIFY(cli.waitForFinished(Setup::LocalResolveTimeoutMs + 30000));
            QCOMPARE(cli.exitCode(), 1); // something needs fixing
            QFile cliText(cliBase + QStringLiteral(".txt"));
            QFile cliJson(cliBase + QStringLiteral(".json"));
            QVERIFY2(cliText.open(QIODevice::ReadOnly),
                     qPrintable(QString::fromLocal8Bit(cli.readAllStandardError())));
            QVERIFY(cliJson.open(QIODevice::ReadOnly));
            QCOMPARE(QString::fromUtf8(cliText.readAll()), report->reportText());
            QCOMPARE(cliJson.readAll(), expected.jsonText());
        }
    }

    // A real sshd for the secondary's root (its host key, its pid file where vsmserver looks:
    // <root>/run/sshd.pid), on a free loopback port.
    void startSecondarySshd()
    {
        const QString root = m_fixture.serverRoot[1];
        QVERIFY(QDir().mkpath(root + QStringLiteral("/run")));
        QVERIFY(QDir().mkpath(QStringLiteral("/run/sshd"))); // sshd's privilege separation folder
        m_sshPort = TestSupport::freePort(QHostAddress::LocalHost);
        QVERIFY(m_sshPort);
        const QString config
            = QStringLiteral("Port %1\nListenAddress 127.0.0.1\nHostKey %2\nPidFile %3\nUsePAM no\n")
                  .arg(m_sshPort)
                  .arg(sshDir(root) + QStringLiteral("/ssh_host_ed25519_key"),
                       root + QStringLiteral("/run/sshd.pid"));
        QVERIFY(
            DaemonFixture::writeFile(m_fixture.dir.filePath(QStringLiteral("sshd_config")), config.toUtf8()));
        m_sshd.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_sshd.start(QStringLiteral("/usr/sbin/sshd"),
                     { QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
                       m_fixture.dir.filePath(QStringLiteral("sshd_config")) });
        QVERIFY(m_sshd.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(root + QStringLiteral("/run/sshd.pid")), 10000);
    }

    // The host key sshd presents on its port, as ssh-keyscan sees it (base64).
    QString scannedKey()
    {
        QProcess scan;
        scan.start(QStringLiteral("ssh-keyscan"),
                   { QStringLiteral("-T"), QStringLiteral("2"), QStringLiteral("-t"),
                     QStringLiteral("ed25519"), QStringLiteral("-p"), QString::number(m_sshPort),
                     QStringLiteral("127.0.0.1") });
        scan.waitForFinished(10000);
        return QString::fromLatin1(scan.readAllStandardOutput()).section(QLatin1Char(' '), 2, 2).trimmed();
    }

    // Step 3's action applied from its page (confirmed): the primary's host keys on the secondary
    // (the old ones backed up), its sshd reloaded and presenting the primary's key; sshkeys.same.
    void applyStep3HostKeyCopy(SetupWizard &wizard)
    {
        QString error;
        while (wizard.currentId() != SetupWizard::Step3Id)
            wizard.back();
        if (QFile::exists(QStringLiteral("/usr/sbin/sshd")))
            startSecondarySshd();
        if (QTest::currentTestFailed())
            return;
        const qint64 sshdPid = m_sshd.processId();
        StepPage *step3 = wizard.stepPage(3);
        QCOMPARE(step3->actions().size(), 1);
        QCOMPARE(step3->actions().first().id, QStringLiteral("sshkeys.copy"));
        step3->apply(false);
        QVERIFY(step3->progressBar()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!wizard.run()->isRunning(), Setup::LocalResolveTimeoutMs + 20000);
        if (sshdPid == 0) // no sshd here: installed, but the reload is refused by name
            QVERIFY2(wizard.run()->applyError().contains(QStringLiteral("no sshd pid in")),
                     qPrintable(wizard.run()->applyError()));
        else
            QVERIFY2(wizard.run()->applyError().isEmpty(), qPrintable(wizard.run()->applyError()));
        QVERIFY2(step3->findingsText().contains(QStringLiteral("[sshkeys.same]")),
                 qPrintable(step3->findingsText()));
        QVERIFY(!step3->findingsText().contains(QStringLiteral("sshkeys.differ")));
        QCOMPARE(QDir(sshDir(m_fixture.serverRoot[1]))
                     .entryList({ QStringLiteral("openvsm-backup-*") }, QDir::Dirs)
                     .size(),
                 1);
        if (sshdPid != 0) {
            QFile pub(sshDir(m_fixture.serverRoot[0]) + QStringLiteral("/ssh_host_ed25519_key.pub"));
            QVERIFY(pub.open(QIODevice::ReadOnly));
            const QString primaryKey = QString::fromLatin1(pub.readAll()).section(QLatin1Char(' '), 1, 1);
            QTRY_COMPARE_WITH_TIMEOUT(scannedKey(), primaryKey, 10000);
            QCOMPARE(m_sshd.processId(), sshdPid); // reloaded (SIGHUP), not replaced
            m_sshd.terminate();
            m_sshd.waitForFinished(5000);
        }

        const QString shots = qEnvironmentVariable("OPENVSM_WIZARD_SCREENSHOTS");
        if (!shots.isEmpty()) {
            // The pages as a fresh install shows them: the secondary's own host keys again.
            QVERIFY(QDir(sshDir(m_fixture.serverRoot[1])).removeRecursively());
            QVERIFY2(makeHostKey(m_fixture.serverRoot[1], &error), qPrintable(error));
            wizard.restart();
            QVERIFY2(wizard.saveScreenshots(shots, &error).size() == 10, qPrintable(error));
        }
    }

    // Step 4's action, applied from its page (confirmed): the agent's master_hostname is the
    // resource name afterwards, through the primary's admin API, and the page checks again.
    void applyStep4(SetupWizard &wizard)
    {
        while (wizard.currentId() != SetupWizard::Step4Id) {
            QTRY_VERIFY_WITH_TIMEOUT(!wizard.run()->isRunning(), Setup::LocalResolveTimeoutMs + 15000);
            if (wizard.currentId() < SetupWizard::Step4Id)
                wizard.next();
            else
                wizard.back();
        }
        StepPage *step4 = wizard.stepPage(4);
        step4->apply(false);
        QVERIFY(wizard.run()->isApplying());
        QTRY_VERIFY_WITH_TIMEOUT(!wizard.run()->isRunning(), Setup::LocalResolveTimeoutMs + 20000);
        QVERIFY2(wizard.run()->applyError().isEmpty(), qPrintable(wizard.run()->applyError()));
        QVERIFY2(step4->findingsText().contains(QStringLiteral("[agents.trusted]")),
                 qPrintable(step4->findingsText()));
        QVERIFY(step4->actions().isEmpty());
        QVERIFY(wizard.run()->report()->text().contains(QStringLiteral("Changed before this check:")));
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: vsmagent checks its files and runs as root");
        if (QStandardPaths::findExecutable(QStringLiteral("ssh-keygen")).isEmpty())
            QSKIP("needs ssh-keygen (package openssh-client) for the nodes' host keys");
        QStandardPaths::setTestModeEnabled(true);
        qputenv("XDG_CONFIG_HOME", m_fixture.dir.filePath(QStringLiteral("config")).toUtf8());
        qputenv("OPENVSM_KEYCHAIN", "off");
        m_knownNodes = m_fixture.dir.filePath(QStringLiteral("config/openvsm/known_nodes"));
        QString error;
        QVERIFY2(m_fixture.setUp(false, &error), qPrintable(error));
        for (int i = 0; i < 2; ++i) // each node its own host keys, as two fresh installs have
            QVERIFY2(makeHostKey(m_fixture.serverRoot[i], &error), qPrintable(error));
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
        m_keychain = new KeychainStore(QStringLiteral("OpenVSM console"), this);
    }

    void cleanupTestCase()
    {
        const QString died = m_fixture.stop();
        QVERIFY2(died.isEmpty(), qPrintable(died));
    }

    void sameHostIsRefused()
    {
        SetupWizard wizard(nullptr, m_keychain);
        wizard.show();
        wizard.nodesPage()->setNodes({ m_fixture.node(0), m_fixture.node(1) }, QStringLiteral("tlha"));
        wizard.nodesPage()->connectButton()->click();
        QVERIFY2(wizard.nodesPage()->problem().contains(QStringLiteral("the same host '127.0.0.1'")),
                 qPrintable(wizard.nodesPage()->problem()));
        QVERIFY(wizard.cluster()->nodes().isEmpty()); // nothing was connected
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    }

    void standaloneShowsFindingsAndSavesTheReport()
    {
        const QStringList notServerState = { QStringLiteral("/log"), QStringLiteral("/var/") };
        const QByteArray before[2] = { digestOf(m_fixture.serverRoot[0], notServerState),
                                       digestOf(m_fixture.serverRoot[1], notServerState) };
        SetupWizard wizard(nullptr, m_keychain);
        wizard.cluster()->setKnownNodesFile(m_knownNodes);
        wizard.cluster()->setFingerprintCheck(trustAll);
        wizard.show();
        connectAndCheck(wizard);
        QString error;
        const auto expected = expectedReport(&error);
        QVERIFY2(expected, qPrintable(error));
        for (int step : { 1, 2, 3, 4, 5, 7, 8 }) {
            compareStep(wizard.stepPage(step), *expected);
            if (QTest::currentTestFailed())
                return;
        }
        checkFindings(wizard);
        if (QTest::currentTestFailed())
            return;
        saveReportAsTheCliDoes(wizard, *expected);
        if (QTest::currentTestFailed())
            return;
        // Nothing on either node was changed by the wizard.
        for (int i = 0; i < 2; ++i)
            QCOMPARE(digestOf(m_fixture.serverRoot[i], notServerState), before[i]);
        applyStep3HostKeyCopy(wizard);
        if (QTest::currentTestFailed())
            return;
        applyStep4(wizard);
    }

    void programRendersItsPages()
    {
        // tl-ha-setup-gui itself: --node twice, the password from OPENVSM_ADMIN_PASSWORD_FILE,
        // --screenshots logs in (the certificates were pinned above), checks and renders each page.
        const QString passwordFile = m_fixture.dir.filePath(QStringLiteral("password"));
        QVERIFY(DaemonFixture::writeFile(passwordFile, QByteArray(DaemonFixture::Password)));
        const QString shots = m_fixture.dir.filePath(QStringLiteral("shots"));
        QProcess gui;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENVSM_ADMIN_PASSWORD_FILE"), passwordFile);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        gui.setProcessEnvironment(env);
        gui.start(qEnvironmentVariable("OPENVSM_BUILD_BIN") + QStringLiteral("/tl-ha-setup-gui"),
                  { QStringLiteral("--node"), node(0), QStringLiteral("--node"), node(1),
                    QStringLiteral("--screenshots"), shots });
        QVERIFY(gui.waitForFinished(Setup::LocalResolveTimeoutMs + 30000));
        QVERIFY2(gui.exitStatus() == QProcess::NormalExit && gui.exitCode() == 0,
                 qPrintable(QStringLiteral("exit status %1, code %2: %3")
                                .arg(int(gui.exitStatus()))
                                .arg(gui.exitCode())
                                .arg(QString::fromLocal8Bit(gui.readAllStandardError()))));
        const QStringList files
            = QDir(shots).entryList({ QStringLiteral("wizard-*.png") }, QDir::Files, QDir::Name);
        QCOMPARE(files,
                 QStringList({ QStringLiteral("wizard-nodes.png"), QStringLiteral("wizard-report.png"),
                               QStringLiteral("wizard-step1.png"), QStringLiteral("wizard-step2.png"),
                               QStringLiteral("wizard-step3.png"), QStringLiteral("wizard-step4.png"),
                               QStringLiteral("wizard-step5.png"), QStringLiteral("wizard-step6.png"),
                               QStringLiteral("wizard-step7.png"), QStringLiteral("wizard-step8.png") }));
    }

    void openedFromTheConsole()
    {
        MainWindow window;
        SetupWizard::installIn(&window);
        window.show();
        window.cluster()->setKnownNodesFile(m_knownNodes);
        window.cluster()->setFingerprintCheck(trustAll);
        QAction *action = nullptr;
        for (QAction *a : window.clusterMenu()->actions()) {
            if (a->objectName() == QStringLiteral("setupWizardAction"))
                action = a;
        }
        QVERIFY(action);
        QCOMPARE(action->text(), QStringLiteral("Setup &wizard…"));
        {
            // Before the console is connected: the wizard says what to do, Next stays off.
            action->trigger();
            SetupWizard *early = window.findChild<SetupWizard *>();
            QVERIFY(early);
            QVERIFY2(early->nodesPage()->problem().contains(QStringLiteral("connect the console to both")),
                     qPrintable(early->nodesPage()->problem()));
            QVERIFY(!early->button(QWizard::NextButton)->isEnabled());
            early->close();
            QTRY_VERIFY(!window.findChild<SetupWizard *>());
        }
        window.connectToCluster({ node(0), node(1) }, QStringLiteral("tlha"),
                                QByteArray(DaemonFixture::Password));
        Cluster *cluster = window.cluster();
        QTRY_VERIFY_WITH_TIMEOUT(cluster->nodes()[0]->isReady() && cluster->nodes()[1]->isReady(), 15000);
        action->trigger();
        SetupWizard *wizard = window.findChild<SetupWizard *>();
        QVERIFY(wizard);
        QTRY_VERIFY(wizard->isVisible());
        QCOMPARE(wizard->cluster(), cluster); // the console's connections, no second login
        auto *node1 = wizard->nodesPage()->findChild<QLineEdit *>(QStringLiteral("node1"));
        auto *node2 = wizard->nodesPage()->findChild<QLineEdit *>(QStringLiteral("node2"));
        QCOMPARE(node1->text(), node(0));
        QCOMPARE(node2->text(), node(1));
        QVERIFY(node1->isReadOnly());
        QVERIFY(!wizard->nodesPage()->connectButton()->isVisible());
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        wizard->button(QWizard::NextButton)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!wizard->run()->isRunning(), Setup::LocalResolveTimeoutMs + 15000);
        QVERIFY2(wizard->run()->error().isEmpty(), qPrintable(wizard->run()->error()));
        QVERIFY(wizard->stepPage(1)->findingsText().contains(QStringLiteral("[names.loopback]")));
        wizard->close(); // deletes itself; the console stays connected
        QTRY_VERIFY(!window.findChild<SetupWizard *>());
        QVERIFY(cluster->nodes()[0]->isReady() && cluster->nodes()[1]->isReady());
    }
};

QTEST_MAIN(TestSetupWizard)
#include "tst_setupwizard.moc"
