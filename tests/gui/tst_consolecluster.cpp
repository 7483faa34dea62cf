// tl-console against the namespace HA cluster (tests/cluster/console.sh, CTest cluster_console),
// offscreen, from the test bed's client host: two vsmservers with HA and keepalived, the real
// health check, agents, sessions. With the console open:
// - the primary's cable pulled: its panel says "unreachable since" within 3 s, the Problems list
//   and the status bar say so too, its sessions stay in the table through the secondary, the
//   Events page shows the secondary becoming MASTER;
// - the cable plugged: the panel is back and no stale problem of the outage remains within 5 s
//   of the link coming back; then the cluster settles to "No problems.";
// - a terminalservers change made with `tlctl --node` appears within 2 s, without a refresh;
// - an agent configuration change (tl-config on the agent + SIGHUP to vsmagent) appears within
//   2 s, without a refresh;
// - a session ended and a session started through the primary are pushed by both nodes within
//   2 s, the secondary's from what replication applied to it;
// - in each state the Problems list agrees with the panels and the status bar.
//
// Run only by console.sh, which sets OPENVSM_CLUSTER_NODES ("primary secondary"),
// OPENVSM_ADMIN_PASSWORD_FILE, OPENVSM_CLUSTER_CTL (its own control command: pull, plug,
// terminalservers NODE ENTRY..., agent-config AGENT PARAM=VALUE..., session-end USER,
// session-start USER), OPENVSM_CLUSTER_AGENTS and
// OPENVSM_CLUSTER_SESSIONS and OPENVSM_CLUSTER_USERS (the users of those sessions, one each);
// OPENVSM_CONSOLE_SCREENSHOTS=DIR renders every page at the end.
#include "gui/console/agentspage.h"
#include "gui/console/cluster.h"
#include "gui/console/configpage.h"
#include "gui/console/eventspage.h"
#include "gui/console/mainwindow.h"
#include "gui/console/overviewpage.h"
#include "gui/console/sessionmodel.h"
#include "gui/console/sessionspage.h"
#include "gui/widgets/livechart.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Console;
using namespace Widgets;

