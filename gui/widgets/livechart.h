#pragma once

#include <QColor>
#include <QList>
#include <QWidget>

namespace Widgets {

// A small live line chart: named series of the last N samples, drawn as polylines with the
// latest value in the legend. Enough for session counts and replication lag. A gap (no data
// for that sample, e.g. the node is unreachable) breaks the line; the legend then shows "–",
// never the last value as if it were current.
//
// Axes: time along the bottom ("-90 s", "-60 s", "-30 s", "now": the samples are taken every
// setSampleIntervalMs apart, the newest at the right edge), values on the left from 0 to a
// round top above every value shown, the top one with the unit ("4 sessions", "200 ms").
class LiveChart final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveChart)

public:
    explicit LiveChart(QWidget *parent = nullptr);

    int addSeries(const QString &name, const QColor &color);
    void addSample(int series, double value);
    void addGap(int series);
    void setTitle(const QString &title);
    int sampleCount(int series) const { return static_cast<int>(m_series.value(series).values.size()); }
    double lastValue(int series) const; // NaN after a gap
    bool lastIsGap(int series) const;

    // The unit of the values, written after the value axis' top label; none unless set.
    void setUnit(const QString &unit);
    // How far apart the samples are: the time axis' scale (1 s unless set).
    void setSampleIntervalMs(int ms);

    // A label on an axis; at: 0..1 along it (time: 0 the oldest sample kept, 1 now; values: 0
    // the bottom, 1 the top).
    struct Tick {
        double at;
        QString text;
    };
    QList<Tick> timeTicks() const;
    QList<Tick> valueTicks() const;
    double axisTop() const; // the value at the top of the plot
    // The value axis for values up to max: a round step (1, 2 or 5 times a power of ten) and
    // the top (a multiple of the step, at least 2, above max), with two or three steps.
    static void valueScale(double max, double *step, double *top);

    QSize sizeHint() const override { return { 320, 120 }; }
    QSize minimumSizeHint() const override { return { 160, 100 }; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Series {
        QString name;
        QColor color;
        QList<double> values;
    };
    QRect plotRect() const;
    double maxValue() const;

    QList<Series> m_series;
    QString m_title;
    QString m_unit;
    int m_intervalMs = 1000;
    static constexpr int Capacity = 120; // samples kept: two minutes at one a second
};

} // namespace Widgets
