#include "shared/protocol/message.h"

#include "shared/protocol/cborreader.h"
#include "shared/protocol/cborwriter.h"
#include "shared/protocol/frame.h"

#include <QBuffer>
#include <QCborArray>
#include <QCborStreamReader>
#include <QCborStreamWriter>
#include <QCborValue>
#include <QVarLengthArray>
#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <limits>

namespace Protocol {

namespace {

constexpr QLatin1StringView keyType("t");
constexpr QLatin1StringView keyId("i");
constexpr QLatin1StringView keyReply("r");
constexpr QLatin1StringView keyError("e");
constexpr QLatin1StringView keyBody("b");

std::optional<Message> fail(QString *error, const QString &reason)
{
    if (error)
        *error = reason;
    return std::nullopt;
}

// The first key that a map in value (at any depth) holds twice, if any. Such a message is
// ambiguous: QCborMap::value() reads the first copy, other readers may take the last. Keys are
// compared as they encode, so that what is accepted also decodes after a re-encoding (QCborValue
// writes every NaN as the same NaN). Text and integer keys, nearly all there are, encode alike
// exactly when they are equal (QCborValue::compare() == 0), and are compared in place; the others
// by their encoding, which costs an encoder each. Only messages that KeyScan below cannot clear
// come here: a key of another kind, a text in chunks, a key twice (named here), deep nesting.
std::optional<QCborValue> duplicateKey(const QCborValue &value)
{
    if (value.isTag())
        return duplicateKey(value.taggedValue());
    if (value.isArray()) {
        const QCborArray array = value.toArray();
        for (const QCborValue &item : array) {
            if (auto key = duplicateKey(item))
                return key;
        }
    } else if (value.isMap()) {
        const QCborMap map = value.toMap();
        QVarLengthArray<QCborValue, 32> plain;
        QList<QByteArray> encoded;
        for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
            QCborValue key = it.key();
            if (key.isString() || key.isInteger())
                plain.append(std::move(key));
            else
                encoded.append(key.toCbor());
            if (auto inner = duplicateKey(it.value()))
                return inner;
        }
        std::sort(plain.begin(), plain.end(),
                  [](const QCborValue &a, const QCborValue &b) { return a.compare(b) < 0; });
        const auto samePlain
            = std::adjacent_find(plain.cbegin(), plain.cend(),
                                 [](const QCborValue &a, const QCborValue &b) { return a.compare(b) == 0; });
        if (samePlain != plain.cend())
            return *samePlain;
        std::sort(encoded.begin(), encoded.end());
        const auto sameEncoded = std::adjacent_find(encoded.cbegin(), encoded.cend());
        if (sameEncoded != encoded.cend())
            return QCborValue::fromCbor(*sameEncoded);
    }
    return std::nullopt;
}

// The same question answered from the encoding itself, for the keys nearly every message has:
// text strings of one chunk and integers in qint64's range, compared by their text's UTF-8 or
// their value (as QCborValue::compare() would). Distinct when every map's keys are such keys and
// differ; Unsure on any other key (bytes, a float, a tag, a text in chunks), and on a repeated
// key too: duplicateKey() then answers and names the key. Run first, on any payload: every
// length is checked against the bytes there are, and whatever is not well formed is Unsure (the
// QCborValue decoding then says what is wrong).
// Builds no QCborValue and allocates nothing for maps of up to 32 keys: duplicateKey() alone was
// about half of decoding a message (some 11,000 instructions for each of a broker request's two).
class KeyScan {
public:
    enum Result { Distinct, Unsure };

    explicit KeyScan(QByteArrayView payload)
        : m_at(payload.data()), m_end(payload.data() + payload.size()) { }

    Result run() { return item(0) && m_at == m_end ? Distinct : Unsure; }
    // After run(): every item was of the forms CborItem reads itself and QCborValue reads the
    // same way: no tag, no text beyond ASCII, no string in chunks, no container of indefinite
    // length, no simple value beyond true, false, null and undefined. Such a payload, once
    // Distinct, is well formed as QCborValue::fromCbor() would have it.
    bool plain() const { return m_plain; }

private:
    struct Key {
        enum Kind : quint8 { Unsigned, Negative, Text } kind;
        quint64 value; // an integer's (its CBOR argument), a text's length
        const char *text;
        bool operator<(const Key &other) const
        {
            if (kind != other.kind)
                return kind < other.kind;
            if (value != other.value)
                return value < other.value;
            return kind == Text && std::memcmp(text, other.text, value) < 0;
        }
        bool operator==(const Key &other) const
        {
            return kind == other.kind && value == other.value
                && (kind != Text || std::memcmp(text, other.text, value) == 0);
        }
    };
    struct Head {
        int major = 0;
        int info = 0;
        bool indefinite = false;
        quint64 argument = 0;
    };
    static constexpr int MaxDepth = 64; // deeper: duplicateKey()'s recursion decides

