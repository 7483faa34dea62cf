// tl-console against a real vsmagent and two real vsmservers (HA enabled, so loopback agents
// are refused), offscreen: connect through the dialog, see both nodes, edit terminalservers (an
// entry that does not resolve is named and asked about first) and find both files changed
// identically, refuse a loopback entry (the list then shows what the nodes have), fix an agent's
// allowed_clients, terminate a session, reject a wrong password and a changed certificate.
// Modal dialogs are answered from a timer (QTimer + QTRY_VERIFY), as KeePassXC's tests do.
#include "gui/console/agentspage.h"
#include "gui/console/cluster.h"
#include "gui/console/configpage.h"
#include "gui/console/connectdialog.h"
#include "gui/console/fingerprintdialog.h"
#include "gui/console/mainwindow.h"
#include "gui/console/overviewpage.h"
#include "gui/console/sessionmodel.h"
#include "gui/console/sessionspage.h"
#include "tests/gui/daemonfixture.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>

using namespace Console;

class TestConsole : public QObject {
    Q_OBJECT

private:
    DaemonFixture m_fixture;
    std::unique_ptr<MainWindow> m_window;
    QString m_knownNodes;

    // Answers every fingerprint dialog that shows up while it lives: trust or refuse.
    struct DialogAnswerer {
        QTimer timer;
        int answered = 0;
        Client::KnownNodes::Status lastStatus = Client::KnownNodes::Status::Unknown;
        DialogAnswerer(bool trust)
        {
            timer.setInterval(50);
            QObject::connect(&timer, &QTimer::timeout, &timer, [this, trust]() {
                auto *d = qobject_cast<FingerprintDialog *>(QApplication::activeModalWidget());
                if (!d)
                    return;
                lastStatus = d->windowTitle() == FingerprintDialog::tr("Certificate changed")
                    ? Client::KnownNodes::Status::Changed
                    : Client::KnownNodes::Status::Unknown;
                ++answered;
                (trust ? d->trustButton() : d->refuseButton())->click();
            });
            timer.start();
        }
    };

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: vsmagent checks its files and runs as root");
        QStandardPaths::setTestModeEnabled(true);
        qputenv("XDG_CONFIG_HOME", m_fixture.dir.filePath(QStringLiteral("config")).toUtf8());
        qputenv("OPENVSM_KEYCHAIN", "off");
        m_knownNodes = m_fixture.dir.filePath(QStringLiteral("config/openvsm/known_nodes"));
        QString error;
        QVERIFY2(m_fixture.setUp(true, &error, 1, 10000), qPrintable(error));
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
        m_window = std::make_unique<MainWindow>();
        m_window->show();
    }

    void cleanupTestCase()
    {
        m_window.reset();
        const QString died = m_fixture.stop();
        QVERIFY2(died.isEmpty(), qPrintable(died));
    }

    void connectThroughDialog()
    {
        DialogAnswerer trust(true);
        QTimer::singleShot(100, this, [this]() {
            auto *d = qobject_cast<ConnectDialog *>(QApplication::activeModalWidget());
            QVERIFY(d);
            // OPENVSM_KEYCHAIN=off: the dialog says the password is asked each time.
            auto *note = d->findChild<QLabel *>(QStringLiteral("keychainNote"));
            QVERIFY(note && note->text().contains(QStringLiteral("No keychain service is available")));
            d->findChild<QLineEdit *>(QStringLiteral("node1"))->setText(m_fixture.node(0));
            d->findChild<QLineEdit *>(QStringLiteral("node2"))->setText(m_fixture.node(1));
            d->findChild<QLineEdit *>(QStringLiteral("resource"))->setText(QStringLiteral("localhost"));
            d->findChild<QLineEdit *>(QStringLiteral("password"))
                ->setText(QString::fromLatin1(DaemonFixture::Password));
            d->accept();
        });
        m_window->showConnectDialog();
        Cluster *cluster = m_window->cluster();
        QCOMPARE(cluster->nodes().size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(cluster->nodes()[0]->isReady() && cluster->nodes()[1]->isReady(), 15000);
        QCOMPARE(trust.answered, 2); // both certificates were new and pinned
        QVERIFY(QFile::exists(m_knownNodes));
        // Both nodes side by side, with HA shown as what it is, not invented.
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->overview()->nodeText(0).contains(QStringLiteral("Agents reachable: 1 of 1")), 15000);
        QTRY_VERIFY(m_window->overview()->nodeText(1).contains(QStringLiteral("connected to")));
        QVERIFY2(m_window->overview()->nodeText(1).contains(QStringLiteral("HA: enabled but not running")),
                 qPrintable(m_window->overview()->nodeText(1)));
        // Node 2 holds 10,000 sessions: fetched in pages, all in the table.
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sessions()->model()->rowCount(), 10001, 30000);
        // Remembered without the password.
        const QStringList recent = ConnectDialog::recent();
        QCOMPARE(recent.value(0),
                 m_fixture.node(0) + QLatin1Char('|') + m_fixture.node(1) + QStringLiteral("|localhost"));
        QVERIFY(!recent.join(QString()).contains(QString::fromLatin1(DaemonFixture::Password)));
    }

    void editTerminalServersOnBothNodes()
    {
        ConfigPage *page = m_window->config();
        QTRY_VERIFY(page->entries() == QStringList { m_fixture.localAddress });
        const QStringList wanted { m_fixture.localAddress, QStringLiteral("agent-b.invalid") };
        page->setEntries(wanted);
        QSignalSpy readBack(page, &ConfigPage::readBack);
        // agent-b.invalid does not resolve: Apply says so, naming it, before anything is written;
        // No (the default) writes nothing.
        // The question is modal (exec() after the lookups): answered from a timer.
        QString asked;
        bool noIsDefault = false;
        const auto answer = [&](QMessageBox::StandardButton button) {
            auto *timer = new QTimer(this);
            connect(timer, &QTimer::timeout, this, [&, timer, button]() {
                if (QMessageBox *box = page->confirmation()) {
                    asked = box->text();
                    noIsDefault = box->defaultButton() == box->button(QMessageBox::No);
                    timer->deleteLater();
                    box->button(button)->click();
                }
            });
            timer->start(50);
        };
        answer(QMessageBox::No);
        page->apply();
        QTRY_VERIFY_WITH_TIMEOUT(page->result().contains(QStringLiteral("Nothing was written")), 15000);
        QVERIFY2(asked.contains(QStringLiteral("agent-b.invalid")), qPrintable(asked));
        QVERIFY(!asked.contains(m_fixture.localAddress));
        QVERIFY(noIsDefault);
        for (const QString &root : m_fixture.serverRoot)
            QCOMPARE(DaemonFixture::value(root, QStringLiteral("/vsmserver/terminalservers")),
                     m_fixture.localAddress);
        // Yes writes it, and the outcome keeps the warning.
        answer(QMessageBox::Yes);
        page->apply();
        QTRY_VERIFY_WITH_TIMEOUT(readBack.size() >= 1, 15000);
        QVERIFY2(page->identical(), qPrintable(page->result()));
        QVERIFY2(page->result().contains(QStringLiteral("identical")), qPrintable(page->result()));
        QVERIFY2(
            page->result().contains(QStringLiteral("do not resolve from this computer: agent-b.invalid")),
            qPrintable(page->result()));
        for (const QString &root : m_fixture.serverRoot)
            QCOMPARE(DaemonFixture::value(root, QStringLiteral("/vsmserver/terminalservers")),
                     wanted.join(QLatin1Char(' ')));
    }

    void refuseLoopbackWithHa()
    {
        ConfigPage *page = m_window->config();
        const QStringList before = page->entries();
        page->setEntries({ QStringLiteral("127.0.0.1") });
        QSignalSpy readBack(page, &ConfigPage::readBack);
        page->apply();
        QTRY_VERIFY_WITH_TIMEOUT(readBack.size() >= 1, 15000);
        QVERIFY2(page->result().contains(QStringLiteral("VERY IMPORTANT that 127.0.0.1 is not in the list")),
                 qPrintable(page->result()));
        // The list shows what the nodes really have; the outcome names what was refused.
        QCOMPARE(page->entries(), before);
        QVERIFY2(page->result().contains(QStringLiteral("Not applied everywhere: 127.0.0.1")),
                 qPrintable(page->result()));
        for (const QString &root : m_fixture.serverRoot)
            QVERIFY(!DaemonFixture::value(root, QStringLiteral("/vsmserver/terminalservers"))
                         .contains(QStringLiteral("127.0.0.1")));
        // Back to the real agent only.
        page->setEntries({ m_fixture.localAddress });
        page->apply();
        QTRY_VERIFY_WITH_TIMEOUT(readBack.size() >= 2 && page->identical(), 15000);
    }

    void fixAgentAllowedClients()
    {
        AgentsPage *page = m_window->agents();
        const QString agent = m_fixture.localAddress;
        QTRY_VERIFY_WITH_TIMEOUT(page->rowOf(agent) >= 0 && !page->configProblems(agent).isEmpty(), 20000);
        QVERIFY(page->configProblems(agent).join(QString()).contains(
            QStringLiteral("allowed_clients lacks 127.0.0.1")));
        // Both nodes are 127.0.0.1 here: said once.
        QCOMPARE(page->configProblems(agent).count(QStringLiteral("allowed_clients lacks 127.0.0.1")), 1);
        // The load as it is, beside the CPUs ("load 0.52 on 2 CPUs"), not a percentage.
        const QString cpu = page->table()->item(page->rowOf(agent), AgentsPage::Cpu)->text();
        QVERIFY2(QRegularExpression(QStringLiteral("^load \\d+\\.\\d\\d on (1 CPU|\\d+ CPUs)$"))
                     .match(cpu)
                     .hasMatch(),
                 qPrintable(cpu));
        auto *fix = page->findChild<QPushButton *>(QStringLiteral("fix:") + agent);
        QVERIFY(fix && fix->isEnabled());
        // The exact change is shown first, and asked for.
        QString asked;
        QTimer::singleShot(50, this, [&]() {
            if (QMessageBox *box = page->confirmation()) {
                asked = box->text();
                box->button(QMessageBox::Yes)->click();
            }
        });
        fix->click();
        QVERIFY2(asked.contains(QStringLiteral("allowed_clients: \""))
                     && asked.contains(QStringLiteral("127.0.0.1\""))
                     && asked.contains(QStringLiteral("master_hostname: \""))
                     && asked.contains(QStringLiteral("→ \"localhost\"")),
                 qPrintable(asked));
        QTRY_VERIFY_WITH_TIMEOUT(page->message().contains(QStringLiteral("changed")), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(page->configProblems(agent).isEmpty() && !fix->isEnabled(), 15000);
        // The agent wrote its own configuration.
        QCOMPARE(DaemonFixture::value(m_fixture.agentRoot, QStringLiteral("/vsmagent/allowed_clients")),
                 QStringLiteral("127.0.0.1"));
        QCOMPARE(DaemonFixture::value(m_fixture.agentRoot, QStringLiteral("/vsmagent/master_hostname")),
                 QStringLiteral("localhost"));
    }

    void terminateSession()
    {
        SessionsPage *page = m_window->sessions();
        const QString id = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000001");
        QTRY_VERIFY_WITH_TIMEOUT(page->model()->row(id) >= 0, 15000);
        page->filter()->setText(QStringLiteral("alice"));
        QTRY_COMPARE(page->proxy()->rowCount(), 1);
        page->view()->selectRow(0);
        QVERIFY(page->terminateButton()->isEnabled());
        page->terminateSelected(false);
        QTRY_VERIFY_WITH_TIMEOUT(page->model()->row(id) < 0, 15000);
        QTRY_VERIFY(page->message().contains(QStringLiteral("1 session(s) terminated")));
    }

    void rejectWrongPassword()
    {
        Cluster cluster;
        cluster.setKnownNodesFile(m_knownNodes);
        cluster.connectTo({ m_fixture.node(0) }, {}, "not-the-password");
        QTRY_VERIFY_WITH_TIMEOUT(!cluster.anyBusy(), 15000);
        QVERIFY(!cluster.nodes()[0]->isReady());
        QVERIFY2(cluster.nodes()[0]->error().contains(QStringLiteral("wrong admin password")),
                 qPrintable(cluster.nodes()[0]->error()));
    }

    void rejectChangedCertificate()
    {
        // Pin another fingerprint for node 0, as if its certificate had been replaced.
        QFile f(m_knownNodes);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(m_fixture.node(0).toUtf8()
                + " 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:"
                  "DD:EE:FF\n");
        f.close();
        DialogAnswerer refuse(false);
        Cluster cluster;
        cluster.setKnownNodesFile(m_knownNodes);
        cluster.setFingerprintCheck([](const QString &node, const QString &fingerprint,
                                       Client::KnownNodes::Status status, const QString &pinned) {
            FingerprintDialog d(node, fingerprint, status, pinned);
            return d.exec() == QDialog::Accepted;
        });
        cluster.connectTo({ m_fixture.node(0) }, {}, DaemonFixture::Password);
        QTRY_VERIFY_WITH_TIMEOUT(!cluster.anyBusy(), 15000);
        QCOMPARE(refuse.answered, 1);
        QCOMPARE(refuse.lastStatus, Client::KnownNodes::Status::Changed);
        QVERIFY(!cluster.nodes()[0]->isReady());
        QVERIFY2(cluster.nodes()[0]->error().contains(QStringLiteral("CHANGED")),
                 qPrintable(cluster.nodes()[0]->error()));
        // The pin is unchanged.
        QCOMPARE(Client::KnownNodes(m_knownNodes)
                     .check(m_fixture.node(0),
                            QStringLiteral("00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:"
                                           "55:66:77:88:99:AA:BB:CC:DD:EE:FF")),
                 Client::KnownNodes::Status::Match);
    }
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
