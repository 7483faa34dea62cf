#include "shared/protocol/message.h"

#include <QCborArray>
#include <QCborStreamReader>
#include <QCborValue>
#include <QVarLengthArray>

#include <algorithm>
#include <limits>

namespace Protocol {

namespace {

const QString keyType = QStringLiteral("t");
const QString keyId = QStringLiteral("i");
const QString keyReply = QStringLiteral("r");
const QString keyError = QStringLiteral("e");
const QString keyBody = QStringLiteral("b");

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
// by their encoding, which costs an encoder each. Every message of every link passes here: a
// snapshot chunk has thousands of keys.
std::optional<QCborValue> duplicateKey(const QCborValue &value)
{
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

} // namespace

QByteArray Message::encode() const
{
    QCborMap map;
    map.insert(keyType, static_cast<qint64>(type));
    map.insert(keyId, static_cast<qint64>(id));
    if (reply)
        map.insert(keyReply, true);
    if (!error.isEmpty())
        map.insert(keyError, error);
    if (!body.isEmpty())
        map.insert(keyBody, body);
    return map.toCborValue().toCbor();
}

std::optional<Message> Message::decode(const QByteArray &payload, QString *error)
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
    if (const std::optional<QCborValue> key = duplicateKey(value))
        return fail(error, QStringLiteral("a map holds the key %1 twice").arg(key->toDiagnosticNotation()));
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

Message Message::replyTo(const Message &request, const QCborMap &body)
{
    Message message;
    message.type = request.type;
    message.id = request.id;
    message.reply = true;
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
