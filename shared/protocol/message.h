#pragma once

#include "shared/protocol/body.h"
#include "shared/protocol/messagetype.h"

#include <QByteArray>
#include <QCborMap>
#include <QString>

#include <optional>

namespace Protocol {

// One message on a link, carried as the payload of one frame. Encoded as a CBOR map:
//   "t" unsigned   message type (Protocol::MessageType; unknown numbers are kept as they are)
//   "i" unsigned   request id chosen by the requester (0 for Hello and unsolicited messages)
//   "r" bool       true for a reply to the request with the same id
//   "e" text       error reason; a reply with an error has no meaningful body
//   "b" map        the body
// Unknown keys are ignored (newer peers may add some); a known key with the wrong type, a
// payload that is not one well-formed CBOR map, a map (at any depth) with a key twice, or trailing
// bytes are errors.
struct Message {
    MessageType type = MessageType::Error;
    quint32 id = 0;
    bool reply = false;
    QString error;
    // decode() leaves it encoded when the payload was plain (see decode()), as a QCborMap
    // otherwise.
    Body body;

    bool isError() const { return !error.isEmpty(); }

    QByteArray encode() const;
    // The frame that carries it (frame.h): the payload's length, then encode()'s bytes, written
    // in one buffer.
    QByteArray encodeFrame() const;
    static std::optional<Message> decode(const QByteArray &payload, QString *error);

    // A reply to request carrying body.
    static Message replyTo(const Message &request, const QCborMap &body = {});
    static Message replyWith(const Message &request, const Body &body);
    // A reply to request that failed with reason.
    static Message errorReplyTo(const Message &request, const QString &reason);

private:
    // Room for most messages (requests, answers, a replicated change), so that the encoding
    // grows its buffer only for the large ones.
    static constexpr qsizetype InitialCapacity = 512;
    void encodeInto(QByteArray *out) const;
};

} // namespace Protocol
