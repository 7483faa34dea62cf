#include "shared/protocol/message.h"

#include <QCborArray>
#include <QCborStreamWriter>
#include <QCborValue>
#include <QTest>
#include <QUrl>

using Protocol::Message;
using Protocol::MessageType;

Q_DECLARE_METATYPE(Protocol::MessageType)

namespace {

QByteArray cbor(const QCborMap &map)
{
    return map.toCborValue().toCbor();
}

QCborMap base()
{
    QCborMap map;
    map.insert(QStringLiteral("t"), 101);
    map.insert(QStringLiteral("i"), 7);
    return map;
}

QCborMap with(const QString &key, const QCborValue &value)
{
    QCborMap map = base();
    map.insert(key, value);
    return map;
}

// {"t": 1, "b": {"k0": 0, ..., "k<keys - 1>": 0, <repeated>: 1}}, written key by key (a QCborMap
// would hold each key once): a body of more keys than the check keeps in place.
QByteArray bodyWithKeys(int keys, const QString &repeated)
{
    QByteArray payload;
    QCborStreamWriter w(&payload);
    w.startMap(2);
    w.append(QLatin1String("t"));
    w.append(1);
    w.append(QLatin1String("b"));
    w.startMap(static_cast<quint64>(keys + (repeated.isEmpty() ? 0 : 1)));
    for (int i = 0; i < keys; ++i) {
        w.append(QStringLiteral("k%1").arg(i));
        w.append(0);
    }
    if (!repeated.isEmpty()) {
        w.append(repeated);
        w.append(1);
    }
    w.endMap();
    w.endMap();
    return payload;
}

// {"t": 1, "b": {"x": [[...[{"d": 0, "d": 1}]...]]}}: the map with the repeated key nested in
// depth arrays.
QByteArray repeatedKeyNestedIn(int depth)
{
    QByteArray payload("\xa2\x61t\x01\x61\x62\xa1\x61x");
    payload += QByteArray(depth, '\x81');
    payload += QByteArray("\xa2\x61\x64\x00\x61\x64\x01", 7);
    return payload;
}

} // namespace

class TestMessage final : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void decode_data();
    void decode();
    void plainBodiesStayEncoded();
    void replyHelpers();
};

void TestMessage::roundTrip_data()
{
    QTest::addColumn<MessageType>("type");
    QTest::addColumn<quint32>("id");
    QTest::addColumn<bool>("reply");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QCborMap>("body");

    QCborMap nested;
    nested.insert(QStringLiteral("user"), QStringLiteral("anna"));
    nested.insert(QStringLiteral("display"), 12);
    nested.insert(QStringLiteral("list"), QCborArray { 1, QStringLiteral("two"), true });
    nested.insert(QStringLiteral("bytes"), QByteArray("\0\1\2", 3));

    QTest::newRow("hello, empty") << MessageType::Hello << 0u << false << QString() << QCborMap();
    QTest::newRow("request with body")
        << MessageType::AgentStartSession << 42u << false << QString() << nested;
    QTest::newRow("reply") << MessageType::AgentListSessions << 43u << true << QString() << nested;
    QTest::newRow("error reply") << MessageType::AgentTerminateSession << 0xffffffffu << true
                                 << QStringLiteral("no such session: ÅÄÖ") << QCborMap();
    QTest::newRow("unknown type number kept")
        << static_cast<MessageType>(65535) << 1u << false << QString() << QCborMap();
}

void TestMessage::roundTrip()
{
    QFETCH(MessageType, type);
    QFETCH(quint32, id);
    QFETCH(bool, reply);
    QFETCH(QString, error);
    QFETCH(QCborMap, body);

    Message m;
    m.type = type;
    m.id = id;
    m.reply = reply;
    m.error = error;
    m.body = body;
    QString why;
    const std::optional<Message> back = Message::decode(m.encode(), &why);
    QVERIFY2(back, qPrintable(why));
    QCOMPARE(back->type, type);
    QCOMPARE(back->id, id);
    QCOMPARE(back->reply, reply);
    QCOMPARE(back->error, error);
    QCOMPARE(back->body, body);
    QCOMPARE(back->isError(), !error.isEmpty());
}

