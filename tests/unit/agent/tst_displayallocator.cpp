#include "displayallocator.h"

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

class TestDisplayAllocator : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    void touch(const QString &rel)
    {
        QDir().mkpath(QFileInfo(m_tmp.filePath(rel)).absolutePath());
        QFile f(m_tmp.filePath(rel));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }

private slots:
    void init()
    {
        QDir(m_tmp.path()).removeRecursively();
        QDir().mkpath(m_tmp.path());
    }

    void lowestFree()
    {
        Agent::DisplayAllocator a(10, 20, 5900, m_tmp.path());
        a.setPortCheck([](int) { return true; });
        QString error;
        QCOMPARE(a.allocate({}, &error), 10);
        QCOMPARE(a.allocate({ 10, 11 }, &error), 12);
    }

    void skipsSocketsAndLocks()
    {
        touch(QStringLiteral(".X11-unix/X10")); // display 10's socket
        touch(QStringLiteral(".X11-lock")); // display 11's lock
        Agent::DisplayAllocator a(10, 20, 5900, m_tmp.path());
        a.setPortCheck([](int) { return true; });
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

    void skipsBusyPorts()
    {
        Agent::DisplayAllocator a(10, 20, 5900, m_tmp.path());
        a.setPortCheck([](int port) { return port >= 5915; });
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
        QString error;
        QCOMPARE(a.allocate({}, &error), 2);
    }

    void exhausted()
    {
        Agent::DisplayAllocator a(10, 12, 5900, m_tmp.path());
        a.setPortCheck([](int) { return true; });
        QString error;
        QCOMPARE(a.allocate({ 10, 11, 12 }, &error), -1);
        QVERIFY2(error.contains(QStringLiteral("no free display"))
                     && error.contains(QStringLiteral("display_max")),
                 qPrintable(error));
        Agent::DisplayAllocator empty(20, 10, 5900, m_tmp.path());
        QCOMPARE(empty.allocate({}, &error), -1);
        QVERIFY2(error.contains(QStringLiteral("display_min")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestDisplayAllocator)
#include "tst_displayallocator.moc"
