// Who may make privileged calls: only root on a trusted host (a source port below 1024) or a
// holder of the cluster key. Each test is an attack an unprivileged user could make, run for real
// as a throw-away user against real daemons, and the fixed behaviour asserted.

#include "tests/security/attackbed.h"

#include "shared/net/clusterkey.h"
#include "shared/net/tlsconnector.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <unistd.h>

using namespace AttackBed;
using Protocol::MessageType;
using TestSupport::bin;
using TestSupport::run;

namespace {

bool sh(const QString &command, QByteArray *out = nullptr)
{
    int code = -1;
    return run(q("sh"), { q("-c"), command + q(" 2>&1") }, out, &code) && code == 0;
}

QString type(MessageType t)
{
    return QString::number(static_cast<int>(t));
}

// Two network namespaces PREFIX-a and PREFIX-b joined by a veth pair: NET.2 is tlha-primary and
// NET.3 tlha-secondary in the /etc/hosts of both. Removed, with every process in them, when
// destroyed.
class NamespacePair {
public:
    NamespacePair(const QString &prefix, const QString &net)
        : a(prefix + QStringLiteral("-a")), b(prefix + QStringLiteral("-b")), m_prefix(prefix), m_net(net)
    {
    }
    ~NamespacePair()
    {
        for (const QString &n : { a, b })
            sh(QStringLiteral("ip netns pids %1 | xargs -r kill -9; ip netns del %1; rm -rf /etc/netns/%1")
                   .arg(n));
    }
    Q_DISABLE_COPY_MOVE(NamespacePair)

    bool setUp(QByteArray *out) const
    {
        return sh(
            QStringLiteral("set -e; ip netns add %1; ip netns add %2; ip link add %3a type veth peer name "
                           "%3b; ip link set %3a netns %1; ip link set %3b netns %2; "
                           "ip -n %1 addr add %4.2/24 dev %3a; ip -n %2 addr add %4.3/24 dev %3b; "
                           "for n in %1 %2; do ip -n $n link set lo up; mkdir -p /etc/netns/$n; "
                           "printf '127.0.0.1 localhost\\n%4.2 tlha-primary\\n%4.3 tlha-secondary\\n' > "
                           "/etc/netns/$n/hosts; "
                           "done; ip -n %1 link set %3a up; ip -n %2 link set %3b up")
                .arg(a, b, m_prefix, m_net),
            out);
    }

    const QString a;
    const QString b;

private:
    const QString m_prefix;
    const QString m_net;
};

} // namespace

class TestSecurityTrust : public QObject {
    Q_OBJECT

    QTemporaryDir m_scratch;

    // A link from root on this host, as vsmserver makes it (privileged source port).
    Protocol::Link *rootLink(quint16 port)
    {
        Net::TlsConnector::Options options;
        options.privilegedSourcePort = true;
        options.link.program = q("tst_security_trust");
        Net::TlsConnector connector(options);
        Protocol::Link *link = nullptr;
        bool done = false;
        connector.connectToHost(q("127.0.0.1"), port, 10000, this, [&](Protocol::Link *l, const QString &) {
            link = l;
            done = true;
        });
        (void)QTest::qWaitFor([&] { return done; }, 15000);
        if (link)
            link->setParent(this);
        return link;
    }

    Protocol::Message call(Protocol::Link *link, MessageType t, const QCborMap &body)
    {
        std::optional<Protocol::Message> reply;
        link->request(t, body, 30000, this, [&](const Protocol::Message &m) { reply = m; });
        (void)QTest::qWaitFor([&] { return reply.has_value(); }, 35000);
        return reply.value_or(Protocol::Message {});
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: runs daemons as root and attacks them as throw-away users");
        if (QStandardPaths::findExecutable(q("Xvnc")).isEmpty()
            || QStandardPaths::findExecutable(q("setpriv")).isEmpty())
            QSKIP("needs Xvnc (tigervnc-standalone-server) and setpriv (util-linux)");
        QVERIFY(m_scratch.isValid());
        ::chmod(QFile::encodeName(m_scratch.path()).constData(), 0755);
    }

