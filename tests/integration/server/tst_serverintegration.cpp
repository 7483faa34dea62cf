// vsmserver end to end: one real vsmserver, two real vsmagents (separate OPENVSM_ROOTs, ports
// and display ranges) on loopback, real Xvnc sessions for two throw-away users, who use
// tl-session-helper as sshd would run it; the administrator uses tlctl.

#include "shared/vnc/rfbclient.h"
#include "tests/integration/support/daemonprocess.h"
#include "tests/integration/support/testuser.h"
#include "tests/integration/support/verifylogged.h"

#include <QCborValue>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using TestSupport::bin;
using TestSupport::freePort;
using TestSupport::run;
using Daemon = TestSupport::DaemonProcess;

struct HelperResult {
    int code = -1;
    QJsonObject json;
};

} // namespace

class TestServerIntegration : public QObject {
    Q_OBJECT

    QTemporaryDir m_base;
    QString m_serverRoot, m_agentRoot[2];
    QString m_agentEntry[2];
    std::unique_ptr<Daemon> m_server, m_agent[2];
    std::unique_ptr<TestUser> m_user[2];

    QString socketPath() const { return m_serverRoot + QStringLiteral("/var/run/openvsm/vsmserver.sock"); }

    static bool makeRoot(const QString &root, const QString &overrides)
    {
        return TestSupport::makeRoot(root, overrides);
    }

    HelperResult helper(int user, const QStringList &args)
    {
        HelperResult r;
        QByteArray out;
        QStringList full { QStringLiteral("-u"),       m_user[user]->name(),
                           QStringLiteral("--"),       bin(QStringLiteral("tl-session-helper")),
                           QStringLiteral("--socket"), socketPath() };
        full += args;
        if (!run(QStringLiteral("runuser"), full, &out, &r.code))
            return r;
        r.json = QJsonDocument::fromJson(out).object();
        return r;
    }

    QJsonArray tlctlJson(const QStringList &args)
    {
        QByteArray out;
        int code = -1;
        run(bin(QStringLiteral("tlctl")),
            args + QStringList { QStringLiteral("--json"), QStringLiteral("--socket"), socketPath() }, &out,
            &code);
        return code == 0 ? QJsonDocument::fromJson(out).array() : QJsonArray();
    }

    QJsonObject agentLoad(int agent)
    {
        const QJsonArray agents = tlctlJson({ QStringLiteral("load"), QStringLiteral("list") });
        for (const QJsonValue &v : agents) {
            if (v.toObject().value(QStringLiteral("agent")).toString() == m_agentEntry[agent])
                return v.toObject();
        }
        return {};
    }

    QStringList sessionIds()
    {
        QStringList ids;
        for (const QJsonValue &v : tlctlJson({ QStringLiteral("session"), QStringLiteral("list") }))
            ids.append(v.toObject().value(QStringLiteral("id")).toString());
        return ids;
    }

    // Which agent runs the session, by the address clients are given (agent_hostname); the
    // display must be in that agent's range.
    static int agentOf(const QJsonObject &session)
    {
        const int agent
            = session.value(QStringLiteral("agent_hostname")).toString() == QLatin1String("127.0.0.2") ? 1
                                                                                                       : 0;
        const int display = session.value(QStringLiteral("display")).toInt();
        if (display / 100 != agent + 1)
            qWarning("display %d is not in the range of agent %d", display, agent + 1);
        return display / 100 == agent + 1 ? agent : -1;
    }

    // An authenticated VNC login with the password the server handed out. Xvnc listens on the
    // agent's localhost only (tlclient reaches it through an SSH tunnel to agent_hostname), and
    // both test agents share this machine's loopback: connect to 127.0.0.1.
    static QString vncLogin(const QJsonObject &session)
    {
        const QByteArray password
            = QByteArray::fromHex(session.value(QStringLiteral("password")).toString().toLatin1());
        if (password.size() != 8)
            return QStringLiteral("password is not 8 bytes");
        const auto r = Vnc::RfbClient::loginTcp(
            QStringLiteral("127.0.0.1"),
            static_cast<quint16>(session.value(QStringLiteral("vnc_port")).toInt()), password, 15000);
        return r.ok ? QString() : r.error;
    }

