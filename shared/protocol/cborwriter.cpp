#include "shared/protocol/cborwriter.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace Protocol {

namespace {

constexpr char CborFalse = char(0xf4);
constexpr char CborTrue = char(0xf5);

} // namespace

// m_data is taken at the first write, which always grows the array (m_at == m_size): asking an
// empty array for its data would allocate.
CborWriter::CborWriter(QByteArray *out) : m_out(out), m_data(nullptr), m_size(out->size()), m_at(out->size())
{
}

void CborWriter::finish()
{
    if (m_size == m_at)
        return;
    m_out->resize(m_at);
    m_data = m_out->data();
    m_size = m_at;
}

void CborWriter::grow(qsizetype size)
{
    // All the capacity there is in one step; past it, QByteArray grows geometrically.
    m_out->resize(std::max(size, m_out->capacity()));
    m_data = m_out->data();
    m_size = m_out->size();
}

void CborWriter::longHead(Major major, quint64 value)
{
    const char type = static_cast<char>(major << 5);
    if (value <= 0xff) {
        char *p = reserve(2);
        p[0] = static_cast<char>(type | 24);
        p[1] = static_cast<char>(value);
    } else if (value <= 0xffff) {
        char *p = reserve(3);
        p[0] = static_cast<char>(type | 25);
        qToBigEndian<quint16>(static_cast<quint16>(value), p + 1);
    } else if (value <= 0xffffffffU) {
        char *p = reserve(5);
        p[0] = static_cast<char>(type | 26);
        qToBigEndian<quint32>(static_cast<quint32>(value), p + 1);
    } else {
        char *p = reserve(9);
        p[0] = static_cast<char>(type | 27);
        qToBigEndian<quint64>(value, p + 1);
    }
}

void CborWriter::append(qint64 value)
{
    if (value >= 0)
        head(MajorUnsigned, static_cast<quint64>(value));
    else
        head(MajorNegative, ~static_cast<quint64>(value)); // -1 - value
}

void CborWriter::append(bool value)
{
    *reserve(1) = value ? CborTrue : CborFalse;
}

void CborWriter::append(QStringView text)
{
    const char16_t *s = text.utf16();
    const qsizetype n = text.size();
    if (std::all_of(s, s + n, [](char16_t c) { return c < 0x80; })) {
        head(MajorText, static_cast<quint64>(n));
        char *p = reserve(n);
        for (qsizetype i = 0; i < n; ++i)
            p[i] = static_cast<char>(s[i]);
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    head(MajorText, static_cast<quint64>(utf8.size()));
    std::memcpy(reserve(utf8.size()), utf8.constData(), static_cast<size_t>(utf8.size()));
}

void CborWriter::append(QLatin1StringView text)
{
    // Latin-1 above 0x7f is two bytes of UTF-8.
    const auto *s = reinterpret_cast<const uchar *>(text.data());
    const qsizetype n = text.size();
    const qsizetype high = std::count_if(s, s + n, [](uchar c) { return c >= 0x80; });
    head(MajorText, static_cast<quint64>(n + high));
    if (high == 0) { // ASCII, as every key is
        appendEncoded(QByteArrayView(text.data(), n));
        return;
    }
    char *p = reserve(n + high);
    for (qsizetype i = 0; i < n; ++i) {
        if (s[i] < 0x80) {
            *p++ = static_cast<char>(s[i]);
        } else {
            *p++ = static_cast<char>(0xc0 | (s[i] >> 6));
            *p++ = static_cast<char>(0x80 | (s[i] & 0x3f));
        }
    }
}

void CborWriter::appendByteString(QByteArrayView bytes)
{
    head(MajorBytes, static_cast<quint64>(bytes.size()));
    appendEncoded(bytes);
}

void CborWriter::appendEncoded(QByteArrayView cbor)
{
    if (!cbor.isEmpty())
        std::memcpy(reserve(cbor.size()), cbor.data(), static_cast<size_t>(cbor.size()));
}

} // namespace Protocol
