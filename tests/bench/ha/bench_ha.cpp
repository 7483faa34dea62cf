// HA replication benchmark: two Ha::Replicators with their own session stores in one process,
// over real TLS links on loopback (127.0.0.1 and 127.0.0.2, same port), with the node identity
// decided by the seed's rule (node names are the two addresses). Prints:
//   replication lag p50/p99 at 100 and 1,000 changes/s (write on A -> applied durably on B);
//   acknowledged-change latency in sync and async mode (write + peer acknowledgement);
//   full resync of 10,000 and 100,000 sessions into an empty node, and the longest each node's
//   event loop was held meanwhile (LoopWatch);
//   partial resync of 1,000 missed changes (the receiving node restarted);
//   catch-up of a paused node over the link it kept, 1,000 changes.
// Each node runs on a thread of its own with its own event loop, as on a machine of its own: the
// two nodes' work overlaps as it does between two servers (and as Redis's primary and replica,
// two processes, do in tests/bench/compare). The benchmark's own thread only writes through
// Node::call() and waits.
//
// usage: bench_ha [--quick] [--resync-only] [--sizes N,M,...] [--catchups N]
//   --quick: 1,000/10,000 sessions for the full resync; --sizes: these sizes instead;
//   --catchups N: the catch-up N times in a row (default 1; see measureCatchUps());
//   --resync-only: only the full and partial resyncs and the catch-up, each also as a line
//   "RESULT full-N MS", "RESULT full-N-max-event-serving MS", "RESULT full-N-max-event MS",
//   "RESULT full-N-max-gap MS" / "RESULT partial-1000 MS" / "RESULT catchup-1000 MS" (for
//   tests/bench/compare). The stores are in $TMPDIR.
// A bad option (a size or count that is not a whole number of 1 or more) ends it with status 2.

#include "backend/server/ha/hasettings.h"
#include "backend/server/ha/nodeidentity.h"
#include "backend/server/ha/replicator.h"
#include "shared/net/tlsidentity.h"
#include "shared/net/tlssetup.h"
#include "shared/posix/eventdispatcher.h"
#include "shared/store/sessionstore.h"
#include "tests/bench/benchoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
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

// The benchmark's one clock, read on every thread (QElapsedTimer's reading is const).
QElapsedTimer &benchClock()
{
    static QElapsedTimer c;
    return c;
}