    QString logs() const
    {
        return QStringLiteral("--- vsmserver ---\n%1\n--- agent 1 ---\n%2\n--- agent 2 ---\n%3")
            .arg(m_server ? m_server->log() : QString(), m_agent[0] ? m_agent[0]->log() : QString(),
                 m_agent[1] ? m_agent[1]->log() : QString());
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (::getuid() != 0)
            QSKIP("needs root: runs Xvnc sessions as throw-away users");
        for (const char *program : { "vsmserver", "vsmagent", "tlctl", "tl-session-helper" }) {
            if (!QFile::exists(bin(QString::fromLatin1(program))))
                QSKIP(qPrintable(
                    QStringLiteral("needs %1 in %2").arg(QString::fromLatin1(program), bin(QString()))));
        }
        if (QStandardPaths::findExecutable(QStringLiteral("Xvnc")).isEmpty())
            QSKIP("needs Xvnc (Debian package tigervnc-standalone-server)");
        QVERIFY(m_base.isValid());
        ::chmod(QFile::encodeName(m_base.path()).constData(), 0755);
        for (int i = 0; i < 2; ++i) {
            m_user[i] = std::make_unique<TestUser>(QStringLiteral("ovsrv%1x").arg(i + 1));
            QVERIFY2(m_user[i]->ok(), "useradd failed");
        }
        // A session script that just waits: no desktop needed to prove the broker.
        const QString script = m_base.filePath(QStringLiteral("xsession"));
        QFile s(script);
        QVERIFY(s.open(QIODevice::WriteOnly));
        s.write("#!/bin/sh\nexec sleep 3600\n");
        s.close();
        ::chmod(QFile::encodeName(script).constData(), 0755);

        const QHostAddress addresses[2]
            = { QHostAddress(QStringLiteral("127.0.0.1")), QHostAddress(QStringLiteral("127.0.0.2")) };
        for (int i = 0; i < 2; ++i) {
            const quint16 port = freePort(QHostAddress::Any);
            QVERIFY(port);
            m_agentRoot[i] = m_base.filePath(QStringLiteral("agent%1").arg(i + 1));
            m_agentEntry[i] = QStringLiteral("%1:%2").arg(addresses[i].toString()).arg(port);
            QVERIFY(makeRoot(m_agentRoot[i],
                             QStringLiteral("[/vsmagent]\nlisten_port=%1\ndisplay_min=%2\ndisplay_max=%3\n"
                                            "agent_hostname=%4\nxsession_script=%5\nxvnc_start_timeout=30\n")
                                 .arg(port)
                                 .arg(100 * (i + 1))
                                 .arg(100 * (i + 1) + 99)
                                 .arg(addresses[i].toString(), script)));
            m_agent[i] = std::make_unique<Daemon>(QStringLiteral("vsmagent"), m_agentRoot[i]);
            QVERIFY(m_agent[i]->start());
        }
        m_serverRoot = m_base.filePath(QStringLiteral("server"));
        QVERIFY(makeRoot(m_serverRoot,
                         QStringLiteral("[/vsmserver]\nterminalservers=%1 %2\nload_update_cycle=5\n")
                             .arg(m_agentEntry[0], m_agentEntry[1])));
        m_server = std::make_unique<Daemon>(QStringLiteral("vsmserver"), m_serverRoot);
        QVERIFY(m_server->start());
        TRY_VERIFY_LOGGED(agentLoad(0).value(QStringLiteral("reachable")).toBool()
                              && agentLoad(1).value(QStringLiteral("reachable")).toBool(),
                          logs(), 20000);
    }

    void cleanupTestCase()
    {
        if (m_server && m_server->running()) {
            QByteArray out;
            run(bin(QStringLiteral("tlctl")),
                { QStringLiteral("session"), QStringLiteral("terminate"), QStringLiteral("--all"),
                  QStringLiteral("-y"), QStringLiteral("--socket"), socketPath() },
                &out);
        }
        m_server.reset();
        m_agent[0].reset();
        m_agent[1].reset();
        m_user[0].reset();
        m_user[1].reset();
    }

    // A daemon that ended while no test stopped it fails the test that was running, with its log.
    void cleanup()
    {
        for (Daemon *d : { m_server.get(), m_agent[0].get(), m_agent[1].get() }) {
            if (d && d->died())
                QFAIL(qPrintable(d->diagnosis()));
        }
    }

    void loopbackWarning()
    {
        QTRY_VERIFY(m_server->log().contains(
            QStringLiteral("must be replaced by the agent's unique host name before HA is enabled")));
    }

