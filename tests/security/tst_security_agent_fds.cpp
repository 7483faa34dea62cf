#include "tests/integration/support/testuser.h"
#include "tests/security/agentharness.h"

#include "shared/vnc/rfbclient.h"

#include <QCborArray>
#include <QDir>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

#include <sys/resource.h>

using Protocol::MessageType;

namespace {

// The lowest descriptor number pid does not use: with RLIMIT_NOFILE set to it, every open(),
// socket() and accept() of pid fails with EMFILE, as when it has used up its descriptors.
int lowestFreeFd(qint64 pid)
{
    const QStringList used = QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                                 .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System);
    QSet<int> numbers;
    for (const QString &fd : used)
        numbers.insert(fd.toInt());
    int n = 0;
    while (numbers.contains(n))
        ++n;
    return n;
}

// Runs another process out of file descriptors by lowering its RLIMIT_NOFILE to what it holds
// now (prlimit(2), as prlimit --pid PID --nofile=N does); restores the old limit when it dies.
class FdStarvation {
public:
    explicit FdStarvation(qint64 pid) : m_pid(static_cast<pid_t>(pid))
    {
        rlimit starved {};
        if (::prlimit(m_pid, RLIMIT_NOFILE, nullptr, &m_saved) != 0)
            return;
        starved.rlim_cur = static_cast<rlim_t>(lowestFreeFd(pid));
        starved.rlim_max = m_saved.rlim_max;
        m_ok = ::prlimit(m_pid, RLIMIT_NOFILE, &starved, nullptr) == 0;
    }
    ~FdStarvation() { restore(); }
    bool ok() const { return m_ok; }
    void restore()
    {
        if (m_ok)
            ::prlimit(m_pid, RLIMIT_NOFILE, &m_saved, nullptr);
        m_ok = false;
    }

private:
    pid_t m_pid;
    rlimit m_saved {};
    bool m_ok = false;
};

bool listed(const AgentHarness::Answer &a, const QString &id)
{
    const QCborArray sessions = a.body.value(QStringLiteral("sessions")).toArray();
    for (const QCborValue &s : sessions) {
        if (s.toMap().value(QStringLiteral("id")).toString() == id)
            return true;
    }
    return false;
}

} // namespace

// Issue: "with the agent out of fds, unreadable /proc entries were taken as 'Xvnc is gone' and
// the records and password files of three live sessions were deleted." A session is gone only
// on positive evidence; an error reading /proc is logged, never a reason to delete state.
class TestSecurityAgentFds : public QObject {
    Q_OBJECT

    // Out of descriptors (every accept() and /proc read fails with EMFILE): every path that asks
    // whether Xvnc still runs says it cannot tell, and nothing live is dropped.
    void checkWhileStarved(AgentHarness &h, const QPointer<Protocol::Link> &link, const QString &id,
                           const QCborMap &session, const QString &userName)
    {
        const QString record = h.sessionFile(id, QStringLiteral("json"));
        const QString passwordFile = h.sessionFile(id, QStringLiteral("passwd"));
        AgentHarness::Answer a;
        FdStarvation starved(h.agent()->pid());
        QVERIFY(starved.ok());
        // A new connection now waits in the backlog: every accept() fails with EMFILE.
        QTcpSocket waiting;
        waiting.connectToHost(QStringLiteral("127.0.0.1"), h.port());
        QVERIFY(waiting.waitForConnected(5000));
        // Every path that asks whether Xvnc still runs, while /proc cannot be opened.
        a = h.request(link, MessageType::AgentListSessions);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QVERIFY2(listed(a, id), "a live session vanished from ListSessions while out of descriptors");
        a = h.request(link, MessageType::AgentLoad);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QCOMPARE(a.body.value(QStringLiteral("sessions")).toInteger(), 1);
        // Where clients reach the agent does not turn into a guess either.
        QCOMPARE(a.body.value(QStringLiteral("agent_hostname")).toString(),
                 session.value(QStringLiteral("agent_hostname")).toString());
        a = h.request(link, MessageType::AgentVerifySession, AgentHarness::idBody(id));
        QVERIFY2(a.body.value(QStringLiteral("alive")).toBool(true),
                 "VerifySession called a live session dead because /proc could not be read");
        QVERIFY2(a.error.contains(QStringLiteral("Too many open files"))
                     && a.error.contains(QStringLiteral("kept")),
                 qPrintable(a.error));
        a = h.request(link, MessageType::AgentReconnectSession, AgentHarness::idBody(id));
        QVERIFY2(a.error.contains(QStringLiteral("Too many open files"))
                     && !a.error.contains(QStringLiteral("no longer running")),
                 qPrintable(a.error));
        // A new session cannot be started, and the agent says why: a failed user lookup is
        // not "no such user".
        a = h.startSession(link, QStringLiteral("fds-2"), userName);
        QVERIFY2(a.error.contains(QStringLiteral("Too many open files"))
                     && !a.error.contains(QStringLiteral("unknown user")),
                 qPrintable(a.error));
        // The periodic watch (every 5 s) runs at least once meanwhile.
        QTest::qWait(6000);
        a = h.request(link, MessageType::AgentListSessions);
        QVERIFY2(listed(a, id), "the watch dropped a live session while out of descriptors");
        QVERIFY(QFile::exists(record));
        QVERIFY(QFile::exists(passwordFile));
        QVERIFY(h.agent()->running());
    }

private slots:
    void initTestCase()
    {
        const QString missing = AgentHarness::missing();
        if (!missing.isEmpty())
            QSKIP(qPrintable(missing));
    }

