#include "backend/server/agentpool.h"

#include "shared/net/tlsconnector.h"
#include "shared/net/tlsserver.h"

#include <QCborArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Server;
using Protocol::MessageType;

namespace {

// An agent that answers AgentLoad and AgentVerifySession over a real TLS link on loopback.
class FakeAgent final : public QObject {
public:
    explicit FakeAgent(const Net::TlsSettings &tls)
    {
        Net::TlsServer::Options o;
        o.tls = tls;
        o.link.program = QStringLiteral("vsmagent");
        m_server = new Net::TlsServer(o, this);
        connect(m_server, &Net::TlsServer::newLink, this, [this](Protocol::Link *link, const QHostAddress &) {
            link->setParent(this);
            m_links.append(link);
            connect(link, &Protocol::Link::requestReceived, this, [this, link](const Protocol::Message &m) {
                ++requests;
                if (m.type == MessageType::AgentLoad) {
                    if (silent)
                        return; // never answers: the pool must give up on it
                    link->reply(
                        m,
                        QCborMap { { QStringLiteral("users"), users },
                                   { QStringLiteral("mem_total_kib"), 4 * 1024 * 1024 },
                                   { QStringLiteral("mem_used_kib"), 1024 * 1024 },
                                   { QStringLiteral("cpus"), 2 },
                                   { QStringLiteral("bogomips"), 4000.0 },
                                   { QStringLiteral("agent_hostname"), QStringLiteral("10.1.1.1") } });
                } else if (m.type == MessageType::AgentVerifySession) {
                    link->reply(m, QCborMap { { QStringLiteral("alive"), true } });
                } else {
                    link->replyError(m, QStringLiteral("unsupported"));
                }
            });
        });
    }

    bool listen(quint16 port = 0)
    {
        QString error;
        return m_server->listen(QHostAddress::LocalHost, port, &error);
    }
    quint16 port() const { return m_server->serverPort(); }
    void stop()
    {
        m_server->close();
        for (const auto &l : std::as_const(m_links)) {
            if (l)
                l->close(QStringLiteral("agent stopping"));
        }
        m_links.clear();
    }

    int users = 2;
    int requests = 0;
    bool silent = false;

private:
    Net::TlsServer *m_server;
    QList<QPointer<Protocol::Link>> m_links;
};

} // namespace

class TestAgentPool : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    Net::TlsSettings m_serverTls;

    AgentState state(const AgentPool &pool, const QString &name)
    {
        for (const AgentState &s : pool.agentStates()) {
            if (s.agent == name)
                return s;
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        m_serverTls.identity
            = Net::TlsIdentity::loadOrCreate(m_dir.path(), QStringLiteral("test-agent"), &error);
        QVERIFY2(m_serverTls.identity, qPrintable(error));
    }

    void connectsPollsAndReconnects()
    {
        FakeAgent agent(m_serverTls);
        QVERIFY(agent.listen());
        const quint16 port = agent.port();
        Net::TlsConnector::Options co;
        co.link.program = QStringLiteral("vsmserver");
        Net::TlsConnector connector(co);
        AgentPool::Options options;
        options.loadUpdateCycleMs = 60000; // the test must not depend on the cycle
        options.loadTimeoutMs = 1000;
        AgentPool pool(&connector, options);
        QSignalSpy changes(&pool, &AgentPool::reachabilityChanged);
        const QString name = QStringLiteral("127.0.0.1:%1").arg(port);
        pool.setAgents({ TerminalServer { name, QStringLiteral("127.0.0.1"), port } });
        QCOMPARE(pool.agentStates().size(), 1);
        QVERIFY(!state(pool, name).reachable);

        // Load asked for on connect, not at the next cycle.
        QTRY_VERIFY_WITH_TIMEOUT(state(pool, name).reachable, 5000);
        QCOMPARE(state(pool, name).load->users, 2);
        QCOMPARE(state(pool, name).load->agentHostname, QStringLiteral("10.1.1.1"));
        QCOMPARE(changes.count(), 1);

        // A call goes through.
        AgentReply reply;
        bool done = false;
        pool.call(name, MessageType::AgentVerifySession,
                  QCborMap { { QStringLiteral("id"), QStringLiteral("x") } }, 2000, this,
                  [&](const AgentReply &r) {
                      reply = r;
                      done = true;
                  });
        QTRY_VERIFY(done);
        QVERIFY2(reply.ok(), qPrintable(reply.error));
        QVERIFY(reply.body.value(QStringLiteral("alive")).toBool());

        // The agent goes away: unreachable with a reason; calls fail at once as unreachable.
        agent.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!state(pool, name).reachable, 5000);
        QVERIFY(!state(pool, name).reason.isEmpty());
        done = false;
        pool.call(name, MessageType::AgentVerifySession, {}, 2000, this, [&](const AgentReply &r) {
            reply = r;
            done = true;
        });
        QTRY_VERIFY(done);
        QVERIFY(reply.unreachable);
        QVERIFY2(reply.error.contains(QStringLiteral("not reachable")), qPrintable(reply.error));

        // It comes back on the same port: noticed within seconds.
        agent.users = 5;
        QVERIFY(agent.listen(port));
        QTRY_VERIFY_WITH_TIMEOUT(state(pool, name).reachable, 6000);
        QCOMPARE(state(pool, name).load->users, 5);
    }

    void silentAgentIsUnreachable()
    {
        FakeAgent agent(m_serverTls);
        agent.silent = true;
        QVERIFY(agent.listen());
        Net::TlsConnector::Options co;
        co.link.program = QStringLiteral("vsmserver");
        Net::TlsConnector connector(co);
        AgentPool::Options options;
        options.loadTimeoutMs = 500;
        AgentPool pool(&connector, options);
        const QString name = QStringLiteral("127.0.0.1:%1").arg(agent.port());
        pool.setAgents({ TerminalServer { name, QStringLiteral("127.0.0.1"), agent.port() } });
        QTRY_VERIFY_WITH_TIMEOUT(agent.requests >= 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(state(pool, name).reason.contains(QStringLiteral("load request failed")),
                                 5000);
        QVERIFY(!state(pool, name).reachable);
    }

    void unknownAgentAndRemoval()
    {
        Net::TlsConnector::Options co;
        Net::TlsConnector connector(co);
        AgentPool pool(&connector, {});
        pool.setAgents({ TerminalServer { QStringLiteral("a"), QStringLiteral("127.0.0.1"), 1 },
                         TerminalServer { QStringLiteral("b"), QStringLiteral("127.0.0.1"), 2 } });
        QCOMPARE(pool.agentStates().size(), 2);
        pool.setAgents({ TerminalServer { QStringLiteral("b"), QStringLiteral("127.0.0.1"), 2 } });
        QCOMPARE(pool.agentStates().size(), 1);
        QCOMPARE(pool.agentStates().first().agent, QStringLiteral("b"));
        AgentReply reply;
        bool done = false;
        pool.call(QStringLiteral("a"), MessageType::AgentLoad, {}, 1000, this, [&](const AgentReply &r) {
            reply = r;
            done = true;
        });
        QTRY_VERIFY(done);
        QVERIFY(reply.error.contains(QStringLiteral("not in /vsmserver/terminalservers")));
    }
};

QTEST_GUILESS_MAIN(TestAgentPool)
#include "tst_agentpool.moc"
