#include "backend/agent/displayallocator.h"

#include "backend/agent/detachedprocess.h"

#include <QFile>
#include <QFileInfo>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Agent {
namespace {

// Binds a throw-away socket to address:port. EADDRINUSE (and EACCES) mean someone holds it.
DisplayAllocator::PortState tryBind(int family, int port, QString *error)
{
    const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        if (family == AF_INET6 && (errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT))
            return DisplayAllocator::PortState::Free; // no IPv6 here: Xvnc will not listen on ::1 either
        if (error)
            *error = QStringLiteral("cannot check whether VNC port %1 is free: %2")
                         .arg(port)
                         .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return DisplayAllocator::PortState::Unknown;
    }
    int rc;
    if (family == AF_INET) {
        sockaddr_in addr {};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<quint16>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        rc = ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    } else {
        const int on = 1;
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
        sockaddr_in6 addr {};
        addr.sin6_family = AF_INET6;
        addr.sin6_port = htons(static_cast<quint16>(port));
        addr.sin6_addr = in6addr_loopback;
        rc = ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    }
    const int err = errno;
    ::close(fd);
    if (rc == 0)
        return DisplayAllocator::PortState::Free;
    if (err == EADDRINUSE || err == EACCES)
        return DisplayAllocator::PortState::Busy;
    // ::1 missing (IPv6 disabled on lo): Xvnc skips that address as well.
    if (family == AF_INET6 && (err == EADDRNOTAVAIL || err == EAFNOSUPPORT))
        return DisplayAllocator::PortState::Free;
    if (error)
        *error = QStringLiteral("cannot check whether VNC port %1 is free: %2")
                     .arg(port)
                     .arg(QString::fromLocal8Bit(std::strerror(err)));
    return DisplayAllocator::PortState::Unknown;
}

} // namespace

DisplayAllocator::DisplayAllocator(int min, int max, int portBase, QString tmpDir)
    : m_min(min),
      m_max(max),
      m_portBase(portBase),
      m_tmpDir(std::move(tmpDir)),
      m_portCheck(&DisplayAllocator::portState)
{
}

DisplayAllocator::PortState DisplayAllocator::portState(int port, QString *error)
{
    if (port <= 0 || port > 65535)
        return PortState::Busy;
    // No SO_REUSEADDR: a port in TIME_WAIT from an old session counts as busy, which is harmless.
    const PortState v4 = tryBind(AF_INET, port, error);
    if (v4 != PortState::Free)
        return v4;
    return tryBind(AF_INET6, port, error);
}

QSet<int> DisplayAllocator::abstractX11Displays(const QByteArray &procNetUnix)
{
    // "Num       RefCount Protocol Flags    Type St Inode Path"
    // "0000000000000000: 00000002 00000000 00010000 0001 01 31207 @/tmp/.X11-unix/X12"
    static const QByteArray prefix = QByteArrayLiteral("@/tmp/.X11-unix/X");
    QSet<int> displays;
    const QList<QByteArray> lines = procNetUnix.split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype at = line.indexOf(prefix);
        if (at < 0 || (at > 0 && line.at(at - 1) != ' '))
            continue;
        bool ok = false;
        const int display = line.mid(at + prefix.size()).trimmed().toInt(&ok);
        if (ok && display >= 0)
            displays.insert(display);
    }
    return displays;
}

bool DisplayAllocator::readAbstractX11Displays(QSet<int> *displays, QString *error) const
{
    QFile table(m_unixSocketTable);
    if (!table.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1 to see which X displays are taken: %2")
                         .arg(m_unixSocketTable, table.errorString());
        return false;
    }
    *displays = abstractX11Displays(table.readAll());
    return true;
}

