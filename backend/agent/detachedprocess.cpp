#include "detachedprocess.h"

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

void reportAndExit(int fd, int step)
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

} // namespace

pid_t DetachedProcess::spawn(const SpawnSpec &spec, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return pid_t(-1);
    };

    QString program = spec.program;
    if (!program.contains(QLatin1Char('/'))) {
        program = QStandardPaths::findExecutable(program);
        if (program.isEmpty())
            return fail(
                QStringLiteral("program '%1' is not installed (not found in PATH)").arg(spec.program));
    } else if (!QFileInfo(program).isExecutable()) {
        return fail(QStringLiteral("program '%1' does not exist or is not executable").arg(program));
    }

    // Everything the child needs, prepared before fork.
    std::vector<QByteArray> argStore;
    argStore.push_back(QFile::encodeName(program));
    for (const QString &a : spec.arguments)
        argStore.push_back(a.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &a : argStore)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<QByteArray> envStore;
    for (const QString &e : spec.environment)
        envStore.push_back(e.toLocal8Bit());
    std::vector<char *> envp;
    for (QByteArray &e : envStore)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    std::vector<gid_t> groups;
    if (spec.switchUser) {
        int n = 64;
        groups.resize(static_cast<size_t>(n));
        if (::getgrouplist(spec.userName.constData(), spec.gid, groups.data(), &n) < 0) {
            groups.resize(static_cast<size_t>(n));
            if (::getgrouplist(spec.userName.constData(), spec.gid, groups.data(), &n) < 0)
                n = 0;
        }
        groups.resize(static_cast<size_t>(qMax(n, 0)));
        if (groups.empty())
            groups.push_back(spec.gid);
    }

    const QByteArray workDir
        = QFile::encodeName(spec.workingDirectory.isEmpty() ? QStringLiteral("/") : spec.workingDirectory);
    const int devNull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    int logFd = -1;
    if (!spec.logFile.isEmpty()) {
        logFd = ::open(QFile::encodeName(spec.logFile).constData(),
                       O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0640);
        if (logFd < 0) {
            const QString why = QString::fromLocal8Bit(std::strerror(errno));
            if (devNull >= 0)
                ::close(devNull);
            return fail(QStringLiteral("cannot open log file %1: %2").arg(spec.logFile, why));
        }
    }
    const int outFd = logFd >= 0 ? logFd : devNull;

    const long openMax = ::sysconf(_SC_OPEN_MAX);
    const int maxFd = static_cast<int>(openMax > 0 && openMax < 65536 ? openMax : 65536);

    int pidPipe[2];
    int errPipe[2];
    if (::pipe2(pidPipe, O_CLOEXEC) != 0) {
        if (devNull >= 0)
            ::close(devNull);
        if (logFd >= 0)
            ::close(logFd);
        return fail(
            QStringLiteral("cannot create a pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    if (::pipe2(errPipe, O_CLOEXEC) != 0) {
        ::close(pidPipe[0]);
        ::close(pidPipe[1]);
        if (devNull >= 0)
            ::close(devNull);
        if (logFd >= 0)
            ::close(logFd);
        return fail(
            QStringLiteral("cannot create a pipe: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    }

    const pid_t middle = ::fork();
    if (middle == 0) {
        // Middle child: new session, fork the real process, tell the parent its pid, vanish.
        ::setsid();
        ::signal(SIGHUP, SIG_IGN);
        const pid_t child = ::fork();
        if (child == 0) {
            ::setpgid(0, 0);
            ::signal(SIGHUP, SIG_DFL);
            ::signal(SIGPIPE, SIG_DFL);
            sigset_t none;
            sigemptyset(&none);
            ::sigprocmask(SIG_SETMASK, &none, nullptr);
            if (::dup2(devNull, 0) < 0 || ::dup2(outFd, 1) < 0 || ::dup2(outFd, 2) < 0)
                reportAndExit(errPipe[1], StepDup);
            // Nothing of the agent's (sockets, log files) leaks into the session.
            for (int fd = 3; fd < maxFd; ++fd)
                ::fcntl(fd, F_SETFD, FD_CLOEXEC);
            if (spec.switchUser) {
                if (::setgroups(groups.size(), groups.data()) != 0)
                    reportAndExit(errPipe[1], StepGroups);
                if (::setgid(spec.gid) != 0)
                    reportAndExit(errPipe[1], StepGid);
                if (::setuid(spec.uid) != 0 || (spec.uid != 0 && ::setuid(0) == 0))
                    reportAndExit(errPipe[1], StepUid);
            }
            if (::chdir(workDir.constData()) != 0)
                (void)!::chdir("/");
            ::umask(022);
            ::execve(argv[0], argv.data(), envp.data());
            reportAndExit(errPipe[1], StepExec);
        }
        (void)!::write(pidPipe[1], &child, sizeof child);
        ::_exit(child > 0 ? 0 : 1);
    }

    ::close(pidPipe[1]);
    ::close(errPipe[1]);
    if (devNull >= 0)
        ::close(devNull);
    if (logFd >= 0)
        ::close(logFd);
    auto closeReadEnds = [&] {
        ::close(pidPipe[0]);
        ::close(errPipe[0]);
    };
    if (middle < 0) {
        closeReadEnds();
        return fail(QStringLiteral("cannot fork: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    int status = 0;
    while (::waitpid(middle, &status, 0) < 0 && errno == EINTR) { }
    pid_t child = -1;
    ssize_t n;
    do {
        n = ::read(pidPipe[0], &child, sizeof child);
    } while (n < 0 && errno == EINTR);
    if (n != sizeof child || child <= 0) {
        closeReadEnds();
        return fail(QStringLiteral("cannot fork: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    ChildFailure failure {};
    do {
        n = ::read(errPipe[0], &failure, sizeof failure);
    } while (n < 0 && errno == EINTR);
    closeReadEnds();
    if (n == sizeof failure) {
        return fail(
            QStringLiteral("cannot %1 %2: %3")
                .arg(stepName(failure.step), program, QString::fromLocal8Bit(std::strerror(failure.err))));
    }
    return child;
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