    // A local user on a host the agent trusts (here: the agent's own host) tries every
    // privileged call. Before the fix: a root shell, another user's VNC password, their session
    // ended, allowed_clients rewritten.
    void agentRefusesLocalUser()
    {
        TestUser victim(q("ovsv"));
        TestUser attacker(q("ovsx"));
        QVERIFY2(victim.ok() && attacker.ok(), qPrintable(victim.error() + attacker.error()));
        const QString script = m_scratch.filePath(q("xsession"));
        QFile s(script);
        QVERIFY(s.open(QIODevice::WriteOnly));
        s.write("#!/bin/sh\nexec sleep 600\n");
        s.close();
        ::chmod(QFile::encodeName(script).constData(), 0755);

        SingleNode bed;
        QString error;
        QVERIFY2(bed.start(&error, q("xsession_script=%1\n").arg(script)), qPrintable(error));

        // The victim's session, started the way vsmserver does it.
        QPointer<Protocol::Link> root = rootLink(bed.agentPort);
        QVERIFY(root);
        Protocol::Message r = call(root, MessageType::AgentStartSession,
                                   QCborMap { { q("id"), q("victim-1") }, { q("user"), victim.name() } });
        QVERIFY2(!r.isError(), qPrintable(r.error + bed.agent->log()));

        const QString pwned = m_scratch.filePath(q("pwned"));
        const QString attack = bin(q("vsmattack"));
        const QString port = QString::number(bed.agentPort);
        const QString config = bed.agentRoot() + q("/etc/conf.d/zz-test.hconf");
        QFile configFile(config);
        QVERIFY(configFile.open(QIODevice::ReadOnly));
        const QByteArray configBefore = configFile.readAll();
        configFile.close();

        const struct {
            MessageType type;
            QStringList body;
        } attacks[] = {
            { MessageType::AgentStartSession,
              { q("id=pwn-1"), q("user=root"), q("command=touch %1").arg(pwned) } },
            { MessageType::AgentReconnectSession, { q("id=victim-1") } },
            { MessageType::AgentTerminateSession, { q("id=victim-1") } },
            { MessageType::AgentSetConfig, { q("allowed_clients=0.0.0.0/0") } },
            { MessageType::AgentListSessions, {} },
            { MessageType::AgentVerifySession, { q("id=victim-1") } },
            { MessageType::AgentGetConfig, {} },
        };
        for (const auto &a : attacks) {
            const Result out
                = runAs(attacker, attack,
                        QStringList { q("agent-call"), q("127.0.0.1"), port, type(a.type) } + a.body);
            QVERIFY2(out.code == 1, qPrintable(out.out));
            QVERIFY2(out.out.contains(q("refused")) && out.out.contains(q("below 1024")),
                     qPrintable(out.out));
            QVERIFY2(!out.out.contains(victim.name()), qPrintable(out.out));
            QVERIFY2(!out.out.contains(q("password")), qPrintable(out.out));
        }
        QTest::qWait(500);
        QVERIFY2(!QFile::exists(pwned), "the attacker's command ran");
        QVERIFY(configFile.open(QIODevice::ReadOnly));
        QCOMPARE(configFile.readAll(), configBefore);
        QVERIFY2(
            bed.agent->log().contains(q("refused StartSession from 127.0.0.1: the caller did not prove")),
            qPrintable(bed.agent->log()));

        // The load stays public, and root keeps full service: the session is still there.
        const Result load = runAs(attacker, attack,
                                  { q("agent-call"), q("127.0.0.1"), port, type(MessageType::AgentLoad) });
        QVERIFY2(load.code == 0, qPrintable(load.out));
        r = call(root, MessageType::AgentListSessions, {});
        QVERIFY2(!r.isError(), qPrintable(r.error));
        const QCborArray sessions = r.body.value(q("sessions")).toArray();
        QCOMPARE(sessions.size(), 1);
        QCOMPARE(sessions.first().toMap().value(q("user")).toString(), victim.name());
        r = call(root, MessageType::AgentTerminateSession, QCborMap { { q("id"), q("victim-1") } });
        QVERIFY2(!r.isError(), qPrintable(r.error));
    }

