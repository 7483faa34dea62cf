#pragma once

#include "shared/store/sessionrecord.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The replication link, vsmserver <-> vsmserver (MessageType::Repl*). The node that has changes
// connects to its peer and sends them; the peer answers each request once the change is durable.
// Protocol and resync rules: backend/server/ha/README.md.
namespace Protocol {

// A position in a node's change stream: the stream's replication id and the offset of the last
// change taken from it.
struct ReplicationPosition {
    QString replicationId;
    quint64 offset = 0;

    // "ID OFFSET", as a store keeps it; text that is not one gives the empty position.
    QString toText() const;
    static ReplicationPosition fromText(const QString &text);
    bool operator==(const ReplicationPosition &o) const
    {
        return replicationId == o.replicationId && offset == o.offset;
    }
};

// ReplSync: the sender's stream and configuration digest.
struct ReplSync {
    QString nodeId; // the store's node id: versions it wrote carry it as origin
    QString node; // the node's HA/nodes name
    ReplicationPosition position; // the sender's stream and its last offset
    QCborMap config; // configuration digest (Ha::ConfigDigest)

    QCborMap toCbor() const;
    static std::optional<ReplSync> fromCbor(const Body &body, QString *error);
};

// What a receiver can read beyond the first version's messages, named in ReplSyncReply's
// "features"; a sender uses a feature only when the receiver named it (an older receiver names
// none, ignores the key and is sent what it reads).
inline const QString FeaturePackedRecords
    = QStringLiteral("packed_records"); // ReplSnapshotChunk, ReplChangeBatch
// Named only while the receiver's store holds no record at all: a full snapshot may come as the
// sender's database image (ReplSnapshotBegin::imageBytes), which the receiver takes in page for
// page (Store::SessionStore::installImage) instead of merging records one by one.
inline const QString FeatureStoreImage = QStringLiteral("store_image");
// The largest image a receiver takes (it holds it in memory while it comes, and once more while
// it is installed); a sender whose store is larger sends its records.
constexpr qint64 MaxStoreImageBytes = 256 * 1024 * 1024;

// Its reply: how much of the sender's stream the receiver already has.
struct ReplSyncReply {
    QString nodeId;
    ReplicationPosition have; // empty: nothing of it
    QCborMap config;
    QStringList features; // what this receiver reads (Feature*)

    QCborMap toCbor() const;
    static std::optional<ReplSyncReply> fromCbor(const Body &body, QString *error);
};

// ReplPartialBegin: the changes (from, to] follow as ReplChange batches.
struct ReplPartialBegin {
    QString replicationId;
    quint64 from = 0;
    quint64 to = 0;

    QCborMap toCbor() const;
    static std::optional<ReplPartialBegin> fromCbor(const Body &body, QString *error);
};

// ReplChange: a batch of changes, in offset order. to is the sender's stream offset the batch
// brings the receiver to (it may be past the last change: echoes of the receiver's own changes
// are not sent back). Replied with a ReplAck. The changes travel as a list of maps ("changes"),
// or packed (Store::Change::packAll) in one byte string ("packed_changes") to a receiver that
// reads FeaturePackedRecords. async ("async": true, absent otherwise): no user of the sender
// waits for the acknowledgement (async mode), so the receiver may hold the batch briefly and
// apply it with the ones that come meanwhile in one transaction, acknowledging each then (a
// receiver of the version before ignores the key and applies and acknowledges it at once).
struct ReplChangeBatch {
    QString replicationId;
    QList<Store::Change> changes;
    quint64 to = 0;
    bool packed = false; // how toCbor() writes the changes; fromCbor() sets it as they came
    bool async = false;

    QCborMap toCbor() const;
    // toCbor() encoded, without the map (Body::encoded()): sent for every batch
    // (tst_typedmessages compares the bytes).
    QByteArray encode() const;
    static std::optional<ReplChangeBatch> fromCbor(const Body &body, QString *error);
};

struct ReplAck {
    quint64 offset = 0; // applied durably up to here

    QCborMap toCbor() const;
    QByteArray encode() const; // as ReplChangeBatch::encode()
    static std::optional<ReplAck> fromCbor(const Body &body, QString *error);
};

// ReplSnapshotBegin: count records follow in ReplSnapshotChunks, then ReplSnapshotEnd; together
// they are the sender's store as of offset. To a receiver that named FeatureStoreImage the
// chunks may carry the sender's database image instead, imageBytes bytes in all, in order.
struct ReplSnapshotBegin {
    QString replicationId;
    quint64 offset = 0;
    quint64 count = 0;
    quint64 imageBytes = 0; // 0: records

    QCborMap toCbor() const;
    static std::optional<ReplSnapshotBegin> fromCbor(const Body &body, QString *error);
};

// The records travel as a list of maps ("records"), or, to a receiver that reads
// FeaturePackedRecords, packed (SessionRecord::packAll) in one byte string ("packed_records"):
// the receiving link then decodes one byte string instead of a map per record, and the records
// are read on the store's writer thread.
struct ReplSnapshotChunk {
    QList<Store::SessionRecord> records;
    bool packed = false; // how toCbor() writes them; fromCbor() sets it as they came
    QByteArray image; // the next part of an image snapshot (then no records): "image"

    QCborMap toCbor() const;
    static std::optional<ReplSnapshotChunk> fromCbor(const Body &body, QString *error);
};

struct ReplSnapshotEnd {
    ReplicationPosition position; // the receiver now has the sender's stream up to here

    QCborMap toCbor() const;
    static std::optional<ReplSnapshotEnd> fromCbor(const Body &body, QString *error);
};

} // namespace Protocol
