#include "shared/metrics/histogram.h"

#include <algorithm>

namespace Metrics {

QList<double> Histogram::durationBounds()
{
    return { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60 };
}

Histogram::Histogram(QList<double> upperBounds) : m_bounds(std::move(upperBounds))
{
    std::sort(m_bounds.begin(), m_bounds.end());
    m_buckets.fill(0, m_bounds.size());
}

void Histogram::observe(double value)
{
    const auto it = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), value);
    if (it != m_bounds.cend())
        ++m_buckets[it - m_bounds.cbegin()];
    ++m_count;
    m_sum += value;
}

quint64 Histogram::cumulativeCount(qsizetype i) const
{
    quint64 n = 0;
    for (qsizetype k = 0; k <= i && k < m_buckets.size(); ++k)
        n += m_buckets.at(k);
    return n;
}

} // namespace Metrics