qint64 DisplayAllocator::lockOwner(const QString &lockFile)
{
    // O_NONBLOCK: a FIFO planted under the lock's name must not hold the agent in open().
    const int fd
        = ::open(QFile::encodeName(lockFile).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat st { };
    char text[32] = {};
    ssize_t n = -1;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        n = ::read(fd, text, sizeof text - 1);
    ::close(fd);
    if (n <= 0)
        return 0;
    bool ok = false;
    const qint64 pid = QByteArray(text, n).trimmed().toLongLong(&ok);
    return ok && pid > 0 && pid <= std::numeric_limits<pid_t>::max() ? pid : 0;
}

// The socket first: the lock is what marks the display as held, so it goes last. Only the lock's
// owner (or root) could replace it between the check and the removal, by starting an X server of
// their own on this display in that instant; the displays of the agent's range are its own to
// give out, and the agent picks one display at a time.
bool DisplayAllocator::removeStaleLock(int display, QStringList *reclaimed) const
{
    const QString lock = lockFile(display);
    const qint64 pid = lockOwner(lock);
    // Gone: no such process, or a zombie (killed, not yet reaped: its sockets are closed).
    if (pid <= 0 || DetachedProcess::status(static_cast<pid_t>(pid)) != ProcessStatus::Gone)
        return false;
    const QString socket = socketFile(display);
    if (::unlink(QFile::encodeName(socket).constData()) != 0 && errno != ENOENT)
        return false;
    if (::unlink(QFile::encodeName(lock).constData()) != 0 && errno != ENOENT)
        return false;
    reclaimed->append(QStringLiteral("display :%1 was held by the lock file %2 of X server pid %3, which has "
                                     "gone (killed without cleaning up); removed it and its socket")
                          .arg(display)
                          .arg(lock)
                          .arg(pid));
    return true;
}

DisplayAllocator::State DisplayAllocator::displayState(int display, const QSet<int> &inUse,
                                                       const QSet<int> &abstractTaken, QString *error,
                                                       QStringList *reclaimed) const
{
    if (display < m_min || display > m_max || inUse.contains(display) || abstractTaken.contains(display))
        return State::Taken;
    if (QFileInfo::exists(lockFile(display)) && !(reclaimed && removeStaleLock(display, reclaimed)))
        return State::Taken;
    if (QFileInfo::exists(socketFile(display)))
        return State::Taken;
    switch (m_portCheck(m_portBase + display, error)) {
    case PortState::Free:
        return State::Free;
    case PortState::Busy:
        return State::Taken;
    case PortState::Unknown:
        break;
    }
    return State::Unknown;
}

bool DisplayAllocator::isFree(int display, const QSet<int> &inUse) const
{
    QSet<int> abstractTaken;
    if (!readAbstractX11Displays(&abstractTaken, nullptr))
        return false;
    return displayState(display, inUse, abstractTaken, nullptr, nullptr) == State::Free;
}

int DisplayAllocator::allocate(const QSet<int> &inUse, QString *error, QStringList *reclaimed)
{
    QStringList ignored;
    if (!reclaimed)
        reclaimed = &ignored;
    if (m_min > m_max) {
        if (error)
            *error = QStringLiteral("display range is empty: /vsmagent/display_min (%1) is above "
                                    "/vsmagent/display_max (%2)")
                         .arg(m_min)
                         .arg(m_max);
        return -1;
    }
    QSet<int> abstractTaken;
    QString why;
    if (!readAbstractX11Displays(&abstractTaken, &why)) {
        if (error)
            *error = QStringLiteral("cannot pick a display: %1; try again").arg(why);
        return -1;
    }
    for (int d = m_min; d <= m_max; ++d) {
        if (m_portBase + d > 65535)
            break;
        switch (displayState(d, inUse, abstractTaken, &why, reclaimed)) {
        case State::Free:
            return d;
        case State::Taken:
            break;
        case State::Unknown:
            if (error)
                *error = QStringLiteral("cannot pick a display: %1; try again (check the agent's open files)")
                             .arg(why);
            return -1;
        }
    }
    if (error)
        *error = QStringLiteral(
                     "no free display: every display from %1 to %2 is in use (by sessions, or its X socket, "
                     "lock file or VNC port %3..%4 is held by another program); terminate sessions or raise "
                     "/vsmagent/display_max")
                     .arg(m_min)
                     .arg(m_max)
                     .arg(m_portBase + m_min)
                     .arg(qMin(65535, m_portBase + m_max));
    return -1;
}

} // namespace Agent
