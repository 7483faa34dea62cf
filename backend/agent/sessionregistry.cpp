#include "backend/agent/sessionregistry.h"

#include "backend/agent/detachedprocess.h"
#include "shared/logging/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include "shared/paths/paths.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Agent {

SessionRegistry::SessionRegistry(QString dir) : m_dir(std::move(dir))
{
}

bool SessionRegistry::open(QString *error)
{
    if (!Paths::ensureDir(m_dir, error, 0711))
        return false;
    QFile::setPermissions(m_dir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ExeGroup | QFileDevice::ExeOther);
    // Xvnc runs as the user and opens its password file by name: every folder above must be
    // searchable by others.
    if (::getuid() == 0) {
        QString dir = QFileInfo(m_dir).absoluteFilePath();
        while (!dir.isEmpty() && dir != QLatin1String("/")) {
            struct stat st { };
            if (::stat(QFile::encodeName(dir).constData(), &st) == 0 && !(st.st_mode & S_IXOTH)) {
                if (error)
                    *error = QStringLiteral(
                                 "folder %1 is not searchable by other users, so session users cannot read "
                                 "their VNC password file below it: run chmod o+x %1")
                                 .arg(dir);
                return false;
            }
            dir = QFileInfo(dir).absolutePath();
        }
    }
    return true;
}

QString SessionRegistry::recordPath(const QString &id) const
{
    return filePath(id, QStringLiteral("json"));
}

QString SessionRegistry::filePath(const QString &id, const QString &suffix) const
{
    return m_dir + QLatin1Char('/') + id + QLatin1Char('.') + suffix;
}

void SessionRegistry::endSessionProgram(const Session &s)
{
    // The session script leads its own process group; end what is left of it, but only when
    // that pid still is the session's (same owner, still leading its group).
    if (s.sessionPid <= 0 || !DetachedProcess::isRunning(s.sessionPid))
        return;
    const auto owner = DetachedProcess::owner(s.sessionPid);
    if (!owner || *owner != s.uid || ::getpgid(s.sessionPid) != s.sessionPid)
        return;
    ::kill(-s.sessionPid, SIGTERM);
}

ProcessStatus SessionRegistry::xvncStatus(const Session &s, QString *why)
{
    const ProcessInfo info = DetachedProcess::inspect(s.pid, true);
    auto answer = [why](ProcessStatus status, const QString &text) {
        if (why)
            *why = text;
        return status;
    };
    switch (info.status) {
    case ProcessStatus::Gone:
        return answer(ProcessStatus::Gone, QStringLiteral("Xvnc pid %1 is gone").arg(s.pid));
    case ProcessStatus::Unknown:
        return answer(ProcessStatus::Unknown, info.error);
    case ProcessStatus::Running:
        break;
    }
    if (s.pidStartTime != 0 && info.startTime != s.pidStartTime)
        return answer(
            ProcessStatus::Gone,
            QStringLiteral("Xvnc pid %1 is gone (the pid now belongs to a later process)").arg(s.pid));
    const QStringList &argv = info.commandLine;
    const bool xvnc = argv.size() >= 2 && argv.at(1) == QStringLiteral(":%1").arg(s.display)
        && (argv.first() == s.xvncProgram
            || QFileInfo(argv.first()).fileName().contains(QStringLiteral("vnc"), Qt::CaseInsensitive));
    if (!xvnc)
        return answer(ProcessStatus::Gone,
                      QStringLiteral("Xvnc pid %1 is gone (the pid now runs '%2')")
                          .arg(s.pid)
                          .arg(argv.join(QLatin1Char(' ')).left(80)));
    return answer(ProcessStatus::Running, {});
}

SessionRegistry::Adoption SessionRegistry::adoptRecord(const QString &id)
{
    const QString path = recordPath(id);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (f.error() == QFileDevice::OpenError && !QFileInfo::exists(path)) {
            m_deferred.removeAll(id);
            m_reported.remove(id);
            return Adoption::Dropped;
        }
        // Not readable now (out of file descriptors, …): that says nothing about the session.
        if (!m_reported.contains(id)) {
            m_reported.insert(id);
            qCCritical(lcSession).noquote()
                << QStringLiteral(
                       "cannot read session record %1: %2; the session is kept and the record is "
                       "read again later (check the agent's open files and the folder's permissions)")
                       .arg(path, f.errorString());
        }
        return Adoption::Deferred;
    }
    m_deferred.removeAll(id);
    m_reported.remove(id);
    Session s;
    QString error;
    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (!doc.isObject() || !Session::fromJson(doc.object(), &s, &error) || s.id != id) {
        qCWarning(lcSession).noquote()
            << QStringLiteral("dropping session record %1: it is not a valid record (%2)")
                   .arg(path, error.isEmpty() ? parseError.errorString() : error);
        remove(id);
        return Adoption::Dropped;
    }
    if (s.starting && s.pid <= 0) {
        // Killed while spawning Xvnc: look for it by its own password file.
        s.pid = findXvnc(s);
        if (s.pid <= 0) {
            qCInfo(lcSession).noquote()
                << QStringLiteral("session %1 of %2 on display :%3 was being started when the agent stopped; "
                                  "its Xvnc never ran")
                       .arg(s.id, s.user)
                       .arg(s.display);
            remove(s.id);
            return Adoption::Dropped;
        }
        s.pidStartTime = DetachedProcess::startTime(s.pid).value_or(0);
    }
    QString why;
    switch (xvncStatus(s, &why)) {
    case ProcessStatus::Gone:
        qCInfo(lcSession).noquote()
            << QStringLiteral("session %1 of %2 on display :%3 ended while the agent was away (%4)")
                   .arg(s.id, s.user)
                   .arg(s.display)
                   .arg(why);
        m_sessions.insert(s.id, s);
        remove(s.id);
        return Adoption::Dropped;
    case ProcessStatus::Unknown:
        qCWarning(lcSession).noquote()
            << QStringLiteral("session %1 of %2 on display :%3: cannot tell whether Xvnc pid %4 still runs "
                              "(%5); the session is kept and checked again later")
                   .arg(s.id, s.user)
                   .arg(s.display)
                   .arg(s.pid)
                   .arg(why);
        break;
    case ProcessStatus::Running:
        qCInfo(lcSession).noquote() << QStringLiteral(
                                           "found running session %1 of %2 on display :%3 (Xvnc pid %4)")
                                           .arg(s.id, s.user)
                                           .arg(s.display)
                                           .arg(s.pid);
        break;
    }
    m_sessions.insert(s.id, s);
    return Adoption::Adopted;
}

