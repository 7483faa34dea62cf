#include "sessionregistry.h"

#include "detachedprocess.h"
#include "logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include "paths.h"

#include <csignal>
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

bool SessionRegistry::xvncRunning(const Session &s)
{
    if (!DetachedProcess::isRunning(s.pid))
        return false;
    const auto start = DetachedProcess::startTime(s.pid);
    if (s.pidStartTime != 0 && (!start || *start != s.pidStartTime))
        return false;
    const QStringList argv = DetachedProcess::commandLine(s.pid);
    if (argv.size() < 2 || argv.at(1) != QStringLiteral(":%1").arg(s.display))
        return false;
    return argv.first() == s.xvncProgram
        || QFileInfo(argv.first()).fileName().contains(QStringLiteral("vnc"), Qt::CaseInsensitive);
}

QStringList SessionRegistry::adopt()
{
    QStringList dropped;
    m_sessions.clear();
    const QStringList files = QDir(m_dir).entryList({ QStringLiteral("*.json") }, QDir::Files);
    for (const QString &name : files) {
        const QString path = m_dir + QLatin1Char('/') + name;
        const QString id = name.chopped(5);
        QFile f(path);
        Session s;
        QString error;
        QJsonParseError parseError {};
        QJsonDocument doc;
        if (f.open(QIODevice::ReadOnly))
            doc = QJsonDocument::fromJson(f.readAll(), &parseError);
        if (!doc.isObject() || !Session::fromJson(doc.object(), &s, &error) || s.id != id) {
            qCWarning(lcSession) << "dropping unreadable session record" << path << error;
            remove(id);
            dropped << id;
            continue;
        }
        if (!xvncRunning(s)) {
            qCInfo(lcSession).noquote()
                << QStringLiteral(
                       "session %1 of %2 on display :%3 ended while the agent was away (Xvnc pid %4 is gone)")
                       .arg(s.id, s.user)
                       .arg(s.display)
                       .arg(s.pid);
            m_sessions.insert(s.id, s);
            remove(s.id);
            dropped << id;
            continue;
        }
        qCInfo(lcSession).noquote() << QStringLiteral(
                                           "found running session %1 of %2 on display :%3 (Xvnc pid %4)")
                                           .arg(s.id, s.user)
                                           .arg(s.display)
                                           .arg(s.pid);
        m_sessions.insert(s.id, s);
    }
    return dropped;
}

bool SessionRegistry::add(const Session &session, QString *error)
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
    m_sessions.insert(session.id, session);
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
