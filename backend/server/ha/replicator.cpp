#include "backend/server/ha/replicator.h"

#include "backend/server/admin/eventlog.h"
#include "backend/server/ha/configdigest.h"
#include "backend/server/ha/resyncplan.h"
#include "shared/logging/logging.h"
#include "shared/net/tlsconnector.h"
#include "shared/net/tlsserver.h"
#include "shared/net/trust.h"
#include "shared/protocol/keys.h"
#include "shared/protocol/link.h"
#include "shared/protocol/replicationmessages.h"
#include "shared/store/sessionstore.h"

#include <QCborArray>
#include <QDateTime>
#include <QThreadPool>
#include <QTimer>

#include <future>

namespace Keys = Protocol::Keys;

namespace Ha {

using Protocol::MessageType;
using Store::Change;
using Store::SessionRecord;

namespace {

const QString &InStreamKey = Store::SessionStore::InStreamKey;
// Snapshot chunks a receiver holds unmerged at most (a sender keeps Options::snapshotWindow in
// flight, never more than this: senders of later versions rely on it staying 16).
constexpr qsizetype MaxChunksWaiting = 16;
// Changes of a ReplChange batch applied on the receiving loop itself (more: on the store's writer).
constexpr qsizetype MaxChangesAppliedOnLoop = 16;
// Async batches held for one transaction (Replicator::hold()): applied at once beyond this many
// records (a sender's window of four batches of up to MaxChangesAppliedOnLoop).
constexpr qsizetype MaxRecordsHeld = 4 * MaxChangesAppliedOnLoop;

// The typed body of a replication request, or nothing after replying with what was wrong.
template<typename T> std::optional<T> decode(Protocol::Link *link, const Protocol::Message &m)
{
    QString error;
    std::optional<T> body = T::fromCbor(m.body, &error);
    if (!body)
        link->replyError(m, error);
    return body;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString outStateName(int s)
{
    static const char *names[] = { "down", "connecting", "syncing", "snapshot", "streaming" };
    return QString::fromLatin1(names[s]);
}

// What a resync moved: changes (partial) or records (full), for the log.
const char *unitOf(Protocol::ResyncKind kind)
{
    return kind == Protocol::ResyncKind::Full ? "records" : "changes";
}

// The event log's entry for a finished resync.
Protocol::AdminLogEntry resyncEntry(Protocol::ResyncKind kind, Protocol::ResyncDirection direction,
                                    quint64 records, qint64 ms)
{
    const QString kindName = Protocol::resyncKindName(kind);
    const QString directionName = Protocol::resyncDirectionName(direction);
    return Protocol::AdminLogEntry::make(Protocol::AdminLogEntry::Kind::Resync,
                                         QStringLiteral("%1 resync %2: %3 %4 in %5 ms")
                                             .arg(kindName, directionName)
                                             .arg(records)
                                             .arg(QLatin1String(unitOf(kind)))
                                             .arg(ms),
                                         { { QStringLiteral("type"), kindName },
                                           { QStringLiteral("direction"), directionName },
                                           { QStringLiteral("records"), QString::number(records) },
                                           { QStringLiteral("ms"), QString::number(ms) } });
}

} // namespace

Replicator::Replicator(const HaSettings &settings, const NodeIdentity &identity, Store::SessionStore *store,
                       const Net::TlsSettings &tls, const Options &options, QObject *parent)
    : QObject(parent),
      m_settings(settings),
      m_identity(identity),
      m_store(store),
      m_tls(tls),
      m_options(options)
{
    m_digest = ConfigDigest::compute(settings.mustMatch);
}

Replicator::~Replicator()
{
    delete m_imageReader; // waits for an image being read: its answer is never delivered now
    for (Waiter &w : m_waiters)
        w.ack();
    m_waiters.clear();
    if (m_out)
        m_out->close(QStringLiteral("vsmserver is shutting down"));
    if (m_in)
        m_in->close(QStringLiteral("vsmserver is shutting down"));
    delete m_connector;
}

quint16 Replicator::port() const
{
    return m_server ? m_server->serverPort() : m_settings.port;
}

bool Replicator::start(QString *error)
{
    m_startedMs = nowMs();
    // Incoming: only the peer's address(es), never localhost unless the peer's name means it.
    m_trust = std::make_unique<Net::Trust>();
    m_trust->setAllowOwnAddresses(false);
    bool peerIsLoopback = false;
    for (const QHostAddress &a : m_identity.peer().addresses)
        peerIsLoopback = peerIsLoopback || Net::Trust::isLocalhost(a);
    m_trust->setAllowLocalhost(peerIsLoopback);
    m_trust->addNames({ m_identity.peer().name }, QStringLiteral("HA peer"));
    m_trust->setRefusalHint(
        QStringLiteral("only the HA peer named in /vsmserver/HA/nodes may use the replication port"));

    Net::TlsServer::Options so;
    so.tls = m_tls;
    so.link.program = QStringLiteral("vsmserver");
    so.link.nodeName = m_identity.local().name;
    Net::Trust *trust = m_trust.get();
    so.trustCheck = [trust](const QHostAddress &peer, QString *why) { return trust->check(peer, why); };
    // The peer's address is not enough: root there must be calling (source port < 1024), or a
    // holder of the cluster key.
    so.requireProven = true;
    so.maxPendingHandshakes = 8;
    so.maxPendingPerAddress = 4;
    so.maxLinks = 8;
    m_server = new Net::TlsServer(so, this);
    connect(m_server, &Net::TlsServer::newLink, this,
            [this](Protocol::Link *link, const QHostAddress &) { onIncoming(link); });
    connect(m_server, &Net::TlsServer::refusalLogged, this,
            [this](Net::RefusalReason reason, const QHostAddress &peer, const QString &why) {
                Q_EMIT logged(
                    Admin::EventLog::refusal(QStringLiteral("replication"), reason, peer.toString(), why));
            });
    if (!m_server->listen(m_options.listenAddress, m_settings.port, error)) {
        if (error)
            *error = QStringLiteral("HA replication port /vsmserver/listen_port: %1").arg(*error);
        return false;
    }
    qCInfo(lcHa).noquote()
        << "HA replication: listening on port" << m_server->serverPort() << "for" << m_identity.peer().name
        << "(" << m_trust->describe() << "),"
        << (m_settings.async ? QStringLiteral("async mode")
                             : QStringLiteral("sync mode, timeout %1 s").arg(m_settings.syncTimeoutSeconds))
        << "; replication id" << m_store->replicationId() << "offset" << m_store->lastOffset();

    Net::TlsConnector::Options co;
    co.tls = m_tls;
    co.link.program = QStringLiteral("vsmserver");
    co.link.nodeName = m_identity.local().name;
    co.privilegedSourcePort = true;
    m_connector = new Net::TlsConnector(co);

    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &Replicator::connectOut);
    connect(m_store, &Store::SessionStore::changed, this, &Replicator::remember);
    // Sync mode: sent in the turn that wrote them, before their writers are answered (not a turn
    // later; sent ahead of the fsync, see SessionBroker::setSendAhead()). Async mode: a pass
    // later, once their writers' answers are out.
    connect(m_store, &Store::SessionStore::changesCommitted, this, [this]() {
        if (m_settings.async)
            schedulePump();
        else
            pump();
    });
    QTimer::singleShot(m_options.startupGraceMs, this, [this]() { m_graceOver = true; });
    auto *tombstones = new QTimer(this);
    tombstones->setInterval(m_options.tombstoneCheckMs);
    connect(tombstones, &QTimer::timeout, this, &Replicator::collectTombstones);
    tombstones->start();
    if (m_options.heartbeatMs > 0) {
        m_heartbeatTimer = new QTimer(this);
        m_heartbeatTimer->setTimerType(Qt::PreciseTimer);
        m_heartbeatTimer->setInterval(m_options.heartbeatMs);
        connect(m_heartbeatTimer, &QTimer::timeout, this, &Replicator::heartbeat);
        m_heartbeatClock.start();
        m_lastBeatMs = m_heartbeatClock.elapsed();
        m_heartbeatTimer->start();
    }
    connectOut();
    return true;
}

// ---- outgoing ----

void Replicator::connectOut()
{
    if (m_outState != OutState::Down)
        return;
    m_outState = OutState::Connecting;
    Q_EMIT statusChanged();
    m_connector->connectToHost(
        m_identity.peer().name, m_options.peerPort ? m_options.peerPort : m_settings.port,
        m_options.connectTimeoutMs, this, [this](Protocol::Link *link, const QString &error) {
            if (!link) {
                m_outState = OutState::Down;
                if (m_outError != error)
                    qCWarning(lcHa).noquote() << "HA peer not reachable:" << error;
                m_outError = error;
                m_graceOver = true; // nobody to wait for
                scheduleReconnect();
                Q_EMIT statusChanged();
                return;
            }
            onOutReady(link);
        });
}

void Replicator::scheduleReconnect()
{
    m_backoffMs
        = m_backoffMs == 0 ? m_options.minBackoffMs : std::min(m_backoffMs * 2, m_options.maxBackoffMs);
    m_retryTimer->start(m_backoffMs);
}

void Replicator::onOutReady(Protocol::Link *link)
{
    m_out = link;
    m_beatUnanswered = false;
    m_beatsMissed = 0;
    m_outError.clear();
    m_outState = OutState::Syncing;
    Q_EMIT statusChanged();
    connect(link, &Protocol::Link::closed, this, [this, link](const QString &reason) {
        if (m_out == link)
            onOutClosed(reason);
    });
    connect(link, &Protocol::Link::requestReceived, this, [link](const Protocol::Message &m) {
        link->replyError(m, QStringLiteral("this link carries replication in the other direction"));
    });
    const Protocol::ReplSync sync { m_store->nodeId(),
                                    m_identity.local().name,
                                    { m_store->replicationId(), m_store->lastOffset() },
                                    m_digest };
    link->request(MessageType::ReplSync, sync.toCbor(), m_options.requestTimeoutMs, this,
                  [this, link](const Protocol::Message &reply) {
                      if (m_out != link)
                          return;
                      if (reply.isError()) {
                          link->close(QStringLiteral("replication handshake failed: %1").arg(reply.error));
                          return;
                      }
                      QString error;
                      const auto synced = Protocol::ReplSyncReply::fromCbor(reply.body, &error);
                      if (!synced) {
                          link->close(QStringLiteral("replication handshake failed: %1").arg(error));
                          return;
                      }
                      m_backoffMs = 0;
                      m_peerSeen = true;
                      m_peerNodeId = synced->nodeId;
                      m_peerReadsPacked = synced->features.contains(Protocol::FeaturePackedRecords);
                      m_peerTakesImage = synced->features.contains(Protocol::FeatureStoreImage);
                      setConfigDiff(synced->config, QStringLiteral("link up"));
                      const QString haveId = synced->have.replicationId;
                      const quint64 haveOffset = synced->have.offset;
                      const quint64 last = m_store->lastOffset();
                      const ResyncPlan plan = planResync(haveId, haveOffset, last);
                      qCInfo(lcHa).noquote() << "HA link to" << m_identity.peer().name << "up;"
                                             << ResyncPlan::kindName(plan.kind) << "resync:" << plan.reason;
                      m_sent = { plan.kind, Protocol::ResyncDirection::Sent, nowMs(), -1, 0 };
                      if (plan.kind == ResyncPlan::Kind::Full) {
                          startFull();
                          return;
                      }
                      m_cursor = haveOffset;
                      m_acked = haveOffset;
                      m_resyncTarget = last;
                      m_sent.changes = last - haveOffset;
                      const Protocol::ReplPartialBegin begin { m_store->replicationId(), haveOffset, last };
                      link->request(MessageType::ReplPartialBegin, begin.toCbor(), m_options.requestTimeoutMs,
                                    this, [this, link](const Protocol::Message &r) {
                                        if (m_out != link)
                                            return;
                                        if (r.isError()) {
                                            link->close(
                                                QStringLiteral("partial resync refused: %1").arg(r.error));
                                            return;
                                        }
                                    });
                      m_outState = OutState::Streaming;
                      onAcked(m_acked);
                      pump();
                      Q_EMIT statusChanged();
                  });
}

ResyncPlan Replicator::planResync(const QString &haveId, quint64 haveOffset, quint64 last) const
{
    const ResyncPlan plan = ResyncPlan::decide(m_store->replicationId(), last, haveId, haveOffset,
                                               m_store->firstJournalOffset());
    if (plan.kind != ResyncPlan::Kind::Partial || haveOffset >= last || m_journalUnreadable.isEmpty())
        return plan;
    return {
        ResyncPlan::Kind::Full,
        QStringLiteral("this node's journal could not be read last time (%1)").arg(m_journalUnreadable)
    };
}

void Replicator::onOutClosed(const QString &reason)
{
    const bool wasUp = m_outState == OutState::Streaming || m_outState == OutState::Snapshot
        || m_outState == OutState::Syncing;
    m_out.clear();
    m_outState = OutState::Down;
    m_snapshot.image = {}; // not kept while the peer is away
    m_inflight = 0;
    m_beatUnanswered = false;
    m_beatsMissed = 0;
    if (wasUp)
        qCWarning(lcHa).noquote() << "HA link to" << m_identity.peer().name << "lost:" << reason;
    scheduleReconnect();
    Q_EMIT statusChanged();
}

void Replicator::startFull()
{
    m_journalUnreadable.clear(); // the snapshot ends at this node's last offset
    m_outState = OutState::Snapshot;
    Q_EMIT statusChanged();
    // The records are read a page (chunk) at a time while they go out, not all at once: the
    // event loop is never held for the whole store. A record written meanwhile may go out in its
    // newer version; its change follows in the stream anyway and the peer keeps the newer.
    const quint64 offset = m_store->lastOffset();
    const auto count = static_cast<quint64>(m_store->count(true));
    m_sent.changes = count;
    m_resyncTarget = offset;
    m_snapshot = {};
    m_snapshot.packed = m_peerReadsPacked;
    m_snapshot.serial = ++m_snapshotSerial;
    if (m_peerTakesImage && m_options.storeImages && count > 0)
        return readImage(offset, count);
    beginSnapshot(offset, count, {});
}

void Replicator::readImage(quint64 offset, quint64 count)
{
    if (!m_imageReader) {
        m_imageReader = new QThreadPool(this);
        m_imageReader->setMaxThreadCount(1);
        m_imageReader->setObjectName(QStringLiteral("image reader"));
    }
    // Like the records, the image has every change up to offset and maybe later ones, whose
    // changes follow in the stream.
    m_imageReader->start([this, store = m_store, serial = m_snapshot.serial, offset, count]() {
        QString error;
        std::optional<QByteArray> image = store->image(Protocol::MaxStoreImageBytes, &error);
        QMetaObject::invokeMethod(
            this,
            [this, serial, offset, count, image = std::move(image), error]() mutable {
                if (!m_out || m_outState != OutState::Snapshot || m_snapshot.serial != serial)
                    return; // the link this image was for is gone
                if (!image || image->isEmpty()) {
                    qCInfo(lcHa).noquote()
                        << "HA: sending the peer this node's records, not its database image:" << error;
                    image = QByteArray();
                }
                beginSnapshot(offset, count, std::move(*image));
            },
            Qt::QueuedConnection);
    });
}

void Replicator::beginSnapshot(quint64 offset, quint64 count, QByteArray image)
{
    if (image.isEmpty()) {
        // A store with no record (a wiped node) sends an empty snapshot at once: paging through
        // it later would send back what it meanwhile merges from the peer's own snapshot, every
        // record of the peer's, for nothing. Its writes from now on have offsets after the
        // snapshot's and follow it in the stream. Asked with a page read, not count(): a store
        // that cannot be read must stop the snapshot at its first page, never send it empty.
        QString unreadable;
        const std::optional<QList<SessionRecord>> firstPage = m_store->listPage({}, 1, &unreadable);
        m_snapshot.allRead = firstPage && firstPage->isEmpty();
    } else {
        m_snapshot.image = std::move(image);
        m_snapshot.allRead = true; // no records follow
    }
    QPointer<Protocol::Link> link = m_out;
    const Protocol::ReplSnapshotBegin begin { m_store->replicationId(), offset, count,
                                              static_cast<quint64>(m_snapshot.image.size()) };
    link->request(MessageType::ReplSnapshotBegin, begin.toCbor(), m_options.requestTimeoutMs, this,
                  [this, link, offset](const Protocol::Message &r) {
                      if (!link || m_out != link)
                          return;
                      if (r.isError()) {
                          link->close(QStringLiteral("snapshot refused: %1").arg(r.error));
                          return;
                      }
                      m_cursor = offset;
                      postSendChunk(link);
                  });
}

int Replicator::snapshotWindow() const
{
    return std::max(1, m_snapshot.image.isEmpty() ? m_options.snapshotWindow : m_options.imageWindow);
}

// Up to snapshotWindow chunks in flight, one read and sent per pass of the event loop: the
// receiver answers the chunks it merged in one transaction together, and their next chunks,
// read and encoded in one pass, would hold the loop for as long as all of them take.
void Replicator::postSendChunk(const QPointer<Protocol::Link> &link)
{
    if (m_snapshot.sendPosted)
        return;
    m_snapshot.sendPosted = true;
    QMetaObject::invokeMethod(
        this,
        [this, link]() {
            if (!link || m_out != link)
                return; // a snapshot of this link's: the next one has a flag of its own
            m_snapshot.sendPosted = false;
            sendChunk(link);
        },
        Qt::QueuedConnection);
}

void Replicator::sendChunk(const QPointer<Protocol::Link> &link)
{
    if (!link || m_out != link || m_outState != OutState::Snapshot || m_snapshot.endSent
        || m_snapshot.inflight >= snapshotWindow())
        return;
    Protocol::ReplSnapshotChunk chunk;
    QList<SessionRecord> &records = chunk.records;
    if (m_snapshot.imageSent < m_snapshot.image.size()) {
        chunk.image = m_snapshot.image.mid(m_snapshot.imageSent, std::max(1, m_options.imagePartBytes));
        m_snapshot.imageSent += chunk.image.size();
    }
    if (!m_snapshot.allRead) {
        QString error;
        std::optional<QList<SessionRecord>> page
            = m_store->listPage(m_snapshot.afterId, m_options.chunkSize, &error);
        if (!page) {
            // The peer must not take what it got so far for the whole snapshot: it starts again.
            link->close(QStringLiteral("snapshot stopped: %1").arg(error));
            return;
        }
        records = std::move(*page);
        m_snapshot.allRead = records.size() < m_options.chunkSize;
    }
    if (records.isEmpty() && chunk.image.isEmpty()) {
        if (m_snapshot.inflight == 0)
            sendSnapshotEnd(link);
        return;
    }
    if (!records.isEmpty())
        m_snapshot.afterId = records.last().id;
    ++m_snapshot.inflight;
    chunk.packed = m_snapshot.packed;
    link->request(MessageType::ReplSnapshotChunk, chunk.toCbor(), m_options.requestTimeoutMs, this,
                  [this, link](const Protocol::Message &r) {
                      if (!link || m_out != link)
                          return;
                      if (r.isError()) {
                          link->close(QStringLiteral("snapshot chunk refused: %1").arg(r.error));
                          return;
                      }
                      --m_snapshot.inflight;
                      postSendChunk(link);
                  });
    const bool more = !m_snapshot.allRead || m_snapshot.imageSent < m_snapshot.image.size();
    if (more && m_snapshot.inflight < snapshotWindow())
        postSendChunk(link);
}

void Replicator::sendSnapshotEnd(const QPointer<Protocol::Link> &link)
{
    m_snapshot.endSent = true;
    m_snapshot.image = {}; // sent and taken
    const Protocol::ReplSnapshotEnd end { { m_store->replicationId(), m_cursor } };
    link->request(MessageType::ReplSnapshotEnd, end.toCbor(), m_options.requestTimeoutMs, this,
                  [this, link](const Protocol::Message &r) {
                      if (!link || m_out != link)
                          return;
                      if (r.isError()) {
                          link->close(QStringLiteral("snapshot not taken: %1").arg(r.error));
                          return;
                      }
                      m_outState = OutState::Streaming;
                      onAcked(m_cursor);
                      pump();
                      Q_EMIT statusChanged();
                  });
}

void Replicator::pump()
{
    if (m_outState != OutState::Streaming || !m_out)
        return;
    if (m_inflight >= m_options.window)
        return;
    // One batch per event-loop turn, however far behind the peer is: the loop is never held
    // for more than one batch's reading and encoding.
    do {
        const quint64 last = m_store->lastOffset();
        if (m_cursor >= last)
            break;
        QList<Change> changes = takeOutbox();
        if (changes.isEmpty()) {
            // Not (or no longer) in memory: a resync, or a peer that was away. From the journal.
            bool complete = false;
            QString unreadable;
            changes = m_store->changesSince(m_cursor, &complete, m_options.batchSize, &unreadable);
            if (!complete) {
                if (!unreadable.isEmpty())
                    m_journalUnreadable = unreadable;
                m_out->close(unreadable.isEmpty()
                                 ? QStringLiteral("the peer fell behind the backlog; resyncing")
                                 : QStringLiteral("%1; resyncing").arg(unreadable));
                return;
            }
        }
        // Async mode, streaming: no one here waits for the acknowledgement, so the peer may hold
        // the batch and apply it with the next ones in one transaction. A resync's batches are
        // applied and acknowledged at once (the peer's catching up ends with their last).
        Protocol::ReplChangeBatch batch {
            m_store->replicationId(), {}, 0, m_peerReadsPacked, m_settings.async && m_sent.durationMs >= 0
        };
        for (const Change &c : changes) {
            // The peer wrote it: it has it, or something newer.
            if (!m_peerNodeId.isEmpty() && c.record.version.origin == m_peerNodeId)
                continue;
            batch.changes.append(c);
        }
        // During a resync a batch is sent even when every change was filtered out: "to" moves the
        // peer's position in our stream, so it knows when it has caught up. Afterwards such
        // batches are skipped (no message, no fsync on the peer); the peer's stored position then
        // trails by those echoes, which a later partial resync skips again.
        m_cursor = changes.last().offset;
        if (batch.changes.isEmpty() && m_sent.durationMs >= 0) {
            if (m_inflight == 0)
                onAcked(m_cursor);
            continue;
        }
        const quint64 upTo = m_cursor;
        const qint64 sent = nowMs();
        if (m_inflight == 0)
            m_oldestUnackedSentMs = sent;
        ++m_inflight;
        QPointer<Protocol::Link> link = m_out;
        batch.to = m_cursor;
        qCDebug(lcHa).noquote() << QStringLiteral("HA: sending changes up to offset %1 (%2%3), %4 in flight")
                                       .arg(upTo)
                                       .arg(batch.changes.size())
                                       .arg(batch.async ? QStringLiteral(", async") : QString())
                                       .arg(m_inflight);
        link->request(MessageType::ReplChange, Protocol::Body::encoded(batch.encode()),
                      m_options.requestTimeoutMs, this, [this, link, upTo, sent](const Protocol::Message &r) {
                          batchAnswered(link, upTo, sent, r);
                      });
        link->flush();
    } while (false);
    if (m_out && m_inflight < m_options.window && m_cursor < m_store->lastOffset())
        schedulePump();
}

void Replicator::batchAnswered(const QPointer<Protocol::Link> &link, quint64 upTo, qint64 sentMs,
                               const Protocol::Message &reply)
{
    if (!link || m_out != link)
        return;
    if (reply.isError()) {
        link->close(QStringLiteral("the peer did not apply changes: %1").arg(reply.error));
        return;
    }
    --m_inflight;
    m_lastRttMs = nowMs() - sentMs;
    qCDebug(lcHa).noquote()
        << QStringLiteral("HA: the peer acknowledged offset %1 after %2 ms").arg(upTo).arg(m_lastRttMs);
    m_oldestUnackedSentMs = m_inflight > 0 ? sentMs : 0;
    onAcked(m_inflight == 0 ? m_cursor : upTo);
    pump();
}

void Replicator::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this]() {
            m_pumpScheduled = false;
            pump();
        },
        Qt::QueuedConnection);
}