    void createAndReconnect()
    {
        const HelperResult first
            = helper(0, { QStringLiteral("get"), QStringLiteral("--geometry"), QStringLiteral("800x600") });
        VERIFY_LOGGED(first.code == 0, QString::fromUtf8(QJsonDocument(first.json).toJson()) + logs());
        const QJsonObject s = first.json.value(QStringLiteral("session")).toObject();
        QVERIFY(s.value(QStringLiteral("new")).toBool());
        QCOMPARE(s.value(QStringLiteral("geometry")).toString(), QStringLiteral("800x600"));
        const QString login = vncLogin(s);
        QVERIFY2(login.isEmpty(), qPrintable(login));

        const HelperResult again = helper(0, { QStringLiteral("get") });
        QCOMPARE(again.code, 0);
        const QJsonObject s2 = again.json.value(QStringLiteral("session")).toObject();
        QCOMPARE(s2.value(QStringLiteral("id")).toString(), s.value(QStringLiteral("id")).toString());
        QCOMPARE(s2.value(QStringLiteral("display")).toInt(), s.value(QStringLiteral("display")).toInt());
        QVERIFY(!s2.value(QStringLiteral("new")).toBool());
        QVERIFY2(vncLogin(s2).isEmpty(), qPrintable(vncLogin(s2)));

        const HelperResult list = helper(0, { QStringLiteral("list") });
        QCOMPARE(list.code, 0);
        QCOMPARE(list.json.value(QStringLiteral("sessions")).toArray().size(), 1);
        QVERIFY(!list.json.value(QStringLiteral("sessions"))
                     .toArray()
                     .first()
                     .toObject()
                     .contains(QStringLiteral("password")));
    }

