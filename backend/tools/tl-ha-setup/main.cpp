// tl-ha-setup: checks two OpenVSM servers before they become an HA pair (the setup wizard's
// command line, issue 13). All of it is in hasetup.cpp; see hasetup.h.
#include "hasetup.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tl-ha-setup"));
    return HaSetup::run(app.arguments().mid(1));
}