void Replicator::remember(const Change &change)
{
    if (change.offset == 0)
        return; // not in this node's stream
    if (!m_outbox.empty() && change.offset != m_outbox.back().offset + 1)
        m_outbox.clear(); // not in order: the journal has them
    m_outbox.push_back(change);
    // Bounded: a peer that is away is brought up to date from the journal.
    const size_t keep = static_cast<size_t>(std::max(1, m_options.batchSize * m_options.window * 2));
    while (m_outbox.size() > keep)
        m_outbox.pop_front();
}

QList<Change> Replicator::takeOutbox()
{
    while (!m_outbox.empty() && m_outbox.front().offset <= m_cursor)
        m_outbox.pop_front();
    QList<Change> changes;
    if (m_outbox.empty() || m_outbox.front().offset != m_cursor + 1)
        return changes;
    const qsizetype n = std::min<qsizetype>(static_cast<qsizetype>(m_outbox.size()), m_options.batchSize);
    changes.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        changes.append(std::move(m_outbox.front()));
        m_outbox.pop_front();
    }
    return changes;
}

void Replicator::onAcked(quint64 offset)
{
    if (offset > m_acked) {
        m_acked = offset;
        Q_EMIT statusChanged(); // the lag
    }
    // Caught up: nothing waits (also when the batch that set the time was lost with a link).
    if (m_acked >= m_store->lastOffset())
        m_oldestUnackedSentMs = 0;
    if (m_sent.durationMs < 0 && m_acked >= m_resyncTarget && m_outState == OutState::Streaming)
        finishSentResync();
    settleWaiters();
}

