#include "shared/protocol/replicationmessages.h"

#include "shared/protocol/cborwriter.h"
#include "shared/protocol/keys.h"

#include <QCborArray>

namespace Protocol {

namespace {

// A list that travels as maps under listKey, or packed in one byte string under packedKey (read
// by unpack): reads whichever came into *out (both at once is refused) and returns whether it
// came packed.
template<typename T, typename Unpack>
bool readListOrPacked(FieldReader &f, const Body &body, Key listKey, Key packedKey, Unpack unpack,
                      QList<T> *out)
{
    if (!body.contains(packedKey)) {
        f.required(listKey, out);
        return false;
    }
    QByteArray packed;
    f.required(packedKey, &packed);
    if (f.ok() && body.contains(listKey))
        f.fail(listKey, QStringLiteral("beside '%1'").arg(packedKey));
    if (f.ok()) {
        QString why;
        if (std::optional<QList<T>> list = unpack(packed, &why))
            *out = std::move(*list);
        else
            f.fail(packedKey, why);
    }
    return true;
}

} // namespace

QString ReplicationPosition::toText() const
{
    return QStringLiteral("%1 %2").arg(replicationId).arg(offset);
}

ReplicationPosition ReplicationPosition::fromText(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char(' '));
    bool ok = false;
    const quint64 offset = parts.size() == 2 ? parts.at(1).toULongLong(&ok) : 0;
    if (!ok || parts.at(0).isEmpty())
        return {};
    return { parts.at(0), offset };
}

QCborMap ReplSync::toCbor() const
{
    return { { Keys::nodeId, nodeId },
             { Keys::node, node },
             { Keys::replicationId, position.replicationId },
             { Keys::offset, static_cast<qint64>(position.offset) },
             { Keys::config, config } };
}

std::optional<ReplSync> ReplSync::fromCbor(const Body &body, QString *error)
{
    ReplSync m;
    FieldReader f(body, "replication sync");
    f.required(Keys::nodeId, &m.nodeId);
    f.required(Keys::node, &m.node);
    f.required(Keys::replicationId, &m.position.replicationId);
    f.required(Keys::offset, &m.position.offset);
    f.optional(Keys::config, &m.config);
    return f.finish(m, error);
}

QCborMap ReplSyncReply::toCbor() const
{
    return { { Keys::nodeId, nodeId },
             { Keys::haveId, have.replicationId },
             { Keys::haveOffset, static_cast<qint64>(have.offset) },
             { Keys::config, config },
             { Keys::features, QCborArray::fromStringList(features) } };
}

std::optional<ReplSyncReply> ReplSyncReply::fromCbor(const Body &body, QString *error)
{
    ReplSyncReply m;
    FieldReader f(body, "replication sync reply");
    f.required(Keys::nodeId, &m.nodeId);
    f.required(Keys::haveId, &m.have.replicationId);
    f.required(Keys::haveOffset, &m.have.offset);
    f.optional(Keys::config, &m.config);
    f.optional(Keys::features, &m.features);
    return f.finish(m, error);
}

QCborMap ReplPartialBegin::toCbor() const
{
    return { { Keys::replicationId, replicationId },
             { Keys::from, static_cast<qint64>(from) },
             { Keys::to, static_cast<qint64>(to) } };
}

std::optional<ReplPartialBegin> ReplPartialBegin::fromCbor(const Body &body, QString *error)
{
    ReplPartialBegin m;
    FieldReader f(body, "partial resync");
    f.required(Keys::replicationId, &m.replicationId);
    f.required(Keys::from, &m.from);
    f.required(Keys::to, &m.to);
    if (f.ok() && m.to < m.from)
        f.fail(Keys::to, QStringLiteral("before 'from'"));
    return f.finish(m, error);
}

QCborMap ReplChangeBatch::toCbor() const
{
    QCborMap body { { Keys::replicationId, replicationId }, { Keys::to, static_cast<qint64>(to) } };
    if (packed)
        body.insert(Keys::packedChanges, Store::Change::packAll(changes));
    else
        body.insert(Keys::changes, toCborArray(changes));
    if (async)
        body.insert(Keys::async, true);
    return body;
}