// A new session's record, its id as the broker makes one (until 7 December 2026 the benchmark's own
// ids, lag-<rate>-<n>, paused-<round>-<n> and such, which sort together as the broker's do now).
Store::SessionRecord record(int display)
{
    Store::SessionRecord r;
    r.id = Store::newSessionId();
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

// Waits in an event loop (the benchmark's thread does no work meanwhile) until done() holds.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(1, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

// One node: its session store and replicator live on a thread of their own, with its own event
// loop, as on a machine of its own. Everything that touches them runs there, through call().
//
// How long the node's loop is held (while watching): the longest single event its thread handled
// (one socket read, one queued call: BenchApp::notify reports it) and the longest gap between two
// runs of a 1 ms timer on its thread (one pass of its loop, every handler that became ready),
// minus the millisecond.
class Node {
public:
    struct Hold {
        double eventMs = 0;
        double gapMs = 0;
    };

    explicit Node(const QString &name)
    {
        m_thread.setObjectName(name);
        m_context.moveToThread(&m_thread);
        m_thread.start();
        call([this]() { t_current = this; });
    }
    ~Node()
    {
        call([this]() {
            m_tick.reset();
            replicator.reset();
            store.reset();
            t_current = nullptr;
            m_context.moveToThread(QCoreApplication::instance()->thread());
        });
        m_thread.quit();
        m_thread.wait();
    }
    Q_DISABLE_COPY_MOVE(Node)

    // Runs f on the node's thread and waits for it.
    void call(const std::function<void()> &f)
    {
        QMetaObject::invokeMethod(&m_context, f, Qt::BlockingQueuedConnection);
    }
    // A receiver living on the node's thread, for connections whose slot must run there.
    QObject *context() { return &m_context; }
    // The node whose thread this is, or nullptr.
    static Node *current() { return t_current; }

    bool caughtUp()
    {
        bool up = false;
        call([&]() {
            if (!replicator)
                return;
            const Protocol::HaStatus s = replicator->status();
            up = s.linkUp() && s.caughtUp && s.lagChanges == 0;
        });
        return up;
    }
    int count()
    {
        int n = 0;
        call([&]() { n = store->count(); });
        return n;
    }

    void startWatch()
    {
        call([this]() {
            m_maxEventNs = 0;
            m_maxGapNs = 0;
            m_tick = std::make_unique<QTimer>();
            m_tick->setTimerType(Qt::PreciseTimer);
            m_tick->setInterval(1);
            QObject::connect(m_tick.get(), &QTimer::timeout, [this]() {
                const qint64 now = benchClock().nsecsElapsed();
                m_maxGapNs = std::max(m_maxGapNs, now - m_lastTickNs);
                m_lastTickNs = now;
            });
            m_lastTickNs = benchClock().nsecsElapsed();
            m_tick->start();
            m_watching = true;
        });
    }
    Hold stopWatch()
    {
        Hold hold;
        call([&]() {
            m_tick.reset();
            m_watching = false;
            hold = { m_maxEventNs / 1e6, std::max<double>(0, m_maxGapNs / 1e6 - 1) };
        });
        return hold;
    }
    bool watching() const { return m_watching; } // on the node's thread
    void eventHandled(qint64 ns) { m_maxEventNs = std::max(m_maxEventNs, ns); } // on the node's thread

    std::unique_ptr<Store::SessionStore> store;
    std::unique_ptr<Ha::Replicator> replicator;

private:
    static thread_local Node *t_current;
    QThread m_thread;
    QObject m_context;
    // Used on the node's thread only.
    std::unique_ptr<QTimer> m_tick;
    bool m_watching = false;
    qint64 m_lastTickNs = 0;
    qint64 m_maxGapNs = 0;
    qint64 m_maxEventNs = 0;
};

thread_local Node *Node::t_current = nullptr;

class BenchApp : public QCoreApplication {
public:
    using QCoreApplication::QCoreApplication;

    // Times every event of a node's thread while that node is watched.
    bool notify(QObject *receiver, QEvent *event) override
    {
        Node *node = Node::current();
        if (!node || !node->watching())
            return QCoreApplication::notify(receiver, event);
        QElapsedTimer t;
        t.start();
        const bool handled = QCoreApplication::notify(receiver, event);
        node->eventHandled(t.nsecsElapsed());
        return handled;
    }
};

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

    // On the node's thread.
    std::unique_ptr<Store::SessionStore> openStore(const QString &name) const
    {
        auto s = std::make_unique<Store::SessionStore>();
        QString error;
        if (!s->open(m_dir + QLatin1Char('/') + name + q(".db"), &error))
            qFatal("%s", qPrintable(error));
        return s;
    }

    // On the node's thread.
    std::unique_ptr<Ha::Replicator> startReplicator(Store::SessionStore *store, const QString &self) const
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

    // Starts the node's replicator; *doneNs is set (benchClock()) when the peer has brought it up to
    // date, and *kind to how.
    void startNode(Node &node, const QString &self, std::atomic<qint64> *doneNs = nullptr,
                   std::atomic<int> *kind = nullptr) const
    {
        node.call([&]() {
            node.replicator = startReplicator(node.store.get(), self);
            if (!doneNs)
                return;
            QObject::connect(node.replicator.get(), &Ha::Replicator::caughtUp, node.context(),
                             [doneNs, kind](Protocol::ResyncKind k) {
                                 if (*doneNs >= 0)
                                     return;
                                 *kind = static_cast<int>(k);
                                 *doneNs = benchClock().nsecsElapsed();
                             });
        });
    }

    QString m_dir;
    Net::TlsSettings m_tls;
    Ha::HaSettings m_settings;
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

QString kindName(int kind)
{
    return Protocol::resyncKindName(static_cast<Protocol::ResyncKind>(kind));
}

} // namespace

