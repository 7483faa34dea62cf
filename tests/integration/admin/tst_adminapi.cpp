// vsmserver's admin API end to end: tlctl admin set-password, tlctl --node (password file,
// pinning with --accept-new-fingerprint, changed certificates, throttled wrong passwords, terminalservers
// with HA, agent configuration, ha drill), pushed events, the event log and the refusal of requests
// before login.
#include "backend/client/adminclient.h"
#include "shared/admin/adminpassword.h"
#include "shared/net/clusterkey.h"
#include "shared/net/tlsconnector.h"
#include "shared/protocol/keys.h"
#include "shared/protocol/link.h"
#include "tests/gui/daemonfixture.h"

#include <QCborMap>
#include <QDateTime>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <sys/stat.h>

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
    qint64 ms = 0;
};

} // namespace

class TestAdminApi : public QObject {
    Q_OBJECT

private:
    // Sessions on the second node, besides the fixture's.
    static constexpr int BulkSessions = 15000;
    DaemonFixture m_fixture;
    QString m_passwordFile;
    QString m_configHome; // XDG_CONFIG_HOME of tlctl: where it pins the nodes' certificates
    QString m_knownNodes;

    Run tlctl(const QStringList &args, const QByteArray &input = {}, const QString &root = {},
              const QString &passwordFile = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENVSM_ROOT"), root.isEmpty() ? m_fixture.serverRoot[0] : root);
        env.insert(QStringLiteral("OPENVSM_ADMIN_PASSWORD_FILE"),
                   passwordFile.isEmpty() ? m_passwordFile : passwordFile);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_configHome);
        p.setProcessEnvironment(env);
        QElapsedTimer timer;
        timer.start();
        p.start(qEnvironmentVariable("OPENVSM_BUILD_BIN") + QStringLiteral("/tlctl"), args);
        p.waitForStarted();
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000))
            p.kill();
        Run r;
        r.ms = timer.elapsed();
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    static bool writeSecret(const QString &file, const QByteArray &text)
    {
        QFile f(file);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size()
            && f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: vsmagent checks its files and runs as root");
        QString error;
        QVERIFY2(m_fixture.setUp(true, &error, 1, BulkSessions), qPrintable(error));
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
        m_passwordFile = m_fixture.dir.filePath(QStringLiteral("password"));
        QVERIFY(writeSecret(m_passwordFile, QByteArray(DaemonFixture::Password) + '\n'));
        m_configHome = m_fixture.dir.filePath(QStringLiteral("config"));
        m_knownNodes = m_configHome + QStringLiteral("/openvsm/known_nodes");
    }

    // Each test function starts with both nodes' certificates pinned (first contact is
    // statusPinsTheCertificate's, in a configuration of its own), so that any one runs alone.
    void init()
    {
        for (int node = 0; node < 2; ++node) {
            QString pinned;
            if (Client::KnownNodes(m_knownNodes).check(m_fixture.node(node), QStringLiteral("?"), &pinned)
                != Client::KnownNodes::Status::Unknown)
                continue;
            const Run r = tlctl({ QStringLiteral("--node"), m_fixture.node(node),
                                  QStringLiteral("--accept-new-fingerprint"), QStringLiteral("status") });
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
    }

    void cleanupTestCase()
    {
        const QString died = m_fixture.stop();
        QVERIFY2(died.isEmpty(), qPrintable(died));
    }

    void setPasswordWritesOnlyAHash()
    {
        const QString root = m_fixture.dir.filePath(QStringLiteral("lone"));
        QString error;
        QVERIFY(DaemonFixture::copyShipped(
            root, { QStringLiteral("openvsm.hconf"), QStringLiteral("conf.d/vsmserver.hconf") }, &error));
        const QString hashFile = root + QStringLiteral("/etc/admin-password.hash");
        Run r = tlctl({ QStringLiteral("admin"), QStringLiteral("set-password") }, "short\n", root);
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("at least 8")));
        QVERIFY(!QFile::exists(hashFile));
        r = tlctl({ QStringLiteral("admin"), QStringLiteral("set-password") }, "a long new password\n", root);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(hashFile), qPrintable(r.out));
        QFile file(hashFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
            | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
            | QFileDevice::ExeOther;
        QCOMPARE(file.permissions() & others, QFileDevice::Permissions());
        const QString hash = QString::fromUtf8(file.readAll()).trimmed();
        QVERIFY(hash.startsWith(QStringLiteral("pbkdf2-sha256$")));
        QVERIFY(Admin::AdminPassword::verify("a long new password", hash));
        for (const QString &name :
             { QStringLiteral("/etc/openvsm.hconf"), QStringLiteral("/etc/conf.d/vsmserver.hconf") }) {
            QFile conf(root + name);
            QVERIFY(conf.open(QIODevice::ReadOnly));
            const QByteArray text = conf.readAll();
            QVERIFY(!text.contains("a long new password"));
            QVERIFY(!text.contains("pbkdf2"));
        }
    }

    void statusPinsTheCertificate()
    {
        // A first contact: tlctl with a configuration that has pinned nothing yet.
        const QString configHome = m_configHome;
        const auto restore = qScopeGuard([this, configHome]() { m_configHome = configHome; });
        m_configHome = m_fixture.dir.filePath(QStringLiteral("first-contact"));
        const QString knownNodes = m_configHome + QStringLiteral("/openvsm/known_nodes");
        // Not on a terminal: a node not pinned yet needs --accept-new-fingerprint.
        Run r = tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("status") });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("--accept-new-fingerprint")), qPrintable(r.err));
        QVERIFY(!QFile::exists(knownNodes));
        for (int node = 1; node >= 0; --node) {
            r = tlctl({ QStringLiteral("--node"), m_fixture.node(node),
                        QStringLiteral("--accept-new-fingerprint"), QStringLiteral("status") });
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QVERIFY2(r.err.contains(QStringLiteral("pinning the admin certificate")), qPrintable(r.err));
        }
        QVERIFY(r.out.contains(QStringLiteral("1 of 1 reachable")));
        QVERIFY2(r.out.contains(QStringLiteral("HA enabled but not running:")), qPrintable(r.out));
        QVERIFY(QFile::exists(knownNodes));
        const Run again = tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("status") });
        QCOMPARE(again.code, 0);
        QVERIFY(!again.err.contains(QStringLiteral("pinning")));
    }

    void wrongPasswordsAreRefusedAndSlowedDown()
    {
        const QString wrong = m_fixture.dir.filePath(QStringLiteral("wrong"));
        QVERIFY(writeSecret(wrong, "not the password\n"));
        qint64 last = 0;
        for (int i = 0; i < 3; ++i) {
            const Run r = tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("status") }, {},
                                {}, wrong);
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(QStringLiteral("wrong admin password")), qPrintable(r.err));
            last = r.ms;
        }
        QVERIFY2(last >= 900, qPrintable(QStringLiteral("third wrong login answered after %1 ms").arg(last)));
        QFile log(m_fixture.serverRoot[0] + QStringLiteral("/log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains("failed admin login from 127.0.0.1"));
        // A right password still works (and resets the counter).
        QCOMPARE(tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("status") }).code, 0);
    }

    void changedCertificateIsRefused()
    {
        QString pinned;
        Client::KnownNodes known(m_knownNodes);
        QCOMPARE(known.check(m_fixture.node(0), QStringLiteral("x"), &pinned),
                 Client::KnownNodes::Status::Changed);
        QString error;
        QVERIFY(known.pin(m_fixture.node(0), QStringLiteral("00:11"), &error));
        Run r = tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("status") });
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("has CHANGED")));
        QVERIFY(r.out.isEmpty());
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("--accept-new-fingerprint"),
                    QStringLiteral("status") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(known.check(m_fixture.node(0), pinned), Client::KnownNodes::Status::Match);
    }

    void terminalServersWithHa()
    {
        const QString before
            = DaemonFixture::value(m_fixture.serverRoot[1], QStringLiteral("/vsmserver/terminalservers"));
        Run r = tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("terminalservers"),
                        QStringLiteral("set"), QStringLiteral("127.0.0.1") });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("VERY IMPORTANT that 127.0.0.1 is not in the list")),
                 qPrintable(r.err));
        // Refused: nothing written.
        QCOMPARE(DaemonFixture::value(m_fixture.serverRoot[1], QStringLiteral("/vsmserver/terminalservers")),
                 before);
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("terminalservers"),
                    QStringLiteral("set"), m_fixture.localAddress, QStringLiteral("agent-b.invalid") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(DaemonFixture::value(m_fixture.serverRoot[1], QStringLiteral("/vsmserver/terminalservers")),
                 m_fixture.localAddress + QStringLiteral(" agent-b.invalid"));
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("terminalservers"),
                    QStringLiteral("get") });
        QCOMPARE(r.out.trimmed(), m_fixture.localAddress + QStringLiteral(" agent-b.invalid"));
    }

    void refusalsCarryAReason()
    {
        // Beside the English text (what tlctl prints), a refusal carries a code and its arguments
        // for a console to translate. The node's agents: this one and one that does not resolve.
        const Run set
            = tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("terminalservers"),
                      QStringLiteral("set"), m_fixture.localAddress, QStringLiteral("agent-b.invalid") });
        QVERIFY2(set.code == 0, qPrintable(set.err));
        Client::AdminClient client;
        client.setKnownNodesFile(m_knownNodes);
        QSignalSpy ready(&client, &Client::AdminClient::ready);
        client.connectToNode(QStringLiteral("127.0.0.1"), m_fixture.adminPort[1], DaemonFixture::Password);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        const auto refusal = [&](const QStringList &entries, QString *error) {
            std::optional<Protocol::AdminReason> reason;
            bool done = false;
            client.request(Protocol::MessageType::AdminSetTerminalServers,
                           Protocol::AdminTerminalServers { entries, false, {}, {} }.toCbor(), this,
                           [&](const QCborMap &body, const QString &why) {
                               *error = why;
                               reason = Protocol::AdminReason::fromCbor(body, nullptr);
                               done = true;
                           });
            (void)QTest::qWaitFor([&]() { return done; }, 10000);
            return reason;
        };
        QString error;
        auto reason = refusal({ QStringLiteral("127.0.0.1") }, &error);
        QVERIFY2(error.contains(QStringLiteral("VERY IMPORTANT that 127.0.0.1 is not in the list")),
                 qPrintable(error));
        QVERIFY(reason);
        QCOMPARE(reason->code, QStringLiteral("loopback_with_ha"));
        QCOMPARE(reason->args, QStringList { QStringLiteral("127.0.0.1") });
        reason = refusal({ QStringLiteral("agent-c.invalid"), QStringLiteral("AGENT-C.invalid") }, &error);
        QVERIFY2(error.contains(QStringLiteral("listed twice")), qPrintable(error));
        QVERIFY(reason);
        QCOMPARE(reason->code, QStringLiteral("listed_twice"));
        QCOMPARE(reason->args,
                 (QStringList { QStringLiteral("AGENT-C.invalid"), QStringLiteral("agent-c.invalid") }));
        // Nothing was written.
        QCOMPARE(DaemonFixture::value(m_fixture.serverRoot[1], QStringLiteral("/vsmserver/terminalservers")),
                 m_fixture.localAddress + QStringLiteral(" agent-b.invalid"));
        // An agent the node cannot reach (agent-b.invalid does not resolve).
        bool done = false;
        client.request(Protocol::MessageType::AdminAgentGetConfig,
                       Protocol::AdminAgentConfig { QStringLiteral("agent-b.invalid"), {} }.toCbor(), this,
                       [&](const QCborMap &body, const QString &why) {
                           error = why;
                           reason = Protocol::AdminReason::fromCbor(body, nullptr);
                           done = true;
                       });
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
        QVERIFY2(error.startsWith(QStringLiteral("agent agent-b.invalid: ")), qPrintable(error));
        QVERIFY(reason);
        QCOMPARE(reason->code, QStringLiteral("agent_unreachable"));
        QCOMPARE(reason->args, QStringList { QStringLiteral("agent-b.invalid") });
    }

    void haParameters()
    {
        Run r = tlctl(
            { QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("ha"), QStringLiteral("get") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("/vsmserver/HA/enabled")));
        QVERIFY(r.out.contains(QStringLiteral("/vsmserver/HA/replication")));
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("ha"), QStringLiteral("set"),
                    QStringLiteral("replication=fast") });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("/vsmserver/HA/replication")), qPrintable(r.err));
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("ha"), QStringLiteral("set"),
                    QStringLiteral("replication=async"), QStringLiteral("sync_timeout=7") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(DaemonFixture::value(m_fixture.serverRoot[1], QStringLiteral("/vsmserver/HA/replication")),
                 QStringLiteral("async"));
        QCOMPARE(DaemonFixture::value(m_fixture.serverRoot[1], QStringLiteral("/vsmserver/HA/sync_timeout")),
                 QStringLiteral("7"));
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("ha"), QStringLiteral("set"),
                    QStringLiteral("/vsmserver/terminalservers=x") });
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("not a /vsmserver/HA/ parameter")));
        // The other parameters both nodes must share (the setup wizard copies them), and only those.
        const QString maxSessions = DaemonFixture::value(m_fixture.serverRoot[1],
                                                         QStringLiteral("/vsmserver/max_sessions_per_user"));
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("ha"), QStringLiteral("set"),
                    QStringLiteral("/vsmserver/max_sessions_per_user=3") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(
            DaemonFixture::value(m_fixture.serverRoot[1], QStringLiteral("/vsmserver/max_sessions_per_user")),
            QStringLiteral("3"));
        if (!maxSessions.isEmpty()) {
            r = tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("ha"),
                        QStringLiteral("set"),
                        QStringLiteral("/vsmserver/max_sessions_per_user=%1").arg(maxSessions) });
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("ha"), QStringLiteral("set"),
                    QStringLiteral("/vsmserver/admin/listen_port=9") });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("nor one both nodes must share")), qPrintable(r.err));
    }

    void agentConfiguration()
    {
        Run r = tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("agent"),
                        QStringLiteral("set"), m_fixture.localAddress, QStringLiteral("--allowed-clients"),
                        QStringLiteral("127.0.0.1 tlha-b"), QStringLiteral("--master-hostname"),
                        QStringLiteral("localhost") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(DaemonFixture::value(m_fixture.agentRoot, QStringLiteral("/vsmagent/allowed_clients")),
                 QStringLiteral("127.0.0.1 tlha-b"));
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("agent"),
                    QStringLiteral("config"), m_fixture.localAddress });
        QVERIFY(r.out.contains(QStringLiteral("master_hostname  localhost")));
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("agent"),
                    QStringLiteral("config"), QStringLiteral("not-an-agent") });
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("not in /vsmserver/terminalservers")));
    }

    // One admin request and its answer (none: *error says why).
    std::optional<QCborMap> ask(Client::AdminClient &client, Protocol::MessageType type, const QCborMap &body,
                                QString *error)
    {
        std::optional<QCborMap> reply;
        bool done = false;
        client.request(type, body, this, [&](const QCborMap &answer, const QString &why) {
            *error = why;
            if (why.isEmpty())
                reply = answer;
            done = true;
        });
        (void)QTest::qWaitFor([&]() { return done; }, 20000);
        return reply;
    }

    // Through a node, as the setup wizard gives the agent the key; the node has none itself.
    void agentTakesTheKey(Client::AdminClient &client, const QByteArray &secret)
    {
        const QString id = Net::ClusterKey::idOf(secret);
        QString error;
        Protocol::AdminAgentConfig agent;
        agent.agent = m_fixture.localAddress;
        agent.change.clusterKey = secret;
        agent.change.clusterKeyRequired = false;
        auto reply = ask(client, Protocol::MessageType::AdminAgentSetConfig, agent.toCbor(), &error);
        QVERIFY2(reply, qPrintable(error));
        reply = ask(client, Protocol::MessageType::AdminAgentGetConfig,
                    Protocol::AdminAgentConfig { m_fixture.localAddress, {} }.toCbor(), &error);
        QVERIFY2(reply, qPrintable(error));
        const auto config = Protocol::AgentConfig::fromCbor(*reply, &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->clusterKeyId.value_or(QString()), id);
        QCOMPARE(config->clusterKeyRequired, std::optional<bool>(false));
        QVERIFY(!config->clusterKey); // never in an answer
        const QString agentKey
            = DaemonFixture::value(m_fixture.agentRoot, QStringLiteral("/vsm/cluster_key_file"));
        QVERIFY2(Net::ClusterKey::load(agentKey, &error), qPrintable(error));
        // The node has no key: the agent, in the transition, still takes its link, by certificate.
        reply = ask(client, Protocol::MessageType::AdminAgentList, {}, &error);
        QVERIFY2(reply, qPrintable(error));
        const auto list = Protocol::CtlLoadList::fromCbor(*reply, &error);
        QVERIFY2(list && !list->agents.isEmpty(), qPrintable(error));
        QVERIFY2(list->agents.first().reachable, qPrintable(list->agents.first().reason));
        QCOMPARE(list->agents.first().linkTrust, QStringLiteral("address"));
        for (const QString &root :
             { m_fixture.serverRoot[0], m_fixture.serverRoot[1], m_fixture.agentRoot }) {
            QDirIterator it(root + QStringLiteral("/log"), QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile log(it.next());
                QVERIFY(log.open(QIODevice::ReadOnly));
                QVERIFY2(!log.readAll().contains(secret.toHex()), qPrintable(log.fileName()));
            }
        }
    }

    // Step 6 of the setup wizard: a node's key read and written over the admin API, an agent's
    // written through a node; in the transition (not required) the keyless nodes still reach
    // the agent, by certificate. The secret is in no log.
    void clusterKeyOverTheAdminApi()
    {
        Client::AdminClient clients[2];
        for (int i = 0; i < 2; ++i) {
            clients[i].setKnownNodesFile(m_knownNodes);
            QSignalSpy ready(&clients[i], &Client::AdminClient::ready);
            clients[i].connectToNode(QStringLiteral("127.0.0.1"), m_fixture.adminPort[i],
                                     DaemonFixture::Password);
            QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        }
        QString error;
        auto reply = ask(clients[1], Protocol::MessageType::AdminClusterKeyGet, {}, &error);
        QVERIFY2(reply, qPrintable(error));
        QVERIFY(!reply->contains(Protocol::Keys::clusterKey)); // no key yet

        const QByteArray secret = Net::ClusterKey::randomSecret();
        const QString id = Net::ClusterKey::idOf(secret);
        Protocol::AdminClusterKey set;
        set.secret = secret;
        set.required = false;
        reply = ask(clients[1], Protocol::MessageType::AdminClusterKeySet, set.toCbor(), &error);
        QVERIFY2(reply, qPrintable(error));
        auto written = Protocol::AdminClusterKey::fromCbor(*reply, &error);
        QVERIFY2(written, qPrintable(error));
        QCOMPARE(written->keyId, id);
        QVERIFY(written->secret.isEmpty());
        QCOMPARE(DaemonFixture::value(m_fixture.serverRoot[1], QStringLiteral("/vsm/cluster_key_file")),
                 written->file);
        QCOMPARE(DaemonFixture::value(m_fixture.serverRoot[1], QStringLiteral("/vsm/cluster_key_required")),
                 QStringLiteral("0"));
        struct stat info { };
        QCOMPARE(::stat(QFile::encodeName(written->file).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, 0600u);
        reply = ask(clients[1], Protocol::MessageType::AdminClusterKeyGet, {}, &error);
        QVERIFY2(reply, qPrintable(error));
        QCOMPARE(Protocol::AdminClusterKey::fromCbor(*reply, &error)->secret, secret);
        reply = ask(clients[1], Protocol::MessageType::AdminClusterKeySet,
                    QCborMap { { Protocol::Keys::clusterKey, QByteArray("short") } }, &error);
        QVERIFY(!reply);
        QVERIFY2(error.contains(QStringLiteral("not 32 bytes")), qPrintable(error));

        agentTakesTheKey(clients[0], secret);
    }

    void sessionsAndEvents()
    {
        Client::AdminClient client;
        client.setKnownNodesFile(m_knownNodes);
        QSignalSpy ready(&client, &Client::AdminClient::ready);
        QSignalSpy events(&client, &Client::AdminClient::event);
        client.connectToNode(QStringLiteral("127.0.0.1"), m_fixture.adminPort[0], DaemonFixture::Password);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        Run r = tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("session"),
                        QStringLiteral("list") });
        QVERIFY(r.out.contains(QStringLiteral("alice")));
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("session"),
                    QStringLiteral("terminate"), QStringLiteral("0a1b2c3d-0000-4000-8000-000000000001") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // Other events (a log entry, a status) may come first: wait for the removal itself.
        const auto sawRemoval = [&events]() {
            for (const auto &e : std::as_const(events)) {
                if (e.at(0).toString() == QLatin1String("session")
                    && e.at(1).value<QCborMap>().value(QStringLiteral("removed")).toBool())
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sawRemoval(), 10000);
    }

    void configChangedOnTheNodeIsPushed()
    {
        // The administrator changes the node's configuration with tl-config and SIGHUP, as the
        // seed does: a connected console hears of it without asking.
        Client::AdminClient client;
        client.setKnownNodesFile(m_knownNodes);
        QSignalSpy ready(&client, &Client::AdminClient::ready);
        QSignalSpy events(&client, &Client::AdminClient::event);
        client.connectToNode(QStringLiteral("127.0.0.1"), m_fixture.adminPort[0], DaemonFixture::Password);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QProcess config;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENVSM_ROOT"), m_fixture.serverRoot[0]);
        config.setProcessEnvironment(env);
        config.start(qEnvironmentVariable("OPENVSM_BUILD_BIN") + QStringLiteral("/tl-config"),
                     { QStringLiteral("/vsmserver/max_sessions_per_user=3") });
        QVERIFY(config.waitForFinished(30000));
        QVERIFY2(config.exitCode() == 0, config.readAllStandardError().constData());
        QVERIFY(m_fixture.signalServer(0, SIGHUP));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(events.cbegin(), events.cend(),
                        [](const QList<QVariant> &e) {
                            return e.at(0).toString() == QLatin1String("config")
                                && e.at(1).value<QCborMap>().value(QStringLiteral("reloaded")).toBool();
                        }),
            10000);
    }

    void eventLogIsServedAndPushed()
    {
        // The node's event log: a configuration reload (SIGHUP) and a refused connection (not
        // TLS on the admin port) are pushed to a logged-in console as they happen and served
        // by AdminEventLog afterwards, in order.
        Client::AdminClient client;
        client.setKnownNodesFile(m_knownNodes);
        QSignalSpy ready(&client, &Client::AdminClient::ready);
        QSignalSpy events(&client, &Client::AdminClient::event);
        client.connectToNode(QStringLiteral("127.0.0.1"), m_fixture.adminPort[0], DaemonFixture::Password);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QVERIFY(m_fixture.signalServer(0, SIGHUP));
        QTcpSocket plain;
        plain.connectToHost(QStringLiteral("127.0.0.1"), m_fixture.adminPort[0]);
        QVERIFY(plain.waitForConnected(5000));
        plain.write("GET / HTTP/1.0\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(plain.state() == QAbstractSocket::UnconnectedState, 15000);
        const auto pushedEntry = [&events](Protocol::AdminLogEntry::Kind kind) {
            for (const auto &e : std::as_const(events)) {
                const auto event = Protocol::AdminEvent::fromCbor(e.at(1).value<QCborMap>(), nullptr);
                if (event && event->logged && event->logged->kind == kind)
                    return event->logged;
            }
            return std::optional<Protocol::AdminLogEntry>();
        };
        QTRY_VERIFY_WITH_TIMEOUT(pushedEntry(Protocol::AdminLogEntry::Kind::Config), 10000);
        const Protocol::AdminLogEntry reload = *pushedEntry(Protocol::AdminLogEntry::Kind::Config);
        QVERIFY2(reload.text.contains(QStringLiteral("reloaded")), qPrintable(reload.text));
        QVERIFY(reload.seq > 0);
        QVERIFY(std::abs(reload.time - QDateTime::currentMSecsSinceEpoch()) < 60000);
        std::optional<Protocol::AdminEventLog> log;
        QString error;
        client.call<Protocol::AdminEventLog>(
            Protocol::MessageType::AdminEventLog, Protocol::AdminEventLogQuery().toCbor(), this,
            [&](std::optional<Protocol::AdminEventLog> reply, const QString &why) {
                log = reply;
                error = why.isEmpty() ? QStringLiteral("ok") : why;
            });
        QTRY_VERIFY_WITH_TIMEOUT(!error.isEmpty(), 10000);
        QVERIFY2(log, qPrintable(error));
        bool sawReload = false, sawRefused = false;
        for (qsizetype i = 0; i < log->entries.size(); ++i) {
            const Protocol::AdminLogEntry &e = log->entries.at(i);
            QVERIFY(i == 0 || e.seq > log->entries.at(i - 1).seq); // oldest first
            sawReload = sawReload || e.seq == reload.seq;
            sawRefused = sawRefused
                || (e.kind == Protocol::AdminLogEntry::Kind::Refused
                    && e.details.value(QStringLiteral("address")) == QLatin1String("127.0.0.1")
                    && e.details.value(QStringLiteral("listener")) == QLatin1String("admin"));
        }
        QVERIFY(sawReload);
        QVERIFY(sawRefused);
        // Only what came after a number the console has already seen.
        log.reset();
        error.clear();
        client.call<Protocol::AdminEventLog>(
            Protocol::MessageType::AdminEventLog, Protocol::AdminEventLogQuery { reload.seq }.toCbor(), this,
            [&](std::optional<Protocol::AdminEventLog> reply, const QString &why) {
                log = reply;
                error = why.isEmpty() ? QStringLiteral("ok") : why;
            });
        QTRY_VERIFY_WITH_TIMEOUT(!error.isEmpty(), 10000);
        QVERIFY2(log, qPrintable(error));
        for (const Protocol::AdminLogEntry &e : std::as_const(log->entries))
            QVERIFY(e.seq > reload.seq);
    }

    void haStatusIsPushed()
    {
        // The notify hook (tlctl ha notify) changes the node's HA role; a failover drill makes it
        // step down. A connected console hears of both without asking, within 2 s, and of the
        // step-down's end when it ends.
        Client::AdminClient client;
        client.setKnownNodesFile(m_knownNodes);
        QSignalSpy ready(&client, &Client::AdminClient::ready);
        client.connectToNode(QStringLiteral("127.0.0.1"), m_fixture.adminPort[0], DaemonFixture::Password);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QSignalSpy events(&client, &Client::AdminClient::event);
        const auto pushedHa = [&events]() {
            QList<QCborMap> out;
            for (const auto &e : std::as_const(events)) {
                if (e.at(0).toString() == QLatin1String("status"))
                    out.append(e.at(1)
                                   .value<QCborMap>()
                                   .value(QStringLiteral("status"))
                                   .toMap()
                                   .value(QStringLiteral("ha"))
                                   .toMap());
            }
            return out;
        };
        const auto lastRole = [&pushedHa]() {
            const QList<QCborMap> ha = pushedHa();
            return ha.isEmpty() ? QString() : ha.last().value(QStringLiteral("role")).toString();
        };
        for (const QString &role : { QStringLiteral("MASTER"), QStringLiteral("BACKUP") }) {
            const Run r = tlctl({ QStringLiteral("ha"), QStringLiteral("notify"), QStringLiteral("INSTANCE"),
                                  QStringLiteral("VI_1"), role, QStringLiteral("100") });
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QElapsedTimer clock;
            clock.start();
            QTRY_COMPARE_WITH_TIMEOUT(lastRole(), role, 2000);
            qInfo("role %s pushed %lld ms after the notify hook", qPrintable(role), clock.elapsed());
        }
        // Pushed once per change, not once per second.
        const qsizetype pushed = pushedHa().size();
        QTest::qWait(1500);
        QCOMPARE(pushedHa().size(), pushed);

        bool done = false;
        QString error;
        client.request(Protocol::MessageType::AdminHaStepDown, QCborMap { { QStringLiteral("seconds"), 2 } },
                       this, [&](const QCborMap &, const QString &why) {
                           error = why;
                           done = true;
                       });
        QTRY_VERIFY(done);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const auto stepDownLeft = [&pushedHa]() {
            const QList<QCborMap> ha = pushedHa();
            return ha.isEmpty() ? -1 : ha.last().value(QStringLiteral("step_down_left")).toInteger();
        };
        QTRY_VERIFY_WITH_TIMEOUT(stepDownLeft() > 0, 2000);
        QVERIFY(pushedHa().last().value(QStringLiteral("step_down_until")).toInteger()
                > QDateTime::currentSecsSinceEpoch());
        QTRY_COMPARE_WITH_TIMEOUT(stepDownLeft(), 0, 5000);
    }

    void agentConfigChangedOnTheAgentIsPushed()
    {
        // The administrator changes the agent's allowed_clients with tl-config and SIGHUP on the
        // agent: the server learns it from the agent at once, and consoles are told.
        Client::AdminClient client;
        client.setKnownNodesFile(m_knownNodes);
        QSignalSpy ready(&client, &Client::AdminClient::ready);
        client.connectToNode(QStringLiteral("127.0.0.1"), m_fixture.adminPort[1], DaemonFixture::Password);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        // Node 1's terminalservers may have changed above: the agent of the fixture must be one.
        QTRY_VERIFY_WITH_TIMEOUT(tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("agent"),
                                         QStringLiteral("list") })
                                     .out.contains(m_fixture.localAddress),
                                 10000);
        QSignalSpy events(&client, &Client::AdminClient::event);
        const auto told = [&events, this]() {
            return std::any_of(events.cbegin(), events.cend(), [this](const QList<QVariant> &e) {
                return e.at(0).toString() == QLatin1String("agent_config")
                    && e.at(1).value<QCborMap>().value(QStringLiteral("agent")).toString()
                    == m_fixture.localAddress;
            });
        };
        const QString error = DaemonFixture::tlConfig(
            m_fixture.agentRoot,
            { QStringLiteral("/vsmagent/allowed_clients=127.0.0.1 changed-by-tl-config") });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!told());
        QVERIFY(m_fixture.signalAgent(SIGHUP));
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(told(), 2000);
        qInfo("agent configuration change pushed %lld ms after SIGHUP", clock.elapsed());
        const Run r = tlctl({ QStringLiteral("--node"), m_fixture.node(1), QStringLiteral("agent"),
                              QStringLiteral("config"), m_fixture.localAddress });
        QVERIFY2(r.out.contains(QStringLiteral("changed-by-tl-config")), qPrintable(r.out));
        // A SIGHUP that changes nothing tells nobody.
        events.clear();
        QVERIFY(m_fixture.signalAgent(SIGHUP));
        QTest::qWait(1500);
        QVERIFY(!told());
    }

    void requestsBeforeLoginAreRefused()
    {
        Net::TlsConnector connector({});
        QPointer<Protocol::Link> link;
        QString error;
        connector.connectToHost(QStringLiteral("127.0.0.1"), m_fixture.adminPort[0], 10000, this,
                                [&](Protocol::Link *l, const QString &e) {
                                    link = l;
                                    error = e;
                                });
        QTRY_VERIFY_WITH_TIMEOUT(link || !error.isEmpty(), 10000);
        QVERIFY2(link, qPrintable(error));
        QString answer;
        bool done = false;
        link->request(Protocol::MessageType::AdminSessionList, {}, 5000, this,
                      [&](const Protocol::Message &m) {
                          answer = m.error;
                          done = true;
                      });
        QTRY_VERIFY(done);
        QVERIFY2(answer.contains(QStringLiteral("log in first")), qPrintable(answer));
        link->close(QStringLiteral("test done"));
    }

    // More sessions than one frame holds (4 MiB, some 14,000): listed in pages, by tlctl --node
    // and on the local socket alike; a filter is applied on the node.
    void fifteenThousandSessionsInPages()
    {
        const QStringList list { QStringLiteral("session"), QStringLiteral("list"),
                                 QStringLiteral("--json") };
        const QString last = QStringLiteral("bulk%1").arg(BulkSessions - 1);
        for (const bool local : { false, true }) {
            const Run r = local ? tlctl(list, {}, m_fixture.serverRoot[1])
                                : tlctl(QStringList { QStringLiteral("--node"), m_fixture.node(1) } + list);
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QCOMPARE(r.out.count(QStringLiteral("\"user\": \"bulk")), BulkSessions);
            // Oldest first (bulkN was created N seconds ago), though the pages come in id order.
            const qsizetype oldest = r.out.indexOf(QStringLiteral("\"user\": \"%1\"").arg(last));
            QVERIFY(oldest >= 0);
            QVERIFY(oldest < r.out.indexOf(QStringLiteral("\"user\": \"bulk0\"")));
        }
        const Run mine
            = tlctl(list + QStringList { QStringLiteral("--user"), last }, {}, m_fixture.serverRoot[1]);
        QVERIFY2(mine.code == 0, qPrintable(mine.err));
        QCOMPARE(mine.out.count(QStringLiteral("\"user\": \"")), 1);
        QVERIFY(mine.out.contains(QStringLiteral("\"user\": \"%1\"").arg(last)));

        // A console from before keyset pages asks by offset: answered as before, the same
        // sessions in the same order.
        Client::AdminClient client;
        client.setKnownNodesFile(m_knownNodes);
        QSignalSpy ready(&client, &Client::AdminClient::ready);
        client.connectToNode(QStringLiteral("127.0.0.1"), m_fixture.adminPort[1], DaemonFixture::Password);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QStringList byOffset;
        QStringList byId;
        for (const bool keyset : { false, true }) {
            std::optional<Protocol::AdminSessionQuery> query = Protocol::AdminSessionQuery {};
            if (keyset)
                query->afterId = QString();
            while (query) {
                QString error;
                const std::optional<QCborMap> answer
                    = ask(client, Protocol::MessageType::AdminSessionList, query->toCbor(), &error);
                QVERIFY2(answer, qPrintable(error));
                const auto page = Protocol::AdminSessionPage::fromCbor(*answer, &error);
                QVERIFY2(page, qPrintable(error));
                QCOMPARE(page->total, qint64(BulkSessions));
                QVERIFY(keyset ? !page->nextOffset : !page->nextAfterId);
                for (const Protocol::CtlSession &s : page->sessions)
                    (keyset ? byId : byOffset).append(s.record.id);
                query = query->next(*page);
            }
        }
        QCOMPARE(byOffset.size(), BulkSessions);
        QCOMPARE(byId, byOffset);
    }

    void haDrillNeedsTwoNodesAndFailsCleanly()
    {
        Run r = tlctl(
            { QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("ha"), QStringLiteral("drill") });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("ha drill needs both nodes")), qPrintable(r.err));
        // Two local servers cannot run HA together: the drill stops at its first step, says why,
        // and asks nobody to step down.
        const QString report = m_fixture.dir.filePath(QStringLiteral("drill.txt"));
        r = tlctl({ QStringLiteral("--node"), m_fixture.node(0), QStringLiteral("--node"), m_fixture.node(1),
                    QStringLiteral("ha"), QStringLiteral("drill"), QStringLiteral("--json"),
                    QStringLiteral("--report"), report });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QRegularExpression(QStringLiteral("^\\+ +\\d+ ms  FAILED: .*does not run HA"),
                                                   QRegularExpression::MultilineOption)),
                 qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("\"ok\": false")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("\"name\": \"active\"")), qPrintable(r.out));
        QVERIFY(!r.out.contains(QStringLiteral("step-down")));
        // The header: date, cluster, both nodes with their versions, the result.
        QVERIFY2(r.out.contains(QStringLiteral("\"result\": \"FAILED: ")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("\"version\": \"") + QStringLiteral(OPENVSM_VERSION)),
                 qPrintable(r.out));
        QFile saved(report);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(saved.readAll());
        QVERIFY2(text.startsWith(QStringLiteral("OpenVSM failover drill report\nDate: ")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\nNodes: ") + m_fixture.node(0)), qPrintable(text));
        QVERIFY2(
            text.contains(QStringLiteral(", OpenVSM ") + QStringLiteral(OPENVSM_VERSION) + QLatin1Char(';')),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\nResult: FAILED: ")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("drill FAILED: ")));
    }
};

QTEST_MAIN(TestAdminApi)
#include "tst_adminapi.moc"
