// tl-console tells the truth, live: against a real vsmagent and two real vsmservers, offscreen.
// - A node that stops answering (its vsmserver SIGSTOPped: like a pulled cable, the TCP
//   connection stays open but nothing answers) is "unreachable since HH:MM:SS" within 3 s: panel
//   greyed with the age of its last data, a gap in the chart, the status bar not "connected".
//   After SIGCONT it is back on its own within 5 s, with no stale problem. The Agents page then
//   reads through the other node, and nothing of the lost link becomes an agent problem.
// - terminalservers changed by another admin client (as tlctl --node does) shows up within 2 s,
//   without F5: the nodes DIFFER (and the problems say so), an unresolvable agent is a problem,
//   a removed one is gone from the problems.
// - A wrong password is "login refused" (not "unreachable") and is asked again; while a
//   certificate is being checked the panel says so.
// - Pushed, not polled (the console's own poll is a 10 s backstop): a step-down (failover drill)
//   shows on the node's panel within 2 s and goes when it ends; an agent's allowed_clients and
//   master_hostname changed by tl-config + SIGHUP on the agent change the Agents page and the
//   problems within 2 s.
// - Sessions: the Node column names the node that holds the record; the details pane shows the
//   current session; Delete asks first, naming the user and the session, and No is the default.
// - Events: both nodes' event logs on one page, newest first, narrowed by node and kind, and a
//   change made meanwhile appended within 2 s.
#include "gui/console/agentspage.h"
#include "gui/console/cluster.h"
#include "gui/console/configpage.h"
#include "gui/console/eventspage.h"
#include "gui/console/mainwindow.h"
#include "gui/console/overviewpage.h"
#include "gui/console/sessionmodel.h"
#include "gui/console/sessionspage.h"
#include "gui/widgets/livechart.h"
#include "tests/gui/daemonfixture.h"

#include <QApplication>
#include <QCborArray>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <unistd.h>

using namespace Console;
using namespace Widgets;

namespace {

// The pid of the vsmserver whose OPENVSM_ROOT is root (DaemonFixture keeps its QProcess to
// itself): read from /proc.
pid_t serverPid(const QString &root)
{
    const QByteArray wanted = "OPENVSM_ROOT=" + root.toUtf8();
    QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
    while (it.hasNext()) {
        const QString dir = it.next();
        bool ok = false;
        const pid_t pid = static_cast<pid_t>(QFileInfo(dir).fileName().toInt(&ok));
        if (!ok)
            continue;
        QFile comm(dir + QStringLiteral("/comm"));
        if (!comm.open(QIODevice::ReadOnly) || comm.readAll().trimmed() != "vsmserver")
            continue;
        QFile environ(dir + QStringLiteral("/environ"));
        if (!environ.open(QIODevice::ReadOnly))
            continue;
        if (environ.readAll().split('\0').contains(wanted))
            return pid;
    }
    return 0;
}

QCborArray toArray(const QStringList &list)
{
    QCborArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

} // namespace

class TestConsoleLive : public QObject {
    Q_OBJECT

private:
    DaemonFixture m_fixture;
    std::unique_ptr<MainWindow> m_window;
    QString m_knownNodes;
    pid_t m_stopped = 0;
    int m_node0Lost = 0;

    static bool trustAll(const QString &, const QString &, Client::KnownNodes::Status, const QString &)
    {
        return true;
    }

    // Sets node's terminalservers through an admin client of its own, as tlctl --node does.
    bool setTerminalServers(int node, const QStringList &list, QString *error)
    {
        return call(node, Protocol::MessageType::AdminSetTerminalServers,
                    QCborMap { { QStringLiteral("terminalservers"), toArray(list) } }, error);
    }

