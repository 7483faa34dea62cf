#include "shared/vnc/rfbprobe.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace {

using Outcome = Vnc::RfbProbe::Outcome;

struct Result {
    bool done = false;
    Outcome outcome = Outcome::NoBanner;
    QString reason;
    bool ok() const { return outcome == Outcome::Banner; }
};

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
            if (fd < 0)
                break;
            m_fds.push_back(fd);
        }
    }
    ~FdExhaustion()
    {
        for (int fd : m_fds)
            ::close(fd);
        ::setrlimit(RLIMIT_NOFILE, &m_saved);
    }

private:
    rlimit m_saved {};
    std::vector<int> m_fds;
};

// A loopback server that greets each connection with greeting (nothing when empty).
class Greeter {
public:
    explicit Greeter(QByteArray greeting) : m_greeting(std::move(greeting))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                if (!m_greeting.isEmpty())
                    s->write(m_greeting);
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
    QByteArray m_greeting;
};

} // namespace

// Vnc::RfbProbe: the RFB banner check that never blocks the event loop.
class TestRfbProbe : public QObject {
    Q_OBJECT

private:
    Result probe(quint16 port, int timeoutMs)
    {
        Result r;
        Vnc::RfbProbe::start(QStringLiteral("127.0.0.1"), port, timeoutMs, this,
                             [&r](Outcome outcome, const QString &reason) {
                                 r.done = true;
                                 r.outcome = outcome;
                                 r.reason = reason;
                             });
        // Asynchronous: nothing has happened yet.
        if (r.done)
            r.reason = QStringLiteral("test: called from inside start()");
        QElapsedTimer clock;
        clock.start();
        while (!r.done && clock.elapsed() < timeoutMs + 5000)
            QTest::qWait(10);
        if (!r.done)
            r.reason = QStringLiteral("test: no answer");
        return r;
    }

private slots:
    void outcomes_data()
    {
        QTest::addColumn<QByteArray>("greeting");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("reason");
        QTest::newRow("rfb 3.8") << QByteArray("RFB 003.008\n") << true << QString();
        QTest::newRow("rfb 3.3") << QByteArray("RFB 003.003\n") << true << QString();
        QTest::newRow("not rfb") << QByteArray("SSH-2.0-OpenSSH\r\n") << false
                                 << QStringLiteral("not a VNC server");
        QTest::newRow("silent") << QByteArray() << false
                                << QStringLiteral("sent no RFB banner within 300 ms");
    }
    void outcomes()
    {
        QFETCH(QByteArray, greeting);
        QFETCH(bool, ok);
        QFETCH(QString, reason);
        Greeter server(greeting);
        const Result r = probe(server.port(), 300);
        QCOMPARE(r.ok(), ok);
        QVERIFY2(r.reason.contains(reason), qPrintable(r.reason));
    }

    void nothingListening()
    {
        const quint16 port = [] {
            QTcpServer s;
            s.listen(QHostAddress::LocalHost, 0);
            return s.serverPort();
        }();
        const Result r = probe(port, 2000);
        QVERIFY(!r.ok());
        QVERIFY2(r.reason.contains(QStringLiteral("nothing answers")), qPrintable(r.reason));
    }

    void manySilentServersDelayNothing()
    {
        Greeter silent({});
        Greeter good("RFB 003.008\n");
        QList<Result> results(10);
        QElapsedTimer clock;
        clock.start();
        for (Result &r : results)
            Vnc::RfbProbe::start(QStringLiteral("127.0.0.1"), silent.port(), 1000, this,
                                 [&r](Outcome outcome, const QString &reason) {
                                     r.done = true;
                                     r.outcome = outcome;
                                     r.reason = reason;
                                 });
        // A probe of a healthy server meanwhile answers at once, not after the silent ones.
        const Result quick = probe(good.port(), 1000);
        QVERIFY(quick.ok());
        QVERIFY2(clock.elapsed() < 800, qPrintable(QString::number(clock.elapsed())));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(results.cbegin(), results.cend(), [](const Result &r) { return r.done; }), 5000);
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        for (const Result &r : std::as_const(results))
            QVERIFY(!r.ok());
    }

    void cannotAskIsNotNoBanner()
    {
        // Out of descriptors the probe cannot make a socket: that says nothing about the server.
        Greeter good("RFB 003.008\n");
        Result r;
        {
            FdExhaustion noFds;
            Vnc::RfbProbe::start(QStringLiteral("127.0.0.1"), good.port(), 1000, this,
                                 [&r](Outcome outcome, const QString &reason) {
                                     r.done = true;
                                     r.outcome = outcome;
                                     r.reason = reason;
                                 });
            QElapsedTimer clock;
            clock.start();
            while (!r.done && clock.elapsed() < 3000)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        }
        QVERIFY(r.done);
        QCOMPARE(r.outcome, Outcome::CannotAsk);
        QVERIFY2(r.reason.contains(QString::number(good.port())), qPrintable(r.reason));
    }

    void noCallbackAfterContextIsGone()
    {
        Greeter silent({});
        bool called = false;
        auto *context = new QObject;
        Vnc::RfbProbe::start(QStringLiteral("127.0.0.1"), silent.port(), 200, context,
                             [&called](Outcome, const QString &) { called = true; });
        QTest::qWait(50);
        delete context;
        QTest::qWait(400);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestRfbProbe)
#include "tst_rfbprobe.moc"
