#include "backend/agent/x11socketdir.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Agent {
namespace {

QString ownerName(uid_t uid)
{
    const passwd *pw = ::getpwuid(uid);
    return pw ? QStringLiteral("'%1' (uid %2)").arg(QString::fromLocal8Bit(pw->pw_name)).arg(uid)
              : QStringLiteral("uid %1").arg(uid);
}

} // namespace

bool X11SocketDir::check(const QString &path, QString *error)
{
    const QString chmod = QStringLiteral("chown root:root %1 && chmod 1777 %1").arg(path);
    const QString recreate
        = QStringLiteral("remove it (rm %1); the agent then creates it, root's with mode 1777").arg(path);
    auto refuse = [&](const QString &what, const QString &fix) {
        if (error)
            *error = QStringLiteral("X socket folder %1 %2; no session is started until it is fixed: %3")
                         .arg(path, what, fix);
        return false;
    };
    struct stat st { };
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return refuse(
            QStringLiteral("cannot be checked (%1)").arg(QString::fromLocal8Bit(std::strerror(errno))),
            QStringLiteral("create it with mkdir -m 1777 %1, or restart the agent").arg(path));
    if (S_ISLNK(st.st_mode))
        return refuse(
            QStringLiteral("is a symbolic link, not a folder, so its target decides where X sockets go"),
            recreate);
    if (!S_ISDIR(st.st_mode))
        return refuse(QStringLiteral("is not a folder"), recreate);
    const QString mode = QString::number(st.st_mode & 07777, 8).rightJustified(4, QLatin1Char('0'));
    if (st.st_uid != 0)
        return refuse(QStringLiteral("is owned by %1, not by root, so that user could replace the X socket "
                                     "of any session")
                          .arg(ownerName(st.st_uid)),
                      chmod);
    if (!(st.st_mode & S_ISVTX))
        return refuse(QStringLiteral("has mode %1 without the sticky bit, so any user could replace the X "
                                     "socket of any session")
                          .arg(mode),
                      chmod);
    if ((st.st_mode & 0777) != 0777)
        return refuse(
            QStringLiteral("has mode %1, not 1777, so users' Xvnc cannot create its socket there").arg(mode),
            chmod);
    return true;
}

bool X11SocketDir::ensure(const QString &path, QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    if (::mkdir(native.constData(), 0700) == 0) {
        // Made by us: root's (the agent is root here) and 1777 only once it is complete.
        if (::chown(native.constData(), 0, 0) != 0 || ::chmod(native.constData(), 01777) != 0) {
            if (error)
                *error = QStringLiteral("cannot make X socket folder %1 root's with mode 1777: %2")
                             .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
    }
    return check(path, error);
}

} // namespace Agent
