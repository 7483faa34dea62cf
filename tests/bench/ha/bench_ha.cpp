// HA replication benchmark: two Ha::Replicators with their own session stores in one process,
// over real TLS links on loopback (127.0.0.1 and 127.0.0.2, same port), with the node identity
// decided by the seed's rule (node names are the two addresses). Prints:
//   replication lag p50/p99 at 100 and 1,000 changes/s (write on A -> applied durably on B);
//   acknowledged-change latency in sync and async mode (write + peer acknowledgement);
//   full resync of 10,000 and 100,000 sessions into an empty node, and the longest the event
//   loop was held meanwhile (BenchApp);
//   partial resync of 1,000 missed changes.
// Both nodes share this process's one event loop, so the figures include both sides' work.
//
// usage: bench_ha [--quick] [--resync-only] [--sizes N,M,...]
//   --quick: 1,000/10,000 sessions for the full resync; --sizes: these sizes instead;
//   --resync-only: only the full and partial resyncs, each also as a line "RESULT full-N MS",
//   "RESULT full-N-max-event-serving MS", "RESULT full-N-max-event MS", "RESULT full-N-max-gap
//   MS" / "RESULT partial-1000 MS" (for tests/bench/compare). The stores are in $TMPDIR.

#include "backend/server/ha/hasettings.h"
#include "backend/server/ha/nodeidentity.h"
#include "backend/server/ha/replicator.h"
#include "shared/net/tlsidentity.h"
#include "shared/net/tlssetup.h"
#include "shared/protocol/link.h"
#include "shared/store/sessionstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <utility>
#include <vector>