// 1. Replication lag at a given rate: from A's write to B's durable apply, both timed on the
// nodes' own threads.
void measureLag(Node &a, Node &b)
{
    QMutex mutex; // guards lags and writtenNs, used on A's, B's and this thread
    std::vector<double> lags;
    QHash<QString, qint64> writtenNs;
    // Disconnected at the end: it refers to this function's locals.
    QMetaObject::Connection applied;
    b.call([&]() {
        applied = QObject::connect(b.store.get(), &Store::SessionStore::applied, b.context(),
                                   [&](const Store::Change &c) {
                                       const qint64 now = benchClock().nsecsElapsed();
                                       QMutexLocker lock(&mutex);
                                       const auto it = writtenNs.constFind(c.record.id);
                                       if (it != writtenNs.constEnd())
                                           lags.push_back((now - it.value()) / 1e6);
                                   });
    });
    const auto samples = [&]() {
        QMutexLocker lock(&mutex);
        return lags.size();
    };
    for (int rate : { 100, 1000 }) {
        {
            QMutexLocker lock(&mutex);
            lags.clear();
            writtenNs.clear();
        }
        const int seconds = 3;
        const int total = rate * seconds;
        int n = 0;
        QTimer tick;
        // rate/100 changes every 10 ms, each tick one transaction (one fsync): a single SQLite
        // writer with synchronous=FULL manages a few hundred fsyncs per second here.
        const int perTick = std::max(1, rate / 100);
        QObject::connect(&tick, &QTimer::timeout, [&]() {
            QList<Store::SessionRecord> batch;
            for (int i = 0; i < perTick && n < total; ++i, ++n)
                batch.append(record(n));
            if (batch.isEmpty())
                return;
            a.call([&]() {
                const qint64 now = benchClock().nsecsElapsed();
                {
                    QMutexLocker lock(&mutex);
                    for (const Store::SessionRecord &r : std::as_const(batch))
                        writtenNs.insert(r.id, now);
                }
                QString error;
                a.store->upsertAll(batch, &error);
            });
        });
        QElapsedTimer wall;
        wall.start();
        tick.start(10);
        waitFor([&]() { return n >= total && samples() >= static_cast<size_t>(total); },
                seconds * 1000 + 30000);
        tick.stop();
        QMutexLocker lock(&mutex);
        percentiles(
            qPrintable(QStringLiteral("replication lag at %1 changes/s (A write -> B applied)").arg(rate)),
            lags);
        std::printf("%-52s %.0f changes/s achieved over %lld ms\n", "",
                    total * 1000.0 / std::max<qint64>(1, wall.elapsed()),
                    static_cast<long long>(wall.elapsed()));
    }
    b.call([&]() { QObject::disconnect(applied); });
}

// 2. Acknowledged-change latency: write on A + the peer's acknowledgement (sync) or not, timed on
// A's thread.
void measureAcks(Node &a)
{
    for (bool async : { false, true }) {
        a.call([&]() { a.replicator->setAsync(async); });
        std::vector<double> lat;
        for (int i = 0; i < 300; ++i) {
            qint64 startNs = 0;
            std::atomic<qint64> ackedNs { -1 };
            a.call([&]() {
                startNs = benchClock().nsecsElapsed();
                QString error;
                const auto c = a.store->upsert(record(i), &error);
                if (!c)
                    qFatal("%s", qPrintable(error));
                a.replicator->ackHook(*c, [&ackedNs]() { ackedNs = benchClock().nsecsElapsed(); });
            });
            waitFor([&]() { return ackedNs >= 0; }, 20000);
            lat.push_back((ackedNs - startNs) / 1e6);
        }
        percentiles(async ? "acknowledged change, async (local fsync only)"
                          : "acknowledged change, sync (peer applied + fsync)",
                    lat);
        // Let async's changes drain before the next step.
        waitFor([&]() { return a.caughtUp(); }, 20000);
    }
    a.call([&]() { a.replicator->setAsync(false); });
}

// Waits until B holds count records after its caughtUp signal (*doneNs); the time is the signal's.
double resyncMs(Node &b, int count, qint64 startNs, const std::atomic<qint64> &doneNs, int timeoutMs)
{
    if (!waitFor([&]() { return doneNs >= 0; }, timeoutMs))
        qFatal("the resync did not finish within %d s", timeoutMs / 1000);
    if (!waitFor([&]() { return b.count() == count; }, 60000))
        qFatal("node B has %d sessions after the resync, not %d", b.count(), count);
    return (doneNs - startNs) / 1e6;
}

