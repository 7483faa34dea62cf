#include "shared/config/values.h"
#include "shared/hiveconf/tree.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using Config::Parameter;
using Config::Type;
using Config::Values;

Q_DECLARE_METATYPE(Config::Type)

class TestConfigValues : public QObject {
    Q_OBJECT

private slots:
    void validate_data();
    void validate();
    void loadReportsEachBadValueOnce();
    void typedGetters();
    void defaults();
    void unknownParameters();
};

static Parameter makeParameter(Type type)
{
    Parameter p;
    p.path = QStringLiteral("/test/p");
    p.type = type;
    p.min = 1;
    p.max = 600;
    p.choices = QStringList { QStringLiteral("sync"), QStringLiteral("async") };
    return p;
}

void TestConfigValues::validate_data()
{
    QTest::addColumn<Config::Type>("type");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("canonical"); // when ok; else a part of the reason
    QTest::newRow("string any") << Type::String << QStringLiteral(" -br -verbose 3 ") << true
                                << QStringLiteral("-br -verbose 3");
    QTest::newRow("string empty") << Type::String << QString() << true << QString();
    QTest::newRow("path") << Type::Path << QStringLiteral("/usr/bin/Xvnc") << true
                          << QStringLiteral("/usr/bin/Xvnc");
    QTest::newRow("bool 1") << Type::Bool << QStringLiteral("1") << true << QStringLiteral("1");
    QTest::newRow("bool yes") << Type::Bool << QStringLiteral("yes") << true << QStringLiteral("1");
    QTest::newRow("bool False") << Type::Bool << QStringLiteral("False") << true << QStringLiteral("0");
    QTest::newRow("bool bad") << Type::Bool << QStringLiteral("maybe") << false
                              << QStringLiteral("1/0, true/false or yes/no");
    QTest::newRow("bool empty") << Type::Bool << QString() << false << QStringLiteral("boolean");
    QTest::newRow("int in range") << Type::Int << QStringLiteral("25") << true << QStringLiteral("25");
    QTest::newRow("int low edge") << Type::Int << QStringLiteral("1") << true << QStringLiteral("1");
    QTest::newRow("int high edge") << Type::Int << QStringLiteral("600") << true << QStringLiteral("600");
    QTest::newRow("int below") << Type::Int << QStringLiteral("0") << false
                               << QStringLiteral("from 1 to 600");
    QTest::newRow("int above") << Type::Int << QStringLiteral("601") << false
                               << QStringLiteral("from 1 to 600");
    QTest::newRow("int not a number")
        << Type::Int << QStringLiteral("ten") << false << QStringLiteral("integer");
    QTest::newRow("port") << Type::Port << QStringLiteral("9000") << true << QStringLiteral("9000");
    QTest::newRow("port max") << Type::Port << QStringLiteral("65535") << true << QStringLiteral("65535");
    QTest::newRow("port zero") << Type::Port << QStringLiteral("0") << false << QStringLiteral("1 to 65535");
    QTest::newRow("port too big") << Type::Port << QStringLiteral("65536") << false
                                  << QStringLiteral("1 to 65535");
    QTest::newRow("port negative") << Type::Port << QStringLiteral("-1") << false
                                   << QStringLiteral("1 to 65535");
    QTest::newRow("list several spaces")
        << Type::List << QStringLiteral("  a    b\tc ") << true << QStringLiteral("a b c");
    QTest::newRow("list empty") << Type::List << QString() << true << QString();
    QTest::newRow("enum") << Type::Enum << QStringLiteral("async") << true << QStringLiteral("async");
    QTest::newRow("enum any case") << Type::Enum << QStringLiteral("SYNC") << true << QStringLiteral("sync");
    QTest::newRow("enum bad") << Type::Enum << QStringLiteral("semi") << false
                              << QStringLiteral("one of sync, async");
    QTest::newRow("mode") << Type::Mode << QStringLiteral("0700") << true << QStringLiteral("0700");
    QTest::newRow("mode short") << Type::Mode << QStringLiteral("750") << true << QStringLiteral("0750");
    QTest::newRow("mode setgid") << Type::Mode << QStringLiteral("2775") << true << QStringLiteral("02775");
    QTest::newRow("mode not octal") << Type::Mode << QStringLiteral("0800") << false
                                    << QStringLiteral("octal");
    QTest::newRow("mode too big") << Type::Mode << QStringLiteral("17777") << false
                                  << QStringLiteral("07777");
    QTest::newRow("mode empty") << Type::Mode << QString() << false << QStringLiteral("octal");
    QTest::newRow("geometry space") << Type::Geometry << QStringLiteral("1024 768") << true
                                    << QStringLiteral("1024 768");
    QTest::newRow("geometry x") << Type::Geometry << QStringLiteral("1920x1080") << true
                                << QStringLiteral("1920x1080");
    QTest::newRow("geometry spaces") << Type::Geometry << QStringLiteral(" 800   600 ") << true
                                     << QStringLiteral("800   600");
    QTest::newRow("geometry one number") << Type::Geometry << QStringLiteral("1024") << false
                                         << QStringLiteral("'WIDTH HEIGHT' or 'WIDTHxHEIGHT'");
    QTest::newRow("geometry zero") << Type::Geometry << QStringLiteral("0 768") << false
                                   << QStringLiteral("1-16384");
    QTest::newRow("geometry words") << Type::Geometry << QStringLiteral("big") << false
                                    << QStringLiteral("WIDTH");
    QTest::newRow("address v4") << Type::Address << QStringLiteral(" 127.0.0.1 ") << true
                                << QStringLiteral("127.0.0.1");
    QTest::newRow("address any") << Type::Address << QStringLiteral("0.0.0.0") << true
                                 << QStringLiteral("0.0.0.0");
    QTest::newRow("address v6") << Type::Address << QStringLiteral("::1") << true << QStringLiteral("::1");
    QTest::newRow("address v6 long") << Type::Address << QStringLiteral("0:0:0:0:0:0:0:1") << true
                                     << QStringLiteral("::1");
    QTest::newRow("address name") << Type::Address << QStringLiteral("localhost") << false
                                  << QStringLiteral("not a name");
    QTest::newRow("address bad octet")
        << Type::Address << QStringLiteral("127.0.0.256") << false << QStringLiteral("IP address");
    QTest::newRow("address empty") << Type::Address << QString() << false << QStringLiteral("IP address");
}

