#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1StringView>
#include <QStringView>

namespace Protocol {

// CBOR written straight into a QByteArray, after what it holds. For the same calls it writes
// the bytes QCborStreamWriter writes: the shortest head for every integer and length, definite
// lengths only, text as UTF-8. QCborStreamWriter on a QByteArray writes through a QBuffer, two
// QIODevice::write() calls per string; this appends to the array (callgrind: 111 instead of 426
// instructions for each one-letter key of a message's envelope). Used where the items are at hand as plain
// values: the envelope of a message, records packed for the journal, replication and snapshots.
//
// The array is grown ahead of the writing and cut back to what was written by finish() or the
// destructor; until then it holds bytes past the end of the encoding.
class CborWriter {
public:
    explicit CborWriter(QByteArray *out);
    ~CborWriter() { finish(); }
    CborWriter(const CborWriter &) = delete;
    CborWriter &operator=(const CborWriter &) = delete;

    void startArray(quint64 count) { head(MajorArray, count); }
    void startMap(quint64 count) { head(MajorMap, count); }
    void append(quint64 value) { head(MajorUnsigned, value); }
    void append(qint64 value);
    void append(int value) { append(static_cast<qint64>(value)); }
    void append(bool value);
    void append(QStringView text);
    void append(QLatin1StringView text);
    void appendByteString(QByteArrayView bytes);
    // One item already encoded (say a body by QCborValue::toCbor()), copied as it is.
    void appendEncoded(QByteArrayView cbor);

    // Cuts the array back to the end of what was written; writing may go on after it.
    void finish();

private:
    enum Major : quint8 {
        MajorUnsigned = 0,
        MajorNegative = 1,
        MajorBytes = 2,
        MajorText = 3,
        MajorArray = 4,
        MajorMap = 5,
    };

    // The head of an item: its major type and argument (a value, a length or a count). Inline for
    // the one-byte heads (below 24) that most keys, lengths and small numbers take.
    void head(Major major, quint64 value)
    {
        if (value < 24)
            *reserve(1) = static_cast<char>((major << 5) | static_cast<int>(value));
        else
            longHead(major, value);
    }
    void longHead(Major major, quint64 value);
    // Room for n more bytes at m_at; returns where they go. Inline: called for every item, it
    // only checks the room left (the array's data is held, not asked for with its detach check).
    char *reserve(qsizetype n)
    {
        if (m_at + n > m_size)
            grow(m_at + n);
        char *at = m_data + m_at;
        m_at += n;
        return at;
    }
    void grow(qsizetype size);

    QByteArray *m_out;
    char *m_data; // m_out's data, valid up to m_size
    qsizetype m_size; // m_out's size: what was written, and the room ahead of it
    qsizetype m_at; // the end of what was written
};

} // namespace Protocol
