#include "backend/agent/sessionlauncher.h"

#include "backend/agent/detachedprocess.h"
#include "backend/agent/displayallocator.h"
#include "backend/agent/sessionregistry.h"
#include "backend/agent/shellwords.h"
#include "backend/agent/systemdscope.h"
#include "backend/agent/useraccount.h"
#include "backend/agent/x11socketdir.h"

#include "shared/logging/logging.h"
#include "shared/vnc/passwordfile.h"
#include "shared/vnc/rfbprobe.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Agent {

struct SessionLauncher::Pending {
    quint64 serial = 0;
    StartRequest request;
    Done done;
    UserAccount account;
    Session session;
    QByteArray password;
    QByteArray cookie;
    QStringList extraArgs;
    QString xvncLog;
    QSet<int> triedDisplays; // displays another program took between our check and Xvnc's start
    QElapsedTimer elapsed;
    QTimer *timer = nullptr;
    bool probing = false;
};

namespace {

bool writeOwnedFile(const QString &path, const QByteArray &data, uid_t uid, gid_t gid, bool chown,
                    QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    ::unlink(native.constData());
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error
            = QStringLiteral("cannot create %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    bool ok = ::fchmod(fd, 0600) == 0 && (!chown || ::fchown(fd, uid, gid) == 0)
        && ::write(fd, data.constData(), static_cast<size_t>(data.size())) == data.size();
    if (!ok)
        *error
            = QStringLiteral("cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
    ::close(fd);
    if (!ok)
        ::unlink(native.constData());
    return ok;
}

QByteArray xauthField(const QByteArray &value)
{
    QByteArray out;
    out.append(char((value.size() >> 8) & 0xff));
    out.append(char(value.size() & 0xff));
    out.append(value);
    return out;
}

} // namespace

SessionLauncher::SessionLauncher(SessionRegistry *registry, QObject *parent)
    : QObject(parent), m_registry(registry)
{
}

SessionLauncher::~SessionLauncher()
{
    // Starts in progress are abandoned with the agent; their Xvnc, if any, keeps running.
    qDeleteAll(m_pending);
}

bool SessionLauncher::parseGeometry(const QString &text, QSize *size)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d{1,5})\\s*[xX ]\\s*(\\d{1,5})\\s*$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return false;
    const int w = m.captured(1).toInt();
    const int h = m.captured(2).toInt();
    if (w < 16 || h < 16 || w > 16384 || h > 16384)
        return false;
    *size = QSize(w, h);
    return true;
}

QString SessionLauncher::findXvnc(const QString &configured, QString *error)
{
    const QString name = configured.isEmpty() ? QStringLiteral("Xvnc") : configured;
    QString path = name;
    if (!name.contains(QLatin1Char('/'))) {
        path = QStandardPaths::findExecutable(name);
        if (path.isEmpty()) {
            // Debian installs it in /usr/bin, but the agent may run with a minimal PATH.
            for (const QString &dir : { QStringLiteral("/usr/bin"), QStringLiteral("/usr/local/bin") }) {
                if (QFileInfo(dir + QLatin1Char('/') + name).isExecutable()) {
                    path = dir + QLatin1Char('/') + name;
                    break;
                }
            }
        }
    }
    if (path.isEmpty() || !QFileInfo(path).isExecutable()) {
        if (error)
            *error = QStringLiteral(
                         "Xvnc is not installed ('%1' not found; /vsmagent/xvnc_path is '%2'): install the "
                         "Debian package tigervnc-standalone-server, or set /vsmagent/xvnc_path to the Xvnc "
                         "program")
                         .arg(name, configured);
        return {};
    }
    return path;
}

QByteArray SessionLauncher::randomPassword()
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray pw(8, '\0');
    for (char &c : pw)
        c = alphabet[QRandomGenerator::system()->bounded(62)];
    return pw;
}

QByteArray SessionLauncher::xauthData(int display, const QByteArray &cookie)
{
    QByteArray data;
    data.append(char(0xff));
    data.append(char(0xff)); // FamilyWild: any host
    data += xauthField(QByteArray());
    data += xauthField(QByteArray::number(display));
    data += xauthField("MIT-MAGIC-COOKIE-1");
    data += xauthField(cookie);
    return data;
}

