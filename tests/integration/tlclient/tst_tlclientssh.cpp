// tlclient end to end through a real sshd on a test port with its own host key, as a
// throw-away user with an SSH key: get a session and log in to it over VNC, reconnect to the
// same session, list it, wait with --retry for a server that cannot be reached for a while, and
// refuse a server whose host key does not match known_hosts.

#include "tests/integration/support/daemonprocess.h"
#include "tests/integration/support/testuser.h"
#include "tests/integration/support/verifylogged.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using namespace TestSupport;

class TestTlClientSsh : public QObject {
    Q_OBJECT

    QTemporaryDir m_base;
    std::unique_ptr<TestUser> m_user;
    std::unique_ptr<DaemonProcess> m_agent, m_server;
    std::unique_ptr<QProcess> m_sshd;
    quint16 m_sshPort = 0;
    QString m_serverRoot;
    QString m_firstId;
    int m_firstDisplay = -1;

    QString path(const QString &name) const { return m_base.filePath(name); }

    static bool writeFile(const QString &file, const QByteArray &content, int mode)
    {
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
            return false;
        f.close();
        return ::chmod(QFile::encodeName(file).constData(), static_cast<mode_t>(mode)) == 0;
    }

    bool asUser(const QStringList &command, QByteArray *out, int *code, QByteArray *err = nullptr)
    {
        QProcess p;
        p.start(QStringLiteral("runuser"),
                QStringList { QStringLiteral("-u"), m_user->name(), QStringLiteral("--") } + command);
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
            return false;
        }
        *out = p.readAllStandardOutput();
        *code = p.exitCode();
        if (err)
            *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit;
    }

    QStringList tlclient(const QStringList &args, const QString &knownHosts = QString()) const
    {
        return QStringList {
            path(QStringLiteral("bin/tlclient")),
            QStringLiteral("-o"),
            QStringLiteral("StrictHostKeyChecking=yes"),
            QStringLiteral("-o"),
            QStringLiteral("BatchMode=yes"),
            QStringLiteral("-o"),
            QStringLiteral("UserKnownHostsFile=")
                + (knownHosts.isEmpty() ? m_user->home() + QStringLiteral("/.ssh/known_hosts") : knownHosts),
            QStringLiteral("-p"),
            QString::number(m_sshPort),
            QStringLiteral("--helper"),
            path(QStringLiteral("bin/tl-session-helper")),
            QStringLiteral("--timeout"),
            QStringLiteral("60")
        }
        + args + QStringList { m_user->name() + QStringLiteral("@127.0.0.1") };
    }

    QString logs() const
    {
        QFile sshdLog(path(QStringLiteral("sshd.log")));
        sshdLog.open(QIODevice::ReadOnly);
        return QStringLiteral("--- vsmserver ---\n%1\n--- vsmagent ---\n%2\n--- sshd ---\n%3")
            .arg(m_server ? m_server->log() : QString(), m_agent ? m_agent->log() : QString(),
                 QString::fromLocal8Bit(sshdLog.readAll()));
    }

    // The user's key pair and authorized_keys.
    void setUpUserKeys()
    {
        QByteArray out;
        int code = -1;
        const QString ssh = m_user->home() + QStringLiteral("/.ssh");
        QVERIFY(asUser({ QStringLiteral("mkdir"), QStringLiteral("-m"), QStringLiteral("700"), ssh }, &out,
                       &code));
        QVERIFY(asUser({ QStringLiteral("ssh-keygen"), QStringLiteral("-q"), QStringLiteral("-t"),
                         QStringLiteral("ed25519"), QStringLiteral("-N"), QString(), QStringLiteral("-f"),
                         ssh + QStringLiteral("/id_ed25519") },
                       &out, &code));
        QCOMPARE(code, 0);
        QVERIFY(asUser({ QStringLiteral("cp"), ssh + QStringLiteral("/id_ed25519.pub"),
                         ssh + QStringLiteral("/authorized_keys") },
                       &out, &code));
    }

    // A VSM agent and a lone VSM server; returns the agent's port (0 on failure).
    quint16 startDaemons()
    {
        const quint16 agentPort = freePort();
        if (!agentPort
            || !makeRoot(path(QStringLiteral("agent")),
                         QStringLiteral("[/vsmagent]\nlisten_port=%1\ndisplay_min=400\ndisplay_max=449\n"
                                        "agent_hostname=127.0.0.1\nxsession_script=%2\n")
                             .arg(agentPort)
                             .arg(path(QStringLiteral("xsession")))))
            return 0;
        m_agent = std::make_unique<DaemonProcess>(QStringLiteral("vsmagent"), path(QStringLiteral("agent")));
        m_serverRoot = path(QStringLiteral("server"));
        // The server tries the agent as soon as a user asks: it must listen before then.
        if (!m_agent->start() || !m_agent->waitForPort(QStringLiteral("127.0.0.1"), agentPort)
            || !makeRoot(m_serverRoot,
                         QStringLiteral("[/vsmserver]\nterminalservers=127.0.0.1:%1\nload_update_cycle=5\n")
                             .arg(agentPort)))
            return 0;
        m_server = std::make_unique<DaemonProcess>(QStringLiteral("vsmserver"), m_serverRoot);
        return m_server->start() ? agentPort : 0;
    }

    // sshd with the configuration startSshd() wrote, its log appended to.
    void launchSshd()
    {
        m_sshd = std::make_unique<QProcess>();
        m_sshd->setStandardOutputFile(path(QStringLiteral("sshd.log")), QIODevice::Append);
        m_sshd->setStandardErrorFile(path(QStringLiteral("sshd.log")), QIODevice::Append);
        m_sshd->start(QStringLiteral("/usr/sbin/sshd"),
                      { QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
                        path(QStringLiteral("sshd_config")) });
        QVERIFY(m_sshd->waitForStarted(10000));
    }

    void stopSshd()
    {
        if (!m_sshd)
            return;
        m_sshd->terminate();
        if (!m_sshd->waitForFinished(5000))
            m_sshd->kill();
        m_sshd->waitForFinished(2000);
        m_sshd.reset();
    }

    // sshd on a test port with its own host key; the helper it runs finds this server's socket
    // through OPENVSM_ROOT. The client knows the server's host key (as after a first, checked
    // connection).
    void startSshd()
    {
        m_sshPort = freePort(QHostAddress::LocalHost);
        QVERIFY(m_sshPort);
        QVERIFY(QDir().mkpath(QStringLiteral("/run/sshd")));
        const QString hostKey = path(QStringLiteral("ssh_host_ed25519_key"));
        QVERIFY(run(QStringLiteral("ssh-keygen"),
                    { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                      QStringLiteral("-N"), QString(), QStringLiteral("-f"), hostKey }));
        const QString config
            = QStringLiteral("Port %1\nListenAddress 127.0.0.1\nHostKey %2\nPidFile %3\n"
                             "UsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                             "PubkeyAuthentication yes\nAllowUsers %4\nAllowTcpForwarding yes\n"
                             "SetEnv OPENVSM_ROOT=%5\n")
                  .arg(m_sshPort)
                  .arg(hostKey, path(QStringLiteral("sshd.pid")), m_user->name(), m_serverRoot);
        QVERIFY(writeFile(path(QStringLiteral("sshd_config")), config.toUtf8(), 0600));
        launchSshd();
        if (QTest::currentTestFailed())
            return;

        QFile pub(hostKey + QStringLiteral(".pub"));
        QVERIFY(pub.open(QIODevice::ReadOnly));
        const QByteArray knownHosts = "[127.0.0.1]:" + QByteArray::number(m_sshPort) + ' ' + pub.readAll();
        QByteArray out;
        int code = -1;
        QVERIFY(
            asUser({ QStringLiteral("sh"), QStringLiteral("-c"),
                     QStringLiteral("printf '%s' \"$1\" > \"$2\""), QStringLiteral("sh"),
                     QString::fromLatin1(knownHosts), m_user->home() + QStringLiteral("/.ssh/known_hosts") },
                   &out, &code));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (::getuid() != 0)
            QSKIP("needs root: runs sshd on a test port and creates a throw-away user");
        for (const char *tool : { "Xvnc", "ssh", "ssh-keygen", "runuser", "useradd" }) {
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                QSKIP(qPrintable(
                    QStringLiteral("needs %1 (packages tigervnc-standalone-server, openssh-client, "
                                   "openssh-server, util-linux, passwd)")
                        .arg(QString::fromLatin1(tool))));
        }
        if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
            QSKIP("needs /usr/sbin/sshd (Debian package openssh-server)");
        QVERIFY(m_base.isValid());
        ::chmod(QFile::encodeName(m_base.path()).constData(), 0755);

        // The user's programs, where the throw-away user can run them whatever the build
        // tree's permissions.
        QVERIFY(QDir().mkpath(path(QStringLiteral("bin"))));
        for (const char *program : { "tlclient", "tl-session-helper" }) {
            const QString name = QString::fromLatin1(program);
            QVERIFY2(QFile::copy(bin(name), path(QStringLiteral("bin/")) + name), qPrintable(bin(name)));
        }
        QVERIFY(writeFile(path(QStringLiteral("xsession")), "#!/bin/sh\nexec sleep 3600\n", 0755));

        m_user = std::make_unique<TestUser>(QStringLiteral("ovcli"));
        QVERIFY2(m_user->ok(), qPrintable(m_user->error()));
        // sshd without PAM refuses a locked ('!') password field; '*' only disables passwords.
        QVERIFY(
            run(QStringLiteral("usermod"), { QStringLiteral("-p"), QStringLiteral("*"), m_user->name() }));

        setUpUserKeys();
        if (QTest::currentTestFailed())
            return;
        const quint16 agentPort = startDaemons();
        QVERIFY(agentPort);
        startSshd();
        if (QTest::currentTestFailed())
            return;
        // The helper connects to the server's socket: wait until the server listens on it.
        QTRY_VERIFY2_WITH_TIMEOUT(m_server->log().contains(QStringLiteral("listening for users and tlctl")),
                                  qPrintable(m_server->diagnosis()), 15000);
    }

    void cleanupTestCase()
    {
        if (m_server && m_server->running())
            run(bin(QStringLiteral("tlctl")),
                { QStringLiteral("session"), QStringLiteral("terminate"), QStringLiteral("--all"),
                  QStringLiteral("-y"), QStringLiteral("--socket"),
                  m_serverRoot + QStringLiteral("/var/run/openvsm/vsmserver.sock") });
        stopSshd();
        m_server.reset();
        m_agent.reset();
        m_user.reset();
    }

    void checkGetsSessionAndLogsIn()
    {
        QByteArray out, err;
        int code = -1;
        QVERIFY(asUser(tlclient({ QStringLiteral("--check") }), &out, &code, &err));
        VERIFY_LOGGED(code == 0, QString::fromLocal8Bit(err) + logs());
        static const QRegularExpression line(QStringLiteral(
            "^session (\\S+) agent 127\\.0\\.0\\.1 display (\\d+) new login ok \\(\\d+x\\d+ "));
        const QRegularExpressionMatch m = line.match(QString::fromUtf8(out));
        QVERIFY2(m.hasMatch(), out.constData());
        m_firstId = m.captured(1);
        m_firstDisplay = m.captured(2).toInt();
        QVERIFY(m_firstDisplay >= 400 && m_firstDisplay <= 449);
    }

    void secondCheckReconnectsToTheSameSession()
    {
        QVERIFY(!m_firstId.isEmpty());
        QByteArray out, err;
        int code = -1;
        QVERIFY(asUser(tlclient({ QStringLiteral("--check") }), &out, &code, &err));
        VERIFY_LOGGED(code == 0, QString::fromLocal8Bit(err) + logs());
        const QString expected = QStringLiteral("session %1 agent 127.0.0.1 display %2 reconnected login ok")
                                     .arg(m_firstId)
                                     .arg(m_firstDisplay);
        QVERIFY2(QString::fromUtf8(out).startsWith(expected), out.constData());
    }

    void listShowsTheSession()
    {
        QByteArray out;
        int code = -1;
        QVERIFY(!m_firstId.isEmpty());
        QVERIFY(asUser(tlclient({ QStringLiteral("--list") }), &out, &code));
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(m_firstId.toUtf8()), out.constData());
        QCOMPARE(out.count(m_firstId.toUtf8()), 1);
    }

    // A server that cannot be reached for a while (sshd stopped, as a failover leaves the
    // server's address unanswered until it moves): with --retry the client tries again once a
    // second and reconnects to the session once sshd is back; without it, or for --new (which
    // may have started a session on a try whose answer was lost), it gives up at once.
    void retryWaitsForTheServer()
    {
        QVERIFY(!m_firstId.isEmpty());
        stopSshd();
        QByteArray out, err;
        int code = -1;
        QElapsedTimer once;
        once.start();
        QVERIFY(asUser(tlclient({ QStringLiteral("--check") }), &out, &code, &err));
        QCOMPARE(code, 3);
        QVERIFY2(err.contains("Connection refused") && !err.contains("trying again"), err.constData());
        QVERIFY(asUser(tlclient({ QStringLiteral("--new"), QStringLiteral("--retry"), QStringLiteral("30"),
                                  QStringLiteral("--check") }),
                       &out, &code, &err));
        QCOMPARE(code, 3);
        QVERIFY2(!err.contains("trying again"), err.constData());
        QVERIFY2(once.elapsed() < 10000, "a call without --retry (or for --new) waited");

        QProcess retrying;
        retrying.start(
            QStringLiteral("runuser"),
            QStringList { QStringLiteral("-u"), m_user->name(), QStringLiteral("--") }
                + tlclient({ QStringLiteral("--retry"), QStringLiteral("30"), QStringLiteral("--check") }));
        QVERIFY(retrying.waitForStarted(10000));
        QByteArray said;
        QTRY_VERIFY2_WITH_TIMEOUT((said += retrying.readAllStandardError()).contains("trying again (--retry"),
                                  said.constData(), 10000);
        QTest::qWait(1500); // a few more tries against nothing
        QCOMPARE(retrying.state(), QProcess::Running);
        launchSshd();
        QVERIFY(retrying.waitForFinished(60000));
        out = retrying.readAllStandardOutput();
        VERIFY_LOGGED(retrying.exitCode() == 0,
                      QString::fromLocal8Bit(retrying.readAllStandardError()) + logs());
        const QString expected = QStringLiteral("session %1 agent 127.0.0.1 display %2 reconnected login ok")
                                     .arg(m_firstId)
                                     .arg(m_firstDisplay);
        QVERIFY2(QString::fromUtf8(out).startsWith(expected), out.constData());
    }

    void changedHostKeyIsRefused()
    {
        // A known_hosts entry with another key for the same server: ssh must refuse, and
        // tlclient must say it could not reach the server (exit 3), not log in.
        const QString otherKey = path(QStringLiteral("other_key"));
        QVERIFY(run(QStringLiteral("ssh-keygen"),
                    { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                      QStringLiteral("-N"), QString(), QStringLiteral("-f"), otherKey }));
        QFile pub(otherKey + QStringLiteral(".pub"));
        QVERIFY(pub.open(QIODevice::ReadOnly));
        const QString knownHosts = path(QStringLiteral("wrong_known_hosts"));
        QVERIFY(writeFile(knownHosts, "[127.0.0.1]:" + QByteArray::number(m_sshPort) + ' ' + pub.readAll(),
                          0644));
        QByteArray out, err;
        int code = -1;
        // --retry does not try again after that: the key will not change back by waiting.
        QVERIFY(
            asUser(tlclient({ QStringLiteral("--check"), QStringLiteral("--retry"), QStringLiteral("30") },
                            knownHosts),
                   &out, &code, &err));
        QCOMPARE(code, 3);
        QVERIFY2(err.contains("cannot reach") && err.contains("HOST IDENTIFICATION HAS CHANGED")
                     && !err.contains("trying again"),
                 err.constData());
        QVERIFY(!out.contains("login ok"));
    }
};

QTEST_GUILESS_MAIN(TestTlClientSsh)
#include "tst_tlclientssh.moc"
