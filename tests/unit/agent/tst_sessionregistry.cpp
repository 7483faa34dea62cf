#include "backend/agent/detachedprocess.h"
#include "backend/agent/session.h"
#include "backend/agent/sessionregistry.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

namespace {

// Uses up this process' file descriptors (soft limit lowered, the rest filled with /dev/null);
// gives them back when it dies.
class FdExhaustion {
public:
    FdExhaustion()
    {
        ::getrlimit(RLIMIT_NOFILE, &m_saved);
        rlimit low = m_saved;
        low.rlim_cur = 256;
        ::setrlimit(RLIMIT_NOFILE, &low);
        for (;;) {
            const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                m_exhausted = errno == EMFILE;
                break;
            }
            m_fds.push_back(fd);
        }
    }
    ~FdExhaustion()
    {
        for (int fd : m_fds)
            ::close(fd);
        ::setrlimit(RLIMIT_NOFILE, &m_saved);
    }
    bool exhausted() const { return m_exhausted; }

private:
    rlimit m_saved {};
    std::vector<int> m_fds;
    bool m_exhausted = false;
};

} // namespace

class TestSessionRegistry : public QObject {
    Q_OBJECT

private:
    static Agent::Session sample()
    {
        Agent::Session s;
        s.id = QStringLiteral("0b6f3c1e-2a44-4c55-9a1b-1234567890ab");
        s.user = QStringLiteral("alice");
        s.uid = 1001;
        s.gid = 1001;
        s.display = 12;
        s.vncPort = 5912;
        s.pid = 4242;
        s.pidStartTime = 123456789012ULL;
        s.xvncProgram = QStringLiteral("/usr/bin/Xvnc");
        s.sessionPid = 4250;
        s.geometry = QStringLiteral("1024x768");
        s.command = QStringLiteral("firefox");
        s.created = 1764000000;
        s.passwordFile = QStringLiteral("/x/y.passwd");
        s.xauthFile = QStringLiteral("/x/y.xauth");
        return s;
    }

private slots:
    void ids_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("valid");
        QTest::newRow("uuid") << QStringLiteral("0b6f3c1e-2a44-4c55-9a1b-1234567890ab") << true;
        QTest::newRow("short") << QStringLiteral("s1") << true;
        QTest::newRow("dots inside") << QStringLiteral("a.b_c") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("leading dot") << QStringLiteral(".hidden") << false;
        QTest::newRow("dotdot") << QStringLiteral("..") << false;
        QTest::newRow("slash") << QStringLiteral("a/b") << false;
        QTest::newRow("blank") << QStringLiteral("a b") << false;
        QTest::newRow("too long") << QString(65, QLatin1Char('a')) << false;
        QTest::newRow("64") << QString(64, QLatin1Char('a')) << true;
    }
    void ids()
    {
        QFETCH(QString, id);
        QFETCH(bool, valid);
        QCOMPARE(Agent::Session::isValidId(id), valid);
    }

    void jsonRoundTrip()
    {
        const Agent::Session s = sample();
        Agent::Session back;
        QString error;
        QVERIFY2(Agent::Session::fromJson(s.toJson(), &back, &error), qPrintable(error));
        QCOMPARE(back.toJson(), s.toJson());
        QCOMPARE(back.pidStartTime, s.pidStartTime);
        QCOMPARE(back.sessionPid, s.sessionPid);
        QJsonObject broken = s.toJson();
        broken.remove(QStringLiteral("pid"));
        QVERIFY(!Agent::Session::fromJson(broken, &back, &error));
        QVERIFY(error.contains(s.id));
    }

    void infoCarriesNoSecrets()
    {
        const QCborMap info = sample().toInfo(QStringLiteral("10.0.0.5")).toCbor();
        QCOMPARE(info.value(QStringLiteral("agent_hostname")).toString(), QStringLiteral("10.0.0.5"));
        QCOMPARE(info.value(QStringLiteral("vnc_port")).toInteger(), 5912);
        QCOMPARE(info.value(QStringLiteral("display")).toInteger(), 12);
        QCOMPARE(info.value(QStringLiteral("uid")).toInteger(), 1001);
        QVERIFY(!info.contains(QStringLiteral("password")));
        QVERIFY(!info.contains(QStringLiteral("password_file")));
    }

    void adoptDropsDeadAndBroken()
    {
        QTemporaryDir dir;
        ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
        const QString sessions = dir.filePath(QStringLiteral("sessions"));
        Agent::SessionRegistry registry(sessions);
        QString error;
        QVERIFY2(registry.open(&error), qPrintable(error));
        struct stat st { };
        QCOMPARE(::stat(QFile::encodeName(sessions).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0711u);
        // A session whose Xvnc is not running (pid of a process that is certainly not Xvnc).
        Agent::Session dead = sample();
        dead.pid = ::getpid();
        dead.sessionPid = 0;
        dead.passwordFile = registry.filePath(dead.id, QStringLiteral("passwd"));
        QVERIFY2(registry.add(dead, &error), qPrintable(error));
        QFile pw(dead.passwordFile);
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.close();
        QCOMPARE(::stat(QFile::encodeName(registry.recordPath(dead.id)).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QFile junk(registry.recordPath(QStringLiteral("junk")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("{ not json");
        junk.close();
        Agent::SessionRegistry again(sessions);
        QVERIFY(again.open(&error));
        const QStringList dropped = again.adopt();
        QCOMPARE(dropped.size(), 2);
        QVERIFY(again.all().isEmpty());
        QVERIFY(!QFile::exists(registry.recordPath(dead.id)));
        QVERIFY(!QFile::exists(dead.passwordFile));
        QVERIFY(!QFile::exists(registry.recordPath(QStringLiteral("junk"))));
    }

    void keepsWhatItCannotCheck()
    {
        // A stand-in Xvnc for display 12: argv ".../Xvnc :12 -f" (tail following a file ":12").
        QTemporaryDir dir;
        ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
        const QString fake = dir.filePath(QStringLiteral("Xvnc"));
        QVERIFY(QFile::link(QStringLiteral("/usr/bin/tail"), fake));
        QFile follow(dir.path() + QStringLiteral("/:12"));
        QVERIFY(follow.open(QIODevice::WriteOnly));
        follow.close();
        Agent::SpawnSpec spec;
        spec.program = fake;
        spec.arguments = { QStringLiteral(":12"), QStringLiteral("-f") };
        spec.workingDirectory = dir.path();
        QString error;
        Agent::Session live = sample();
        live.pid = Agent::DetachedProcess::spawn(spec, &error);
        QVERIFY2(live.pid > 0, qPrintable(error));
        live.pidStartTime = Agent::DetachedProcess::startTime(live.pid).value_or(0);
        live.xvncProgram = fake;
        live.sessionPid = 0;
        QCOMPARE(Agent::SessionRegistry::xvncStatus(live), Agent::ProcessStatus::Running);

        const QString sessions = dir.filePath(QStringLiteral("sessions"));
        Agent::SessionRegistry registry(sessions);
        QVERIFY2(registry.open(&error), qPrintable(error));
        live.passwordFile = registry.filePath(live.id, QStringLiteral("passwd"));
        QVERIFY2(registry.add(live, &error), qPrintable(error));
        QFile pw(live.passwordFile);
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.close();

        Agent::SessionRegistry again(sessions);
        QVERIFY(again.open(&error));
        QStringList dropped;
        QString why;
        Agent::ProcessStatus status = Agent::ProcessStatus::Running;
        {
            FdExhaustion noFds;
            QVERIFY(noFds.exhausted());
            // Out of file descriptors, /proc cannot be read: that is not "Xvnc is gone".
            status = Agent::SessionRegistry::xvncStatus(live, &why);
            dropped = again.adopt();
        }
        QCOMPARE(status, Agent::ProcessStatus::Unknown);
        QVERIFY2(why.contains(QStringLiteral("Too many open files")), qPrintable(why));
        QVERIFY(dropped.isEmpty());
        QVERIFY(QFile::exists(registry.recordPath(live.id)));
        QVERIFY(QFile::exists(live.passwordFile));
        // With descriptors back, the record is read and the session found.
        QVERIFY(again.adoptDeferred().isEmpty());
        QVERIFY(again.find(live.id).has_value());
        QVERIFY(again.deferred().isEmpty());
        QCOMPARE(Agent::SessionRegistry::xvncStatus(live), Agent::ProcessStatus::Running);

        // Positive evidence still ends it: gone, or the pid is another program now.
        QVERIFY(Agent::DetachedProcess::stop(live.pid, 2000));
        QCOMPARE(Agent::SessionRegistry::xvncStatus(live, &why), Agent::ProcessStatus::Gone);
        QVERIFY2(why.contains(QString::number(live.pid)), qPrintable(why));
        Agent::Session other = live;
        other.pid = ::getpid();
        other.pidStartTime = 0;
        QCOMPARE(Agent::SessionRegistry::xvncStatus(other, &why), Agent::ProcessStatus::Gone);
    }

    void refusesUnsearchableParent()
    {
        if (::getuid() != 0)
            QSKIP("needs root: the check is for the root agent handing files to users");
        QTemporaryDir dir; // 0700
        Agent::SessionRegistry registry(dir.filePath(QStringLiteral("sessions")));
        QString error;
        QVERIFY(!registry.open(&error));
        QVERIFY2(error.contains(QStringLiteral("chmod o+x ") + dir.path()), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSessionRegistry)
#include "tst_sessionregistry.moc"
