#include "shared/protocol/loadreport.h"

#include <QTest>

#include <limits>

using Protocol::LoadReport;

namespace {

QCborMap report(const QString &key, const QCborValue &value)
{
    QCborMap map = LoadReport {
        2, 3, 8192, 4096, 1024, 0, 2, 0.5, 0.25, 0.125, 9600, QStringLiteral("agent1"), {}
    }.toCbor();
    map.insert(key, value);
    return map;
}

} // namespace

class TestLoadReportCbor final : public QObject {
    Q_OBJECT

private slots:
    void fromCbor_data()
    {
        QTest::addColumn<QCborMap>("body");
        QTest::addColumn<QString>("errorContains"); // empty: must be accepted

        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double infinity = std::numeric_limits<double>::infinity();
        QTest::newRow("as the agent sends it") << report(QStringLiteral("users"), 2) << QString();
        QTest::newRow("empty") << QCborMap() << QString();
        QTest::newRow("config digest")
            << report(QStringLiteral("config_digest"), QStringLiteral("0123456789abcdef0123456789abcdef"))
            << QString();
        QTest::newRow("config digest not text")
            << report(QStringLiteral("config_digest"), 5) << QStringLiteral("'config_digest'");
        QTest::newRow("count as whole double") << report(QStringLiteral("users"), 2.0) << QString();
        QTest::newRow("count fractional")
            << report(QStringLiteral("users"), 1.5) << QStringLiteral("'users'");
        QTest::newRow("count negative") << report(QStringLiteral("cpus"), -1) << QStringLiteral("'cpus'");
        QTest::newRow("count beyond int")
            << report(QStringLiteral("sessions"), qint64(1) << 32) << QStringLiteral("'sessions'");
        QTest::newRow("count huge double")
            << report(QStringLiteral("users"), 1e300) << QStringLiteral("'users'");
        QTest::newRow("count NaN") << report(QStringLiteral("users"), nan) << QStringLiteral("'users'");
        QTest::newRow("memory beyond int")
            << report(QStringLiteral("mem_total_kib"), qint64(1) << 40) << QString();
        QTest::newRow("load NaN") << report(QStringLiteral("load5"), nan) << QStringLiteral("'load5'");
        QTest::newRow("bogomips infinite")
            << report(QStringLiteral("bogomips"), infinity) << QStringLiteral("'bogomips'");
        QTest::newRow("load negative") << report(QStringLiteral("load1"), -0.5) << QStringLiteral("'load1'");
        QTest::newRow("load as text")
            << report(QStringLiteral("load1"), QStringLiteral("1")) << QStringLiteral("'load1'");
    }

    void fromCbor()
    {
        QFETCH(QCborMap, body);
        QFETCH(QString, errorContains);
        QString why;
        const std::optional<LoadReport> load = LoadReport::fromCbor(body, &why);
        if (errorContains.isEmpty()) {
            QVERIFY2(load, qPrintable(why));
            const std::optional<LoadReport> again = LoadReport::fromCbor(load->toCbor(), &why);
            QVERIFY(again);
            QCOMPARE(again->toCbor(), load->toCbor());
        } else {
            QVERIFY(!load);
            QVERIFY2(why.contains(errorContains), qPrintable(why));
        }
    }
};

QTEST_GUILESS_MAIN(TestLoadReportCbor)
#include "tst_loadreportcbor.moc"