QByteArray ReplChangeBatch::encode() const
{
    if (!packed) // a peer that reads only maps: rare, and built as the map
        return QCborValue(toCbor()).toCbor();
    const QByteArray changesPacked = Store::Change::packAll(changes);
    QByteArray bytes;
    bytes.reserve(64 + replicationId.size() + changesPacked.size());
    {
        CborWriter w(&bytes);
        w.startMap(async ? 4 : 3);
        w.append(Keys::replicationId);
        w.append(QStringView(replicationId));
        w.append(Keys::to);
        w.append(static_cast<qint64>(to));
        w.append(Keys::packedChanges);
        w.appendByteString(changesPacked);
        if (async) {
            w.append(Keys::async);
            w.append(true);
        }
    }
    return bytes;
}

std::optional<ReplChangeBatch> ReplChangeBatch::fromCbor(const Body &body, QString *error)
{
    ReplChangeBatch m;
    FieldReader f(body, "replicated changes");
    f.required(Keys::replicationId, &m.replicationId);
    m.packed
        = readListOrPacked(f, body, Keys::changes, Keys::packedChanges, Store::Change::unpackAll, &m.changes);
    f.required(Keys::to, &m.to);
    f.optional(Keys::async, &m.async);
    return f.finish(m, error);
}

QCborMap ReplAck::toCbor() const
{
    return { { Keys::offset, static_cast<qint64>(offset) } };
}

QByteArray ReplAck::encode() const
{
    QByteArray bytes;
    {
        CborWriter w(&bytes);
        w.startMap(1);
        w.append(Keys::offset);
        w.append(static_cast<qint64>(offset));
    }
    return bytes;
}

std::optional<ReplAck> ReplAck::fromCbor(const Body &body, QString *error)
{
    ReplAck m;
    FieldReader f(body, "replication acknowledgement");
    f.required(Keys::offset, &m.offset);
    return f.finish(m, error);
}

QCborMap ReplSnapshotBegin::toCbor() const
{
    QCborMap body { { Keys::replicationId, replicationId },
                    { Keys::offset, static_cast<qint64>(offset) },
                    { Keys::count, static_cast<qint64>(count) } };
    if (imageBytes > 0)
        body.insert(Keys::imageBytes, static_cast<qint64>(imageBytes));
    return body;
}

std::optional<ReplSnapshotBegin> ReplSnapshotBegin::fromCbor(const Body &body, QString *error)
{
    ReplSnapshotBegin m;
    FieldReader f(body, "snapshot");
    f.required(Keys::replicationId, &m.replicationId);
    f.required(Keys::offset, &m.offset);
    f.required(Keys::count, &m.count);
    f.optional(Keys::imageBytes, &m.imageBytes);
    return f.finish(m, error);
}

QCborMap ReplSnapshotChunk::toCbor() const
{
    if (!image.isEmpty())
        return { { Keys::image, image } };
    if (packed)
        return { { Keys::packedRecords, Store::SessionRecord::packAll(records) } };
    return { { Keys::records, toCborArray(records) } };
}

std::optional<ReplSnapshotChunk> ReplSnapshotChunk::fromCbor(const Body &body, QString *error)
{
    ReplSnapshotChunk m;
    FieldReader f(body, "snapshot chunk");
    if (body.contains(Keys::image)) {
        f.required(Keys::image, &m.image);
        if (f.ok() && m.image.isEmpty())
            f.fail(Keys::image, QStringLiteral("is empty"));
        if (f.ok() && (body.contains(Keys::records) || body.contains(Keys::packedRecords)))
            f.fail(Keys::image, QStringLiteral("beside records"));
        return f.finish(m, error);
    }
    m.packed = readListOrPacked(f, body, Keys::records, Keys::packedRecords, Store::SessionRecord::unpackAll,
                                &m.records);
    return f.finish(m, error);
}

QCborMap ReplSnapshotEnd::toCbor() const
{
    return { { Keys::replicationId, position.replicationId },
             { Keys::offset, static_cast<qint64>(position.offset) } };
}

std::optional<ReplSnapshotEnd> ReplSnapshotEnd::fromCbor(const Body &body, QString *error)
{
    ReplSnapshotEnd m;
    FieldReader f(body, "snapshot end");
    f.required(Keys::replicationId, &m.position.replicationId);
    f.required(Keys::offset, &m.position.offset);
    return f.finish(m, error);
}

} // namespace Protocol