namespace {

QString q(const char *s)
{
    return QString::fromUtf8(s);
}

const QString AddrA = QStringLiteral("127.0.0.1");
const QString AddrB = QStringLiteral("127.0.0.2");

struct Node {
    std::unique_ptr<Store::SessionStore> store;
    std::unique_ptr<Ha::Replicator> replicator;
};

Store::SessionRecord record(const QString &id, int display)
{
    Store::SessionRecord r;
    r.id = id;
    r.user = QStringLiteral("user%1").arg(display % 1000);
    r.uid = 1000 + display % 1000;
    r.agent = QStringLiteral("agent%1").arg(display % 8);
    r.agentHostname = QStringLiteral("10.0.0.%1").arg(display % 8 + 10);
    r.display = 10 + display % 2000;
    r.vncPort = 5910 + display % 2000;
    r.created = QDateTime::currentSecsSinceEpoch();
    r.geometry = QStringLiteral("1920x1080");
    return r;
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

class Bench {
public:
    explicit Bench(const QString &dir) : m_dir(dir)
    {
        QString error;
        auto identity = Net::TlsIdentity::loadOrCreate(dir, q("bench"), &error);
        if (!identity)
            qFatal("%s", qPrintable(error));
        m_tls.identity = identity;
        m_settings.enabled = true;
        m_settings.nodes = { AddrA, AddrB };
        m_settings.syncTimeoutSeconds = 10;
        m_settings.port = 19731;
    }

    std::unique_ptr<Store::SessionStore> openStore(const QString &name)
    {
        auto s = std::make_unique<Store::SessionStore>();
        QString error;
        if (!s->open(m_dir + QLatin1Char('/') + name + q(".db"), &error))
            qFatal("%s", qPrintable(error));
        return s;
    }

    std::unique_ptr<Ha::Replicator> startReplicator(Store::SessionStore *store, const QString &self)
    {
        const auto literal = [](const QString &name) { return QList<QHostAddress> { QHostAddress(name) }; };
        const Ha::NodeIdentity id = Ha::NodeIdentity::determine(m_settings.nodes, self, {}, literal);
        if (!id.isValid())
            qFatal("%s", qPrintable(id.explanation()));
        Ha::Replicator::Options o;
        o.listenAddress = QHostAddress(self);
        auto r = std::make_unique<Ha::Replicator>(m_settings, id, store, m_tls, o);
        QString error;
        if (!r->start(&error))
            qFatal("%s", qPrintable(error));
        return r;
    }

    static bool caughtUp(Ha::Replicator *r)
    {
        const Protocol::HaStatus s = r->status();
        return s.linkUp() && s.caughtUp && s.lagChanges == 0;
    }

    QString m_dir;
    Net::TlsSettings m_tls;
    Ha::HaSettings m_settings;
};

// How long the event loop is held. Both nodes share this process's loop, and one pass of it
// runs every handler that became ready, the two nodes' included, before the next timer:
//   gap:   the longest the loop went without running a 1 ms timer, minus the millisecond (both
//          nodes' work in one pass, an upper bound for either node's);
//   event: the longest single event (one socket read, one queued call), which is one node's
//          work: what that node's own loop is held for; per node when the event's receiver
//          tells which (its Replicator, or a link of it), the serving node being A (the one
//          sending the resync).
class BenchApp : public QCoreApplication {
public:
    using QCoreApplication::QCoreApplication;

    struct Hold {
        double gapMs = 0; // one pass, both nodes
        double eventMs = 0; // one event, either node
        double servingMs = 0; // one event of the serving node (A)
    };

    // The serving node's replicator, and the address its outgoing link goes to (the peer's).
    void setServingNode(QObject *replicator, const QHostAddress &peer)
    {
        m_serving = replicator;
        m_servingPeer = peer;
    }

    void startHold()
    {
        m_maxEventNs = 0;
        m_maxServingNs = 0;
        m_maxGapNs = 0;
        m_timing = true;
        m_tick.setTimerType(Qt::PreciseTimer);
        m_tick.setInterval(1);
        m_tick.disconnect();
        QObject::connect(&m_tick, &QTimer::timeout, [this]() {
            const qint64 now = m_clock.nsecsElapsed();
            m_maxGapNs = std::max(m_maxGapNs, now - m_lastTickNs);
            m_lastTickNs = now;
        });
        m_clock.start();
        m_lastTickNs = m_clock.nsecsElapsed();
        m_tick.start();
    }
    // The longest gap and the longest events since startHold().
    Hold stopHold()
    {
        m_tick.stop();
        m_timing = false;
        return { std::max<double>(0, m_maxGapNs / 1e6 - 1), m_maxEventNs / 1e6, m_maxServingNs / 1e6 };
    }

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_timing)
            return QCoreApplication::notify(receiver, event);
        // Whose event it is, asked before it runs: an event may delete its receiver (a link's
        // deferred delete), and asking afterwards read freed memory (a crash in about one run
        // in 15).
        const bool ofServing = serving(receiver);
        QElapsedTimer t;
        t.start();
        const bool handled = QCoreApplication::notify(receiver, event);
        const qint64 ns = t.nsecsElapsed();
        m_maxEventNs = std::max(m_maxEventNs, ns);
        if (ofServing)
            m_maxServingNs = std::max(m_maxServingNs, ns);
        return handled;
    }

private:
    // True when o belongs to the serving node: its Replicator (timers, queued calls, the
    // incoming link under its server) or its outgoing link (parentless, to the peer's address).
    bool serving(QObject *o) const
    {
        while (o->parent() && o->parent() != QCoreApplication::instance()) {
            if (o == m_serving)
                return true;
            o = o->parent();
        }
        if (const auto *link = qobject_cast<Protocol::Link *>(o))
            return link->peerAddress().isEqual(m_servingPeer);
        return o == m_serving;
    }

    QObject *m_serving = nullptr;
    QHostAddress m_servingPeer;
    bool m_timing = false;
    QTimer m_tick;
    QElapsedTimer m_clock;
    qint64 m_lastTickNs = 0;
    qint64 m_maxGapNs = 0;
    qint64 m_maxEventNs = 0;
    qint64 m_maxServingNs = 0;
};

void percentiles(const char *what, std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    if (v.empty()) {
        std::printf("%-52s no samples\n", what);
        return;
    }
    const auto at = [&v](double p) { return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))]; };
    std::printf("%-52s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   (%zu samples)\n", what, at(0.5), at(0.99),
                v.back(), v.size());
}

} // namespace