void TestConfigValues::validate()
{
    QFETCH(Config::Type, type);
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, canonical);
    QString why;
    QString result;
    QCOMPARE(Values::validate(makeParameter(type), text, &why, &result), ok);
    if (ok) {
        QCOMPARE(result, canonical);
        QVERIFY(why.isEmpty());
    } else {
        QVERIFY2(why.contains(canonical), qPrintable(why));
    }
}

void TestConfigValues::loadReportsEachBadValueOnce()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.filePath(QStringLiteral("root.hconf"));
    QFile file(root);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[/t]\nport=70000\nflag=perhaps\nnumber=5000\nlevel=LOUD\nmode=999\ngeometry=huge\n"
               "good_port=1234\nlist=a   b\n");
    file.close();

    Config::Table table(QStringLiteral("test"));
    auto add = [&](const char *path, Type type, const char *def) {
        Parameter p = makeParameter(type);
        p.path = QString::fromUtf8(path);
        p.defaultValue = QString::fromUtf8(def);
        p.choices = QStringList { QStringLiteral("INFO"), QStringLiteral("DEBUG") };
        table.add(p);
    };
    add("/t/port", Type::Port, "9000");
    add("/t/flag", Type::Bool, "0");
    add("/t/number", Type::Int, "5");
    add("/t/level", Type::Enum, "INFO");
    add("/t/mode", Type::Mode, "0700");
    add("/t/geometry", Type::Geometry, "1024 768");
    add("/t/good_port", Type::Port, "1");
    add("/t/list", Type::List, "");
    add("/t/unset", Type::Int, "7");

    Hiveconf::Tree tree;
    QString error;
    QVERIFY2(tree.load(root, &error), qPrintable(error));
    QStringList errors;
    const Values values = Values::load(table, tree, &errors);
    QCOMPARE(errors.size(), 6);
    const QStringList bad { QStringLiteral("/t/port"),   QStringLiteral("/t/flag"),
                            QStringLiteral("/t/number"), QStringLiteral("/t/level"),
                            QStringLiteral("/t/mode"),   QStringLiteral("/t/geometry") };
    const QStringList got { QStringLiteral("70000"), QStringLiteral("perhaps"), QStringLiteral("5000"),
                            QStringLiteral("LOUD"),  QStringLiteral("999"),     QStringLiteral("huge") };
    for (int i = 0; i < bad.size(); ++i) {
        QVERIFY2(errors.at(i).startsWith(bad.at(i) + QStringLiteral(": must ")), qPrintable(errors.at(i)));
        QVERIFY2(errors.at(i).contains(QStringLiteral("(got '%1')").arg(got.at(i))),
                 qPrintable(errors.at(i)));
        QVERIFY2(errors.at(i).contains(root + QStringLiteral(":%1").arg(i + 2)), qPrintable(errors.at(i)));
    }
    // Bad values fall back to their defaults, good ones are used.
    QCOMPARE(values.integer(QStringLiteral("/t/port")), 9000);
    QCOMPARE(values.boolean(QStringLiteral("/t/flag")), false);
    QCOMPARE(values.integer(QStringLiteral("/t/number")), 5);
    QCOMPARE(values.string(QStringLiteral("/t/level")), QStringLiteral("INFO"));
    QCOMPARE(values.mode(QStringLiteral("/t/mode")), 0700);
    QCOMPARE(values.geometry(QStringLiteral("/t/geometry")), QSize(1024, 768));
    QCOMPARE(values.integer(QStringLiteral("/t/good_port")), 1234);
    QCOMPARE(values.list(QStringLiteral("/t/list")),
             (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
    QCOMPARE(values.integer(QStringLiteral("/t/unset")), 7);
}

void TestConfigValues::typedGetters()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("root.hconf"));
    QFile file(root);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[/t]\nflag=yes\nmode=2750\ngeometry=1280x800\nlevel=debug\nlist=\n");
    file.close();
    Config::Table table;
    auto add = [&](const char *path, Type type) {
        Parameter p = makeParameter(type);
        p.path = QString::fromUtf8(path);
        p.choices = QStringList { QStringLiteral("INFO"), QStringLiteral("DEBUG") };
        p.defaultValue = type == Type::Bool ? QStringLiteral("0") : QString();
        table.add(p);
    };
    add("/t/flag", Type::Bool);
    add("/t/mode", Type::Mode);
    add("/t/geometry", Type::Geometry);
    add("/t/level", Type::Enum);
    add("/t/list", Type::List);
    Hiveconf::Tree tree;
    QString error;
    QVERIFY2(tree.load(root, &error), qPrintable(error));
    QStringList errors;
    const Values values = Values::load(table, tree, &errors);
    QCOMPARE(errors, QStringList());
    QCOMPARE(values.boolean(QStringLiteral("/t/flag")), true);
    QCOMPARE(values.mode(QStringLiteral("/t/mode")), 02750);
    QCOMPARE(values.geometry(QStringLiteral("/t/geometry")), QSize(1280, 800));
    QCOMPARE(values.string(QStringLiteral("/t/level")), QStringLiteral("DEBUG"));
    QCOMPARE(values.list(QStringLiteral("/t/list")), QStringList());
}

void TestConfigValues::defaults()
{
    Config::Table table;
    Parameter p = makeParameter(Type::Geometry);
    p.defaultValue = QStringLiteral("1024 768");
    table.add(p);
    const Values values = Values::defaults(table);
    QCOMPARE(values.geometry(p.path), QSize(1024, 768));
    QVERIFY(values.contains(p.path));
    QVERIFY(!values.contains(QStringLiteral("/other")));
}

void TestConfigValues::unknownParameters()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("root.hconf"));
    QFile file(root);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[/t]\nknown=1\nknwon=2\n[/t/sub]\nx=1\n[/other]\ny=1\n");
    file.close();
    Config::Table table;
    Parameter p = makeParameter(Type::String);
    p.path = QStringLiteral("/t/known");
    table.add(p);
    Hiveconf::Tree tree;
    QString error;
    QVERIFY2(tree.load(root, &error), qPrintable(error));
    QCOMPARE(Values::unknownParameters(table, tree, QStringLiteral("/t")),
             (QStringList { QStringLiteral("/t/knwon"), QStringLiteral("/t/sub/x") }));
}

QTEST_GUILESS_MAIN(TestConfigValues)
#include "tst_configvalues.moc"
