#include "tests/integration/agent/xvnclog.h"
#include "tests/integration/support/daemonprocess.h"
#include "tests/integration/support/testuser.h"

#include "backend/agent/detachedprocess.h"
#include "shared/net/clusterkey.h"
#include "shared/net/tlsconnector.h"
#include "shared/net/tlssetup.h"
#include "shared/protocol/link.h"
#include "shared/vnc/rfbclient.h"

#include <QCborArray>
#include <QDeadlineTimer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <optional>

using Protocol::MessageType;

namespace {

struct Answer {
    bool done = false;
    QCborMap body;
    QString error;
};

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::Any, 0);
    return s.serverPort();
}

// A network namespace with a veth pair: host side HOST/24, namespace side PEER/24. Removed
// when the object dies.
class NetNamespace {
public:
    NetNamespace()
    {
        const int n = ::getpid() % 100000;
        m_name = QStringLiteral("ovsmt%1").arg(n);
        m_hostIf = QStringLiteral("ovA%1").arg(n);
        m_peerIf = QStringLiteral("ovB%1").arg(n);
        const int net = 200 + (n % 50);
        m_host = QStringLiteral("10.231.%1.1").arg(net);
        m_peer = QStringLiteral("10.231.%1.2").arg(net);
        remove();
        m_ok = run({ QStringLiteral("netns"), QStringLiteral("add"), m_name })
            && run({ QStringLiteral("link"), QStringLiteral("add"), m_hostIf, QStringLiteral("type"),
                     QStringLiteral("veth"), QStringLiteral("peer"), QStringLiteral("name"), m_peerIf })
            && run({ QStringLiteral("link"), QStringLiteral("set"), m_peerIf, QStringLiteral("netns"),
                     m_name })
            && run({ QStringLiteral("addr"), QStringLiteral("add"), m_host + QStringLiteral("/24"),
                     QStringLiteral("dev"), m_hostIf })
            && run({ QStringLiteral("link"), QStringLiteral("set"), m_hostIf, QStringLiteral("up") })
            && run({ QStringLiteral("-n"), m_name, QStringLiteral("addr"), QStringLiteral("add"),
                     m_peer + QStringLiteral("/24"), QStringLiteral("dev"), m_peerIf })
            && run({ QStringLiteral("-n"), m_name, QStringLiteral("link"), QStringLiteral("set"), m_peerIf,
                     QStringLiteral("up") })
            && run({ QStringLiteral("-n"), m_name, QStringLiteral("link"), QStringLiteral("set"),
                     QStringLiteral("lo"), QStringLiteral("up") });
    }
    ~NetNamespace() { remove(); }
    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    QString name() const { return m_name; }
    QString hostAddress() const { return m_host; }
    QString peerAddress() const { return m_peer; }

private:
    bool run(const QStringList &args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("ip"), args);
        p.waitForFinished(10000);
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            m_error = QStringLiteral("ip %1: %2")
                          .arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAll()));
            return false;
        }
        return true;
    }
    void remove()
    {
        for (const QStringList &args :
             { QStringList { QStringLiteral("link"), QStringLiteral("del"), m_hostIf },
               QStringList { QStringLiteral("netns"), QStringLiteral("del"), m_name } }) {
            QProcess p;
            p.setStandardOutputFile(QProcess::nullDevice());
            p.setStandardErrorFile(QProcess::nullDevice());
            p.start(QStringLiteral("ip"), args);
            p.waitForFinished(10000);
        }
    }
    QString m_name, m_hostIf, m_peerIf, m_host, m_peer, m_error;
    bool m_ok = false;
};

} // namespace