// 1. Replication lag at a given rate.
void measureLag(BenchApp &app, Node &a, Node &b)
{
    std::vector<double> lags;
    QElapsedTimer clock;
    clock.start();
    QHash<QString, qint64> writtenNs;
    // Disconnected at the end: it refers to this function's locals.
    const QMetaObject::Connection applied
        = QObject::connect(b.store.get(), &Store::SessionStore::changed, &app, [&](const Store::Change &c) {
              const auto it = writtenNs.constFind(c.record.id);
              if (it != writtenNs.constEnd())
                  lags.push_back((clock.nsecsElapsed() - it.value()) / 1e6);
          });
    for (int rate : { 100, 1000 }) {
        lags.clear();
        writtenNs.clear();
        const int seconds = 3;
        const int total = rate * seconds;
        int n = 0;
        QTimer tick;
        // rate/100 changes every 10 ms, each tick one transaction (one fsync): a single SQLite
        // writer with synchronous=FULL manages a few hundred fsyncs per second here.
        const int perTick = std::max(1, rate / 100);
        QObject::connect(&tick, &QTimer::timeout, &app, [&]() {
            QList<Store::SessionRecord> batch;
            for (int i = 0; i < perTick && n < total; ++i, ++n)
                batch.append(record(QStringLiteral("lag-%1-%2").arg(rate).arg(n), n));
            if (batch.isEmpty())
                return;
            const qint64 now = clock.nsecsElapsed();
            for (const Store::SessionRecord &r : std::as_const(batch))
                writtenNs.insert(r.id, now);
            QString error;
            a.store->upsertAll(batch, &error);
        });
        QElapsedTimer wall;
        wall.start();
        clock.restart();
        tick.start(10);
        waitFor([&]() { return n >= total && lags.size() >= static_cast<size_t>(total); },
                seconds * 1000 + 30000);
        tick.stop();
        percentiles(
            qPrintable(QStringLiteral("replication lag at %1 changes/s (A write -> B applied)").arg(rate)),
            lags);
        std::printf("%-52s %.0f changes/s achieved over %lld ms\n", "",
                    total * 1000.0 / std::max<qint64>(1, wall.elapsed()),
                    static_cast<long long>(wall.elapsed()));
    }
    QObject::disconnect(applied);
}

// 2. Acknowledged-change latency: write on A + the peer's acknowledgement (sync) or not.
void measureAcks(Node &a)
{
    for (bool async : { false, true }) {
        a.replicator->setAsync(async);
        std::vector<double> lat;
        for (int i = 0; i < 300; ++i) {
            QElapsedTimer t;
            t.start();
            bool acked = false;
            QString error;
            const auto c = a.store->upsert(record(QStringLiteral("ack-%1-%2").arg(async).arg(i), i), &error);
            a.replicator->ackHook(*c, [&acked]() { acked = true; });
            waitFor([&]() { return acked; }, 20000);
            lat.push_back(t.nsecsElapsed() / 1e6);
        }
        percentiles(async ? "acknowledged change, async (local fsync only)"
                          : "acknowledged change, sync (peer applied + fsync)",
                    lat);
        // Let async's changes drain before the next step.
        waitFor([&]() { return Bench::caughtUp(a.replicator.get()); }, 20000);
    }
    a.replicator->setAsync(false);
}

