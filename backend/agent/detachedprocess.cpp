#include "backend/agent/detachedprocess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

namespace Agent {
namespace {

// Steps reported back through the error pipe when the child fails before exec.
enum Step : int { StepDup = 1, StepGroups, StepGid, StepUid, StepExec };

struct ChildFailure {
    int step;
    int err;
};

[[noreturn]] void reportAndExit(int fd, int step)
{
    const ChildFailure failure { step, errno };
    (void)!::write(fd, &failure, sizeof failure);
    ::_exit(127);
}

QString stepName(int step)
{
    switch (step) {
    case StepDup:
        return QStringLiteral("set up its output");
    case StepGroups:
        return QStringLiteral("set the supplementary groups");
    case StepGid:
        return QStringLiteral("switch group");
    case StepUid:
        return QStringLiteral("switch user");
    default:
        return QStringLiteral("execute");
    }
}

QString errnoText(int err = errno)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

// A file descriptor, closed when it goes out of scope (in the parent: the forked children leave
// through exec or _exit and never run destructors).
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) { }
    ~Fd() { reset(); }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;

    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    void reset(int fd = -1)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd = -1;
};

struct Pipe {
    Fd read;
    Fd write;

    bool open()
    {
        int ends[2];
        if (::pipe2(ends, O_CLOEXEC) != 0)
            return false;
        read.reset(ends[0]);
        write.reset(ends[1]);
        return true;
    }
};

// Reads one fixed-size value, retrying on EINTR; false on a short read (the writer is gone).
template<typename T> bool readValue(int fd, T *value)
{
    ssize_t n;
    do {
        n = ::read(fd, value, sizeof *value);
    } while (n < 0 && errno == EINTR);
    return n == sizeof *value;
}

// The program as a path: a bare name looked up in PATH, a path checked to be executable.
QString resolveProgram(const QString &program, QString *error)
{
    if (!program.contains(QLatin1Char('/'))) {
        const QString found = QStandardPaths::findExecutable(program);
        if (found.isEmpty())
            *error = QStringLiteral("program '%1' is not installed (not found in PATH)").arg(program);
        return found;
    }
    if (!QFileInfo(program).isExecutable()) {
        *error = QStringLiteral("program '%1' does not exist or is not executable").arg(program);
        return {};
    }
    return program;
}

// The user's supplementary groups (at least the primary group).
std::vector<gid_t> supplementaryGroups(const SpawnSpec &spec)
{
    int n = 64;
    std::vector<gid_t> groups(static_cast<size_t>(n));
    if (::getgrouplist(spec.userName.constData(), spec.gid, groups.data(), &n) < 0) {
        groups.resize(static_cast<size_t>(n));
        if (::getgrouplist(spec.userName.constData(), spec.gid, groups.data(), &n) < 0)
            n = 0;
    }
    groups.resize(static_cast<size_t>(qMax(n, 0)));
    if (groups.empty())
        groups.push_back(spec.gid);
    return groups;
}

// Everything the child needs, prepared before fork: between fork and exec only async-signal-safe
// calls happen, on this data.
class ExecImage {
public:
    ExecImage(const QString &program, const SpawnSpec &spec) : m_spec(spec)
    {
        m_args.push_back(QFile::encodeName(program));
        for (const QString &a : spec.arguments)
            m_args.push_back(a.toLocal8Bit());
        for (const QString &e : spec.environment)
            m_env.push_back(e.toLocal8Bit());
        for (QByteArray &a : m_args)
            m_argv.push_back(a.data());
        m_argv.push_back(nullptr);
        for (QByteArray &e : m_env)
            m_envp.push_back(e.data());
        m_envp.push_back(nullptr);
        if (spec.switchUser)
            m_groups = supplementaryGroups(spec);
        m_workDir = QFile::encodeName(spec.workingDirectory.isEmpty() ? QStringLiteral("/")
                                                                      : spec.workingDirectory);
        const long openMax = ::sysconf(_SC_OPEN_MAX);
        m_maxFd = static_cast<int>(openMax > 0 && openMax < 65536 ? openMax : 65536);
    }
    ExecImage(const ExecImage &) = delete;
    ExecImage &operator=(const ExecImage &) = delete;