void Replicator::finishSentResync()
{
    m_sent.durationMs = nowMs() - m_sent.startedMs;
    const Protocol::ResyncKind kind = m_sent.kind.value_or(Protocol::ResyncKind::Full);
    qCInfo(lcHa).noquote() << "HA: the peer is up to date after a" << Protocol::resyncKindName(kind)
                           << "resync of" << m_sent.changes << unitOf(kind) << "in" << m_sent.durationMs
                           << "ms";
    Q_EMIT resyncFinished(kind, m_sent.direction, m_sent.durationMs);
    Q_EMIT logged(resyncEntry(kind, m_sent.direction, m_sent.changes, m_sent.durationMs));
}

void Replicator::settleWaiters()
{
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        if (it->offset <= m_acked) {
            auto ack = std::move(it->ack);
            it = m_waiters.erase(it);
            ack();
        } else {
            ++it;
        }
    }
    if (m_waiters.empty() && m_waiterTimer)
        m_waiterTimer->stop();
    if (m_degraded && m_outState == OutState::Streaming && m_acked >= m_store->lastOffset())
        setDegraded(false, {});
}

void Replicator::releaseWaiters()
{
    std::list<Waiter> waiters;
    waiters.swap(m_waiters);
    if (m_waiterTimer)
        m_waiterTimer->stop();
    for (Waiter &w : waiters)
        w.ack();
}

