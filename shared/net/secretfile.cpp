#include "shared/net/secretfile.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Net {

namespace {

QString systemError(int errorNumber)
{
    return QString::fromLocal8Bit(std::strerror(errorNumber));
}

bool writeAll(int fd, const QByteArray &data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, static_cast<size_t>(data.size() - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        done += n;
    }
    return true;
}

} // namespace

bool writeFileAtomically(const QString &path, const QByteArray &data, int mode, QString *error)
{
    const QFileInfo info(path);
    QByteArray temp = QFile::encodeName(info.absolutePath() + QStringLiteral("/.") + info.fileName()
                                        + QStringLiteral(".XXXXXX"));
    const int fd = ::mkstemp(temp.data()); // created 0600
    if (fd < 0) {
        if (error)
            *error = QStringLiteral("cannot create a file in %1: %2")
                         .arg(info.absolutePath(), systemError(errno));
        return false;
    }
    bool ok = ::fchmod(fd, static_cast<mode_t>(mode)) == 0 && writeAll(fd, data) && ::fsync(fd) == 0;
    const int savedErrno = errno;
    ok = (::close(fd) == 0) && ok;
    if (ok && ::rename(temp.constData(), QFile::encodeName(path).constData()) == 0)
        return true;
    const int failure = ok ? errno : savedErrno;
    ::unlink(temp.constData());
    if (error)
        *error = QStringLiteral("cannot write %1: %2").arg(path, systemError(failure));
    return false;
}

std::optional<QByteArray> readSecretFile(const QString &path, const QString &what, QString *error,
                                         qsizetype maxSize)
{
    const auto fail = [&](const QString &reason) -> std::optional<QByteArray> {
        if (error)
            *error = reason;
        return std::nullopt;
    };
    if (path.isEmpty())
        return fail(QStringLiteral("no %1 configured").arg(what));

    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int e = errno;
        if (e == ENOENT)
            return fail(QStringLiteral("%1 %2 does not exist").arg(what, path));
        return fail(QStringLiteral("cannot read %1 %2: %3").arg(what, path, systemError(e)));
    }
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        const int e = errno;
        ::close(fd);
        return fail(QStringLiteral("cannot read %1 %2: %3").arg(what, path, systemError(e)));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return fail(QStringLiteral("%1 %2 is not a regular file").arg(what, path));
    }
    if ((st.st_mode & 077) != 0) {
        ::close(fd);
        return fail(QStringLiteral("%1 %2 is accessible by group or others (mode %3); run: chmod 600 %2")
                        .arg(what, path)
                        .arg(st.st_mode & 07777, 4, 8, QLatin1Char('0')));
    }
    if (::geteuid() == 0 && st.st_uid != 0) {
        // Whoever owns the file can change the secret: a root daemon trusts only root's.
        ::close(fd);
        return fail(QStringLiteral("%1 %2 is owned by uid %3, not root: whoever owns it could replace the "
                                   "secret; run: chown root:root %2")
                        .arg(what, path)
                        .arg(st.st_uid));
    }
    if (st.st_size > maxSize) {
        ::close(fd);
        return fail(QStringLiteral("%1 %2 is too large (%3 bytes)").arg(what, path).arg(st.st_size));
    }
    int e = 0;
    const auto data = readWhole(fd, static_cast<qsizetype>(st.st_size), &e);
    ::close(fd);
    if (!data)
        return fail(QStringLiteral("cannot read %1 %2: %3").arg(what, path, readError(e)));
    return data;
}

QString readError(int errorNumber)
{
    return errorNumber != 0 ? systemError(errorNumber) : QStringLiteral("it got shorter while it was read");
}

std::optional<QByteArray> readWhole(int fd, qsizetype size, int *errorNumber)
{
    QByteArray data(size, Qt::Uninitialized);
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::read(fd, data.data() + done, static_cast<size_t>(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *errorNumber = n < 0 ? errno : 0;
            return std::nullopt;
        }
        done += n;
    }
    return data;
}

} // namespace Net
