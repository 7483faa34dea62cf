#include "shared/protocol/cborwriter.h"

#include <QCborMap>
#include <QCborStreamWriter>
#include <QCborValue>
#include <QTest>

#include <functional>
#include <limits>
#include <vector>

using Protocol::CborWriter;

namespace {

// The same calls on CborWriter and on QCborStreamWriter, whose bytes the test compares
// (QCborStreamWriter's containers also need closing, which CborWriter's definite lengths do not).
class Both {
public:
    Both(QByteArray *ours, QByteArray *qt) : m_ours(ours), m_qt(qt) { }

    void unsignedInt(quint64 v)
    {
        m_ours.append(v);
        m_qt.append(v);
    }
    void signedInt(qint64 v)
    {
        m_ours.append(v);
        m_qt.append(v);
    }
    void text(const QString &s)
    {
        m_ours.append(QStringView(s));
        m_qt.append(QStringView(s));
    }
    void latin1(QLatin1StringView s)
    {
        m_ours.append(s);
        m_qt.append(s);
    }
    void bytes(const QByteArray &b)
    {
        m_ours.appendByteString(b);
        m_qt.append(b);
    }
    void boolean(bool b)
    {
        m_ours.append(b);
        m_qt.append(b);
    }
    void array(quint64 n, const std::function<void()> &items)
    {
        m_ours.startArray(n);
        m_qt.startArray(n);
        items();
        m_qt.endArray();
    }
    void map(quint64 n, const std::function<void()> &items)
    {
        m_ours.startMap(n);
        m_qt.startMap(n);
        items();
        m_qt.endMap();
    }

private:
    CborWriter m_ours;
    QCborStreamWriter m_qt;
};

using Script = std::function<void(Both &)>;

QString repeated(qsizetype n)
{
    return QString(n, QLatin1Char('x'));
}

const std::vector<std::pair<const char *, Script>> &scripts()
{
    static const std::vector<std::pair<const char *, Script>> all {
        { "unsigned at every head length",
          [](Both &w) {
              for (quint64 v : { 0ULL, 23ULL, 24ULL, 255ULL, 256ULL, 65535ULL, 65536ULL, 0xffffffffULL,
                                 0x100000000ULL, std::numeric_limits<quint64>::max() })
                  w.unsignedInt(v);
          } },
        { "signed at every head length",
          [](Both &w) {
              for (qint64 v :
                   { qint64(0), qint64(-1), qint64(-24), qint64(-25), qint64(-256), qint64(-257),
                     qint64(-65536), qint64(-65537), qint64(-4294967296LL), qint64(-4294967297LL),
                     std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max(), qint64(1000) })
                  w.signedInt(v);
          } },
        { "text of every length class",
          [](Both &w) {
              for (qsizetype n : { 0, 1, 23, 24, 255, 256, 65535, 65536, 70000 })
                  w.text(repeated(n));
          } },
        { "text beyond ASCII",
          [](Both &w) {
              w.text(QStringLiteral("Grüße, 世界"));
              w.text(QString::fromUtf8("\xf0\x9f\x96\xa5 desktop")); // a surrogate pair
              w.text(QStringLiteral("ascii after"));
          } },
        { "Latin-1 text",
          [](Both &w) {
              w.latin1(QLatin1StringView("running"));
              w.latin1(QLatin1StringView("caf\xe9 \xff\x80"));
              w.latin1(QLatin1StringView(""));
          } },
        { "byte strings",
          [](Both &w) {
              w.bytes({});
              w.bytes(QByteArray("\0\1\2\xff", 4));
              w.bytes(QByteArray(300, '\x5a'));
          } },
        { "booleans",
          [](Both &w) {
              w.boolean(true);
              w.boolean(false);
          } },
        { "nested containers",
          [](Both &w) {
              w.array(3, [&w] {
                  w.map(2, [&w] {
                      w.latin1(QLatin1StringView("t"));
                      w.unsignedInt(101);
                      w.latin1(QLatin1StringView("b"));
                      w.array(0, [] {});
                  });
                  w.array(30, [&w] {
                      for (int i = 0; i < 30; ++i)
                          w.signedInt(-i);
                  });
                  w.text(QStringLiteral("last"));
              });
          } },
    };
    return all;
}

} // namespace

class tst_CborWriter : public QObject {
    Q_OBJECT

private slots:
    void writesWhatQCborStreamWriterWrites_data();
    void writesWhatQCborStreamWriterWrites();
    void keepsWhatTheArrayHeld();
    void growsPastTheCapacity();
    void finishCutsBackAndWritingGoesOn();
    void decodesAsWritten();
};

void tst_CborWriter::writesWhatQCborStreamWriterWrites_data()
{
    QTest::addColumn<int>("script");
    for (int i = 0; i < static_cast<int>(scripts().size()); ++i)
        QTest::newRow(scripts()[static_cast<size_t>(i)].first) << i;
}

void tst_CborWriter::writesWhatQCborStreamWriterWrites()
{
    QFETCH(int, script);
    QByteArray ours;
    QByteArray qt;
    {
        Both both(&ours, &qt);
        scripts()[static_cast<size_t>(script)].second(both);
    }
    QVERIFY(!qt.isEmpty());
    QCOMPARE(ours.toHex(' '), qt.toHex(' '));
}

void tst_CborWriter::keepsWhatTheArrayHeld()
{
    // A frame's header first, room reserved: the encoding goes after it.
    QByteArray frame(4, '\x07');
    frame.reserve(64);
    {
        CborWriter w(&frame);
        w.startArray(2);
        w.append(quint64(1));
        w.append(QStringView(u"ab"));
    }
    QCOMPARE(frame.toHex(' '), QByteArray("07 07 07 07 82 01 62 61 62"));
}

void tst_CborWriter::growsPastTheCapacity()
{
    QByteArray ours;
    ours.reserve(16);
    QByteArray qt;
    {
        CborWriter w(&ours);
        QCborStreamWriter q(&qt);
        w.startArray(20000);
        q.startArray(20000);
        for (int i = 0; i < 20000; ++i) {
            const QString s = QString::number(i * 7919);
            w.append(QStringView(s));
            q.append(s);
        }
        q.endArray();
    }
    QCOMPARE(ours.size(), qt.size());
    QVERIFY(ours == qt);
}

void tst_CborWriter::finishCutsBackAndWritingGoesOn()
{
    QByteArray out;
    out.reserve(256);
    CborWriter w(&out);
    w.startArray(2);
    w.append(true);
    w.finish();
    QCOMPARE(out.toHex(' '), QByteArray("82 f5"));
    w.append(qint64(-1));
    w.finish();
    QCOMPARE(out.toHex(' '), QByteArray("82 f5 20"));
}

void tst_CborWriter::decodesAsWritten()
{
    QByteArray out;
    {
        CborWriter w(&out);
        w.startMap(3);
        w.append(QLatin1StringView("user"));
        w.append(QStringView(u"jörg"));
        w.append(QLatin1StringView("display"));
        w.append(12);
        w.append(QLatin1StringView("blob"));
        w.appendByteString(QByteArrayView("\0x", 2));
    }
    const QCborMap map = QCborValue::fromCbor(out).toMap();
    QCOMPARE(map.value(QLatin1StringView("user")).toString(), QStringLiteral("jörg"));
    QCOMPARE(map.value(QLatin1StringView("display")).toInteger(), 12);
    QCOMPARE(map.value(QLatin1StringView("blob")).toByteArray(), QByteArray("\0x", 2));
    QCOMPARE(map.size(), 3);
}

QTEST_GUILESS_MAIN(tst_CborWriter)
#include "tst_cborwriter.moc"
