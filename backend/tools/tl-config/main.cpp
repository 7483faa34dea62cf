#include "shared/config/configtool.h"
#include "shared/paths/paths.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

// tl-config: prints and sets hiveconf parameters (see Config::ConfigTool).
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    Config::ConfigTool tool(out, err);
    const int status = tool.run(QCoreApplication::arguments(), Paths::configFile());
    out.flush();
    err.flush();
    return status;
}
