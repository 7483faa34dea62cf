// Ha::Replicator between two stores in this process over real TLS links on loopback (127.0.0.1
// and 127.0.0.2; the node names are the addresses, so the seed's identity rule decides):
// sync acknowledgement waits for the peer, times out into the degraded state, recovers when the
// peer is back and caught up (partial resync); async answers at once. A peer that stops
// answering on a link that stays open (a relay that swallows its traffic, as a pulled cable or a
// frozen machine does) is noticed by the heartbeat, well before sync_timeout.

#include "backend/server/ha/hasettings.h"
#include "backend/server/ha/nodeidentity.h"
#include "backend/server/ha/replicator.h"
#include "shared/net/clusterkey.h"
#include "shared/net/tlsidentity.h"
#include "shared/store/sessionstore.h"
#include "tests/unit/support/faultydisk.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QPointer>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <unistd.h>

namespace {
QString q(const char *s)
{
    return QString::fromUtf8(s);
}

// A TCP relay on `listen` that forwards each connection to `target`, connecting from `source`.
// Blackholed, it forwards nothing either way and keeps the connections open: the peer on the
// other side no longer answers, and nothing tells the sender so.
class Relay final : public QObject {
public:
    bool start(const QHostAddress &listen, const QHostAddress &source, const QHostAddress &target,
               quint16 targetPort)
    {
        m_source = source;
        m_target = target;
        m_targetPort = targetPort;
        connect(&m_server, &QTcpServer::newConnection, this, &Relay::accept);
        return m_server.listen(listen, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    void setBlackholed(bool on)
    {
        m_blackholed = on;
        if (!on) {
            for (const auto &[from, to] : m_pairs) {
                if (from && to)
                    forward(from, to);
            }
        }
    }

private:
    void accept()
    {
        while (QTcpSocket *in = m_server.nextPendingConnection()) {
            auto *out = new QTcpSocket(this);
            in->setParent(this);
            out->bind(m_source);
            out->connectToHost(m_target, m_targetPort);
            m_pairs.append(std::make_pair(QPointer<QTcpSocket>(in), QPointer<QTcpSocket>(out)));
            m_pairs.append(std::make_pair(QPointer<QTcpSocket>(out), QPointer<QTcpSocket>(in)));
            connect(in, &QTcpSocket::readyRead, this, [this, in, out]() { forward(in, out); });
            connect(out, &QTcpSocket::readyRead, this, [this, in, out]() { forward(out, in); });
            connect(out, &QTcpSocket::connected, this, [this, in, out]() { forward(in, out); });
            connect(in, &QTcpSocket::disconnected, out, &QTcpSocket::disconnectFromHost);
            connect(out, &QTcpSocket::disconnected, in, &QTcpSocket::disconnectFromHost);
        }
    }
    void forward(QTcpSocket *from, QTcpSocket *to)
    {
        if (m_blackholed || to->state() != QAbstractSocket::ConnectedState)
            return;
        to->write(from->readAll());
    }

    QTcpServer m_server;
    QHostAddress m_source, m_target;
    quint16 m_targetPort = 0;
    bool m_blackholed = false;
    QList<std::pair<QPointer<QTcpSocket>, QPointer<QTcpSocket>>> m_pairs;
};
} // namespace

class TestReplicator : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    Net::TlsSettings m_tls;
    Ha::HaSettings m_settings;
    std::unique_ptr<Store::SessionStore> m_storeA, m_storeB;
    std::unique_ptr<Ha::Replicator> m_a, m_b;
    int m_n = 0;

    std::unique_ptr<Ha::Replicator> start(Store::SessionStore *store, const QString &self,
                                          Ha::Replicator::Options o = {},
                                          const Ha::HaSettings *settings = nullptr,
                                          const Net::TlsSettings *tls = nullptr)
    {
        if (!settings)
            settings = &m_settings;
        if (!tls)
            tls = &m_tls;
        const auto literal = [](const QString &name) { return QList<QHostAddress> { QHostAddress(name) }; };
        const Ha::NodeIdentity id = Ha::NodeIdentity::determine(settings->nodes, self, {}, literal);
        if (!id.isValid())
            qWarning("%s", qPrintable(id.explanation()));
        o.listenAddress = QHostAddress(self);
        o.startupGraceMs = 500;
        auto r = std::make_unique<Ha::Replicator>(*settings, id, store, *tls, o);
        QString error;
        if (!r->start(&error))
            qWarning("%s", qPrintable(error));
        return r;
    }

    // n new records as A writes them (its node id, its first version).
    QList<Store::SessionRecord> recordsOfA(int n)
    {
        QList<Store::SessionRecord> records;
        for (int i = 0; i < n; ++i) {
            Store::SessionRecord r = record();
            r.version = { 1, m_storeA->nodeId(), 1700000000000 + m_n };
            records.append(r);
        }
        return records;
    }

