#include "shared/protocol/fields.h"

#include <cmath>

namespace Protocol {

FieldReader::FieldReader(const Body &body, const char *what) : m_what(what)
{
    if (body.isEncoded())
        m_encoded.emplace(body.encodedBytes());
    if (m_encoded && !m_encoded->isValid())
        m_encoded.reset(); // not one map of text keys we can compare in place
    if (!m_encoded)
        m_map = body.map();
}

void FieldReader::fail(Key key, const QString &reason)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("%1: field '%2': %3").arg(QLatin1StringView(m_what), key, reason);
}

void FieldReader::read(Key key, const QCborValue &v, QString *out)
{
    if (!v.isString())
        return fail(key, QStringLiteral("not text"));
    *out = v.toString();
}

void FieldReader::read(Key key, const QCborValue &v, bool *out)
{
    if (!v.isBool())
        return fail(key, QStringLiteral("not true or false"));
    *out = v.toBool();
}

void FieldReader::read(Key key, const QCborValue &v, double *out)
{
    if (!v.isDouble() && !v.isInteger())
        return fail(key, QStringLiteral("not a number"));
    const double value = v.toDouble();
    if (!std::isfinite(value))
        return fail(key, QStringLiteral("not a finite number"));
    *out = value;
}

void FieldReader::read(Key key, const QCborValue &v, QByteArray *out)
{
    if (!v.isByteArray())
        return fail(key, QStringLiteral("not bytes"));
    *out = v.toByteArray();
}

void FieldReader::read(Key key, const QCborValue &v, QStringList *out)
{
    if (!v.isArray())
        return fail(key, QStringLiteral("not a list"));
    QStringList list;
    for (const QCborValue &entry : v.toArray()) {
        if (!entry.isString())
            return fail(key, QStringLiteral("entry %1 is not text").arg(list.size()));
        list.append(entry.toString());
    }
    *out = list;
}

void FieldReader::read(Key key, const QCborValue &v, QCborMap *out)
{
    if (!v.isMap())
        return fail(key, QStringLiteral("not a map"));
    *out = v.toMap();
}

void FieldReader::read(Key key, const QCborValue &v, QCborArray *out)
{
    if (!v.isArray())
        return fail(key, QStringLiteral("not a list"));
    *out = v.toArray();
}

void FieldReader::readInteger(Key key, const QCborValue &v, qint64 min, quint64 max, qint64 *out)
{
    qint64 value = 0;
    if (v.isInteger()) {
        value = v.toInteger();
    } else if (v.isDouble()) {
        // A whole number written as a double, below 2^53 where doubles are exact.
        const double d = v.toDouble();
        if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) >= 9007199254740992.0)
            return fail(key, QStringLiteral("not a whole number"));
        value = static_cast<qint64>(d);
    } else {
        return fail(key, QStringLiteral("not an integer"));
    }
    if (value < min || (value >= 0 && static_cast<quint64>(value) > max))
        return fail(key, QStringLiteral("%1 is out of range (%2..%3)").arg(value).arg(min).arg(max));
    *out = value;
}

} // namespace Protocol