// The real vsmagent program, driven through its TLS link like a VSM server would.
class TestVsmAgent : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QTemporaryDir m_scratch;
    QString m_self;
    quint16 m_port = 0;
    std::unique_ptr<TestSupport::DaemonProcess> m_agent;
    QList<TestSupport::KnownProcess> m_pids; // stopped in cleanup whatever happens

    Protocol::Link *connectAgent(quint16 port, const std::optional<Net::ClusterKey> &key, QString *error,
                                 const QString &host = QStringLiteral("127.0.0.1"))
    {
        Net::TlsConnector::Options options;
        options.tls.clusterKey = key;
        // As vsmserver does: without the key, root proves itself with a port below 1024.
        options.privilegedSourcePort = !key;
        options.link.program = QStringLiteral("tst_vsmagent");
        options.link.nodeName = QStringLiteral("test");
        Net::TlsConnector connector(options);
        Protocol::Link *link = nullptr;
        bool done = false;
        connector.connectToHost(host, port, 10000, this, [&](Protocol::Link *l, const QString &e) {
            link = l;
            *error = e;
            done = true;
        });
        QDeadlineTimer deadline(15000);
        while (!done && !deadline.hasExpired())
            QTest::qWait(20);
        if (link)
            link->setParent(this);
        return link;
    }

    Answer request(Protocol::Link *link, MessageType type, const QCborMap &body = {}, int timeoutMs = 30000)
    {
        Answer a;
        link->request(type, body, timeoutMs, this, [&a](const Protocol::Message &reply) {
            a.done = true;
            a.body = reply.body.map();
            a.error = reply.error;
        });
        QDeadlineTimer deadline(timeoutMs + 2000);
        while (!a.done && !deadline.hasExpired())
            QTest::qWait(20);
        if (!a.done)
            a.error = QStringLiteral("test: no answer");
        return a;
    }

    QString loginFailure(const QString &error, const QString &id, int port) const
    {
        const QString sessions = m_root.filePath(QStringLiteral("var/lib/openvsm/vsmagent/sessions/"));
        return AgentTest::loginFailure(error, sessions + id + QStringLiteral(".xvnc.log"),
                                       sessions + id + QStringLiteral(".xsession.log"), port);
    }

    static QCborMap idBody(const QString &id)
    {
        QCborMap m;
        m.insert(QStringLiteral("id"), id);
        return m;
    }

    bool configure(const QString &root, quint16 port, int displayMin, QString *error)
    {
        // As under the install prefix: users must reach their session's files by name.
        ::chmod(QFile::encodeName(root).constData(), 0755);
        if (!TestSupport::makeRoot(root, {})) {
            *error = QStringLiteral("cannot write the configuration under %1").arg(root);
            return false;
        }
        return TestSupport::setConfig(root, QStringLiteral("/vsmagent/listen_port"), QString::number(port),
                                      error)
            && TestSupport::setConfig(root, QStringLiteral("/vsmagent/display_min"),
                                      QString::number(displayMin), error)
            && TestSupport::setConfig(root, QStringLiteral("/vsmagent/display_max"),
                                      QString::number(displayMin + 9), error)
            && TestSupport::setConfig(root, QStringLiteral("/vsmagent/xsession_script"),
                                      m_scratch.filePath(QStringLiteral("xsession")), error)
            && TestSupport::setConfig(root, QStringLiteral("/vsmagent/logging/defaultlevel"),
                                      QStringLiteral("DEBUG"), error);
    }

    // SIGTERM, and the agent ends with exit code 0.
    static bool stoppedCleanly(TestSupport::DaemonProcess &agent)
    {
        return agent.stop(SIGTERM) && agent.exitCode() == 0;
    }

    // Starts an agent whose configuration it must refuse: true when it ends by itself, with an
    // error exit code, within 15 s.
    static bool refusesToStart(TestSupport::DaemonProcess &agent)
    {
        return agent.start() && agent.waitForExit(15000) > 0;
    }

    // Sends SIGHUP and waits for the agent to say it reloaded.
    bool reloadAgent()
    {
        const int before = static_cast<int>(m_agent->log().count(QStringLiteral("configuration reloaded")));
        if (!m_agent->signal(SIGHUP)) {
            qWarning("%s", qPrintable(m_agent->diagnosis()));
            return false;
        }
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            QTest::qWait(50);
            if (m_agent->log().count(QStringLiteral("configuration reloaded")) > before)
                return true;
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        if (!QFile::exists(TestSupport::bin(QStringLiteral("vsmagent"))))
            QSKIP("vsmagent is not built");
        if (QStandardPaths::findExecutable(QStringLiteral("Xvnc")).isEmpty())
            QSKIP("needs Xvnc (Debian package tigervnc-standalone-server)");
        if (::geteuid() != 0)
            QSKIP("needs root: privileged agent calls come from a source port below 1024, as vsmserver's do");
        QVERIFY(m_root.isValid() && m_scratch.isValid());
        ::chmod(QFile::encodeName(m_root.path()).constData(), 0755);
        ::chmod(QFile::encodeName(m_scratch.path()).constData(), 01777);
        m_self = QString::fromLocal8Bit(::getpwuid(::getuid())->pw_name);
        QFile script(m_scratch.filePath(QStringLiteral("xsession")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        // The script's pid and start time (field 22 of /proc/PID/stat; exec keeps both).
        script.write("#!/bin/sh\necho \"$$ $(cut -d' ' -f22 /proc/$$/stat)\" > "
                     "\"$(dirname \"$0\")/pid-$OPENVSM_SESSION_ID\"\nexec sleep 600\n");
        script.close();
        QVERIFY(script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                      | QFileDevice::ReadOther | QFileDevice::ExeOther));
        m_port = freePort();
        QString error;
        QVERIFY2(configure(m_root.path(), m_port, 350, &error), qPrintable(error));
        m_agent = std::make_unique<TestSupport::DaemonProcess>(QStringLiteral("vsmagent"), m_root.path());
        QVERIFY2(m_agent->start() && m_agent->waitForPort(QStringLiteral("127.0.0.1"), m_port),
                 qPrintable(m_agent->diagnosis()));
    }

    // An agent that ended while no test stopped it fails the test that was running, with its output.
    void cleanup()
    {
        if (m_agent && m_agent->died())
            QFAIL(qPrintable(m_agent->diagnosis()));
    }

    void cleanupTestCase()
    {
        if (m_agent)
            (void)m_agent->stop(SIGTERM);
        // Every Xvnc and session script the agent started for us.
        const QStringList pidFiles
            = QDir(m_scratch.path()).entryList({ QStringLiteral("pid-*") }, QDir::Files);
        for (const QString &name : pidFiles) {
            QFile f(m_scratch.filePath(name));
            const QList<QByteArray> pidAndStart
                = f.open(QIODevice::ReadOnly) ? f.readAll().simplified().split(' ') : QList<QByteArray>();
            if (pidAndStart.size() == 2)
                m_pids << TestSupport::KnownProcess(pidAndStart[0].toLongLong(),
                                                    pidAndStart[1].toULongLong());
        }
        for (const TestSupport::KnownProcess &p : std::as_const(m_pids))
            p.stop();
    }

    void sessionThroughTheAgent()
    {
        QString error;
        QPointer<Protocol::Link> link = connectAgent(m_port, std::nullopt, &error);
        QVERIFY2(link, qPrintable(error));
        QCborMap body = idBody(QStringLiteral("agent-1"));
        body.insert(QStringLiteral("user"), m_self);
        body.insert(QStringLiteral("geometry"), QStringLiteral("1280x720"));
        Answer a = request(link, MessageType::AgentStartSession, body);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error + m_agent->log()));
        const QCborMap session = a.body.value(QStringLiteral("session")).toMap();
        const pid_t pid = static_cast<pid_t>(session.value(QStringLiteral("pid")).toInteger());
        m_pids << TestSupport::KnownProcess::now(pid);
        const QByteArray password = session.value(QStringLiteral("password")).toByteArray();
        const quint16 vncPort = static_cast<quint16>(session.value(QStringLiteral("vnc_port")).toInteger());
        QCOMPARE(password.size(), 8);
        QVERIFY(!session.value(QStringLiteral("agent_hostname")).toString().isEmpty());
        QVERIFY2(!m_agent->log().contains(QString::fromLatin1(password)),
                 "the password shows in the agent's log");

        Vnc::RfbLoginResult login
            = Vnc::RfbClient::loginTcp(QStringLiteral("127.0.0.1"), vncPort, password, 10000);
        QVERIFY2(login.ok, qPrintable(loginFailure(login.error, QStringLiteral("agent-1"), vncPort)));
        QCOMPARE(login.width, 1280);
        QCOMPARE(login.height, 720);

        a = request(link, MessageType::AgentListSessions);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QCOMPARE(a.body.value(QStringLiteral("sessions")).toArray().size(), 1);
        a = request(link, MessageType::AgentLoad);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QCOMPARE(a.body.value(QStringLiteral("sessions")).toInteger(), 1);
        QCOMPARE(a.body.value(QStringLiteral("users")).toInteger(), 1);
        QVERIFY(a.body.value(QStringLiteral("cpus")).toInteger() >= 1);
        QVERIFY(a.body.value(QStringLiteral("bogomips")).isDouble());

        // Restart the agent: the session survives and is found again.
        QVERIFY2(stoppedCleanly(*m_agent), qPrintable(m_agent->diagnosis()));
        QVERIFY(Agent::DetachedProcess::isRunning(pid));
        QVERIFY2(m_agent->start() && m_agent->waitForPort(QStringLiteral("127.0.0.1"), m_port),
                 qPrintable(m_agent->diagnosis()));
        link = connectAgent(m_port, std::nullopt, &error);
        QVERIFY2(link, qPrintable(error));
        a = request(link, MessageType::AgentListSessions);
        const QCborArray list = a.body.value(QStringLiteral("sessions")).toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).toMap().value(QStringLiteral("id")).toString(), QStringLiteral("agent-1"));
        QCOMPARE(list.at(0).toMap().value(QStringLiteral("pid")).toInteger(), qint64(pid));
        a = request(link, MessageType::AgentVerifySession, idBody(QStringLiteral("agent-1")));
        QVERIFY2(a.body.value(QStringLiteral("alive")).toBool(),
                 qPrintable(a.body.value(QStringLiteral("reason")).toString()));
        a = request(link, MessageType::AgentReconnectSession, idBody(QStringLiteral("agent-1")));
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QCOMPARE(
            a.body.value(QStringLiteral("session")).toMap().value(QStringLiteral("password")).toByteArray(),
            password);
        login = Vnc::RfbClient::loginTcp(QStringLiteral("127.0.0.1"), vncPort, password, 10000);
        QVERIFY2(login.ok, qPrintable(loginFailure(login.error, QStringLiteral("agent-1"), vncPort)));

        a = request(link, MessageType::AgentTerminateSession, idBody(QStringLiteral("agent-1")));
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QTRY_VERIFY(!Agent::DetachedProcess::isRunning(pid));
        a = request(link, MessageType::AgentListSessions);
        QCOMPARE(a.body.value(QStringLiteral("sessions")).toArray().size(), 0);
        a = request(link, MessageType::AgentVerifySession, idBody(QStringLiteral("agent-1")));
        QCOMPARE(a.body.value(QStringLiteral("alive")).toBool(true), false);
    }

    void configOverTheLink()
    {
        QString error;
        QPointer<Protocol::Link> link = connectAgent(m_port, std::nullopt, &error);
        QVERIFY2(link, qPrintable(error));
        QCborMap body;
        body.insert(QStringLiteral("allowed_clients"),
                    QCborArray { QStringLiteral("192.0.2.10"), QStringLiteral("192.0.2.11") });
        body.insert(QStringLiteral("master_hostname"), QStringLiteral("192.0.2.20"));
        Answer a = request(link, MessageType::AgentSetConfig, body);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        a = request(link, MessageType::AgentGetConfig);
        QCOMPARE(a.body.value(QStringLiteral("allowed_clients")).toArray().size(), 2);
        QCOMPARE(a.body.value(QStringLiteral("master_hostname")).toString(), QStringLiteral("192.0.2.20"));
        Hiveconf::Tree tree;
        QVERIFY2(tree.load(m_root.filePath(QStringLiteral("etc/openvsm.hconf")), &error), qPrintable(error));
        QCOMPARE(tree.value(QStringLiteral("/vsmagent/allowed_clients")).value_or(QString()),
                 QStringLiteral("192.0.2.10 192.0.2.11"));
        body = QCborMap();
        body.insert(QStringLiteral("allowed_clients"), QCborArray {});
        body.insert(QStringLiteral("master_hostname"), QString());
        a = request(link, MessageType::AgentSetConfig, body);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        body = QCborMap();
        body.insert(QStringLiteral("allowed_clients"), QCborArray { QStringLiteral("bad name\nx=1") });
        a = request(link, MessageType::AgentSetConfig, body);
        QVERIFY2(a.error.contains(QStringLiteral("not a host name")), qPrintable(a.error));
    }

    void clearErrorsThroughTheAgent()
    {
        QString error;
        // A broken xserver_args: Xvnc refuses to start, and its own words come back.
        QVERIFY(TestSupport::setConfig(m_root.path(), QStringLiteral("/vsmagent/xserver_args"),
                                       QStringLiteral("-br -no-such-option-xyz"), &error));
        QVERIFY(reloadAgent());
        QPointer<Protocol::Link> link = connectAgent(m_port, std::nullopt, &error);
        QVERIFY2(link, qPrintable(error));
        QCborMap body = idBody(QStringLiteral("agent-broken"));
        body.insert(QStringLiteral("user"), m_self);
        Answer a = request(link, MessageType::AgentStartSession, body);
        QVERIFY2(a.error.contains(QStringLiteral("Xvnc exited at start"))
                     && a.error.contains(QStringLiteral("-no-such-option-xyz")),
                 qPrintable(a.error));
        // Xvnc missing.
        QVERIFY(TestSupport::setConfig(m_root.path(), QStringLiteral("/vsmagent/xserver_args"),
                                       QStringLiteral("-br -verbose 3"), &error));
        QVERIFY(TestSupport::setConfig(m_root.path(), QStringLiteral("/vsmagent/xvnc_path"),
                                       QStringLiteral("/nonexistent/Xvnc"), &error));
        QVERIFY(reloadAgent());
        a = request(link, MessageType::AgentStartSession, body);
        QVERIFY2(a.error.contains(QStringLiteral("tigervnc-standalone-server")), qPrintable(a.error));
        QVERIFY(TestSupport::setConfig(m_root.path(), QStringLiteral("/vsmagent/xvnc_path"),
                                       QStringLiteral("Xvnc"), &error));
        QVERIFY(reloadAgent());
        // Unknown user.
        body.insert(QStringLiteral("user"), QStringLiteral("no-such-user-xyz"));
        a = request(link, MessageType::AgentStartSession, body);
        QVERIFY2(a.error.contains(QStringLiteral("unknown user")), qPrintable(a.error));
        // A bad configuration at reload keeps the old one and says why.
        QVERIFY(TestSupport::setConfig(m_root.path(), QStringLiteral("/vsmagent/display_max"),
                                       QStringLiteral("many"), &error));
        QVERIFY2(m_agent->signal(SIGHUP), qPrintable(m_agent->diagnosis()));
        QTRY_VERIFY(m_agent->log().contains(QStringLiteral("configuration not reloaded")));
        QVERIFY(m_agent->log().contains(QStringLiteral("/vsmagent/display_max")));
        QVERIFY(TestSupport::setConfig(m_root.path(), QStringLiteral("/vsmagent/display_max"),
                                       QStringLiteral("359"), &error));
        QVERIFY(reloadAgent());
        QVERIFY(m_agent->running());
    }

    void garbageAndOversizedFrames()
    {
        const QList<QByteArray> attacks = {
            QByteArray("\x00\x00\x00\x05hello", 9), // a frame that is not CBOR
            QByteArray("\x7f\xff\xff\xff", 4) + QByteArray(1024, 'A'), // an oversized frame
            QByteArray("GET / HTTP/1.0\r\n\r\n"), // not even framing
        };
        for (const QByteArray &attack : attacks) {
            QSslSocket socket;
            Net::TlsSettings settings;
            QString error;
            QVERIFY2(Net::configureTlsSocket(&socket, Net::TlsRole::Client, settings, &error),
                     qPrintable(error));
            socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port);
            QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
            socket.write(attack);
            socket.flush();
            // The agent closes this connection...
            QDeadlineTimer deadline(10000);
            while (socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
                socket.waitForReadyRead(100);
                socket.readAll();
            }
            QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        }
        // ... and carries on serving everyone else.
        QVERIFY(m_agent->running());
        QString error;
        QPointer<Protocol::Link> link = connectAgent(m_port, std::nullopt, &error);
        QVERIFY2(link, qPrintable(error));
        const Answer a = request(link, MessageType::AgentListSessions);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        // A plain-text (non-TLS) client is turned away too.
        QTcpSocket plain;
        plain.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(plain.waitForConnected(5000));
        plain.write(Protocol::encodeFrame("hello"));
        QDeadlineTimer deadline(15000);
        while (plain.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
            plain.waitForReadyRead(100);
            plain.readAll();
        }
        QCOMPARE(plain.state(), QAbstractSocket::UnconnectedState);
        QVERIFY(m_agent->running());
    }

    void badConfigurationStopsTheAgent()
    {
        QTemporaryDir root;
        QString error;
        QVERIFY2(configure(root.path(), freePort(), 360, &error), qPrintable(error));
        QVERIFY(TestSupport::setConfig(root.path(), QStringLiteral("/vsmagent/display_min"),
                                       QStringLiteral("abc"), &error));
        QVERIFY(TestSupport::setConfig(root.path(), QStringLiteral("/vsmagent/make_homedir"),
                                       QStringLiteral("perhaps"), &error));
        TestSupport::DaemonProcess agent(QStringLiteral("vsmagent"), root.path());
        QVERIFY2(refusesToStart(agent), qPrintable(agent.diagnosis()));
        const QString output = agent.log();
        QVERIFY2(output.contains(QStringLiteral("/vsmagent/display_min")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("/vsmagent/make_homedir")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("not started")), qPrintable(output));
    }

    void clusterKey()
    {
        QTemporaryDir root;
        QString error;
        const quint16 port = freePort();
        QVERIFY2(configure(root.path(), port, 370, &error), qPrintable(error));
        const QString keyFile = root.filePath(QStringLiteral("etc/cluster.key"));
        QVERIFY2(Net::ClusterKey::create(keyFile, &error), qPrintable(error));
        QVERIFY(
            TestSupport::setConfig(root.path(), QStringLiteral("/vsm/cluster_key_file"), keyFile, &error));
        TestSupport::DaemonProcess agent(QStringLiteral("vsmagent"), root.path());
        QVERIFY2(agent.start() && agent.waitForPort(QStringLiteral("127.0.0.1"), port),
                 qPrintable(agent.diagnosis()));
        QTRY_VERIFY2(agent.log().contains(QStringLiteral("cluster key")), qPrintable(agent.log()));

        const auto key = Net::ClusterKey::load(keyFile, &error);
        QVERIFY2(key, qPrintable(error));
        const QString otherFile = root.filePath(QStringLiteral("other.key"));
        QVERIFY(Net::ClusterKey::create(otherFile, &error));
        const auto other = Net::ClusterKey::load(otherFile, &error);
        QVERIFY(other);

        QVERIFY(!connectAgent(port, std::nullopt, &error));
        QVERIFY2(!error.isEmpty(), "no reason for a failed connection without key");
        QVERIFY(!connectAgent(port, other, &error));
        QVERIFY(agent.running());
        QPointer<Protocol::Link> link = connectAgent(port, key, &error);
        QVERIFY2(link, qPrintable(error));
        const Answer a = request(link, MessageType::AgentListSessions);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QVERIFY2(stoppedCleanly(agent), qPrintable(agent.diagnosis()));

        // A key others can read is refused at start.
        QVERIFY(QFile::setPermissions(
            keyFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        QFile::remove(root.filePath(QStringLiteral("log")));
        QVERIFY2(refusesToStart(agent), qPrintable(agent.diagnosis()));
        QVERIFY2(agent.log().contains(QStringLiteral("/vsm/cluster_key_file"))
                     && agent.log().contains(keyFile),
                 qPrintable(agent.log()));
        // A missing key too.
        QVERIFY(QFile::remove(keyFile));
        QFile::remove(root.filePath(QStringLiteral("log")));
        QVERIFY2(refusesToStart(agent), qPrintable(agent.diagnosis()));
        QVERIFY2(agent.log().contains(keyFile), qPrintable(agent.log()));
    }

    void refusedOutsideAllowedClients()
    {
        if (::getuid() != 0)
            QSKIP("needs root: runs the agent in a network namespace so that the test is not on localhost");
        NetNamespace ns;
        QVERIFY2(ns.ok(), qPrintable(ns.error()));
        QTemporaryDir root;
        QString error;
        const quint16 port = freePort();
        QVERIFY2(configure(root.path(), port, 380, &error), qPrintable(error));
        QVERIFY(TestSupport::setConfig(root.path(), QStringLiteral("/vsmagent/allowed_clients"),
                                       QStringLiteral("192.0.2.99"), &error));
        TestSupport::DaemonProcess agent(
            QStringLiteral("vsmagent"), root.path(),
            { QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("exec"), ns.name() });
        QVERIFY2(agent.start() && agent.waitForPort(ns.peerAddress(), port), qPrintable(agent.diagnosis()));

        QPointer<Protocol::Link> link = connectAgent(port, std::nullopt, &error, ns.peerAddress());
        QVERIFY2(link, qPrintable(error));
        // The load is anyone's to ask...
        Answer a = request(link, MessageType::AgentLoad);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        // ... everything else is refused, even from root, with the parameter to change.
        QCborMap body = idBody(QStringLiteral("ns-1"));
        body.insert(QStringLiteral("user"), m_self);
        for (MessageType type : { MessageType::AgentStartSession, MessageType::AgentTerminateSession,
                                  MessageType::AgentReconnectSession, MessageType::AgentSetConfig,
                                  MessageType::AgentListSessions, MessageType::AgentVerifySession,
                                  MessageType::AgentGetConfig }) {
            a = request(link, type, body);
            QVERIFY2(
                a.error.startsWith(
                    QStringLiteral("refused: %1 is not in /vsmagent/allowed_clients").arg(ns.hostAddress())),
                qPrintable(a.error));
        }
        QTRY_VERIFY(
            agent.log().contains(QStringLiteral("refused StartSession from %1").arg(ns.hostAddress())));
        QVERIFY(agent.log().contains(ns.hostAddress()));

        // Allowed after adding the address and reloading.
        QVERIFY(TestSupport::setConfig(root.path(), QStringLiteral("/vsmagent/allowed_clients"),
                                       QStringLiteral("192.0.2.99 ") + ns.hostAddress(), &error));
        QVERIFY2(agent.signal(SIGHUP), qPrintable(agent.diagnosis()));
        QTRY_VERIFY(agent.log().contains(QStringLiteral("configuration reloaded")));
        a = request(link, MessageType::AgentTerminateSession, idBody(QStringLiteral("ns-1")));
        QVERIFY2(a.error.contains(QStringLiteral("no session ns-1")), qPrintable(a.error));
        QVERIFY2(stoppedCleanly(agent), qPrintable(agent.diagnosis()));
    }

    void sessionAsThrowAwayUser()
    {
        if (::getuid() != 0)
            QSKIP("needs root: creates a user and starts Xvnc as that user");
        TestUser user(QStringLiteral("ovsma"));
        QVERIFY2(user.ok(), qPrintable(user.error()));
        QString error;
        QPointer<Protocol::Link> link = connectAgent(m_port, std::nullopt, &error);
        QVERIFY2(link, qPrintable(error));
        QCborMap body = idBody(QStringLiteral("agent-user"));
        body.insert(QStringLiteral("user"), user.name());
        Answer a = request(link, MessageType::AgentStartSession, body);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        const QCborMap session = a.body.value(QStringLiteral("session")).toMap();
        const pid_t pid = static_cast<pid_t>(session.value(QStringLiteral("pid")).toInteger());
        m_pids << TestSupport::KnownProcess::now(pid);
        QCOMPARE(Agent::DetachedProcess::owner(pid).value_or(0), user.uid());
        const QString passwordFile
            = m_root.filePath(QStringLiteral("var/lib/openvsm/vsmagent/sessions/agent-user.passwd"));
        struct stat st { };
        QCOMPARE(::stat(QFile::encodeName(passwordFile).constData(), &st), 0);
        QCOMPARE(st.st_uid, user.uid());
        QCOMPARE(st.st_mode & 07777, 0600u);
        const Vnc::RfbLoginResult login = Vnc::RfbClient::loginTcp(
            QStringLiteral("127.0.0.1"), quint16(session.value(QStringLiteral("vnc_port")).toInteger()),
            session.value(QStringLiteral("password")).toByteArray(), 10000);
        QVERIFY2(login.ok, qPrintable(login.error));
        a = request(link, MessageType::AgentTerminateSession, idBody(QStringLiteral("agent-user")));
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QTRY_VERIFY(!Agent::DetachedProcess::isRunning(pid));
        QVERIFY(!QFile::exists(passwordFile));
    }
};

QTEST_GUILESS_MAIN(TestVsmAgent)
#include "tst_vsmagent.moc"
