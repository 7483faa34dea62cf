#include "shared/metrics/endpoint.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using Metrics::Endpoint;
using Net::RefusalReason;

namespace {

// Everything the endpoint sends until it closes the connection (or timeoutMs pass).
QByteArray readUntilClosed(QTcpSocket *socket, int timeoutMs = 5000)
{
    QByteArray all;
    QElapsedTimer clock;
    clock.start();
    while (socket->state() != QAbstractSocket::UnconnectedState && clock.elapsed() < timeoutMs) {
        QTest::qWait(10); // the endpoint runs in this thread's event loop
        all += socket->readAll();
    }
    return all + socket->readAll();
}

// One complete answer (head and Content-Length bytes of body) from a kept-alive connection.
QByteArray readOneResponse(QTcpSocket *socket, int timeoutMs = 5000)
{
    QByteArray all;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        const qsizetype headEnd = all.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            const qsizetype at = all.indexOf("Content-Length: ");
            if (at >= 0) {
                const qsizetype length = all.mid(at + 16, all.indexOf("\r\n", at) - at - 16).toLongLong();
                if (all.size() >= headEnd + 4 + length)
                    return all;
            }
        }
        QTest::qWait(10);
        all += socket->readAll();
    }
    return all;
}

} // namespace

// The metrics listener over real sockets: what it serves, and what it refuses with which status.
class TestMetricsEndpoint final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Endpoint> start(Endpoint::Options options = {})
    {
        auto endpoint = std::make_unique<Endpoint>([] { return QByteArray("up 1\n"); }, options);
        QString error;
        if (!endpoint->listen(QHostAddress::LocalHost, 0, &error))
            qFatal("%s", qPrintable(error));
        return endpoint;
    }

    static std::unique_ptr<QTcpSocket> connectTo(const Endpoint &endpoint)
    {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, endpoint.serverPort());
        if (!socket->waitForConnected(3000))
            qFatal("cannot connect to the endpoint");
        return socket;
    }

    // Sends request on a new connection, returns everything until the endpoint closes.
    QByteArray exchange(const Endpoint &endpoint, const QByteArray &request)
    {
        auto socket = connectTo(endpoint);
        socket->write(request);
        return readUntilClosed(socket.get());
    }

