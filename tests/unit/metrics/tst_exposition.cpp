#include "shared/metrics/exposition.h"
#include "shared/metrics/histogram.h"

#include <QTest>

#include <cmath>
#include <limits>

using Metrics::Exposition;
using Metrics::Histogram;

// The text Prometheus reads: families, samples, escaping, numbers, histograms.
class TestExposition final : public QObject {
    Q_OBJECT

private slots:
    void familyAndSamples()
    {
        Exposition e;
        e.family(QStringLiteral("openvsm_sessions"), Exposition::Type::Gauge,
                 QStringLiteral("Sessions by state"));
        e.sample(QStringLiteral("openvsm_sessions"), 3,
                 { { QStringLiteral("state"), QStringLiteral("running") } });
        e.sample(QStringLiteral("openvsm_sessions"), 0,
                 { { QStringLiteral("state"), QStringLiteral("disconnected") } });
        e.family(QStringLiteral("openvsm_ha_degraded"), Exposition::Type::Gauge,
                 QStringLiteral("1 when degraded"));
        e.sample(QStringLiteral("openvsm_ha_degraded"), 1);
        QCOMPARE(e.text(),
                 QByteArray("# HELP openvsm_sessions Sessions by state\n"
                            "# TYPE openvsm_sessions gauge\n"
                            "openvsm_sessions{state=\"running\"} 3\n"
                            "openvsm_sessions{state=\"disconnected\"} 0\n"
                            "# HELP openvsm_ha_degraded 1 when degraded\n"
                            "# TYPE openvsm_ha_degraded gauge\n"
                            "openvsm_ha_degraded 1\n"));
    }

    void escaping()
    {
        Exposition e;
        e.family(QStringLiteral("x_total"), Exposition::Type::Counter, QStringLiteral("a \\ b\nc \"q\""));
        e.sample(QStringLiteral("x_total"), 1,
                 { { QStringLiteral("a"), QStringLiteral("q\"uote\\back\nline") },
                   { QStringLiteral("b"), QStringLiteral("ä") } });
        QCOMPARE(e.text(),
                 QByteArray("# HELP x_total a \\\\ b\\nc \"q\"\n"
                            "# TYPE x_total counter\n"
                            "x_total{a=\"q\\\"uote\\\\back\\nline\",b=\"\xc3\xa4\"} 1\n"));
    }

    void values_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << 0.0 << QStringLiteral("0");
        QTest::newRow("integer") << 42.0 << QStringLiteral("42");
        QTest::newRow("negative") << -7.0 << QStringLiteral("-7");
        QTest::newRow("large count") << 123456789012.0 << QStringLiteral("123456789012");
        QTest::newRow("fraction") << 0.005 << QStringLiteral("0.005");
        QTest::newRow("ms as s") << 1.234 << QStringLiteral("1.234");
        QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("NaN");
        QTest::newRow("+inf") << std::numeric_limits<double>::infinity() << QStringLiteral("+Inf");
        QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << QStringLiteral("-Inf");
    }

    void values()
    {
        QFETCH(double, value);
        QFETCH(QString, text);
        QCOMPARE(Exposition::formatValue(value), text);
    }

    void names_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("openvsm_sessions") << true;
        QTest::newRow("colon") << QStringLiteral("job:rate5m") << true;
        QTest::newRow("digit inside") << QStringLiteral("load1") << true;
        QTest::newRow("leading digit") << QStringLiteral("1load") << false;
        QTest::newRow("dash") << QStringLiteral("a-b") << false;
        QTest::newRow("space") << QStringLiteral("a b") << false;
        QTest::newRow("empty") << QString() << false;
    }

    void names()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(Exposition::isValidName(name), valid);
    }

    void histogram()
    {
        Histogram h({ 0.1, 1, 0.5 }); // sorted by the histogram
        QCOMPARE(h.upperBounds(), QList<double>({ 0.1, 0.5, 1 }));
        for (double v : { 0.05, 0.1, 0.3, 2.0 })
            h.observe(v);
        QCOMPARE(h.count(), quint64(4));
        QCOMPARE(h.cumulativeCount(0), quint64(2)); // le is inclusive
        QCOMPARE(h.cumulativeCount(1), quint64(3));
        QCOMPARE(h.cumulativeCount(2), quint64(3));

        Exposition e;
        e.family(QStringLiteral("req_seconds"), Exposition::Type::Histogram, QStringLiteral("Latency"));
        e.histogram(QStringLiteral("req_seconds"), h, { { QStringLiteral("type"), QStringLiteral("get") } });
        QCOMPARE(e.text(),
                 QByteArray("# HELP req_seconds Latency\n"
                            "# TYPE req_seconds histogram\n"
                            "req_seconds_bucket{type=\"get\",le=\"0.1\"} 2\n"
                            "req_seconds_bucket{type=\"get\",le=\"0.5\"} 3\n"
                            "req_seconds_bucket{type=\"get\",le=\"1\"} 3\n"
                            "req_seconds_bucket{type=\"get\",le=\"+Inf\"} 4\n"
                            "req_seconds_sum{type=\"get\"} 2.45\n"
                            "req_seconds_count{type=\"get\"} 4\n"));
    }

    void durationBoundsCoverTheBrokersTimeouts()
    {
        const QList<double> bounds = Histogram::durationBounds();
        QVERIFY(std::is_sorted(bounds.cbegin(), bounds.cend()));
        QVERIFY(bounds.first() <= 0.005);
        QVERIFY(bounds.last() >= 60); // a session start may take up to 60 s
    }
};

QTEST_GUILESS_MAIN(TestExposition)
#include "tst_exposition.moc"
