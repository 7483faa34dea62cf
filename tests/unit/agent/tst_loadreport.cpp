#include "backend/agent/loadreport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

const char *kMeminfo = "MemTotal:        8029876 kB\n"
                       "MemFree:          512000 kB\n"
                       "MemAvailable:    6029876 kB\n"
                       "Buffers:          100000 kB\n"
                       "Cached:          2000000 kB\n"
                       "SwapCached:            0 kB\n"
                       "SwapTotal:       2097148 kB\n"
                       "SwapFree:        2000000 kB\n";

const char *kCpuinfoX86 = "processor\t: 0\nvendor_id\t: GenuineIntel\nbogomips\t: 4800.00\n\n"
                          "processor\t: 1\nvendor_id\t: GenuineIntel\nbogomips\t: 4800.50\n\n";

} // namespace

class TestLoadReport : public QObject {
    Q_OBJECT

private slots:
    void meminfo_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<qint64>("used");
        QTest::addColumn<qint64>("swapTotal");
        QTest::addColumn<qint64>("swapUsed");
        QTest::newRow("modern") << QString::fromLatin1(kMeminfo) << true << qint64(8029876) << qint64(2000000)
                                << qint64(2097148) << qint64(97148);
        QTest::newRow("no MemAvailable")
            << QStringLiteral("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n") << true
            << qint64(1000) << qint64(600) << qint64(0) << qint64(0);
        QTest::newRow("no swap") << QStringLiteral(
            "MemTotal: 1000 kB\nMemAvailable: 1000 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n")
                                 << true << qint64(1000) << qint64(0) << qint64(0) << qint64(0);
        QTest::newRow("garbage") << QStringLiteral("hello\nworld: x\n") << false << qint64(0) << qint64(0)
                                 << qint64(0) << qint64(0);
        QTest::newRow("empty") << QString() << false << qint64(0) << qint64(0) << qint64(0) << qint64(0);
    }
    void meminfo()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        Agent::LoadReport r;
        QCOMPARE(Agent::LoadReport::parseMeminfo(text, &r), ok);
        if (!ok)
            return;
        QTEST(r.memTotalKib, "total");
        QTEST(r.memUsedKib, "used");
        QTEST(r.swapTotalKib, "swapTotal");
        QTEST(r.swapUsedKib, "swapUsed");
    }

    void loadavg_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<double>("l1");
        QTest::addColumn<double>("l15");
        QTest::newRow("normal") << QStringLiteral("0.52 0.58 0.59 2/345 12345\n") << true << 0.52 << 0.59;
        QTest::newRow("busy") << QStringLiteral("12.00 8.50 4.25 10/900 1") << true << 12.0 << 4.25;
        QTest::newRow("short") << QStringLiteral("0.1 0.2") << false << 0.0 << 0.0;
        QTest::newRow("words") << QStringLiteral("a b c d e") << false << 0.0 << 0.0;
    }
    void loadavg()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        Agent::LoadReport r;
        QCOMPARE(Agent::LoadReport::parseLoadavg(text, &r), ok);
        if (!ok)
            return;
        QTEST(r.load1, "l1");
        QTEST(r.load15, "l15");
    }

    void cpuinfo_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("cpus");
        QTest::addColumn<double>("bogomips");
        QTest::newRow("x86") << QString::fromLatin1(kCpuinfoX86) << true << 2 << 9600.5;
        QTest::newRow("arm per cpu") << QStringLiteral(
            "processor : 0\nBogoMIPS : 50.00\n\nprocessor : 1\nBogoMIPS : 50.00\n")
                                     << true << 2 << 100.0;
        QTest::newRow("arm one line") << QStringLiteral(
            "processor : 0\nprocessor : 1\nprocessor : 2\nprocessor : 3\nBogoMIPS : 38.40\n")
                                      << true << 4 << 153.6;
        QTest::newRow("no bogomips") << QStringLiteral("processor : 0\n") << true << 1 << 0.0;
        QTest::newRow("nothing") << QStringLiteral("model name: x\n") << false << 0 << 0.0;
    }
    void cpuinfo()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        Agent::LoadReport r;
        QCOMPARE(Agent::LoadReport::parseCpuinfo(text, &r), ok);
        if (!ok)
            return;
        QTEST(r.cpus, "cpus");
        QFETCH(double, bogomips);
        QVERIFY(qAbs(r.bogomips - bogomips) < 0.001);
    }

    void collectFromFolder()
    {
        QTemporaryDir dir;
        auto put = [&](const char *name, const char *text) {
            QFile f(dir.filePath(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        put("meminfo", kMeminfo);
        put("cpuinfo", kCpuinfoX86);
        QString error;
        Agent::LoadReport r = Agent::LoadReport::collect(dir.path(), &error);
        QVERIFY2(error.contains(QStringLiteral("loadavg")), qPrintable(error));
        QCOMPARE(r.cpus, 2);
        QCOMPARE(r.memTotalKib, qint64(8029876));
        put("loadavg", "1.5 1.0 0.5 1/1 1\n");
        r = Agent::LoadReport::collect(dir.path(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(r.load1, 1.5);
        const QCborMap m = r.toCbor();
        QCOMPARE(m.value(QStringLiteral("cpus")).toInteger(), 2);
        QCOMPARE(m.value(QStringLiteral("mem_used_kib")).toInteger(), 2000000);
        QCOMPARE(m.value(QStringLiteral("load5")).toDouble(), 1.0);
    }

    void realProc()
    {
        QString error;
        const Agent::LoadReport r = Agent::LoadReport::collect(QStringLiteral("/proc"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(r.cpus >= 1);
        QVERIFY(r.memTotalKib > 0);
        QVERIFY(r.memUsedKib <= r.memTotalKib);
    }
};

QTEST_GUILESS_MAIN(TestLoadReport)
#include "tst_loadreport.moc"
