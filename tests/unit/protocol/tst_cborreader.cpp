#include "shared/protocol/body.h"
#include "shared/protocol/cborreader.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamWriter>
#include <QCborValue>
#include <QTest>

#include <algorithm>
#include <functional>
#include <limits>

using Protocol::Body;
using Protocol::CborItem;
using Protocol::CborMapReader;

namespace {

QByteArray written(const std::function<void(QCborStreamWriter &)> &write)
{
    QByteArray out;
    QCborStreamWriter writer(&out);
    write(writer);
    return out;
}

QByteArray encoded(const QCborValue &value)
{
    return value.toCbor();
}

} // namespace

class TestCborReader final : public QObject {
    Q_OBJECT

private slots:
    void readsAsQCborValueDoes_data()
    {
        QTest::addColumn<QByteArray>("encoding");
        const auto row = [](const char *name, const QByteArray &bytes) { QTest::newRow(name) << bytes; };
        for (const qint64 v : { qint64(0), qint64(23), qint64(24), qint64(255), qint64(65536),
                                qint64(1) << 40, std::numeric_limits<qint64>::max(), qint64(-1), qint64(-25),
                                std::numeric_limits<qint64>::min() })
            QTest::addRow("integer %lld", static_cast<long long>(v)) << encoded(v);
        row("unsigned past qint64", written([](QCborStreamWriter &w) { w.append(quint64(1) << 63); }));
        row("negative past qint64", QByteArray("\x3b\x80\0\0\0\0\0\0\0", 9));
        row("true", encoded(true));
        row("false", encoded(false));
        row("null", encoded(QCborValue(nullptr)));
        row("undefined", encoded(QCborValue()));
        row("simple 32", written([](QCborStreamWriter &w) { w.append(QCborSimpleType(32)); }));
        row("half float", QByteArray("\xf9\x3c\x00", 3));
        row("double", encoded(2.5));
        row("ascii text", encoded(QStringLiteral("running")));
        row("empty text", encoded(QString()));
        row("text beyond ascii", encoded(QStringLiteral("Grüße")));
        row("text in chunks",
            QByteArray("\x7f\x62"
                       "ab"
                       "\x61"
                       "c"
                       "\xff"));
        row("bytes", encoded(QByteArray("\0\1\xff", 3)));
        row("bytes in chunks",
            QByteArray("\x5f\x41"
                       "a"
                       "\x42"
                       "bc"
                       "\xff"));
        row("tag", encoded(QCborValue(QCborKnownTags::Signature, QStringLiteral("x"))));
        row("array", encoded(QCborArray { 1, QStringLiteral("two"), QCborArray { 3 } }));
        row("indefinite array", written([](QCborStreamWriter &w) {
                w.startArray();
                w.append(1);
                w.endArray();
            }));
        row("map", encoded(QCborMap { { QStringLiteral("id"), QStringLiteral("s1") }, { 7, true } }));
        row("indefinite map", written([](QCborStreamWriter &w) {
                w.startMap();
                w.append(QLatin1StringView("k"));
                w.append(1);
                w.endMap();
            }));
    }
    // Each form read where it is encoded gives what QCborValue reads, spans exactly its
    // encoding, and answers the typed questions only for the forms it reads itself.
    void readsAsQCborValueDoes()
    {
        QFETCH(QByteArray, encoding);
        const QCborValue expected = QCborValue::fromCbor(encoding);
        const CborItem item = CborItem::first(encoding);
        QVERIFY(item.isValid());
        QCOMPARE(item.encoding().size(), encoding.size());
        QCOMPARE(item.value().toCbor(), expected.toCbor());
        QCOMPARE(item.integer().has_value(), expected.isInteger());
        if (item.integer())
            QCOMPARE(*item.integer(), expected.toInteger());
        QCOMPARE(item.boolean().has_value(), expected.isBool());
        QCOMPARE(item.isAbsent(), expected.isNull() || expected.isUndefined());
        const QString text = expected.toString();
        const bool ascii
            = std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
        const bool oneChunk = static_cast<quint8>(encoding.at(0)) != 0x7f;
        QCOMPARE(item.asciiText().has_value(), expected.isString() && ascii && oneChunk);
        if (item.asciiText())
            QCOMPARE(*item.asciiText(), expected.toString());
        if (item.byteString())
            QCOMPARE(item.byteString()->toByteArray(), expected.toByteArray());
        QCOMPARE(item.isMap(), expected.isMap() && static_cast<quint8>(encoding.at(0)) != 0xbf);
        if (const auto elements = item.elements()) {
            QCOMPARE(elements->size(), expected.toArray().size());
            for (qsizetype i = 0; i < elements->size(); ++i)
                QCOMPARE(elements->at(i).value(), expected.toArray().at(i));
        }
    }
    // A cut anywhere leaves no item: lengths are checked against the bytes there are.
    void refusesEveryTruncation_data() { readsAsQCborValueDoes_data(); }
    void refusesEveryTruncation()
    {
        QFETCH(QByteArray, encoding);
        for (qsizetype n = 0; n < encoding.size(); ++n)
            QVERIFY2(!CborItem::first(encoding.left(n)).isValid(), qPrintable(QString::number(n)));
    }
    void refusesMalformedHeads()
    {
        for (const QByteArray &bad :
             { QByteArray("\x1c"), QByteArray("\x1f"), QByteArray("\xff"), QByteArray("\xdf\x01"),
               QByteArray("\x7f\x41"
                          "a"
                          "\xff"),
               QByteArray("\x9f\x01") })
            QVERIFY2(!CborItem::first(bad).isValid(), bad.toHex().constData());
        // Nesting: as deep as MaxDepth is read, one more is not.
        const auto nested
            = [](int depth) { return QByteArray(QByteArray(depth, '\x81') + QByteArray("\x01")); };
        QVERIFY(CborItem::first(nested(CborItem::MaxDepth)).isValid());
        QVERIFY(!CborItem::first(nested(CborItem::MaxDepth + 1)).isValid());
    }

