#include "backend/server/admin/keepalivedconf.h"

#include "shared/net/secretfile.h"
#include "shared/paths/paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>

namespace Admin::KeepalivedConf {

namespace {

using Done = std::function<void(const Protocol::AdminKeepalivedConf &, const QString &)>;

constexpr int CheckTimeoutMs = 10000; // keepalived -t
constexpr int StartTimeoutMs = 30000; // systemctl start keepalived

// Runs program with args; done(exit code, output) or (-1, why) when it did not run or took too
// long. The process is killed at the timeout and deleted with context.
void run(const QString &program, const QStringList &args, int timeoutMs, QObject *context,
         std::function<void(int code, const QString &output)> done)
{
    auto *p = new QProcess(context);
    p->setProcessChannelMode(QProcess::MergedChannels);
    auto finished = std::make_shared<bool>(false);
    QObject::connect(p, &QProcess::finished, context,
                     [p, finished, done](int code, QProcess::ExitStatus status) {
                         if (*finished)
                             return;
                         *finished = true;
                         p->deleteLater();
                         const QString output = QString::fromLocal8Bit(p->readAll()).trimmed();
                         done(status == QProcess::NormalExit ? code : -1, output);
                     });
    QObject::connect(p, &QProcess::errorOccurred, context,
                     [p, finished, done, program](QProcess::ProcessError e) {
                         if (e != QProcess::FailedToStart || *finished)
                             return;
                         *finished = true;
                         p->deleteLater();
                         done(-1, QStringLiteral("cannot run %1: %2").arg(program, p->errorString()));
                     });
    QTimer::singleShot(timeoutMs, context, [p, finished, done, program, timeoutMs]() {
        if (*finished)
            return;
        *finished = true;
        p->kill();
        p->deleteLater();
        done(-1, QStringLiteral("%1 did not finish within %2 s").arg(program).arg(timeoutMs / 1000));
    });
    p->start(program, args);
}

// The last lines of a tool's output, for an error message.
QString tail(const QString &output)
{
    const QStringList lines = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.mid(std::max<qsizetype>(0, lines.size() - 5)).join(QStringLiteral("; "));
}

// The live keepalived whose pid file is path, or 0.
qint64 runningKeepalived(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    bool ok = false;
    const qint64 pid = f.read(32).trimmed().toLongLong(&ok);
    if (!ok || pid <= 1)
        return 0;
    QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
    if (!comm.open(QIODevice::ReadOnly) || comm.readAll().trimmed() != "keepalived")
        return 0;
    return pid;
}

// Step 4: keepalived told to use the installed file.
void reload(Protocol::AdminKeepalivedConf reply, QObject *context, const Done &done)
{
    if (const qint64 pid = runningKeepalived(pidFile())) {
        if (::kill(static_cast<pid_t>(pid), SIGHUP) != 0)
            return done(reply,
                        QStringLiteral("%1 installed, but keepalived (pid %2) cannot be signalled: %3")
                            .arg(reply.file)
                            .arg(pid)
                            .arg(QString::fromLocal8Bit(std::strerror(errno))));
        reply.keepalived
            = QStringLiteral("SIGHUP to keepalived (pid %1 from %2): it reloads its configuration")
                  .arg(pid)
                  .arg(pidFile());
        return done(reply, {});
    }
    const QString systemctl = QStandardPaths::findExecutable(QStringLiteral("systemctl"));
    // Below $OPENVSM_ROOT (a test bed) there is no systemd to ask.
    if (systemctl.isEmpty() || !QFileInfo(Paths::systemPath(QStringLiteral("/run/systemd/system"))).isDir())
        return done(reply,
                    QStringLiteral("%1 installed, but keepalived is not running here (no live pid in %2) "
                                   "and systemd does not run this machine: start keepalived")
                        .arg(reply.file, pidFile()));
    run(systemctl, { QStringLiteral("start"), QStringLiteral("keepalived") }, StartTimeoutMs, context,
        [reply, done](int code, const QString &output) mutable {
            if (code != 0)
                return done(reply,
                            QStringLiteral("%1 installed, but systemctl start keepalived failed: %2")
                                .arg(reply.file,
                                     output.isEmpty() ? QStringLiteral("exit %1").arg(code) : tail(output)));
            reply.keepalived = QStringLiteral("systemctl start keepalived (it was not running)");
            done(reply, {});
        });
}

// Step 3: the old file kept, the new one in place.
QString replace(const QString &text, const QString &stamp, Protocol::AdminKeepalivedConf *reply)
{
    QString error;
    QFile old(reply->file);
    if (old.exists()) {
        if (!old.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read %1: %2").arg(reply->file, old.errorString());
        const QString backup = reply->file + QStringLiteral(".openvsm-backup-") + stamp;
        if (!Net::writeFileAtomically(backup, old.readAll(), 0600, &error))
            return error;
        reply->backup = backup;
    }
    if (!Net::writeFileAtomically(reply->file, text.toUtf8(), 0600, &error))
        return reply->backup.isEmpty()
            ? error
            : QStringLiteral("%1 (the old file is in %2)").arg(error, reply->backup);
    return {};
}

} // namespace

QString configFile()
{
    return Paths::systemPath(QStringLiteral("/etc/keepalived/keepalived.conf"));
}

QString pidFile()
{
    return Paths::systemPath(QStringLiteral("/run/keepalived.pid"));
}

void install(const QString &text, const QString &stamp, QObject *context, Done done)
{
    Protocol::AdminKeepalivedConf reply;
    reply.file = configFile();
    static const QRegularExpression instance(QStringLiteral("^\\s*vrrp_instance\\s+\\S+"),
                                             QRegularExpression::MultilineOption);
    if (!instance.match(text).hasMatch())
        return QTimer::singleShot(0, context, [reply, done]() {
            done(reply,
                 QStringLiteral("the text has no vrrp_instance: not a keepalived.conf for the resource IP; "
                                "nothing was written"));
        });
    QFile current(reply.file);
    if (current.open(QIODevice::ReadOnly) && current.readAll() == text.toUtf8()) {
        reply.keepalived = QStringLiteral("%1 is this text already; keepalived left alone").arg(reply.file);
        return QTimer::singleShot(0, context, [reply, done]() { done(reply, {}); });
    }
    QFileInfo dir(QFileInfo(reply.file).absolutePath());
    if (!dir.isDir() && !QDir().mkpath(dir.absoluteFilePath()))
        return QTimer::singleShot(0, context, [reply, done, path = dir.absoluteFilePath()]() {
            done(reply, QStringLiteral("cannot create %1").arg(path));
        });
    // keepalived -t reads a file: the candidate, beside the real one, 0600, removed afterwards.
    const QString candidate = reply.file + QStringLiteral(".openvsm-new-") + stamp; // one per request
    QString error;
    if (!Net::writeFileAtomically(candidate, text.toUtf8(), 0600, &error))
        return QTimer::singleShot(0, context, [reply, done, error]() { done(reply, error); });
    auto installAndReload = [reply, text, stamp, context, done, candidate]() mutable {
        QFile::remove(candidate);
        if (const QString why = replace(text, stamp, &reply); !why.isEmpty())
            return done(reply, why);
        reload(reply, context, done);
    };
    const QString keepalived = QStandardPaths::findExecutable(
        QStringLiteral("keepalived"),
        { QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"), QStringLiteral("/usr/local/sbin") });
    if (keepalived.isEmpty()) // nothing to check with: systemctl says the rest
        return QTimer::singleShot(0, context, installAndReload);
    run(keepalived, { QStringLiteral("-t"), QStringLiteral("-f"), candidate }, CheckTimeoutMs, context,
        [reply, done, candidate, installAndReload](int code, const QString &output) mutable {
            if (code == 0)
                return installAndReload();
            QFile::remove(candidate);
            done(reply,
                 QStringLiteral(
                     "keepalived -t finds fault with the new keepalived.conf (nothing was written): %1")
                     .arg(output.isEmpty() ? QStringLiteral("exit %1").arg(code) : tail(output)));
        });
}

} // namespace Admin::KeepalivedConf
