#pragma once

#include "shared/protocol/body.h"
#include "shared/protocol/cborreader.h"

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

// A typed message or entry: has static std::optional<T> fromCbor(const Body &, QString *).
template<typename T, typename = void> struct IsCborMessage : std::false_type {
};
template<typename T>
struct IsCborMessage<
    T, std::void_t<decltype(T::fromCbor(std::declval<const Body &>(), std::declval<QString *>()))>>
    : std::true_type {
};
template<typename T> struct IsCborMessageList : std::false_type {
};
template<typename T> struct IsCborMessageList<QList<T>> : IsCborMessage<T> {
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
//
// A body that came as bytes (Body::encoded(), as Message::decode() leaves it) is read from the
// bytes, without a QCborMap: text, bytes, integers and the maps and lists of typed entries
// straight (CborItem), any other value through the QCborValue of that one value, so that both
// ways accept the same bodies and name the same faults.
class FieldReader {
public:
    FieldReader(const Body &body, const char *what);

    template<typename T> void required(Key key, T *out)
    {
        if (!m_error.isEmpty())
            return;
        if (m_encoded) {
            const CborItem item = m_encoded->value(key);
            if (item.isAbsent())
                return fail(key, QStringLiteral("missing"));
            return readItem(key, item, out);
        }
        const QCborValue v = m_map.value(key);
        if (v.isUndefined() || v.isNull())
            return fail(key, QStringLiteral("missing"));
        read(key, v, out);
    }
    template<typename T> void optional(Key key, T *out)
    {
        if (!m_error.isEmpty())
            return;
        if (m_encoded) {
            const CborItem item = m_encoded->value(key);
            if (!item.isAbsent())
                readItem(key, item, out);
            return;
        }
        const QCborValue v = m_map.value(key);
        if (!v.isUndefined() && !v.isNull())
            read(key, v, out);
    }
    template<typename T> void optional(Key key, std::optional<T> *out)
    {
        if (!m_error.isEmpty())
            return;
        T value {};
        if (m_encoded) {
            const CborItem item = m_encoded->value(key);
            if (item.isAbsent())
                return;
            readItem(key, item, &value);
        } else {
            const QCborValue v = m_map.value(key);
            if (v.isUndefined() || v.isNull())
                return;
            read(key, v, &value);
        }
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
    // One value of an encoded body: the forms CborItem reads straight, the rest as read() reads
    // their QCborValue.
    template<typename T> void readItem(Key key, const CborItem &item, T *out)
    {
        if constexpr (std::is_same_v<T, QString>) {
            if (std::optional<QString> text = item.asciiText()) {
                *out = std::move(*text);
                return;
            }
        } else if constexpr (std::is_same_v<T, QByteArray>) {
            if (const std::optional<QByteArrayView> bytes = item.byteString()) {
                *out = bytes->toByteArray();
                return;
            }
        } else if constexpr (IsCborMessage<T>::value) {
            if (item.isMap())
                return readMessage(key, Body::encoded(item.encoding().toByteArray()), out);
        } else if constexpr (IsCborMessageList<T>::value) {
            if (readItemList(key, item, out))
                return;
        }
        read(key, item.value(), out); // integers, true and false without decoding
    }
    // False, having read nothing, unless item is a definite array of definite maps.
    template<typename T> bool readItemList(Key key, const CborItem &item, QList<T> *out)
    {
        const std::optional<QList<CborItem>> entries = item.elements();
        if (!entries)
            return false;
        for (const CborItem &entry : *entries) {
            if (!entry.isMap())
                return false;
        }
        QList<T> list;
        list.reserve(entries->size());
        for (qsizetype i = 0; i < entries->size(); ++i) {
            QString error;
            std::optional<T> entry
                = T::fromCbor(Body::encoded(entries->at(i).encoding().toByteArray()), &error);
            if (!entry) {
                fail(key, QStringLiteral("entry %1: %2").arg(i).arg(error));
                return true;
            }
            list.append(std::move(*entry));
        }
        *out = std::move(list);
        return true;
    }
    template<typename T> void readMessage(Key key, const Body &body, T *out)
    {
        QString error;
        std::optional<T> value = T::fromCbor(body, &error);
        if (!value)
            return fail(key, error);
        *out = std::move(*value);
    }

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
        readMessage(key, Body(v.toMap()), out);
    }

    QCborMap m_map; // the body, when it is not read from its bytes
    std::optional<CborMapReader> m_encoded;
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