void SessionLauncher::start(const StartRequest &request, Done done)
{
    auto refuse = [&](const QString &why) {
        qCWarning(lcSession).noquote()
            << QStringLiteral("cannot start session %1 for '%2': %3").arg(request.id, request.user, why);
        StartResult r;
        r.error = why;
        done(r);
    };

    QString error;
    const bool root = ::getuid() == 0;
    const auto account = UserAccount::lookup(request.user, &error);
    if (!account)
        return refuse(error);
    if (!root && account->uid != ::getuid()) {
        const auto self = UserAccount::current();
        return refuse(
            QStringLiteral(
                "the agent runs as '%1', not as root, so it can only start sessions for '%1', not for '%2'")
                .arg(self ? self->name : QString::number(::getuid()), request.user));
    }
    if (!account->ensureHome(m_settings.makeHomedir, m_settings.makeHomedirMode, &error))
        return refuse(error);

    QSize geometry = m_settings.defaultGeometry;
    if (!request.geometry.isEmpty() && !parseGeometry(request.geometry, &geometry))
        return refuse(
            QStringLiteral("geometry '%1' is not WIDTHxHEIGHT (16..16384 each)").arg(request.geometry));

    const QString xvnc = findXvnc(m_settings.xvncPath, &error);
    if (xvnc.isEmpty())
        return refuse(error);
    QStringList extraArgs;
    if (!splitShellWords(m_settings.xserverArgs, &extraArgs, &error))
        return refuse(QStringLiteral("/vsmagent/xserver_args is malformed: %1 (got '%2')")
                          .arg(error, m_settings.xserverArgs));
    const QString script = m_settings.effectiveXsessionScript();
    if (!QFileInfo(script).isFile())
        return refuse(
            QStringLiteral("session script %1 does not exist: set /vsmagent/xsession_script to an existing "
                           "script, or empty for the default")
                .arg(script));

    if (root && !X11SocketDir::ensure(X11SocketDir::defaultPath(), &error))
        return refuse(error);

    auto *p = new Pending;
    p->serial = ++m_nextSerial;
    p->request = request;
    p->done = std::move(done);
    p->account = *account;
    p->password = randomPassword();
    p->cookie = QByteArray(16, '\0');
    for (char &c : p->cookie)
        c = static_cast<char>(QRandomGenerator::system()->bounded(256));
    p->extraArgs = extraArgs;
    Session &s = p->session;
    s.id = request.id;
    s.user = account->name;
    s.uid = account->uid;
    s.gid = account->gid;
    s.geometry = QStringLiteral("%1x%2").arg(geometry.width()).arg(geometry.height());
    s.command = request.command;
    s.created = QDateTime::currentSecsSinceEpoch();
    s.passwordFile = m_registry->filePath(s.id, QStringLiteral("passwd"));
    s.xauthFile = m_registry->filePath(s.id, QStringLiteral("xauth"));
    s.xvncProgram = xvnc;
    p->xvncLog = m_registry->filePath(s.id, QStringLiteral("xvnc.log"));
    m_pending.insert(p->serial, p);
    m_pendingIds.insert(s.id);

    QFile::remove(s.passwordFile);
    if (!Vnc::PasswordFile::write(s.passwordFile, p->password, &error, root ? s.uid : uid_t(-1),
                                  root ? s.gid : gid_t(-1)))
        return fail(p, error);
    spawnXvnc(p);
}

void SessionLauncher::fail(Pending *p, const QString &why)
{
    StartResult r;
    r.error = why;
    finish(p, r);
}

