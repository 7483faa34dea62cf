#include "shared/metrics/exposition.h"

#include "shared/metrics/histogram.h"

#include <QLocale>

#include <cmath>

namespace Metrics {

namespace {

QString typeName(Exposition::Type type)
{
    switch (type) {
    case Exposition::Type::Counter:
        return QStringLiteral("counter");
    case Exposition::Type::Gauge:
        return QStringLiteral("gauge");
    case Exposition::Type::Histogram:
        return QStringLiteral("histogram");
    }
    return QStringLiteral("untyped");
}

bool isNameChar(QChar c, bool first)
{
    const char16_t u = c.unicode();
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u == ':')
        return true;
    return !first && u >= '0' && u <= '9';
}

} // namespace

bool Exposition::isValidName(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (!isNameChar(name.at(i), i == 0))
            return false;
    }
    return true;
}

QString Exposition::escapeLabelValue(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            out += QStringLiteral("\\\\");
        else if (c == QLatin1Char('"'))
            out += QStringLiteral("\\\"");
        else if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else
            out += c;
    }
    return out;
}

QString Exposition::escapeHelp(const QString &help)
{
    QString out;
    out.reserve(help.size());
    for (const QChar c : help) {
        if (c == QLatin1Char('\\'))
            out += QStringLiteral("\\\\");
        else if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else
            out += c;
    }
    return out;
}

QString Exposition::formatValue(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    // Whole numbers (counts, bytes) exactly, without an exponent, up to 2^53.
    if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

void Exposition::family(const QString &name, Type type, const QString &help)
{
    Q_ASSERT_X(isValidName(name), "Metrics::Exposition", "invalid metric name");
    Q_ASSERT_X(!m_families.contains(name), "Metrics::Exposition", "metric family written twice");
    m_families.insert(name);
    m_text += QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n")
                  .arg(name, escapeHelp(help), typeName(type))
                  .toUtf8();
}

void Exposition::line(const QString &name, const Labels &labels, const QString &value)
{
    QString text = name;
    if (!labels.isEmpty()) {
        text += QLatin1Char('{');
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                text += QLatin1Char(',');
            text += labels.at(i).first + QStringLiteral("=\"") + escapeLabelValue(labels.at(i).second)
                + QLatin1Char('"');
        }
        text += QLatin1Char('}');
    }
    text += QLatin1Char(' ') + value + QLatin1Char('\n');
    m_text += text.toUtf8();
}

void Exposition::sample(const QString &name, double value, const Labels &labels)
{
    line(name, labels, formatValue(value));
}

void Exposition::histogram(const QString &name, const Histogram &histogram, const Labels &labels)
{
    const QString bucket = name + QStringLiteral("_bucket");
    const QList<double> &bounds = histogram.upperBounds();
    for (qsizetype i = 0; i < bounds.size(); ++i) {
        Labels withLe = labels;
        withLe.append({ QStringLiteral("le"), formatValue(bounds.at(i)) });
        line(bucket, withLe, formatValue(static_cast<double>(histogram.cumulativeCount(i))));
    }
    Labels inf = labels;
    inf.append({ QStringLiteral("le"), QStringLiteral("+Inf") });
    line(bucket, inf, formatValue(static_cast<double>(histogram.count())));
    line(name + QStringLiteral("_sum"), labels, formatValue(histogram.sum()));
    line(name + QStringLiteral("_count"), labels, formatValue(static_cast<double>(histogram.count())));
}

} // namespace Metrics