    // Runs sql on the store file at path over a connection of its own, behind its store's back:
    // a table renamed away (the store's own statements then fail with "no such table"), a
    // journal entry overwritten with bytes that do not decode (a damaged disk). The rows it
    // changed, -1 when it failed.
    static int execBehindTheBack(const QString &path, const QString &sql)
    {
        int rows = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(q("QSQLITE"), q("behind-the-back"));
            db.setDatabaseName(path);
            QSqlQuery query(db);
            if (db.open() && query.exec(sql))
                rows = query.numRowsAffected();
            else
                qWarning("%s failed: %s", qPrintable(sql), qPrintable(query.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(q("behind-the-back"));
        return rows;
    }

    static bool renameTable(const QString &path, const QString &from, const QString &to)
    {
        return execBehindTheBack(path, q("ALTER TABLE %1 RENAME TO %2").arg(from, to)) >= 0;
    }

    static bool damageJournal(const QString &path, quint64 offset)
    {
        return execBehindTheBack(path, q("UPDATE journal SET record = x'ff' WHERE offset = %1").arg(offset))
            == 1;
    }

    static bool linked(Ha::Replicator *r)
    {
        const Protocol::HaStatus s = r->status();
        return s.linkUp() && s.caughtUp;
    }

    Store::SessionRecord record()
    {
        Store::SessionRecord r;
        r.id = QStringLiteral("s%1").arg(++m_n);
        r.user = q("alice");
        r.agent = q("agent1");
        r.display = 10 + m_n;
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress(q("127.0.0.2")), 0))
            QSKIP("127.0.0.2 is not usable on this machine");
        m_settings.enabled = true;
        m_settings.nodes = { q("127.0.0.1"), q("127.0.0.2") };
        m_settings.syncTimeoutSeconds = 1;
        m_settings.port = probe.serverPort();
        probe.close();
        QString error;
        m_tls.identity = Net::TlsIdentity::loadOrCreate(m_dir.path(), q("test"), &error);
        QVERIFY2(m_tls.identity, qPrintable(error));
        m_storeA = std::make_unique<Store::SessionStore>();
        m_storeB = std::make_unique<Store::SessionStore>();
        QVERIFY(m_storeA->open(m_dir.filePath(q("a.db")), &error));
        QVERIFY(m_storeB->open(m_dir.filePath(q("b.db")), &error));
        // A sends snapshot chunks of 1,000 records, as older versions do: larger than the
        // 64 KiB an unproven peer may send (wipedPeerGetsManyRecordsByFullResync). One at a
        // time: B merges them on its store's writer thread, which a node killed after its first
        // merged chunk finishes before it stops; with more in flight, that would be all of them
        // (nodeGoneDuringFullResyncResyncsFullyAgain).
        Ha::Replicator::Options big;
        big.chunkSize = 1000;
        big.snapshotWindow = 1;
        m_a = start(m_storeA.get(), q("127.0.0.1"), big);
        m_b = start(m_storeB.get(), q("127.0.0.2"));
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 15000);
    }

    void cleanupTestCase()
    {
        m_a.reset();
        m_b.reset();
    }

    void syncWaitsForThePeer()
    {
        QString error;
        const auto c = m_storeA->upsert(record(), &error);
        QVERIFY(c);
        bool acked = false;
        bool onPeerAtAck = false;
        const QString id = c->record.id;
        m_a->ackHook(*c, [&]() {
            acked = true;
            onPeerAtAck = m_storeB->get(id).has_value();
        });
        QTRY_VERIFY(acked);
        QVERIFY(onPeerAtAck);
        QCOMPARE(*m_storeB->get(id), c->record);
    }

    void deletesFollowBothWays()
    {
        QString error;
        const auto c = m_storeB->upsert(record(), &error);
        QVERIFY(c);
        QTRY_VERIFY(m_storeA->get(c->record.id));
        const auto gone = m_storeA->remove(c->record.id, &error);
        QVERIFY(gone);
        bool acked = false;
        m_a->ackHook(*gone, [&]() { acked = true; });
        QTRY_VERIFY(acked);
        QVERIFY(!m_storeB->get(c->record.id));
        QVERIFY(m_storeB->get(c->record.id, true)->deleted);
    }

    void peerGoneDegradesAfterTimeout()
    {
        m_b.reset();
        QString error;
        const auto c = m_storeA->upsert(record(), &error);
        bool acked = false;
        QElapsedTimer t;
        t.start();
        m_a->ackHook(*c, [&]() { acked = true; });
        QTest::qWait(300);
        QVERIFY(!acked);
        // A second answer waiting meanwhile: when the first one's time is up the node is
        // degraded, and it goes out then as well instead of waiting a timeout of its own.
        const auto c1 = m_storeA->upsert(record(), &error);
        bool acked1 = false;
        m_a->ackHook(*c1, [&]() { acked1 = true; });
        QTRY_VERIFY_WITH_TIMEOUT(acked, 3000);
        QVERIFY(t.elapsed() >= 1000); // sync_timeout 1 s, not a moment less
        QVERIFY(acked1);
        QVERIFY(m_a->degraded());
        // Degraded: the next answer goes out at once.
        const auto c2 = m_storeA->upsert(record(), &error);
        bool acked2 = false;
        m_a->ackHook(*c2, [&]() { acked2 = true; });
        QVERIFY(acked2);
    }