    // The replication port of an HA pair without a cluster key (the seed's procedure): an
    // unprivileged user on the peer host forges a snapshot; root there opens a second link.
    void replicationTakesOnlyTheProvenPeer()
    {
        if (!sh(q("command -v ip && command -v unshare")))
            QSKIP("needs ip (iproute2) and unshare");
        TestUser attacker(q("ovsr"));
        QVERIFY2(attacker.ok(), qPrintable(attacker.error()));
        const int id = static_cast<int>(::getpid() % 100000);
        const QString prefix = q("os%1").arg(id);
        const QString net = q("10.197.%1").arg(id % 250);
        NamespacePair pair(prefix, net);
        QByteArray out;
        QVERIFY2(pair.setUp(&out), out.constData());
        const QString &a = pair.a, &b = pair.b;

        const QString config = q("[/vsmserver]\nterminalservers=%1.9\n[/vsmserver/HA]\nenabled=1\n"
                                 "nodes=tlha-primary tlha-secondary\n")
                                   .arg(net);
        const QString rootA = m_scratch.filePath(q("ha-a")), rootB = m_scratch.filePath(q("ha-b"));
        QVERIFY(TestSupport::makeRoot(rootA, config) && TestSupport::makeRoot(rootB, config));
        TestSupport::DaemonProcess serverA(q("vsmserver"), rootA,
                                           TestSupport::DaemonProcess::inNamespace(a, q("tlha-primary")));
        TestSupport::DaemonProcess serverB(q("vsmserver"), rootB,
                                           TestSupport::DaemonProcess::inNamespace(b, q("tlha-secondary")));
        QVERIFY(serverA.start() && serverB.start());
        const auto linkUp = [](const TestSupport::DaemonProcess &d) {
            QByteArray json;
            run(bin(q("tlctl")), { q("ha"), q("status"), q("--json"), q("--socket"), d.socket() }, &json);
            return QJsonDocument::fromJson(json).object().value(q("link")).toString() == q("up");
        };
        // Without any key, the pair links up: each side connects from a privileged port.
        QTRY_VERIFY2_WITH_TIMEOUT(linkUp(serverA) && linkUp(serverB),
                                  qPrintable(serverA.log() + serverB.log()), 20000);

        // An unprivileged user on the peer host: refused at accept, before TLS.
        const QString tool = bin(q("vsmattack"));
        const QString port = q("9000");
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(q("ip"),
                { q("netns"), q("exec"), b, q("setpriv"), q("--reuid"), attacker.name(), q("--regid"),
                  attacker.name(), q("--init-groups"), tool, q("repl-forge"), q("tlha-primary"), port,
                  attacker.name() });
        QVERIFY(p.waitForFinished(30000));
        QByteArray said = p.readAll();
        QVERIFY2(p.exitCode() == 1, said.constData());
        QTRY_VERIFY2(serverA.log().contains(q("refused connection from %1.3").arg(net)),
                     qPrintable(serverA.log()));
        QVERIFY2(serverA.log().contains(q("is not below 1024")), qPrintable(serverA.log()));

        // Root on the peer host opens a second link while the real one answers: refused, logged,
        // and the real link stays up.
        p.start(q("ip"),
                { q("netns"), q("exec"), b, tool, q("--privileged"), q("repl-forge"), q("tlha-primary"), port,
                  q("root") });
        QVERIFY(p.waitForFinished(30000));
        said = p.readAll();
        QVERIFY2(p.exitCode() == 1, said.constData());
        QVERIFY2(said.contains("already open and answering"), said.constData());
        QVERIFY2(serverA.log().contains(q("refused a second HA replication link")),
                 qPrintable(serverA.log()));
        QVERIFY(linkUp(serverA) && linkUp(serverB));

        // Nothing forged arrived.
        QByteArray list;
        run(bin(q("tlctl")), { q("session"), q("list"), q("--json"), q("--socket"), serverA.socket() },
            &list);
        QVERIFY2(!list.contains("forged"), list.constData());
    }

    // A root daemon takes its cluster key only from a file that only root can change.
    void clusterKeyNotOwnedByRootIsRefused()
    {
        TestUser owner(q("ovsk"));
        QVERIFY2(owner.ok(), qPrintable(owner.error()));
        const QString key = m_scratch.filePath(q("cluster.key"));
        QString error;
        QVERIFY2(Net::ClusterKey::create(key, &error, true), qPrintable(error));
        QCOMPARE(::chown(QFile::encodeName(key).constData(), owner.uid(), 0), 0);
        const QString root = m_scratch.filePath(q("keyed-agent"));
        QVERIFY(TestSupport::makeRoot(root,
                                      q("[/vsm]\ncluster_key_file=%1\nvsm_agent_port=%2\n[/vsmagent]\n"
                                        "listen_port=%2\n")
                                          .arg(key)
                                          .arg(TestSupport::freePort())));
        TestSupport::DaemonProcess agent(q("vsmagent"), root);
        QVERIFY(agent.start());
        QVERIFY2(agent.waitForExit(15000) != 0, qPrintable(agent.log()));
        QVERIFY2(agent.log().contains(q("is owned by uid %1, not root").arg(owner.uid()))
                     && agent.log().contains(q("chown root:root %1").arg(key)),
                 qPrintable(agent.log()));

        // Given back to root, the same key works.
        QCOMPARE(::chown(QFile::encodeName(key).constData(), 0, 0), 0);
        TestSupport::DaemonProcess again(q("vsmagent"), root);
        QVERIFY(again.start());
        QTest::qWait(1500);
        QVERIFY2(again.running(), qPrintable(again.log()));
    }
};

QTEST_GUILESS_MAIN(TestSecurityTrust)
#include "tst_security_trust.moc"
