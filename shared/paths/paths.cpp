#include "shared/paths/paths.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace Paths {

bool rootOverridden()
{
    return !qEnvironmentVariableIsEmpty("OPENVSM_ROOT");
}

QString root()
{
    if (rootOverridden())
        return QDir::cleanPath(QDir(qEnvironmentVariable("OPENVSM_ROOT")).absolutePath());
    return QStringLiteral(OPENVSM_PREFIX);
}

QString systemPath(const QString &absolute)
{
    return rootOverridden() ? root() + absolute : absolute;
}

QString etcDir()
{
    return root() + QStringLiteral("/etc");
}

QString configFile()
{
    return etcDir() + QStringLiteral("/openvsm.hconf");
}

QString stateDir(const QString &component)
{
    return root() + QStringLiteral("/var/lib/openvsm/") + component;
}

QString runDir()
{
    return root() + QStringLiteral("/var/run/openvsm");
}

QString serverSocket()
{
    return runDir() + QStringLiteral("/vsmserver.sock");
}

QString logDir()
{
    return root() + QStringLiteral("/var/log/openvsm");
}

bool ensureDir(const QString &dir, QString *error, int mode)
{
    if (QDir(dir).exists())
        return true;
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = QStringLiteral("cannot create folder %1: check the permissions of its parent").arg(dir);
        return false;
    }
    if (::chmod(QFile::encodeName(dir).constData(), static_cast<mode_t>(mode)) != 0) {
        if (error)
            *error = QStringLiteral("cannot set permissions on %1: %2")
                         .arg(dir, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    return true;
}

} // namespace Paths
