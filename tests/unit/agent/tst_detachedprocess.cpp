#include "backend/agent/detachedprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

class TestDetachedProcess : public QObject {
    Q_OBJECT

private slots:
    void spawnRunsAndStops()
    {
        QTemporaryDir dir;
        Agent::SpawnSpec spec;
        spec.program = QStringLiteral("sh");
        spec.arguments = { QStringLiteral("-c"), QStringLiteral("echo hello $GREETING; pwd; exec sleep 30") };
        spec.environment = { QStringLiteral("GREETING=world") };
        spec.workingDirectory = dir.path();
        spec.logFile = dir.filePath(QStringLiteral("log"));
        QString error;
        const pid_t pid = Agent::DetachedProcess::spawn(spec, &error);
        QVERIFY2(pid > 0, qPrintable(error));
        QVERIFY(Agent::DetachedProcess::isRunning(pid));
        QVERIFY(Agent::DetachedProcess::startTime(pid).has_value());
        // Not our child: it was handed to init (or the nearest subreaper).
        QTRY_COMPARE(Agent::DetachedProcess::commandLine(pid).value(0), QStringLiteral("sleep"));
        QTRY_VERIFY(
            Agent::DetachedProcess::lastLines(spec.logFile, 5).contains(QStringLiteral("hello world")));
        QVERIFY(Agent::DetachedProcess::lastLines(spec.logFile, 5).contains(dir.path()));
        QCOMPARE(::getpgid(pid), pid); // its own process group
        QVERIFY(::getsid(pid) != ::getsid(0));
        QVERIFY(Agent::DetachedProcess::stop(pid, 2000));
        QVERIFY(!Agent::DetachedProcess::isRunning(pid));
    }

    void stopEscalatesToKill()
    {
        Agent::SpawnSpec spec;
        spec.program = QStringLiteral("sh");
        spec.arguments = { QStringLiteral("-c"), QStringLiteral("trap '' TERM; while :; do sleep 1; done") };
        QString error;
        const pid_t pid = Agent::DetachedProcess::spawn(spec, &error);
        QVERIFY2(pid > 0, qPrintable(error));
        QTest::qWait(200);
        QVERIFY(Agent::DetachedProcess::stop(pid, 300));
        QVERIFY(!Agent::DetachedProcess::isRunning(pid));
    }

    void noInheritedDescriptors()
    {
        const int leaky = ::open("/dev/null", O_RDONLY); // deliberately without O_CLOEXEC
        QVERIFY(leaky >= 0);
        Agent::SpawnSpec spec;
        spec.program = QStringLiteral("sleep");
        spec.arguments = { QStringLiteral("30") };
        QString error;
        const pid_t pid = Agent::DetachedProcess::spawn(spec, &error);
        ::close(leaky);
        QVERIFY2(pid > 0, qPrintable(error));
        // sleep itself opens files for a moment as it starts (its libraries, then its locale), so
        // a listing may show only 0, 1 and 2 and the next one a file of its own again, where an
        // inherited descriptor would stay open all along: passes on the first listing without one.
        const auto fds = [pid] {
            const QString dir = QStringLiteral("/proc/%1/fd").arg(pid);
            QStringList list = QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System);
            list.sort();
            for (QString &fd : list) {
                if (fd.toInt() > 2) // name what leaked
                    fd += QStringLiteral(" -> ") + QFile::symLinkTarget(dir + QLatin1Char('/') + fd);
            }
            return list;
        };
        const QStringList onlyStandard { QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2") };
        QStringList seen;
        QDeadlineTimer deadline(5000);
        while ((seen = fds()) != onlyStandard && !deadline.hasExpired())
            QTest::qWait(20);
        QVERIFY2(seen == onlyStandard, qPrintable(seen.join(QStringLiteral(", "))));
        QVERIFY(Agent::DetachedProcess::stop(pid, 2000));
    }

    void missingProgram()
    {
        Agent::SpawnSpec spec;
        spec.program = QStringLiteral("no-such-program-xyz");
        QString error;
        QCOMPARE(Agent::DetachedProcess::spawn(spec, &error), pid_t(-1));
        QVERIFY2(error.contains(QStringLiteral("not installed")), qPrintable(error));
        spec.program = QStringLiteral("/nonexistent/prog");
        QCOMPARE(Agent::DetachedProcess::spawn(spec, &error), pid_t(-1));
        QVERIFY2(error.contains(QStringLiteral("/nonexistent/prog")), qPrintable(error));
    }

    void execFailureReported()
    {
        QTemporaryDir dir;
        const QString script = dir.filePath(QStringLiteral("bad"));
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x7f"
                "ELFgarbage");
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        Agent::SpawnSpec spec;
        spec.program = script;
        QString error;
        QCOMPARE(Agent::DetachedProcess::spawn(spec, &error), pid_t(-1));
        QVERIFY2(error.contains(QStringLiteral("cannot execute")), qPrintable(error));
    }

    void switchesUser()
    {
        if (::getuid() != 0)
            QSKIP("needs root: switches to the nobody account");
        Agent::SpawnSpec spec;
        spec.program = QStringLiteral("sleep");
        spec.arguments = { QStringLiteral("30") };
        spec.switchUser = true;
        spec.uid = 65534;
        spec.gid = 65534;
        spec.userName = "nobody";
        QString error;
        const pid_t pid = Agent::DetachedProcess::spawn(spec, &error);
        QVERIFY2(pid > 0, qPrintable(error));
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        QVERIFY(status.open(QIODevice::ReadOnly));
        const QByteArray text = status.readAll();
        QVERIFY2(text.contains("Uid:\t65534\t65534\t65534\t65534"), text.constData());
        QVERIFY2(text.contains("Gid:\t65534\t65534\t65534\t65534"), text.constData());
        QVERIFY(Agent::DetachedProcess::stop(pid, 2000));
    }
};

QTEST_GUILESS_MAIN(TestDetachedProcess)
#include "tst_detachedprocess.moc"
