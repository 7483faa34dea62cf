// Agent::SystemdScope: under systemd, a session's processes start through systemd-run --scope
// (and setpriv for the user switch), so they live outside vsmagent.service's control group.
#include "backend/agent/session.h"
#include "backend/agent/systemdscope.h"

#include <QTest>

class TestSystemdScope : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // As when the agent is not a systemd service (available() decides once).
    void initTestCase() { qunsetenv("INVOCATION_ID"); }

    void wrapsInScopeThenSwitchesUser()
    {
        Agent::SpawnSpec spec;
        spec.program = QStringLiteral("/bin/true");
        spec.arguments = { QStringLiteral(":10"), QStringLiteral("-geometry"), QStringLiteral("1024x768") };
        spec.environment = { QStringLiteral("HOME=/home/alice") };
        spec.switchUser = true;
        spec.uid = 1001;
        spec.gid = 1002;
        spec.logFile = QStringLiteral("/tmp/xvnc.log");
        const Agent::SpawnSpec w = Agent::SystemdScope::wrap(
            spec, QStringLiteral("openvsm-session-s1-xvnc.scope"), QStringLiteral("openvsm-u1001.slice"),
            QStringLiteral("OpenVSM session s1"), QStringLiteral("/usr/bin/systemd-run"),
            QStringLiteral("/usr/bin/setpriv"));
        QCOMPARE(w.program, QStringLiteral("/usr/bin/systemd-run"));
        const QStringList expected { QStringLiteral("--scope"),
                                     QStringLiteral("--quiet"),
                                     QStringLiteral("--collect"),
                                     QStringLiteral("--unit=openvsm-session-s1-xvnc.scope"),
                                     QStringLiteral("--slice=openvsm-u1001.slice"),
                                     QStringLiteral("--description=OpenVSM session s1"),
                                     QStringLiteral("--"),
                                     QStringLiteral("/usr/bin/setpriv"),
                                     QStringLiteral("--reuid=1001"),
                                     QStringLiteral("--regid=1002"),
                                     QStringLiteral("--init-groups"),
                                     QStringLiteral("--"),
                                     QStringLiteral("/bin/true"),
                                     QStringLiteral(":10"),
                                     QStringLiteral("-geometry"),
                                     QStringLiteral("1024x768") };
        QCOMPARE(w.arguments, expected);
        // Root until the scope exists; the environment, log and folder stay the session's.
        QVERIFY(!w.switchUser);
        QCOMPARE(w.environment, spec.environment);
        QCOMPARE(w.logFile, spec.logFile);
    }

    void programFromPathIsResolvedFirst()
    {
        Agent::SpawnSpec spec;
        spec.program = QStringLiteral("sh");
        const Agent::SpawnSpec w = Agent::SystemdScope::wrap(
            spec, QStringLiteral("u.scope"), QStringLiteral("s.slice"), QStringLiteral("d"),
            QStringLiteral("/x/systemd-run"), QStringLiteral("/x/setpriv"));
        QVERIFY(w.arguments.last().endsWith(QStringLiteral("/sh")));
        QVERIFY(!w.arguments.contains(QStringLiteral("/x/setpriv"))); // no user switch asked for
        spec.program = QStringLiteral("openvsm-no-such-program");
        QCOMPARE(Agent::SystemdScope::wrap(spec, QStringLiteral("u.scope"), QStringLiteral("s.slice"),
                                           QStringLiteral("d"), QStringLiteral("/x/systemd-run"),
                                           QStringLiteral("/x/setpriv"))
                     .program,
                 spec.program);
    }

    void namesAndFallback()
    {
        Agent::Session session;
        session.id = QStringLiteral("a1b2-c3");
        session.uid = 1001;
        QCOMPARE(Agent::SystemdScope::unitName(session, QStringLiteral("desktop")),
                 QStringLiteral("openvsm-session-a1b2-c3-desktop.scope"));
        QCOMPARE(Agent::SystemdScope::sliceName(1001), QStringLiteral("openvsm-u1001.slice"));
        // Not a systemd service (no INVOCATION_ID): the spec is left as it is.
        Agent::SpawnSpec spec;
        spec.program = QStringLiteral("/bin/true");
        spec.switchUser = true;
        QVERIFY(!Agent::SystemdScope::available());
        const Agent::SpawnSpec placed = Agent::SystemdScope::place(spec, session, QStringLiteral("xvnc"));
        QCOMPARE(placed.program, spec.program);
        QVERIFY(placed.switchUser);
    }
};

QTEST_GUILESS_MAIN(TestSystemdScope)
#include "tst_systemdscope.moc"
