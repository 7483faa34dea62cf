#pragma once

#include <QByteArray>
#include <QCborArray>
#include <QCborMap>
#include <QList>
#include <QString>
#include <QStringList>

#include <limits>
#include <optional>
#include <type_traits>
#include <utility>

// Reading and writing the fields of message bodies (CBOR maps with snake_case keys), the one way
// every typed message of protocol/*messages.h does it.
namespace Protocol {

using Key = QLatin1StringView;

// A typed message or entry: has static std::optional<T> fromCbor(const QCborMap &, QString *).
template<typename T, typename = void> struct IsCborMessage : std::false_type {
};
template<typename T>
struct IsCborMessage<
    T, std::void_t<decltype(T::fromCbor(std::declval<const QCborMap &>(), std::declval<QString *>()))>>
    : std::true_type {
};

// Reads one body into a struct, top to bottom. Each field names its key once, at the call; the
// first field that is missing, of the wrong type or out of range is remembered with its name and
// every later read is skipped, so fromCbor() checks ok() once at the end:
//
//     FieldReader f(body, "session record");
//     f.required(Keys::id, &r.id);
//     f.optional(Keys::display, &r.display);
//     return f.finish(r, error);   // "session record: field 'display': not an integer"
//
// An optional field that is absent (or CBOR null) leaves its target as it was, its default.
class FieldReader {
public:
    FieldReader(const QCborMap &map, const char *what) : m_map(map), m_what(what) { }

    template<typename T> void required(Key key, T *out)
    {
        if (!m_error.isEmpty())
            return;
        const QCborValue v = m_map.value(key);
        if (v.isUndefined() || v.isNull())
            return fail(key, QStringLiteral("missing"));
        read(key, v, out);
    }
    template<typename T> void optional(Key key, T *out)
    {
        if (!m_error.isEmpty())
            return;
        const QCborValue v = m_map.value(key);
        if (!v.isUndefined() && !v.isNull())
            read(key, v, out);
    }
    template<typename T> void optional(Key key, std::optional<T> *out)
    {
        if (!m_error.isEmpty())
            return;
        const QCborValue v = m_map.value(key);
        if (v.isUndefined() || v.isNull())
            return;
        T value {};
        read(key, v, &value);
        if (m_error.isEmpty())
            *out = std::move(value);
    }

    // A rule beyond the type: "<what>: field '<key>': <reason>".
    void fail(Key key, const QString &reason);

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    // value when every read succeeded, else nothing, with the reason in *error.
    template<typename T> std::optional<T> finish(T value, QString *error) const
    {
        if (m_error.isEmpty())
            return value;
        if (error)
            *error = m_error;
        return std::nullopt;
    }

private:
    void read(Key key, const QCborValue &v, QString *out);
    void read(Key key, const QCborValue &v, bool *out);
    void read(Key key, const QCborValue &v, double *out); // finite
    void read(Key key, const QCborValue &v, QByteArray *out);
    void read(Key key, const QCborValue &v, QStringList *out);
    void read(Key key, const QCborValue &v, QCborMap *out);
    void read(Key key, const QCborValue &v, QCborArray *out);
    void readInteger(Key key, const QCborValue &v, qint64 min, quint64 max, qint64 *out);
    template<typename T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
    void read(Key key, const QCborValue &v, T *out)
    {
        // A quint64 travels as a non-negative CBOR integer (qint64 range).
        const quint64 max = std::is_signed_v<T> || sizeof(T) < sizeof(qint64)
            ? static_cast<quint64>(std::numeric_limits<T>::max())
            : static_cast<quint64>(std::numeric_limits<qint64>::max());
        qint64 value = 0;
        readInteger(key, v, static_cast<qint64>(std::numeric_limits<T>::min()), max, &value);
        if (m_error.isEmpty())
            *out = static_cast<T>(value);
    }
    // A list of typed entries: each a map that T::fromCbor reads.
    template<typename T, std::enable_if_t<IsCborMessage<T>::value, int> = 0>
    void read(Key key, const QCborValue &v, QList<T> *out)
    {
        if (!v.isArray())
            return fail(key, QStringLiteral("not a list"));
        const QCborArray array = v.toArray();
        QList<T> list;
        list.reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            QString error;
            std::optional<T> entry;
            if (array.at(i).isMap())
                entry = T::fromCbor(array.at(i).toMap(), &error);
            else
                error = QStringLiteral("not a map");
            if (!entry)
                return fail(key, QStringLiteral("entry %1: %2").arg(i).arg(error));
            list.append(std::move(*entry));
        }
        *out = std::move(list);
    }
    // One typed map.
    template<typename T, std::enable_if_t<IsCborMessage<T>::value, int> = 0>
    void read(Key key, const QCborValue &v, T *out)
    {
        if (!v.isMap())
            return fail(key, QStringLiteral("not a map"));
        QString error;
        std::optional<T> value = T::fromCbor(v.toMap(), &error);
        if (!value)
            return fail(key, error);
        *out = std::move(*value);
    }

    const QCborMap &m_map;
    const char *m_what;
    QString m_error;
};

// Writing is QCborMap::insert(Keys::x, value); these cover what insert does not.
template<typename T> QCborArray toCborArray(const QList<T> &list)
{
    QCborArray array;
    for (const T &entry : list)
        array.append(entry.toCbor());
    return array;
}
// Inserts value only when set.
template<typename T> void insertIf(QCborMap &map, Key key, const std::optional<T> &value)
{
    if (value)
        map.insert(key, QCborValue(*value));
}
inline void insertIf(QCborMap &map, Key key, const std::optional<QStringList> &value)
{
    if (value)
        map.insert(key, QCborArray::fromStringList(*value));
}

} // namespace Protocol
