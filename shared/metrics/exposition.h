#pragma once

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>

#include <utility>

namespace Metrics {

class Histogram;

// Label name/value pairs of one sample, in the order they are written.
using Labels = QList<std::pair<QString, QString>>;

// Writes the Prometheus text exposition format, version 0.0.4 (the format every Prometheus
// scrapes): per metric family a # HELP and a # TYPE line, then its samples, one per line,
// `name{label="value",...} value`. Label values and help texts are escaped as the format says;
// values are written as Prometheus reads them (NaN, +Inf, -Inf, integers without exponent).
//
// Call family() once per metric name, then its samples; names must be valid metric names
// (isValidName), which the unit test checks for everything the daemons expose.
class Exposition final {
public:
    static constexpr const char *ContentType = "text/plain; version=0.0.4; charset=utf-8";

    enum class Type { Counter, Gauge, Histogram };

    void family(const QString &name, Type type, const QString &help);
    void sample(const QString &name, double value, const Labels &labels = {});
    // name_bucket{...,le="..."} for every bound and +Inf, then name_sum and name_count.
    void histogram(const QString &name, const Histogram &histogram, const Labels &labels = {});

    QByteArray text() const { return m_text; }

    static bool isValidName(const QString &name); // [a-zA-Z_:][a-zA-Z0-9_:]*
    static QString escapeLabelValue(const QString &value); // \ " and newline escaped
    static QString escapeHelp(const QString &help); // \ and newline escaped
    static QString formatValue(double value);

private:
    void line(const QString &name, const Labels &labels, const QString &value);

    QByteArray m_text;
    QSet<QString> m_families;
};

} // namespace Metrics
