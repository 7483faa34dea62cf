// What an unauthenticated peer can cost a daemon: connection floods, silent connections
// (slowloris), huge partial frames, and users holding the Unix socket. Each test mounts the
// attack against a real vsmagent and vsmserver and asserts that the daemon keeps serving, that
// root's health check (what keepalived runs) answers within 1 s during the attack, and that the
// log names the attacker without being flooded itself.

#include "tests/integration/support/sanitizer.h"
#include "tests/integration/support/verifylogged.h"
#include "tests/security/attackbed.h"

#include "shared/net/tlsconnector.h"
#include "shared/net/tlssetup.h"
#include "shared/posix/resourcelimits.h"
#include "shared/protocol/frame.h"
#include "shared/protocol/message.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSslSocket>
#include <QStandardPaths>

#include <unistd.h>

using namespace AttackBed;
using Protocol::MessageType;
using TestSupport::bin;

namespace {

// Resident memory of a process in KiB (VmRSS), -1 when unknown.
qint64 rssKiB(qint64 pid)
{
    QFile f(q("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace

class TestSecurityLimits : public QObject {
    Q_OBJECT

    // A Link ready (TLS + Hello) to 127.0.0.1:port from source address from; nullptr when not
    // ready within ms. privileged: from a port below 1024, as vsmserver connects to agents.
    Protocol::Link *link(quint16 port, bool privileged = false, int ms = 5000)
    {
        Net::TlsConnector::Options options;
        options.privilegedSourcePort = privileged;
        options.link.program = q("tst_security_limits");
        Net::TlsConnector connector(options);
        Protocol::Link *result = nullptr;
        bool done = false;
        connector.connectToHost(q("127.0.0.1"), port, ms, this, [&](Protocol::Link *l, const QString &) {
            result = l;
            done = true;
        });
        (void)QTest::qWaitFor([&] { return done; }, ms + 1000);
        if (result)
            result->setParent(this);
        return result;
    }

    std::optional<Protocol::Message> call(Protocol::Link *l, MessageType t, int ms = 5000)
    {
        std::optional<Protocol::Message> reply;
        l->request(t, {}, ms, this, [&](const Protocol::Message &m) { reply = m; });
        (void)QTest::qWaitFor([&] { return reply.has_value(); }, ms + 1000);
        return reply;
    }

    // Opens count plain TCP connections, spread over `addresses` loopback source addresses
    // (127.0.x.1 ...), that never say anything.
    QList<QTcpSocket *> silent(quint16 port, int count, int addresses, int third = 3)
    {
        QList<QTcpSocket *> list;
        for (int i = 0; i < count; ++i)
            list.append(connectFrom(q("127.0.%1.%2").arg(third).arg(1 + i % addresses), port, this));
        (void)QTest::qWaitFor(
            [&] {
                for (QTcpSocket *s : list)
                    if (s->state() == QAbstractSocket::ConnectingState)
                        return false;
                return true;
            },
            5000);
        return list;
    }

    // count TLS connections from `addresses` source addresses that finish TLS and send a Hello:
    // ready links that prove nothing.
    QList<QSslSocket *> helloFlood(quint16 port, int count, int addresses, int third)
    {
        Protocol::Message hello;
        hello.type = MessageType::Hello;
        hello.body = QCborMap { { q("version"), Protocol::ProtocolVersion },
                                { q("program"), q("flood") },
                                { q("node"), q("flood") } };
        const QByteArray frame = Protocol::encodeFrame(hello.encode());
        QList<QSslSocket *> list;
        QString error;
        // In batches under the handshake limits, each finished (or refused) before the next.
        for (int i = 0; i < count;) {
            QList<QSslSocket *> batch;
            for (int j = 0; j < addresses && i < count; ++j, ++i) {
                auto *s = new QSslSocket(this);
                Net::configureTlsSocket(s, Net::TlsRole::Client, {}, &error);
                connect(s, &QSslSocket::encrypted, s, [s, frame] { s->write(frame); });
                s->bind(QHostAddress(q("127.0.%1.%2").arg(third).arg(1 + j)), 0);
                s->connectToHostEncrypted(q("127.0.0.1"), port);
                batch.append(s);
            }
            (void)QTest::qWaitFor(
                [&] {
                    return std::all_of(batch.begin(), batch.end(), [](QSslSocket *s) {
                        return s->isEncrypted() || s->state() == QAbstractSocket::UnconnectedState;
                    });
                },
                3000);
            list += batch;
        }
        return list;
    }

    void healthWithinOneSecond(const SingleNode &bed, int times = 3)
    {
        for (int i = 0; i < times; ++i) {
            const Result h = health(bed.server->socket());
            VERIFY_LOGGED(h.code == 0 && h.ms < TestSupport::scaledMs(1000),
                          q("health: exit %1 after %2 ms: %3\n").arg(h.code).arg(h.ms).arg(h.out)
                              + bed.server->log());
        }
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: runs the daemons as root, binds privileged ports, creates users");
        // The attacks need more descriptors than a shell's default soft limit.
        qInfo("%s", qPrintable(Posix::raiseOpenFileLimit()));
    }

    // Silent connections used to fill the agent's 32 handshake slots and lock out the server.
    void agentSlowlorisKeepsRootIn()
    {
        SingleNode bed;
        QString error;
        QVERIFY2(bed.start(&error), qPrintable(error));

        // 40 from the server's own address (a local user there): 4 may wait, the rest are refused.
        QList<QTcpSocket *> flood = silent(bed.agentPort, 40, 1, 0);
        QPointer<Protocol::Link> root = link(bed.agentPort, true, 2000);
        VERIFY_LOGGED(root, bed.agent->log());
        auto reply = call(root, MessageType::AgentListSessions, 1000);
        QVERIFY2(reply && !reply->isError(), reply ? qPrintable(reply->error) : "no answer");
        healthWithinOneSecond(bed, 1);
        // The log names the address once, then counts instead of repeating itself.
        const QString log = bed.agent->log();
        const qsizetype lines = log.count(q("refused connection from 127.0.0.1:"));
        QVERIFY2(lines >= 1 && lines <= 2, qPrintable(log.right(4000)));
        qDeleteAll(flood);

        // 40 from 40 addresses fill every ordinary slot: root still has its reserve.
        flood = silent(bed.agentPort, 40, 40);
        delete root.data();
        root = link(bed.agentPort, true, 2000);
        VERIFY_LOGGED(root, bed.agent->log());
        reply = call(root, MessageType::AgentListSessions, 1000);
        QVERIFY2(reply && !reply->isError(), reply ? qPrintable(reply->error) : "no answer");
        // The server's own link to the agent still works: its load is known.
        QByteArray json;
        TestSupport::run(bin(q("tlctl")),
                         { q("load"), q("list"), q("--json"), q("--socket"), bed.server->socket() }, &json);
        QVERIFY2(json.contains("\"reachable\":true") || json.contains("\"reachable\": true"),
                 json.constData());
        qDeleteAll(flood);
    }

    // The same on the admin port, where nobody is proven before logging in: one address
    // cannot take the slots of another.
    void adminSlowlorisLocksOutNobodyElse()
    {
        SingleNode bed;
        QString error;
        QVERIFY2(bed.start(&error), qPrintable(error));
        const QList<QTcpSocket *> flood = silent(bed.adminPort, 40, 1);
        QElapsedTimer t;
        t.start();
        QPointer<Protocol::Link> admin = link(bed.adminPort, false, 2000);
        VERIFY_LOGGED(admin, bed.server->log());
        QVERIFY2(t.elapsed() < TestSupport::scaledMs(1000), qPrintable(QString::number(t.elapsed())));
        // The login is answered (no password is set on this node: it says so).
        std::optional<Protocol::Message> reply;
        admin->request(MessageType::AdminLogin, QCborMap { { q("password"), q("x") } }, 5000, this,
                       [&](const Protocol::Message &m) { reply = m; });
        QTRY_VERIFY(reply.has_value());
        QVERIFY2(reply->error.contains(q("no admin password")), qPrintable(reply->error));
        healthWithinOneSecond(bed, 2);
        qDeleteAll(flood);
    }

    // Each unauthenticated connection could make the agent buffer a partial 4 MiB frame.
    void preAuthFramesAreSmall()
    {
        SingleNode bed;
        QString error;
        QVERIFY2(bed.start(&error), qPrintable(error));
        const qint64 before = rssKiB(bed.agent->pid());
        QVERIFY(before > 0);
        // Half of them before their Hello, half after it (ready links that prove nothing).
        QList<QSslSocket *> sockets = helloFlood(bed.agentPort, 30, 10, 4);
        QList<QSslSocket *> early;
        for (int i = 0; i < 30; ++i) {
            auto *s = new QSslSocket(this);
            QVERIFY(Net::configureTlsSocket(s, Net::TlsRole::Client, {}, &error));
            s->bind(QHostAddress(q("127.0.7.%1").arg(1 + i)), 0);
            s->connectToHostEncrypted(q("127.0.0.1"), bed.agentPort);
            early.append(s);
            if (early.size() % 10 == 0)
                QTRY_VERIFY_WITH_TIMEOUT(std::all_of(early.begin(), early.end(),
                                                     [](QSslSocket *e) {
                                                         return e->isEncrypted()
                                                             || e->state()
                                                             == QAbstractSocket::UnconnectedState;
                                                     }),
                                         10000);
        }
        sockets += early;
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(sockets.begin(), sockets.end(), [](QSslSocket *s) { return s->isEncrypted(); }),
            10000);
        // A frame header announcing 4 MiB, then most of a megabyte of it.
        const QByteArray header = QByteArray::fromHex("00400000");
        for (QSslSocket *s : std::as_const(sockets)) {
            s->write(header);
            s->write(QByteArray(1024 * 1024, 'A'));
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(sockets.begin(), sockets.end(),
                        [](QSslSocket *s) { return s->state() == QAbstractSocket::UnconnectedState; }),
            20000);
        const qint64 after = rssKiB(bed.agent->pid());
        QVERIFY2(after - before < TestSupport::scaledGrowthKiB(32 * 1024),
                 qPrintable(q("agent RSS %1 KiB -> %2 KiB").arg(before).arg(after)));
        VERIFY_LOGGED(
            bed.agent->log().contains(q("bad frame: frame of 4194304 bytes exceeds the limit of 65536")),
            bed.agent->log());
        qDeleteAll(sockets);
        QPointer<Protocol::Link> root = link(bed.agentPort, true);
        QVERIFY(root);
        const auto reply = call(root, MessageType::AgentListSessions);
        QVERIFY(reply && !reply->isError());
    }

    // ~1,000 connections to the admin port used to make vsmserver.sock vanish for good.
    void connectionFloodKeepsTheUnixSocket()
    {
        SingleNode bed;
        QString error;
        QVERIFY2(bed.start(&error), qPrintable(error));
        const QList<QTcpSocket *> flood = silent(bed.adminPort, 1000, 50, 5);
        healthWithinOneSecond(bed, 3);
        QVERIFY(QFileInfo::exists(bed.server->socket()));
        qDeleteAll(flood);

        // Out of descriptors for real (the server limited to 100, flooded with links that
        // finish TLS and Hello and so are held until their idle timeout): accepting pauses,
        // nothing closes, and everything works again once the flood is gone.
        SingleNode starved;
        QVERIFY2(starved.start(&error, {}, { q("prlimit"), q("--nofile=40:40"), q("--") }),
                 qPrintable(error));
        // One link served and closed by the peer before the flood. The sanitizer build needs it:
        // UBSan checks an object's dynamic type through a pipe the first time it meets a type at
        // a call, so with every descriptor taken it reports a false "invalid vptr" and stops the
        // daemon; checked once here, while descriptors are free, the answer is cached.
        {
            QPointer<Protocol::Link> first = link(starved.adminPort);
            VERIFY_LOGGED(first, starved.server->log());
            delete first.data();
            const QRegularExpression closed(q("link to 127\\.0\\.0\\.1:\\d+ closed: peer disconnected"));
            TRY_VERIFY_LOGGED(starved.server->log().contains(closed), starved.server->log(), 5000);
        }
        const QList<QSslSocket *> flood2 = helloFlood(starved.adminPort, 60, 10, 6);
        TRY_VERIFY_LOGGED(starved.server->log().contains(q("accept failed")), starved.server->log(), 10000);
        if (!starved.server->running())
            qWarning("%s", qPrintable(starved.server->diagnosis()));
        QVERIFY2(starved.server->running(), "vsmserver ended during the descriptor flood (its log above)");
        QVERIFY(QFileInfo::exists(starved.server->socket()));
        qDeleteAll(flood2);
        QTest::qWait(500);
        healthWithinOneSecond(starved, 3);
        QPointer<Protocol::Link> admin = link(starved.adminPort);
        VERIFY_LOGGED(admin, starved.server->log());
    }

    // On the local socket a user's frames stay small (64 KiB); root's, proven by its peer
    // credentials, are an admin link's (its answers are large: tlctl session list).
    void unixSocketFramesAreSmallForUsersOnly()
    {
        SingleNode bed;
        QString error;
        QVERIFY2(bed.start(&error), qPrintable(error));
        const QString bytes = QString::number(200 * 1024);
        TestUser user(q("ovsbigu"));
        QVERIFY2(user.ok(), qPrintable(user.error()));
        QProcess asUser; // stdout: vsmattack's verdict; its log goes to stderr
        asUser.start(q("setpriv"),
                     { q("--reuid"), user.name(), q("--regid"), user.name(), q("--init-groups"), q("--"),
                       bin(q("vsmattack")), q("big-local"), bed.server->socket(), bytes });
        QVERIFY(asUser.waitForFinished(20000));
        const QByteArray userSaid = asUser.readAllStandardOutput();
        QCOMPARE(asUser.exitCode(), 1);
        QVERIFY2(userSaid.startsWith("error ") && userSaid.contains("exceeds the limit of 65536 bytes"),
                 userSaid.constData());

        QProcess asRoot;
        asRoot.start(bin(q("vsmattack")), { q("big-local"), bed.server->socket(), bytes });
        QVERIFY(asRoot.waitForFinished(20000));
        const QByteArray rootSaid = asRoot.readAllStandardOutput();
        QCOMPARE(rootSaid, QByteArray("ok\n"));
        QCOMPARE(asRoot.exitCode(), 0);
    }

    // 16 users holding connections used to lock root (and keepalived's health check) out.
    void unixSocketUsersCannotLockOutRoot()
    {
        SingleNode bed;
        QString error;
        QVERIFY2(bed.start(&error), qPrintable(error));
        std::vector<std::unique_ptr<TestUser>> users;
        std::vector<std::unique_ptr<QProcess>> holders;
        for (int i = 0; i < 16; ++i) {
            users.push_back(std::make_unique<TestUser>(q("ovs%1u").arg(i, 2, 10, QLatin1Char('0'))));
            QVERIFY2(users.back()->ok(), qPrintable(users.back()->error()));
            auto p = std::make_unique<QProcess>();
            p->setProcessChannelMode(QProcess::MergedChannels);
            p->start(q("setpriv"),
                     { q("--reuid"), users.back()->name(), q("--regid"), users.back()->name(),
                       q("--init-groups"), q("--"), bin(q("vsmattack")), q("hold-local"),
                       bed.server->socket(), q("16"), q("20") });
            holders.push_back(std::move(p));
        }
        for (auto &p : holders) {
            // Each user gets its own share, no more (the tool prints "ready N" after a second).
            QByteArray said;
            QTRY_VERIFY_WITH_TIMEOUT(
                (said += p->readAll()).contains("ready ") || p->state() == QProcess::NotRunning, 15000);
            QVERIFY2(said.contains("ready 8\n"), said.constData());
        }
        healthWithinOneSecond(bed, 3);
        const QString log = bed.server->log();
        VERIFY_LOGGED(log.contains(q("already has 8 open (the limit per user)")), bed.server->log());
        for (auto &p : holders)
            p->kill();
        for (auto &p : holders)
            p->waitForFinished(5000);
    }
};

QTEST_GUILESS_MAIN(TestSecurityLimits)
#include "tst_security_limits.moc"
