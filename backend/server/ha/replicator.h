#pragma once

#include "backend/server/ha/hasettings.h"
#include "backend/server/ha/nodeidentity.h"
#include "backend/server/ha/resyncplan.h"
#include "shared/net/tlssetup.h"
#include "shared/protocol/adminmessages.h"
#include "shared/protocol/ctlmessages.h"
#include "shared/protocol/message.h"
#include "shared/store/sessionrecord.h"

#include <QCborMap>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>

#include <deque>
#include <functional>
#include <list>

class QThreadPool;
class QTimer;

namespace Protocol {
class Link;
struct Message;
} // namespace Protocol
namespace Net {
class RefusalLog;
class TlsConnector;
class TlsServer;
class Trust;
} // namespace Net
namespace Store {
class SessionStore;
}

namespace Ha {

// Replication between the two vsmservers of an HA cluster.
//
// Links: one link per direction. Each node connects to the peer's replication port
// (/vsmserver/listen_port, 0 = /vsm/vsm_server_port) and PUSHES its own changes over that
// outgoing link; it RECEIVES the peer's changes on the link the peer opened to it. So no tie
// has to be broken, and each direction resyncs on its own, in the manner of Redis' PSYNC: the
// sender says who it is (ReplSync), the receiver answers which of the sender's data sets
// (replication id) it holds and up to which offset; the sender then sends the missed changes
// from its journal (ReplPartialBegin + ReplChange batches) when the journal still covers them,
// else a full snapshot (ReplSnapshotBegin/Chunk/End) that the receiver merges record by record
// (newer version wins, tombstones included; records only the receiver has stay and travel the
// other way). The receiver stores its position in the sender's stream in the same transaction as
// the data, so it never claims more than it has.
//
// Incoming connections are accepted only from the addresses the peer's HA/nodes entry resolves
// to (and with the cluster key when one is configured). The outgoing link reconnects with a
// backoff of 0.5 s doubling to 5 s.
//
// Sync mode (default): ackHook() holds the user's answer until the peer acknowledged the change,
// at most sync_timeout seconds; then the answer goes out, the node is degraded (logged once) and
// answers at once until the peer is back and has caught up. Async mode: answers at once.
//
// Heartbeat: every Options::heartbeatMs the node pings the peer over its outgoing link. When
// Options::heartbeatMisses pings in a row go unanswered while the link is up (a peer that died
// without closing it: a pulled cable, a frozen machine), the peer is taken as gone at once:
// degraded, every waiting request answered, as after sync_timeout but without the wait. A tick
// that comes late because this node's own event loop was busy counts no miss (the answer may be
// unread in our socket). An answer coming back ends nothing by itself: as after sync_timeout,
// the node is healthy again when the peer has acknowledged every change.
class Replicator final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Replicator)

