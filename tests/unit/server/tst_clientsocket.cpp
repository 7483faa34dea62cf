#include "backend/client/localclient.h"
#include "backend/server/clientsocket.h"
#include "backend/server/sessionbroker.h"
#include "shared/net/refusallog.h"
#include "shared/protocol/ctlmessages.h"

#include <QCborArray>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <unistd.h>

using namespace Server;
using Client::LocalClient;
using Protocol::MessageType;

namespace {

class NoAgents final : public AgentGateway {
public:
    QList<AgentState> agentStates() const override { return {}; }
    void call(const QString &, MessageType, const Protocol::Body &, int, QObject *context,
              Callback done) override
    {
        AgentReply r;
        r.unreachable = true;
        r.error = QStringLiteral("no agents");
        QTimer::singleShot(0, context, [done, r]() { done(r); });
    }
};

} // namespace

class TestClientSocket : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Store::SessionStore> m_store;
    NoAgents m_agents;
    LoadBalancer m_balancer;
    std::unique_ptr<SessionBroker> m_broker;
    std::unique_ptr<ClientSocket> m_socket;
    QString m_path;

    LocalClient::Result ask(MessageType type, const QCborMap &body = {})
    {
        return LocalClient::request(m_path, QStringLiteral("test"), type, body, 5000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_store = std::make_unique<Store::SessionStore>();
        QString error;
        QVERIFY(m_store->open(m_dir.filePath(QStringLiteral("s.db")), &error));
        Store::SessionRecord r;
        r.id = QStringLiteral("s1");
        r.user = QStringLiteral("someone");
        r.agent = QStringLiteral("agent1");
        r.display = 10;
        QVERIFY(m_store->upsert(r, &error));
        m_broker = std::make_unique<SessionBroker>(m_store.get(), &m_agents, &m_balancer);
        m_socket = std::make_unique<ClientSocket>(m_broker.get());
        m_path = m_dir.filePath(QStringLiteral("vsmserver.sock"));
        QVERIFY2(m_socket->listen(m_path, &error), qPrintable(error));
    }

    void socketIsWorldWritable()
    {
        QCOMPARE(QFile::permissions(m_path) & (QFile::WriteOther | QFile::ReadOther),
                 QFile::WriteOther | QFile::ReadOther);
    }

    void secondServerRefused()
    {
        ClientSocket other(m_broker.get());
        QString error;
        QVERIFY(!other.listen(m_path, &error));
        QVERIFY2(error.contains(QStringLiteral("another vsmserver")), qPrintable(error));
    }

    void staleSocketReplaced()
    {
        const QString path = m_dir.filePath(QStringLiteral("stale.sock"));
        {
            ClientSocket first(m_broker.get());
            QString error;
            QVERIFY(first.listen(path, &error));
        }
        QFile stale(path); // a file left behind as after a crash
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.close();
        ClientSocket second(m_broker.get());
        QString error;
        QVERIFY2(second.listen(path, &error), qPrintable(error));
    }

    void clientRequestUsesPeerCredentials()
    {
        const auto r = ask(MessageType::ClientListSessions);
        QCOMPARE(int(r.status), int(LocalClient::Status::Ok));
        // Whoever runs the test has no sessions; "someone" has one, and no request field can
        // make the server act for "someone".
        QVERIFY(r.body.value(QStringLiteral("sessions")).toArray().isEmpty());
        const auto spoof
            = ask(MessageType::ClientListSessions, { { QStringLiteral("user"), QStringLiteral("someone") } });
        QVERIFY(spoof.body.value(QStringLiteral("sessions")).toArray().isEmpty());
    }

    void adminRequests()
    {
        const auto r = ask(MessageType::CtlSessionList);
        if (::getuid() != 0) {
            QCOMPARE(int(r.status), int(LocalClient::Status::Refused));
            QVERIFY(r.error.contains(QStringLiteral("only root")));
            return;
        }
        QCOMPARE(int(r.status), int(LocalClient::Status::Ok));
        QCOMPARE(r.body.value(QStringLiteral("sessions")).toArray().size(), 1);
    }

    // Root's answers are not held to the 64 KiB of a user's frames: every session of a node in
    // one `tlctl session list`, tombstones too (the reliability harness lists about 500 records).
    void rootListsMoreThanAUsersFrameHolds()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: only root may list every session (tests/run runs this as root)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Store::SessionStore store;
        QString error;
        QVERIFY2(store.open(dir.filePath(QStringLiteral("s.db")), &error), qPrintable(error));
        QList<Store::SessionRecord> records;
        for (int i = 0; i < 600; ++i) {
            Store::SessionRecord r;
            r.id = QStringLiteral("session-%1").arg(i, 4, 10, QLatin1Char('0'));
            r.user = QStringLiteral("user%1").arg(i);
            r.agent = QStringLiteral("agent%1").arg(i % 4);
            r.display = 10 + i;
            r.command = QStringLiteral("/usr/bin/xfce4-session --with-a-long-argument-%1").arg(i);
            r.deleted = i % 2 == 1; // every other one a tombstone
            r.version = { 1, QStringLiteral("the-peer"), 1700000000000 };
            records.append(r);
        }
        QVERIFY2(store.applyAll(records, &error), qPrintable(error)); // as from the peer: tombstones kept
        SessionBroker broker(&store, &m_agents, &m_balancer);
        ClientSocket socket(&broker);
        const QString path = dir.filePath(QStringLiteral("big.sock"));
        QVERIFY2(socket.listen(path, &error), qPrintable(error));

        const auto all
            = LocalClient::request(path, QStringLiteral("test"), MessageType::CtlSessionList,
                                   Protocol::CtlSessionFilter { {}, {}, {}, true }.toCbor(), 10000);
        QVERIFY2(all.status == LocalClient::Status::Ok, qPrintable(all.error));
        const auto list = Protocol::CtlSessionList::fromCbor(all.body, &error);
        QVERIFY2(list, qPrintable(error));
        QCOMPARE(list->sessions.size(), 600);
        QVERIFY(all.body.toCborValue().toCbor().size() > 64 * 1024);
        const auto live
            = LocalClient::request(path, QStringLiteral("test"), MessageType::CtlSessionList, {}, 10000);
        QVERIFY2(live.status == LocalClient::Status::Ok, qPrintable(live.error));
        QCOMPARE(live.body.value(QStringLiteral("sessions")).toArray().size(), 300);
    }

    void unknownTypeGetsError()
    {
        const auto r = ask(MessageType::AgentStartSession);
        QCOMPARE(int(r.status), int(LocalClient::Status::Refused));
        QVERIFY2(r.error.contains(QStringLiteral("not served")), qPrintable(r.error));
    }

    void garbageClosesOnlyThatConnection()
    {
        QLocalSocket garbage;
        garbage.connectToServer(m_path);
        QVERIFY(garbage.waitForConnected(2000));
        garbage.write(QByteArray("\xff\xff\xff\xffnot a frame", 15));
        QTRY_COMPARE_WITH_TIMEOUT(garbage.state(), QLocalSocket::UnconnectedState, 5000);
        QCOMPARE(int(ask(MessageType::ClientListSessions).status), int(LocalClient::Status::Ok));
    }

    void connectionsPerUserAreLimited()
    {
        // Root has a share of its own (the health check must always get in); users are covered
        // with real accounts by tst_security_limits.
        const int limit
            = ::geteuid() == 0 ? ClientSocket::MaxRootConnections : ClientSocket::MaxConnectionsPerUser;
        QTRY_COMPARE(m_socket->openConnections(::geteuid()), 0); // earlier tests' links are gone
        std::vector<std::unique_ptr<QLocalSocket>> idle;
        for (int i = 0; i < limit; ++i) {
            idle.push_back(std::make_unique<QLocalSocket>());
            idle.back()->connectToServer(m_path);
            QVERIFY(idle.back()->waitForConnected(2000));
        }
        QTest::qWait(100);
        for (const auto &s : idle)
            QCOMPARE(s->state(), QLocalSocket::ConnectedState);
        QSignalSpy logged(m_socket.get(), &ClientSocket::refusalLogged);
        QLocalSocket extra;
        extra.connectToServer(m_path);
        QVERIFY(extra.waitForConnected(2000));
        QTRY_COMPARE_WITH_TIMEOUT(extra.state(), QLocalSocket::UnconnectedState, 5000);
        // The refusal is news for the node's event log, with who was refused and why.
        QCOMPARE(logged.size(), 1);
        QCOMPARE(logged.at(0).at(0).value<Net::RefusalReason>(), Net::RefusalReason::ConnectionLimit);
        QCOMPARE(logged.at(0).at(1).toUInt(), ::geteuid());
        QVERIFY(!logged.at(0).at(2).toString().isEmpty());
        idle.clear(); // closing them frees the places
        QTRY_COMPARE_WITH_TIMEOUT(int(ask(MessageType::ClientListSessions).status),
                                  int(LocalClient::Status::Ok), 5000);
    }

    void noServer()
    {
        const auto r
            = LocalClient::request(m_dir.filePath(QStringLiteral("none.sock")), QStringLiteral("test"),
                                   MessageType::ClientListSessions, {}, 2000);
        QCOMPARE(int(r.status), int(LocalClient::Status::Unreachable));
        QVERIFY(r.error.contains(QStringLiteral("is it running")));
    }
};

QTEST_GUILESS_MAIN(TestClientSocket)
#include "tst_clientsocket.moc"
