#include "backend/tools/tlclient/tlclient.h"

#include "backend/tools/tlclient/sshtunnel.h"
#include "shared/vnc/passwordfile.h"
#include "shared/vnc/rfbclient.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>

namespace Tlclient {

TlClient::TlClient(const ClientOptions &options, QTextStream &out, QTextStream &err)
    : m_options(options), m_out(out), m_err(err)
{
}

HelperReply TlClient::askServer(const QStringList &helperArguments, bool needSession, int *exit,
                                bool *mayPass)
{
    *mayPass = false;
    QStringList remote { shellQuote(m_options.helper) };
    for (const QString &a : helperArguments)
        remote << shellQuote(a);
    QProcess ssh;
    ssh.setStandardInputFile(QProcess::nullDevice());
    ssh.start(m_options.sshProgram, sshCommandArguments(m_options, m_options.target, remote));
    HelperReply reply;
    if (!ssh.waitForStarted(5000)) {
        reply.error = QStringLiteral("cannot run %1: %2").arg(m_options.sshProgram, ssh.errorString());
        *exit = ExitUnreachable;
        return reply;
    }
    if (!ssh.waitForFinished(m_options.timeoutSeconds * 1000)) {
        ssh.kill();
        ssh.waitForFinished(1000);
        reply.error = QStringLiteral("no answer from %1 within %2 s")
                          .arg(m_options.target)
                          .arg(m_options.timeoutSeconds);
        *exit = ExitUnreachable;
        return reply;
    }
    const QByteArray output = ssh.readAllStandardOutput();
    const QString sshError = QString::fromLocal8Bit(ssh.readAllStandardError()).trimmed();
    // ssh itself exits with 255 when it could not connect or authenticate.
    if (ssh.exitStatus() != QProcess::NormalExit || ssh.exitCode() == 255) {
        reply.error
            = QStringLiteral("cannot reach %1 over SSH: %2")
                  .arg(m_options.target, sshError.isEmpty() ? QStringLiteral("ssh failed") : sshError);
        *exit = ExitUnreachable;
        *mayPass = ssh.exitStatus() == QProcess::NormalExit && sshFailureMayPass(sshError);
        return reply;
    }
    reply = parseHelperReply(output, needSession);
    if (!reply.ok) {
        if (output.trimmed().isEmpty() && !sshError.isEmpty())
            reply.error = QStringLiteral("%1 on %2: %3").arg(m_options.helper, m_options.target, sshError);
        *exit = ssh.exitCode() == 3 ? ExitUnreachable : ExitFailed;
        *mayPass = ssh.exitCode() == 3; // the helper could not reach vsmserver on the server
    }
    return reply;
}

HelperReply TlClient::askServerRetrying(const QStringList &helperArguments, bool needSession, bool repeatable,
                                        int *exit)
{
    const QDeadlineTimer until(std::chrono::seconds(m_options.retrySeconds));
    for (;;) {
        bool mayPass = false;
        QElapsedTimer tried;
        tried.start();
        const HelperReply reply = askServer(helperArguments, needSession, exit, &mayPass);
        if (reply.ok || !mayPass || !repeatable || until.hasExpired())
            return reply;
        m_err << "tlclient: " << reply.error << "; trying again (--retry, "
              << (until.remainingTime() + 999) / 1000 << " s left)" << Qt::endl;
        // Once a second: a try that took that long already goes again at once.
        QThread::msleep(static_cast<unsigned long>(
            std::clamp<qint64>(1000 - tried.elapsed(), 0, std::max<qint64>(0, until.remainingTime()))));
    }
}

int TlClient::run()
{
    int exit = ExitFailed;
    QStringList args;
    bool needSession = true;
    switch (m_options.action) {
    case ClientOptions::Action::List:
        args << QStringLiteral("list");
        needSession = false;
        break;
    case ClientOptions::Action::Terminate:
        args << QStringLiteral("terminate") << m_options.terminateId;
        needSession = false;
        break;
    case ClientOptions::Action::Get:
        args << QStringLiteral("get");
        break;
    case ClientOptions::Action::New:
        args << QStringLiteral("new");
        break;
    case ClientOptions::Action::Replace:
        args << QStringLiteral("replace");
        break;
    }
    if (needSession) {
        if (!m_options.geometry.isEmpty())
            args << QStringLiteral("--geometry") << m_options.geometry;
        if (!m_options.command.isEmpty())
            args << QStringLiteral("--command") << m_options.command;
    }
    // Reconnecting to or getting a session and listing change nothing when made twice; --new,
    // --terminate-existing and --terminate may have done their work on a try whose answer was
    // lost, and are never made again.
    const bool repeatable
        = m_options.action == ClientOptions::Action::Get || m_options.action == ClientOptions::Action::List;
    const HelperReply reply = askServerRetrying(args, needSession, repeatable, &exit);
    if (!reply.ok) {
        m_err << "tlclient: " << reply.error << Qt::endl;
        return exit;
    }
    if (m_options.action == ClientOptions::Action::List) {
        m_out << QStringLiteral("%1 %2 %3 %4 %5\n")
                     .arg(QStringLiteral("ID"), -36)
                     .arg(QStringLiteral("AGENT"), -24)
                     .arg(QStringLiteral("DISPLAY"), -7)
                     .arg(QStringLiteral("STATE"), -12)
                     .arg(QStringLiteral("CREATED"));
        for (const Protocol::ClientSession &s : reply.sessions)
            m_out << QStringLiteral("%1 %2 %3 %4 %5\n")
                         .arg(s.id, -36)
                         .arg(s.agentHostname, -24)
                         .arg(s.display, -7)
                         .arg(Store::sessionStateName(s.state), -12)
                         .arg(QDateTime::fromSecsSinceEpoch(s.created).toString(Qt::ISODate));
        m_out.flush();
        return ExitOk;
    }
    if (m_options.action == ClientOptions::Action::Terminate) {
        m_out << "terminated " << reply.terminated.join(QLatin1Char(' ')) << Qt::endl;
        return ExitOk;
    }
    for (const QString &id : reply.terminated)
        m_err << "tlclient: terminated your session " << id << Qt::endl;
    return connectTo(reply.session);
}

int TlClient::connectTo(const Protocol::ClientSession &session)
{
    SshTunnel tunnel;
    QString error;
    const QString agent = m_options.targetFor(session.agentHostname);
    if (!tunnel.open(m_options, agent, session.vncPort, m_options.timeoutSeconds * 1000, &error)) {
        m_err << "tlclient: " << error << Qt::endl;
        return ExitUnreachable;
    }
    if (m_options.check) {
        const Vnc::RfbLoginResult login = Vnc::RfbClient::loginTcp(
            QStringLiteral("127.0.0.1"), tunnel.localPort(), session.password, 15000);
        if (!login.ok) {
            m_err << "tlclient: VNC login to session " << session.id << " on " << session.agentHostname
                  << " display " << session.display << " failed: " << login.error << Qt::endl;
            return ExitFailed;
        }
        m_out << QStringLiteral("session %1 agent %2 display %3 %4 login ok (%5x%6 \"%7\")")
                     .arg(session.id, session.agentHostname)
                     .arg(session.display)
                     .arg(session.isNew.value_or(false) ? QStringLiteral("new")
                                                        : QStringLiteral("reconnected"))
                     .arg(login.width)
                     .arg(login.height)
                     .arg(login.desktopName)
              << Qt::endl;
        return ExitOk;
    }
    // The viewer reads the password from a 0600 file in a private folder, never from argv.
    QTemporaryDir dir;
    const QString passwordPath = dir.filePath(QStringLiteral("passwd"));
    if (!dir.isValid() || !Vnc::PasswordFile::write(passwordPath, session.password, &error)) {
        m_err << "tlclient: cannot keep the session password in a private file: "
              << (dir.isValid() ? error : dir.errorString()) << Qt::endl;
        return ExitFailed;
    }
    QProcess viewer;
    viewer.setProcessChannelMode(QProcess::ForwardedChannels);
    viewer.start(
        m_options.viewer,
        { QStringLiteral("-passwd"), passwordPath, QStringLiteral("127.0.0.1::%1").arg(tunnel.localPort()) });
    if (!viewer.waitForStarted(10000)) {
        m_err << "tlclient: cannot start " << m_options.viewer << ": " << viewer.errorString()
              << " (install the Debian package tigervnc-viewer)" << Qt::endl;
        return ExitFailed;
    }
    viewer.waitForFinished(-1);
    return viewer.exitStatus() == QProcess::NormalExit && viewer.exitCode() == 0 ? ExitOk : ExitFailed;
}

} // namespace Tlclient
