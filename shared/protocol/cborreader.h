#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCborValue>
#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QVarLengthArray>

#include <optional>

namespace Protocol {

// One CBOR item read where it is encoded, without a QCborValue built for it: CborWriter's
// counterpart, for the typed messages (FieldReader) and the message envelope. What it reads
// itself are the forms our messages are made of: integers in qint64's range, true and false,
// null and undefined, text of one chunk in ASCII, bytes of one chunk, definite maps and arrays.
// Anything else (a float, a tag, text beyond ASCII or in chunks, an integer past qint64) it
// leaves to QCborValue through value(), so that every reading agrees with QCborValue's.
//
// Lengths are checked against the bytes there are: a malformed encoding gives an invalid item,
// never a read past the end.
class CborItem {
public:
    enum Major : quint8 { Unsigned, Negative, Bytes, Text, Array, Map, Tag, Simple };

    CborItem() = default;
    // The first item of encoding (which may hold more after it): invalid when malformed or
    // nested deeper than MaxDepth.
    static CborItem first(QByteArrayView encoding);

    bool isValid() const { return m_begin != nullptr; }
    Major major() const { return m_major; }
    // The item's encoding, head to end.
    QByteArrayView encoding() const { return { m_begin, m_end - m_begin }; }

    // Missing, CBOR null or undefined: what FieldReader takes for an absent field.
    bool isAbsent() const;
    bool isMap() const { return isValid() && m_major == Map && !m_indefinite; }
    bool isArray() const { return isValid() && m_major == Array && !m_indefinite; }
    // An integer in qint64's range (as QCborValue::isInteger() would see it).
    std::optional<qint64> integer() const;
    std::optional<bool> boolean() const;
    // Text of one chunk, all ASCII; nothing for any other text (and any other item).
    std::optional<QString> asciiText() const;
    // The content of a byte string of one chunk.
    std::optional<QByteArrayView> byteString() const;
    // The elements of a definite array; nothing for anything else.
    std::optional<QList<CborItem>> elements() const;

    // Reading a container's elements one by one, without walking them first: headAt() is the
    // head of the item at *at (major(), isArray(), isMap(), length(); not its encoding, which it
    // has not walked) and moves *at past the head only; readAt() reads a whole item, as first()
    // does, and moves *at past it. Invalid when malformed.
    static CborItem headAt(const char **at, const char *end);
    static CborItem readAt(const char **at, const char *end) { return read(at, end, 0); }
    // A definite container's count of elements (entries of a map), a string's length in bytes.
    quint64 length() const { return m_argument; }

    // As QCborValue::fromCbor() reads the encoding (Undefined for an invalid item); integers,
    // true, false, null and undefined without decoding.
    QCborValue value() const;

    static constexpr int MaxDepth = 64;

private:
    friend class CborMapReader;
    // Reads the item at *at (advancing it past the item) within [*at, end).
    static CborItem read(const char **at, const char *end, int depth);
    // Reads the head at *at into this item (not its content); advances *at past it.
    bool readHead(const char **at, const char *end);

    const char *m_begin = nullptr;
    const char *m_end = nullptr;
    const char *m_content = nullptr; // after the head
    quint64 m_argument = 0;
    Major m_major = Unsigned;
    quint8 m_info = 0; // the head's additional information (31: indefinite length)
    bool m_indefinite = false;
};

// The entries of one encoded map, found once, looked up by text key: what FieldReader reads a
// body from when the body came as bytes. Keys that are not text of one chunk (integers, say)
// are passed over, as QCborMap::value(QLatin1StringView) passes over them; when the encoding is
// not one definite map with such keys, isValid() is false and the caller decodes it as a
// QCborMap instead.
class CborMapReader {
public:
    explicit CborMapReader(QByteArrayView encoding);

    bool isValid() const { return m_valid; }
    // The value under key (the first, should it be there twice); invalid when there is none.
    // key is ASCII, as every key of keys.h is: its bytes are compared with the UTF-8 of the map's.
    CborItem value(QLatin1StringView key) const;
    bool contains(QLatin1StringView key) const { return value(key).isValid(); }
    // Entries under any key, as QCborMap::size() counts them.
    qsizetype size() const { return m_size; }

private:
    struct Entry {
        QByteArrayView key; // the text's UTF-8 bytes
        CborItem value;
    };
    QVarLengthArray<Entry, 24> m_entries;
    qsizetype m_size = 0;
    bool m_valid = false;
};

} // namespace Protocol