void SessionLauncher::spawnXvnc(Pending *p)
{
    Session &s = p->session;
    const UserAccount &account = p->account;
    const bool root = ::getuid() == 0;
    QString error;
    DisplayAllocator allocator(m_settings.displayMin, m_settings.displayMax, m_settings.vncPortBase);
    QStringList reclaimed;
    const int display = allocator.allocate(m_registry->displays() + m_pendingDisplays + p->triedDisplays,
                                           &error, &reclaimed);
    for (const QString &note : std::as_const(reclaimed))
        qCInfo(lcSession).noquote() << note;
    if (display < 0)
        return fail(p, error);
    s.display = display;
    s.vncPort = m_settings.vncPortBase + display;
    m_pendingDisplays.insert(display);
    if (!writeOwnedFile(s.xauthFile, xauthData(display, p->cookie), s.uid, s.gid, root, &error))
        return fail(p, error);
    QFile::remove(p->xvncLog);

    SpawnSpec spec;
    spec.program = s.xvncProgram;
    spec.arguments = { QStringLiteral(":%1").arg(display),
                       QStringLiteral("-auth"),
                       s.xauthFile,
                       QStringLiteral("-rfbauth"),
                       s.passwordFile,
                       QStringLiteral("-localhost"),
                       QStringLiteral("-SecurityTypes"),
                       QStringLiteral("VncAuth"),
                       QStringLiteral("-rfbport"),
                       QString::number(s.vncPort),
                       QStringLiteral("-geometry"),
                       s.geometry,
                       QStringLiteral("-desktop"),
                       QStringLiteral("%1@%2:%3").arg(s.user, QHostInfo::localHostName()).arg(display) };
    spec.arguments += p->extraArgs;
    spec.environment
        = { QStringLiteral("PATH=/usr/local/bin:/usr/bin:/bin"), QStringLiteral("HOME=") + account.home,
            QStringLiteral("USER=") + account.name, QStringLiteral("LOGNAME=") + account.name };
    spec.switchUser = root;
    spec.uid = account.uid;
    spec.gid = account.gid;
    spec.userName = account.name.toLocal8Bit();
    spec.workingDirectory = account.home;
    spec.logFile = p->xvncLog;
    // On disk before Xvnc exists (display known, pid not yet): an agent killed during the spawn
    // finds this Xvnc again by its password file (SessionRegistry::adopt) and ends it.
    s.pid = 0;
    s.pidStartTime = 0;
    s.starting = true;
    if (!m_registry->write(s, &error))
        return fail(p, QStringLiteral("cannot record the session being started: %1").arg(error));
    s.pid = DetachedProcess::spawn(SystemdScope::place(spec, s, QStringLiteral("xvnc")), &error);
    if (s.pid <= 0) {
        s.pid = 0;
        return fail(p, QStringLiteral("cannot start Xvnc: %1").arg(error));
    }
    s.pidStartTime = DetachedProcess::startTime(s.pid).value_or(0);
    // Now with the pid: an agent killed before the answer finds this Xvnc when it is back, and
    // ends it (its start was never answered).
    if (!m_registry->write(s, &error))
        return fail(p, QStringLiteral("cannot record the session being started: %1").arg(error));
    qCInfo(lcSession).noquote()
        << QStringLiteral("starting session %1 for '%2': Xvnc pid %3 on display :%4, VNC port %5")
               .arg(s.id, s.user)
               .arg(s.pid)
               .arg(display)
               .arg(s.vncPort);

    p->elapsed.start();
    if (!p->timer) {
        p->timer = new QTimer(this);
        p->timer->setInterval(100);
        const quint64 serial = p->serial;
        connect(p->timer, &QTimer::timeout, this, [this, serial] { poll(serial); });
        p->timer->start();
    }
}

void SessionLauncher::poll(quint64 serial)
{
    Pending *p = m_pending.value(serial);
    if (!p || p->session.pid <= 0)
        return;
    Session &s = p->session;
    switch (DetachedProcess::status(s.pid)) {
    case ProcessStatus::Gone: {
        const QString tail = DetachedProcess::lastLines(p->xvncLog, 20);
        // Another program took the display or its port after the allocator looked: the next one.
        // Its port ("Address already in use"), its socket (Xtrans: "server already running") or
        // its lock file /tmp/.X<n>-lock (the X server's "Server is already active for display";
        // until the evening of 6 December 2026 such a start failed the user's request).
        const bool taken = tail.contains(QStringLiteral("Address already in use"))
            || tail.contains(QStringLiteral("server already running"))
            || tail.contains(QStringLiteral("Server is already active for display"));
        if (taken && p->triedDisplays.size() < kMaxDisplayRetries) {
            qCInfo(lcSession).noquote()
                << QStringLiteral(
                       "session %1: display :%2 or VNC port %3 was taken by another program as Xvnc "
                       "started; trying the next free display")
                       .arg(s.id)
                       .arg(s.display)
                       .arg(s.vncPort);
            m_pendingDisplays.remove(s.display);
            p->triedDisplays.insert(s.display);
            s.display = 0;
            s.pid = 0;
            return spawnXvnc(p);
        }
        const QString last = DetachedProcess::lastLines(p->xvncLog, 8);
        return fail(p,
                    QStringLiteral("Xvnc exited at start (display :%1). Last lines of its log %2:\n%3")
                        .arg(s.display)
                        .arg(p->xvncLog, last.isEmpty() ? QStringLiteral("(empty)") : last));
    }
    case ProcessStatus::Unknown:
        break; // cannot look now; the start timeout still applies
    case ProcessStatus::Running:
        if (!p->probing) {
            p->probing = true;
            Vnc::RfbProbe::start(QStringLiteral("127.0.0.1"), static_cast<quint16>(s.vncPort), 500, this,
                                 [this, serial](Vnc::RfbProbe::Outcome outcome, const QString &) {
                                     Pending *p = m_pending.value(serial);
                                     if (!p)
                                         return;
                                     p->probing = false;
                                     if (outcome == Vnc::RfbProbe::Outcome::Banner)
                                         launchSession(p);
                                 });
        }
        break;
    }
    if (p->elapsed.elapsed() > qint64(m_settings.xvncStartTimeout) * 1000) {
        const QString tail = DetachedProcess::lastLines(p->xvncLog, 8);
        return fail(
            p,
            QStringLiteral("Xvnc on display :%1 did not answer on port %2 within %3 s "
                           "(/vsmagent/xvnc_start_timeout); it is stopped. Last lines of its log %4:\n%5")
                .arg(s.display)
                .arg(s.vncPort)
                .arg(m_settings.xvncStartTimeout)
                .arg(p->xvncLog, tail.isEmpty() ? QStringLiteral("(empty)") : tail));
    }
}

