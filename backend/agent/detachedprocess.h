#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <sys/types.h>

#include <functional>
#include <optional>

class QObject;

namespace Agent {

// Whether a process is there, decided on evidence only. Gone: the kernel says there is no such
// process, or it is a zombie. Unknown: /proc could not be read (out of file descriptors, …);
// a caller must then keep whatever state it has and ask again later.
enum class ProcessStatus { Running, Gone, Unknown };

// What /proc/PID says about one process.
struct ProcessInfo {
    ProcessStatus status = ProcessStatus::Unknown;
    QString error; // why the status is Unknown
    quint64 startTime = 0; // clock ticks since boot (/proc/PID/stat field 22)
    QStringList commandLine; // argv, when asked for
};

// What to run, as whom, and where its output goes.
struct SpawnSpec {
    QString program; // a path, or a name looked up in PATH
    QStringList arguments;
    QStringList environment; // "KEY=VALUE"; the child gets exactly these
    bool switchUser = false; // setgroups/setgid/setuid to the fields below (caller must be root)
    uid_t uid = 0;
    gid_t gid = 0;
    QByteArray userName; // for the supplementary groups
    QString workingDirectory;
    QString logFile; // stdout + stderr appended here (created 0640); empty: /dev/null
};

// Processes that outlive the agent: spawned through a double fork in their own session, so
// they are re-parented to init (or the service manager) and survive an agent restart. Only
// async-signal-safe calls happen between fork and exec; everything else is prepared before.
class DetachedProcess final {
public:
    // Starts spec and returns the process id, or -1 with a reason (program not found, exec
    // failed, cannot switch user). The exec has happened when this returns a pid.
    static pid_t spawn(const SpawnSpec &spec, QString *error);

    // Reads /proc/PID/stat (and cmdline when withCommandLine). Never Gone on a read error.
    static ProcessInfo inspect(pid_t pid, bool withCommandLine = false);
    // Running, Gone or Unknown (with the reason in *error).
    static ProcessStatus status(pid_t pid, QString *error = nullptr);
    // True only when pid is known to exist and not be a zombie.
    static bool isRunning(pid_t pid) { return status(pid) == ProcessStatus::Running; }
    // The process' start time (clock ticks since boot, /proc/PID/stat field 22), to tell a
    // process from a later one that reused its pid.
    static std::optional<quint64> startTime(pid_t pid);
    // The real user id the process runs as.
    static std::optional<uid_t> owner(pid_t pid);
    // The process' argv, from /proc/PID/cmdline.
    static QStringList commandLine(pid_t pid);

    // SIGTERM, then SIGKILL when still running after graceMs; blocks at most graceMs + 1000 ms
    // (polling, with the event loop not running). True when the process is gone. For tests and
    // tools; the agent uses stopAsync().
    static bool stop(pid_t pid, int graceMs);

    // The same without blocking: SIGTERM now, SIGKILL after graceMs, then done(true) from the
    // event loop once the process is gone, or done(false) when it is still there (or cannot be
    // seen) 1 s after SIGKILL. Nothing is called when context is destroyed first; context must
    // not be destroyed from inside done.
    using Stopped = std::function<void(bool gone)>;
    static void stopAsync(pid_t pid, int graceMs, QObject *context, Stopped done);

    // The last n lines of a text file (for error messages from a program's log).
    static QString lastLines(const QString &path, int n);
};

} // namespace Agent