void TestMessage::decode_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("errorContains"); // empty: must decode

    QTest::newRow("minimal") << cbor(base()) << QString();
    QTest::newRow("only a type") << cbor(QCborMap { { QStringLiteral("t"), 1 } }) << QString();
    QTest::newRow("unknown key ignored")
        << cbor(with(QStringLiteral("zz"), QStringLiteral("future"))) << QString();
    QTest::newRow("empty payload") << QByteArray() << QStringLiteral("malformed CBOR");
    QTest::newRow("garbage") << QByteArray("\xff\xfe\xfd garbage") << QStringLiteral("malformed CBOR");
    QTest::newRow("truncated")
        << cbor(with(QStringLiteral("b"), QCborMap { { QStringLiteral("k"), 1 } })).chopped(2)
        << QStringLiteral("malformed CBOR");
    QTest::newRow("trailing bytes") << cbor(base()) + QByteArray("\x01") << QStringLiteral("trailing");
    QTest::newRow("array, not map") << QCborValue(QCborArray { 1, 2 }).toCbor()
                                    << QStringLiteral("not a CBOR map");
    QTest::newRow("integer, not map") << QCborValue(5).toCbor() << QStringLiteral("not a CBOR map");
    QTest::newRow("type missing") << cbor(QCborMap { { QStringLiteral("i"), 1 } }) << QStringLiteral("\"t\"");
    QTest::newRow("type is text") << cbor(with(QStringLiteral("t"), QStringLiteral("1")))
                                  << QStringLiteral("\"t\"");
    QTest::newRow("type negative") << cbor(with(QStringLiteral("t"), -1)) << QStringLiteral("\"t\"");
    QTest::newRow("type too big") << cbor(with(QStringLiteral("t"), 65536)) << QStringLiteral("\"t\"");
    QTest::newRow("type is float") << cbor(with(QStringLiteral("t"), 1.5)) << QStringLiteral("\"t\"");
    QTest::newRow("id is text") << cbor(with(QStringLiteral("i"), QStringLiteral("7")))
                                << QStringLiteral("\"i\"");
    QTest::newRow("id negative") << cbor(with(QStringLiteral("i"), -7)) << QStringLiteral("\"i\"");
    QTest::newRow("id too big") << cbor(with(QStringLiteral("i"), qint64(1) << 32))
                                << QStringLiteral("\"i\"");
    QTest::newRow("reply is int") << cbor(with(QStringLiteral("r"), 1)) << QStringLiteral("\"r\"");
    QTest::newRow("error is int") << cbor(with(QStringLiteral("e"), 1)) << QStringLiteral("\"e\"");
    QTest::newRow("body is array") << cbor(with(QStringLiteral("b"), QCborArray { 1 }))
                                   << QStringLiteral("\"b\"");
    // {"t": 101, "t": 3}: readers disagree on which copy counts, so neither does.
    QTest::newRow("duplicate key") << QByteArray("\xa2\x61t\x18\x65\x61t\x03") << QStringLiteral("twice");
    // {"t": 301, "b": {"changes": [{"updated": 4, "updated": 5}]}}
    QTest::newRow("duplicate key deep in the body")
        << QByteArray("\xa2\x61t\x19\x01\x2d\x61\x62\xa1\x67"
                      "changes\x81\xa2\x67updated\x04\x67updated\x05")
        << QStringLiteral("\"updated\" twice");
    // {"t": 1, "b": {7: 0, 7: 1}}
    QTest::newRow("integer key twice")
        << QByteArray("\xa2\x61t\x01\x61\x62\xa2\x07\x00\x07\x01", 11) << QStringLiteral("key 7 twice");
    // {"t": 1, "b": {-1: 0, h'01': 0, -1: 1}}
    QTest::newRow("negative integer key twice, apart")
        << QByteArray("\xa2\x61t\x01\x61\x62\xa3\x20\x00\x41\x01\x00\x20\x01", 14)
        << QStringLiteral("key -1 twice");
    // {"t": 1, "b": {h'01': 0, h'01': 1}}: neither text nor integer.
    QTest::newRow("byte string key twice")
        << QByteArray("\xa2\x61t\x01\x61\x62\xa2\x41\x01\x00\x41\x01\x01", 13) << QStringLiteral("twice");
    // {"t": 1, "b": {"7": 0, 7: 0, h'37': 0, 7.0: 0}}: alike to a reader, four keys on the wire.
    QTest::newRow("text, integer, bytes and float keys that look alike")
        << QByteArray("\xa2\x61t\x01\x61\x62\xa4\x61\x37\x00\x07\x00\x41\x37\x00\xf9\x47\x00\x00", 19)
        << QString();
    // {"t": 1, "b": {NaN: 0, -NaN(payload): 0}}: two keys until encoded, one after.
    QTest::newRow("NaN keys that encode the same")
        << QByteArray("\xa2\x61t\x01\x61\x62\xa2\xfb\x7f\xf8\0\0\0\0\0\0\0\xfb\xff\xff\0\0\0\0\0\0\0", 27)
        << QStringLiteral("twice");
    // {"t": 1, "b": {7: 0, 7: 1}}, the second 7 in two bytes (0x18 0x07): the same key.
    QTest::newRow("integer key twice, once in a longer encoding")
        << QByteArray("\xa2\x61t\x01\x61\x62\xa2\x07\x00\x18\x07\x01", 12) << QStringLiteral("key 7 twice");
    // {"t": 1, "b": {"ab": 0, (_ "a", "b"): 1}}: the second "ab" in two chunks.
    QTest::newRow("text key twice, once in chunks")
        << QByteArray("\xa2\x61t\x01\x61\x62\xa2\x62\x61\x62\x00\x7f\x61\x61\x61\x62\xff\x01", 18)
        << QStringLiteral("\"ab\" twice");
    QTest::newRow("40 distinct keys") << bodyWithKeys(40, QString()) << QString();
    QTest::newRow("key twice among 40")
        << bodyWithKeys(40, QStringLiteral("k23")) << QStringLiteral("\"k23\" twice");
    QTest::newRow("key twice in a map 10 arrays deep")
        << repeatedKeyNestedIn(10) << QStringLiteral("\"d\" twice");
    QTest::newRow("key twice in a map 100 arrays deep")
        << repeatedKeyNestedIn(100) << QStringLiteral("\"d\" twice");
    // {"t": 1, "b": {"x": 1000({"d": 0, "d": 1})}}: in a tagged value too.
    QTest::newRow("key twice in a tagged map")
        << QByteArray("\xa2\x61t\x01\x61\x62\xa1\x61x\xd9\x03\xe8\xa2\x61\x64\x00\x61\x64\x01", 19)
        << QStringLiteral("\"d\" twice");
    QTest::newRow("body is text") << cbor(with(QStringLiteral("b"), QStringLiteral("x")))
                                  << QStringLiteral("\"b\"");
}