public:
    struct Options {
        int minBackoffMs = 500;
        int maxBackoffMs = 5000;
        int connectTimeoutMs = 5000;
        int requestTimeoutMs = 30000;
        // How long the current incoming link has to answer before a new one may replace it.
        int pingTimeoutMs = 1000;
        // Heartbeat on the outgoing link (0: none), and how many unanswered ones in a row take
        // the peer as gone.
        int heartbeatMs = 100;
        int heartbeatMisses = 3;
        int batchSize = 250; // changes per ReplChange
        // Records per ReplSnapshotChunk, and chunks in flight: the window is the receiver's limit
        // (16 in every version), so that the sender reads and sends the next chunks while the
        // receiver's writer merges up to SessionStore::MaxAppliesPerTransaction of those before
        // (tests/bench/ha, 100k records: 250 and 8 took 1.28 s, these 0.87 s).
        int chunkSize = 500;
        int snapshotWindow = 16;
        // Tell the peer that this node reads packed snapshot records (tests turn it off to be a
        // node of the version before them, which is sent the records as maps).
        bool readPackedRecords = true;
        // A full resync into a node whose store holds no record sends this node's database
        // image (Protocol::FeatureStoreImage) instead of its records; off: records always (tests
        // of the record path, and of a node of the version before images).
        bool storeImages = true;
        // Per ReplSnapshotChunk of an image, and parts in flight (the receiver's window): one
        // part's copies and encryption are one event of the loop, up to 18 ms for 1 MiB on a VM
        // (docs/benchmarks-history.md); a quarter of that, four times as many in flight, as fast.
        int imagePartBytes = 256 * 1024;
        int imageWindow = 16;
        int window = 4; // ReplChange batches in flight
        // Async mode: the peer's batches are held this long after the first of them and applied
        // together, in one transaction with one fsync, then acknowledged
        // (Protocol::ReplChangeBatch::async).
        int asyncApplyMs = 2;
        int startupGraceMs = 10000; // health waits this long for the peer to bring us up to date
        // How often tombstones both nodes have are collected (when the peer has acknowledged
        // every change of this node, every tombstone here is also there).
        int tombstoneCheckMs = 10 * 60 * 1000;
        QHostAddress listenAddress = QHostAddress::Any; // benchmarks: two nodes on one machine
        quint16 peerPort = 0; // 0: the peer listens on our port (the configuration must match)
    };

    Replicator(const HaSettings &settings, const NodeIdentity &identity, Store::SessionStore *store,
               const Net::TlsSettings &tls, const Options &options, QObject *parent = nullptr);
    ~Replicator() override;

    bool start(QString *error);

    // SessionBroker's AckHook.
    void ackHook(const Store::Change &change, std::function<void()> acknowledged);

    // The replication part of the node's HA status (HaService adds the role and the rest).
    Protocol::HaStatus status() const;
    // True while this node should not take users yet: the peer is up and still bringing us up to
    // date (or the start-up grace runs and the peer has not been heard from). *why says what.
    bool catchingUp(QString *why) const;
    bool degraded() const { return m_degraded; }
    // For the metrics endpoint (the same values as status()): both links up and streaming; changes
    // of this node the peer has not acknowledged, and how long the oldest of them has waited.
    bool linkUp() const;
    quint64 lagChanges() const;
    qint64 lagMs() const;
    // Refused replication connections, by reason.
    const Net::RefusalLog *refusals() const;
    // The HA engine made this node MASTER. If the peer does not answer a ping within
    // timeoutMs (or is not connected at all), it is taken as gone: the node is degraded at once
    // and answers every waiting and new request without its acknowledgement, instead of
    // making the first users after a failover wait sync_timeout. A peer that answers (a
    // planned switch, both nodes up) keeps sync replication as it was.
    void confirmPeerOnTakeover(int timeoutMs = 500);
    // For benchmarks comparing the modes; the daemon takes the mode from the configuration.
    void setAsync(bool async) { m_settings.async = async; }
    quint16 port() const;

Q_SIGNALS:
    // The peer finished bringing this node up to date (partial or full resync received).
    void caughtUp(Protocol::ResyncKind kind);
    // Something status() reports may have changed: a link went up or down, a resync started or
    // ended, the peer acknowledged changes (lag), degraded on or off, the configuration
    // comparison. Emitted often under load; listeners coalesce.
    void statusChanged();
    // A resync finished: partial or full, sent (the peer is up to date) or received (this node
    // is), and how long it took.
    void resyncFinished(Protocol::ResyncKind kind, Protocol::ResyncDirection direction, qint64 durationMs);
    // For the node's event log: degraded or healthy again, a resync finished, a connection to
    // the replication port refused.
    void logged(const Protocol::AdminLogEntry &entry);

