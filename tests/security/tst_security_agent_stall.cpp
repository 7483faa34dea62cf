#include "tests/integration/support/testuser.h"
#include "tests/security/agentharness.h"

#include "backend/agent/detachedprocess.h"

#include <QTest>

#include <algorithm>
#include <csignal>

using Protocol::MessageType;

// Issue: "AgentVerifySession runs a blocking 2 s RFB probe on the event loop; with one Xvnc
// stopped, 10 verifies froze the agent for 20 s. Probes are asynchronous; one stuck Xvnc delays
// nothing else." The same for ending a session whose Xvnc ignores SIGTERM.
class TestSecurityAgentStall : public QObject {
    Q_OBJECT

private:
    // An AgentLoad on its own link, answered within 1 s while the agent is busy elsewhere.
    static void loadAnswersQuickly(AgentHarness &h, Protocol::Link *link, const char *during)
    {
        const AgentHarness::Answer load = h.request(link, MessageType::AgentLoad, {}, 10000);
        QVERIFY2(load.error.isEmpty(), qPrintable(load.error));
        QVERIFY2(
            load.ms < 1000,
            qPrintable(
                QStringLiteral("AgentLoad took %1 ms while %2").arg(load.ms).arg(QLatin1String(during))));
    }

private slots:
    void initTestCase()
    {
        const QString missing = AgentHarness::missing();
        if (!missing.isEmpty())
            QSKIP(qPrintable(missing));
    }

    void stoppedXvncDelaysNothingElse()
    {
        TestUser user(QStringLiteral("ovsst"));
        QVERIFY2(user.ok(), qPrintable(user.error()));
        AgentHarness h(this);
        QString error;
        QVERIFY2(h.setUp(610, &error), qPrintable(error));
        QVERIFY2(h.start(&error), qPrintable(error));
        QPointer<Protocol::Link> verifier = h.connect(&error);
        QVERIFY2(verifier, qPrintable(error));
        QPointer<Protocol::Link> monitor = h.connect(&error);
        QVERIFY2(monitor, qPrintable(error));

        const QString id = QStringLiteral("stall-1");
        AgentHarness::Answer a = h.startSession(verifier, id, user.name());
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        const pid_t xvnc
            = static_cast<pid_t>(AgentHarness::session(a).value(QStringLiteral("pid")).toInteger());
        QVERIFY(xvnc > 0);

        // Xvnc stopped: it accepts connections (the kernel does) but never sends its banner.
        QCOMPARE(::kill(xvnc, SIGSTOP), 0);
        QList<std::shared_ptr<AgentHarness::Answer>> verifies;
        for (int i = 0; i < 10; ++i) {
            verifies << std::make_shared<AgentHarness::Answer>();
            h.send(verifier, MessageType::AgentVerifySession, AgentHarness::idBody(id), verifies.last());
        }
        QTest::qWait(100); // the verifies are in the agent now
        loadAnswersQuickly(h, monitor, "10 VerifySession wait for a stopped Xvnc");
        if (QTest::currentTestFailed())
            return;
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(verifies.cbegin(), verifies.cend(), [](const auto &v) { return v->done; }), 8000);
        for (const auto &v : std::as_const(verifies)) {
            QVERIFY2(v->ms < 5000, qPrintable(QString::number(v->ms)));
            QVERIFY2(!v->body.value(QStringLiteral("alive")).toBool(true) || !v->error.isEmpty(),
                     "a stopped Xvnc was reported alive");
            const QString reason = v->body.value(QStringLiteral("reason")).toString() + v->error;
            QVERIFY2(reason.contains(QStringLiteral("does not answer")), qPrintable(reason));
        }
        // Not answering is not proof of an ended session: it is kept.
        QVERIFY(QFile::exists(h.sessionFile(id, QStringLiteral("json"))));

        // Running again, it verifies alive.
        QCOMPARE(::kill(xvnc, SIGCONT), 0);
        a = h.request(verifier, MessageType::AgentVerifySession, AgentHarness::idBody(id));
        QVERIFY2(a.body.value(QStringLiteral("alive")).toBool(),
                 qPrintable(a.body.value(QStringLiteral("reason")).toString() + a.error));

        // Ending a stopped Xvnc takes SIGKILL after the 3 s grace: the agent answers others meanwhile.
        QCOMPARE(::kill(xvnc, SIGSTOP), 0);
        auto terminate = std::make_shared<AgentHarness::Answer>();
        h.send(verifier, MessageType::AgentTerminateSession, AgentHarness::idBody(id), terminate);
        QTest::qWait(300);
        loadAnswersQuickly(h, monitor, "TerminateSession waits for a stopped Xvnc");
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY_WITH_TIMEOUT(terminate->done, 10000);
        QVERIFY2(terminate->error.isEmpty(), qPrintable(terminate->error));
        QTRY_VERIFY(!Agent::DetachedProcess::isRunning(xvnc));
        QVERIFY(!QFile::exists(h.sessionFile(id, QStringLiteral("json"))));
        QVERIFY(h.agent()->running());
    }
};

QTEST_GUILESS_MAIN(TestSecurityAgentStall)
#include "tst_security_agent_stall.moc"
