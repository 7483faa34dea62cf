#include "backend/agent/displayallocator.h"

#include "backend/agent/detachedprocess.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

class TestDisplayAllocator : public QObject {
    Q_OBJECT

private:
    using PortState = Agent::DisplayAllocator::PortState;
    static constexpr PortState Free = PortState::Free;
    static constexpr PortState Busy = PortState::Busy;

    QTemporaryDir m_tmp;
    QString m_table; // an empty /proc/net/unix

    static PortState freePorts(int, QString *) { return Free; }

    void touch(const QString &rel)
    {
        QDir().mkpath(QFileInfo(m_tmp.filePath(rel)).absolutePath());
        QFile f(m_tmp.filePath(rel));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }

    // An X server's lock file: its pid as X writes it ("%10d\n").
    void writeLock(int display, qint64 pid)
    {
        QFile f(m_tmp.filePath(QStringLiteral(".X%1-lock").arg(display)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::number(pid).rightJustified(10, ' ') + '\n');
    }

    // A pid that was a process's and is no more: taken while it ran, then killed and reaped.
    static qint64 endedPid()
    {
        QProcess ended;
        ended.start(QStringLiteral("sleep"), { QStringLiteral("30") });
        if (!ended.waitForStarted())
            return 0;
        const qint64 pid = ended.processId();
        ended.kill();
        ended.waitForFinished();
        return pid;
    }

    bool exists(const QString &rel) const { return QFileInfo::exists(m_tmp.filePath(rel)); }

private slots:
    void init()
    {
        QDir(m_tmp.path()).removeRecursively();
        QDir().mkpath(m_tmp.path());
        m_table = m_tmp.filePath(QStringLiteral("unix"));
        touch(QStringLiteral("unix"));
    }

    void lowestFree()
    {
        Agent::DisplayAllocator a(10, 20, 5900, m_tmp.path());
        a.setPortCheck(freePorts);
        a.setUnixSocketTable(m_table);
        QString error;
        QCOMPARE(a.allocate({}, &error), 10);
        QCOMPARE(a.allocate({ 10, 11 }, &error), 12);
    }

    void skipsSocketsAndLocks()
    {
        touch(QStringLiteral(".X11-unix/X10")); // display 10's socket
        touch(QStringLiteral(".X11-lock")); // display 11's lock
        Agent::DisplayAllocator a(10, 20, 5900, m_tmp.path());
        a.setPortCheck(freePorts);
        a.setUnixSocketTable(m_table);
        QString error;
        QCOMPARE(a.allocate({}, &error), 12);
        touch(QStringLiteral(".X11-unix/X12"));
        QCOMPARE(a.allocate({}, &error), 13);
        QCOMPARE(a.allocate({ 13 }, &error), 14);
        QVERIFY(!a.isFree(10, {}));
        QVERIFY(!a.isFree(9, {}));
        QVERIFY(!a.isFree(21, {}));
        QVERIFY(a.isFree(20, {}));
    }

    // An X server killed with SIGKILL leaves its lock and socket: allocate() removes both and
    // gives the display out again, and says so. A lock of a running process, a lock naming no
    // pid, a FIFO or a symbolic link under the lock's name, and a socket without a lock hold
    // their display; isFree() removes nothing.
    void staleLocksAreRemoved()
    {
        const qint64 gone = endedPid();
        QVERIFY(gone > 0);
        writeLock(10, gone);
        touch(QStringLiteral(".X11-unix/X10"));
        writeLock(11, QCoreApplication::applicationPid());
        touch(QStringLiteral(".X12-lock"));
        QCOMPARE(::mkfifo(QFile::encodeName(m_tmp.filePath(QStringLiteral(".X13-lock"))).constData(), 0644),
                 0);
        writeLock(99, gone);
        QVERIFY(QFile::link(m_tmp.filePath(QStringLiteral(".X99-lock")),
                            m_tmp.filePath(QStringLiteral(".X14-lock"))));
        touch(QStringLiteral(".X11-unix/X15"));

        QCOMPARE(Agent::DisplayAllocator::lockOwner(m_tmp.filePath(QStringLiteral(".X10-lock"))), gone);
        QCOMPARE(Agent::DisplayAllocator::lockOwner(m_tmp.filePath(QStringLiteral(".X12-lock"))), 0);
        QCOMPARE(Agent::DisplayAllocator::lockOwner(m_tmp.filePath(QStringLiteral(".X13-lock"))), 0);
        QCOMPARE(Agent::DisplayAllocator::lockOwner(m_tmp.filePath(QStringLiteral(".X14-lock"))), 0);
        QCOMPARE(Agent::DisplayAllocator::lockOwner(m_tmp.filePath(QStringLiteral(".X16-lock"))), 0);

        Agent::DisplayAllocator a(10, 20, 5900, m_tmp.path());
        a.setPortCheck(freePorts);
        a.setUnixSocketTable(m_table);
        QVERIFY(!a.isFree(10, {}));
        QVERIFY(exists(QStringLiteral(".X10-lock")));
        QString error;
        QStringList reclaimed;
        QCOMPARE(a.allocate({}, &error, &reclaimed), 10);
        QVERIFY(!exists(QStringLiteral(".X10-lock")));
        QVERIFY(!exists(QStringLiteral(".X11-unix/X10")));
        QCOMPARE(reclaimed.size(), 1);
        QVERIFY2(reclaimed.first().contains(QStringLiteral("display :10"))
                     && reclaimed.first().contains(QString::number(gone)),
                 qPrintable(reclaimed.first()));
        // A killed server not yet reaped by its parent (a zombie) has gone as well.
        const pid_t zombie = ::fork();
        if (zombie == 0)
            ::_exit(0);
        QVERIFY(zombie > 0);
        QTRY_VERIFY(Agent::DetachedProcess::status(zombie) == Agent::ProcessStatus::Gone);
        writeLock(16, zombie);
        reclaimed.clear();
        QCOMPARE(a.allocate({ 10 }, &error, &reclaimed), 16);
        ::waitpid(zombie, nullptr, 0);
        QCOMPARE(reclaimed.size(), 1);
        QVERIFY2(reclaimed.first().contains(QStringLiteral("display :16")), qPrintable(reclaimed.first()));
        reclaimed.clear();
        QCOMPARE(a.allocate({ 10, 16 }, &error, &reclaimed), 17);
        QVERIFY2(reclaimed.isEmpty(), qPrintable(reclaimed.join(QLatin1Char('\n'))));
        for (const char *held :
             { ".X11-lock", ".X12-lock", ".X13-lock", ".X14-lock", ".X99-lock", ".X11-unix/X15" })
            QVERIFY2(exists(QString::fromLatin1(held)), held);
    }

    void skipsBusyPorts()
    {
        Agent::DisplayAllocator a(10, 20, 5900, m_tmp.path());
        a.setPortCheck([](int port, QString *) { return port >= 5915 ? Free : Busy; });
        a.setUnixSocketTable(m_table);
        QString error;
        QCOMPARE(a.allocate({}, &error), 15);
    }

    void realPortCheck()
    {
        QTcpServer busy;
        QVERIFY(busy.listen(QHostAddress::LocalHost, 0));
        QVERIFY(!Agent::DisplayAllocator::portIsFree(busy.serverPort()));
        const int port = busy.serverPort();
        busy.close();
        QVERIFY(Agent::DisplayAllocator::portIsFree(port));
        // A display whose VNC port is taken is skipped.
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        const int base = taken.serverPort() - 1;
        Agent::DisplayAllocator a(1, 2, base, m_tmp.path());
        a.setUnixSocketTable(m_table);
        QString error;
        QCOMPARE(a.allocate({}, &error), 2);
    }

    void skipsPortsTakenOnIpv6Loopback()
    {
        // Xvnc -localhost listens on ::1 as well: a port held there only is not free either.
        QTcpServer v6;
        if (!v6.listen(QHostAddress::LocalHostIPv6, 0))
            QSKIP("no IPv6 loopback on this host");
        QCOMPARE(Agent::DisplayAllocator::portState(v6.serverPort(), nullptr), Busy);
        Agent::DisplayAllocator a(1, 2, v6.serverPort() - 1, m_tmp.path());
        a.setUnixSocketTable(m_table);
        QString error;
        QCOMPARE(a.allocate({}, &error), 2);
    }

    void abstractSockets_data()
    {
        QTest::addColumn<QByteArray>("table");
        QTest::addColumn<QList<int>>("displays");
        const QByteArray header = "Num       RefCount Protocol Flags    Type St Inode Path\n";
        QTest::newRow("none") << header << QList<int> {};
        QTest::newRow("abstract X sockets") << header
                + "0000000000000000: 00000002 00000000 00010000 0001 01 31207 @/tmp/.X11-unix/X12\n"
                  "0000000000000000: 00000002 00000000 00010000 0001 01 31208 @/tmp/.X11-unix/X0\n"
                                            << QList<int> { 0, 12 };
        QTest::newRow("file sockets are checked on disk, not here")
            << header + "0000000000000000: 00000002 00000000 00010000 0001 01 31209 /tmp/.X11-unix/X13\n"
            << QList<int> {};
        QTest::newRow("other abstract sockets") << header
                + "0000000000000000: 00000002 00000000 00010000 0001 01 31210 @/tmp/dbus-XYZ\n"
                  "0000000000000000: 00000002 00000000 00010000 0001 01 31211 @/tmp/.X11-unix/Xfoo\n"
                                                << QList<int> {};
    }
    void abstractSockets()
    {
        QFETCH(QByteArray, table);
        QFETCH(QList<int>, displays);
        QList<int> found = Agent::DisplayAllocator::abstractX11Displays(table).values();
        std::sort(found.begin(), found.end());
        QCOMPARE(found, displays);
    }

    void skipsAbstractSockets()
    {
        QFile table(m_table);
        QVERIFY(table.open(QIODevice::WriteOnly));
        table.write("0000000000000000: 00000002 00000000 00010000 0001 01 1 @/tmp/.X11-unix/X10\n");
        table.close();
        Agent::DisplayAllocator a(10, 20, 5900, m_tmp.path());
        a.setPortCheck(freePorts);
        a.setUnixSocketTable(m_table);
        QString error;
        QCOMPARE(a.allocate({}, &error), 11);
    }

    void uncheckableIsAnErrorNotNoFreeDisplay()
    {
        Agent::DisplayAllocator a(10, 20, 5900, m_tmp.path());
        a.setUnixSocketTable(m_table);
        a.setPortCheck([](int port, QString *why) {
            *why = QStringLiteral("cannot check whether VNC port %1 is free: Too many open files").arg(port);
            return PortState::Unknown;
        });
        QString error;
        QCOMPARE(a.allocate({}, &error), -1);
        QVERIFY2(error.contains(QStringLiteral("Too many open files"))
                     && !error.contains(QStringLiteral("no free")),
                 qPrintable(error));
        a.setPortCheck(freePorts);
        a.setUnixSocketTable(m_tmp.filePath(QStringLiteral("missing")));
        QCOMPARE(a.allocate({}, &error), -1);
        QVERIFY2(error.contains(m_tmp.filePath(QStringLiteral("missing"))), qPrintable(error));
    }

    void exhausted()
    {
        Agent::DisplayAllocator a(10, 12, 5900, m_tmp.path());
        a.setPortCheck(freePorts);
        a.setUnixSocketTable(m_table);
        QString error;
        QCOMPARE(a.allocate({ 10, 11, 12 }, &error), -1);
        QVERIFY2(error.contains(QStringLiteral("no free display"))
                     && error.contains(QStringLiteral("display_max")),
                 qPrintable(error));
        Agent::DisplayAllocator empty(20, 10, 5900, m_tmp.path());
        empty.setUnixSocketTable(m_table);
        QCOMPARE(empty.allocate({}, &error), -1);
        QVERIFY2(error.contains(QStringLiteral("display_min")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestDisplayAllocator)
#include "tst_displayallocator.moc"
