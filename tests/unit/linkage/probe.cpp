// Links every part of the core library a daemon uses, so the linker keeps their dependencies.
#include "shared/logging/logging.h"
#include "shared/paths/paths.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Logging::install(QStringLiteral("probe"));
    qCInfo(lcConfig) << "root" << Paths::root();
    return 0;
}