class TestConsoleCluster : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_nodes;
    QStringList m_agents;
    QStringList m_users; // one session each
    QByteArray m_password;
    QString m_ctl;
    int m_sessions = 0;
    bool m_pulled = false;
    static constexpr QSize WindowSize { 1100, 720 };
    int m_minimumWidth = 0; // the window's, with the healthy cluster shown

    // Long lines (a degraded reason, an error) wrap: the window's minimum width does not grow,
    // so neither does the window.
    QString windowGrew() const
    {
        const int now = m_window->minimumSizeHint().width();
        if (now <= m_minimumWidth && m_window->size() == WindowSize)
            return {};
        return QStringLiteral("the window grew: minimum width %1 (was %2), size %3x%4\n%5")
            .arg(now)
            .arg(m_minimumWidth)
            .arg(m_window->width())
            .arg(m_window->height())
            .arg(overviewText());
    }

    // The test bed's control command; false with its output when it fails.
    bool ctl(const QStringList &args, QString *output)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(m_ctl, args);
        // The console goes on meanwhile (its links' heartbeats, what the nodes push), as it would.
        const bool ok = QTest::qWaitFor([&p]() { return p.state() == QProcess::NotRunning; }, 60000)
            && p.error() == QProcess::UnknownError && p.exitStatus() == QProcess::NormalExit
            && p.exitCode() == 0;
        *output = QString::fromLocal8Bit(p.readAll()).trimmed();
        if (!ok)
            output->prepend(QStringLiteral("%1 %2 failed: ").arg(m_ctl, args.join(QLatin1Char(' '))));
        return ok;
    }

    bool problemsMention(const QString &text) const
    {
        for (const QString &p : m_window->overview()->problems()) {
            if (p.contains(text))
                return true;
        }
        return false;
    }

    // The Problems list, the panels and the status bar say the same, now: a node is unreachable
    // in all three or in none; a connected node's degraded state and replication link are
    // problems exactly when its panel shows them; "No problems." only with an empty list.
    // Returns what disagrees, with everything shown ("" when they agree).
    QString disagreement(const char *when) const
    {
        OverviewPage *overview = m_window->overview();
        const QString problems = overview->problemText();
        const QString bar = m_window->stateText();
        QStringList wrong;
        for (int i = 0; i < 2; ++i) {
            const QString &node = m_nodes[i];
            const QString panel = overview->nodeText(i);
            const bool lost = panel.startsWith(QStringLiteral("unreachable since"));
            if (problemsMention(node + QStringLiteral(": unreachable since")) != lost)
                wrong.append(node + QStringLiteral(": panel and problems differ on \"unreachable\""));
            if (bar.contains(node + QStringLiteral(": unreachable since")) != lost)
                wrong.append(node + QStringLiteral(": panel and status bar differ on \"unreachable\""));
            if (overview->nodeGreyed(i) != lost)
                wrong.append(node + QStringLiteral(": greyed is not the same as unreachable"));
            if (!panel.startsWith(QStringLiteral("connected to")))
                continue;
            if (!bar.contains(node + QStringLiteral(": connected")))
                wrong.append(node + QStringLiteral(": connected, but not in the status bar"));
            if (panel.contains(QStringLiteral("DEGRADED"))
                != problemsMention(node + QStringLiteral(": degraded")))
                wrong.append(node + QStringLiteral(": panel and problems differ on \"degraded\""));
            if (panel.contains(QStringLiteral("replication link up"))
                == problemsMention(node + QStringLiteral(": the replication link to")))
                wrong.append(node + QStringLiteral(": panel and problems differ on the replication link"));
        }
        if ((problems == QStringLiteral("No problems.")) != overview->problems().isEmpty())
            wrong.append(QStringLiteral("\"No problems.\" is not the same as an empty list"));
        if (wrong.isEmpty())
            return {};
        return QStringLiteral("%1: %2\nproblems: %3\nstatus bar: %4\npanels:\n%5\n%6")
            .arg(QLatin1String(when), wrong.join(QStringLiteral("; ")), problems, bar, overview->nodeText(0),
                 overview->nodeText(1));
    }

    // Both nodes connected, every agent reachable and checked, nothing else to say.
    bool healthy() const
    {
        OverviewPage *overview = m_window->overview();
        const QString reachable = QStringLiteral("Agents reachable: %1 of %1").arg(m_agents.size());
        return overview->problemText() == QStringLiteral("No problems.")
            && overview->nodeText(0).startsWith(QStringLiteral("connected to"))
            && overview->nodeText(1).startsWith(QStringLiteral("connected to"))
            && overview->nodeText(0).contains(reachable) && overview->nodeText(1).contains(reachable);
    }

    QString overviewText() const
    {
        OverviewPage *overview = m_window->overview();
        return QStringLiteral("%1\n%2\n%3")
            .arg(overview->problemText(), overview->nodeText(0), overview->nodeText(1));
    }

