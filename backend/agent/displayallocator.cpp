#include "displayallocator.h"

#include <QFileInfo>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Agent {

DisplayAllocator::DisplayAllocator(int min, int max, int portBase, QString tmpDir)
    : m_min(min),
      m_max(max),
      m_portBase(portBase),
      m_tmpDir(std::move(tmpDir)),
      m_portCheck(&DisplayAllocator::portIsFree)
{
}

bool DisplayAllocator::portIsFree(int port)
{
    if (port <= 0 || port > 65535)
        return false;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<quint16>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // No SO_REUSEADDR: a port in TIME_WAIT from an old session counts as busy, which is harmless.
    const bool free = ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
    ::close(fd);
    return free;
}

bool DisplayAllocator::isFree(int display, const QSet<int> &inUse) const
{
    if (display < m_min || display > m_max || inUse.contains(display))
        return false;
    if (QFileInfo::exists(m_tmpDir + QStringLiteral("/.X11-unix/X%1").arg(display)))
        return false;
    if (QFileInfo::exists(m_tmpDir + QStringLiteral("/.X%1-lock").arg(display)))
        return false;
    return m_portCheck(m_portBase + display);
}

int DisplayAllocator::allocate(const QSet<int> &inUse, QString *error) const
{
    if (m_min > m_max) {
        if (error)
            *error = QStringLiteral("display range is empty: /vsmagent/display_min (%1) is above "
                                    "/vsmagent/display_max (%2)")
                         .arg(m_min)
                         .arg(m_max);
        return -1;
    }
    for (int d = m_min; d <= m_max; ++d) {
        if (m_portBase + d > 65535)
            break;
        if (isFree(d, inUse))
            return d;
    }
    if (error)
        *error = QStringLiteral(
                     "no free display: every display from %1 to %2 is in use (or its VNC port %3..%4 is "
                     "taken); terminate sessions or raise /vsmagent/display_max")
                     .arg(m_min)
                     .arg(m_max)
                     .arg(m_portBase + m_min)
                     .arg(qMin(65535, m_portBase + m_max));
    return -1;
}

} // namespace Agent
