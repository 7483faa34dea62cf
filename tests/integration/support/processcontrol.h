#pragma once

#include <QFile>
#include <QProcess>
#include <QString>

#include <csignal>
#include <cstring>
#include <sys/prctl.h>
#include <unistd.h>

// How tests start the daemons they own and how they signal them.
namespace TestSupport {

// Makes the program that p starts next run in a session and process group of its own, and get
// SIGTERM when the thread that starts it dies (the test's main thread: also when CTest kills the
// test at its timeout). Nothing the program or its children send to "their" process group
// reaches the test or CTest, and nothing sent to the test's group (a terminal's ^C or hang-up, an
// outer `timeout` passing a signal on to its group) reaches the program: the test stops it, by
// its pid.
inline void ownSession(QProcess *p)
{
    p->setChildProcessModifier([] {
        ::setsid();
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    });
}

// Whether the program that p started is not running (any more). Asks the system rather than
// trust QProcess's state, which changes only when an event loop or a waitFor...() runs.
inline bool ended(QProcess &p)
{
    if (p.state() == QProcess::Running)
        p.waitForFinished(0);
    return p.state() != QProcess::Running;
}

// Sends signal to the program that p runs, by its pid. Once the program has ended,
// QProcess::processId() is 0, and ::kill(0, ...) signals the caller's whole process group (the
// test, CTest, whatever launched them): this never signals pid 0 or a negative pid (a group).
// False, with nothing sent, when p does not run, also when it has ended but QProcess has not
// noticed yet (no event loop ran since).
[[nodiscard]] inline bool signalProcess(QProcess &p, int signal)
{
    if (ended(p))
        return false;
    const qint64 pid = p.processId();
    if (pid <= 0)
        return false;
    return ::kill(static_cast<pid_t>(pid), signal) == 0;
}

// How the program p ran ended, for a test's failure message: "exited with code 1", "was
// killed by signal 9 (Killed)", "runs (pid 123)", "did not start: ...".
inline QString describeState(const QProcess &p)
{
    if (p.state() != QProcess::NotRunning)
        return QStringLiteral("runs (pid %1)").arg(p.processId());
    if (p.error() == QProcess::FailedToStart)
        return QStringLiteral("did not start: %1").arg(p.errorString());
    if (p.exitStatus() == QProcess::CrashExit)
        return QStringLiteral("was killed by signal %1 (%2)")
            .arg(p.exitCode())
            .arg(QString::fromLocal8Bit(::strsignal(p.exitCode())));
    return QStringLiteral("exited with code %1").arg(p.exitCode());
}

// The last maxChars characters of a log file, with a header naming it.
inline QString logTail(const QString &path, qsizetype maxChars = 6000)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("--- %1: %2 ---").arg(path, f.errorString());
    const QString text = QString::fromLocal8Bit(f.readAll());
    return QStringLiteral("--- %1%2 ---\n%3")
        .arg(path, text.size() > maxChars ? QStringLiteral(" (end)") : QString(), text.right(maxChars));
}

// A process the test did not start itself (a session's Xvnc, say), known by its pid and its
// start time (field 22 of /proc/PID/stat). Pids are reused, after 32768 by default: a pid kept for
// the cleanup may belong to another process by then, of this run or of another one on the same
// machine, and is then never signalled.
class KnownProcess {
public:
    // The process that has pid now (it must be running).
    static KnownProcess now(qint64 pid) { return KnownProcess(pid, startTime(pid)); }
    KnownProcess(qint64 pid, quint64 startTime) : m_pid(pid), m_startTime(startTime) { }

    qint64 pid() const { return m_pid; }
    // The pid still is this process, and it has not ended.
    bool runs() const
    {
        const QByteArray stat = readStat(m_pid);
        return m_pid > 0 && m_startTime != 0 && field(stat, 22).toULongLong() == m_startTime
            && field(stat, 3) != "Z" && field(stat, 3) != "X";
    }
    // SIGTERM, then SIGKILL after graceMs; each only while the pid still is this process.
    void stop(int graceMs = 2000) const
    {
        for (const int signal : { SIGTERM, SIGKILL }) {
            if (!runs())
                return;
            ::kill(static_cast<pid_t>(m_pid), signal);
            for (int waited = 0; waited < graceMs && runs(); waited += 50)
                ::usleep(50 * 1000);
        }
    }

    static quint64 startTime(qint64 pid) { return field(readStat(pid), 22).toULongLong(); }

private:
    static QByteArray readStat(qint64 pid)
    {
        if (pid <= 0)
            return {};
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    // Field n (from 1) of /proc/PID/stat; the command name (2) may hold blanks and parentheses.
    static QByteArray field(const QByteArray &stat, int n)
    {
        const qsizetype close = stat.lastIndexOf(')');
        if (close < 0 || n < 3)
            return {};
        return stat.mid(close + 2).split(' ').value(n - 3);
    }

    qint64 m_pid = 0;
    quint64 m_startTime = 0;
};

} // namespace TestSupport