    // One admin request to node through an admin client of its own, as tlctl --node makes it.
    bool call(int node, Protocol::MessageType type, const QCborMap &body, QString *error)
    {
        Client::AdminClient client;
        client.setKnownNodesFile(m_knownNodes);
        QSignalSpy ready(&client, &Client::AdminClient::ready);
        QSignalSpy failed(&client, &Client::AdminClient::failed);
        client.connectToNode(QStringLiteral("127.0.0.1"), m_fixture.adminPort[node],
                             QByteArray(DaemonFixture::Password));
        if (!QTest::qWaitFor([&]() { return ready.size() + failed.size() > 0; }, 15000) || ready.isEmpty()) {
            *error = failed.isEmpty() ? QStringLiteral("no login") : failed.first().first().toString();
            return false;
        }
        bool done = false;
        client.request(type, body, this, [&](const QCborMap &, const QString &why) {
            *error = why;
            done = true;
        });
        (void)QTest::qWaitFor([&]() { return done; }, 15000);
        return done && error->isEmpty();
    }

    QString node(int i) const { return m_fixture.node(i); }

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
        QVERIFY2(m_fixture.setUp(true, &error, 3, 2), qPrintable(error));
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
        m_window = std::make_unique<MainWindow>();
        m_window->show();
    }

    void cleanup()
    {
        if (m_stopped > 0) // a failed test must not leave a stopped server behind
            ::kill(m_stopped, SIGCONT);
        m_stopped = 0;
    }

    void cleanupTestCase()
    {
        cleanup();
        m_window.reset();
        const QString died = m_fixture.stop(); // a daemon that died meanwhile fails the test
        QVERIFY2(died.isEmpty(), qPrintable(died));
    }

