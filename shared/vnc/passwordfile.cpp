#include "shared/vnc/passwordfile.h"

#include "shared/vnc/des.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Vnc {
namespace {

// The fixed key every VNC implementation uses to obfuscate stored passwords.
constexpr char kObfuscationKey[8] = { 23, 82, 107, 6, 35, 78, 88, 7 };

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

QByteArray PasswordFile::obfuscate(QByteArrayView password)
{
    QByteArray plain = password.first(qMin<qsizetype>(password.size(), 8)).toByteArray();
    plain.append(8 - plain.size(), '\0');
    return Des(QByteArrayView(kObfuscationKey, 8)).encrypt(plain);
}

QByteArray PasswordFile::deobfuscate(QByteArrayView obfuscated)
{
    if (obfuscated.size() < 8)
        return {};
    QByteArray plain = Des(QByteArrayView(kObfuscationKey, 8)).decrypt(obfuscated.first(8));
    while (!plain.isEmpty() && plain.back() == '\0')
        plain.chop(1);
    return plain;
}

bool PasswordFile::write(const QString &path, QByteArrayView password, QString *error, uid_t owner,
                         gid_t group)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (error)
            *error = QStringLiteral("cannot create VNC password file %1: %2").arg(path, systemError());
        return false;
    }
    auto fail = [&](const QString &what) {
        if (error)
            *error = QStringLiteral("cannot %1 VNC password file %2: %3").arg(what, path, systemError());
        ::close(fd);
        ::unlink(native.constData());
        return false;
    };
    if (::fchmod(fd, 0600) != 0)
        return fail(QStringLiteral("set the mode of"));
    if ((owner != uid_t(-1) || group != gid_t(-1)) && ::fchown(fd, owner, group) != 0)
        return fail(QStringLiteral("hand over"));
    const QByteArray data = obfuscate(password);
    if (::write(fd, data.constData(), static_cast<size_t>(data.size())) != data.size())
        return fail(QStringLiteral("write"));
    if (::fsync(fd) != 0)
        return fail(QStringLiteral("sync"));
    ::close(fd);
    return true;
}

bool PasswordFile::read(const QString &path, QByteArray *password, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read VNC password file %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray data = file.read(64);
    if (data.size() < 8) {
        if (error)
            *error = QStringLiteral("VNC password file %1 is too short (%2 bytes, expected 8)")
                         .arg(path)
                         .arg(data.size());
        return false;
    }
    *password = deobfuscate(QByteArrayView(data).first(8));
    return true;
}

} // namespace Vnc
