// The request path of vsmserver under load: tl-session-helper-style "get" requests (reconnect
// to the caller's existing session) through the real Unix socket, framing, peer-credential
// check, SessionBroker and a durable SessionStore write (WAL, synchronous=FULL), against a
// store holding 10,000 sessions. The agents are answered in process (verify + reconnect reply
// at once), so the figures are the server's own cost, without agent round trips.
//
// --peer: HA in sync mode, as vsmserver runs it: a second node (its own store and
// Ha::Replicator, 127.0.0.2) linked over TLS on loopback, and every write answered only after
// the peer applied it durably and acknowledged it (SessionBroker's AckHook -> Replicator).
// --async: with --peer, HA in async mode: every write answered after its local commit, the peer
// sent the change without being waited for.
// --result NAME: one more line "RESULT NAME req/s p50 p99" per measure (for tests/bench/compare),
// and "RESULT NAME-held MS": the longest the server's event loop did not turn during it.
// --clients N: also N users at once, each on its own connection (root only). The broker runs one
// user's requests one after the other, so N clients of one user would measure a queue, not the
// server: the benchmark makes N throw-away accounts (ovsmbench1..N, no home, no login shell),
// gives each a session, connects as each (the socket's peer credentials name that user) and
// removes the accounts when it ends.
// --rate R: with --clients, also the N users' requests as an open load of R requests/s in all
// (request j due at j / R s; see driveConcurrently()).
// --rate-requests N: the open load's requests (default --requests): a p99 over a load of a few
// tenths of a second is that of whichever stall of the disk falls into it; tests/bench/compare
// runs it for 5 s.
//
//   bench_reconnect [--sessions N] [--requests N] [--dir DIR] [--peer [--async]] [--clients N
//                   [--rate R [--rate-requests N]]] [--result NAME]
// DIR defaults to a temporary folder under $TMPDIR (the store's disk matters: fsync per write).
// A bad option (not a number, a missing DIR, --async without --peer) ends it with status 2; --help.

#include "backend/client/localclient.h"
#include "backend/server/clientsocket.h"
#include "backend/server/ha/haservice.h"
#include "backend/server/ha/hasettings.h"
#include "backend/server/ha/nodeidentity.h"
#include "backend/server/ha/replicator.h"
#include "backend/server/sessionbroker.h"
#include "shared/net/tlsidentity.h"
#include "shared/net/tlssetup.h"
#include "shared/posix/eventdispatcher.h"
#include "shared/protocol/agentmessages.h"
#include "shared/protocol/link.h"
#include "shared/store/sessionstore.h"
#include "tests/bench/benchoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Server;
using Protocol::MessageType;

namespace {

// Agents that answer at once: every session is alive; a reconnect gets the caller's session
// (the typed agent reply, as vsmagent sends it).
class InstantAgents final : public AgentGateway {
public:
    InstantAgents(const QString &user, qint64 uid) : m_user(user), m_uid(uid) { }
    QList<AgentState> agentStates() const override
    {
        AgentState a;
        a.agent = QStringLiteral("agent1");
        a.reachable = true;
        return { a };
    }
    void call(const QString &, MessageType type, const Protocol::Body &body, int, QObject *context,
              Callback done) override
    {
        // Answers as an agent's link hands them to the broker: encoded bodies (Message::decode()
        // keeps them as bytes), written the way vsmagent writes them.
        static const QByteArray alive = QCborValue(Protocol::AgentVerifyReply { true, {} }.toCbor()).toCbor();
        AgentReply r;
        if (type == MessageType::AgentVerifySession) {
            r.body = Protocol::Body::encoded(alive);
        } else {
            Protocol::AgentSessionInfo info;
            const auto id = Protocol::AgentSessionId::fromCbor(body, nullptr);
            info.id = id ? id->id : QString();
            info.user = m_user;
            info.uid = m_uid;
            info.display = 10;
            info.vncPort = 5910;
            info.agentHostname = QStringLiteral("10.0.0.5");
            info.geometry = QStringLiteral("1024x768");
            info.created = 1700000000;
            info.password = QByteArray("12345678");
            r.body = Protocol::Body::encoded(Protocol::AgentSessionReply { info }.encode());
        }
        QMetaObject::invokeMethod(
            context, [done, r]() { done(r); }, Qt::QueuedConnection);
    }

private:
    QString m_user;
    qint64 m_uid;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
    return v[i];
}

struct Figures {
    int requests = 0;
    int failures = 0;
    double seconds = 0;
    std::vector<double> latenciesMs;
};

// Sends requests one after the other over one connection, as fast as answers come back.
Figures drive(const QString &socketPath, MessageType type, int requests)
{
    Figures f;
    auto *socket = new QLocalSocket;
    socket->connectToServer(socketPath);
    if (!socket->waitForConnected(5000)) {
        std::fprintf(stderr, "cannot connect to %s\n", qPrintable(socketPath));
        delete socket;
        return f;
    }
    Protocol::Link::Options options;
    options.program = QStringLiteral("bench");
    options.autoDelete = false;
    Protocol::Link link(socket, options);
    QEventLoop loop;
    QElapsedTimer total, one;
    std::function<void()> next = [&]() {
        if (f.requests == requests) {
            f.seconds = static_cast<double>(total.nsecsElapsed()) / 1e9;
            loop.quit();
            return;
        }
        one.start();
        link.request(type, {}, 30000, &loop, [&](const Protocol::Message &reply) {
            f.latenciesMs.push_back(static_cast<double>(one.nsecsElapsed()) / 1e6);
            ++f.requests;
            if (reply.isError()) {
                if (++f.failures == 1)
                    std::fprintf(stderr, "request failed: %s\n", qPrintable(reply.error));
            }
            next();
        });
    };
    link.start();
    total.start();
    next();
    loop.exec();
    return f;
}

// The throw-away accounts of --clients: made at the start, removed at the end (also ones a
// crashed run left behind).
struct BenchUsers {
    struct User {
        QString name;
        uid_t uid = 0;
    };
    QList<User> users;