void Replicator::confirmPeerOnTakeover(int timeoutMs)
{
    if (m_settings.async)
        return;
    const auto peerGone = [this](const QString &what) {
        setDegraded(
            true,
            QStringLiteral("this node became MASTER and the peer %1 %2").arg(m_identity.peer().name, what));
        releaseWaiters();
        if (m_out)
            m_out->close(QStringLiteral("the peer %1 after this node became MASTER").arg(what));
    };
    if (!m_out || m_outState == OutState::Down || m_outState == OutState::Connecting) {
        peerGone(QStringLiteral("is not connected"));
        return;
    }
    m_out->request(MessageType::Ping, {}, timeoutMs, this,
                   [peerGone, timeoutMs](const Protocol::Message &reply) {
                       if (reply.isError())
                           peerGone(QStringLiteral("did not answer a ping within %1 ms").arg(timeoutMs));
                   });
}

void Replicator::heartbeat()
{
    const qint64 now = m_heartbeatClock.elapsed();
    const qint64 gap = now - m_lastBeatMs;
    m_lastBeatMs = now;
    if (!m_out || m_outState == OutState::Down || m_outState == OutState::Connecting) {
        m_beatUnanswered = false;
        m_beatsMissed = 0;
        return;
    }
    if (m_beatUnanswered) {
        // This tick came late: our own event loop was busy, and the answer may be waiting unread
        // in our socket. Only a tick on time that finds no answer is the peer's miss.
        if (gap <= m_options.heartbeatMs + m_options.heartbeatMs / 2)
            ++m_beatsMissed;
        if (m_beatsMissed >= m_options.heartbeatMisses && !m_settings.async && !m_degraded) {
            setDegraded(true,
                        QStringLiteral("peer did not answer %1 heartbeats (%2 ms apart): %3 is taken as gone")
                            .arg(m_beatsMissed)
                            .arg(m_options.heartbeatMs)
                            .arg(m_identity.peer().name));
            releaseWaiters();
        }
        return;
    }
    m_beatUnanswered = true;
    QPointer<Protocol::Link> link = m_out;
    link->request(MessageType::Ping, {}, 0, this, [this, link](const Protocol::Message &reply) {
        if (!link || m_out != link)
            return;
        m_beatUnanswered = false;
        // An answer only says the peer is alive again; leaving the degraded state needs the
        // peer to acknowledge every change (settleWaiters). When it has, nothing else will come
        // to say so (no change may follow for long): healthy again now.
        if (!reply.isError()) {
            m_beatsMissed = 0;
            settleWaiters();
        }
    });
}

