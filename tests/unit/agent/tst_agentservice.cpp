#include "backend/agent/service.h"

#include <QCborArray>
#include <QCoreApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <QFile>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using Protocol::MessageType;

namespace {

struct Answer {
    bool done = false;
    QCborMap body;
    QString error;
};

} // namespace

class TestAgentService : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QString m_self;

    Answer call(Agent::Service &service, MessageType type, const QCborMap &body, const QHostAddress &peer,
                bool provesRoot = true)
    {
        Answer a;
        service.handle(type, body, Agent::Service::Caller { peer, provesRoot },
                       [&a](const Protocol::Body &b, const QString &e) {
                           a.done = true;
                           a.body = b.map();
                           a.error = e;
                       });
        return a;
    }

    static QCborMap startBody(const QString &id, const QString &user)
    {
        QCborMap m;
        m.insert(QStringLiteral("id"), id);
        m.insert(QStringLiteral("user"), user);
        return m;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        qputenv("OPENVSM_ROOT", m_root.path().toLocal8Bit());
        ::chmod(QFile::encodeName(m_root.path()).constData(), 0755);
        m_self = QString::fromLocal8Bit(::getpwuid(::getuid())->pw_name);
    }

    void privilegedCalls()
    {
        QCOMPARE(Agent::Service::isPrivileged(MessageType::AgentStartSession), true);
        QCOMPARE(Agent::Service::isPrivileged(MessageType::AgentTerminateSession), true);
        QCOMPARE(Agent::Service::isPrivileged(MessageType::AgentReconnectSession), true);
        QCOMPARE(Agent::Service::isPrivileged(MessageType::AgentSetConfig), true);
        // They name users, uids, pids and commands.
        QCOMPARE(Agent::Service::isPrivileged(MessageType::AgentListSessions), true);
        QCOMPARE(Agent::Service::isPrivileged(MessageType::AgentVerifySession), true);
        QCOMPARE(Agent::Service::isPrivileged(MessageType::AgentGetConfig), true);
        QCOMPARE(Agent::Service::isPrivileged(MessageType::AgentLoad), false);
    }

    void refusesCallerThatDoesNotProveRoot_data()
    {
        QTest::addColumn<int>("type");
        QTest::newRow("start") << int(MessageType::AgentStartSession);
        QTest::newRow("terminate") << int(MessageType::AgentTerminateSession);
        QTest::newRow("reconnect") << int(MessageType::AgentReconnectSession);
        QTest::newRow("setconfig") << int(MessageType::AgentSetConfig);
        QTest::newRow("list") << int(MessageType::AgentListSessions);
        QTest::newRow("verify") << int(MessageType::AgentVerifySession);
        QTest::newRow("getconfig") << int(MessageType::AgentGetConfig);
    }
    void refusesCallerThatDoesNotProveRoot()
    {
        // From localhost, the most trusted address there is, but from an unprivileged port
        // without the cluster key: any local user could be calling.
        QFETCH(int, type);
        Agent::Service service(Agent::Settings {});
        QString error;
        QVERIFY2(service.open(&error), qPrintable(error));
        const Answer a = call(service, static_cast<MessageType>(type),
                              startBody(QStringLiteral("s1"), m_self), QHostAddress::LocalHost, false);
        QVERIFY(a.done);
        QVERIFY2(a.error.startsWith(QStringLiteral("refused: ")), qPrintable(a.error));
        QVERIFY2(a.error.contains(QStringLiteral("below 1024"))
                     && a.error.contains(QStringLiteral("cluster key")),
                 qPrintable(a.error));
        QVERIFY(a.body.isEmpty());
        QCOMPARE(service.registry().all().size(), 0);
    }

    void refusesUntrustedPeer_data()
    {
        QTest::addColumn<int>("type");
        QTest::newRow("start") << int(MessageType::AgentStartSession);
        QTest::newRow("terminate") << int(MessageType::AgentTerminateSession);
        QTest::newRow("reconnect") << int(MessageType::AgentReconnectSession);
        QTest::newRow("setconfig") << int(MessageType::AgentSetConfig);
    }
    void refusesUntrustedPeer()
    {
        QFETCH(int, type);
        Agent::Service service(Agent::Settings {});
        QString error;
        QVERIFY2(service.open(&error), qPrintable(error));
        QHostAddress asked;
        service.setTrust(
            [&asked](const QHostAddress &peer) {
                asked = peer;
                return peer == QHostAddress(QStringLiteral("10.1.1.1"));
            },
            [] { return QStringLiteral("10.1.1.1"); });
        const QHostAddress stranger(QStringLiteral("192.0.2.7"));
        const Answer a = call(service, static_cast<MessageType>(type),
                              startBody(QStringLiteral("s1"), m_self), stranger);
        QVERIFY(a.done);
        QCOMPARE(asked, stranger);
        QVERIFY2(a.error.startsWith(QStringLiteral("refused: 192.0.2.7 is not in /vsmagent/allowed_clients")),
                 qPrintable(a.error));
        QVERIFY2(a.error.contains(QStringLiteral("10.1.1.1")), qPrintable(a.error));
        QCOMPARE(service.registry().all().size(), 0);
    }

    void unprivilegedCallsFromAnyone()
    {
        Agent::Service service(Agent::Settings {});
        QString error;
        QVERIFY(service.open(&error));
        service.setTrust([](const QHostAddress &peer) { return peer.isLoopback(); },
                         [] { return QString(); });
        const QHostAddress stranger(QStringLiteral("192.0.2.7"));
        Answer a = call(service, MessageType::AgentLoad, {}, stranger, false);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QVERIFY(a.body.value(QStringLiteral("cpus")).toInteger() >= 1);
        QVERIFY(a.body.value(QStringLiteral("mem_total_kib")).toInteger() > 0);
        QCOMPARE(a.body.value(QStringLiteral("sessions")).toInteger(), 0);
        QVERIFY(!a.body.value(QStringLiteral("agent_hostname")).toString().isEmpty());
        // Root on localhost may ask the rest.
        a = call(service, MessageType::AgentListSessions, {}, QHostAddress::LocalHost);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QCOMPARE(a.body.value(QStringLiteral("sessions")).toArray().size(), 0);
        QCborMap verify;
        verify.insert(QStringLiteral("id"), QStringLiteral("nope"));
        a = call(service, MessageType::AgentVerifySession, verify, QHostAddress::LocalHost);
        QVERIFY(a.error.isEmpty());
        QCOMPARE(a.body.value(QStringLiteral("alive")).toBool(true), false);
        a = call(service, MessageType::AgentGetConfig, {}, QHostAddress::LocalHost);
        QVERIFY(a.error.isEmpty());
        QVERIFY(a.body.contains(QStringLiteral("allowed_clients")));
        a = call(service, MessageType::CtlHaStatus, {}, QHostAddress::LocalHost);
        QVERIFY2(a.error.contains(QStringLiteral("not something a VSM agent answers")), qPrintable(a.error));
    }

    void loadReportCarriesAConfigDigest()
    {
        // The load report's config_digest changes with allowed_clients and master_hostname (so the
        // server can tell consoles), not with anything else, and reveals neither: another agent
        // process with the same values has another digest.
        Agent::Settings settings;
        settings.allowedClients = { QStringLiteral("tlha-primary"), QStringLiteral("tlha-secondary") };
        settings.masterHostname = QStringLiteral("tlha");
        Agent::Service service(settings);
        QString error;
        QVERIFY(service.open(&error));
        const QString digest = call(service, MessageType::AgentLoad, {}, QHostAddress::LocalHost)
                                   .body.value(QStringLiteral("config_digest"))
                                   .toString();
        QCOMPARE(digest.size(), 32);
        QCOMPARE(service.configDigest(), digest);
        settings.displayMax = settings.displayMax - 1;
        service.setSettings(settings);
        QCOMPARE(service.configDigest(), digest);
        settings.allowedClients.append(QStringLiteral("tlha-third"));
        service.setSettings(settings);
        QVERIFY(service.configDigest() != digest);
        settings.allowedClients.removeLast();
        service.setSettings(settings);
        QCOMPARE(service.configDigest(), digest);
        settings.masterHostname = QStringLiteral("tlha2");
        service.setSettings(settings);
        QVERIFY(service.configDigest() != digest);
        settings.masterHostname = QStringLiteral("tlha");
        Agent::Service other(settings);
        QVERIFY(other.configDigest() != digest);
    }

    void clearStartErrors_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("xvnc");
        QTest::addColumn<QString>("args");
        QTest::addColumn<QString>("expected");
        const QString self = QString::fromLocal8Bit(::getpwuid(::getuid())->pw_name);
        QTest::newRow("bad id") << QStringLiteral("../etc") << self << QString() << QString()
                                << QStringLiteral("is not valid");
        QTest::newRow("unknown user")
            << QStringLiteral("s2") << QStringLiteral("no-such-user-xyz") << QString() << QString()
            << QStringLiteral("unknown user 'no-such-user-xyz'");
        QTest::newRow("no Xvnc") << QStringLiteral("s3") << self << QStringLiteral("/nonexistent/Xvnc")
                                 << QString() << QStringLiteral("tigervnc-standalone-server");
        QTest::newRow("broken xserver_args")
            << QStringLiteral("s4") << self << QString() << QStringLiteral("-br 'unclosed")
            << QStringLiteral("/vsmagent/xserver_args is malformed");
        QTest::newRow("huge command") << QStringLiteral("s8") << self << QString()
                                      << QStringLiteral("command") << QStringLiteral("too long");
        QTest::newRow("bad geometry") << QStringLiteral("s5") << self << QString()
                                      << QStringLiteral("geometry") << QStringLiteral("geometry");
    }
    void clearStartErrors()
    {
        QFETCH(QString, id);
        QFETCH(QString, user);
        QFETCH(QString, xvnc);
        QFETCH(QString, args);
        QFETCH(QString, expected);
        Agent::Settings settings;
        if (!xvnc.isEmpty())
            settings.xvncPath = xvnc;
        QCborMap body = startBody(id, user);
        if (args == QLatin1String("command"))
            body.insert(QStringLiteral("command"), QString(5000, QLatin1Char('x')));
        else if (args == QLatin1String("geometry"))
            body.insert(QStringLiteral("geometry"), QStringLiteral("huge"));
        else if (!args.isEmpty())
            settings.xserverArgs = args;
        Agent::Service service(settings);
        QString error;
        QVERIFY(service.open(&error));
        const Answer a = call(service, MessageType::AgentStartSession, body, QHostAddress::LocalHost);
        QVERIFY(a.done);
        QVERIFY2(a.error.contains(expected), qPrintable(a.error));
        QCOMPARE(service.registry().all().size(), 0);
    }

    void missingHome()
    {
        if (::getuid() != 0)
            QSKIP("needs root: looks at another user's home directory");
        // The 'nobody' account's home (/nonexistent) does not exist on Debian.
        Agent::Service service(Agent::Settings {});
        QString error;
        QVERIFY(service.open(&error));
        const Answer a
            = call(service, MessageType::AgentStartSession,
                   startBody(QStringLiteral("s6"), QStringLiteral("nobody")), QHostAddress::LocalHost);
        QVERIFY2(a.error.contains(QStringLiteral("does not exist"))
                     && a.error.contains(QStringLiteral("make_homedir")),
                 qPrintable(a.error));
    }

    void otherUserWhenNotRoot()
    {
        if (::getuid() == 0) {
            // Root may start anyone's session: this check runs as nobody, in this test program.
            const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
            QVERIFY2(!setpriv.isEmpty(), "as root this needs setpriv (util-linux) to check as nobody");
            QProcess p;
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(setpriv,
                    { QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                      QStringLiteral("--clear-groups"), QCoreApplication::applicationFilePath(),
                      QStringLiteral("otherUserWhenNotRoot") });
            QVERIFY(p.waitForFinished(60000));
            const QString out = QString::fromLocal8Bit(p.readAll());
            QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0
                         && out.contains(QStringLiteral("PASS   : TestAgentService::otherUserWhenNotRoot()"))
                         && out.contains(QStringLiteral(" 0 failed, 0 skipped")),
                     qPrintable(out));
            return;
        }
        Agent::Service service(Agent::Settings {});
        QString error;
        QVERIFY(service.open(&error));
        const Answer a
            = call(service, MessageType::AgentStartSession,
                   startBody(QStringLiteral("s7"), QStringLiteral("root")), QHostAddress::LocalHost);
        QVERIFY2(a.error.contains(QStringLiteral("not as root")), qPrintable(a.error));
    }
};

QTEST_GUILESS_MAIN(TestAgentService)
#include "tst_agentservice.moc"
