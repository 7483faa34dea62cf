#include "backend/agent/shellwords.h"

#include <QTest>

class TestShellWords : public QObject {
    Q_OBJECT

private slots:
    void split_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("error");
        QTest::newRow("default") << QStringLiteral("-br -verbose 3") << true
                                 << QStringList { QStringLiteral("-br"), QStringLiteral("-verbose"),
                                                  QStringLiteral("3") }
                                 << QString();
        QTest::newRow("empty") << QString() << true << QStringList() << QString();
        QTest::newRow("blanks") << QStringLiteral("  \t ") << true << QStringList() << QString();
        QTest::newRow("many blanks") << QStringLiteral("  a\t\tb  ") << true
                                     << QStringList { QStringLiteral("a"), QStringLiteral("b") } << QString();
        QTest::newRow("double quotes")
            << QStringLiteral("-desktop \"My Desk\" -x") << true
            << QStringList { QStringLiteral("-desktop"), QStringLiteral("My Desk"), QStringLiteral("-x") }
            << QString();
        QTest::newRow("single quotes keep backslash")
            << QStringLiteral("'a\\b c'") << true << QStringList { QStringLiteral("a\\b c") } << QString();
        QTest::newRow("escapes in double quotes")
            << QStringLiteral("\"a\\\"b\\\\c\\n\"") << true << QStringList { QStringLiteral("a\"b\\c\\n") }
            << QString();
        QTest::newRow("backslash blank")
            << QStringLiteral("a\\ b c") << true << QStringList { QStringLiteral("a b"), QStringLiteral("c") }
            << QString();
        QTest::newRow("adjacent quotes join")
            << QStringLiteral("-fp 'a b'\"c\"d") << true
            << QStringList { QStringLiteral("-fp"), QStringLiteral("a bcd") } << QString();
        QTest::newRow("empty quoted word")
            << QStringLiteral("a '' b") << true
            << QStringList { QStringLiteral("a"), QString(), QStringLiteral("b") } << QString();
        QTest::newRow("no expansion")
            << QStringLiteral("$HOME ~ *") << true
            << QStringList { QStringLiteral("$HOME"), QStringLiteral("~"), QStringLiteral("*") } << QString();
        QTest::newRow("open single") << QStringLiteral("-a 'oops") << false << QStringList()
                                     << QStringLiteral("single quote at character 4");
        QTest::newRow("open double") << QStringLiteral("\"x") << false << QStringList()
                                     << QStringLiteral("double quote at character 1");
        QTest::newRow("trailing backslash")
            << QStringLiteral("a \\") << false << QStringList() << QStringLiteral("backslash at the end");
    }

    void split()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QStringList, words);
        QFETCH(QString, error);
        QStringList got;
        QString why;
        QCOMPARE(Agent::splitShellWords(text, &got, &why), ok);
        if (ok)
            QCOMPARE(got, words);
        else
            QVERIFY2(why.contains(error), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestShellWords)
#include "tst_shellwords.moc"