void Replicator::setDegraded(bool on, const QString &reason)
{
    if (m_degraded == on)
        return;
    m_degraded = on;
    m_degradedReason = reason;
    Q_EMIT statusChanged();
    Q_EMIT logged(Protocol::AdminLogEntry::make(
        Protocol::AdminLogEntry::Kind::Health,
        on ? QStringLiteral("HA degraded: %1").arg(reason) : QStringLiteral("HA healthy again"),
        { { QStringLiteral("degraded"), on ? QStringLiteral("yes") : QStringLiteral("no") },
          { QStringLiteral("reason"), reason } }));
    if (on)
        qCWarning(lcHa).noquote() << "HA degraded:" << reason
                                  << "- answering users without the peer's acknowledgement until it is back";
    else
        qCInfo(lcHa).noquote() << "HA healthy again: the peer" << m_identity.peer().name << "has caught up";
}

void Replicator::ackHook(const Change &change, std::function<void()> acknowledged)
{
    if (m_settings.async || change.offset <= m_acked || m_degraded) {
        acknowledged();
        return;
    }
    // One timer for all waiters (not one each: a sync write is every request), set to the oldest
    // one's deadline; they wait in the order they came, all with the same timeout.
    m_waiters.push_back({ change.offset, std::move(acknowledged),
                          QDeadlineTimer(static_cast<qint64>(m_settings.syncTimeoutSeconds) * 1000) });
    if (!m_waiterTimer) {
        m_waiterTimer = new QTimer(this);
        m_waiterTimer->setSingleShot(true);
        connect(m_waiterTimer, &QTimer::timeout, this, &Replicator::waiterTimedOut);
    }
    if (!m_waiterTimer->isActive())
        m_waiterTimer->start(std::chrono::milliseconds(m_waiters.front().deadline.remainingTime()));
}

void Replicator::waiterTimedOut()
{
    if (m_waiters.empty())
        return;
    if (!m_waiters.front().deadline.hasExpired()) {
        // The one it was set for is answered; the next oldest has time left.
        m_waiterTimer->start(std::chrono::milliseconds(m_waiters.front().deadline.remainingTime()));
        return;
    }
    // Degraded from now on, which answers without the peer: also those waiting since.
    setDegraded(true,
                QStringLiteral("the peer %1 did not acknowledge a change within "
                               "/vsmserver/HA/sync_timeout=%2 s (%3)")
                    .arg(m_identity.peer().name)
                    .arg(m_settings.syncTimeoutSeconds)
                    .arg(m_outState == OutState::Streaming ? QStringLiteral("link up, no answer")
                             : m_outError.isEmpty()
                             ? QStringLiteral("link %1").arg(outStateName(static_cast<int>(m_outState)))
                             : m_outError));
    releaseWaiters();
}

// ---- incoming ----

void Replicator::onIncoming(Protocol::Link *link)
{
    link->setParent(this);
    if (!m_in || m_in == link)
        return acceptIncoming(link);
    if (m_candidate) {
        qCWarning(lcSecurity).noquote()
            << "refused a third HA replication link from" << link->peerDescription()
            << ": another new link from the peer is being checked";
        link->close(QStringLiteral("another new replication link from this peer is being checked"));
        return;
    }
    // A restarted peer reconnects while its old link may still look open here (it died without
    // closing it). Only a link that no longer answers is replaced; a second link while the first
    // one answers is refused, and either way it is logged. Requests that arrive on the new link
    // meanwhile wait for the decision.
    m_candidate = link;
    qCDebug(lcHa).noquote() << "HA: a new replication link from" << link->peerDescription()
                            << "while the current one is open: pinging the current one";
    m_candidateHeld.clear();
    connect(link, &Protocol::Link::requestReceived, this, [this, link](const Protocol::Message &m) {
        if (m_candidate == link)
            m_candidateHeld.append(m);
    });
    QPointer<Protocol::Link> current(m_in);
    m_in->request(MessageType::Ping, {}, m_options.pingTimeoutMs, this,
                  [this, current](const Protocol::Message &reply) { decideCandidate(current, reply); });
}

void Replicator::decideCandidate(const QPointer<Protocol::Link> &current, const Protocol::Message &pong)
{
    Protocol::Link *candidate = m_candidate.data();
    const QList<Protocol::Message> held = std::exchange(m_candidateHeld, {});
    m_candidate.clear();
    if (!candidate || candidate->isClosed())
        return;
    candidate->disconnect(this);
    if (!pong.isError() && current && current == m_in) {
        qCWarning(lcSecurity).noquote()
            << "refused a second HA replication link from" << candidate->peerDescription()
            << ": the current one from" << current->peerDescription() << "still answers";
        candidate->close(QStringLiteral("a replication link from this peer is already open and answering"));
        return;
    }
    qCInfo(lcHa).noquote() << "HA: the replication link from"
                           << (current ? current->peerDescription() : QStringLiteral("the peer"))
                           << "no longer answers (" << pong.error << "); the new link from"
                           << candidate->peerDescription() << "replaces it";
    if (current && current == m_in)
        current->close(QStringLiteral("replaced by a new connection from the peer"));
    acceptIncoming(candidate);
    for (const Protocol::Message &m : held)
        if (m_in == candidate)
            handleIncoming(candidate, m);
}

void Replicator::dropIncomingSnapshot()
{
    m_chunksMerging = 0; // of a link that is gone: its sender starts over
    m_inImage = {};
    m_inImageBytes = 0;
}

void Replicator::acceptIncoming(Protocol::Link *link)
{
    dropIncomingSnapshot();
    m_in = link;
    m_inCaughtUp = false;
    m_peerSeen = true;
    connect(link, &Protocol::Link::requestReceived, this,
            [this, link](const Protocol::Message &m) { handleIncoming(link, m); });
    connect(link, &Protocol::Link::closed, this, [this, link](const QString &reason) {
        if (m_in == link) {
            qCInfo(lcHa).noquote() << "HA replication link from the peer closed:" << reason;
            m_in.clear();
            dropIncomingSnapshot();
            m_inCaughtUp = false;
            Q_EMIT statusChanged();
        }
    });
    Q_EMIT statusChanged();
    // The peer is back: do not wait for our backoff to reach it.
    if (m_outState == OutState::Down) {
        m_retryTimer->stop();
        m_backoffMs = 0;
        connectOut();
    }
}

void Replicator::handleIncoming(Protocol::Link *link, const Protocol::Message &m)
{
    if (link != m_in) {
        link->replyError(m, QStringLiteral("stale replication link"));
        return;
    }
    switch (m.type) {
    case MessageType::ReplSync:
        return receiveSync(link, m);
    case MessageType::ReplPartialBegin:
        return receivePartialBegin(link, m);
    case MessageType::ReplChange:
        return receiveChanges(link, m);
    case MessageType::ReplSnapshotBegin:
        return receiveSnapshotBegin(link, m);
    case MessageType::ReplSnapshotChunk:
        return receiveSnapshotChunk(link, m);
    case MessageType::ReplSnapshotEnd:
        return receiveSnapshotEnd(link, m);
    default:
        link->replyError(m,
                         QStringLiteral("message type %1 is not served on the replication link")
                             .arg(static_cast<int>(m.type)));
    }
}

