#include "backend/tools/tlclient/sshtunnel.h"

#include "shared/vnc/rfbclient.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QThread>

#include <algorithm>

namespace Tlclient {

QString shellQuote(const QString &word)
{
    if (!word.isEmpty()) {
        bool plain = true;
        for (const QChar c : word) {
            if (!(c.isLetterOrNumber() || QStringLiteral("@%+=:,./-_").contains(c))) {
                plain = false;
                break;
            }
        }
        if (plain)
            return word;
    }
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

bool sshFailureMayPass(const QString &sshError)
{
    static const QStringList never {
        QStringLiteral("Permission denied"),
        QStringLiteral("Host key verification failed"),
        QStringLiteral("IDENTIFICATION HAS CHANGED"),
        QStringLiteral("Could not resolve hostname"),
        QStringLiteral("Too many authentication failures"),
    };
    static const QStringList passing {
        QStringLiteral("Connection refused"),     QStringLiteral("Connection reset"),
        QStringLiteral("Connection timed out"),   QStringLiteral("No route to host"),
        QStringLiteral("Network is unreachable"), QStringLiteral("Connection closed by"),
        QStringLiteral("closed by remote host"),  QStringLiteral("Broken pipe"),
        QStringLiteral("not responding"),
    };
    const auto mentions = [&sshError](const QStringList &phrases) {
        return std::any_of(phrases.cbegin(), phrases.cend(), [&sshError](const QString &p) {
            return sshError.contains(p, Qt::CaseInsensitive);
        });
    };
    return !mentions(never) && mentions(passing);
}

static QStringList commonSshArguments(const ClientOptions &options)
{
    QStringList args;
    if (!options.sshPort.isEmpty())
        args << QStringLiteral("-p") << options.sshPort;
    for (const QString &o : options.sshOptions)
        args << QStringLiteral("-o") << o;
    return args;
}

QStringList sshCommandArguments(const ClientOptions &options, const QString &target,
                                const QStringList &remote)
{
    // The call waits silently for the helper's answer. When the server goes away meanwhile (its
    // resource IP moved in a failover: the new holder answers the keepalive with a reset; its
    // cable pulled: no answer at all), the keepalives end the call within seconds rather than at
    // --timeout. After the caller's -o options: ssh keeps the first value it is given.
    return commonSshArguments(options)
        << QStringLiteral("-o") << QStringLiteral("ServerAliveInterval=%1").arg(ServerAliveSeconds)
        << QStringLiteral("-o") << QStringLiteral("ServerAliveCountMax=%1").arg(ServerAliveCountMax)
        << QStringLiteral("-T") << QStringLiteral("--") << target << remote.join(QLatin1Char(' '));
}

QStringList sshTunnelArguments(const ClientOptions &options, const QString &target, quint16 localPort,
                               int remotePort)
{
    return commonSshArguments(options)
        << QStringLiteral("-N") << QStringLiteral("-o") << QStringLiteral("ExitOnForwardFailure=yes")
        << QStringLiteral("-L") << QStringLiteral("127.0.0.1:%1:localhost:%2").arg(localPort).arg(remotePort)
        << QStringLiteral("--") << target;
}

SshTunnel::~SshTunnel()
{
    close();
}

void SshTunnel::close()
{
    if (!m_ssh)
        return;
    if (m_ssh->state() != QProcess::NotRunning) {
        m_ssh->terminate();
        if (!m_ssh->waitForFinished(3000)) {
            m_ssh->kill();
            m_ssh->waitForFinished(1000);
        }
    }
    m_ssh.reset();
}

bool SshTunnel::open(const ClientOptions &options, const QString &target, int remotePort, int timeoutMs,
                     QString *error)
{
    close();
    // A free local port: ask the kernel for one, then hand it to ssh. Another program could
    // take it in between; ssh then fails with ExitOnForwardFailure and we say so.
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            *error = QStringLiteral("no free local port for the VNC tunnel: %1").arg(probe.errorString());
            return false;
        }
        m_localPort = probe.serverPort();
    }
    m_ssh = std::make_unique<QProcess>();
    m_ssh->setProcessChannelMode(QProcess::SeparateChannels);
    m_ssh->setStandardInputFile(QProcess::nullDevice());
    m_ssh->start(options.sshProgram, sshTunnelArguments(options, target, m_localPort, remotePort));
    if (!m_ssh->waitForStarted(5000)) {
        *error = QStringLiteral("cannot run %1: %2").arg(options.sshProgram, m_ssh->errorString());
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    QString lastReason;
    while (!deadline.hasExpired()) {
        if (m_ssh->state() == QProcess::NotRunning || m_ssh->waitForFinished(0)) {
            const QString sshError = QString::fromLocal8Bit(m_ssh->readAllStandardError()).trimmed();
            *error = QStringLiteral("the SSH tunnel to %1 failed: %2")
                         .arg(target, sshError.isEmpty() ? QStringLiteral("ssh exited") : sshError);
            return false;
        }
        if (Vnc::RfbClient::probe(QStringLiteral("127.0.0.1"), m_localPort, 1000, &lastReason))
            return true;
        QThread::msleep(100);
    }
    *error = QStringLiteral("the VNC server did not answer through the SSH tunnel to %1 within %2 s (%3)")
                 .arg(target)
                 .arg(timeoutMs / 1000)
                 .arg(lastReason);
    close();
    return false;
}

} // namespace Tlclient