    static QString nameOf(int i) { return QStringLiteral("ovsmbench%1").arg(i); }
    static bool run(const QString &program, const QStringList &args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(program, args);
        return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }
    bool make(int n, QString *error)
    {
        for (int i = 1; i <= n; ++i) {
            const QString name = nameOf(i);
            if (::getpwnam(qPrintable(name)))
                run(QStringLiteral("userdel"), { name });
            if (!run(QStringLiteral("useradd"),
                     { QStringLiteral("--system"), QStringLiteral("--no-create-home"),
                       QStringLiteral("--shell"), QStringLiteral("/usr/sbin/nologin"),
                       QStringLiteral("--comment"), QStringLiteral("openvsm benchmark (throw-away)"),
                       name })) {
                *error = QStringLiteral("useradd %1 failed (--clients needs root)").arg(name);
                return false;
            }
            const struct passwd *pw = ::getpwnam(qPrintable(name));
            if (!pw) {
                *error = QStringLiteral("%1 was made but is not found").arg(name);
                return false;
            }
            users.append({ name, pw->pw_uid });
        }
        return true;
    }
    ~BenchUsers()
    {
        for (const User &u : std::as_const(users))
            run(QStringLiteral("userdel"), { u.name });
    }
};

// A connection to path made as uid: only this thread's effective uid changes for the connect (the
// raw system call, not glibc's process-wide seteuid), and the socket's peer credentials keep it.
QLocalSocket *connectAs(const QString &path, uid_t uid)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr { };
    addr.sun_family = AF_UNIX;
    const QByteArray p = path.toLocal8Bit();
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", p.constData());
    const uid_t me = ::geteuid();
    bool ok = fd >= 0 && ::syscall(SYS_setresuid, -1, uid, -1) == 0;
    ok = ok && ::connect(fd, reinterpret_cast<const struct sockaddr *>(&addr), sizeof addr) == 0;
    if (::syscall(SYS_setresuid, -1, me, -1) != 0)
        std::abort(); // never go on as another user
    auto *socket = new QLocalSocket;
    if (!ok || !socket->setSocketDescriptor(fd)) {
        std::fprintf(stderr, "cannot connect to %s as uid %u: %s\n", qPrintable(path), uid,
                     std::strerror(errno));
        if (fd >= 0)
            ::close(fd);
        delete socket;
        return nullptr;
    }
    return socket;
}