// The peer starts its stream: the configuration to compare, and where this node is in it.
void Replicator::receiveSync(Protocol::Link *link, const Protocol::Message &m)
{
    const auto sync = decode<Protocol::ReplSync>(link, m);
    if (!sync)
        return;
    setConfigDiff(sync->config, QStringLiteral("link up"));
    // The position reported includes the batches held (the peer counts every change up to it
    // as acknowledged, and would send them again otherwise).
    if (!applyHeld()) {
        link->replyError(m, QStringLiteral("changes held from the link before could not be applied"));
        return;
    }
    const auto have = Protocol::ReplicationPosition::fromText(m_store->meta(InStreamKey));
    m_inStreamId = sync->position.replicationId;
    m_inOffset = have.replicationId == m_inStreamId ? have.offset : 0;
    QStringList features;
    if (m_options.readPackedRecords)
        features.append(Protocol::FeaturePackedRecords);
    if (m_options.storeImages && m_imageRefused.isEmpty()) {
        QString unreadable;
        const std::optional<QList<SessionRecord>> firstPage = m_store->listPage({}, 1, &unreadable);
        if (firstPage && firstPage->isEmpty())
            features.append(Protocol::FeatureStoreImage);
    }
    link->reply(m, Protocol::ReplSyncReply { m_store->nodeId(), have, m_digest, features }.toCbor());
}

// A partial resync follows: the changes from one offset to another.
void Replicator::receivePartialBegin(Protocol::Link *link, const Protocol::Message &m)
{
    const auto begin = decode<Protocol::ReplPartialBegin>(link, m);
    if (!begin)
        return;
    applyHeld(); // of the stream before (its changes come again when they did not get in)
    m_inTarget = begin->to;
    m_inStreamId = begin->replicationId;
    m_received = { Protocol::ResyncKind::Partial, Protocol::ResyncDirection::Received, nowMs(), -1,
                   begin->to - begin->from };
    link->reply(m);
    if (m_inOffset >= m_inTarget)
        markCaughtUp(Protocol::ResyncKind::Partial);
}

// Changes, applied in one transaction with the new position, then acknowledged.
void Replicator::receiveChanges(Protocol::Link *link, const Protocol::Message &m)
{
    const auto batch = decode<Protocol::ReplChangeBatch>(link, m);
    if (!batch)
        return;
    if (batch->packed && !m_options.readPackedRecords) {
        link->replyError(m,
                         QStringLiteral("packed changes, which this node did not name among its features"));
        return;
    }
    if (batch->replicationId != m_inStreamId) {
        link->replyError(
            m, QStringLiteral("changes of data set %1, expected %2").arg(batch->replicationId, m_inStreamId));
        return;
    }
    QList<SessionRecord> records;
    records.reserve(batch->changes.size());
    quint64 last = std::max(m_inOffset, batch->to);
    for (const Change &c : batch->changes) {
        records.append(c.record);
        last = std::max(last, c.offset);
    }
    const QString position = Protocol::ReplicationPosition { m_inStreamId, last }.toText();
    // No user of the peer waits for an async batch (async mode): held, and applied with the
    // batches that come meanwhile in one transaction with one fsync, Options::asyncApplyMs after
    // the first, then acknowledged. The acknowledgement keeps its meaning (on this disk: the peer
    // collects tombstones on it); the peer's changes show here that much later.
    // Anything else follows the held batches, in order, as does one that would hold too many.
    const bool toHold = batch->async && m_changesQueued == 0 && records.size() <= MaxChangesAppliedOnLoop;
    const bool toWriter = !toHold && (m_changesQueued > 0 || records.size() > MaxChangesAppliedOnLoop);
    qCDebug(lcHa).noquote() << QStringLiteral("HA: the peer's changes up to offset %1 (%2): %3")
                                   .arg(last)
                                   .arg(records.size())
                                   .arg(toHold         ? QStringLiteral("held")
                                            : toWriter ? QStringLiteral("applied on the store's writer")
                                                       : QStringLiteral("applied here"));
    if ((!toHold || m_held.records.size() + records.size() > MaxRecordsHeld) && !applyHeld()) {
        link->replyError(m, QStringLiteral("changes held before these could not be applied"));
        return;
    }
    if (toHold) {
        hold(link, m, std::move(records), last, position);
        return;
    }
    // A batch of many changes (a resync, a node catching up) is applied on the store's writer
    // thread, so that this loop decodes the next batch meanwhile and batches that wait for the
    // writer together share one transaction; a few changes (a user's, waiting for this node's
    // acknowledgement) are applied here at once, without two thread hops. Once a batch went to
    // the writer, the ones after it follow it there until it is applied: the position is
    // written in order.
    if (toWriter) {
        ++m_changesQueued;
        const QPointer<Protocol::Link> from = link;
        m_store->applyAllLater([records = std::move(records)](
                                   QString *) { return std::optional<QList<SessionRecord>>(records); },
                               Store::SessionStore::Durability::Synced, this,
                               [this, from, request = m, last](const std::optional<QList<Change>> &applied,
                                                               const QString &error) {
                                   --m_changesQueued;
                                   if (from && from == m_in)
                                       changesApplied(from, request, last, applied.has_value(), error);
                               },
                               InStreamKey, position);
        return;
    }
    QString error;
    const bool applied = m_store->applyAll(records, &error, InStreamKey, position).has_value();
    changesApplied(link, m, last, applied, error);
}

void Replicator::changesApplied(Protocol::Link *link, const Protocol::Message &request, quint64 last,
                                bool applied, const QString &error)
{
    if (!applied) {
        qCCritical(lcHa).noquote() << "HA: cannot apply the peer's changes:" << error;
        link->replyError(request, error);
        return;
    }
    acknowledge(link, request, last);
    // Out now: the peer's users wait for it (a TLS socket sends what it is given a pass of this
    // loop later).
    link->flush();
}

void Replicator::hold(Protocol::Link *link, const Protocol::Message &request, QList<SessionRecord> records,
                      quint64 last, const QString &position)
{
    m_held.records.append(std::move(records));
    m_held.position = position;
    m_held.batches.push_back({ link, request, last });
    if (!m_applyTimer) {
        m_applyTimer = new QTimer(this);
        m_applyTimer->setSingleShot(true);
        m_applyTimer->setTimerType(Qt::PreciseTimer);
        connect(m_applyTimer, &QTimer::timeout, this, [this]() { applyHeld(); });
    }
    if (!m_applyTimer->isActive())
        m_applyTimer->start(m_options.asyncApplyMs);
}

