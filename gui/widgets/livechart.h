#pragma once

#include <QColor>
#include <QList>
#include <QWidget>

// A small live line chart: named series of the last N samples, drawn as polylines with the
// latest value in the legend. Enough for session counts and replication lag. A gap (no data
// for that sample, e.g. the node is unreachable) breaks the line; the legend then shows "–",
// never the last value as if it were current.
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

    QSize sizeHint() const override { return { 320, 120 }; }
    QSize minimumSizeHint() const override { return { 160, 80 }; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Series {
        QString name;
        QColor color;
        QList<double> values;
    };
    QList<Series> m_series;
    QString m_title;
    static constexpr int Capacity = 120; // samples kept: two minutes at one a second
};