// requests in all from every user's connection at once. rate 0: each connection sends its next
// request when its answer came, as many requests in flight as there are users (the most the
// server answers; latencies count from each send). rate R (requests/s, all users together): an
// open load, as users arriving at that rate make it: request j is due j / R s after the start,
// from user j % users. A request that came due while its user still waited for the answer before
// goes out with that answer and its latency counts from when it was due (a slow answer does not
// hold back the clock of the requests behind it, which would hide the wait); the others go out on
// the next tick of a 1 ms timer, their latency counted from then.
Figures driveConcurrently(const QString &socketPath, const QList<BenchUsers::User> &users, MessageType type,
                          int requests, double rate = 0)
{
    Figures f;
    std::vector<std::unique_ptr<Protocol::Link>> links;
    for (const BenchUsers::User &u : users) {
        QLocalSocket *socket = connectAs(socketPath, u.uid);
        if (!socket)
            return f;
        Protocol::Link::Options options;
        options.program = QStringLiteral("bench");
        options.autoDelete = false;
        links.push_back(std::make_unique<Protocol::Link>(socket, options));
        links.back()->start();
    }
    const int n = static_cast<int>(links.size());
    std::vector<int> next(links.size()); // each user's next request (j)
    std::vector<bool> waiting(links.size(), false); // for its answer
    QEventLoop loop;
    QElapsedTimer total;
    const auto dueNs = [rate](int j) { return static_cast<qint64>(static_cast<double>(j) * 1e9 / rate); };
    std::function<void(int, bool)> send = [&](int i, bool afterAnswer) {
        const int j = next[static_cast<size_t>(i)];
        if (j >= requests || waiting[static_cast<size_t>(i)])
            return;
        const qint64 now = total.nsecsElapsed();
        if (rate > 0 && dueNs(j) > now)
            return; // not yet: a tick of the timer below sends it
        next[static_cast<size_t>(i)] += n;
        waiting[static_cast<size_t>(i)] = true;
        // Due while the user waited for its last answer: from when it was due (the server held
        // it back). Sent by a tick: from now (the tick's lateness is this client's, not the
        // server's).
        const qint64 from = rate > 0 && afterAnswer ? dueNs(j) : now;
        links[static_cast<size_t>(i)]->request(
            type, {}, 30000, &loop, [&, i, from](const Protocol::Message &reply) {
                f.latenciesMs.push_back(static_cast<double>(total.nsecsElapsed() - from) / 1e6);
                if (reply.isError() && ++f.failures == 1)
                    std::fprintf(stderr, "request failed: %s\n", qPrintable(reply.error));
                waiting[static_cast<size_t>(i)] = false;
                if (++f.requests == requests) {
                    f.seconds = static_cast<double>(total.nsecsElapsed()) / 1e9;
                    loop.quit();
                }
                send(i, true);
            });
    };
    QTimer tick; // rate: sends what has come due, every millisecond
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&]() {
        for (int i = 0; i < n; ++i)
            send(i, false);
    });
    total.start();
    for (int i = 0; i < n; ++i) {
        next[static_cast<size_t>(i)] = i;
        send(i, false);
    }
    if (rate > 0)
        tick.start();
    loop.exec();
    return f;
}

QString resultName; // --result

int incompleteMeasures = 0; // measures with a failed request, or fewer answers than asked

void print(const char *what, const Figures &f, const char *measure = nullptr)
{
    if (f.failures > 0 || f.latenciesMs.empty())
        ++incompleteMeasures;
    if (!resultName.isEmpty() && measure)
        std::printf("RESULT %s-%s %.1f %.3f %.3f\n", qPrintable(resultName), measure,
                    f.seconds > 0 ? f.requests / f.seconds : 0.0, percentile(f.latenciesMs, 0.50),
                    percentile(f.latenciesMs, 0.99));
    std::printf("%-34s %6d requests in %6.2f s: %8.0f req/s, p50 %6.3f ms, p99 %6.3f ms, max %6.3f ms%s\n",
                what, f.requests, f.seconds, f.seconds > 0 ? f.requests / f.seconds : 0.0,
                percentile(f.latenciesMs, 0.50), percentile(f.latenciesMs, 0.99),
                percentile(f.latenciesMs, 1.0),
                f.failures ? qPrintable(QStringLiteral(" (%1 failed)").arg(f.failures)) : "");
}

void printLoopHeld(double ms, const char *measure)
{
    if (!resultName.isEmpty())
        std::printf("RESULT %s-%s-held %.1f\n", qPrintable(resultName), measure, ms);
    std::printf("%-34s server event loop held at most %.1f ms\n", "", ms);
}