bool Replicator::applyHeld()
{
    if (m_applyTimer)
        m_applyTimer->stop();
    if (m_held.batches.empty())
        return true;
    Held held = std::exchange(m_held, {});
    qCDebug(lcHa).noquote() << QStringLiteral("HA: applying %1 held batches of the peer (%2 changes)")
                                   .arg(held.batches.size())
                                   .arg(held.records.size());
    QString error;
    const bool applied = m_store->applyAll(held.records, &error, InStreamKey, held.position).has_value();
    if (!applied)
        qCCritical(lcHa).noquote() << "HA: cannot apply the peer's changes:" << error;
    QList<QPointer<Protocol::Link>> links;
    for (const HeldBatch &b : held.batches) {
        if (!b.link)
            continue; // its link closed: applied all the same, the peer learns it from the position
        if (!applied)
            b.link->replyError(b.request, error);
        else
            acknowledge(b.link, b.request, b.last);
        if (!links.contains(b.link))
            links.append(b.link);
    }
    for (const QPointer<Protocol::Link> &link : std::as_const(links))
        if (link)
            link->flush();
    return applied;
}

void Replicator::acknowledge(Protocol::Link *link, const Protocol::Message &request, quint64 last)
{
    m_inOffset = std::max(m_inOffset, last);
    link->replyWith(request, Protocol::Body::encoded(Protocol::ReplAck { last }.encode()));
    if (!m_inCaughtUp && m_received.durationMs < 0 && m_received.kind == Protocol::ResyncKind::Partial
        && m_inOffset >= m_inTarget)
        markCaughtUp(Protocol::ResyncKind::Partial);
}

// A full snapshot follows.
void Replicator::receiveSnapshotBegin(Protocol::Link *link, const Protocol::Message &m)
{
    const auto begin = decode<Protocol::ReplSnapshotBegin>(link, m);
    if (!begin)
        return;
    if (begin->imageBytes > 0
        && (!m_options.storeImages
            || begin->imageBytes > static_cast<quint64>(Protocol::MaxStoreImageBytes))) {
        link->replyError(m,
                         QStringLiteral("a database image of %1 bytes, which this node does not take "
                                        "(images: %2, at most %3 bytes)")
                             .arg(begin->imageBytes)
                             .arg(m_options.storeImages ? QStringLiteral("on") : QStringLiteral("off"))
                             .arg(Protocol::MaxStoreImageBytes));
        return;
    }
    applyHeld(); // of the stream before
    m_inStreamId = begin->replicationId;
    m_inTarget = begin->offset;
    m_received
        = { Protocol::ResyncKind::Full, Protocol::ResyncDirection::Received, nowMs(), -1, begin->count };
    m_inImage = {};
    m_inImageBytes = begin->imageBytes;
    if (m_inImageBytes > 0) {
        m_inImage.reserve(static_cast<qsizetype>(m_inImageBytes));
        qCInfo(lcHa).noquote() << QStringLiteral("HA: receiving the peer's database image (%1 records, %2 "
                                                 "bytes); taking it in")
                                      .arg(m_received.changes)
                                      .arg(m_inImageBytes);
    } else {
        qCInfo(lcHa).noquote() << "HA: receiving a full snapshot of" << m_received.changes
                               << "records from the peer; merging it";
    }
    link->reply(m);
}

// A part of the image: kept until the snapshot's end (in memory only, answered at once).
void Replicator::receiveImagePart(Protocol::Link *link, const Protocol::Message &m)
{
    const auto chunk = decode<Protocol::ReplSnapshotChunk>(link, m);
    if (!chunk)
        return;
    if (chunk->image.isEmpty()) {
        link->replyError(m, QStringLiteral("records in a database image's snapshot"));
        return;
    }
    if (static_cast<quint64>(m_inImage.size() + chunk->image.size()) > m_inImageBytes) {
        link->replyError(
            m,
            QStringLiteral("the database image is longer than the %1 bytes announced").arg(m_inImageBytes));
        return;
    }
    m_inImage.append(chunk->image);
    link->reply(m);
}

void Replicator::receiveSnapshotChunk(Protocol::Link *link, const Protocol::Message &m)
{
    if (m_inImageBytes > 0)
        return receiveImagePart(link, m);
    // Decoded on a thread of its own and merged on the store's writer thread, in the order
    // received, while this loop goes on (the next chunks' reading, users' requests); answered
    // when merged. The decoding of a chunk overlaps the merging of the ones before it.
    if (m_chunksMerging >= MaxChunksWaiting) {
        link->replyError(m, QStringLiteral("more than %1 snapshot chunks in flight").arg(MaxChunksWaiting));
        return;
    }
    ++m_chunksMerging;
    Protocol::Message request = m; // answered later; its body goes to the decoder
    struct Decoded {
        std::optional<QList<SessionRecord>> records;
        QString error;
    };
    auto decode = std::make_shared<std::packaged_task<Decoded()>>(
        [body = std::exchange(request.body, {}), readPacked = m_options.readPackedRecords]() {
            Decoded d;
            auto chunk = Protocol::ReplSnapshotChunk::fromCbor(body, &d.error);
            if (chunk && chunk->packed && !readPacked)
                d.error = QStringLiteral("packed records, which this node did not name among its features");
            else if (chunk)
                d.records = std::move(chunk->records);
            return d;
        });
    std::shared_future<Decoded> decoded = decode->get_future().share();
    if (!m_chunkDecoder) {
        m_chunkDecoder = new QThreadPool(this);
        m_chunkDecoder->setMaxThreadCount(1); // in order, and one core at most
        m_chunkDecoder->setObjectName(QStringLiteral("snapshot decoder"));
    }
    m_chunkDecoder->start([decode]() { (*decode)(); });
    const QPointer<Protocol::Link> from = link;
    m_store->applyAllLater(
        [decoded](QString *error) -> std::optional<QList<SessionRecord>> {
            // The decoder runs every task it was given, also when it is destroyed: never a broken
            // promise here.
            Decoded d = decoded.get();
            if (!d.records)
                *error = d.error;
            return std::move(d.records);
        },
        // No fsync per chunk: the snapshot's end position, written synced, takes them all to the
        // disk, and until it is written this node is not caught up (a crash means resyncing again).
        Store::SessionStore::Durability::Deferred, this,
        [this, from, request](const std::optional<QList<Change>> &changes, const QString &error) {
            if (!from || from != m_in)
                return; // the link closed: the peer starts over
            --m_chunksMerging;
            if (!changes) {
                qCCritical(lcHa).noquote() << "HA: cannot merge the peer's snapshot:" << error;
                from->replyError(request, error);
                return;
            }
            from->reply(request);
        });
}

// The snapshot is merged: the position it was taken at is this node's now.
void Replicator::receiveSnapshotEnd(Protocol::Link *link, const Protocol::Message &m)
{
    const auto end = decode<Protocol::ReplSnapshotEnd>(link, m);
    if (!end)
        return;
    if (m_chunksMerging > 0) {
        link->replyError(m, QStringLiteral("snapshot end before its chunks were merged"));
        return;
    }
    // The position is of the stream the snapshot began. Written on the store's writer thread,
    // after the chunks: its commit is the one with the fsync that takes all of them to the disk
    // (on this loop it held it 5-8 ms for 10,000 records, 30 ms once).
    const Protocol::ReplicationPosition position { m_inStreamId, end->position.offset };
    if (m_inImageBytes > 0)
        return receiveImageEnd(link, m, position.replicationId, position.offset);
    const QPointer<Protocol::Link> from = link;
    ++m_chunksMerging; // counted with the chunks: an end meanwhile is refused like one before them
    m_store->applyAllLater(
        [](QString *) { return std::optional<QList<SessionRecord>>(QList<SessionRecord>()); },
        Store::SessionStore::Durability::Synced, this,
        [this, from, request = m, offset = position.offset](const std::optional<QList<Change>> &written,
                                                            const QString &error) {
            if (snapshotEndWritten(from, request, offset, written.has_value(), error))
                return;
            if (from && from == m_in)
                qCCritical(lcHa).noquote() << "HA: cannot record the end of the peer's snapshot:" << error;
        },
        InStreamKey, position.toText());
}