    void liveSessionsSurviveRunningOutOfDescriptors()
    {
        TestUser user(QStringLiteral("ovsfd"));
        QVERIFY2(user.ok(), qPrintable(user.error()));
        AgentHarness h(this);
        QString error;
        QVERIFY2(h.setUp(600, &error), qPrintable(error));
        QVERIFY2(h.start(&error), qPrintable(error));
        QPointer<Protocol::Link> link = h.connect(&error);
        QVERIFY2(link, qPrintable(error));

        const QString id = QStringLiteral("fds-1");
        AgentHarness::Answer a = h.startSession(link, id, user.name());
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        const QCborMap session = AgentHarness::session(a);
        const QByteArray password = session.value(QStringLiteral("password")).toByteArray();
        const auto vncPort = quint16(session.value(QStringLiteral("vnc_port")).toInteger());
        const QString record = h.sessionFile(id, QStringLiteral("json"));
        const QString passwordFile = h.sessionFile(id, QStringLiteral("passwd"));
        QVERIFY(QFile::exists(record) && QFile::exists(passwordFile));

        checkWhileStarved(h, link, id, session, user.name());
        if (QTest::currentTestFailed())
            return;

        // Descriptors back: everything is still there and works.
        QVERIFY(QFile::exists(record));
        QVERIFY(QFile::exists(passwordFile));
        const QString log = h.log();
        QVERIFY2(log.contains(QStringLiteral("cannot tell whether session %1").arg(id)), qPrintable(log));
        const QRegularExpression ended(QStringLiteral("session %1 of [^\\n]*has ended").arg(id));
        QVERIFY2(!log.contains(ended), qPrintable(log));
        QPointer<Protocol::Link> fresh = h.connect(&error);
        QVERIFY2(fresh, qPrintable(error));
        a = h.request(fresh, MessageType::AgentListSessions);
        QVERIFY2(listed(a, id), qPrintable(a.error));
        a = h.request(fresh, MessageType::AgentVerifySession, AgentHarness::idBody(id));
        QVERIFY2(a.body.value(QStringLiteral("alive")).toBool(),
                 qPrintable(a.body.value(QStringLiteral("reason")).toString() + a.error));
        a = h.request(fresh, MessageType::AgentReconnectSession, AgentHarness::idBody(id));
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QCOMPARE(AgentHarness::session(a).value(QStringLiteral("password")).toByteArray(), password);
        const Vnc::RfbLoginResult login
            = Vnc::RfbClient::loginTcp(QStringLiteral("127.0.0.1"), vncPort, password, 10000);
        QVERIFY2(login.ok, qPrintable(login.error));

        a = h.request(fresh, MessageType::AgentTerminateSession, AgentHarness::idBody(id));
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QVERIFY(!QFile::exists(record));
        QVERIFY(!QFile::exists(passwordFile));
        QVERIFY(h.agent()->running());
    }
};

QTEST_GUILESS_MAIN(TestSecurityAgentFds)
#include "tst_security_agent_fds.moc"
