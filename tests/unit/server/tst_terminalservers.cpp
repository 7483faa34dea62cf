#include "backend/server/terminalservers.h"

#include <QTest>

using namespace Server;

class TestTerminalServers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QStringList>("entries");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QStringList>("hosts");
        QTest::addColumn<QList<int>>("ports");
        QTest::newRow("default port")
            << QStringList { QStringLiteral("ts1.example.com") } << true
            << QStringList { QStringLiteral("ts1.example.com") } << QList<int> { 904 };
        QTest::newRow("with port") << QStringList { QStringLiteral("127.0.0.2:1905") } << true
                                   << QStringList { QStringLiteral("127.0.0.2") } << QList<int> { 1905 };
        QTest::newRow("bare ipv6") << QStringList { QStringLiteral("fe80::1") } << true
                                   << QStringList { QStringLiteral("fe80::1") } << QList<int> { 904 };
        QTest::newRow("bracketed ipv6") << QStringList { QStringLiteral("[::1]:1000") } << true
                                        << QStringList { QStringLiteral("::1") } << QList<int> { 1000 };
        QTest::newRow("two") << QStringList { QStringLiteral("a"), QStringLiteral("b:5") } << true
                             << QStringList { QStringLiteral("a"), QStringLiteral("b") }
                             << QList<int> { 904, 5 };
        QTest::newRow("port zero") << QStringList { QStringLiteral("a:0") } << false << QStringList()
                                   << QList<int>();
        QTest::newRow("port text") << QStringList { QStringLiteral("a:http") } << false << QStringList()
                                   << QList<int>();
        QTest::newRow("empty port") << QStringList { QStringLiteral("a:") } << false << QStringList()
                                    << QList<int>();
        QTest::newRow("no host") << QStringList { QStringLiteral(":904") } << false << QStringList()
                                 << QList<int>();
        QTest::newRow("duplicate") << QStringList { QStringLiteral("a"), QStringLiteral("a") } << false
                                   << QStringList() << QList<int>();
        QTest::newRow("duplicate in another case")
            << QStringList { QStringLiteral("ts1"), QStringLiteral("TS1") } << false << QStringList()
            << QList<int>();
        QTest::newRow("duplicate with the default port")
            << QStringList { QStringLiteral("ts1"), QStringLiteral("ts1:904") } << false << QStringList()
            << QList<int>();
        QTest::newRow("same host, other port")
            << QStringList { QStringLiteral("ts1"), QStringLiteral("ts1:905") } << true
            << QStringList { QStringLiteral("ts1"), QStringLiteral("ts1") } << QList<int> { 904, 905 };
        QTest::newRow("bad bracket") << QStringList { QStringLiteral("[::1") } << false << QStringList()
                                     << QList<int>();
    }

    void parse()
    {
        QFETCH(QStringList, entries);
        QFETCH(bool, ok);
        QFETCH(QStringList, hosts);
        QFETCH(QList<int>, ports);
        QString error;
        const auto parsed = TerminalServers::parse(entries, 904, &error);
        QCOMPARE(bool(parsed), ok);
        if (!ok) {
            QVERIFY2(error.startsWith(QStringLiteral("/vsmserver/terminalservers:")), qPrintable(error));
            return;
        }
        QCOMPARE(parsed->size(), hosts.size());
        for (int i = 0; i < hosts.size(); ++i) {
            QCOMPARE(parsed->at(i).host, hosts.at(i));
            QCOMPARE(int(parsed->at(i).port), ports.at(i));
            QCOMPARE(parsed->at(i).entry, entries.at(i));
        }
    }

    void loopback_data()
    {
        QTest::addColumn<QString>("entry");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("127.0.0.1") << "127.0.0.1" << true;
        QTest::newRow("127.1.2.3 with port") << "127.1.2.3:905" << true;
        QTest::newRow("::1") << "::1" << true;
        QTest::newRow("[::1]:905") << "[::1]:905" << true;
        QTest::newRow("localhost") << "localhost" << true;
        QTest::newRow("LOCALHOST:905") << "LOCALHOST:905" << true;
        QTest::newRow("name resolving to loopback") << "myself.example.com" << true;
        QTest::newRow("name resolving elsewhere") << "ts1.example.com" << false;
        QTest::newRow("unresolvable") << "nowhere.example.com" << false;
        QTest::newRow("10.0.0.5") << "10.0.0.5" << false;
        QTest::newRow("128.0.0.1") << "128.0.0.1" << false;
    }

    void loopback()
    {
        QFETCH(QString, entry);
        QFETCH(bool, loopback);
        const Resolver resolve = [](const QString &host) -> QList<QHostAddress> {
            if (host == QLatin1String("myself.example.com"))
                return { QHostAddress(QStringLiteral("10.0.0.9")),
                         QHostAddress(QStringLiteral("127.0.1.1")) };
            if (host == QLatin1String("ts1.example.com"))
                return { QHostAddress(QStringLiteral("10.0.0.5")) };
            return {};
        };
        QString error;
        const auto parsed = TerminalServers::parse({ entry }, 904, &error);
        QVERIFY2(parsed, qPrintable(error));
        const QStringList found = TerminalServers::loopbackEntries(*parsed, resolve);
        QCOMPARE(found, loopback ? QStringList { entry } : QStringList());
    }

    void duplicateNamesBoth()
    {
        QString error;
        QVERIFY(!TerminalServers::parse({ QStringLiteral("ts1"), QStringLiteral("TS1:904") }, 904, &error));
        QCOMPARE(
            error,
            QStringLiteral("/vsmserver/terminalservers: 'TS1:904' is listed twice (as 'ts1'); remove one"));
        QVERIFY(!TerminalServers::parse({ QStringLiteral("ts1"), QStringLiteral("ts1") }, 904, &error));
        QCOMPARE(error, QStringLiteral("/vsmserver/terminalservers: 'ts1' is listed twice; remove one"));
        // The same for a console to say in its words.
        QCOMPARE(TerminalServers::listedTwice(
                     { QStringLiteral("a"), QStringLiteral("ts1"), QStringLiteral("TS1:904") }, 904),
                 (QStringList { QStringLiteral("TS1:904"), QStringLiteral("ts1") }));
        QVERIFY(TerminalServers::listedTwice({ QStringLiteral("ts1"), QStringLiteral("ts1:905") }, 904)
                    .isEmpty());
    }

    void messages()
    {
        const QString lone = TerminalServers::loopbackMessage({ QStringLiteral("127.0.0.1") }, false);
        QVERIFY(lone.contains(
            QStringLiteral("must be replaced by the agent's unique host name before HA is enabled")));
        const QString ha = TerminalServers::loopbackMessage({ QStringLiteral("127.0.0.1") }, true);
        QVERIFY(ha.contains(
            QStringLiteral("It is VERY IMPORTANT that 127.0.0.1 is not in the list of terminal servers")));
        QVERIFY(ha.contains(QStringLiteral(
            "127.0.0.1 will be a different server based on which VSM server is currently active")));
    }
};

QTEST_GUILESS_MAIN(TestTerminalServers)
#include "tst_terminalservers.moc"
