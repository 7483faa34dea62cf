#pragma once

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>

#include <csignal>
#include <memory>
#include <sys/stat.h>

// Helpers for tests that run the real programs from the build tree.
namespace TestSupport {

// A program in the build tree's bin folder.
inline QString bin(const QString &program)
{
    return qEnvironmentVariable("OPENVSM_BUILD_BIN") + QLatin1Char('/') + program;
}

// A TCP port nobody listens on right now.
inline quint16 freePort(const QHostAddress &address = QHostAddress::Any)
{
    QTcpServer s;
    if (!s.listen(address, 0))
        return 0;
    return s.serverPort();
}

// Runs a program to its end (2 minutes at most); stdout to *out, exit code to *code.
inline bool run(const QString &program, const QStringList &args, QByteArray *out = nullptr,
                int *code = nullptr,
                const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return false;
    }
    if (out)
        *out = p.readAllStandardOutput();
    if (code)
        *code = p.exitCode();
    return p.exitStatus() == QProcess::NormalExit;
}

// An OPENVSM_ROOT with the shipped default configuration and a conf.d/zz-test.hconf holding
// overrides (read last, so its values win).
inline bool makeRoot(const QString &root, const QString &overrides)
{
    const QString etc = root + QStringLiteral("/etc");
    if (!QDir().mkpath(etc + QStringLiteral("/conf.d")))
        return false;
    const QString source = qEnvironmentVariable("OPENVSM_SOURCE_DIR") + QStringLiteral("/packaging/etc");
    const QStringList files { QStringLiteral("openvsm.hconf"), QStringLiteral("conf.d/vsm.hconf"),
                              QStringLiteral("conf.d/vsmagent.hconf"),
                              QStringLiteral("conf.d/vsmserver.hconf") };
    for (const QString &f : files) {
        QFile::remove(etc + QLatin1Char('/') + f);
        if (!QFile::copy(source + QLatin1Char('/') + f, etc + QLatin1Char('/') + f))
            return false;
    }
    QFile test(etc + QStringLiteral("/conf.d/zz-test.hconf"));
    if (!test.open(QIODevice::WriteOnly))
        return false;
    test.write(overrides.toUtf8());
    ::chmod(QFile::encodeName(root).constData(), 0755);
    return true;
}

// One daemon (vsmserver, vsmagent) in its own OPENVSM_ROOT, logging to <root>/log; stopped
// with SIGTERM (then SIGKILL) when the object dies. An optional launcher runs it elsewhere, e.g.
// inNamespace(): every part of it must exec, so that the process is the daemon itself.
class DaemonProcess {
public:
    DaemonProcess(const QString &program, const QString &root, const QStringList &launcher = {})
        : m_program(program), m_root(root), m_launcher(launcher)
    {
    }

    // A launcher for a network namespace the test made, with its own host name:
    //   ip netns exec NS unshare --uts sh -c 'hostname "$0"; exec "$@"' HOSTNAME PROGRAM ...
    static QStringList inNamespace(const QString &ns, const QString &hostname)
    {
        return { QStringLiteral("ip"),
                 QStringLiteral("netns"),
                 QStringLiteral("exec"),
                 ns,
                 QStringLiteral("unshare"),
                 QStringLiteral("--uts"),
                 QStringLiteral("sh"),
                 QStringLiteral("-c"),
                 QStringLiteral("hostname \"$0\"; exec \"$@\""),
                 hostname };
    }
    ~DaemonProcess() { stop(SIGTERM); }
    DaemonProcess(const DaemonProcess &) = delete;
    DaemonProcess &operator=(const DaemonProcess &) = delete;

    bool start()
    {
        m_process = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENVSM_ROOT"), m_root);
        m_process->setProcessEnvironment(env);
        m_process->setStandardOutputFile(m_root + QStringLiteral("/log"), QIODevice::Append);
        m_process->setStandardErrorFile(m_root + QStringLiteral("/log"), QIODevice::Append);
        if (m_launcher.isEmpty())
            if (m_launcher.isEmpty())
                m_process->start(bin(m_program), { QStringLiteral("--foreground") });
            else
                m_process->start(m_launcher.first(),
                                 m_launcher.mid(1)
                                     + QStringList { bin(m_program), QStringLiteral("--foreground") });
        else
            m_process->start(m_launcher.first(),
                             m_launcher.mid(1)
                                 + QStringList { bin(m_program), QStringLiteral("--foreground") });
        return m_process->waitForStarted(10000);
    }

    void stop(int signal)
    {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        ::kill(static_cast<pid_t>(m_process->processId()), signal);
        if (!m_process->waitForFinished(15000)) {
            ::kill(static_cast<pid_t>(m_process->processId()), SIGKILL);
            m_process->waitForFinished(5000);
        }
    }

    bool running() const { return m_process && m_process->state() == QProcess::Running; }
    // The daemon's process id (the launcher's parts all exec), 0 when it does not run.
    qint64 pid() const { return running() ? m_process->processId() : 0; }
    // Waits up to ms for the daemon to exit; returns its exit code, or -1 when it still runs.
    int waitForExit(int ms)
    {
        if (!m_process || !m_process->waitForFinished(ms))
            return running() ? -1 : (m_process ? m_process->exitCode() : -1);
        return m_process->exitCode();
    }
    void signal(int number) { ::kill(static_cast<pid_t>(m_process->processId()), number); }
    QString root() const { return m_root; }
    QString socket() const { return m_root + QStringLiteral("/var/run/openvsm/vsmserver.sock"); }
    QString log() const
    {
        QFile f(m_root + QStringLiteral("/log"));
        return f.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(f.readAll()) : QString();
    }

private:
    QString m_program;
    QString m_root;
    QStringList m_launcher;
    std::unique_ptr<QProcess> m_process;
};

} // namespace TestSupport