// 3. Full resync into an empty node (lost disk): sessions on A, a fresh store on B's address.
void measureFullResync(const Bench &bench, Node &a, Node &b, const QList<int> &sizes, bool resyncOnly)
{
    int generation = 0;
    for (int size : sizes) {
        int count = 0;
        a.call([&]() {
            const int have = a.store->count();
            QList<Store::SessionRecord> batch;
            for (int i = have; i < size; ++i) {
                batch.append(record(i));
                if (batch.size() == 5000 || i + 1 == size) {
                    QString error;
                    a.store->upsertAll(batch, &error);
                    batch.clear();
                }
            }
            count = a.store->count();
        });
        b.call([&]() {
            b.replicator.reset();
            b.store = bench.openStore(QStringLiteral("fresh%1").arg(++generation));
        });
        std::atomic<qint64> doneNs { -1 };
        std::atomic<int> kind { -1 };
        a.startWatch();
        b.startWatch();
        const qint64 startNs = benchClock().nsecsElapsed();
        bench.startNode(b, AddrB, &doneNs, &kind);
        waitFor([&]() { return doneNs >= 0; }, 600000);
        const Node::Hold serving = a.stopWatch(); // the resync, not this benchmark's checks after it
        const Node::Hold receiving = b.stopWatch();
        const double ms = resyncMs(b, count, startNs, doneNs, 600000);
        std::printf("%-52s %8.0f ms   (%d sessions, %s)\n",
                    qPrintable(QStringLiteral("full resync of %1 sessions into an empty node").arg(count)),
                    ms, count, qPrintable(kindName(kind)));
        std::printf("%-52s %8.1f ms   (receiving node: %.1f ms; one pass of the loop: %.1f / %.1f ms)\n",
                    "  event loop held at most by one event, serving node", serving.eventMs,
                    receiving.eventMs, serving.gapMs, receiving.gapMs);
        if (resyncOnly) {
            std::printf("RESULT full-%d %.1f\n", count, ms);
            std::printf("RESULT full-%d-max-event-serving %.1f\n", count, serving.eventMs);
            std::printf("RESULT full-%d-max-event %.1f\n", count,
                        std::max(serving.eventMs, receiving.eventMs));
            std::printf("RESULT full-%d-max-gap %.1f\n", count, std::max(serving.gapMs, receiving.gapMs));
        }
        waitFor([&]() { return a.caughtUp() && b.caughtUp(); }, 60000);
    }
}

// 4. Partial resync: B away while A takes 1,000 changes.
void measurePartialResync(const Bench &bench, Node &a, Node &b, bool resyncOnly)
{
    b.call([&]() { b.replicator.reset(); });
    int count = 0;
    a.call([&]() {
        for (int i = 0; i < 1000; ++i) {
            QString error;
            a.store->upsert(record(i), &error);
        }
        count = a.store->count();
    });
    std::atomic<qint64> doneNs { -1 };
    std::atomic<int> kind { -1 };
    const qint64 startNs = benchClock().nsecsElapsed();
    bench.startNode(b, AddrB, &doneNs, &kind);
    const double ms = resyncMs(b, count, startNs, doneNs, 120000);
    std::printf("%-52s %8.0f ms   (%s)\n", "partial resync of 1,000 missed changes", ms,
                qPrintable(kindName(kind)));
    if (resyncOnly)
        std::printf("RESULT partial-1000 %.1f\n", ms);
}

// 5. Catch-up of a paused node: B's thread held (as tests/bench/compare stops Redis's replica
// with SIGSTOP) while A takes 1,000 changes over the link that stays up, then let go: from then
// until B has applied the last of them durably: timed where B's store emits applied for it, right
// after the commit that holds it (on B's store writer thread, which applies such batches). Until 6
// December 2026 timed on B's own thread, to which the benchmark's listener had each of the 1,000
// changes sent as a queued call (a copy of its record each): work of the benchmark's, done on the
// thread it timed. The partial resync above is a restart, which Redis with an append-only file
// answers with a full resync. Each round writes 1,000 new sessions (until the evening of 6
// December 2026 there was one round). Returns the milliseconds.
double measureCatchUp(Node &a, Node &b)
{
    if (!waitFor([&]() { return a.caughtUp() && b.caughtUp(); }, 60000))
        qFatal("the nodes are not caught up before the catch-up");
    QList<Store::SessionRecord> paused;
    for (int i = 0; i < 1000; ++i)
        paused.append(record(i));
    const QString last = paused.back().id;
    std::atomic<qint64> lastNs { -1 };
    QMetaObject::Connection applied; // disconnected at the end: it refers to this function's locals
    b.call([&]() {
        applied = QObject::connect(
            b.store.get(), &Store::SessionStore::applied, b.context(),
            [&](const Store::Change &c) {
                if (c.record.id == last)
                    lastNs = benchClock().nsecsElapsed();
            },
            Qt::DirectConnection);
    });
    QSemaphore held, release;
    QMetaObject::invokeMethod(
        b.context(),
        [&]() {
            held.release();
            release.acquire();
        },
        Qt::QueuedConnection);
    held.acquire();
    a.call([&]() {
        for (int i = 0; i < 1000; ++i) {
            QString error;
            if (!a.store->upsert(paused.at(i), &error))
                qFatal("%s", qPrintable(error));
        }
    });
    QThread::msleep(200); // A's link sends what it can meanwhile (as the Redis primary does)
    const qint64 startNs = benchClock().nsecsElapsed();
    release.release();
    if (!waitFor([&]() { return lastNs >= 0; }, 60000))
        qFatal("the paused node did not catch up");
    b.call([&]() { QObject::disconnect(applied); });
    return (lastNs - startNs) / 1e6;
}

