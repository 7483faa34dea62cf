#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// The framing every OpenVSM link uses (peer, agent, admin, local sockets): a 4-byte big-endian
// payload length followed by that many bytes of payload (a CBOR-encoded Protocol::Message).
// A zero length or a length above the limit is an error, never "wait for more".
namespace Protocol {

// Hard limit for one frame's payload. A peer announcing more is closed.
constexpr quint32 MaxFrameSize = 4 * 1024 * 1024;
// Size of the length prefix.
constexpr qsizetype FrameHeaderSize = 4;
// Version carried in Hello. Peers with a different version are refused.
constexpr int ProtocolVersion = 1;

enum class ParseStatus {
    Incomplete, // not a whole frame yet; feed more bytes and call again
    Ok, // one frame: payload set, consumed = header + payload
    Error, // the stream is broken (error says why); the link must be closed
};

struct ParseResult {
    ParseStatus status = ParseStatus::Incomplete;
    qsizetype consumed = 0; // bytes of buffer that belong to the frame (Ok only)
    QByteArray payload; // the frame's payload (Ok only)
    QString error; // the reason (Error only)
};

// Parses the first frame at the start of buffer. Pure: no state, no I/O. The length is
// checked against maxSize as soon as the header is complete, so an oversized frame is an
// error before its body arrives.
ParseResult parseFrame(QByteArrayView buffer, quint32 maxSize = MaxFrameSize);
// Whether buffer starts with a whole frame, by its header alone (the payload is not copied):
// parseFrame() answers Ok for it, or Error (a zero or oversized length whose bytes are there).
bool frameIsWhole(QByteArrayView buffer);

// Returns the 4-byte big-endian length of payload followed by payload.
QByteArray encodeFrame(const QByteArray &payload);

} // namespace Protocol
