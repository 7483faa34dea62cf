// The fixtures' process control (processcontrol.h, DaemonProcess): a daemon that ended is
// reported with its log and never signalled (QProcess::processId() is 0 then, and ::kill(0, ...)
// signals the caller's whole process group), and what a daemon sends to its own process group
// never reaches the test.
#include "tests/integration/support/daemonprocess.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

namespace {

volatile sig_atomic_t hangups = 0;

void countHangup(int)
{
    hangups = hangups + 1;
}

// Fields 5 and 6 of /proc/PID/stat: process group and session.
QPair<qint64, qint64> groupAndSession(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return { -1, -1 };
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return { fields.value(2).toLongLong(), fields.value(3).toLongLong() };
}

} // namespace

class TestProcessControl : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    bool writeProgram(const char *name, const QByteArray &script)
    {
        QFile f(m_dir.filePath(QStringLiteral("bin/") + QLatin1String(name)));
        return f.open(QIODevice::WriteOnly) && f.write(script) == script.size()
            && f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }

    QString root(const char *name) const
    {
        const QString path = m_dir.filePath(QLatin1String(name));
        QDir().mkpath(path);
        return path;
    }

private slots:
    void initTestCase()
    {
        // A process group of its own: should a check below regress and signal pid 0, only this
        // test gets the SIGHUP, and counts it, instead of CTest and whatever launched it.
        QCOMPARE(::setpgid(0, 0), 0);
        struct sigaction hup { };
        hup.sa_handler = countHangup;
        sigemptyset(&hup.sa_mask);
        QCOMPARE(::sigaction(SIGHUP, &hup, nullptr), 0);
        // Stand-ins for vsmserver and vsmagent: DaemonProcess runs $OPENVSM_BUILD_BIN/PROGRAM.
        QVERIFY(m_dir.isValid() && QDir().mkpath(m_dir.filePath(QStringLiteral("bin"))));
        QVERIFY(writeProgram("exits", "#!/bin/sh\necho 'exits at once'\nexit 3\n"));
        QVERIFY(writeProgram("hangsup",
                             "#!/bin/sh\ntrap '' HUP\nkill -HUP 0\necho 'sent SIGHUP to its "
                             "process group'\nexec sleep 60\n"));
        qputenv("OPENVSM_BUILD_BIN", m_dir.filePath(QStringLiteral("bin")).toLocal8Bit());
    }

    void endedProcessIsNotSignalled()
    {
        QProcess p;
        p.start(QStringLiteral("true"), QStringList());
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.processId(), 0); // what ::kill(p.processId(), ...) turned into a group signal
        QVERIFY(!TestSupport::signalProcess(p, SIGHUP));
        QTest::qWait(100);
        QCOMPARE(int(hangups), 0);
    }

    void deadDaemonIsReportedNotSignalled()
    {
        TestSupport::DaemonProcess d(QStringLiteral("exits"), root("exits"));
        QVERIFY(d.start());
        QCOMPARE(d.waitForExit(10000), 3);
        QVERIFY(d.died());
        QVERIFY(!d.signal(SIGHUP));
        QVERIFY(!d.stop(SIGTERM));
        const QString why = d.diagnosis();
        QVERIFY2(why.contains(QStringLiteral("exited with code 3")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("exits at once")), qPrintable(why));
        QTest::qWait(100);
        QCOMPARE(int(hangups), 0);
    }

    void daemonHasItsOwnSession()
    {
        TestSupport::DaemonProcess d(QStringLiteral("hangsup"), root("hangsup"));
        QVERIFY(d.start());
        QTRY_VERIFY2(d.log().contains(QStringLiteral("sent SIGHUP to its process group")),
                     qPrintable(d.diagnosis()));
        const auto [group, session] = groupAndSession(d.pid());
        QCOMPARE(group, d.pid());
        QCOMPARE(session, d.pid());
        QVERIFY(group != ::getpgrp());
        QTest::qWait(100);
        QCOMPARE(int(hangups), 0);
        QVERIFY(!d.died());
        QVERIFY(d.signal(0)); // it runs, and signal 0 only checks that
        QVERIFY2(d.stop(SIGTERM), qPrintable(d.diagnosis()));
        QVERIFY(!d.died());
    }
};

QTEST_GUILESS_MAIN(TestProcessControl)
#include "tst_processcontrol.moc"
