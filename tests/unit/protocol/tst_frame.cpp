#include "shared/protocol/frame.h"

#include <QTest>

using Protocol::ParseStatus;

Q_DECLARE_METATYPE(Protocol::ParseStatus)

namespace {

QByteArray header(quint32 length)
{
    QByteArray bytes(4, Qt::Uninitialized);
    bytes[0] = static_cast<char>((length >> 24) & 0xff);
    bytes[1] = static_cast<char>((length >> 16) & 0xff);
    bytes[2] = static_cast<char>((length >> 8) & 0xff);
    bytes[3] = static_cast<char>(length & 0xff);
    return bytes;
}

} // namespace

class TestFrame final : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void encodeRoundTrip_data();
    void encodeRoundTrip();
    void consumesFramesInSequence();
};

void TestFrame::parse_data()
{
    QTest::addColumn<QByteArray>("buffer");
    QTest::addColumn<quint32>("maxSize");
    QTest::addColumn<ParseStatus>("status");
    QTest::addColumn<qsizetype>("consumed");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("errorContains");

    const quint32 max = Protocol::MaxFrameSize;
    QTest::newRow("empty") << QByteArray() << max << ParseStatus::Incomplete << qsizetype(0) << QByteArray()
                           << QString();
    QTest::newRow("incomplete header")
        << header(5).left(3) << max << ParseStatus::Incomplete << qsizetype(0) << QByteArray() << QString();
    QTest::newRow("header only") << header(5) << max << ParseStatus::Incomplete << qsizetype(0)
                                 << QByteArray() << QString();
    QTest::newRow("incomplete body") << header(5) + "abcd" << max << ParseStatus::Incomplete << qsizetype(0)
                                     << QByteArray() << QString();
    QTest::newRow("exact") << header(5) + "abcde" << max << ParseStatus::Ok << qsizetype(9)
                           << QByteArray("abcde") << QString();
    QTest::newRow("two frames in one buffer")
        << header(3) + "abc" + header(2) + "de" << max << ParseStatus::Ok << qsizetype(7) << QByteArray("abc")
        << QString();
    QTest::newRow("frame plus partial next") << header(1) + "x" + header(9).left(2) << max << ParseStatus::Ok
                                             << qsizetype(5) << QByteArray("x") << QString();
    QTest::newRow("zero length") << header(0) + "abc" << max << ParseStatus::Error << qsizetype(0)
                                 << QByteArray() << QStringLiteral("zero length");
    QTest::newRow("oversized, header only") << header(max + 1) << max << ParseStatus::Error << qsizetype(0)
                                            << QByteArray() << QStringLiteral("exceeds the limit");
    QTest::newRow("oversized, huge") << header(0xffffffffu) << max << ParseStatus::Error << qsizetype(0)
                                     << QByteArray() << QStringLiteral("exceeds the limit");
    QTest::newRow("small limit exceeded")
        << header(11) + QByteArray(11, 'a') << 10u << ParseStatus::Error << qsizetype(0) << QByteArray()
        << QStringLiteral("limit of 10 bytes");
    QTest::newRow("small limit exactly") << header(10) + QByteArray(10, 'a') << 10u << ParseStatus::Ok
                                         << qsizetype(14) << QByteArray(10, 'a') << QString();
    const QByteArray big(static_cast<qsizetype>(max), 'z');
    QTest::newRow("max size exactly")
        << header(max) + big << max << ParseStatus::Ok << qsizetype(max + 4) << big << QString();
    QTest::newRow("max size, one byte short")
        << header(max) + big.left(max - 1) << max << ParseStatus::Incomplete << qsizetype(0) << QByteArray()
        << QString();
}

void TestFrame::parse()
{
    QFETCH(QByteArray, buffer);
    QFETCH(quint32, maxSize);
    QFETCH(ParseStatus, status);
    QFETCH(qsizetype, consumed);
    QFETCH(QByteArray, payload);
    QFETCH(QString, errorContains);

    const Protocol::ParseResult result = Protocol::parseFrame(buffer, maxSize);
    QCOMPARE(result.status, status);
    // What a link asks before leaving a frame for later without parsing it.
    if (status != ParseStatus::Error)
        QCOMPARE(Protocol::frameIsWhole(buffer), status == ParseStatus::Ok);
    QCOMPARE(result.consumed, consumed);
    QCOMPARE(result.payload, payload);
    if (status == ParseStatus::Error) {
        QVERIFY2(result.error.contains(errorContains), qPrintable(result.error));
    } else {
        QVERIFY(result.error.isEmpty());
    }
}

void TestFrame::encodeRoundTrip_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("one byte") << QByteArray("x");
    QTest::newRow("binary") << QByteArray("\0\1\2\xff", 4);
    QTest::newRow("256 bytes") << QByteArray(256, 'q');
    QTest::newRow("70000 bytes") << QByteArray(70000, 'r');
}

void TestFrame::encodeRoundTrip()
{
    QFETCH(QByteArray, payload);
    const QByteArray frame = Protocol::encodeFrame(payload);
    QCOMPARE(frame.size(), payload.size() + 4);
    QCOMPARE(frame.left(4), header(static_cast<quint32>(payload.size())));
    const Protocol::ParseResult result = Protocol::parseFrame(frame);
    QCOMPARE(result.status, ParseStatus::Ok);
    QCOMPARE(result.consumed, frame.size());
    QCOMPARE(result.payload, payload);
}

void TestFrame::consumesFramesInSequence()
{
    const QList<QByteArray> payloads { "first", "second frame", "3" };
    QByteArray stream;
    for (const QByteArray &p : payloads)
        stream += Protocol::encodeFrame(p);
    // Feed one byte at a time: every prefix parses as Incomplete or as exactly the next frame.
    QList<QByteArray> got;
    QByteArray buffer;
    for (char c : std::as_const(stream)) {
        buffer.append(c);
        const Protocol::ParseResult r = Protocol::parseFrame(buffer);
        QVERIFY(r.status != ParseStatus::Error);
        if (r.status == ParseStatus::Ok) {
            got.append(r.payload);
            buffer.remove(0, r.consumed);
        }
    }
    QCOMPARE(got, payloads);
    QVERIFY(buffer.isEmpty());
}

QTEST_GUILESS_MAIN(TestFrame)
#include "tst_frame.moc"