pid_t SessionRegistry::findXvnc(const Session &session)
{
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    const QString display = QStringLiteral(":%1").arg(session.display);
    for (const QString &name : pids) {
        bool ok = false;
        const pid_t pid = static_cast<pid_t>(name.toInt(&ok));
        if (!ok || pid <= 1)
            continue;
        const QStringList argv = DetachedProcess::commandLine(pid);
        const qsizetype auth = argv.indexOf(QStringLiteral("-rfbauth"));
        if (argv.size() >= 2 && argv.at(1) == display && auth > 0
            && argv.value(auth + 1) == session.passwordFile)
            return pid;
    }
    return 0;
}

bool SessionRegistry::listRecords(QStringList *ids, QString *error) const
{
    DIR *dir = ::opendir(QFile::encodeName(m_dir).constData());
    if (!dir) {
        *error
            = QStringLiteral("cannot list %1: %2").arg(m_dir, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    while (const dirent *entry = ::readdir(dir)) {
        const QString name = QFile::decodeName(entry->d_name);
        if (name.endsWith(QLatin1String(".json")) && name.size() > 5)
            ids->append(name.chopped(5));
    }
    ::closedir(dir);
    ids->sort();
    return true;
}

QStringList SessionRegistry::adopt()
{
    m_sessions.clear();
    m_deferred.clear();
    m_listed = false;
    return adoptDeferred();
}

QStringList SessionRegistry::adoptDeferred()
{
    QStringList dropped;
    if (!m_listed) {
        QStringList ids;
        QString error;
        if (!listRecords(&ids, &error)) {
            qCCritical(lcSession).noquote()
                << QStringLiteral("%1; the sessions recorded there are looked for again later (check the "
                                  "agent's open files and the folder's permissions)")
                       .arg(error);
            return dropped;
        }
        m_listed = true;
        for (const QString &id : std::as_const(ids)) {
            if (!m_deferred.contains(id))
                m_deferred << id;
        }
    }
    const QStringList ids = m_deferred;
    for (const QString &id : ids) {
        if (m_sessions.contains(id)) {
            m_deferred.removeAll(id);
            continue;
        }
        if (adoptRecord(id) == Adoption::Dropped)
            dropped << id;
    }
    return dropped;
}

bool SessionRegistry::add(const Session &session, QString *error)
{
    if (!write(session, error))
        return false;
    m_sessions.insert(session.id, session);
    return true;
}

bool SessionRegistry::write(const Session &session, QString *error) const
{
    QSaveFile f(recordPath(session.id));
    if (!f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write session record %1: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(session.toJson()).toJson());
    if (!f.commit()) {
        if (error)
            *error = QStringLiteral("cannot write session record %1: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    return true;
}

void SessionRegistry::remove(const QString &id)
{
    const auto it = m_sessions.constFind(id);
    if (it != m_sessions.constEnd()) {
        endSessionProgram(*it);
        if (!it->passwordFile.isEmpty())
            QFile::remove(it->passwordFile);
        if (!it->xauthFile.isEmpty())
            QFile::remove(it->xauthFile);
    }
    for (const char *suffix : { "passwd", "xauth", "xvnc.log", "xsession.log", "json" })
        QFile::remove(filePath(id, QLatin1String(suffix)));
    m_sessions.remove(id);
}

std::optional<Session> SessionRegistry::find(const QString &id) const
{
    const auto it = m_sessions.constFind(id);
    if (it == m_sessions.constEnd())
        return std::nullopt;
    return *it;
}

QSet<int> SessionRegistry::displays() const
{
    QSet<int> d;
    for (const Session &s : m_sessions)
        d.insert(s.display);
    return d;
}

int SessionRegistry::userCount() const
{
    QSet<QString> users;
    for (const Session &s : m_sessions)
        users.insert(s.user);
    return static_cast<int>(users.size());
}

} // namespace Agent
