#include "vnc/rfbprobe.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>

namespace {

struct Result {
    bool done = false;
    bool ok = false;
    QString reason;
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
                             [&r](bool ok, const QString &reason) {
                                 r.done = true;
                                 r.ok = ok;
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
        QCOMPARE(r.ok, ok);
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
        QVERIFY(!r.ok);
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
                                 [&r](bool ok, const QString &reason) {
                                     r.done = true;
                                     r.ok = ok;
                                     r.reason = reason;
                                 });
        // A probe of a healthy server meanwhile answers at once, not after the silent ones.
        const Result quick = probe(good.port(), 1000);
        QVERIFY(quick.ok);
        QVERIFY2(clock.elapsed() < 800, qPrintable(QString::number(clock.elapsed())));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(results.cbegin(), results.cend(), [](const Result &r) { return r.done; }), 5000);
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        for (const Result &r : std::as_const(results))
            QVERIFY(!r.ok);
    }

    void noCallbackAfterContextIsGone()
    {
        Greeter silent({});
        bool called = false;
        auto *context = new QObject;
        Vnc::RfbProbe::start(QStringLiteral("127.0.0.1"), silent.port(), 200, context,
                             [&called](bool, const QString &) { called = true; });
        QTest::qWait(50);
        delete context;
        QTest::qWait(400);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestRfbProbe)
#include "tst_rfbprobe.moc"
