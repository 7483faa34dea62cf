#pragma once

#include "shared/protocol/body.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// One desktop session as the VSM server knows it: what the admin and the client need, plus a
// version that lets two copies of the same record (one per HA node) be compared and merged.
namespace Store {

enum class SessionState { Running, Disconnected };

QString sessionStateName(SessionState state); // "running" / "disconnected"
std::optional<SessionState> parseSessionState(const QString &name);

// A new session's id: a UUID of version 7 (RFC 9562), the milliseconds since the epoch in its
// first 48 bits, 74 random bits (from the system's secure generator) after them, written as
// QUuid writes one without braces. The id is the key of the store's primary index: ids of
// version 4 put each new session on a random leaf of it (a page more per session in every
// commit; 1,000 new sessions into a store of 100,000 wrote some 1,250 WAL pages in their
// transaction, against some 500 now: docs/benchmarks-history.md), ids that grow with time put them on
// its last leaves. Ids of sessions created in different milliseconds sort (as strings) in that
// order. The id is not a secret: a request naming a session is checked against its owner.
QString newSessionId();
QString newSessionId(qint64 msecsSinceEpoch);

// A version is a counter paired with the id of the node that wrote it. A plain counter is not
// enough to merge two copies (both sides can reach the same number during a partition), so ties
// are broken by the update time and then by the origin id: the order is total and the same on
// every node.
struct Version {
    quint64 counter = 0;
    QString origin; // node id of the store that wrote this version
    qint64 updated = 0; // milliseconds since the epoch when this version was written
};

struct SessionRecord {
    QString id; // server-assigned UUID (without braces), from newSessionId()
    QString user; // login name
    qint64 uid = -1;
    QString agent; // the agent as the server reaches it (a terminalservers entry)
    QString agentHostname; // the agent as clients reach it (reported by the agent)
    int display = 0;
    int vncPort = 0;
    SessionState state = SessionState::Running;
    qint64 created = 0; // seconds since the epoch
    qint64 lastConnection = 0; // seconds since the epoch, 0 = never
    QString lastClient; // address of the last client that connected
    QString geometry; // "WxH"
    QString command; // the program asked for, may be empty
    qint64 pid = 0; // the Xvnc process on the agent
    Version version;
    bool deleted = false; // a tombstone: the session is gone, the record remembers that

    // Replication and admin encoding (snake_case keys, as on the wire).
    QCborMap toCbor() const;
    static std::optional<SessionRecord> fromCbor(const Protocol::Body &map, QString *error);

    // Many records packed for a snapshot chunk: the bytes of one CBOR array that holds, per
    // record, an array of its fields in toCbor()'s key order, without the keys. Written and read
    // as a stream, without a QCborMap per record: about a third of the work of the maps. A
    // record of packAll() reads back as fromCbor(toCbor()) would; unpackAll() refuses with the
    // record's index and the field's name what fromCbor() refuses, and also a record of fewer
    // fields, a field of another CBOR type, an unknown state or bytes after the array (fields
    // after the known ones, from a later version, are skipped).
    static QByteArray packAll(const QList<SessionRecord> &records);
    static std::optional<QList<SessionRecord>> unpackAll(const QByteArray &packed, QString *error);

    // True when a's version wins over b's (same session id assumed): more changes; at the same
    // number a delete; then the later write; then the greater origin.
    static bool newer(const SessionRecord &a, const SessionRecord &b);

    bool operator==(const SessionRecord &other) const;
    bool operator!=(const SessionRecord &other) const { return !(*this == other); }
};

// One mutation of the store, in the order the store applied it. offset is the store's local,
// strictly increasing change counter: replication sends changes in offset order and a peer
// acknowledges up to an offset.
struct Change {
    enum class Kind { Upsert, Remove };
    Kind kind = Kind::Upsert;
    SessionRecord record; // for Remove: the tombstone
    quint64 offset = 0;

    QCborMap toCbor() const;
    static std::optional<Change> fromCbor(const Protocol::Body &map, QString *error);

    // Many changes packed for a replication batch, as SessionRecord::packAll() packs records:
    // per change an array of its kind ("upsert" or "remove"), its offset and its record's 18
    // fields. unpackAll() refuses what fromCbor() refuses, with the change's index.
    static QByteArray packAll(const QList<Change> &changes);
    static std::optional<QList<Change>> unpackAll(const QByteArray &packed, QString *error);
};

} // namespace Store

// Changes travel through queued signals (replication runs its own link).
Q_DECLARE_METATYPE(Store::SessionRecord)
Q_DECLARE_METATYPE(Store::Change)