// The whole image came: installed on the store's writer thread, with the position in its
// transaction.
void Replicator::receiveImageEnd(Protocol::Link *link, const Protocol::Message &m, const QString &streamId,
                                 quint64 offset)
{
    const Protocol::ReplicationPosition position { streamId, offset };
    if (static_cast<quint64>(m_inImage.size()) != m_inImageBytes) {
        link->replyError(m,
                         QStringLiteral("snapshot end after %1 of the database image's %2 bytes")
                             .arg(m_inImage.size())
                             .arg(m_inImageBytes));
        return;
    }
    m_inImageBytes = 0;
    const QPointer<Protocol::Link> from = link;
    ++m_chunksMerging; // an end meanwhile is refused
    m_store->installImageLater(
        std::exchange(m_inImage, {}), this,
        [this, from, request = m, offset](const std::optional<int> &records, const QString &error) {
            if (snapshotEndWritten(from, request, offset, records.has_value(), error) || !from
                || from != m_in)
                return;
            // Refused from now on: the peer's next full resync sends records.
            m_imageRefused = error;
            qCCritical(lcHa).noquote() << "HA: cannot take the peer's database image:" << error
                                       << "; the next full resync sends records";
        },
        InStreamKey, position.toText());
}

bool Replicator::snapshotEndWritten(const QPointer<Protocol::Link> &from, const Protocol::Message &request,
                                    quint64 offset, bool written, const QString &error)
{
    if (!from || from != m_in)
        return false; // the link closed: the peer starts over
    --m_chunksMerging;
    if (!written) {
        from->replyError(request, error);
        return false;
    }
    m_inOffset = offset;
    from->reply(request);
    markCaughtUp(Protocol::ResyncKind::Full);
    return true;
}

void Replicator::markCaughtUp(Protocol::ResyncKind kind)
{
    if (m_received.durationMs < 0) {
        m_received.durationMs = nowMs() - m_received.startedMs;
        Q_EMIT resyncFinished(kind, m_received.direction, m_received.durationMs);
        Q_EMIT logged(resyncEntry(kind, m_received.direction, m_received.changes, m_received.durationMs));
    }
    m_inCaughtUp = true;
    qCInfo(lcHa).noquote() << "HA: this node is up to date with the peer after a"
                           << Protocol::resyncKindName(kind) << "resync of" << m_received.changes
                           << unitOf(kind) << "in" << m_received.durationMs << "ms";
    Q_EMIT caughtUp(kind);
    Q_EMIT statusChanged();
}

void Replicator::setConfigDiff(const QCborMap &theirs, const QString &when)
{
    const QStringList differ = ConfigDigest::diff(m_digest, theirs);
    if (m_configKnown && differ == m_configDiffers)
        return;
    m_configKnown = true;
    m_configDiffers = differ;
    Q_EMIT statusChanged();
    if (differ.isEmpty())
        qCInfo(lcHa).noquote() << "HA: configuration identical on both nodes (" << when << ")";
    else
        qCWarning(lcHa).noquote() << "HA: configuration differs from the peer" << m_identity.peer().name
                                  << "in:" << differ.join(QStringLiteral(", "))
                                  << "- both nodes must have the same values";
}

void Replicator::collectTombstones()
{
    // Every change of ours, tombstones included, is acknowledged by the peer, and tombstones
    // that came from the peer are the peer's own: both nodes have every tombstone here. A
    // tombstone whose end is still pending (its agent was away) stays: it is what ends the
    // session when the agent is back (SessionBroker::reported).
    if (m_outState != OutState::Streaming || m_inflight > 0 || m_acked < m_store->lastOffset()
        || !m_inCaughtUp)
        return;
    QString error;
    const int n = m_store->purgeTombstones(nowMs() - 60 * 1000, &error, true);
    if (n < 0) {
        qCWarning(lcHa).noquote() << "HA:" << error;
        return;
    }
    if (n > 0) {
        m_tombstonesCollected += n;
        qCInfo(lcHa).noquote() << "HA: collected" << n << "tombstones both nodes have";
    }
}

bool Replicator::catchingUp(QString *why) const
{
    if (m_in && !m_inCaughtUp) {
        *why
            = QStringLiteral("catching up with the peer %1 (resync in progress)").arg(m_identity.peer().name);
        return true;
    }
    if (!m_inCaughtUp && !m_graceOver) {
        *why = QStringLiteral("waiting for the peer %1 to bring this node up to date (start-up)")
                   .arg(m_identity.peer().name);
        return true;
    }
    return false;
}

bool Replicator::linkUp() const
{
    return m_outState == OutState::Streaming && m_in;
}

quint64 Replicator::lagChanges() const
{
    const quint64 last = m_store->lastOffset();
    return last > m_acked ? last - m_acked : 0;
}

qint64 Replicator::lagMs() const
{
    return m_oldestUnackedSentMs > 0 ? nowMs() - m_oldestUnackedSentMs : 0;
}

const Net::RefusalLog *Replicator::refusals() const
{
    return m_server ? &m_server->refusals() : nullptr;
}

Protocol::HaStatus Replicator::status() const
{
    Protocol::HaStatus s;
    s.enabled = true;
    s.active = true;
    s.local = m_identity.local().name;
    s.peer = m_identity.peer().name;
    for (const QHostAddress &a : m_identity.peer().addresses)
        s.peerAddresses.append(a.toString());
    s.port = port();
    s.replication = m_settings.async ? QStringLiteral("async") : QStringLiteral("sync");
    s.syncTimeout = m_settings.syncTimeoutSeconds;
    s.linkOut = outStateName(static_cast<int>(m_outState));
    s.linkOutError = m_outError;
    s.linkIn = m_in ? QStringLiteral("up") : QStringLiteral("down");
    s.link = linkUp() ? QStringLiteral("up") : QStringLiteral("down");
    if (m_out || m_in)
        s.linkTrust = (!m_out || m_out->peerAuthenticated()) && (!m_in || m_in->peerAuthenticated())
            ? QStringLiteral("cluster key")
            : QStringLiteral("address");
    const quint64 last = m_store->lastOffset();
    s.replicationId = m_store->replicationId();
    s.offset = static_cast<qint64>(last);
    s.ackedOffset = static_cast<qint64>(m_acked);
    s.lagChanges = static_cast<qint64>(lagChanges());
    s.lagMs = lagMs();
    s.lastRttMs = m_lastRttMs;
    s.peerReplicationId = m_inStreamId;
    s.peerOffsetApplied = static_cast<qint64>(m_inOffset);
    s.caughtUp = m_inCaughtUp;
    s.lastResyncSent = m_sent.status();
    s.lastResyncReceived = m_received.status();
    s.tombstonesCollected = m_tombstonesCollected;
    s.degraded = m_degraded;
    if (m_degraded)
        s.degradedReason = m_degradedReason;
    s.configKnown = m_configKnown;
    s.configIdentical = m_configKnown && m_configDiffers.isEmpty();
    s.configDiffers = m_configDiffers;
    return s;
}

} // namespace Ha