    // In the grandchild: its own process group, default signals, stdin from in, stdout and
    // stderr to out, no inherited descriptor, the user's identity; then exec. A failure goes to
    // errFd as a ChildFailure.
    [[noreturn]] void exec(int in, int out, int errFd) const
    {
        ::setpgid(0, 0);
        ::signal(SIGHUP, SIG_DFL);
        ::signal(SIGPIPE, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0)
            reportAndExit(errFd, StepDup);
        // Nothing of the agent's (sockets, log files) leaks into the session.
        for (int fd = 3; fd < m_maxFd; ++fd)
            ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        if (m_spec.switchUser) {
            if (::setgroups(m_groups.size(), m_groups.data()) != 0)
                reportAndExit(errFd, StepGroups);
            if (::setgid(m_spec.gid) != 0)
                reportAndExit(errFd, StepGid);
            if (::setuid(m_spec.uid) != 0 || (m_spec.uid != 0 && ::setuid(0) == 0))
                reportAndExit(errFd, StepUid);
        }
        if (::chdir(m_workDir.constData()) != 0)
            (void)!::chdir("/");
        ::umask(022);
        ::execve(m_argv[0], m_argv.data(), m_envp.data());
        reportAndExit(errFd, StepExec);
    }

private:
    const SpawnSpec &m_spec;
    std::vector<QByteArray> m_args;
    std::vector<QByteArray> m_env;
    std::vector<char *> m_argv;
    std::vector<char *> m_envp;
    std::vector<gid_t> m_groups;
    QByteArray m_workDir;
    int m_maxFd = 0;
};

// The child's output: the log file (appended, created 0640), else /dev/null.
bool openOutput(const QString &logFile, Fd *devNull, Fd *log, QString *error)
{
    devNull->reset(::open("/dev/null", O_RDWR | O_CLOEXEC));
    if (logFile.isEmpty())
        return true;
    log->reset(::open(QFile::encodeName(logFile).constData(),
                      O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0640));
    if (!log->valid())
        *error = QStringLiteral("cannot open log file %1: %2").arg(logFile, errnoText());
    return log->valid();
}

// DetachedProcess::spawn, with error never null.
pid_t spawnDetached(const SpawnSpec &spec, QString *error)
{
    const QString program = resolveProgram(spec.program, error);
    if (program.isEmpty())
        return -1;
    const ExecImage image(program, spec);
    Fd devNull;
    Fd log;
    if (!openOutput(spec.logFile, &devNull, &log, error))
        return -1;
    Pipe pidPipe;
    Pipe errPipe;
    if (!pidPipe.open() || !errPipe.open()) {
        *error = QStringLiteral("cannot create a pipe: %1").arg(errnoText());
        return -1;
    }

    const pid_t middle = ::fork();
    if (middle == 0) {
        // Middle child: new session, fork the real process, tell the parent its pid, vanish.
        ::setsid();
        ::signal(SIGHUP, SIG_IGN);
        const pid_t child = ::fork();
        if (child == 0)
            image.exec(devNull.get(), log.valid() ? log.get() : devNull.get(), errPipe.write.get());
        (void)!::write(pidPipe.write.get(), &child, sizeof child);
        ::_exit(child > 0 ? 0 : 1);
    }
    const int forkErrno = errno;
    // The write ends close here, so that the reads below end when the children are done.
    pidPipe.write.reset();
    errPipe.write.reset();
    if (middle < 0) {
        *error = QStringLiteral("cannot fork: %1").arg(errnoText(forkErrno));
        return -1;
    }
    int status = 0;
    while (::waitpid(middle, &status, 0) < 0 && errno == EINTR) { }
    pid_t child = -1;
    if (!readValue(pidPipe.read.get(), &child) || child <= 0) {
        *error = QStringLiteral("cannot fork: %1").arg(errnoText());
        return -1;
    }
    // The error pipe closes on exec (O_CLOEXEC): a value there means the exec did not happen.
    ChildFailure failure {};
    if (readValue(errPipe.read.get(), &failure)) {
        *error
            = QStringLiteral("cannot %1 %2: %3").arg(stepName(failure.step), program, errnoText(failure.err));
        return -1;
    }
    return child;
}

} // namespace

pid_t DetachedProcess::spawn(const SpawnSpec &spec, QString *error)
{
    QString why;
    const pid_t pid = spawnDetached(spec, &why);
    if (pid < 0 && error)
        *error = why;
    return pid;
}

namespace {

// Reads /proc/PID/NAME whole. False with errno-style *err when it cannot (ENOENT or ESRCH: the
// process is gone; anything else, such as EMFILE: unknown).
bool readProcFile(pid_t pid, const char *name, QByteArray *out, int *err)
{
    out->clear();
    const QByteArray path = "/proc/" + QByteArray::number(pid) + '/' + name;
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err = errno;
        return false;
    }
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *err = errno;
            ::close(fd);
            return false;
        }
        if (n == 0)
            break;
        out->append(buffer, n);
        if (out->size() > 1024 * 1024)
            break;
    }
    ::close(fd);
    return true;
}

bool meansGone(int err)
{
    return err == ENOENT || err == ESRCH;
}

QString readError(pid_t pid, const char *name, int err)
{
    return QStringLiteral("cannot read /proc/%1/%2: %3")
        .arg(pid)
        .arg(QLatin1String(name), QString::fromLocal8Bit(std::strerror(err)));
}

// Fields of /proc/PID/stat after the command name (which may contain blanks and parentheses).
QList<QByteArray> statFields(const QByteArray &stat)
{
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return {};
    return stat.mid(close + 2).split(' ');
}

} // namespace

