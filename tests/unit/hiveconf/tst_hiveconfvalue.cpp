#include "shared/hiveconf/value.h"

#include <QTest>

class TestHiveconfValue : public QObject {
    Q_OBJECT

private slots:
    void toBool_data();
    void toBool();
    void toInt_data();
    void toInt();
    void toList_data();
    void toList();
    void normalizePath_data();
    void normalizePath();
    void pathHelpers();
};

void TestHiveconfValue::toBool_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("value");
    QTest::newRow("1") << QStringLiteral("1") << true << true;
    QTest::newRow("0") << QStringLiteral("0") << true << false;
    QTest::newRow("true") << QStringLiteral("true") << true << true;
    QTest::newRow("false") << QStringLiteral("false") << true << false;
    QTest::newRow("yes") << QStringLiteral("yes") << true << true;
    QTest::newRow("no") << QStringLiteral("no") << true << false;
    QTest::newRow("upper case") << QStringLiteral("TRUE") << true << true;
    QTest::newRow("mixed case") << QStringLiteral("No") << true << false;
    QTest::newRow("spaces around") << QStringLiteral("  yes \t") << true << true;
    QTest::newRow("empty") << QString() << false << false;
    QTest::newRow("two") << QStringLiteral("2") << false << false;
    QTest::newRow("on is not hiveconf") << QStringLiteral("on") << false << false;
    QTest::newRow("y") << QStringLiteral("y") << false << false;
    QTest::newRow("inner space") << QStringLiteral("t rue") << false << false;
}

void TestHiveconfValue::toBool()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(bool, value);
    bool parsed = !ok;
    QCOMPARE(Hiveconf::toBool(text, &parsed), value);
    QCOMPARE(parsed, ok);
}

void TestHiveconfValue::toInt_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("value");
    QTest::newRow("zero") << QStringLiteral("0") << true << qint64(0);
    QTest::newRow("positive") << QStringLiteral("2000") << true << qint64(2000);
    QTest::newRow("negative") << QStringLiteral("-7") << true << qint64(-7);
    QTest::newRow("plus sign") << QStringLiteral("+3") << true << qint64(3);
    QTest::newRow("leading zeros are decimal") << QStringLiteral("0700") << true << qint64(700);
    QTest::newRow("spaces around") << QStringLiteral(" 12 ") << true << qint64(12);
    QTest::newRow("large") << QStringLiteral("9223372036854775807") << true << qint64(9223372036854775807LL);
    QTest::newRow("overflow") << QStringLiteral("9223372036854775808") << false << qint64(0);
    QTest::newRow("empty") << QString() << false << qint64(0);
    QTest::newRow("sign only") << QStringLiteral("-") << false << qint64(0);
    QTest::newRow("fraction") << QStringLiteral("1.5") << false << qint64(0);
    QTest::newRow("hex") << QStringLiteral("0x10") << false << qint64(0);
    QTest::newRow("trailing letters") << QStringLiteral("12a") << false << qint64(0);
    QTest::newRow("inner space") << QStringLiteral("1 2") << false << qint64(0);
}

void TestHiveconfValue::toInt()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(qint64, value);
    bool parsed = !ok;
    QCOMPARE(Hiveconf::toInt(text, &parsed), value);
    QCOMPARE(parsed, ok);
}

void TestHiveconfValue::toList_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("items");
    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("spaces only") << QStringLiteral("   ") << QStringList();
    QTest::newRow("one") << QStringLiteral("127.0.0.1") << QStringList { QStringLiteral("127.0.0.1") };
    QTest::newRow("two") << QStringLiteral("tlha-primary tlha-secondary")
                         << QStringList { QStringLiteral("tlha-primary"), QStringLiteral("tlha-secondary") };
    QTest::newRow("several spaces") << QStringLiteral(
        "a    b  c") << QStringList { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") };
    QTest::newRow("tabs and ends") << QStringLiteral("\t a \t b  ")
                                   << QStringList { QStringLiteral("a"), QStringLiteral("b") };
    QTest::newRow("items keep colons")
        << QStringLiteral("ts1:2  ts2:1") << QStringList { QStringLiteral("ts1:2"), QStringLiteral("ts2:1") };
}

void TestHiveconfValue::toList()
{
    QFETCH(QString, text);
    QFETCH(QStringList, items);
    QCOMPARE(Hiveconf::toList(text), items);
    QCOMPARE(Hiveconf::toList(Hiveconf::fromList(items)), items);
}

void TestHiveconfValue::normalizePath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("normalized");
    QTest::newRow("root") << QStringLiteral("/") << QStringLiteral("/");
    QTest::newRow("plain") << QStringLiteral("/vsmserver/HA/enabled")
                           << QStringLiteral("/vsmserver/HA/enabled");
    QTest::newRow("relative") << QStringLiteral("vsmagent/display_min")
                              << QStringLiteral("/vsmagent/display_min");
    QTest::newRow("trailing slash") << QStringLiteral("/vsmserver/") << QStringLiteral("/vsmserver");
    QTest::newRow("double slash") << QStringLiteral("/a//b") << QStringLiteral("/a/b");
    QTest::newRow("dot") << QStringLiteral("/a/./b") << QStringLiteral("/a/b");
    QTest::newRow("dot dot refused") << QStringLiteral("/a/../b") << QString();
    QTest::newRow("space refused") << QStringLiteral("/a b") << QString();
    QTest::newRow("equals refused") << QStringLiteral("/a=b") << QString();
}

void TestHiveconfValue::normalizePath()
{
    QFETCH(QString, path);
    QFETCH(QString, normalized);
    QCOMPARE(Hiveconf::normalizePath(path), normalized);
}

void TestHiveconfValue::pathHelpers()
{
    QCOMPARE(Hiveconf::parentPath(QStringLiteral("/a/b/c")), QStringLiteral("/a/b"));
    QCOMPARE(Hiveconf::parentPath(QStringLiteral("/a")), QStringLiteral("/"));
    QCOMPARE(Hiveconf::baseName(QStringLiteral("/a/b/c")), QStringLiteral("c"));
    QCOMPARE(Hiveconf::joinPath(QStringLiteral("/"), QStringLiteral("b")), QStringLiteral("/b"));
    QCOMPARE(Hiveconf::joinPath(QStringLiteral("/a"), QStringLiteral("b/c")), QStringLiteral("/a/b/c"));
    QVERIFY(Hiveconf::isUnder(QStringLiteral("/a/b"), QStringLiteral("/a")));
    QVERIFY(Hiveconf::isUnder(QStringLiteral("/a"), QStringLiteral("/a")));
    QVERIFY(!Hiveconf::isUnder(QStringLiteral("/ab"), QStringLiteral("/a")));
    QVERIFY(Hiveconf::isUnder(QStringLiteral("/ab"), QStringLiteral("/")));
}

QTEST_GUILESS_MAIN(TestHiveconfValue)
#include "tst_hiveconfvalue.moc"