// The server side, built and torn down in its own thread, as vsmserver's event loop would run
// it: the store with its sessions, the broker, the socket, and with --peer a second node.
struct BenchServer {
    QString me; // the user the requests come from (this process's)
    QList<BenchUsers::User> users; // --clients: the throw-away users, a session each
    QString dir;
    int sessions = 0;
    bool peer = false;
    bool async = false; // with peer: HA in async mode
    InstantAgents *agents = nullptr;
    LoadBalancer balancer;
    Store::SessionStore *store = nullptr;
    Store::SessionStore *peerStore = nullptr;
    Ha::Replicator *replicator = nullptr;
    Ha::Replicator *peerReplicator = nullptr;
    // The peer node runs on a thread of its own, as on a machine of its own: on the server's
    // thread its applies (a commit each) would hold the server's loop, which async mode does
    // not wait for.
    QThread *peerThread = nullptr;
    QObject *peerContext = nullptr; // lives in peerThread
    SessionBroker *broker = nullptr;
    ClientSocket *socket = nullptr;
    QString error;
    // The longest the server's event loop went without turning (the largest gap between the
    // ticks of a 1 ms timer in its thread) since the last takeLoopHeldMs(): what a user's request,
    // a health check or a heartbeat arriving meanwhile would have waited for.
    QTimer *loopProbe = nullptr;
    QElapsedTimer loopClock;
    qint64 lastTickNs = 0; // server thread only
    std::atomic<qint64> loopHeldNs { 0 };

    double takeLoopHeldMs() { return static_cast<double>(loopHeldNs.exchange(0)) / 1e6; }

    QString socketPath() const { return dir + QStringLiteral("/vsmserver.sock"); }

    bool setUp()
    {
        agents = new InstantAgents(me, 10000);
        store = new Store::SessionStore;
        if (!store->open(dir + QStringLiteral("/sessions.db"), &error) || !fill())
            return false;
        broker = new SessionBroker(store, agents, &balancer);
        if (peer && !linkPeer())
            return false;
        BrokerSettings s;
        s.maxSessionsPerUser = 1;
        broker->setSettings(s);
        socket = new ClientSocket(broker);
        loopProbe = new QTimer;
        loopProbe->setTimerType(Qt::PreciseTimer);
        loopProbe->setInterval(1);
        QObject::connect(loopProbe, &QTimer::timeout, [this]() {
            const qint64 now = loopClock.nsecsElapsed();
            if (now - lastTickNs > loopHeldNs.load())
                loopHeldNs.store(now - lastTickNs);
            lastTickNs = now;
        });
        loopClock.start();
        loopProbe->start();
        return socket->listen(socketPath(), &error);
    }

    // The sessions, the first one the caller's.
    bool fill()
    {
        QList<Store::SessionRecord> records;
        for (int i = 0; i < sessions; ++i) {
            Store::SessionRecord r;
            r.id = Store::newSessionId();
            r.user = i == 0 ? me : QStringLiteral("user%1").arg(i);
            r.uid = 10000 + i;
            if (i >= 1 && i <= users.size()) {
                r.user = users.at(i - 1).name;
                r.uid = users.at(i - 1).uid;
            }
            r.agent = QStringLiteral("agent1");
            r.agentHostname = QStringLiteral("10.0.0.5");
            r.display = 10 + i;
            r.vncPort = 5910 + i;
            r.created = 1700000000 + i;
            r.geometry = QStringLiteral("1024x768");
            records.append(r);
        }
        QElapsedTimer t;
        t.start();
        if (store->upsertAll(records, &error).size() != sessions)
            return false;
        std::printf("store: %d sessions written in %lld ms\n", store->count(), t.elapsed());
        return true;
    }

    // The peer gets the sessions by a full resync, then every write waits for it.
    // f on the peer's thread, waited for.
    void onPeer(const std::function<void()> &f)
    {
        QMetaObject::invokeMethod(peerContext, f, Qt::BlockingQueuedConnection);
    }

