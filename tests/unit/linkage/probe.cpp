// Links every part of the core library a daemon uses, so the linker keeps their dependencies.
#include "logging.h"
#include "paths.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Logging::install(QStringLiteral("probe"));
    qCInfo(lcConfig) << "root" << Paths::root();
    return 0;
}
