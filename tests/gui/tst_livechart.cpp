// LiveChart's axes as the administrator reads them: the time axis in seconds (or minutes)
// before now, the value axis from 0 to a round top with the unit, and the Overview's charts
// with theirs ("sessions", "ms").
#include "gui/console/cluster.h"
#include "gui/console/overviewpage.h"
#include "gui/widgets/livechart.h"

#include <QApplication>
#include <QTest>

using namespace Console;
using namespace Widgets;

namespace {

QStringList texts(const QList<LiveChart::Tick> &ticks)
{
    QStringList out;
    for (const LiveChart::Tick &t : ticks)
        out.append(t.text);
    return out;
}

QStringList strings(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out.append(QString::fromUtf8(item));
    return out;
}

} // namespace

class TestLiveChart : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void timeAxis_data()
    {
        QTest::addColumn<int>("intervalMs");
        QTest::addColumn<QStringList>("labels");
        // 120 samples are kept: the oldest is 119 intervals before the newest.
        QTest::newRow("1 s") << 1000 << strings({ "-90 s", "-60 s", "-30 s", "now" });
        QTest::newRow("0.5 s") << 500 << strings({ "-45 s", "-30 s", "-15 s", "now" });
        QTest::newRow("10 s") << 10000 << strings({ "-15 min", "-10 min", "-5 min", "now" });
    }

    void timeAxis()
    {
        QFETCH(int, intervalMs);
        QFETCH(QStringList, labels);
        LiveChart chart;
        chart.setSampleIntervalMs(intervalMs);
        const QList<LiveChart::Tick> ticks = chart.timeTicks();
        QCOMPARE(texts(ticks), labels);
        QCOMPARE(ticks.last().at, 1.0); // now: the right edge, where the newest sample is
        for (int i = 1; i < ticks.size(); ++i)
            QVERIFY(ticks[i - 1].at < ticks[i].at && ticks[i - 1].at >= 0.0);
        // "-30 s" is 30 of the 119 s shown before the right edge.
        if (intervalMs == 1000)
            QVERIFY(qAbs(ticks[2].at - (1.0 - 30.0 / 119.0)) < 1e-9);
    }

    void valueScale_data()
    {
        QTest::addColumn<double>("max");
        QTest::addColumn<double>("step");
        QTest::addColumn<double>("top");
        QTest::newRow("nothing yet") << 0.0 << 1.0 << 2.0;
        QTest::newRow("3 sessions") << 3.0 << 2.0 << 4.0;
        QTest::newRow("10") << 10.0 << 5.0 << 15.0;
        QTest::newRow("12 sessions") << 12.0 << 5.0 << 15.0;
        QTest::newRow("1234 ms") << 1234.0 << 500.0 << 1500.0;
        QTest::newRow("0.4 ms") << 0.4 << 1.0 << 2.0;
    }

    void valueScale()
    {
        QFETCH(double, max);
        QFETCH(double, step);
        QFETCH(double, top);
        double s = 0, t = 0;
        LiveChart::valueScale(max, &s, &t);
        QCOMPARE(s, step);
        QCOMPARE(t, top);
        QVERIFY(t > max); // the highest value is never drawn at (or above) the top edge
        const double steps = t / s;
        QVERIFY(steps >= 2.0 && steps <= 3.0);
    }

    void valueAxisHasTheUnit()
    {
        LiveChart chart;
        QCOMPARE(texts(chart.valueTicks()), strings({ "0", "1", "2" }));
        chart.setUnit(QStringLiteral("sessions"));
        const int s = chart.addSeries(QStringLiteral("tlha-primary"), Qt::blue);
        chart.addSample(s, 3);
        chart.addGap(s); // a gap is no value: the scale stays
        QCOMPARE(texts(chart.valueTicks()), strings({ "0", "2", "4 sessions" }));
        QCOMPARE(chart.valueTicks().last().at, 1.0);
        chart.setUnit(QStringLiteral("ms"));
        chart.addSample(s, 1234);
        QCOMPARE(texts(chart.valueTicks()), strings({ "0", "500", "1000", "1500 ms" }));
        QCOMPARE(chart.axisTop(), 1500.0);
        // It paints with its axes at its smallest size without trouble.
        chart.resize(chart.minimumSizeHint());
        QVERIFY(!chart.grab().isNull());
    }

    void overviewChartsHaveUnitsAndTime()
    {
        Cluster cluster;
        OverviewPage page(&cluster);
        QCOMPARE(texts(page.chart()->valueTicks()).last(), QStringLiteral("2 sessions"));
        QCOMPARE(texts(page.lagChart()->valueTicks()).last(), QStringLiteral("2 ms"));
        QCOMPARE(texts(page.chart()->timeTicks()), strings({ "-90 s", "-60 s", "-30 s", "now" }));
    }
};

QTEST_MAIN(TestLiveChart)
#include "tst_livechart.moc"