    void disconnectedAndRunning()
    {
        // Nobody is connected to the session after the logins above ended: the next load poll
        // (load_update_cycle=5) records it as disconnected; a VNC client that stays connected
        // makes it running again.
        const HelperResult got = helper(0, { QStringLiteral("get") });
        QCOMPARE(got.code, 0);
        const QJsonObject s = got.json.value(QStringLiteral("session")).toObject();
        const QString id = s.value(QStringLiteral("id")).toString();
        const auto stateOf = [this, id]() {
            for (const QJsonValue &v : tlctlJson({ QStringLiteral("session"), QStringLiteral("list") })) {
                if (v.toObject().value(QStringLiteral("id")).toString() == id)
                    return v.toObject().value(QStringLiteral("state")).toString();
            }
            return QString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(), QStringLiteral("disconnected"), 15000);

        QTcpSocket viewer;
        viewer.connectToHost(QStringLiteral("127.0.0.1"),
                             static_cast<quint16>(s.value(QStringLiteral("vnc_port")).toInt()));
        QVERIFY(viewer.waitForConnected(5000));
        const auto login = Vnc::RfbClient::login(
            &viewer, QByteArray::fromHex(s.value(QStringLiteral("password")).toString().toLatin1()), 10000);
        QVERIFY2(login.ok, qPrintable(login.error));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(), QStringLiteral("running"), 15000);
        viewer.close();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(), QStringLiteral("disconnected"), 15000);
    }

    void secondUserOnLessLoadedAgent()
    {
        const QJsonObject first = helper(0, { QStringLiteral("list") })
                                      .json.value(QStringLiteral("sessions"))
                                      .toArray()
                                      .first()
                                      .toObject();
        // Wait for a load report that counts the first user.
        QTRY_COMPARE_WITH_TIMEOUT(agentLoad(agentOf(first)).value(QStringLiteral("users")).toInt(), 1, 15000);
        const HelperResult second = helper(1, { QStringLiteral("get") });
        VERIFY_LOGGED(second.code == 0, QString::fromUtf8(QJsonDocument(second.json).toJson()) + logs());
        const QJsonObject s = second.json.value(QStringLiteral("session")).toObject();
        QVERIFY(agentOf(s) != agentOf(first));
        QVERIFY2(vncLogin(s).isEmpty(), qPrintable(vncLogin(s)));
    }

    void replaceAtLimit()
    {
        const QString old = helper(0, { QStringLiteral("list") })
                                .json.value(QStringLiteral("sessions"))
                                .toArray()
                                .first()
                                .toObject()
                                .value(QStringLiteral("id"))
                                .toString();
        const HelperResult refused = helper(0, { QStringLiteral("new") });
        QCOMPARE(refused.code, 1);
        QVERIFY(!refused.json.value(QStringLiteral("ok")).toBool());
        QVERIFY(refused.json.value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("max_sessions_per_user")));

        const HelperResult replaced = helper(0, { QStringLiteral("replace") });
        VERIFY_LOGGED(replaced.code == 0, QString::fromUtf8(QJsonDocument(replaced.json).toJson()) + logs());
        const QJsonObject s = replaced.json.value(QStringLiteral("session")).toObject();
        QVERIFY(s.value(QStringLiteral("id")).toString() != old);
        QCOMPARE(replaced.json.value(QStringLiteral("terminated")).toArray().first().toString(), old);
        QVERIFY(!sessionIds().contains(old));
        QVERIFY2(vncLogin(s).isEmpty(), qPrintable(vncLogin(s)));
    }

    void terminate()
    {
        const QJsonObject s = helper(1, { QStringLiteral("list") })
                                  .json.value(QStringLiteral("sessions"))
                                  .toArray()
                                  .first()
                                  .toObject();
        const QString id = s.value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        // Not someone else's.
        QCOMPARE(helper(0, { QStringLiteral("terminate"), id }).code, 1);
        const HelperResult r = helper(1, { QStringLiteral("terminate"), id });
        QCOMPARE(r.code, 0);
        QVERIFY(!sessionIds().contains(id));
        QString reason;
        QTRY_VERIFY_WITH_TIMEOUT(
            !Vnc::RfbClient::probe(QStringLiteral("127.0.0.1"),
                                   static_cast<quint16>(s.value(QStringLiteral("vnc_port")).toInt()), 1000,
                                   &reason),
            15000);
    }

    void agentDownAndBack()
    {
        const QJsonObject mine = helper(0, { QStringLiteral("list") })
                                     .json.value(QStringLiteral("sessions"))
                                     .toArray()
                                     .first()
                                     .toObject();
        const int down = agentOf(mine);
        QVERIFY2(m_agent[down]->stop(SIGTERM), qPrintable(m_agent[down]->diagnosis())); // sessions stay
        QTRY_VERIFY_WITH_TIMEOUT(!agentLoad(down).value(QStringLiteral("reachable")).toBool(), 10000);
        QVERIFY(!agentLoad(down).value(QStringLiteral("reason")).toString().isEmpty());
        // Its session is still reported.
        QVERIFY(sessionIds().contains(mine.value(QStringLiteral("id")).toString()));
        // A new session goes to the other agent.
        const HelperResult other = helper(1, { QStringLiteral("get") });
        VERIFY_LOGGED(other.code == 0, QString::fromUtf8(QJsonDocument(other.json).toJson()) + logs());
        QCOMPARE(agentOf(other.json.value(QStringLiteral("session")).toObject()), 1 - down);
        // Back: noticed within seconds, not at the next load cycle.
        QVERIFY(m_agent[down]->start());
        TRY_VERIFY_LOGGED(agentLoad(down).value(QStringLiteral("reachable")).toBool(), logs(), 8000);
        const HelperResult again = helper(0, { QStringLiteral("get") });
        VERIFY_LOGGED(again.code == 0, QString::fromUtf8(QJsonDocument(again.json).toJson()) + logs());
        QCOMPARE(
            again.json.value(QStringLiteral("session")).toObject().value(QStringLiteral("id")).toString(),
            mine.value(QStringLiteral("id")).toString());
    }

    void serverKilledAndRestarted()
    {
        const QStringList before = sessionIds();
        QCOMPARE(before.size(), 2);
        QVERIFY2(m_server->stop(SIGKILL), qPrintable(m_server->diagnosis()));
        QVERIFY(m_server->start());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(socketPath()) && sessionIds().size() == 2, 10000);
        QStringList after = sessionIds();
        QStringList sortedBefore = before;
        after.sort();
        sortedBefore.sort();
        QCOMPARE(after, sortedBefore);
        QTRY_VERIFY_WITH_TIMEOUT(agentLoad(0).value(QStringLiteral("reachable")).toBool()
                                     && agentLoad(1).value(QStringLiteral("reachable")).toBool(),
                                 10000);
        for (int user = 0; user < 2; ++user) {
            const HelperResult r = helper(user, { QStringLiteral("get") });
            VERIFY_LOGGED(r.code == 0, QString::fromUtf8(QJsonDocument(r.json).toJson()) + logs());
            const QJsonObject s = r.json.value(QStringLiteral("session")).toObject();
            QVERIFY(before.contains(s.value(QStringLiteral("id")).toString()));
            QVERIFY2(vncLogin(s).isEmpty(), qPrintable(vncLogin(s)));
        }
    }

    // SIGHUP re-reads the configuration: a higher max_sessions_per_user allows another session.
    void reloadOnSighup()
    {
        QCOMPARE(helper(0, { QStringLiteral("new") }).code, 1);
        QFile extra(m_serverRoot + QStringLiteral("/etc/conf.d/zz-test.hconf"));
        QVERIFY(extra.open(QIODevice::Append));
        extra.write("max_sessions_per_user=2\n");
        extra.close();
        QVERIFY2(m_server->signal(SIGHUP), qPrintable(m_server->diagnosis()));
        QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains(QStringLiteral("configuration reloaded")), 5000);
        const HelperResult second = helper(0, { QStringLiteral("new") });
        VERIFY_LOGGED(second.code == 0, QString::fromUtf8(QJsonDocument(second.json).toJson()) + logs());
        QCOMPARE(
            helper(0, { QStringLiteral("list") }).json.value(QStringLiteral("sessions")).toArray().size(), 2);
    }

    void malformedRequestDoesNotDisturb()
    {
        QLocalSocket garbage;
        garbage.connectToServer(socketPath());
        QVERIFY(garbage.waitForConnected(5000));
        garbage.write(QByteArray("\xff\xff\xff\xffnot a frame", 15));
        QVERIFY(garbage.waitForBytesWritten(5000));
        // The server drops this connection...
        garbage.waitForDisconnected(5000);
        QCOMPARE(garbage.state(), QLocalSocket::UnconnectedState);
        // ...and carries on.
        QVERIFY(m_server->running());
        QCOMPARE(helper(0, { QStringLiteral("list") }).code, 0);
    }

    void adminRequestsNeedRoot()
    {
        // Ctl* (session list) and the admin API's requests (status, terminalservers get) alike.
        for (const QStringList &command :
             { QStringList { QStringLiteral("session"), QStringLiteral("list") },
               QStringList { QStringLiteral("status") },
               QStringList { QStringLiteral("terminalservers"), QStringLiteral("get") } }) {
            QByteArray out;
            int code = -1;
            QVERIFY(run(QStringLiteral("runuser"),
                        QStringList { QStringLiteral("-u"), m_user[0]->name(), QStringLiteral("--"),
                                      bin(QStringLiteral("tlctl")) }
                            + command + QStringList { QStringLiteral("--socket"), socketPath() },
                        &out, &code));
            QCOMPARE(code, 1);
        }
        QVERIFY(m_server->log().contains(QStringLiteral("only root may use tlctl")));
    }

    // tlctl without --node: the admin API's commands over the local socket (root), the same
    // output as with --node; the old names still work.
    void everyCommandRunsLocally()
    {
        const QJsonArray status = tlctlJson({ QStringLiteral("status") });
        QCOMPARE(status.size(), 1);
        QVERIFY(!status.first().toObject().value(QStringLiteral("node")).toString().isEmpty());
        QCOMPARE(status.first().toObject().value(QStringLiteral("agents")).toInt(), 2);
        const QJsonArray servers = tlctlJson({ QStringLiteral("terminalservers"), QStringLiteral("get") });
        QCOMPARE(servers.size(), 1);
        QCOMPARE(servers.first().toObject().value(QStringLiteral("terminalservers")).toArray().size(), 2);
        const QJsonArray agents = tlctlJson({ QStringLiteral("agent"), QStringLiteral("list") });
        QCOMPARE(agents.size(), 2);
        const QJsonArray old = tlctlJson({ QStringLiteral("load"), QStringLiteral("list") });
        QCOMPARE(old.size(), agents.size());
        QCOMPARE(old.first().toObject().value(QStringLiteral("agent")),
                 agents.first().toObject().value(QStringLiteral("agent")));
        QByteArray out;
        int code = -1;
        QVERIFY(run(bin(QStringLiteral("tlctl")),
                    { QStringLiteral("ha"), QStringLiteral("get"), QStringLiteral("--socket"), socketPath() },
                    &out, &code));
        QCOMPARE(code, 0);
        QVERIFY2(out.contains("/vsmserver/HA/enabled"), out.constData());
        QVERIFY(run(bin(QStringLiteral("tlctl")),
                    { QStringLiteral("help"), QStringLiteral("load"), QStringLiteral("list") }, &out, &code));
        QCOMPARE(code, 0);
        QVERIFY2(out.contains("usage: tlctl [--node HOST[:PORT]] agent list"), out.constData());
        // A keepalived hook is this node's business only.
        QVERIFY(run(bin(QStringLiteral("tlctl")),
                    { QStringLiteral("--node"), QStringLiteral("127.0.0.1"), QStringLiteral("ha"),
                      QStringLiteral("health") },
                    &out, &code));
        QCOMPARE(code, 2);
    }

    // Finding 3 of tests/reliability: a terminate the user got "terminated" for while the
    // session's agent was down. The session still runs there; when the agent is back (it finds
    // its Xvnc again), vsmserver ends it instead of leaving it running unrecorded.
    void terminateWhileAgentIsDown()
    {
        const QJsonArray mine
            = helper(0, { QStringLiteral("list") }).json.value(QStringLiteral("sessions")).toArray();
        QVERIFY(!mine.isEmpty());
        const QJsonObject s = mine.first().toObject();
        const QString id = s.value(QStringLiteral("id")).toString();
        const int down = agentOf(s);
        QVERIFY(down >= 0);
        const quint16 port = static_cast<quint16>(s.value(QStringLiteral("vnc_port")).toInt());
        QVERIFY2(m_agent[down]->stop(SIGTERM), qPrintable(m_agent[down]->diagnosis())); // sessions stay
        QTRY_VERIFY_WITH_TIMEOUT(!agentLoad(down).value(QStringLiteral("reachable")).toBool(), 10000);
        const HelperResult r = helper(0, { QStringLiteral("terminate"), id });
        VERIFY_LOGGED(r.code == 0, QString::fromUtf8(QJsonDocument(r.json).toJson()) + logs());
        QVERIFY(!sessionIds().contains(id));
        QString reason;
        QVERIFY2(Vnc::RfbClient::probe(QStringLiteral("127.0.0.1"), port, 2000, &reason),
                 qPrintable(reason)); // still runs on the stopped agent's machine

        QVERIFY(m_agent[down]->start());
        TRY_VERIFY_LOGGED(agentLoad(down).value(QStringLiteral("reachable")).toBool(), logs(), 10000);
        TRY_VERIFY_LOGGED(!Vnc::RfbClient::probe(QStringLiteral("127.0.0.1"), port, 1000, &reason), logs(),
                          20000);
        VERIFY_LOGGED(
            m_server->log().contains(QStringLiteral("was terminated while the agent could not be reached")),
            logs());
        QVERIFY(!sessionIds().contains(id));
    }

    // Configuration problems stop vsmserver at start, once and clearly.
    void refusesToStart_data()
    {
        QTest::addColumn<QString>("overrides");
        QTest::addColumn<QString>("expected");
        QTest::newRow("HA with 127.0.0.1")
            << "[/vsmserver]\nterminalservers=127.0.0.1\n[/vsmserver/HA]\nenabled=1\n"
            << "It is VERY IMPORTANT that 127.0.0.1 is not in the list of terminal servers";
        QTest::newRow("HA with localhost:905")
            << "[/vsmserver]\nterminalservers=ts.example.invalid localhost:905\n[/vsmserver/HA]\nenabled=1\n"
            << "will be a different server based on which VSM server is currently active";
        QTest::newRow("bad number") << "[/vsmserver]\nmax_sessions_per_user=lots\n"
                                    << "/vsmserver/max_sessions_per_user";
        QTest::newRow("bad weight") << "[/vsmserver]\nagent_weights=ts1\n"
                                    << "/vsmserver/agent_weights";
        QTest::newRow("bad port") << "[/vsmserver]\nterminalservers=ts1:99999\n"
                                  << "/vsmserver/terminalservers";
    }

    void refusesToStart()
    {
        QFETCH(QString, overrides);
        QFETCH(QString, expected);
        const QString root = m_base.filePath(QStringLiteral("bad-%1").arg(
            QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))));
        QVERIFY(makeRoot(root, overrides));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENVSM_ROOT"), root);
        p.setProcessEnvironment(env);
        p.start(bin(QStringLiteral("vsmserver")), { QStringLiteral("--foreground") });
        QVERIFY(p.waitForFinished(20000));
        const QString err = QString::fromLocal8Bit(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains(expected), qPrintable(err));
        QVERIFY2(err.count(expected) == 1 || expected.startsWith(QLatin1Char('/')), qPrintable(err));
        QVERIFY(!QFile::exists(root + QStringLiteral("/var/run/openvsm/vsmserver.sock")));
    }
};

QTEST_GUILESS_MAIN(TestServerIntegration)
#include "tst_serverintegration.moc"
