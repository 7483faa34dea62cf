// tl-ha-setup: checks two OpenVSM servers before they become an HA pair (the setup wizard's
// command line, issue 13). All of it is in hasetup.cpp; see hasetup.h.
#include "backend/tools/tl-ha-setup/hasetup.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tl-ha-setup"));
    // As tlctl: the client library's link notes (a restarted node closing its link) are not for
    // the admin's terminal; warnings still are.
    QLoggingCategory::setFilterRules(QStringLiteral("openvsm.*.info=false\nopenvsm.*.debug=false"));
    return HaSetup::run(app.arguments().mid(1));
}