    bool head(Head *h)
    {
        if (m_at == m_end)
            return false;
        const auto initial = static_cast<quint8>(*m_at++);
        h->major = initial >> 5;
        h->info = initial & 0x1f;
        h->indefinite = h->info == 31;
        m_plain = m_plain && !h->indefinite;
        if (h->info < 24 || h->indefinite) {
            h->argument = h->indefinite ? 0 : quint64(h->info);
            return true;
        }
        if (h->info > 27)
            return false;
        const int bytes = 1 << (h->info - 24);
        if (m_end - m_at < bytes)
            return false;
        h->argument = 0;
        for (int i = 0; i < bytes; ++i)
            h->argument = (h->argument << 8) | static_cast<quint8>(*m_at++);
        return true;
    }
    bool skip(quint64 bytes)
    {
        if (quint64(m_end - m_at) < bytes)
            return false;
        m_at += bytes;
        return true;
    }
    // skip() for the content of a text string, noting whether it is ASCII.
    bool skipText(quint64 bytes)
    {
        if (quint64(m_end - m_at) < bytes)
            return false;
        for (const char *end = m_at + bytes; m_at != end; ++m_at)
            m_plain = m_plain && static_cast<quint8>(*m_at) < 0x80;
        return true;
    }
    bool atBreak() const { return m_at != m_end && static_cast<quint8>(*m_at) == 0xff; }

    // One item and everything in it; false when unsure.
    bool item(int depth)
    {
        Head h;
        if (depth > MaxDepth || !head(&h))
            return false;
        switch (h.major) {
        case 0:
        case 1:
            return !h.indefinite;
        case 2:
        case 3:
            if (!h.indefinite)
                return h.major == 3 ? skipText(h.argument) : skip(h.argument);
            while (!atBreak()) { // chunks, each a definite string
                Head chunk;
                if (!head(&chunk) || chunk.indefinite || !skip(chunk.argument))
                    return false;
            }
            return skip(1);
        case 4:
            for (quint64 i = 0; h.indefinite ? !atBreak() : i < h.argument; ++i) {
                if (!item(depth + 1))
                    return false;
            }
            return !h.indefinite || skip(1);
        case 5:
            return map(h, depth);
        case 6:
            m_plain = false;
            return !h.indefinite && item(depth + 1);
        default: // simple values and floats: their argument was their content; 31 is a stray break
            m_plain = m_plain && h.info != 24;
            return !h.indefinite;
        }
    }
    bool map(const Head &h, int depth)
    {
        QVarLengthArray<Key, 32> keys;
        for (quint64 i = 0; h.indefinite ? !atBreak() : i < h.argument; ++i) {
            Head k;
            if (!head(&k) || k.indefinite)
                return false;
            if ((k.major == 0 || k.major == 1) && k.argument <= quint64(std::numeric_limits<qint64>::max())) {
                keys.append({ k.major == 0 ? Key::Unsigned : Key::Negative, k.argument, nullptr });
            } else if (k.major == 3) {
                keys.append({ Key::Text, k.argument, m_at });
                if (!skipText(k.argument))
                    return false;
            } else {
                return false;
            }
            if (!item(depth + 1))
                return false;
        }
        if (h.indefinite && !skip(1))
            return false;
        std::sort(keys.begin(), keys.end());
        return std::adjacent_find(keys.cbegin(), keys.cend()) == keys.cend();
    }

    const char *m_at;
    const char *const m_end;
    bool m_plain = true;
};

} // namespace

// The envelope written item by item (CborWriter), the body by QCborValue: no map built for the
// envelope. Written after what out holds (a frame's header), in out's capacity where it fits.
void Message::encodeInto(QByteArray *out) const
{
    const bool hasBody = body.isEncoded() || !body.isEmpty();
    {
        CborWriter writer(out);
        writer.startMap(2 + (reply ? 1 : 0) + (error.isEmpty() ? 0 : 1) + (hasBody ? 1 : 0));
        writer.append(keyType);
        writer.append(static_cast<quint64>(type));
        writer.append(keyId);
        writer.append(static_cast<quint64>(id));
        if (reply) {
            writer.append(keyReply);
            writer.append(true);
        }
        if (!error.isEmpty()) {
            writer.append(keyError);
            writer.append(QStringView(error));
        }
        if (hasBody)
            writer.append(keyBody);
        if (body.isEncoded()) {
            writer.appendEncoded(body.encodedBytes());
            return;
        }
    }
    if (!hasBody)
        return;
    // The body last, straight after the envelope: QCborValue::toCbor() into a QByteArray of its
    // own would grow that array from nothing and then be copied.
    QBuffer device(out);
    device.open(QIODevice::WriteOnly | QIODevice::Append);
    QCborStreamWriter writer(&device);
    QCborValue(body.map()).toCbor(writer);
}

QByteArray Message::encode() const
{
    QByteArray payload;
    payload.reserve(InitialCapacity);
    encodeInto(&payload);
    return payload;
}

QByteArray Message::encodeFrame() const
{
    QByteArray frame(FrameHeaderSize, '\0');
    frame.reserve(FrameHeaderSize + InitialCapacity);
    encodeInto(&frame);
    qToBigEndian<quint32>(static_cast<quint32>(frame.size() - FrameHeaderSize), frame.data());
    return frame;
}