void SessionLauncher::stopXvnc(const Session &s)
{
    if (s.pid <= 0)
        return;
    const QString id = s.id;
    const pid_t pid = s.pid;
    DetachedProcess::stopAsync(pid, 2000, this, [id, pid](bool gone) {
        if (!gone)
            qCWarning(lcSession).noquote()
                << QStringLiteral(
                       "session %1: Xvnc pid %2 of a failed start does not stop, even with SIGKILL; "
                       "end it by hand (kill -9 %2)")
                       .arg(id)
                       .arg(pid);
    });
}

void SessionLauncher::launchSession(Pending *p)
{
    Session &s = p->session;
    const UserAccount &a = p->account;
    const bool root = ::getuid() == 0;
    const QString script = m_settings.effectiveXsessionScript();
    SpawnSpec spec;
    if (QFileInfo(script).isExecutable()) {
        spec.program = script;
    } else {
        spec.program = QStringLiteral("/bin/sh");
        spec.arguments = { script };
    }
    QString lang = qEnvironmentVariable("LANG");
    if (lang.isEmpty())
        lang = QStringLiteral("C.UTF-8");
    spec.environment = { QStringLiteral("DISPLAY=:%1").arg(s.display),
                         QStringLiteral("XAUTHORITY=") + s.xauthFile,
                         QStringLiteral("HOME=") + a.home,
                         QStringLiteral("USER=") + a.name,
                         QStringLiteral("LOGNAME=") + a.name,
                         QStringLiteral("SHELL=") + a.shell,
                         QStringLiteral("LANG=") + lang,
                         QStringLiteral("PATH=/usr/local/bin:/usr/bin:/bin:/usr/games"),
                         QStringLiteral("OPENVSM_SESSION_ID=") + s.id };
    if (!s.command.isEmpty())
        spec.environment << QStringLiteral("TLCOMMAND=") + s.command;
    spec.switchUser = root;
    spec.uid = a.uid;
    spec.gid = a.gid;
    spec.userName = a.name.toLocal8Bit();
    spec.workingDirectory = a.home;
    spec.logFile = m_registry->filePath(s.id, QStringLiteral("xsession.log"));
    QString error;
    s.sessionPid = DetachedProcess::spawn(SystemdScope::place(spec, s, QStringLiteral("desktop")), &error);
    if (s.sessionPid <= 0) {
        // The desktop is there; without its program it is still usable for a reconnect.
        qCWarning(lcSession).noquote()
            << QStringLiteral("session %1: cannot run session script %2: %3").arg(s.id, script, error);
        s.sessionPid = 0;
    }
    StartResult r;
    r.ok = true;
    r.session = s;
    r.password = p->password;
    finish(p, r);
}

void SessionLauncher::finish(Pending *p, const StartResult &result)
{
    if (p->timer)
        p->timer->deleteLater();
    m_pending.remove(p->serial);
    m_pendingDisplays.remove(p->session.display);
    m_pendingIds.remove(p->session.id);
    StartResult r = result;
    r.session.starting = false;
    if (r.ok) {
        QString error;
        if (!m_registry->add(r.session, &error)) {
            r.ok = false;
            r.error = error;
        }
    }
    if (r.ok) {
        qCInfo(lcSession).noquote()
            << QStringLiteral("session %1 of '%2' is up on display :%3 (Xvnc pid %4, session pid %5)")
                   .arg(r.session.id, r.session.user)
                   .arg(r.session.display)
                   .arg(r.session.pid)
                   .arg(r.session.sessionPid);
    } else {
        stopXvnc(p->session);
        if (!p->session.id.isEmpty()) {
            for (const char *suffix : { "passwd", "xauth", "json" })
                QFile::remove(m_registry->filePath(p->session.id, QLatin1String(suffix)));
        }
        qCWarning(lcSession).noquote() << QStringLiteral("cannot start session %1 for '%2': %3")
                                              .arg(p->request.id, p->request.user, r.error);
    }
    Done done = std::move(p->done);
    delete p;
    done(r);
}

} // namespace Agent