ProcessInfo DetachedProcess::inspect(pid_t pid, bool withCommandLine)
{
    ProcessInfo info;
    if (pid <= 0) {
        info.status = ProcessStatus::Gone;
        return info;
    }
    // The kernel's answer needs no file descriptor: ESRCH is proof that the process is gone.
    if (::kill(pid, 0) != 0 && errno == ESRCH) {
        info.status = ProcessStatus::Gone;
        return info;
    }
    QByteArray stat;
    int err = 0;
    if (!readProcFile(pid, "stat", &stat, &err)) {
        info.status = meansGone(err) ? ProcessStatus::Gone : ProcessStatus::Unknown;
        if (!meansGone(err))
            info.error = readError(pid, "stat", err);
        return info;
    }
    const QList<QByteArray> fields = statFields(stat);
    // Field 22 overall; fields here start at field 3 (state).
    bool ok = false;
    const quint64 start = fields.value(19).toULongLong(&ok);
    if (fields.size() < 20 || !ok) {
        info.error = QStringLiteral("cannot understand /proc/%1/stat").arg(pid);
        return info;
    }
    if (fields.first() == "Z" || fields.first() == "X") {
        info.status = ProcessStatus::Gone;
        return info;
    }
    info.startTime = start;
    if (withCommandLine) {
        QByteArray cmdline;
        if (!readProcFile(pid, "cmdline", &cmdline, &err)) {
            info.status = meansGone(err) ? ProcessStatus::Gone : ProcessStatus::Unknown;
            if (!meansGone(err))
                info.error = readError(pid, "cmdline", err);
            return info;
        }
        const QList<QByteArray> parts = cmdline.split('\0');
        for (const QByteArray &p : parts)
            info.commandLine << QString::fromLocal8Bit(p);
        if (!info.commandLine.isEmpty() && info.commandLine.last().isEmpty())
            info.commandLine.removeLast();
    }
    info.status = ProcessStatus::Running;
    return info;
}

ProcessStatus DetachedProcess::status(pid_t pid, QString *error)
{
    const ProcessInfo info = inspect(pid);
    if (error)
        *error = info.error;
    return info.status;
}

std::optional<quint64> DetachedProcess::startTime(pid_t pid)
{
    const ProcessInfo info = inspect(pid);
    return info.status == ProcessStatus::Running ? std::optional<quint64>(info.startTime) : std::nullopt;
}

std::optional<uid_t> DetachedProcess::owner(pid_t pid)
{
    QByteArray status;
    int err = 0;
    if (!readProcFile(pid, "status", &status, &err))
        return std::nullopt;
    const QList<QByteArray> lines = status.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("Uid:")) {
            const QList<QByteArray> parts = line.mid(4).simplified().split(' ');
            bool ok = false;
            const uint uid = parts.value(0).toUInt(&ok);
            if (ok)
                return static_cast<uid_t>(uid);
        }
    }
    return std::nullopt;
}

QStringList DetachedProcess::commandLine(pid_t pid)
{
    return inspect(pid, true).commandLine;
}

bool DetachedProcess::stop(pid_t pid, int graceMs)
{
    if (pid <= 0 || status(pid) == ProcessStatus::Gone)
        return true;
    ::kill(pid, SIGTERM);
    for (int waited = 0; waited < graceMs; waited += 50) {
        if (status(pid) == ProcessStatus::Gone)
            return true;
        QThread::msleep(50);
    }
    ::kill(pid, SIGKILL);
    for (int waited = 0; waited < 1000; waited += 50) {
        if (status(pid) == ProcessStatus::Gone)
            return true;
        QThread::msleep(50);
    }
    return status(pid) == ProcessStatus::Gone;
}

void DetachedProcess::stopAsync(pid_t pid, int graceMs, QObject *context, Stopped done)
{
    auto *timer = new QTimer(context);
    timer->setInterval(50);
    QElapsedTimer elapsed;
    elapsed.start();
    bool killed = false;
    if (pid > 0 && status(pid) != ProcessStatus::Gone)
        ::kill(pid, SIGTERM);
    QObject::connect(timer, &QTimer::timeout, context, [=]() mutable {
        const bool gone = pid <= 0 || status(pid) == ProcessStatus::Gone;
        if (!gone && !killed && elapsed.elapsed() >= graceMs) {
            ::kill(pid, SIGKILL);
            killed = true;
            elapsed.restart();
            return;
        }
        if (!gone && (!killed || elapsed.elapsed() < 1000))
            return;
        timer->stop();
        timer->deleteLater();
        done(gone);
    });
    timer->start();
}

QString DetachedProcess::lastLines(const QString &path, int n)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    if (f.size() > 65536)
        f.seek(f.size() - 65536);
    QStringList lines = QString::fromLocal8Bit(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.size() > n)
        lines = lines.mid(lines.size() - n);
    return lines.join(QLatin1Char('\n'));
}

} // namespace Agent