    bool linkPeer()
    {
        peerThread = new QThread;
        peerThread->setObjectName(QStringLiteral("peer"));
        peerContext = new QObject;
        peerContext->moveToThread(peerThread);
        peerThread->start();
        bool opened = false;
        onPeer([&]() {
            peerStore = new Store::SessionStore;
            opened = peerStore->open(dir + QStringLiteral("/peer.db"), &error);
        });
        if (!opened)
            return false;
        Net::TlsSettings tls;
        tls.identity = Net::TlsIdentity::loadOrCreate(dir, QStringLiteral("bench"), &error);
        if (!tls.identity)
            return false;
        Ha::HaSettings ha;
        ha.enabled = true;
        ha.nodes = { QStringLiteral("127.0.0.1"), QStringLiteral("127.0.0.2") };
        ha.syncTimeoutSeconds = 10;
        ha.async = async;
        ha.port = 19741;
        const auto literal = [](const QString &name) { return QList<QHostAddress> { QHostAddress(name) }; };
        const auto make = [&](Store::SessionStore *s, const QString &self) -> Ha::Replicator * {
            Ha::Replicator::Options o;
            o.listenAddress = QHostAddress(self);
            const auto id = Ha::NodeIdentity::determine(ha.nodes, self, {}, literal);
            auto *r = new Ha::Replicator(ha, id, s, tls, o);
            return r->start(&error) ? r : nullptr;
        };
        replicator = make(store, QStringLiteral("127.0.0.1"));
        onPeer([&]() { peerReplicator = make(peerStore, QStringLiteral("127.0.0.2")); });
        if (!replicator || !peerReplicator)
            return false;
        QElapsedTimer up;
        up.start();
        const auto peerUp = [&]() {
            bool yes = false;
            onPeer([&]() { yes = peerReplicator->linkUp() && peerStore->count() == sessions; });
            return yes;
        };
        while (!(replicator->linkUp() && replicator->lagChanges() == 0 && peerUp())) {
            if (up.elapsed() > 120000) {
                error = QStringLiteral("the peer did not link up and catch up within 120 s");
                return false;
            }
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        }
        std::printf("peer: linked over TLS, %d sessions resynced in %lld ms; %s replication\n", sessions,
                    up.elapsed(), async ? "async" : "sync");
        Ha::HaService::serveBroker(broker, replicator, store, ha);
        return true;
    }

    void tearDown()
    {
        delete loopProbe;
        delete socket;
        delete broker;
        delete replicator;
        if (peerThread) {
            onPeer([this]() {
                delete peerReplicator;
                delete peerStore;
            });
            peerThread->quit();
            peerThread->wait();
            delete peerContext;
            delete peerThread;
        }
        delete store;
        delete agents;
    }
};

} // namespace

// Every measure, printed; false when one was incomplete (a request failed, or none was made).
bool measureAll(BenchServer &server, int requests, int clients, double rate, int rateRequests)
{
    std::printf("machine: %d CPUs (QThread::idealThreadCount), store in %s\n", QThread::idealThreadCount(),
                qPrintable(server.dir));
    drive(server.socketPath(), MessageType::ClientGetSession, 50); // warm up
    server.takeLoopHeldMs();
    print(!server.peer       ? "reconnect (get, durable write)"
              : server.async ? "reconnect (get, durable write, async peer)"
                             : "reconnect (get, durable write, sync peer)",
          drive(server.socketPath(), MessageType::ClientGetSession, requests), "reconnect");
    printLoopHeld(server.takeLoopHeldMs(), "reconnect");
    print("list my sessions (read only)",
          drive(server.socketPath(), MessageType::ClientListSessions, requests), "list");
    printLoopHeld(server.takeLoopHeldMs(), "list");
    if (clients > 0) {
        const QByteArray what = QStringLiteral("reconnect, %1 users at once").arg(clients).toLocal8Bit();
        print(what.constData(),
              driveConcurrently(server.socketPath(), server.users, MessageType::ClientGetSession, requests),
              "concurrent");
        printLoopHeld(server.takeLoopHeldMs(), "concurrent");
        if (rate > 0) {
            const QByteArray atRate = QStringLiteral("the same at %1 req/s offered").arg(rate).toLocal8Bit();
            print(atRate.constData(),
                  driveConcurrently(server.socketPath(), server.users, MessageType::ClientGetSession,
                                    rateRequests, rate),
                  "concurrent-rate");
            printLoopHeld(server.takeLoopHeldMs(), "concurrent-rate");
        }
    }
    if (incompleteMeasures > 0) {
        std::fprintf(stderr,
                     "bench_reconnect: %d measure(s) incomplete (a request failed, or no request could be "
                     "made; with --clients, the users must be able to reach %s: every folder above it "
                     "searchable by others)\n",
                     incompleteMeasures, qPrintable(server.socketPath()));
        return false;
    }
    return true;
}

struct Options {
    int sessions = 10000;
    int requests = 2000;
    int clients = 0; // --clients: 0 leaves the concurrent users out
    double rate = 0; // --rate: 0 leaves the open load out
    int rateRequests = 0; // --rate-requests: 0 takes --requests
    QString dir; // empty: under $TMPDIR
    bool peer = false;
    bool async = false;
};