    void peerBackCatchesUpPartially()
    {
        m_b = start(m_storeB.get(), q("127.0.0.2"));
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_a->degraded(), 5000);
        QCOMPARE(m_b->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Partial);
        QCOMPARE(m_storeB->list(true), m_storeA->list(true));
    }

    // A partial resync of many changes: the batches of 250 are applied on B's store's writer
    // thread (its loop decodes the next meanwhile), and the short batch after them waits behind
    // them there instead of being applied at once on the loop, so that B's position in A's
    // stream is written in order and ends at A's last offset. (760 changes: three batches of 250
    // and one of 10, all in A's window of four; B's writer is held until they are all in.)
    void manyChangesAreAppliedOffTheLoopInOrder()
    {
        m_b.reset();
        QString error;
        QStringList ids;
        for (int i = 0; i < 760; ++i) {
            const auto c = m_storeA->upsert(record(), &error);
            QVERIFY2(c, qPrintable(error));
            ids.append(c->record.id);
        }
        QHash<QString, bool> onWriter; // id -> applied off this (B's loop) thread
        QObject scope; // ends the connection with this test: it refers to the test's locals
        connect(
            m_storeB.get(), &Store::SessionStore::applied, &scope,
            [&](const Store::Change &c) {
                onWriter.insert(c.record.id, QThread::currentThread() != thread());
            },
            Qt::DirectConnection);
        QSemaphore held, release;
        m_storeB->applyAllLater(
            [&](QString *) {
                held.release();
                release.acquire();
                return std::optional<QList<Store::SessionRecord>>(QList<Store::SessionRecord>());
            },
            Store::SessionStore::Durability::Deferred, &scope,
            [](const std::optional<QList<Store::Change>> &, const QString &) {});
        QVERIFY(held.tryAcquire(1, 10000));
        m_b = start(m_storeB.get(), q("127.0.0.2"));
        QTest::qWait(500); // the four batches come in and wait for the writer
        release.release();
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 15000);
        QCOMPARE(m_b->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Partial);
        QTRY_COMPARE_WITH_TIMEOUT(m_a->status().lagChanges, qint64(0), 10000);
        QCOMPARE(onWriter.size(), ids.size());
        QVERIFY(onWriter.value(ids.first()));
        QVERIFY(onWriter.value(ids.last())); // the last batch (10) too: it came behind the others
        QCOMPARE(m_storeB->meta(q("repl_in_stream")),
                 q("%1 %2").arg(m_storeA->replicationId()).arg(m_storeA->lastOffset()));
        QCOMPARE(m_storeB->list(true), m_storeA->list(true));
        // A single change later is applied on the loop again, at once.
        const auto one = m_storeA->upsert(record(), &error);
        QVERIFY(one);
        QTRY_VERIFY_WITH_TIMEOUT(onWriter.contains(one->record.id), 10000);
        QVERIFY(!onWriter.value(one->record.id));
        QTRY_COMPARE_WITH_TIMEOUT(m_storeB->meta(q("repl_in_stream")),
                                  q("%1 %2").arg(m_storeA->replicationId()).arg(one->offset), 10000);
    }

    // Changes applied from the peer are not this node's own: they take no offsets of its stream,
    // so a restarted node has nothing of them to send back. However many of the peer's changes
    // it took (here more than its journal's backlog), both directions resync partially, and the
    // one from the restarted node carries nothing.
    void appliedChangesAreNotSentBack()
    {
        const quint64 offsetB = m_storeB->lastOffset();
        m_storeB->setJournalBacklog(50);
        QString error;
        QList<Store::SessionRecord> batch;
        for (int i = 0; i < 200; ++i)
            batch.append(record());
        const QList<Store::Change> written = m_storeA->upsertAll(batch, &error);
        QCOMPARE(written.size(), 200);
        QTRY_VERIFY_WITH_TIMEOUT(m_storeB->get(written.last().record.id), 10000);
        QCOMPARE(m_storeB->lastOffset(), offsetB);
        QTRY_COMPARE_WITH_TIMEOUT(m_b->status().lagChanges, qint64(0), 5000);

        QSignalSpy resyncs(m_a.get(), &Ha::Replicator::resyncFinished);
        m_b.reset();
        m_b = start(m_storeB.get(), q("127.0.0.2"));
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 15000);
        const auto received = [&resyncs]() {
            for (const QList<QVariant> &r : std::as_const(resyncs))
                if (r.at(1).value<Protocol::ResyncDirection>() == Protocol::ResyncDirection::Received)
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(received(), 5000);
        const Protocol::HaResync fromB = m_a->status().lastResyncReceived.value_or(Protocol::HaResync());
        QCOMPARE(fromB.kind, Protocol::ResyncKind::Partial);
        QCOMPARE(fromB.changes, qint64(0));
        QCOMPARE(m_b->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Partial);
        QCOMPARE(m_storeB->list(true), m_storeA->list(true));
        m_storeB->setJournalBacklog(Store::SessionStore::DefaultJournalBacklog);
    }

    // A change in the sender's journal that no longer decodes (a damaged disk): the partial
    // resync stops there and says why, and the next resync is a full one instead of a partial
    // one that stops at the same change again (which it did, for ever, saying "the peer fell
    // behind the backlog").
    void unreadableJournalFallsBackToFullResync()
    {
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 15000);
        m_b.reset();
        QString error;
        const QList<Store::Change> written = m_storeA->upsertAll(recordsOfA(5), &error);
        QCOMPARE(written.size(), 5);
        const quint64 damaged = written.at(2).offset;
        QVERIFY(damageJournal(m_dir.filePath(q("a.db")), damaged));

        static QStringList lines;
        lines.clear();
        static QtMessageHandler previous = nullptr;
        previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &text) {
                lines.append(text);
                previous(type, context, text);
            });
        const auto restore = qScopeGuard([]() { qInstallMessageHandler(previous); });
        const auto logged = [](const QString &what) {
            return std::any_of(lines.cbegin(), lines.cend(),
                               [&](const QString &l) { return l.contains(what); });
        };
        m_b = start(m_storeB.get(), q("127.0.0.2"));
        QTRY_VERIFY_WITH_TIMEOUT(logged(q("the journal's change at offset %1 cannot be read").arg(damaged)),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(logged(q("full resync: this node's journal could not be read last time")),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 15000);
        QCOMPARE(m_b->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Full);
        QTRY_COMPARE_WITH_TIMEOUT(m_a->status().lagChanges, qint64(0), 10000);
        QCOMPARE(m_storeB->list(true), m_storeA->list(true));
        QVERIFY(m_storeB->get(written.at(2).record.id));
    }

    void takeoverWithLivePeerKeepsSync()
    {
        // A planned switch: the peer still answers, so sync replication goes on.
        m_a->confirmPeerOnTakeover(500);
        QTest::qWait(700);
        QVERIFY(!m_a->degraded());
        QString error;
        const auto c = m_storeA->upsert(record(), &error);
        bool onPeerAtAck = false;
        bool acked = false;
        m_a->ackHook(*c, [&]() {
            acked = true;
            onPeerAtAck = m_storeB->get(c->record.id).has_value();
        });
        QTRY_VERIFY(acked);
        QVERIFY(onPeerAtAck);
    }

    void asyncAnswersAtOnce()
    {
        m_a->setAsync(true);
        QString error;
        const auto c = m_storeA->upsert(record(), &error);
        bool acked = false;
        m_a->ackHook(*c, [&]() { acked = true; });
        QVERIFY(acked);
        QTRY_VERIFY(m_storeB->get(c->record.id));
        m_a->setAsync(false);
    }

    // Async mode: B holds A's batches and applies them together, in one transaction with one
    // fsync, Options::asyncApplyMs after the first (a second here, so that the batches surely come
    // within it), and acknowledges them only then. (Sync mode's batches are applied and
    // acknowledged at once: syncWaitsForThePeer.)
    void asyncBatchesShareOneTransactionOnThePeer()
    {
        m_b.reset();
        Ha::Replicator::Options slowApply;
        slowApply.asyncApplyMs = 1000;
        m_b = start(m_storeB.get(), q("127.0.0.2"), slowApply);
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 15000);
        QTRY_COMPARE(m_a->status().ackedOffset, static_cast<qint64>(m_storeA->lastOffset()));
        m_a->setAsync(true);
        const auto syncBack = qScopeGuard([this]() { m_a->setAsync(false); });
        const quint64 commitsBefore = m_storeB->commits();
        QStringList ids;
        qint64 acked = m_a->status().ackedOffset;
        QList<bool> onPeerAtAck; // whether B had every change, whenever A's acknowledged offset moved
        const QMetaObject::Connection watch = connect(m_a.get(), &Ha::Replicator::statusChanged, this, [&]() {
            if (m_a->status().ackedOffset > acked) {
                acked = m_a->status().ackedOffset;
                onPeerAtAck.append(std::all_of(ids.cbegin(), ids.cend(), [&](const QString &id) {
                    return m_storeB->get(id).has_value();
                }));
            }
        });
        const auto unwatch = qScopeGuard([watch]() { disconnect(watch); });
        QString error;
        for (int i = 0; i < 4; ++i) { // A's window: batches in flight, unacknowledged
            const auto c = m_storeA->upsert(record(), &error);
            QVERIFY2(c, qPrintable(error));
            ids.append(c->record.id);
            QTest::qWait(20); // a batch each: A sends one per pass of the loop
        }
        const qint64 last = static_cast<qint64>(m_storeA->lastOffset());
        QVERIFY(!m_storeB->get(ids.first())); // held
        QCOMPARE(m_storeB->commits(), commitsBefore);
        QVERIFY(m_a->status().ackedOffset < last);
        QTRY_COMPARE_WITH_TIMEOUT(m_a->status().ackedOffset, last, 5000);
        for (const QString &id : std::as_const(ids))
            QVERIFY(m_storeB->get(id));
        QCOMPARE(m_storeB->commits(), commitsBefore + 1);
        QVERIFY(!onPeerAtAck.isEmpty());
        QVERIFY(!onPeerAtAck.contains(false));
    }

    // B's disk fails the commit of held async batches (its fsync reports the write lost): B
    // answers them with the error, never with an acknowledgement, so A does not count them as on
    // the peer, and A's link starts over; once the disk works again, they come again (from B's
    // stored position) and every one is on B. B stays on the new store for the tests after it.
    void asyncBatchesRefusedByThePeersDiskComeAgain()
    {
        using TestSupport::FaultyDiskVfs;
        QVERIFY(FaultyDiskVfs::install());
        m_b.reset();
        m_storeB.reset();
        const QString path = m_dir.filePath(q("b-faulty.db"));
        FaultyDiskVfs::failSyncsOf(QFile::encodeName(path));
        const auto healthy = qScopeGuard([]() {
            FaultyDiskVfs::failing = false;
            FaultyDiskVfs::failSyncsOf({});
        });
        QString error;
        m_storeB = std::make_unique<Store::SessionStore>();
        QVERIFY2(m_storeB->open(path, &error), qPrintable(error));
        m_b = start(m_storeB.get(), q("127.0.0.2"));
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 15000);
        QTRY_COMPARE(m_a->status().ackedOffset, static_cast<qint64>(m_storeA->lastOffset()));
        QCOMPARE(m_storeB->count(true), m_storeA->count(true));
        m_a->setAsync(true);
        const auto syncBack = qScopeGuard([this]() { m_a->setAsync(false); });
        const qint64 before = m_a->status().ackedOffset;
        const int failedBefore = FaultyDiskVfs::failedSyncs;
        FaultyDiskVfs::failing = true;
        QStringList ids;
        for (int i = 0; i < 3; ++i) {
            const auto c = m_storeA->upsert(record(), &error);
            QVERIFY2(c, qPrintable(error));
            ids.append(c->record.id);
            QTest::qWait(20); // a batch each
        }
        const qint64 last = static_cast<qint64>(m_storeA->lastOffset());
        // Refused while the disk fails, however often A sends them again.
        QTest::qWait(1000);
        QCOMPARE(m_a->status().ackedOffset, before);
        QVERIFY(FaultyDiskVfs::failedSyncs > failedBefore); // B tried, and its disk refused
        FaultyDiskVfs::failing = false;
        QTRY_COMPARE_WITH_TIMEOUT(m_a->status().ackedOffset, last, 15000);
        for (const QString &id : std::as_const(ids))
            QVERIFY2(m_storeB->get(id), qPrintable(id));
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 15000);
    }

    void takeoverWithPeerGoneAnswersAtOnce()
    {
        // The peer is gone and the HA engine makes this node MASTER: a user waiting for the
        // peer's acknowledgement is answered now, not after sync_timeout.
        m_b.reset();
        QString error;
        const auto c = m_storeA->upsert(record(), &error);
        bool acked = false;
        m_a->ackHook(*c, [&]() { acked = true; });
        QTest::qWait(100);
        QVERIFY(!acked);
        QElapsedTimer t;
        t.start();
        m_a->confirmPeerOnTakeover(500);
        QTRY_VERIFY_WITH_TIMEOUT(acked, 1000);
        QVERIFY2(t.elapsed() < 600, qPrintable(QString::number(t.elapsed())));
        QVERIFY(m_a->degraded());
        QVERIFY(m_a->status().degradedReason.contains(q("became MASTER")));
    }

    void wipedPeerGetsManyRecordsByFullResync_data()
    {
        QTest::addColumn<bool>("images");
        QTest::newRow("database image") << true;
        QTest::newRow("records") << false;
    }

    void wipedPeerGetsManyRecordsByFullResync()
    {
        // The peer lost its state folder: a full resync brings every record back. Its store is
        // empty, so it is sent A's database image, in parts of 256 KiB; or, from a node that sends
        // no images, A's records, 2,500 of them in chunks of 1,000 (see initTestCase). Either is
        // far larger than the 64 KiB an unproven peer may send, so this needs the proven peer's
        // full frame size on the receiving side; and more parts or chunks than one.
        QFETCH(bool, images);
        m_b.reset();
        m_storeB.reset();
        QString error;
        QVERIFY2(m_storeA->applyAll(recordsOfA(2500), &error), qPrintable(error));
        m_storeB = std::make_unique<Store::SessionStore>();
        QVERIFY(m_storeB->open(m_dir.filePath(q("b-wiped-%1.db").arg(images)), &error));
        QCOMPARE(m_storeB->count(), 0);
        const QString nodeIdOfB = m_storeB->nodeId();
        QSignalSpy replaced(m_storeB.get(), &Store::SessionStore::replaced);
        Ha::Replicator::Options o;
        o.storeImages = images;
        m_b = start(m_storeB.get(), q("127.0.0.2"), o);
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_b.get()), 30000);
        QCOMPARE(m_b->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Full);
        QCOMPARE(m_storeB->list(true), m_storeA->list(true));
        QVERIFY(m_storeB->count() >= 2500);
        QCOMPARE(replaced.count(), images ? 1 : 0);
        if (images)
            QCOMPARE(replaced.first().first().toInt(), m_storeA->count(true));
        // B is still itself (the image's meta was A's): what it writes now has its node id and
        // reaches A in B's own stream.
        QCOMPARE(m_storeB->nodeId(), nodeIdOfB);
        const auto c = m_storeB->upsert(record(), &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->record.version.origin, nodeIdOfB);
        QTRY_COMPARE_WITH_TIMEOUT(m_storeA->get(c->record.id).value_or(Store::SessionRecord()), c->record,
                                  10000);
        // Restarted on the same store: caught up by a partial resync, not a full one.
        m_b.reset();
        for (int i = 0; i < 5; ++i)
            QVERIFY2(m_storeA->upsert(record(), &error), qPrintable(error));
        m_b = start(m_storeB.get(), q("127.0.0.2"), o);
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_b.get()), 30000);
        QCOMPARE(m_b->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Partial);
        QTRY_COMPARE_WITH_TIMEOUT(m_a->status().lagChanges, qint64(0), 10000);
        QCOMPARE(m_storeB->list(true), m_storeA->list(true));
    }

    // A node of the version before packed snapshot records names no feature in its sync reply:
    // it is sent the records as maps, and gets them all. (This node, told to be such a node,
    // refuses packed records, as the older one cannot read them: sent packed, it would never
    // link up.)
    void olderPeerIsSentRecordsAsMaps()
    {
        m_b.reset();
        m_storeB.reset();
        QString error;
        QVERIFY2(m_storeA->applyAll(recordsOfA(1500), &error), qPrintable(error));
        m_storeB = std::make_unique<Store::SessionStore>();
        QVERIFY(m_storeB->open(m_dir.filePath(q("b-older.db")), &error));
        Ha::Replicator::Options older;
        older.readPackedRecords = false;
        older.storeImages = false; // nor takes database images
        m_b = start(m_storeB.get(), q("127.0.0.2"), older);
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_b.get()), 30000);
        QCOMPARE(m_b->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Full);
        QCOMPARE(m_storeB->list(true), m_storeA->list(true));
        QVERIFY(m_storeB->count() >= 1500);
        // And the changes that follow, as maps too.
        QString error2;
        const auto c = m_storeA->upsert(record(), &error2);
        QVERIFY2(c, qPrintable(error2));
        QTRY_VERIFY_WITH_TIMEOUT(m_storeB->get(c->record.id), 10000);

        // A node of this version again, for the tests after this one.
        m_b.reset();
        m_b = start(m_storeB.get(), q("127.0.0.2"));
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 15000);
    }

    // The receiving node dies in the middle of a full resync, some chunks merged (without an
    // fsync each, the snapshot's end position not written): started again on the same store, it
    // is not taken as caught up nor resumed from a position, but gets a full resync again, and
    // both stores end equal.
    void nodeGoneDuringFullResyncResyncsFullyAgain()
    {
        QString error;
        QVERIFY2(m_storeA->applyAll(recordsOfA(3000), &error), qPrintable(error));
        const int total = m_storeA->count(true);
        m_b.reset();
        m_storeB.reset();
        const QString path = m_dir.filePath(q("b-gone-mid-resync.db"));
        m_storeB = std::make_unique<Store::SessionStore>();
        QVERIFY(m_storeB->open(path, &error));
        // Gone after the first merged chunk (1,000 records of A's), from the event loop. B takes
        // records, not A's database image (taken in one transaction: there is no middle).
        bool killed = false;
        bool caughtUpWhenKilled = true;
        connect(m_storeB.get(), &Store::SessionStore::applied, this, [&]() {
            if (killed)
                return;
            killed = true;
            QMetaObject::invokeMethod(
                this,
                [&]() {
                    caughtUpWhenKilled = m_b->status().caughtUp;
                    m_b.reset();
                    m_storeB.reset();
                },
                Qt::QueuedConnection);
        });
        Ha::Replicator::Options records;
        records.storeImages = false;
        m_b = start(m_storeB.get(), q("127.0.0.2"), records);
        QTRY_VERIFY_WITH_TIMEOUT(killed && !m_storeB, 30000);
        QVERIFY(!caughtUpWhenKilled);

        m_storeB = std::make_unique<Store::SessionStore>();
        QVERIFY(m_storeB->open(path, &error));
        const int merged = m_storeB->count(true);
        QVERIFY2(merged > 0 && merged < total, qPrintable(QStringLiteral("%1 of %2").arg(merged).arg(total)));
        m_b = start(m_storeB.get(), q("127.0.0.2"));
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_b.get()), 30000);
        QCOMPARE(m_b->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Full);
        QTRY_COMPARE_WITH_TIMEOUT(m_a->status().lagChanges, qint64(0), 10000);
        QCOMPARE(m_storeB->list(true), m_storeA->list(true));
    }

    // The snapshot is read page by page while the node goes on writing: sessions created,
    // changed and ended during the full resync all reach the wiped peer, and both stores end
    // equal.
    void fullResyncWhileWriting()
    {
        m_b.reset();
        m_storeB.reset();
        QString error;
        m_storeB = std::make_unique<Store::SessionStore>();
        QVERIFY(m_storeB->open(m_dir.filePath(q("b-wiped-again.db")), &error));
        const QList<Store::SessionRecord> before = m_storeA->list();
        QVERIFY(before.size() >= 2500);
        int step = 0;
        QTimer writer;
        connect(&writer, &QTimer::timeout, this, [&]() {
            const Store::SessionRecord &old = before.at((step * 97) % before.size());
            Store::SessionRecord changed = old;
            changed.display += 1000;
            if (step % 3 == 0)
                m_storeA->upsert(record(), &error);
            else if (step % 3 == 1)
                m_storeA->upsert(changed, &error);
            else
                m_storeA->remove(old.id, &error);
            ++step;
        });
        writer.start(1);
        m_b = start(m_storeB.get(), q("127.0.0.2"));
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_b.get()), 30000);
        writer.stop();
        QVERIFY(step > 0); // writes happened while the snapshot went out
        QCOMPARE(m_b->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Full);
        QTRY_COMPARE_WITH_TIMEOUT(m_a->status().lagChanges, qint64(0), 10000);
        QCOMPARE(m_storeB->list(true), m_storeA->list(true));
    }

    // A wiped node sends an empty snapshot of its own: what it merges from the peer's snapshot
    // meanwhile (here a record of A's, written into B right after B's snapshot began, before
    // its first page is read) is not sent back to the peer, which merged only the end of it.
    void wipedNodeSendsNoRecordOfThePeerBack()
    {
        m_b.reset();
        m_storeB.reset();
        QString error;
        m_storeB = std::make_unique<Store::SessionStore>();
        QVERIFY(m_storeB->open(m_dir.filePath(q("b-wiped-no-echo.db")), &error));
        QVERIFY2(m_storeA->applyAll(recordsOfA(10), &error), qPrintable(error));
        const QList<Store::SessionRecord> ofA = m_storeA->list(true);
        const quint64 commitsOfA = m_storeA->commits();
        m_b = start(m_storeB.get(), q("127.0.0.2"));
        bool echoPlanted = false;
        QObject scope; // ends the connection with this test: it refers to the test's locals
        connect(m_b.get(), &Ha::Replicator::statusChanged, &scope, [&]() {
            const auto sent = m_b->status().lastResyncSent;
            if (echoPlanted || !sent || sent->kind != Protocol::ResyncKind::Full || sent->durationMs >= 0)
                return;
            echoPlanted = true;
            // After startFull() has run: in the next turn, before A's answer to the begin.
            QMetaObject::invokeMethod(
                &scope,
                [&]() {
                    m_storeB->apply(ofA.first(), &error); // unless B's merge of A's chunk was first
                    QVERIFY(m_storeB->get(ofA.first().id, true));
                },
                Qt::QueuedConnection);
        });
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_b.get()) && linked(m_a.get()), 30000);
        QVERIFY(echoPlanted);
        QTRY_COMPARE_WITH_TIMEOUT(m_b->status().lastResyncSent.value_or(Protocol::HaResync()).durationMs >= 0,
                                  true, 10000);
        // The snapshot's end position: one commit on A, no chunk merged.
        QCOMPARE(m_storeA->commits() - commitsOfA, quint64(1));
        QTRY_COMPARE_WITH_TIMEOUT(m_a->status().lagChanges, qint64(0), 10000);
        QCOMPARE(m_storeB->list(true), m_storeA->list(true));
    }

    // A snapshot of a store that cannot be read stops; it is never sent short, which would
    // have the peer take a part of the sessions (here: none) for all of them and report itself
    // caught up. Once the store reads again, the full resync completes.
    void unreadableStoreStopsTheSnapshot()
    {
        QString error;
        QVERIFY2(m_storeA->applyAll(recordsOfA(10), &error), qPrintable(error));
        m_b.reset();
        m_storeB.reset();
        const QString pathA = m_dir.filePath(q("a.db"));
        QVERIFY(renameTable(pathA, q("sessions"), q("sessions_away")));
        static QStringList warnings;
        warnings.clear();
        static QtMessageHandler previous = nullptr;
        previous = qInstallMessageHandler(
            [](QtMsgType type, const QMessageLogContext &context, const QString &text) {
                if (type == QtWarningMsg)
                    warnings.append(text);
                previous(type, context, text);
            });
        const auto restore = qScopeGuard([]() { qInstallMessageHandler(previous); });
        m_storeB = std::make_unique<Store::SessionStore>();
        QVERIFY(m_storeB->open(m_dir.filePath(q("b-unreadable-a.db")), &error));
        m_b = start(m_storeB.get(), q("127.0.0.2"));
        QSignalSpy bCaughtUp(m_b.get(), &Ha::Replicator::caughtUp);
        const QString stopped = q("snapshot stopped: session store: cannot read a page of sessions: "
                                  "no such table: sessions");
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(warnings.cbegin(), warnings.cend(),
                                             [&](const QString &w) { return w.contains(stopped); }),
                                 15000);
        QVERIFY(!m_b->status().caughtUp);
        QCOMPARE(bCaughtUp.count(), 0);

        QCOMPARE(m_storeB->count(true), 0);

        QVERIFY(renameTable(pathA, q("sessions_away"), q("sessions")));
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_b.get()), 30000);
        QCOMPARE(m_b->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Full);
        QTRY_COMPARE_WITH_TIMEOUT(m_a->status().lagChanges, qint64(0), 10000);
        QCOMPARE(m_storeB->list(true), m_storeA->list(true));
    }

    // A's machine stops while A sends changes ahead of its disk (sync mode: the peer applies a
    // group's changes while A's fsync of them runs): B has a change that A's disk never got, and
    // A's next change takes the same offset. A's store, finding the record of another boot that
    // beginSendingAhead() left, renews its replication id and forgets its position in B's stream:
    // both directions resync fully, the lost change comes back from B, and B gets the new one
    // (a partial resync from B's position would skip it).
    void machineStoppedWhileSendingAheadResyncsBothWaysFully()
    {
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 15000);
        QString error;
        const QString pathA = m_storeA->path();
        QVERIFY2(m_storeA->beginSendingAhead(&error), qPrintable(error));
        const auto lost = m_storeA->upsert(record(), &error);
        QVERIFY(lost);
        bool acked = false;
        m_a->ackHook(*lost, [&]() { acked = true; });
        QTRY_VERIFY(acked);
        QVERIFY(m_storeB->get(lost->record.id));

        m_a.reset();
        m_storeA.reset();
        // What the disk kept: neither the record nor its journal entry, and the record of the
        // boot A was sending ahead on (another one than this).
        QCOMPARE(execBehindTheBack(pathA, q("DELETE FROM sessions WHERE id = '%1'").arg(lost->record.id)), 1);
        QCOMPARE(execBehindTheBack(pathA, q("DELETE FROM journal WHERE offset = %1").arg(lost->offset)), 1);
        QCOMPARE(execBehindTheBack(
                     pathA, q("UPDATE meta SET value = 'a-boot-before' WHERE key = 'send_ahead_boot'")),
                 1);
        m_storeA = std::make_unique<Store::SessionStore>();
        QVERIFY2(m_storeA->open(pathA, &error), qPrintable(error));
        QVERIFY(m_storeA->renewedAfterMachineStop());
        QVERIFY(!m_storeA->get(lost->record.id));
        const auto next = m_storeA->upsert(record(), &error);
        QVERIFY(next);
        QCOMPARE(next->offset, lost->offset);

        m_a = start(m_storeA.get(), q("127.0.0.1"));
        QTRY_VERIFY_WITH_TIMEOUT(linked(m_a.get()) && linked(m_b.get()), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(m_storeA->get(lost->record.id).has_value(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_storeB->get(next->record.id).has_value(), 10000);
        QCOMPARE(m_a->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Full);
        QCOMPARE(m_b->status().lastResyncReceived.value_or(Protocol::HaResync()).kind,
                 Protocol::ResyncKind::Full);
        QCOMPARE(*m_storeA->get(lost->record.id), lost->record);
        QTRY_COMPARE_WITH_TIMEOUT(m_storeA->list(true), m_storeB->list(true), 10000);
    }

    // The peer stops answering and its link stays open (a relay between the nodes swallows
    // everything, as a pulled cable does): a sync write is answered after about three
    // heartbeats, not after sync_timeout, and the node says why. The peer's answers coming back
    // are not enough to be healthy again; its acknowledgement of every change is.
    void silentPeerNoticedByHeartbeat()
    {
        // A relay connects from an unprivileged port: the nodes prove themselves with a cluster
        // key instead.
        QString error;
        const QString keyPath = m_dir.filePath(q("cluster.key"));
        QVERIFY2(Net::ClusterKey::create(keyPath, &error), qPrintable(error));
        Net::TlsSettings tls;
        tls.clusterKey = Net::ClusterKey::load(keyPath, &error);
        QVERIFY2(tls.clusterKey, qPrintable(error));
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress(q("127.0.0.2")), 0));
        Ha::HaSettings settings = m_settings;
        settings.port = probe.serverPort();
        settings.syncTimeoutSeconds = 5;
        probe.close();

        Store::SessionStore a, b;
        QVERIFY(a.open(m_dir.filePath(q("hb-a.db")), &error));
        QVERIFY(b.open(m_dir.filePath(q("hb-b.db")), &error));
        Relay relay;
        QVERIFY(relay.start(QHostAddress(q("127.0.0.2")), QHostAddress(q("127.0.0.1")),
                            QHostAddress(q("127.0.0.2")), settings.port));
        Ha::Replicator::Options viaRelay;
        viaRelay.peerPort = relay.port();
        const auto ra = start(&a, q("127.0.0.1"), viaRelay, &settings, &tls);
        const auto rb = start(&b, q("127.0.0.2"), {}, &settings, &tls);
        QTRY_VERIFY_WITH_TIMEOUT(linked(ra.get()) && linked(rb.get()), 15000);

        // A busy event loop on this node is not the peer's silence: 2 s of a loop that stalls
        // 250 ms at a time do not degrade it.
        QElapsedTimer busy;
        busy.start();
        while (busy.elapsed() < 2000) {
            ::usleep(250 * 1000);
            QCoreApplication::processEvents();
        }
        QTest::qWait(200);
        QVERIFY(!ra->degraded());

        // A silent peer with nothing outstanding (a pulled cable, no session changing): the
        // heartbeat degrades the node; when the peer answers again and has acknowledged every
        // change, the node is healthy at once, not only after the next change.
        relay.setBlackholed(true);
        QTRY_VERIFY_WITH_TIMEOUT(ra->degraded(), 3000);
        relay.setBlackholed(false);
        QTRY_VERIFY_WITH_TIMEOUT(!ra->degraded(), 2000);

        relay.setBlackholed(true);
        const auto c = a.upsert(record(), &error);
        QVERIFY(c);
        bool acked = false;
        QElapsedTimer t;
        t.start();
        ra->ackHook(*c, [&]() { acked = true; });
        QTRY_VERIFY_WITH_TIMEOUT(acked, 5000);
        QVERIFY2(t.elapsed() < 1500, qPrintable(QString::number(t.elapsed())));
        QVERIFY(ra->degraded());
        QVERIFY2(ra->status().degradedReason.contains(q("peer did not answer 3 heartbeats")),
                 qPrintable(ra->status().degradedReason));
        QVERIFY(!b.get(c->record.id));

        // The peer answers again: its pending answers arrive, it applies the change and
        // acknowledges it; that (not the heartbeat's answer) makes the node healthy again.
        relay.setBlackholed(false);
        QTRY_VERIFY_WITH_TIMEOUT(!ra->degraded(), 5000);
        QVERIFY(b.get(c->record.id));
    }
};

QTEST_GUILESS_MAIN(TestReplicator)
#include "tst_replicator.moc"
