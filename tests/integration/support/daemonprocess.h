#pragma once

#include "shared/hiveconf/tree.h"
#include "tests/integration/support/processcontrol.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>

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

// Sets one parameter in the configuration under root (where hiveconf keeps it, as tl-config does).
inline bool setConfig(const QString &root, const QString &path, const QString &value, QString *error)
{
    Hiveconf::Tree tree;
    return tree.load(root + QStringLiteral("/etc/openvsm.hconf"), error) && tree.set(path, value, error);
}

// One daemon (vsmserver, vsmagent) in its own OPENVSM_ROOT, logging to <root>/log; stopped
// with SIGTERM (then SIGKILL) when the object dies. An optional launcher runs it elsewhere, e.g.
// inNamespace(): every part of it must exec, so that the process is the daemon itself.
// The daemon runs in a session of its own and dies with the test (ownSession()); signals go to
// its pid only. One that ended while nobody stopped it has died(): signal() and stop() say so
// (false), and diagnosis() tells how it ended, with its log.
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
    ~DaemonProcess() { (void)stop(SIGTERM); }
    DaemonProcess(const DaemonProcess &) = delete;
    DaemonProcess &operator=(const DaemonProcess &) = delete;

    bool start()
    {
        m_process = std::make_unique<QProcess>();
        m_stopped = false;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENVSM_ROOT"), m_root);
        m_process->setProcessEnvironment(env);
        m_process->setStandardOutputFile(logFile(), QIODevice::Append);
        m_process->setStandardErrorFile(logFile(), QIODevice::Append);
        ownSession(m_process.get());
        const QStringList daemon { bin(m_program), QStringLiteral("--foreground") };
        if (m_launcher.isEmpty())
            m_process->start(daemon.first(), daemon.mid(1));
        else
            m_process->start(m_launcher.first(), m_launcher.mid(1) + daemon);
        return m_process->waitForStarted(10000);
    }

    // Sends signal (SIGKILL after 15 s) and waits until the daemon has ended. False when it had
    // ended before, while nobody stopped it (see diagnosis()); true when there is none.
    [[nodiscard]] bool stop(int signal)
    {
        if (!m_process || m_stopped)
            return true;
        m_stopped = true;
        if (!signalProcess(*m_process, signal))
            return false;
        if (!m_process->waitForFinished(15000)) {
            (void)signalProcess(*m_process, SIGKILL);
            m_process->waitForFinished(5000);
        }
        return true;
    }

    // Waits until port at address accepts TCP connections; false when the daemon ends first or
    // does not listen within ms.
    bool waitForPort(const QString &address, quint16 port, int ms = 15000)
    {
        QDeadlineTimer deadline(ms);
        while (running() && !deadline.hasExpired()) {
            QTcpSocket probe;
            probe.connectToHost(address, port);
            if (probe.waitForConnected(100)) {
                probe.abort();
                return true;
            }
            m_process->waitForFinished(100);
        }
        return false;
    }

    bool running() const { return m_process && m_process->state() == QProcess::Running; }
    // The exit code of a daemon that has ended by itself or been stopped; -1 while it runs, when
    // it was ended by a signal, or when there is none.
    int exitCode() const
    {
        if (!m_process || m_process->state() != QProcess::NotRunning
            || m_process->exitStatus() != QProcess::NormalExit)
            return -1;
        return m_process->exitCode();
    }
    // The daemon ended although the test did not stop it.
    bool died() { return m_process && !m_stopped && ended(*m_process); }
    // The daemon's process id (the launcher's parts all exec), 0 when it does not run.
    qint64 pid() const { return running() ? m_process->processId() : 0; }
    // Waits up to ms for the daemon to exit; returns its exit code, or -1 when it still runs.
    int waitForExit(int ms)
    {
        if (!m_process || !m_process->waitForFinished(ms))
            return running() ? -1 : (m_process ? m_process->exitCode() : -1);
        return m_process->exitCode();
    }
    // Sends number to the running daemon, by its pid. False, with nothing sent, when it does not
    // run: it died (see diagnosis()) or was stopped.
    [[nodiscard]] bool signal(int number) { return m_process && signalProcess(*m_process, number); }
    // What became of the daemon and the end of its log, for a failure message.
    QString diagnosis() const
    {
        return QStringLiteral("%1 in %2 %3\n%4")
            .arg(m_program, m_root,
                 m_process ? describeState(*m_process) : QStringLiteral("was never started"),
                 logTail(logFile()));
    }
    QString root() const { return m_root; }
    QString socket() const { return m_root + QStringLiteral("/var/run/openvsm/vsmserver.sock"); }
    QString log() const
    {
        QFile f(logFile());
        return f.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(f.readAll()) : QString();
    }

private:
    QString logFile() const { return m_root + QStringLiteral("/log"); }

    QString m_program;
    QString m_root;
    QStringList m_launcher;
    std::unique_ptr<QProcess> m_process;
    bool m_stopped = false;
};

} // namespace TestSupport