    // A container read element by element: its head, then each element, ending where it ends.
    void readsElementByElement()
    {
        const QByteArray bytes = encoded(QCborArray { QCborArray { 1, QStringLiteral("a") }, 300 });
        const char *at = bytes.constData();
        const char *const end = at + bytes.size();
        const CborItem outer = CborItem::headAt(&at, end);
        QVERIFY(outer.isArray());
        QCOMPARE(outer.length(), 2u);
        const CborItem inner = CborItem::headAt(&at, end);
        QVERIFY(inner.isArray());
        QCOMPARE(inner.length(), 2u);
        QCOMPARE(CborItem::readAt(&at, end).integer(), 1);
        QCOMPARE(CborItem::readAt(&at, end).asciiText(), QStringLiteral("a"));
        QCOMPARE(CborItem::readAt(&at, end).integer(), 300);
        QVERIFY(at == end);
        QVERIFY(!CborItem::readAt(&at, end).isValid()); // nothing left
        const QByteArray cut = bytes.left(bytes.size() - 1); // 300's head, one byte short
        at = cut.constData() + 5;
        QVERIFY(!CborItem::headAt(&at, cut.constData() + cut.size()).isValid());
    }

    void mapReaderLooksUpTextKeys()
    {
        const QByteArray bytes = encoded(QCborMap { { QStringLiteral("id"), QStringLiteral("s1") },
                                                    { 7, QStringLiteral("not a text key") },
                                                    { QStringLiteral("display"), 10 },
                                                    { QStringLiteral("gone"), QCborValue(nullptr) } });
        const CborMapReader map(bytes);
        QVERIFY(map.isValid());
        QCOMPARE(map.size(), 4);
        QCOMPARE(map.value(QLatin1StringView("id")).asciiText(), QStringLiteral("s1"));
        QCOMPARE(map.value(QLatin1StringView("display")).integer(), 10);
        QVERIFY(map.contains(QLatin1StringView("gone")));
        QVERIFY(map.value(QLatin1StringView("gone")).isAbsent());
        QVERIFY(!map.contains(QLatin1StringView("7")));
        QVERIFY(!map.contains(QLatin1StringView("i")));

        QVERIFY(!CborMapReader(QByteArray(bytes + QByteArray(1, '\0'))).isValid()); // a byte after the map
        QVERIFY(!CborMapReader(encoded(QCborArray { 1 })).isValid());
        QVERIFY(!CborMapReader(QByteArray("\xa1\x7f\x61k\xff\x01")).isValid()); // a key in chunks
        QVERIFY(!CborMapReader(QByteArray("\xbf\x61k\x01\xff")).isValid()); // indefinite length
    }

    // An encoded body answers as its map does, and turns into the map to be changed.
    void encodedBodyAnswersAsItsMap()
    {
        const QCborMap map { { QStringLiteral("id"), QStringLiteral("s1") },
                             { QStringLiteral("user"), QStringLiteral("jürgen") },
                             { QStringLiteral("list"), QCborArray { 1, 2 } } };
        Body body = Body::encoded(encoded(map));
        QVERIFY(body.isEncoded());
        QCOMPARE(body.map(), map);
        QVERIFY(!body.isEmpty());
        QVERIFY(Body::encoded(encoded(QCborMap())).isEmpty());
        for (const QString &key : { QStringLiteral("id"), QStringLiteral("user"), QStringLiteral("list"),
                                    QStringLiteral("none"), QStringLiteral("grüße") }) {
            QCOMPARE(body.value(key), map.value(key));
            QCOMPARE(body.contains(QLatin1StringView(key.toLatin1())), map.contains(key));
        }
        QCOMPARE(body, Body(map));
        body.insert(QLatin1StringView("display"), 10);
        QVERIFY(!body.isEncoded());
        QCOMPARE(body.value(QLatin1StringView("display")), QCborValue(10));
        QCOMPARE(body.value(QLatin1StringView("id")), QCborValue(QStringLiteral("s1")));
        QVERIFY(body != Body(map));
    }
};

QTEST_APPLESS_MAIN(TestCborReader)
#include "tst_cborreader.moc"