private slots:
    void servesMetrics()
    {
        auto endpoint = start();
        auto socket = connectTo(*endpoint);
        socket->write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QByteArray answer;
        QTRY_VERIFY((answer += socket->readAll()).endsWith("up 1\n"));
        QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
        QVERIFY(answer.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
        QVERIFY(answer.contains("Content-Length: 5\r\n"));
        QVERIFY(answer.contains("Connection: keep-alive\r\n"));

        // Kept alive: a second scrape on the same connection.
        socket->write("GET /metrics HTTP/1.1\r\n\r\n");
        answer.clear();
        QTRY_VERIFY((answer += socket->readAll()).endsWith("up 1\n"));
        QCOMPARE(endpoint->scrapes(), quint64(2));
        QCOMPARE(endpoint->connections(), 1);
        QCOMPARE(endpoint->refusals().count(RefusalReason::BadRequest), quint64(0));
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        auto endpoint = start();
        auto socket = connectTo(*endpoint);
        socket->write("GET /metrics HTTP/1.1\r\n\r\nGET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n");
        QByteArray answer;
        QTRY_VERIFY((answer += socket->readAll()).count("HTTP/1.1 200 OK") == 2
                    || socket->state() == QAbstractSocket::UnconnectedState);
        answer += socket->readAll();
        QCOMPARE(answer.count("HTTP/1.1 200 OK"), 2);
        QVERIFY(answer.contains("Connection: close\r\n"));
        QTRY_COMPARE(socket->state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(endpoint->connections(), 0);
    }

    void refusesWithAClearStatus_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("statusLine");
        QTest::addColumn<QByteArray>("says");
        QTest::newRow("other path") << QByteArray("GET / HTTP/1.1\r\n\r\n")
                                    << QByteArray("HTTP/1.1 404 Not Found")
                                    << QByteArray("only GET /metrics");
        QTest::newRow("post") << QByteArray("POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                              << QByteArray("HTTP/1.1 405 Method Not Allowed") << QByteArray("method POST");
        QTest::newRow("head") << QByteArray("HEAD /metrics HTTP/1.1\r\n\r\n")
                              << QByteArray("HTTP/1.1 405 Method Not Allowed") << QByteArray("Allow: GET");
        QTest::newRow("garbage") << QByteArray("hello\r\n\r\n") << QByteArray("HTTP/1.1 400 Bad Request")
                                 << QByteArray("METHOD TARGET");
        QTest::newRow("body") << QByteArray("GET /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")
                              << QByteArray("HTTP/1.1 413 Content Too Large") << QByteArray("body");
        QTest::newRow("oversized head")
            << (QByteArray("GET /metrics HTTP/1.1\r\nCookie: ") + QByteArray(20000, 'x'))
            << QByteArray("HTTP/1.1 431 Request Header Fields Too Large")
            << QByteArray("longer than 8192 bytes");
        QTest::newRow("http/2") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
                                << QByteArray("HTTP/1.1 505 HTTP Version Not Supported")
                                << QByteArray("HTTP/1.1");
    }

    void refusesWithAClearStatus()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, statusLine);
        QFETCH(QByteArray, says);
        auto endpoint = start();
        const QByteArray answer = exchange(*endpoint, request);
        QVERIFY2(answer.startsWith(QByteArray(statusLine + "\r\n")), answer.left(200).constData());
        QVERIFY2(answer.contains(says), answer.left(400).constData());
        QVERIFY(answer.contains("Connection: close\r\n"));
        QCOMPARE(endpoint->refusals().count(RefusalReason::BadRequest), quint64(1));
        QCOMPARE(endpoint->scrapes(), quint64(0));
        QTRY_COMPARE(endpoint->connections(), 0);
    }

    void slowHeadTimesOut()
    {
        Endpoint::Options options;
        options.headerTimeoutMs = 300;
        auto endpoint = start(options);
        QElapsedTimer clock;
        clock.start();
        // Silent from the start, and a head that trickles in and never ends.
        auto silent = connectTo(*endpoint);
        auto slow = connectTo(*endpoint);
        slow->write("GET /metrics HTTP/1.1\r\n");
        QByteArray a, b;
        QTRY_VERIFY(silent->state() == QAbstractSocket::UnconnectedState
                    && slow->state() == QAbstractSocket::UnconnectedState);
        a = silent->readAll();
        b = slow->readAll();
        QVERIFY2(a.startsWith("HTTP/1.1 408 Request Timeout\r\n"), a.constData());
        QVERIFY2(b.startsWith("HTTP/1.1 408 Request Timeout\r\n"), b.constData());
        QVERIFY(clock.elapsed() < 3000);
        QCOMPARE(endpoint->refusals().count(RefusalReason::BadRequest), quint64(2));
        QTRY_COMPARE(endpoint->connections(), 0);
    }

    void idleConnectionIsClosed()
    {
        Endpoint::Options options;
        options.idleTimeoutMs = 300;
        auto endpoint = start(options);
        auto socket = connectTo(*endpoint);
        socket->write("GET /metrics HTTP/1.1\r\n\r\n");
        const QByteArray answer = readOneResponse(socket.get());
        QVERIFY(answer.endsWith("up 1\n"));
        // Then nothing: closed without an answer (it is not an error).
        QVERIFY(readUntilClosed(socket.get()).isEmpty());
        QCOMPARE(socket->state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(endpoint->connections(), 0);
        QCOMPARE(endpoint->refusals().count(RefusalReason::BadRequest), quint64(0));
    }

    void connectionCapAnswers503AndKeepsServing()
    {
        Endpoint::Options options;
        options.maxConnections = 3;
        auto endpoint = start(options);
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 3; ++i)
            held.push_back(connectTo(*endpoint));
        QTRY_COMPARE(endpoint->connections(), 3);
        const QByteArray refused = exchange(*endpoint, "GET /metrics HTTP/1.1\r\n\r\n");
        QVERIFY2(refused.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), refused.constData());
        QVERIFY(refused.contains("3 connections are open (the limit)"));
        QCOMPARE(endpoint->refusals().count(RefusalReason::ConnectionLimit), quint64(1));

        // One client going away makes room again: the daemon never stopped serving.
        held.pop_back();
        QTRY_COMPARE(endpoint->connections(), 2);
        const QByteArray served = exchange(*endpoint, "GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n");
        QVERIFY2(served.startsWith("HTTP/1.1 200 OK\r\n"), served.constData());
        QVERIFY(served.endsWith("up 1\n"));
    }

    void portInUseIsAClearError()
    {
        auto first = start();
        Endpoint second([] { return QByteArray(); });
        QString error;
        QVERIFY(!second.listen(QHostAddress::LocalHost, first->serverPort(), &error));
        QVERIFY2(
            error.contains(QStringLiteral("cannot listen on 127.0.0.1 port %1").arg(first->serverPort())),
            qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestMetricsEndpoint)
#include "tst_metricsendpoint.moc"
