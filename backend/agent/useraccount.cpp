#include "useraccount.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

namespace Agent {
namespace {

std::optional<UserAccount> fromPasswd(const passwd &pw)
{
    UserAccount a;
    a.name = QString::fromLocal8Bit(pw.pw_name);
    a.uid = pw.pw_uid;
    a.gid = pw.pw_gid;
    a.home = QFile::decodeName(pw.pw_dir);
    a.shell = QFile::decodeName(pw.pw_shell);
    if (a.shell.isEmpty())
        a.shell = QStringLiteral("/bin/sh");
    return a;
}

} // namespace

std::optional<UserAccount> UserAccount::lookup(const QString &name, QString *error)
{
    if (name.isEmpty() || name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\0'))) {
        if (error)
            *error = QStringLiteral("'%1' is not a valid user name").arg(name);
        return std::nullopt;
    }
    passwd pw {};
    passwd *result = nullptr;
    std::vector<char> buffer(16384);
    const QByteArray native = name.toLocal8Bit();
    int rc;
    while ((rc = ::getpwnam_r(native.constData(), &pw, buffer.data(), buffer.size(), &result)) == ERANGE)
        buffer.resize(buffer.size() * 2);
    if (rc != 0 || !result) {
        if (error)
            *error = rc != 0 ? QStringLiteral("cannot look up user '%1': %2")
                                   .arg(name, QString::fromLocal8Bit(std::strerror(rc)))
                             : QStringLiteral("unknown user '%1': no such account on this terminal server "
                                              "(check /etc/passwd or the directory service NSS uses)")
                                   .arg(name);
        return std::nullopt;
    }
    return fromPasswd(pw);
}

std::optional<UserAccount> UserAccount::current()
{
    passwd pw {};
    passwd *result = nullptr;
    std::vector<char> buffer(16384);
    if (::getpwuid_r(::getuid(), &pw, buffer.data(), buffer.size(), &result) != 0 || !result)
        return std::nullopt;
    return fromPasswd(pw);
}

bool UserAccount::ensureHome(bool makeHomedir, int mode, QString *error) const
{
    if (QFileInfo(home).isDir())
        return true;
    if (!makeHomedir) {
        if (error)
            *error = QStringLiteral("home directory %1 of user '%2' does not exist: create it, or set "
                                    "/vsmagent/make_homedir=1 to have the agent create it")
                         .arg(home, name);
        return false;
    }
    if (home.isEmpty() || !home.startsWith(QLatin1Char('/'))) {
        if (error)
            *error
                = QStringLiteral("user '%1' has no absolute home directory ('%2') to create").arg(name, home);
        return false;
    }
    const QString parent = QFileInfo(home).absolutePath();
    if (!QDir().mkpath(parent)) {
        if (error)
            *error = QStringLiteral("cannot create %1 for the home directory of '%2'").arg(parent, name);
        return false;
    }
    const QByteArray native = QFile::encodeName(home);
    if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST) {
        if (error)
            *error = QStringLiteral("cannot create home directory %1: %2")
                         .arg(home, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (::getuid() == 0 && ::chown(native.constData(), uid, gid) != 0) {
        if (error)
            *error = QStringLiteral("cannot hand home directory %1 to '%2': %3")
                         .arg(home, name, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (::chmod(native.constData(), static_cast<mode_t>(mode & 07777)) != 0) {
        if (error)
            *error = QStringLiteral("cannot set mode %1 on %2: %3")
                         .arg(QString::number(mode, 8), home, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    return true;
}

} // namespace Agent
