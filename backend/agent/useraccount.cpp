#include "backend/agent/useraccount.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
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

bool UserAccount::isValidName(const QString &name, QString *why)
{
    auto refuse = [why](const QString &text) {
        if (why)
            *why = text;
        return false;
    };
    if (name.isEmpty())
        return refuse(QStringLiteral("the user name is empty"));
    if (name.size() > 256)
        return refuse(QStringLiteral("the user name is %1 characters long (at most 256)").arg(name.size()));
    QString shown; // the name with every control character as \xNN, for the message
    int bad = -1;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name.at(i).unicode();
        const bool control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
        if (control) {
            shown += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
            if (bad < 0)
                bad = static_cast<int>(i);
        } else {
            shown += name.at(i);
        }
    }
    if (bad >= 0) {
        const char16_t c = name.at(bad).unicode();
        return refuse(
            QStringLiteral("user name '%1' holds %2 (0x%3) at position %4: user names must not "
                           "contain control characters or NUL")
                .arg(shown.left(300),
                     c == 0 ? QStringLiteral("a NUL character") : QStringLiteral("a control character"),
                     QString::number(uint(c), 16).rightJustified(2, QLatin1Char('0')))
                .arg(bad + 1));
    }
    if (name.contains(QLatin1Char('/')))
        return refuse(
            QStringLiteral("user name '%1' holds a '/': user names must not contain '/'").arg(name));
    return true;
}

std::optional<UserAccount> UserAccount::lookup(const QString &name, QString *error)
{
    if (!isValidName(name, error))
        return std::nullopt;
    passwd pw {};
    passwd *result = nullptr;
    std::vector<char> buffer(16384);
    const QByteArray native = name.toLocal8Bit();
    int rc;
    while ((rc = ::getpwnam_r(native.constData(), &pw, buffer.data(), buffer.size(), &result)) == ERANGE)
        buffer.resize(buffer.size() * 2);
    // "Not found" is rc 0 and no result, but NSS answers so too when it could not ask any
    // source (no descriptor left to open /etc/passwd or a socket). Only a lookup that could have
    // worked proves that there is no such user.
    if (rc == 0 && !result) {
        const int probe = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (probe >= 0)
            ::close(probe);
        else if (errno == EMFILE || errno == ENFILE || errno == ENOMEM)
            rc = errno;
    }
    if (rc != 0 || !result) {
        if (error)
            *error = rc != 0
                ? QStringLiteral("cannot look up user '%1': %2; nothing was started, try again "
                                 "(check the directory service NSS uses and the agent's open files)")
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
