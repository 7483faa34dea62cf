#include "shared/protocol/body.h"

#include "shared/protocol/cborreader.h"

#include <algorithm>

namespace Protocol {

Body Body::encoded(QByteArray cbor)
{
    Body body;
    body.m_encoded = std::move(cbor);
    return body;
}

QCborMap Body::map() const
{
    return isEncoded() ? QCborValue::fromCbor(m_encoded).toMap() : m_map;
}

bool Body::isEmpty() const
{
    if (!isEncoded())
        return m_map.isEmpty();
    const CborMapReader reader(m_encoded);
    return reader.isValid() ? reader.size() == 0 : map().isEmpty();
}

QCborValue Body::value(QLatin1StringView key) const
{
    if (!isEncoded())
        return m_map.value(key);
    const CborMapReader reader(m_encoded);
    return reader.isValid() ? reader.value(key).value() : map().value(key);
}

QCborValue Body::value(const QString &key) const
{
    const bool ascii = std::all_of(key.cbegin(), key.cend(), [](QChar c) { return c.unicode() < 0x80; });
    if (isEncoded() && ascii)
        return value(QLatin1StringView(key.toLatin1()));
    return isEncoded() ? map().value(key) : m_map.value(key);
}

bool Body::contains(QLatin1StringView key) const
{
    if (!isEncoded())
        return m_map.contains(key);
    const CborMapReader reader(m_encoded);
    return reader.isValid() ? reader.contains(key) : map().contains(key);
}

void Body::insert(QLatin1StringView key, const QCborValue &value)
{
    if (isEncoded())
        m_map = map();
    m_encoded.clear();
    m_map.insert(key, value);
}

void Body::insert(const QString &key, const QCborValue &value)
{
    if (isEncoded())
        m_map = map();
    m_encoded.clear();
    m_map.insert(key, value);
}

} // namespace Protocol