// 3. Full resync into an empty node (lost disk): sessions on A, a fresh store on B's address.
void measureFullResync(BenchApp &app, Bench &bench, Node &a, Node &b, const QList<int> &sizes,
                       bool resyncOnly)
{
    int generation = 0;
    for (int size : sizes) {
        b.replicator.reset();
        const int have = a.store->count();
        QList<Store::SessionRecord> batch;
        for (int i = have; i < size; ++i) {
            batch.append(record(QStringLiteral("full-%1").arg(i), i));
            if (batch.size() == 5000) {
                QString error;
                a.store->upsertAll(batch, &error);
                batch.clear();
            }
        }
        QString error;
        if (!batch.isEmpty())
            a.store->upsertAll(batch, &error);
        const int count = a.store->count();
        b.store = bench.openStore(QStringLiteral("fresh%1").arg(++generation));
        QElapsedTimer t;
        t.start();
        QString kind;
        BenchApp::Hold hold;
        app.setServingNode(a.replicator.get(), QHostAddress(AddrB));
        app.startHold();
        b.replicator = bench.startReplicator(b.store.get(), AddrB);
        QObject::connect(b.replicator.get(), &Ha::Replicator::caughtUp, &app, [&](Protocol::ResyncKind k) {
            kind = Protocol::resyncKindName(k);
            hold = app.stopHold(); // the resync, not this benchmark's own checks after it
        });
        waitFor([&]() { return !kind.isEmpty() && b.store->count() == count; }, 600000);
        const double ms = t.nsecsElapsed() / 1e6;
        std::printf("%-52s %8.0f ms   (%d sessions, %s)\n",
                    qPrintable(QStringLiteral("full resync of %1 sessions into an empty node").arg(count)),
                    ms, b.store->count(), qPrintable(kind));
        std::printf("%-52s %8.1f ms   (either node: %.1f ms; one pass, both nodes: %.1f ms)\n",
                    "  event loop held at most by one event, serving node", hold.servingMs, hold.eventMs,
                    hold.gapMs);
        if (resyncOnly) {
            std::printf("RESULT full-%d %.1f\n", count, ms);
            std::printf("RESULT full-%d-max-event-serving %.1f\n", count, hold.servingMs);
            std::printf("RESULT full-%d-max-event %.1f\n", count, hold.eventMs);
            std::printf("RESULT full-%d-max-gap %.1f\n", count, hold.gapMs);
        }
        waitFor([&]() { return Bench::caughtUp(a.replicator.get()) && Bench::caughtUp(b.replicator.get()); },
                60000);
    }
}

// 4. Partial resync: B away while A takes 1,000 changes.
void measurePartialResync(BenchApp &app, Bench &bench, Node &a, Node &b, bool resyncOnly)
{
    b.replicator.reset();
    for (int i = 0; i < 1000; ++i) {
        QString error;
        a.store->upsert(record(QStringLiteral("missed-%1").arg(i), i), &error);
    }
    {
        QElapsedTimer t;
        t.start();
        QString kind;
        b.replicator = bench.startReplicator(b.store.get(), AddrB);
        QObject::connect(b.replicator.get(), &Ha::Replicator::caughtUp, &app,
                         [&kind](Protocol::ResyncKind k) { kind = Protocol::resyncKindName(k); });
        waitFor([&]() { return !kind.isEmpty() && b.store->count() == a.store->count(); }, 120000);
        std::printf("%-52s %8.0f ms   (%s)\n", "partial resync of 1,000 missed changes",
                    t.nsecsElapsed() / 1e6, qPrintable(kind));
        if (resyncOnly)
            std::printf("RESULT partial-1000 %.1f\n", t.nsecsElapsed() / 1e6);
    }
}

int main(int argc, char **argv)
{
    BenchApp app(argc, argv);
    QLoggingCategory::setFilterRules(
        q("openvsm.*.info=false\nopenvsm.*.debug=false\nopenvsm.ha.warning=false"));
    const QStringList args = app.arguments();
    const bool quick = args.contains(q("--quick"));
    const bool resyncOnly = args.contains(q("--resync-only"));
    QList<int> sizes = quick ? QList<int> { 1000, 10000 } : QList<int> { 10000, 100000 };
    const qsizetype sizesAt = args.indexOf(q("--sizes"));
    if (sizesAt > 0 && sizesAt + 1 < args.size()) {
        sizes.clear();
        for (const QString &n : args[sizesAt + 1].split(QLatin1Char(',')))
            sizes.append(n.toInt());
    }
    QTemporaryDir tmp;
    Bench bench(tmp.path());

    Node a { bench.openStore(q("a")), nullptr };
    Node b { bench.openStore(q("b")), nullptr };
    a.replicator = bench.startReplicator(a.store.get(), AddrA);
    b.replicator = bench.startReplicator(b.store.get(), AddrB);
    if (!waitFor([&]() { return Bench::caughtUp(a.replicator.get()) && Bench::caughtUp(b.replicator.get()); },
                 20000))
        qFatal("the two nodes did not link up");

    if (!resyncOnly) {
        measureLag(app, a, b);
        measureAcks(a);
    }
    measureFullResync(app, bench, a, b, sizes, resyncOnly);
    measurePartialResync(app, bench, a, b, resyncOnly);
    b.replicator.reset();
    a.replicator.reset();
    return 0;
}