private:
    enum class OutState { Down, Connecting, Syncing, Snapshot, Streaming };
    struct Waiter {
        quint64 offset = 0;
        std::function<void()> ack;
        QDeadlineTimer deadline; // sync_timeout after it began waiting
    };
    struct SnapshotOut {
        QString afterId; // the last record sent (the store is read in id order)
        bool allRead = false;
        int inflight = 0;
        bool sendPosted = false; // a sendChunk() waits for the next pass of the loop
        bool endSent = false;
        bool packed = false; // the receiver reads packed records
        quint64 serial = 0; // which snapshot (an image read off the loop comes back to its own)
        QByteArray image; // an image snapshot: the image, and how much of it went out
        qsizetype imageSent = 0;
    };
    struct Resync {
        std::optional<Protocol::ResyncKind> kind; // none yet
        Protocol::ResyncDirection direction = Protocol::ResyncDirection::Received;
        qint64 startedMs = 0;
        qint64 durationMs = -1; // -1: running
        quint64 changes = 0; // changes (partial) or records (full)

        std::optional<Protocol::HaResync> status() const
        {
            if (!kind)
                return std::nullopt;
            return Protocol::HaResync { *kind, direction, startedMs / 1000, durationMs,
                                        static_cast<qint64>(changes) };
        }
    };

    // outgoing (we send)
    void connectOut();
    void scheduleReconnect();
    void onOutReady(Protocol::Link *link);
    // The resync the peer needs (ResyncPlan), but full instead of partial after this node's
    // journal could not be read (m_journalUnreadable).
    ResyncPlan planResync(const QString &haveId, quint64 haveOffset, quint64 last) const;
    void onOutClosed(const QString &reason);
    void startFull();
    // The peer's store is empty: this node's database image is read off the loop and sent; when
    // it cannot be (too large, unreadable), the records are.
    void readImage(quint64 offset, quint64 count);
    // ReplSnapshotBegin, then the chunks: image parts, or records when image is empty.
    void beginSnapshot(quint64 offset, quint64 count, QByteArray image);
    int snapshotWindow() const;
    // Reads the next page of the store and sends it as a chunk; after the last one's answer,
    // the end of the snapshot.
    void sendChunk(const QPointer<Protocol::Link> &link);
    // sendChunk() in the next pass of the loop (once, however often asked before it runs).
    void postSendChunk(const QPointer<Protocol::Link> &link);
    void sendSnapshotEnd(const QPointer<Protocol::Link> &link);
    // Sends the next batch of changes (at most one per event-loop turn; schedules itself again
    // while the window allows more).
    void pump();
    // The peer's answer to the batch up to upTo sent at sentMs on link: acknowledged (the next
    // batches go out), or refused (the link starts over).
    void batchAnswered(const QPointer<Protocol::Link> &link, quint64 upTo, qint64 sentMs,
                       const Protocol::Message &reply);
    void schedulePump();
    // The changes this node committed, in offset order, kept in memory for pump() so that the
    // stream does not read them back from the journal (bounded; the journal has them all).
    void remember(const Store::Change &change);
    // The outbox's changes that follow m_cursor without a gap (at most batchSize), or none.
    QList<Store::Change> takeOutbox();
    void onAcked(quint64 offset);
    void settleWaiters();
    // Answers every waiting request now (degraded).
    void releaseWaiters();
    // The oldest waiter's sync_timeout ran out: degraded, and no one waits any longer.
    void waiterTimedOut();
    void setDegraded(bool on, const QString &reason);
    void finishSentResync();
    void heartbeat();
    // incoming (peer sends)
    void onIncoming(Protocol::Link *link);
    void acceptIncoming(Protocol::Link *link);
    void decideCandidate(const QPointer<Protocol::Link> &current, const Protocol::Message &pong);
    void handleIncoming(Protocol::Link *link, const Protocol::Message &m);
    void receiveSync(Protocol::Link *link, const Protocol::Message &m);
    void receivePartialBegin(Protocol::Link *link, const Protocol::Message &m);
    void receiveChanges(Protocol::Link *link, const Protocol::Message &m);
    // A batch of changes up to last applied, or not (error): acknowledged or refused.
    void changesApplied(Protocol::Link *link, const Protocol::Message &request, quint64 last, bool applied,
                        const QString &error);
    // An async batch, held for applyHeld() (at the latest Options::asyncApplyMs after the first).
    void hold(Protocol::Link *link, const Protocol::Message &request, QList<Store::SessionRecord> records,
              quint64 last, const QString &position);
    // The held batches applied in one synced transaction with the last one's position, then
    // acknowledged (refused when the transaction failed: then false). Before anything else the
    // peer sends is applied, so that the position is written in order.
    bool applyHeld();
    void acknowledge(Protocol::Link *link, const Protocol::Message &request, quint64 last);
    void receiveSnapshotBegin(Protocol::Link *link, const Protocol::Message &m);
    void receiveSnapshotChunk(Protocol::Link *link, const Protocol::Message &m);
    void receiveSnapshotEnd(Protocol::Link *link, const Protocol::Message &m);
    void receiveImagePart(Protocol::Link *link, const Protocol::Message &m);
    void receiveImageEnd(Protocol::Link *link, const Protocol::Message &m, const QString &streamId,
                         quint64 offset);
    // The end of a full snapshot (records or image) written with its position, or not: answered,
    // and this node caught up. False when it was not written, or its link is gone meanwhile.
    bool snapshotEndWritten(const QPointer<Protocol::Link> &from, const Protocol::Message &request,
                            quint64 offset, bool written, const QString &error);
    // Forgets a snapshot that was coming in on a link that is gone.
    void dropIncomingSnapshot();
    void markCaughtUp(Protocol::ResyncKind kind);
    void setConfigDiff(const QCborMap &theirs, const QString &when);
    void collectTombstones();

    HaSettings m_settings;
    NodeIdentity m_identity;
    Store::SessionStore *m_store;
    Net::TlsSettings m_tls;
    Options m_options;
    Net::TlsConnector *m_connector = nullptr;
    Net::TlsServer *m_server = nullptr;
    std::unique_ptr<Net::Trust> m_trust;
    QCborMap m_digest;

    QPointer<Protocol::Link> m_out;
    OutState m_outState = OutState::Down;
    QString m_outError;
    // Why this node's journal could not be read when it last streamed from it (a change that no
    // longer decodes, an SQLite error): the next resync is a full one instead of a partial one
    // that would stop at the same place again.
    QString m_journalUnreadable;
    QTimer *m_retryTimer = nullptr;
    int m_backoffMs = 0;
    QString m_peerNodeId;
    bool m_peerReadsPacked = false; // the peer named FeaturePackedRecords in its ReplSyncReply
    bool m_peerTakesImage = false; // ... and FeatureStoreImage
    quint64 m_snapshotSerial = 0;
    QThreadPool *m_imageReader = nullptr; // reads this store's image (made at the first)
    quint64 m_cursor = 0; // last offset sent
    quint64 m_acked = 0; // the peer has everything up to here
    quint64 m_resyncTarget = 0;
    SnapshotOut m_snapshot;
    int m_inflight = 0;
    qint64 m_lastRttMs = -1;
    qint64 m_oldestUnackedSentMs = 0;
    bool m_pumpScheduled = false;
    std::deque<Store::Change> m_outbox;
    std::list<Waiter> m_waiters; // in the order they began waiting, so the oldest deadline first
    QTimer *m_waiterTimer = nullptr; // runs while someone waits: until the oldest one's deadline
    bool m_degraded = false;
    QString m_degradedReason;
    Resync m_sent { std::nullopt, Protocol::ResyncDirection::Sent };
    QTimer *m_heartbeatTimer = nullptr;
    QElapsedTimer m_heartbeatClock;
    qint64 m_lastBeatMs = 0; // when the last tick ran (m_heartbeatClock)
    bool m_beatUnanswered = false; // a ping on m_out waits for its answer
    int m_beatsMissed = 0;

    QPointer<Protocol::Link> m_in;
    QPointer<Protocol::Link> m_candidate; // a second incoming link, until m_in is known dead or alive
    QList<Protocol::Message> m_candidateHeld; // its requests meanwhile
    QString m_inStreamId; // the peer's replication id we are receiving
    int m_chunksMerging = 0; // snapshot chunks of m_in on the store's writer thread, not answered yet
    // ReplChange batches on the store's writer thread, of any link (the position is written in
    // order: while there are, the next batches go there too).
    int m_changesQueued = 0;
    // Decodes snapshot chunks, one at a time in the order received, while the store's writer
    // merges the ones before (made at the first chunk; its destructor waits for what it has).
    QThreadPool *m_chunkDecoder = nullptr;
    QByteArray m_inImage; // an image snapshot coming in: the parts so far, and its size
    quint64 m_inImageBytes = 0;
    // Why installing the peer's image failed: this node names FeatureStoreImage no more (the
    // next full resync sends records).
    QString m_imageRefused;
    // Async batches received and not applied yet (hold()): their records in order, the position
    // after the last, and the requests to acknowledge.
    struct HeldBatch {
        QPointer<Protocol::Link> link;
        Protocol::Message request;
        quint64 last = 0;
    };
    struct Held {
        QList<Store::SessionRecord> records;
        QString position;
        std::vector<HeldBatch> batches;
    };
    Held m_held;
    QTimer *m_applyTimer = nullptr;
    quint64 m_inOffset = 0;
    quint64 m_inTarget = 0;
    bool m_inCaughtUp = false;
    Resync m_received;
    qint64 m_startedMs = 0;
    bool m_peerSeen = false;
    bool m_graceOver = false;

    int m_tombstonesCollected = 0;
    bool m_configKnown = false;
    QStringList m_configDiffers;
};

} // namespace Ha
