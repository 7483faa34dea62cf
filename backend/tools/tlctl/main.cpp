// tlctl: the administrator's CLI. Every command runs on this node's vsmserver (its Unix socket,
// as root) or, with --node HOST[:PORT], on any node over the admin API; `tlctl help` lists them
// (commands.h has the table).

#include "backend/tools/tlctl/commands.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Only problems on stderr: stdout is for the answer.
    QLoggingCategory::setFilterRules(QStringLiteral("openvsm.*.info=false\nopenvsm.*.debug=false"));
    QCoreApplication::setApplicationName(QStringLiteral("tlctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OPENVSM_VERSION));
    return Tlctl::run(QCoreApplication::arguments().mid(1));
}
