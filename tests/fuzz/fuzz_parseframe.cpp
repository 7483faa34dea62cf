// libFuzzer target for the socket-free parsers: Protocol::parseFrame over a byte stream, and
// Protocol::Message::decode on every frame it yields. Invariants are checked with abort().
#include "shared/protocol/frame.h"
#include "shared/protocol/message.h"

#include <QCborValue>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input
        = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    // A small limit so that the fuzzer reaches both "too large" and "complete" quickly.
    constexpr quint32 maxSize = 4096;
    qsizetype offset = 0;
    while (offset <= input.size()) {
        const Protocol::ParseResult result
            = Protocol::parseFrame(QByteArrayView(input).sliced(offset), maxSize);
        if (result.status != Protocol::ParseStatus::Ok) {
            if (result.status == Protocol::ParseStatus::Error && result.error.isEmpty())
                std::abort();
            if (result.consumed != 0 || !result.payload.isEmpty())
                std::abort();
            break;
        }
        if (result.consumed != Protocol::FrameHeaderSize + result.payload.size() || result.payload.isEmpty()
            || result.payload.size() > qsizetype(maxSize) || offset + result.consumed > input.size())
            std::abort();
        if (Protocol::encodeFrame(result.payload) != QByteArrayView(input).sliced(offset, result.consumed))
            std::abort();
        offset += result.consumed;

        QString error;
        const std::optional<Protocol::Message> message = Protocol::Message::decode(result.payload, &error);
        if (!message) {
            if (error.isEmpty())
                std::abort();
            continue;
        }
        // What decodes must survive a round trip unchanged (bodies compared by their encoding:
        // QCborValue writes every NaN as the same NaN).
        const std::optional<Protocol::Message> again = Protocol::Message::decode(message->encode(), &error);
        if (!again || again->type != message->type || again->id != message->id
            || again->reply != message->reply || again->error != message->error
            || QCborValue(again->body.map()).toCbor() != QCborValue(message->body.map()).toCbor())
            std::abort();
    }
    return 0;
}