// The catch-up `rounds` times, one right after the other (A's 1,000 writes take some 0.4 s on
// a disk): a node that catches up again and again, as one behind a busy peer whose link stalls
// now and then. "RESULT catchup-1000 MS" is the first; with more rounds also
// "RESULT catchup-1000-median MS" over all of them.
void measureCatchUps(Node &a, Node &b, bool resyncOnly, int rounds)
{
    std::vector<double> all;
    for (int round = 1; round <= rounds; ++round) {
        all.push_back(measureCatchUp(a, b));
        std::printf("%-52s %8.1f ms\n",
                    qPrintable(QStringLiteral("catch-up of a paused node, 1,000 changes%1")
                                   .arg(rounds > 1 ? QStringLiteral(" (%1)").arg(round) : QString())),
                    all.back());
    }
    if (resyncOnly)
        std::printf("RESULT catchup-1000 %.1f\n", all.front());
    if (rounds > 1) {
        std::sort(all.begin(), all.end());
        const double median = all[all.size() / 2];
        std::printf("%-52s %8.1f ms\n", "catch-up of a paused node, median of the rounds", median);
        if (resyncOnly)
            std::printf("RESULT catchup-1000-median %.1f\n", median);
    }
}

struct Options {
    bool resyncOnly = false;
    QList<int> sizes { 10000, 100000 }; // --quick: 1,000 and 10,000
    int catchups = 1;
};

// The command line (see the comment at the top); a bad option ends the process with status 2.
static Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(q("HA replication between two nodes on loopback: lag, acknowledged "
                                       "changes, full and partial resync, catch-up."));
    parser.addHelpOption();
    const QCommandLineOption quick(q("quick"), q("Full resyncs of 1,000 and 10,000 sessions."));
    const QCommandLineOption resyncOnly(q("resync-only"),
                                        q("Only the resyncs and the catch-up, with RESULT lines."));
    const QCommandLineOption sizes(q("sizes"), q("Full resyncs of these sizes (default 10000,100000)."),
                                   q("N,M,..."));
    const QCommandLineOption catchups(q("catchups"), q("The catch-up N times in a row."), q("N"));
    parser.addOptions({ quick, resyncOnly, sizes, catchups });
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        BenchOptions::usageError(
            q("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));
    Options options;
    options.resyncOnly = parser.isSet(resyncOnly);
    if (parser.isSet(quick))
        options.sizes = { 1000, 10000 };
    options.sizes = BenchOptions::counts(parser, sizes, 1, options.sizes);
    options.catchups = BenchOptions::count(parser, catchups, 1, options.catchups);
    return options;
}

int main(int argc, char **argv)
{
    Posix::useQtEventDispatcher(); // as vsmserver runs
    BenchApp app(argc, argv);
    // Not the protocol's warnings either: the nodes start at once, and the first connection of
    // one of them is refused while the other does not listen yet.
    QLoggingCategory::setFilterRules(
        q("openvsm.*.info=false\nopenvsm.*.debug=false\nopenvsm.ha.warning=false\n"
          "openvsm.protocol.warning=false"));
    const Options options = parseOptions(app);
    benchClock().start();
    QTemporaryDir tmp;
    const Bench bench(tmp.path());

    Node a(q("node A"));
    Node b(q("node B"));
    a.call([&]() { a.store = bench.openStore(q("a")); });
    b.call([&]() { b.store = bench.openStore(q("b")); });
    bench.startNode(a, AddrA);
    bench.startNode(b, AddrB);
    if (!waitFor([&]() { return a.caughtUp() && b.caughtUp(); }, 20000))
        qFatal("the two nodes did not link up");

    if (!options.resyncOnly) {
        measureLag(a, b);
        measureAcks(a);
    }
    measureFullResync(bench, a, b, options.sizes, options.resyncOnly);
    measurePartialResync(bench, a, b, options.resyncOnly);
    measureCatchUps(a, b, options.resyncOnly, options.catchups);
    return 0;
}
