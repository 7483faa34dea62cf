#include "shared/posix/resourcelimits.h"

#include <cerrno>
#include <cstring>
#include <sys/resource.h>

namespace Posix {

QString raiseOpenFileLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return QStringLiteral("open files: limit unknown (%1)")
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    const rlim_t before = limit.rlim_cur;
    if (limit.rlim_cur == limit.rlim_max)
        return QStringLiteral("open files: at most %1").arg(before);
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
        return QStringLiteral("open files: at most %1 (cannot raise it to %2: %3)")
            .arg(before)
            .arg(limit.rlim_max)
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    return QStringLiteral("open files: at most %1 (raised from %2)").arg(limit.rlim_cur).arg(before);
}

} // namespace Posix
