#include "shared/protocol/cborreader.h"

#include <cstring>
#include <limits>

namespace Protocol {

namespace {

constexpr quint64 MaxInteger = static_cast<quint64>(std::numeric_limits<qint64>::max());
constexpr quint8 Break = 0xff;
constexpr int InfoIndefinite = 31;
constexpr int InfoFalse = 20;
constexpr int InfoTrue = 21;
constexpr int InfoNull = 22;
constexpr int InfoUndefined = 23;

bool isAscii(QByteArrayView bytes)
{
    for (const char c : bytes) {
        if (static_cast<quint8>(c) >= 0x80)
            return false;
    }
    return true;
}

} // namespace

CborItem CborItem::first(QByteArrayView encoding)
{
    const char *at = encoding.data();
    return read(&at, encoding.data() + encoding.size(), 0);
}

bool CborItem::readHead(const char **at, const char *end)
{
    const char *p = *at;
    if (p == end)
        return false;
    const auto initial = static_cast<quint8>(*p++);
    m_major = static_cast<Major>(initial >> 5);
    m_info = initial & 0x1f;
    m_indefinite = m_info == InfoIndefinite;
    m_argument = 0;
    if (m_info < 24) {
        m_argument = m_info;
    } else if (m_info <= 27) {
        const int bytes = 1 << (m_info - 24);
        if (end - p < bytes)
            return false;
        for (int i = 0; i < bytes; ++i)
            m_argument = (m_argument << 8) | static_cast<quint8>(*p++);
    } else if (!m_indefinite) {
        return false; // 28..30 are reserved
    }
    m_content = p;
    *at = p;
    return true;
}

CborItem CborItem::read(const char **at, const char *end, int depth)
{
    CborItem item;
    const char *p = *at;
    if (depth > MaxDepth || !item.readHead(&p, end))
        return {};
    const auto breakHere = [&] { return p != end && static_cast<quint8>(*p) == Break; };
    switch (item.m_major) {
    case Unsigned:
    case Negative:
    case Tag:
        if (item.m_indefinite)
            return {};
        if (item.m_major == Tag && !read(&p, end, depth + 1).isValid())
            return {};
        break;
    case Bytes:
    case Text:
        if (!item.m_indefinite) {
            if (quint64(end - p) < item.m_argument)
                return {};
            p += item.m_argument;
            break;
        }
        while (!breakHere()) { // chunks: definite strings of the same kind
            const CborItem chunk = read(&p, end, depth + 1);
            if (!chunk.isValid() || chunk.m_major != item.m_major || chunk.m_indefinite)
                return {};
        }
        ++p;
        break;
    case Array:
    case Map: {
        const quint64 perEntry = item.m_major == Map ? 2 : 1;
        for (quint64 i = 0; item.m_indefinite ? !breakHere() : i < item.m_argument; ++i) {
            for (quint64 k = 0; k < perEntry; ++k) {
                if (!read(&p, end, depth + 1).isValid())
                    return {};
            }
        }
        if (item.m_indefinite) {
            if (p == end)
                return {};
            ++p;
        }
        break;
    }
    case Simple:
        if (item.m_indefinite)
            return {}; // a break where no item may end
        break;
    }
    item.m_begin = *at;
    item.m_end = p;
    *at = p;
    return item;
}

CborItem CborItem::headAt(const char **at, const char *end)
{
    CborItem item;
    const char *start = *at;
    if (!item.readHead(at, end))
        return {};
    item.m_begin = start;
    item.m_end = *at; // the head alone
    return item;
}

bool CborItem::isAbsent() const
{
    return !isValid() || (m_major == Simple && (m_info == InfoNull || m_info == InfoUndefined));
}

std::optional<qint64> CborItem::integer() const
{
    if (!isValid() || (m_major != Unsigned && m_major != Negative) || m_argument > MaxInteger)
        return std::nullopt;
    const auto value = static_cast<qint64>(m_argument);
    return m_major == Unsigned ? value : -1 - value;
}

std::optional<bool> CborItem::boolean() const
{
    if (!isValid() || m_major != Simple || (m_info != InfoFalse && m_info != InfoTrue))
        return std::nullopt;
    return m_info == InfoTrue;
}

std::optional<QString> CborItem::asciiText() const
{
    if (!isValid() || m_major != Text || m_indefinite)
        return std::nullopt;
    const QByteArrayView text(m_content, m_end - m_content);
    if (!isAscii(text))
        return std::nullopt;
    return QString::fromLatin1(text);
}

std::optional<QByteArrayView> CborItem::byteString() const
{
    if (!isValid() || m_major != Bytes || m_indefinite)
        return std::nullopt;
    return QByteArrayView(m_content, m_end - m_content);
}

std::optional<QList<CborItem>> CborItem::elements() const
{
    if (!isArray())
        return std::nullopt;
    QList<CborItem> list;
    list.reserve(static_cast<qsizetype>(m_argument));
    const char *p = m_content;
    for (quint64 i = 0; i < m_argument; ++i)
        list.append(read(&p, m_end, 0)); // valid: read() walked them before
    return list;
}

QCborValue CborItem::value() const
{
    if (!isValid())
        return {};
    if (const auto i = integer())
        return *i;
    if (m_major == Simple) {
        switch (m_info) {
        case InfoFalse:
            return false;
        case InfoTrue:
            return true;
        case InfoNull:
            return QCborValue(nullptr);
        case InfoUndefined:
            return {};
        default:
            break;
        }
    }
    return QCborValue::fromCbor(QByteArray(m_begin, m_end - m_begin));
}

// The map's head, then each entry once (an item's reading walks what it holds).
CborMapReader::CborMapReader(QByteArrayView encoding)
{
    const char *p = encoding.data();
    const char *const end = p + encoding.size();
    CborItem map;
    if (!map.readHead(&p, end) || map.m_major != CborItem::Map || map.m_indefinite)
        return;
    for (quint64 i = 0; i < map.m_argument; ++i) {
        const CborItem key = CborItem::read(&p, end, 1);
        const CborItem value = CborItem::read(&p, end, 1);
        if (!key.isValid() || !value.isValid())
            return;
        if (key.m_major == CborItem::Text) {
            if (key.m_indefinite)
                return; // a key in chunks: only a decoded map can compare it
            m_entries.append({ QByteArrayView(key.m_content, key.m_end - key.m_content), value });
        }
    }
    if (p != end)
        return;
    m_size = static_cast<qsizetype>(map.m_argument);
    m_valid = true;
}

CborItem CborMapReader::value(QLatin1StringView key) const
{
    for (const Entry &e : m_entries) {
        if (e.key.size() == key.size() && std::memcmp(e.key.data(), key.data(), size_t(key.size())) == 0)
            return e.value;
    }
    return {};
}

} // namespace Protocol
