#include "shared/protocol/frame.h"

#include <QtEndian>

namespace Protocol {

ParseResult parseFrame(QByteArrayView buffer, quint32 maxSize)
{
    ParseResult result;
    if (buffer.size() < FrameHeaderSize)
        return result;
    const quint32 length = qFromBigEndian<quint32>(buffer.data());
    if (length == 0) {
        result.status = ParseStatus::Error;
        result.error = QStringLiteral("frame with zero length");
        return result;
    }
    if (length > maxSize) {
        result.status = ParseStatus::Error;
        result.error
            = QStringLiteral("frame of %1 bytes exceeds the limit of %2 bytes").arg(length).arg(maxSize);
        return result;
    }
    const qsizetype total = FrameHeaderSize + static_cast<qsizetype>(length);
    if (buffer.size() < total)
        return result;
    result.status = ParseStatus::Ok;
    result.consumed = total;
    result.payload = buffer.sliced(FrameHeaderSize, length).toByteArray();
    return result;
}

bool frameIsWhole(QByteArrayView buffer)
{
    if (buffer.size() < FrameHeaderSize)
        return false;
    const quint32 length = qFromBigEndian<quint32>(buffer.data());
    return buffer.size() - FrameHeaderSize >= static_cast<qsizetype>(length);
}

QByteArray encodeFrame(const QByteArray &payload)
{
    QByteArray frame(FrameHeaderSize, Qt::Uninitialized);
    qToBigEndian<quint32>(static_cast<quint32>(payload.size()), frame.data());
    frame.append(payload);
    return frame;
}

} // namespace Protocol