// The command line (see the comment at the top); a bad option ends the process with status 2.
static Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Reconnect requests through vsmserver's Unix socket against a store of N sessions."));
    parser.addHelpOption();
    const QCommandLineOption sessions(QStringLiteral("sessions"), QStringLiteral("Sessions in the store."),
                                      QStringLiteral("N"));
    const QCommandLineOption requests(QStringLiteral("requests"), QStringLiteral("Requests per measure."),
                                      QStringLiteral("N"));
    const QCommandLineOption dir(QStringLiteral("dir"),
                                 QStringLiteral("Folder for the stores (default $TMPDIR)."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption peer(QStringLiteral("peer"),
                                  QStringLiteral("HA in sync mode with a peer over TLS."));
    const QCommandLineOption async(QStringLiteral("async"), QStringLiteral("With --peer: HA in async mode."));
    const QCommandLineOption clients(
        QStringLiteral("clients"), QStringLiteral("Also N users at once (root only)."), QStringLiteral("N"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("With --clients: also an open load of R requests/s."),
                                  QStringLiteral("R"));
    const QCommandLineOption rateRequests(
        QStringLiteral("rate-requests"),
        QStringLiteral("The open load's requests (0 or default: --requests)."), QStringLiteral("N"));
    const QCommandLineOption result(QStringLiteral("result"),
                                    QStringLiteral("Also RESULT lines named NAME (for tests/bench/compare)."),
                                    QStringLiteral("NAME"));
    parser.addOptions({ sessions, requests, dir, peer, async, clients, rate, rateRequests, result });
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        BenchOptions::usageError(
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));
    Options options;
    options.sessions = BenchOptions::count(parser, sessions, 1, options.sessions);
    options.requests = BenchOptions::count(parser, requests, 1, options.requests);
    options.clients = BenchOptions::count(parser, clients, 0, options.clients);
    options.rate = BenchOptions::amount(parser, rate, options.rate);
    options.rateRequests = BenchOptions::count(parser, rateRequests, 0, options.rateRequests);
    if (options.rateRequests == 0) // not given, or 0 (tests/bench/compare --rate 0)
        options.rateRequests = options.requests;
    options.dir = BenchOptions::folder(parser, dir);
    options.peer = parser.isSet(peer);
    options.async = parser.isSet(async);
    if (options.async && !options.peer)
        BenchOptions::usageError(QStringLiteral("--async is a mode of the peer: give --peer as well"));
    resultName = parser.value(result);
    return options;
}

int main(int argc, char **argv)
{
    Posix::useQtEventDispatcher(); // as vsmserver runs
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("openvsm.*.info=false\nopenvsm.*.debug=false"));
    const Options options = parseOptions(app);
    BenchServer server;
    server.sessions = options.sessions;
    server.peer = options.peer;
    server.async = options.async;
    const QString base = options.dir.isEmpty() ? QDir::tempPath() : options.dir;
    QTemporaryDir tmp(base + QStringLiteral("/bench_reconnect-XXXXXX"));
    if (!tmp.isValid()) {
        std::fprintf(stderr, "bench_reconnect: cannot make a folder in %s: %s\n", qPrintable(base),
                     qPrintable(tmp.errorString()));
        return 1;
    }
    const struct passwd *pw = ::getpwuid(::getuid());
    server.me = QString::fromLocal8Bit(pw ? pw->pw_name : "root");
    server.dir = tmp.path();
    BenchUsers benchUsers;
    if (options.clients > 0) {
        QString error;
        if (server.sessions < options.clients + 1 || !benchUsers.make(options.clients, &error)) {
            std::fprintf(stderr, "bench_reconnect: --clients %d: %s\n", options.clients,
                         error.isEmpty() ? "needs --sessions above it" : qPrintable(error));
            return 1;
        }
        server.users = benchUsers.users;
        // The users reach the socket in it.
        QFile::setPermissions(tmp.path(), QFile::permissions(tmp.path()) | QFile::ExeOther | QFile::ExeGroup);
    }

    QThread serverThread;
    auto *serverContext = new QObject; // lives in the server thread; left to the process exit
    serverContext->moveToThread(&serverThread);
    serverThread.start();
    bool ok = false;
    QMetaObject::invokeMethod(
        serverContext, [&]() { ok = server.setUp(); }, Qt::BlockingQueuedConnection);
    if (ok) {
        ok = measureAll(server, options.requests, options.clients, options.rate, options.rateRequests);
    } else {
        std::fprintf(stderr, "bench_reconnect: %s\n", qPrintable(server.error));
    }
    QMetaObject::invokeMethod(
        serverContext, [&]() { server.tearDown(); }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return ok ? 0 : 1;
}
