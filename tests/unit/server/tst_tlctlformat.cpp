#include "backend/tools/tlctl/tlctlformat.h"

#include <QCborMap>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestTlctlFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void age_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("negative") << qint64(-5) << "0s";
        QTest::newRow("seconds") << qint64(45) << "45s";
        QTest::newRow("minutes") << qint64(12 * 60 + 5) << "12m";
        QTest::newRow("hours") << qint64(3 * 3600 + 5 * 60) << "3h 05m";
        QTest::newRow("days") << qint64(2 * 86400 + 4 * 3600 + 59) << "2d 04h";
    }
    void age()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        QCOMPARE(Tlctl::formatAge(seconds), expected);
    }

    void memoryAndCpu_data()
    {
        QTest::addColumn<qint64>("used");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<double>("load1");
        QTest::addColumn<int>("cpus");
        QTest::addColumn<QString>("memory");
        QTest::addColumn<QString>("cpu");
        QTest::newRow("unknown") << qint64(0) << qint64(0) << 0.0 << 0 << "-"
                                 << "-";
        QTest::newRow("quarter") << qint64(4 * 1024 * 1024) << qint64(16 * 1024 * 1024) << 1.0 << 4
                                 << "4.0/16.0 GiB (25%)"
                                 << "25%";
        QTest::newRow("overloaded") << qint64(1024 * 1024) << qint64(2 * 1024 * 1024) << 3.0 << 2
                                    << "1.0/2.0 GiB (50%)"
                                    << "150%";
    }
    void memoryAndCpu()
    {
        QFETCH(qint64, used);
        QFETCH(qint64, total);
        QFETCH(double, load1);
        QFETCH(int, cpus);
        QFETCH(QString, memory);
        QFETCH(QString, cpu);
        QCOMPARE(Tlctl::formatMemory(used, total), memory);
        QCOMPARE(Tlctl::formatCpu(load1, cpus), cpu);
    }

    void sessionTable()
    {
        QCborArray sessions;
        sessions.append(QCborMap { { QStringLiteral("user"), QStringLiteral("alice") },
                                   { QStringLiteral("display"), 10 },
                                   { QStringLiteral("agent"), QStringLiteral("ts1.example.com") },
                                   { QStringLiteral("state"), QStringLiteral("running") },
                                   { QStringLiteral("age"), 125 } });
        sessions.append(QCborMap { { QStringLiteral("user"), QStringLiteral("bob") },
                                   { QStringLiteral("display"), 2001 },
                                   { QStringLiteral("agent"), QStringLiteral("ts2") },
                                   { QStringLiteral("state"), QStringLiteral("disconnected") },
                                   { QStringLiteral("age"), 5 } });
        const QString expected = QStringLiteral("USER   DISPLAY  AGENT            STATUS        AGE\n"
                                                "alice  :10      ts1.example.com  running       2m\n"
                                                "bob    :2001    ts2              disconnected  5s\n");
        QCOMPARE(Tlctl::sessionTable(sessions), expected);
        const QJsonArray json = QJsonDocument::fromJson(Tlctl::toJson(sessions)).array();
        QCOMPARE(json.size(), 2);
        QCOMPARE(json.at(1).toObject().value(QStringLiteral("display")).toInt(), 2001);
    }

    void loadTable()
    {
        QCborArray agents;
        agents.append(QCborMap { { QStringLiteral("agent"), QStringLiteral("ts1") },
                                 { QStringLiteral("reachable"), true },
                                 { QStringLiteral("users"), 3 },
                                 { QStringLiteral("mem_used_kib"), 1024 * 1024 },
                                 { QStringLiteral("mem_total_kib"), 4 * 1024 * 1024 },
                                 { QStringLiteral("load1"), 0.5 },
                                 { QStringLiteral("cpus"), 2 },
                                 { QStringLiteral("rating"), 2.26 } });
        agents.append(QCborMap { { QStringLiteral("agent"), QStringLiteral("ts2") },
                                 { QStringLiteral("reachable"), false },
                                 { QStringLiteral("reason"), QStringLiteral("connection refused") } });
        const QString t = Tlctl::loadTable(agents);
        const QStringList lines = t.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith(QStringLiteral("AGENT  USERS  MEM")));
        QVERIFY(lines[0].endsWith(QStringLiteral("RATING  REACHABLE")));
        QVERIFY2(lines[1].contains(QStringLiteral("1.0/4.0 GiB (25%)  25%  2.3")), qPrintable(lines[1]));
        QVERIFY(lines[1].endsWith(QStringLiteral("yes")));
        QVERIFY(lines[2].endsWith(QStringLiteral("no (connection refused)")));
    }
};

QTEST_GUILESS_MAIN(TestTlctlFormat)
#include "tst_tlctlformat.moc"