void TestMessage::decode()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, errorContains);

    QString why;
    const std::optional<Message> m = Message::decode(payload, &why);
    if (errorContains.isEmpty()) {
        QVERIFY2(m, qPrintable(why));
        QVERIFY(why.isEmpty());
    } else {
        QVERIFY(!m);
        QVERIFY2(why.contains(errorContains), qPrintable(why));
    }
}

// What our encoders write (text in ASCII, no tags, definite lengths) is read from its bytes and
// its body kept as them, for the typed messages to read; anything else is decoded through a
// QCborValue. Either way the body is the map that was sent.
void TestMessage::plainBodiesStayEncoded()
{
    const QCborMap plain { { QStringLiteral("user"), QStringLiteral("anna") },
                           { QStringLiteral("display"), 12 },
                           { QStringLiteral("list"), QCborArray { 1, QStringLiteral("two"), true } } };
    QCborMap beyondAscii = plain;
    beyondAscii.insert(QStringLiteral("user"), QStringLiteral("jürgen"));
    QCborMap tagged = plain;
    tagged.insert(QStringLiteral("url"), QCborValue(QUrl(QStringLiteral("https://example.com/"))));
    const struct {
        QCborMap body;
        QString error;
        bool encoded;
    } cases[] = { { plain, QString(), true },
                  { plain, QStringLiteral("refused"), true },
                  { plain, QStringLiteral("refusé"), false },
                  { beyondAscii, QString(), false },
                  { tagged, QString(), false } };
    for (const auto &c : cases) {
        Message m;
        m.type = MessageType::ClientGetSession;
        m.id = 7;
        m.error = c.error;
        m.body = c.body;
        QString why;
        const std::optional<Message> back = Message::decode(m.encode(), &why);
        QVERIFY2(back, qPrintable(why));
        QCOMPARE(back->body.isEncoded(), c.encoded);
        QCOMPARE(back->body.map(), c.body);
        QCOMPARE(back->body.value(QStringLiteral("display")), QCborValue(12));
        QCOMPARE(back->error, c.error);
        QCOMPARE(back->id, 7u);
    }
}

void TestMessage::replyHelpers()
{
    Message request;
    request.type = MessageType::AgentLoad;
    request.id = 99;
    const Message ok = Message::replyTo(request, QCborMap { { QStringLiteral("users"), 3 } });
    QCOMPARE(ok.type, MessageType::AgentLoad);
    QCOMPARE(ok.id, 99u);
    QVERIFY(ok.reply);
    QVERIFY(!ok.isError());
    QCOMPARE(ok.body.value(QStringLiteral("users")).toInteger(), 3);

    const Message failed = Message::errorReplyTo(request, QStringLiteral("display range exhausted"));
    QCOMPARE(failed.id, 99u);
    QVERIFY(failed.reply);
    QCOMPARE(failed.error, QStringLiteral("display range exhausted"));
    QVERIFY(failed.isError());
}

QTEST_GUILESS_MAIN(TestMessage)
#include "tst_message.moc"