private slots:
    void initTestCase()
    {
        const QString nodes = qEnvironmentVariable("OPENVSM_CLUSTER_NODES");
        if (nodes.isEmpty())
            QSKIP("runs in the namespace test bed only: tests/cluster/console.sh (CTest cluster_console, "
                  "root)");
        m_nodes = nodes.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QCOMPARE(m_nodes.size(), 2);
        m_agents = qEnvironmentVariable("OPENVSM_CLUSTER_AGENTS").split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVERIFY2(m_agents.size() >= 2, "OPENVSM_CLUSTER_AGENTS must name two agents or more");
        m_sessions = qEnvironmentVariableIntValue("OPENVSM_CLUSTER_SESSIONS");
        m_users = qEnvironmentVariable("OPENVSM_CLUSTER_USERS").split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVERIFY2(m_users.size() == m_sessions, "OPENVSM_CLUSTER_USERS must name the user of each session");
        m_ctl = qEnvironmentVariable("OPENVSM_CLUSTER_CTL");
        QVERIFY2(!m_ctl.isEmpty(), "OPENVSM_CLUSTER_CTL is not set");
        QFile f(qEnvironmentVariable("OPENVSM_ADMIN_PASSWORD_FILE"));
        QVERIFY2(f.open(QIODevice::ReadOnly), "OPENVSM_ADMIN_PASSWORD_FILE cannot be read");
        m_password = f.readAll().trimmed();
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
        qputenv("OPENVSM_KEYCHAIN", "off");
        m_window = std::make_unique<MainWindow>();
        m_window->resize(WindowSize);
        // First contact: trust and pin (the console's dialog does this with the admin).
        m_window->cluster()->setFingerprintCheck(
            [](const QString &, const QString &, Client::KnownNodes::Status status, const QString &) {
                return status == Client::KnownNodes::Status::Unknown;
            });
        m_window->show();
        m_window->connectToCluster(m_nodes, QStringLiteral("tlha"), m_password);
    }

    void cleanupTestCase()
    {
        QString output;
        if (m_pulled && !ctl({ QStringLiteral("plug") }, &output)) // a failed test leaves no cable out
            qWarning("%s", qPrintable(output));
        m_window.reset();
    }

    void healthyCluster()
    {
        QTRY_VERIFY2_WITH_TIMEOUT(healthy(),
                                  qPrintable(QStringLiteral("start: not healthy: ") + overviewText()), 30000);
        QVERIFY2(disagreement("start").isEmpty(), qPrintable(disagreement("start")));
        OverviewPage *overview = m_window->overview();
        QVERIFY2(overview->nodeText(0).contains(QStringLiteral("holds 10.0.0.4, role MASTER")),
                 qPrintable(overview->nodeText(0)));
        QVERIFY2(overview->nodeText(1).contains(QStringLiteral("does not hold 10.0.0.4, role BACKUP")),
                 qPrintable(overview->nodeText(1)));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sessions()->model()->rowCount(), m_sessions, 10000);
        for (const QString &agent : std::as_const(m_agents))
            QTRY_VERIFY_WITH_TIMEOUT(m_window->agents()->rowOf(agent) >= 0, 5000);
        m_minimumWidth = m_window->minimumSizeHint().width();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->config()->identical() && m_window->config()->entries() == m_agents,
                                 5000);
    }

    void pulledCableIsUnreachable()
    {
        OverviewPage *overview = m_window->overview();
        const QString &primary = m_nodes[0];
        QTRY_VERIFY_WITH_TIMEOUT(overview->chart()->sampleCount(overview->series(0)) >= 2, 5000);
        QString output;
        QVERIFY2(ctl({ QStringLiteral("pull") }, &output), qPrintable(output));
        m_pulled = true;
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(overview->nodeText(0).startsWith(QStringLiteral("unreachable since")), 3000);
        qInfo("%s shown unreachable %lld ms after its cable was pulled", qPrintable(primary),
              clock.elapsed());
        QVERIFY2(overview->nodeText(0).contains(QStringLiteral("Last data at")),
                 qPrintable(overview->nodeText(0)));
        QVERIFY2(problemsMention(primary + QStringLiteral(": unreachable since")),
                 qPrintable(overview->problemText()));
        QVERIFY(!m_window->stateText().contains(primary + QStringLiteral(": connected")));
        QVERIFY(overview->nodeText(1).startsWith(QStringLiteral("connected to")));
        QVERIFY2(disagreement("primary's cable pulled").isEmpty(),
                 qPrintable(disagreement("primary's cable pulled")));
        // A gap in its chart, never the last value drawn as current.
        QTRY_VERIFY_WITH_TIMEOUT(overview->chart()->lastIsGap(overview->series(0)), 2000);
        QVERIFY(!overview->chart()->lastIsGap(overview->series(1)));
        // keepalived moves tlha to the secondary, which says so; every session is still listed,
        // from the secondary's replicated records.
        QTRY_VERIFY_WITH_TIMEOUT(
            overview->nodeText(1).contains(QStringLiteral("holds 10.0.0.4, role MASTER")), 15000);
        qInfo("the secondary shown holding tlha %lld ms after the pull", clock.elapsed());
        // The Events page has it from the secondary: its role change to MASTER.
        const auto roleEvent = [this]() {
            const QList<Protocol::AdminLogEntry> shown = m_window->events()->shown();
            return std::any_of(shown.cbegin(), shown.cend(), [this](const Protocol::AdminLogEntry &e) {
                return e.node == m_nodes[1] && e.kind == Protocol::AdminLogEntry::Kind::Role
                    && e.details.value(QStringLiteral("to")) == QLatin1String("MASTER");
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(roleEvent(), 2000);
        QCOMPARE(m_window->sessions()->model()->rowCount(), m_sessions);
        QVERIFY(overview->nodeText(0).startsWith(QStringLiteral("unreachable since")));
        // Long lines (the secondary's degraded reason) wrap; the window does not grow.
        QTRY_VERIFY2(overview->nodeText(1).contains(QStringLiteral("DEGRADED: ")),
                     qPrintable(overview->nodeText(1)));
        QApplication::processEvents();
        QVERIFY2(windowGrew().isEmpty(), qPrintable(windowGrew()));
        QVERIFY2(disagreement("the secondary holds tlha").isEmpty(),
                 qPrintable(disagreement("the secondary holds tlha")));
    }

    void pluggedCableIsBack()
    {
        OverviewPage *overview = m_window->overview();
        const QString &primary = m_nodes[0];
        QString output;
        QVERIFY2(ctl({ QStringLiteral("plug") }, &output), qPrintable(output));
        m_pulled = false;
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(overview->nodeText(0).startsWith(QStringLiteral("connected to"))
                                     && !problemsMention(primary + QStringLiteral(": unreachable"))
                                     && !problemsMention(QStringLiteral("timed out")),
                                 5000);
        qInfo("%s back, without a stale problem, %lld ms after the cable was plugged", qPrintable(primary),
              clock.elapsed());
        QVERIFY(!overview->nodeGreyed(0));
        QVERIFY2(m_window->stateText().contains(primary + QStringLiteral(": connected")),
                 qPrintable(m_window->stateText()));
        QVERIFY2(disagreement("primary back").isEmpty(), qPrintable(disagreement("primary back")));
        // The primary takes tlha back (preemption), replication catches up: nothing to say.
        // What the overview says, each time it changes (for the log of a failure).
        QString lastSeen;
        QTimer trace;
        connect(&trace, &QTimer::timeout, this, [&]() {
            if (overviewText() == lastSeen)
                return;
            lastSeen = overviewText();
            qInfo("%lld ms: %s", clock.elapsed(),
                  qPrintable(QString(lastSeen).replace(QLatin1Char('\n'), QStringLiteral(" | "))));
        });
        trace.start(200);
        QTRY_VERIFY2_WITH_TIMEOUT(
            healthy(), qPrintable(QStringLiteral("after the plug: not healthy: ") + overviewText()), 20000);
        QVERIFY2(disagreement("after the plug").isEmpty(), qPrintable(disagreement("after the plug")));
        qInfo("no problems %lld ms after the cable was plugged", clock.elapsed());
        QTRY_VERIFY_WITH_TIMEOUT(
            overview->nodeText(0).contains(QStringLiteral("holds 10.0.0.4, role MASTER")), 15000);
        QCOMPARE(m_window->sessions()->model()->rowCount(), m_sessions);
    }

    void terminalServersChangedWithTlctl()
    {
        ConfigPage *config = m_window->config();
        OverviewPage *overview = m_window->overview();
        AgentsPage *agents = m_window->agents();
        const QString dropped = m_agents.last();
        const QStringList fewer = m_agents.mid(0, m_agents.size() - 1);
        QVERIFY(config->identical() && config->entries() == m_agents);
        QString output;
        QVERIFY2(ctl(QStringList { QStringLiteral("terminalservers"), m_nodes[0] } + fewer, &output),
                 qPrintable(output));
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            config->differs() && problemsMention(QStringLiteral("terminalservers: the nodes DIFFER")), 2000);
        qInfo("terminalservers changed on %s shown %lld ms after tlctl --node", qPrintable(m_nodes[0]),
              clock.elapsed());
        QVERIFY(!overview->nodeText(0).contains(QStringLiteral("configuration identical")));
        QVERIFY2(disagreement("terminalservers differ").isEmpty(),
                 qPrintable(disagreement("terminalservers differ")));

        QVERIFY2(ctl(QStringList { QStringLiteral("terminalservers"), m_nodes[1] } + fewer, &output),
                 qPrintable(output));
        clock.restart();
        QTRY_VERIFY_WITH_TIMEOUT(config->identical() && config->entries() == fewer
                                     && !problemsMention(QStringLiteral("DIFFER")),
                                 2000);
        qInfo("terminalservers changed on %s shown %lld ms after tlctl --node", qPrintable(m_nodes[1]),
              clock.elapsed());
        // The removed agent goes from the Agents page and from the problems.
        QTRY_VERIFY_WITH_TIMEOUT(agents->rowOf(dropped) < 0, 2000);
        QVERIFY(!problemsMention(QStringLiteral("agent %1").arg(dropped)));
        QVERIFY2(disagreement("one agent fewer").isEmpty(), qPrintable(disagreement("one agent fewer")));

        // Back as it was, on both nodes.
        for (const QString &node : std::as_const(m_nodes))
            QVERIFY2(ctl(QStringList { QStringLiteral("terminalservers"), node } + m_agents, &output),
                     qPrintable(output));
        QTRY_VERIFY_WITH_TIMEOUT(config->identical() && config->entries() == m_agents, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(agents->rowOf(dropped) >= 0, 5000);
        QTRY_VERIFY2_WITH_TIMEOUT(
            healthy(), qPrintable(QStringLiteral("terminalservers restored: not healthy: ") + overviewText()),
            15000);
        QVERIFY2(disagreement("terminalservers restored").isEmpty(),
                 qPrintable(disagreement("terminalservers restored")));
    }

    void agentConfigChangedWithTlConfig()
    {
        AgentsPage *agents = m_window->agents();
        const QString agent = m_agents.first();
        const QString wrong = m_nodes[0]; // a real host, but not the resource name
        QVERIFY(agents->configProblems(agent).isEmpty());
        QString output;
        QVERIFY2(ctl({ QStringLiteral("agent-config"), agent,
                       QStringLiteral("/vsmagent/master_hostname=") + wrong },
                     &output),
                 qPrintable(output));
        QElapsedTimer clock;
        clock.start();
        const QString problem = QStringLiteral("agent %1: master_hostname is '%2'").arg(agent, wrong);
        QTRY_VERIFY_WITH_TIMEOUT(!agents->configProblems(agent).isEmpty() && problemsMention(problem), 2000);
        qInfo("the agent's change shown %lld ms after tl-config + SIGHUP", clock.elapsed());
        QCOMPARE(agents->table()->item(agents->rowOf(agent), AgentsPage::MasterHostname)->text(), wrong);
        QVERIFY2(disagreement("agent misconfigured").isEmpty(),
                 qPrintable(disagreement("agent misconfigured")));

        QVERIFY2(
            ctl({ QStringLiteral("agent-config"), agent, QStringLiteral("/vsmagent/master_hostname=tlha") },
                &output),
            qPrintable(output));
        clock.restart();
        QTRY_VERIFY_WITH_TIMEOUT(agents->configProblems(agent).isEmpty() && !problemsMention(problem), 2000);
        qInfo("the agent's fix shown %lld ms after tl-config + SIGHUP", clock.elapsed());
        QTRY_VERIFY2_WITH_TIMEOUT(
            healthy(), qPrintable(QStringLiteral("agent fixed: not healthy: ") + overviewText()), 5000);
        QVERIFY2(disagreement("agent fixed").isEmpty(), qPrintable(disagreement("agent fixed")));
    }

    // Whatever a node's store takes in is pushed to its consoles: on the primary its own writes,
    // on the secondary the records replication applies to it (not its own writes: a console
    // that only watched those would never see a session change on the passive node).
    void sessionsChangedOnThePrimaryArePushedByBothNodes()
    {
        const QList<NodeConnection *> nodes = m_window->cluster()->nodes();
        QCOMPARE(nodes.size(), 2);
        const QString user = m_users.first();
        struct Pushed {
            QString id;
            bool removed = false;
            qint64 ms = 0; // since the command began
        };
        QHash<NodeConnection *, QList<Pushed>> pushed; // user's sessions, per node
        QElapsedTimer clock;
        QObject context;
        for (NodeConnection *node : nodes) {
            connect(node, &NodeConnection::sessionChanged, &context,
                    [&pushed, &clock, node, user](const Protocol::CtlSession &s, bool removed) {
                        if (s.record.user == user)
                            pushed[node].append({ s.record.id, removed, clock.elapsed() });
                    });
        }
        // The session both nodes pushed (removed or not), the same one; empty until then.
        const auto pushedByBoth = [&](bool removed) {
            QString id;
            for (NodeConnection *node : nodes) {
                const auto it = std::find_if(pushed[node].cbegin(), pushed[node].cend(),
                                             [removed](const Pushed &p) { return p.removed == removed; });
                if (it == pushed[node].cend() || (!id.isEmpty() && it->id != id))
                    return QString();
                id = it->id;
            }
            return id;
        };
        const auto what = [&]() {
            QStringList out;
            for (NodeConnection *node : nodes) {
                QStringList events;
                for (const Pushed &p : std::as_const(pushed[node]))
                    events << QStringLiteral("%1 %2 at %3 ms")
                                  .arg(p.removed ? QStringLiteral("removed") : QStringLiteral("changed"),
                                       p.id)
                                  .arg(p.ms);
                out << node->address() + QStringLiteral(": ") + events.join(QStringLiteral(", "));
            }
            return out.join(QStringLiteral("; "));
        };

        QString output;
        clock.start();
        QVERIFY2(ctl({ QStringLiteral("session-end"), user }, &output), qPrintable(output));
        const qint64 ended = clock.elapsed();
        QTRY_VERIFY2_WITH_TIMEOUT(!pushedByBoth(true).isEmpty(), qPrintable(what()), 2000);
        qInfo("tlctl session terminate took %lld ms; pushed: %s", ended, qPrintable(what()));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sessions()->model()->rowCount(), m_sessions - 1, 2000);

        pushed.clear();
        clock.restart();
        QVERIFY2(ctl({ QStringLiteral("session-start"), user }, &output), qPrintable(output));
        const qint64 started = clock.elapsed();
        QTRY_VERIFY2_WITH_TIMEOUT(!pushedByBoth(false).isEmpty(), qPrintable(what()), 2000);
        qInfo("tl-session-helper get took %lld ms; pushed: %s", started, qPrintable(what()));
        QVERIFY2(output.contains(pushedByBoth(false)), qPrintable(output + QStringLiteral("\n") + what()));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sessions()->model()->rowCount(), m_sessions, 2000);
    }

    void healthyAtTheEnd()
    {
        QTRY_VERIFY2_WITH_TIMEOUT(
            healthy(), qPrintable(QStringLiteral("at the end: not healthy: ") + overviewText()), 5000);
        QCOMPARE(m_window->sessions()->model()->rowCount(), m_sessions);
        QVERIFY2(windowGrew().isEmpty(), qPrintable(windowGrew()));
        // OPENVSM_CONSOLE_SCREENSHOTS=DIR: every page of the healthy cluster, the chart with the
        // outage's gap (gui/README.md, docs/console.md).
        const QString dir = qEnvironmentVariable("OPENVSM_CONSOLE_SCREENSHOTS");
        if (dir.isEmpty())
            return;
        QTest::qWait(45000); // the charts fill in more, the outage's gap among their samples
        QVERIFY2(healthy(), qPrintable(overviewText()));
        m_window->sessions()->view()->selectRow(0);
        QString error;
        const QStringList files = m_window->saveScreenshots(dir, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(files.size(), 5);
        for (const QString &f : files)
            qInfo("screenshot %s", qPrintable(f));
    }
};

QTEST_MAIN(TestConsoleCluster)
#include "tst_consolecluster.moc"
