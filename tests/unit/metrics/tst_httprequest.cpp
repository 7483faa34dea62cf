#include "shared/metrics/httprequest.h"

#include <QTest>

using Metrics::HttpParse;
using Metrics::parseHttpRequest;

Q_DECLARE_METATYPE(HttpParse::Status)

// The request-head parser of the metrics endpoint: a pure function over bytes.
class TestHttpRequest final : public QObject {
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<HttpParse::Status>("status");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<bool>("keepAlive");
        using S = HttpParse::Status;
        QTest::newRow("prometheus") << QByteArray(
            "GET /metrics HTTP/1.1\r\nHost: localhost:9003\r\nUser-Agent: Prometheus/2.42.0\r\n"
            "Accept: text/plain;version=0.0.4\r\nAccept-Encoding: gzip\r\n\r\n")
                                    << S::Ok << 0 << QByteArray("/metrics") << true;
        QTest::newRow("query ignored") << QByteArray("GET /metrics?x=1 HTTP/1.1\r\n\r\n") << S::Ok << 0
                                       << QByteArray("/metrics") << true;
        QTest::newRow("LF only") << QByteArray("GET /metrics HTTP/1.1\nHost: a\n\n") << S::Ok << 0
                                 << QByteArray("/metrics") << true;
        QTest::newRow("leading empty lines") << QByteArray("\r\n\r\nGET /metrics HTTP/1.1\r\n\r\n") << S::Ok
                                             << 0 << QByteArray("/metrics") << true;
        QTest::newRow("connection close") << QByteArray("GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n")
                                          << S::Ok << 0 << QByteArray("/metrics") << false;
        QTest::newRow("http/1.0") << QByteArray("GET /metrics HTTP/1.0\r\n\r\n") << S::Ok << 0
                                  << QByteArray("/metrics") << false;
        QTest::newRow("http/1.0 keep-alive")
            << QByteArray("GET /metrics HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << S::Ok << 0
            << QByteArray("/metrics") << true;
        QTest::newRow("other path parses") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                                           << S::Ok << 0 << QByteArray("/x") << true;
        QTest::newRow("empty") << QByteArray() << S::Incomplete << 0 << QByteArray() << true;
        QTest::newRow("half a head") << QByteArray("GET /metrics HTTP/1.1\r\nHost: a\r\n") << S::Incomplete
                                     << 0 << QByteArray() << true;
        QTest::newRow("no version") << QByteArray("GET /metrics\r\n\r\n") << S::Error << 400 << QByteArray()
                                    << true;
        QTest::newRow("two spaces") << QByteArray("GET  /metrics HTTP/1.1\r\n\r\n") << S::Error << 400
                                    << QByteArray() << true;
        QTest::newRow("binary") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15)
                                << S::Error << 400 << QByteArray() << true;
        QTest::newRow("http/2 preface")
            << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << S::Error << 505 << QByteArray() << true;
        QTest::newRow("bad header") << QByteArray("GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n")
                                    << S::Error << 400 << QByteArray() << true;
        QTest::newRow("space before colon") << QByteArray("GET /metrics HTTP/1.1\r\nHost : a\r\n\r\n")
                                            << S::Error << 400 << QByteArray() << true;
        QTest::newRow("body") << QByteArray("GET /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")
                              << S::Error << 413 << QByteArray() << true;
        QTest::newRow("chunked") << QByteArray("GET /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << S::Error << 413 << QByteArray() << true;
        QTest::newRow("bad length") << QByteArray("GET /metrics HTTP/1.1\r\nContent-Length: x\r\n\r\n")
                                    << S::Error << 400 << QByteArray() << true;
        QTest::newRow("too long, unfinished")
            << (QByteArray("GET /metrics HTTP/1.1\r\nX: ") + QByteArray(300, 'a')) << S::Error << 431
            << QByteArray() << true;
        QTest::newRow("too long, finished")
            << (QByteArray("GET /metrics HTTP/1.1\r\nX: ") + QByteArray(300, 'a') + "\r\n\r\n") << S::Error
            << 431 << QByteArray() << true;
        QTest::newRow("endless empty lines")
            << QByteArray(400, '\n') << S::Error << 431 << QByteArray() << true;
    }

    void parse()
    {
        QFETCH(QByteArray, input);
        QFETCH(HttpParse::Status, status);
        QFETCH(int, httpStatus);
        QFETCH(QByteArray, path);
        QFETCH(bool, keepAlive);
        const HttpParse p = parseHttpRequest(input, 256);
        QCOMPARE(p.status, status);
        QCOMPARE(p.httpStatus, httpStatus);
        if (status == HttpParse::Status::Error)
            QVERIFY2(!p.error.isEmpty(), "an error says what was wrong");
        if (status == HttpParse::Status::Ok) {
            QCOMPARE(p.request.path(), path);
            QCOMPARE(p.request.keepAlive, keepAlive);
            QVERIFY(p.consumed > 0 && p.consumed <= input.size());
        }
    }

    void pipelinedRequestsAreConsumedOneByOne()
    {
        const QByteArray two("GET /metrics HTTP/1.1\r\n\r\nGET /other HTTP/1.1\r\n\r\n");
        const HttpParse first = parseHttpRequest(two, 8192);
        QCOMPARE(first.status, HttpParse::Status::Ok);
        QCOMPARE(first.request.path(), QByteArray("/metrics"));
        const HttpParse second = parseHttpRequest(two.mid(first.consumed), 8192);
        QCOMPARE(second.status, HttpParse::Status::Ok);
        QCOMPARE(second.request.path(), QByteArray("/other"));
        QCOMPARE(first.consumed + second.consumed, two.size());
    }
};

QTEST_GUILESS_MAIN(TestHttpRequest)
#include "tst_httprequest.moc"
