#pragma once

#include <QByteArray>
#include <QCborMap>
#include <QCborValue>
#include <QLatin1StringView>
#include <QString>

namespace Protocol {

// A message's body: one CBOR map, held either as a QCborMap or as its encoding. A body that is
// sent may be a typed message's encode() (written into the frame as it is: no QCborMap built,
// nor walked to encode it); a body that is received stays as the bytes it came in
// (Message::decode()), and the typed messages read their fields straight from them
// (FieldReader). A map converts to a Body, so that code giving maps needs no change.
//
// Reading an encoded body through map(), value() or contains() decodes it (all of it, or the
// one value) on every call: code that reads many fields takes map() once, or better, the typed
// message's fromCbor().
class Body {
public:
    Body() = default;
    Body(const QCborMap &map) // NOLINT(google-explicit-constructor): a map is a body
        : m_map(map)
    {
    }
    // cbor: the encoding of one CBOR map.
    static Body encoded(QByteArray cbor);

    bool isEncoded() const { return !m_encoded.isEmpty(); }
    const QByteArray &encodedBytes() const { return m_encoded; }
    QCborMap map() const;

    bool isEmpty() const;
    // As QCborMap::value() and contains(); key ASCII (as every key of keys.h is).
    QCborValue value(QLatin1StringView key) const;
    QCborValue value(const QString &key) const;
    bool contains(QLatin1StringView key) const;
    // Adds (or replaces) a field; an encoded body becomes a map first.
    void insert(QLatin1StringView key, const QCborValue &value);
    void insert(const QString &key, const QCborValue &value);

    // The same map, however each is held.
    friend bool operator==(const Body &a, const Body &b) { return a.map() == b.map(); }
    friend bool operator!=(const Body &a, const Body &b) { return !(a == b); }

private:
    QCborMap m_map;
    QByteArray m_encoded;
};

} // namespace Protocol
