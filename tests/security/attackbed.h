#pragma once

// What the security tests share: a real vsmagent and vsmserver on loopback in throw-away roots,
// the attacker tool run as an unprivileged user, and the health check keepalived would run,
// timed. Everything started here stops when the object dies, also when a check fails.

#include "tests/integration/support/daemonprocess.h"
#include "tests/integration/support/testuser.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace AttackBed {

inline QString q(const char *s)
{
    return QString::fromUtf8(s);
}

struct Result {
    int code = -1;
    QString out;
    qint64 ms = 0;
};

// Runs program as user (setpriv: real and effective uid/gid, that user's groups), stdout and
// stderr together.
inline Result runAs(const TestUser &user, const QString &program, const QStringList &args,
                    int timeoutMs = 60000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QElapsedTimer t;
    t.start();
    p.start(q("setpriv"),
            QStringList { q("--reuid"), user.name(), q("--regid"), user.name(), q("--init-groups"), q("--"),
                          program }
                + args);
    Result r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
    }
    r.ms = t.elapsed();
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromLocal8Bit(p.readAll());
    return r;
}

// The health check keepalived runs, timed.
inline Result health(const QString &socket)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QElapsedTimer t;
    t.start();
    p.start(TestSupport::bin(q("tlctl")), { q("ha"), q("health"), q("--socket"), socket });
    Result r;
    if (!p.waitForFinished(10000))
        p.kill();
    p.waitForFinished(1000);
    r.ms = t.elapsed();
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromLocal8Bit(p.readAll());
    return r;
}

inline bool waitForPort(quint16 port, int ms = 15000)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        if (probe.waitForConnected(200))
            return true;
        QTest::qWait(100);
    }
    return false;
}

// One vsmagent and one vsmserver (HA off) on loopback: the agent on agentPort, the server's
// admin API on adminPort, its Unix socket at server->socket().
struct SingleNode {
    QTemporaryDir dir;
    quint16 agentPort = 0;
    quint16 adminPort = 0;
    std::unique_ptr<TestSupport::DaemonProcess> agent;
    std::unique_ptr<TestSupport::DaemonProcess> server;

    QString agentRoot() const { return dir.filePath(q("agent")); }
    QString serverRoot() const { return dir.filePath(q("server")); }

    // launcher: e.g. { "prlimit", "--nofile=128:128", "--" } to start the server under limits.
    bool start(QString *error, const QString &agentExtra = {}, const QStringList &serverLauncher = {})
    {
        ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
        agentPort = TestSupport::freePort();
        adminPort = TestSupport::freePort();
        const QString agentConfig = QStringLiteral("[/vsm]\nvsm_agent_port=%1\n[/vsmagent]\nlisten_port=%1\n"
                                                   "display_min=400\ndisplay_max=409\n%2")
                                        .arg(agentPort)
                                        .arg(agentExtra);
        const QString serverConfig
            = QStringLiteral("[/vsm]\nvsm_agent_port=%1\n[/vsmserver]\nterminalservers=127.0.0.1\n"
                             "[/vsmserver/admin]\nlisten_port=%2\n")
                  .arg(agentPort)
                  .arg(adminPort);
        if (!TestSupport::makeRoot(agentRoot(), agentConfig)
            || !TestSupport::makeRoot(serverRoot(), serverConfig)) {
            *error = q("cannot write the configuration");
            return false;
        }
        agent = std::make_unique<TestSupport::DaemonProcess>(q("vsmagent"), agentRoot());
        server = std::make_unique<TestSupport::DaemonProcess>(q("vsmserver"), serverRoot(), serverLauncher);
        if (!agent->start() || !waitForPort(agentPort)) {
            *error = q("vsmagent did not start: ") + agent->log();
            return false;
        }
        if (!server->start() || !waitForPort(adminPort)) {
            *error = q("vsmserver did not start: ") + server->log();
            return false;
        }
        QDeadlineTimer deadline(10000);
        while (!QFileInfo::exists(server->socket()) && !deadline.hasExpired())
            QTest::qWait(50);
        return QFileInfo::exists(server->socket());
    }
};

// Connects to 127.0.0.1:port from source address from (any 127.x.y.z is this machine).
inline QTcpSocket *connectFrom(const QString &from, quint16 port, QObject *parent)
{
    auto *s = new QTcpSocket(parent);
    s->bind(QHostAddress(from), 0);
    s->connectToHost(QHostAddress::LocalHost, port);
    return s;
}

} // namespace AttackBed