    void certificateCheckIsNotUnreachable()
    {
        // While the (first) certificate is being checked, the panel and the status bar say so.
        QStringList seenPanels, seenBars;
        m_window->cluster()->setFingerprintCheck(
            [&](const QString &, const QString &, Client::KnownNodes::Status status, const QString &) {
                for (int i = 0; i < 2; ++i)
                    seenPanels.append(m_window->overview()->nodeText(i));
                seenBars.append(m_window->stateText());
                return status == Client::KnownNodes::Status::Unknown;
            });
        m_window->connectToCluster({ node(0), node(1) }, QStringLiteral("localhost"),
                                   QByteArray(DaemonFixture::Password));
        Cluster *cluster = m_window->cluster();
        QTRY_VERIFY_WITH_TIMEOUT(cluster->nodes()[0]->isReady() && cluster->nodes()[1]->isReady(), 15000);
        QCOMPARE(seenBars.size(), 2);
        QVERIFY2(seenPanels.join(QString()).contains(QStringLiteral("checking the certificate")),
                 qPrintable(seenPanels.join(QStringLiteral(" | "))));
        QVERIFY2(!seenPanels.join(QString()).contains(QStringLiteral("unreachable")),
                 qPrintable(seenPanels.join(QStringLiteral(" | "))));
        QVERIFY2(seenBars.join(QString()).contains(QStringLiteral("checking the certificate")),
                 qPrintable(seenBars.join(QStringLiteral(" | "))));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->overview()->nodeText(1).contains(QStringLiteral("Agents reachable: 1 of 1")), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sessions()->model()->rowCount(), 5, 15000);
        // Node 0 stays connected through everything below: the heartbeat never cries wolf.
        NodeConnection *n0 = cluster->nodes()[0];
        connect(n0, &NodeConnection::stateChanged, this, [this, n0]() {
            if (!n0->isReady())
                ++m_node0Lost;
        });
    }

    void stoppedNodeIsUnreachableThenBack()
    {
        NodeConnection *n1 = m_window->cluster()->nodes()[1];
        OverviewPage *overview = m_window->overview();
        QTRY_VERIFY(n1->isReady() && overview->nodeText(1).contains(QStringLiteral("connected to")));
        QTRY_VERIFY_WITH_TIMEOUT(overview->chart()->sampleCount(overview->series(1)) >= 2, 5000);
        QVERIFY(!overview->chart()->lastIsGap(overview->series(1)));
        const pid_t pid = serverPid(m_fixture.serverRoot[1]);
        QVERIFY2(pid > 0, "vsmserver of node 1 not found in /proc");

        // The cable is pulled: the process is there, the connection open, nothing answers.
        QVERIFY(::kill(pid, SIGSTOP) == 0);
        m_stopped = pid;
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(overview->nodeText(1).contains(QStringLiteral("unreachable since")), 3000);
        qInfo("node 1 shown unreachable %lld ms after SIGSTOP", clock.elapsed());
        QVERIFY2(!m_window->stateText().contains(node(1) + QStringLiteral(": connected")),
                 qPrintable(m_window->stateText()));
        QVERIFY2(m_window->stateText().contains(node(1) + QStringLiteral(": unreachable since")),
                 qPrintable(m_window->stateText()));
        QVERIFY(overview->nodeGreyed(1));
        QVERIFY2(overview->nodeText(1).contains(QStringLiteral("Last data at")),
                 qPrintable(overview->nodeText(1)));
        QVERIFY(!overview->nodeGreyed(0));
        QVERIFY2(overview->problemText().contains(node(1) + QStringLiteral(": unreachable since")),
                 qPrintable(overview->problemText()));
        // The chart shows a gap, never the last value as current.
        QTRY_VERIFY_WITH_TIMEOUT(overview->chart()->lastIsGap(overview->series(1)), 2000);
        QVERIFY(!overview->chart()->lastIsGap(overview->series(0)));
        // Its sessions are not shown as if current (node 0 holds 3, node 1 holds 2).
        QTRY_COMPARE(m_window->sessions()->model()->rowCount(), 3);
        // A read made while it is away cannot leave a stale problem behind.
        m_window->config()->reload();
        QTRY_VERIFY_WITH_TIMEOUT(overview->nodeText(1).contains(QStringLiteral("reconnecting")), 5000);

        // The cable is back.
        QVERIFY(::kill(pid, SIGCONT) == 0);
        m_stopped = 0;
        clock.restart();
        QTRY_VERIFY_WITH_TIMEOUT(n1->isReady()
                                     && overview->nodeText(1).contains(QStringLiteral("connected to"))
                                     && !overview->nodeGreyed(1),
                                 5000);
        qInfo("node 1 back %lld ms after SIGCONT", clock.elapsed());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->stateText().contains(node(1) + QStringLiteral(": connected")),
                                 1000);
        QTRY_VERIFY_WITH_TIMEOUT(!overview->chart()->lastIsGap(overview->series(1)), 3000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sessions()->model()->rowCount(), 5, 5000);
        // No stale problem: nothing about node 1's outage is left.
        QTRY_VERIFY_WITH_TIMEOUT(!overview->problemText().contains(QStringLiteral("unreachable")), 5000);
        for (const char *stale :
             { "unreachable", "timed out", "link closed", "no answer", "connection lost" })
            QVERIFY2(!overview->problemText().contains(QLatin1String(stale)),
                     qPrintable(overview->problemText()));
        QTRY_VERIFY(m_window->config()->identical());
        QVERIFY2(!m_window->config()->result().contains(QStringLiteral("no answer")),
                 qPrintable(m_window->config()->result()));
        QCOMPARE(m_node0Lost, 0);
    }

    void pushedTerminalServers()
    {
        ConfigPage *config = m_window->config();
        OverviewPage *overview = m_window->overview();
        AgentsPage *agents = m_window->agents();
        const QString agent = m_fixture.localAddress;
        const QString bogus = QStringLiteral("agent-x.invalid");
        QTRY_VERIFY(config->identical() && config->entries() == QStringList { agent });

        // Another administrator (tlctl --node) changes node 0 only.
        QString error;
        QVERIFY2(setTerminalServers(0, { agent, bogus }, &error), qPrintable(error));
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(config->differs() && config->result().contains(bogus), 2000);
        qInfo("the change on node 0 shown %lld ms after it was made", clock.elapsed());
        QVERIFY2(config->result().contains(QStringLiteral("The nodes DIFFER")), qPrintable(config->result()));
        QTRY_VERIFY_WITH_TIMEOUT(
            overview->problemText().contains(QStringLiteral("terminalservers: the nodes DIFFER")), 1000);
        QVERIFY(!overview->nodeText(0).contains(QStringLiteral("configuration identical")));
        // The new agent cannot be resolved: a problem, never "No problems.".
        QTRY_VERIFY_WITH_TIMEOUT(overview->problemText().contains(QStringLiteral("agent %1").arg(bogus)),
                                 5000);
        QTRY_VERIFY_WITH_TIMEOUT(agents->rowOf(bogus) >= 0, 5000);

        // Node 1 as well: identical again, and the editor shows the new list (it was not edited).
        QVERIFY2(setTerminalServers(1, { agent, bogus }, &error), qPrintable(error));
        clock.restart();
        QTRY_VERIFY_WITH_TIMEOUT(config->identical() && config->entries() == (QStringList { agent, bogus }),
                                 2000);
        QTRY_VERIFY(!overview->problemText().contains(QStringLiteral("DIFFER")));
        QVERIFY(overview->problemText().contains(bogus));

        // Removed from both: gone from the Agents page and from the problems.
        QVERIFY2(setTerminalServers(0, { agent }, &error), qPrintable(error));
        QVERIFY2(setTerminalServers(1, { agent }, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(config->identical() && config->entries() == QStringList { agent }, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(!overview->problemText().contains(bogus), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(agents->rowOf(bogus) < 0, 5000);
        QCOMPARE(m_node0Lost, 0);
    }

    void pushedSessions()
    {
        // Another administrator terminates a session on node 0: the table and the count follow.
        SessionsPage *sessions = m_window->sessions();
        OverviewPage *overview = m_window->overview();
        const QString id = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000002");
        QTRY_VERIFY(sessions->model()->row(id) >= 0);
        QTRY_VERIFY(overview->nodeText(0).contains(QStringLiteral("Sessions: 3")));
        QString error;
        QVERIFY2(call(0, Protocol::MessageType::AdminSessionTerminate,
                      QCborMap { { QStringLiteral("ids"), QCborArray { id } } }, &error),
                 qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(sessions->model()->row(id) < 0, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(overview->nodeText(0).contains(QStringLiteral("Sessions: 2")), 2000);
        QCOMPARE(sessions->model()->rowCount(), 4);
    }

    void eventsPage()
    {
        // What pushedTerminalServers and pushedSessions did is in the nodes' event logs.
        using Kind = Protocol::AdminLogEntry::Kind;
        EventsPage *events = m_window->events();
        const auto has = [events](const QString &node, Kind kind, const QString &text) {
            const QList<Protocol::AdminLogEntry> shown = events->shown();
            return std::any_of(shown.cbegin(), shown.cend(), [&](const Protocol::AdminLogEntry &e) {
                return e.node == node && e.kind == kind && e.text.contains(text);
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(has(node(0), Kind::Config, QStringLiteral("terminalservers"))
                                     && has(node(1), Kind::Config, QStringLiteral("terminalservers"))
                                     && has(node(0), Kind::Session, QStringLiteral("terminated")),
                                 5000);
        QList<Protocol::AdminLogEntry> shown = events->shown();
        for (qsizetype i = 1; i < shown.size(); ++i)
            QVERIFY(shown.at(i - 1).time >= shown.at(i).time); // newest first
        QTRY_COMPARE(events->table()->rowCount(), shown.size());
        QCOMPARE(events->table()->item(0, EventsPage::Event)->text(), shown.first().text);

        // One node, one kind.
        events->setFilter(node(1), Kind::Config);
        shown = events->shown();
        QVERIFY(!shown.isEmpty());
        for (const Protocol::AdminLogEntry &e : std::as_const(shown))
            QVERIFY(e.node == node(1) && e.kind == Kind::Config);
        QCOMPARE(events->table()->rowCount(), shown.size());
        QCOMPARE(events->table()->item(0, EventsPage::Node)->text(), node(1));

        // A change made now is at the top within 2 s.
        const qint64 newest = shown.first().seq;
        const QString bogus = QStringLiteral("agent-events.invalid");
        QString error;
        QVERIFY2(setTerminalServers(1, { m_fixture.localAddress, bogus }, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(events->table()->rowCount() > 0
                                     && events->table()->item(0, EventsPage::Event)->text().contains(bogus),
                                 2000);
        QVERIFY(events->shown().first().seq > newest);
        QVERIFY2(setTerminalServers(1, { m_fixture.localAddress }, &error), qPrintable(error));
        events->setFilter({}, std::nullopt);
        QVERIFY(has(node(0), Kind::Session, QStringLiteral("terminated")));
    }

    void sessionDetailsAndDeleteKey()
    {
        SessionsPage *page = m_window->sessions();
        SessionModel *model = page->model();
        // carol's session on node 0 (disconnected, display :13, last client 10.1.0.22).
        const QString id = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000003");
        QTRY_VERIFY(model->row(id) >= 0);
        QCOMPARE(model->nodesOf(model->row(id)), QStringList { node(0) });
        QCOMPARE(model->index(model->row(id), SessionModel::Node).data().toString(), node(0));
        QVERIFY2(page->detailsText().isEmpty(), qPrintable(page->detailsText()));
        page->filter()->setText(QStringLiteral("carol"));
        QTRY_COMPARE(page->proxy()->rowCount(), 1);
        page->view()->setFocus();
        page->view()->selectRow(0);
        const QString details = page->detailsText();
        for (const QString &line : QStringList {
                 QStringLiteral("User: carol (uid 1003)"), QStringLiteral("Session ID: ") + id,
                 QStringLiteral("Agent: ") + m_fixture.localAddress,
                 QStringLiteral("Display: :13 (VNC port 5913)"), QStringLiteral("State: disconnected"),
                 QStringLiteral("Last client: 10.1.0.22"), QStringLiteral("Record held by: ") + node(0),
                 QStringLiteral("Created: "), QStringLiteral("Last connection: ") })
            QVERIFY2(details.contains(line), qPrintable(line + QStringLiteral(" not in:\n") + details));

        // Delete asks, naming the user and the session; Return takes the default, No.
        QString asked;
        QMessageBox::StandardButton defaultButton = QMessageBox::NoButton;
        const auto answer = [&](bool yes) {
            QTimer::singleShot(50, this, [&, yes]() {
                QMessageBox *box = page->confirmation();
                if (!box)
                    return;
                asked = box->text();
                defaultButton = box->standardButton(box->defaultButton());
                if (yes)
                    box->button(QMessageBox::Yes)->click();
                else
                    QTest::keyClick(box, Qt::Key_Return);
            });
        };
        answer(false);
        QTest::keyClick(page->view(), Qt::Key_Delete);
        QVERIFY2(asked.contains(QStringLiteral("carol")) && asked.contains(id), qPrintable(asked));
        QVERIFY2(asked.contains(QStringLiteral("Terminate 1 session(s)?")), qPrintable(asked));
        QCOMPARE(defaultButton, QMessageBox::No);
        QTest::qWait(500);
        QVERIFY(model->row(id) >= 0);

        asked.clear();
        answer(true);
        QTest::keyClick(page->view(), Qt::Key_Delete);
        QVERIFY(asked.contains(QStringLiteral("carol")));
        QTRY_VERIFY_WITH_TIMEOUT(model->row(id) < 0, 5000);
        QTRY_VERIFY(page->message().contains(QStringLiteral("1 session(s) terminated")));
        QVERIFY2(page->detailsText().isEmpty(), qPrintable(page->detailsText()));
        page->filter()->clear();
        QTRY_VERIFY(page->countText().startsWith(QStringLiteral("3 session(s) shown")));
    }

    void agentCheckIsAProblem()
    {
        // The agent's allowed_clients does not list the nodes (127.0.0.1) and its master_hostname
        // is not "localhost": the Agents page's check fails, so the overview has a problem.
        AgentsPage *agents = m_window->agents();
        const QString agent = m_fixture.localAddress;
        QTRY_VERIFY_WITH_TIMEOUT(!agents->configProblems(agent).isEmpty(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->overview()->problemText().contains(
                                     QStringLiteral("agent %1: allowed_clients lacks").arg(agent)),
                                 2000);
        QVERIFY(!m_window->overview()->problemText().contains(QStringLiteral("No problems.")));
    }

    void pushedAgentConfig()
    {
        // The administrator fixes the agent by hand: tl-config and SIGHUP on the agent. The
        // console is told (the agent tells its servers, they tell the console) within 2 s. The
        // nodes are 127.0.0.1 here; "localhost" names the same host, so it counts.
        AgentsPage *agents = m_window->agents();
        OverviewPage *overview = m_window->overview();
        const QString agent = m_fixture.localAddress;
        QTRY_VERIFY(!agents->configProblems(agent).isEmpty());
        const QString allowed
            = DaemonFixture::value(m_fixture.agentRoot, QStringLiteral("/vsmagent/allowed_clients"));
        const QString master
            = DaemonFixture::value(m_fixture.agentRoot, QStringLiteral("/vsmagent/master_hostname"));
        QString error = DaemonFixture::tlConfig(m_fixture.agentRoot,
                                                { QStringLiteral("/vsmagent/allowed_clients=localhost"),
                                                  QStringLiteral("/vsmagent/master_hostname=localhost") });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_fixture.signalAgent(SIGHUP));
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            agents->configProblems(agent).isEmpty()
                && !overview->problemText().contains(QStringLiteral("allowed_clients lacks")),
            2000);
        qInfo("the agent's change shown %lld ms after SIGHUP", clock.elapsed());
        const int row = agents->rowOf(agent);
        QCOMPARE(agents->table()->item(row, AgentsPage::AllowedClients)->text(), QStringLiteral("localhost"));
        QVERIFY(agents->sameHost(QStringLiteral("localhost"), QStringLiteral("127.0.0.1")));
        QCOMPARE(agents->table()->item(row, AgentsPage::MasterHostname)->text(), QStringLiteral("localhost"));

        // And back: the problem is back as quickly.
        error = DaemonFixture::tlConfig(m_fixture.agentRoot,
                                        { QStringLiteral("/vsmagent/allowed_clients=") + allowed,
                                          QStringLiteral("/vsmagent/master_hostname=") + master });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_fixture.signalAgent(SIGHUP));
        QTRY_VERIFY_WITH_TIMEOUT(
            overview->problemText().contains(QStringLiteral("agent %1: allowed_clients lacks").arg(agent)),
            2000);
        QCOMPARE(m_node0Lost, 0);
    }

    void pushedStepDown()
    {
        // A failover drill's step-down (here asked for through another admin client) is on the
        // node's panel within 2 s, and gone within 2 s of its end.
        OverviewPage *overview = m_window->overview();
        QTRY_VERIFY(overview->nodeText(0).contains(QStringLiteral("connected to")));
        QVERIFY(!overview->nodeText(0).contains(QStringLiteral("stepping down")));
        QString error;
        QVERIFY2(call(0, Protocol::MessageType::AdminHaStepDown,
                      QCborMap { { QStringLiteral("seconds"), 60 } }, &error),
                 qPrintable(error));
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            overview->nodeText(0).contains(QStringLiteral("stepping down (failover drill)")), 2000);
        qInfo("step-down shown %lld ms after it was asked for", clock.elapsed());
        QVERIFY(!overview->nodeText(1).contains(QStringLiteral("stepping down")));
        QVERIFY2(call(0, Protocol::MessageType::AdminHaStepDown,
                      QCborMap { { QStringLiteral("seconds"), 0 } }, &error),
                 qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!overview->nodeText(0).contains(QStringLiteral("stepping down")), 2000);
    }

    void wrongPasswordIsLoginRefusedAndAskedAgain()
    {
        MainWindow window;
        window.show();
        window.cluster()->setKnownNodesFile(m_knownNodes);
        window.cluster()->setFingerprintCheck(&TestConsoleLive::trustAll);
        window.connectToCluster({ node(0), node(1) }, QStringLiteral("localhost"), "not-the-password");
        Cluster *cluster = window.cluster();
        QTRY_VERIFY_WITH_TIMEOUT(cluster->nodes()[0]->state() == NodeConnection::State::LoginRefused
                                     && cluster->nodes()[1]->state() == NodeConnection::State::LoginRefused,
                                 15000);
        for (int i = 0; i < 2; ++i) {
            QVERIFY2(window.overview()->nodeText(i).startsWith(QStringLiteral("login refused")),
                     qPrintable(window.overview()->nodeText(i)));
            QVERIFY2(window.overview()->nodeText(i).contains(QStringLiteral("wrong admin password")),
                     qPrintable(window.overview()->nodeText(i)));
            QVERIFY(!window.overview()->nodeText(i).contains(QStringLiteral("unreachable")));
        }
        QVERIFY2(window.stateText().contains(node(0) + QStringLiteral(": login refused")),
                 qPrintable(window.stateText()));
        QVERIFY(!window.stateText().contains(QStringLiteral("unreachable")));
        // Asked again, once for both nodes; no retry with the wrong password meanwhile.
        QTRY_VERIFY(window.passwordDialog() && window.passwordDialog()->isVisible());
        QTRY_VERIFY2(window.passwordDialog()->labelText().contains(node(0))
                         && window.passwordDialog()->labelText().contains(node(1)),
                     qPrintable(window.passwordDialog()->labelText()));
        QCOMPARE(cluster->nodes()[0]->failedAttempts(), 0);
        window.passwordDialog()->setTextValue(QString::fromLatin1(DaemonFixture::Password));
        window.passwordDialog()->accept();
        QTRY_VERIFY_WITH_TIMEOUT(cluster->nodes()[0]->isReady() && cluster->nodes()[1]->isReady(), 15000);
        QTRY_VERIFY(window.overview()->nodeText(0).contains(QStringLiteral("connected to")));
    }

    void stoppedFirstNodeAgentsReadThroughTheOther()
    {
        // The Agents page reads through the first connected node. When that one stops answering
        // it reads through the other; nothing of the lost link becomes an agent problem.
        AgentsPage *agents = m_window->agents();
        OverviewPage *overview = m_window->overview();
        const QString agent = m_fixture.localAddress;
        NodeConnection *n0 = m_window->cluster()->nodes()[0];
        QTRY_VERIFY(n0->isReady() && agents->rowOf(agent) >= 0);
        const pid_t pid = serverPid(m_fixture.serverRoot[0]);
        QVERIFY2(pid > 0, "vsmserver of node 0 not found in /proc");
        QVERIFY(::kill(pid, SIGSTOP) == 0);
        m_stopped = pid;
        QTRY_VERIFY_WITH_TIMEOUT(overview->nodeText(0).contains(QStringLiteral("unreachable since")), 3000);
        QVERIFY(!m_window->stateText().contains(node(0) + QStringLiteral(": connected")));
        QTRY_VERIFY_WITH_TIMEOUT(agents->rowOf(agent) >= 0 && !agents->configProblems(agent).isEmpty(), 5000);
        QTRY_VERIFY(
            overview->problemText().contains(QStringLiteral("agent %1: allowed_clients lacks").arg(agent)));
        QVERIFY2(!overview->problemText().contains(QStringLiteral("cannot be read")),
                 qPrintable(overview->problemText()));
        QVERIFY(::kill(pid, SIGCONT) == 0);
        m_stopped = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            n0->isReady() && overview->nodeText(0).contains(QStringLiteral("connected to")), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!overview->problemText().contains(QStringLiteral("unreachable")), 5000);
        QVERIFY2(!overview->problemText().contains(QStringLiteral("cannot be read")),
                 qPrintable(overview->problemText()));
        QTRY_VERIFY(m_window->stateText().contains(node(0) + QStringLiteral(": connected")));
    }
};

QTEST_MAIN(TestConsoleLive)
#include "tst_consolelive.moc"
