#pragma once

#include <QList>

namespace Metrics {

// A Prometheus histogram: how many observations fell at or below each upper bound, their sum
// and their count. Bounds are in the metric's unit (seconds for durations), ascending; the
// +Inf bucket is implied.
class Histogram final {
public:
    // Request latencies and resync durations: 5 ms to 60 s.
    static QList<double> durationBounds();

    explicit Histogram(QList<double> upperBounds = durationBounds());

    void observe(double value);

    const QList<double> &upperBounds() const { return m_bounds; }
    // Observations <= upperBounds()[i] (cumulative, as exposed), for i < upperBounds().size().
    quint64 cumulativeCount(qsizetype i) const;
    quint64 count() const { return m_count; }
    double sum() const { return m_sum; }

private:
    QList<double> m_bounds;
    QList<quint64> m_buckets; // per bucket, not cumulative
    quint64 m_count = 0;
    double m_sum = 0;
};

} // namespace Metrics