namespace {

// A payload that KeyScan found plain and with no key twice, read from its encoding: the envelope
// field by field, the body kept as its bytes (Body::encoded()), for the typed messages to read
// their fields from (FieldReader). Nothing when the envelope is anything but what a valid message
// holds: decodeValue() then decodes it and says what is wrong.
std::optional<Message> decodePlain(const QByteArray &payload)
{
    const CborMapReader map(payload);
    if (!map.isValid())
        return std::nullopt;
    Message message;
    const std::optional<qint64> type = map.value(keyType).integer();
    if (!type || *type < 0 || *type > std::numeric_limits<quint16>::max())
        return std::nullopt;
    message.type = static_cast<MessageType>(*type);
    if (const CborItem id = map.value(keyId); id.isValid()) {
        const std::optional<qint64> value = id.integer();
        if (!value || *value < 0 || *value > std::numeric_limits<quint32>::max())
            return std::nullopt;
        message.id = static_cast<quint32>(*value);
    }
    if (const CborItem reply = map.value(keyReply); reply.isValid()) {
        const std::optional<bool> value = reply.boolean();
        if (!value)
            return std::nullopt;
        message.reply = *value;
    }
    if (const CborItem errorText = map.value(keyError); errorText.isValid()) {
        std::optional<QString> value = errorText.asciiText();
        if (!value)
            return std::nullopt;
        message.error = std::move(*value);
    }
    if (const CborItem body = map.value(keyBody); body.isValid()) {
        if (!body.isMap())
            return std::nullopt;
        message.body = Body::encoded(body.encoding().toByteArray());
    }
    return message;
}

// Any payload: decoded into a QCborValue, which checks that it is well formed, then read.
// scan: KeyScan's answer for it.
std::optional<Message> decodeValue(const QByteArray &payload, KeyScan::Result scan, QString *error)
{
    QCborStreamReader reader(payload);
    const QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError)
        return fail(error, QStringLiteral("malformed CBOR: %1").arg(reader.lastError().toString()));
    if (reader.currentOffset() != payload.size())
        return fail(error,
                    QStringLiteral("%1 trailing bytes after the message")
                        .arg(payload.size() - reader.currentOffset()));
    if (!value.isMap())
        return fail(error, QStringLiteral("message is not a CBOR map"));
    if (scan == KeyScan::Unsure) {
        if (const std::optional<QCborValue> key = duplicateKey(value))
            return fail(error,
                        QStringLiteral("a map holds the key %1 twice").arg(key->toDiagnosticNotation()));
    }
    const QCborMap map = value.toMap();

    Message message;
    const QCborValue type = map.value(keyType);
    if (!type.isInteger() || type.toInteger() < 0 || type.toInteger() > std::numeric_limits<quint16>::max())
        return fail(error, QStringLiteral("message type (\"t\") missing or not an unsigned 16-bit integer"));
    message.type = static_cast<MessageType>(type.toInteger());

    const QCborValue id = map.value(keyId);
    if (!id.isUndefined()) {
        if (!id.isInteger() || id.toInteger() < 0 || id.toInteger() > std::numeric_limits<quint32>::max())
            return fail(error, QStringLiteral("message id (\"i\") is not an unsigned 32-bit integer"));
        message.id = static_cast<quint32>(id.toInteger());
    }
    const QCborValue reply = map.value(keyReply);
    if (!reply.isUndefined()) {
        if (!reply.isBool())
            return fail(error, QStringLiteral("reply flag (\"r\") is not a boolean"));
        message.reply = reply.toBool();
    }
    const QCborValue errorText = map.value(keyError);
    if (!errorText.isUndefined()) {
        if (!errorText.isString())
            return fail(error, QStringLiteral("error (\"e\") is not a text string"));
        message.error = errorText.toString();
    }
    const QCborValue body = map.value(keyBody);
    if (!body.isUndefined()) {
        if (!body.isMap())
            return fail(error, QStringLiteral("body (\"b\") is not a map"));
        message.body = body.toMap();
    }
    return message;
}

} // namespace

// Plain payloads (nearly all: what our encoders write) are read from their bytes, the rest
// through a QCborValue; both accept and refuse the same payloads (fuzz_message compares them).
std::optional<Message> Message::decode(const QByteArray &payload, QString *error)
{
    KeyScan scan(payload);
    const KeyScan::Result keys = scan.run();
    if (keys == KeyScan::Distinct && scan.plain()) {
        if (std::optional<Message> message = decodePlain(payload))
            return message;
    }
    return decodeValue(payload, keys, error);
}

Message Message::replyTo(const Message &request, const QCborMap &body)
{
    Message message;
    message.type = request.type;
    message.id = request.id;
    message.reply = true;
    message.body = body;
    return message;
}

Message Message::replyWith(const Message &request, const Body &body)
{
    Message message = replyTo(request);
    message.body = body;
    return message;
}

Message Message::errorReplyTo(const Message &request, const QString &reason)
{
    Message message = replyTo(request);
    message.error = reason.isEmpty() ? QStringLiteral("request failed") : reason;
    return message;
}

} // namespace Protocol
