// tlclient: connect to your OpenVSM desktop session over SSH. See tlclient --help.
#include "backend/tools/tlclient/tlclient.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList arguments = QCoreApplication::arguments().mid(1);
    if (arguments.contains(QLatin1String("-h")) || arguments.contains(QLatin1String("--help"))) {
        out << Tlclient::clientUsage();
        return 0;
    }
    if (arguments.contains(QLatin1String("--version"))) {
        out << "tlclient " << OPENVSM_VERSION << Qt::endl;
        return 0;
    }
    Tlclient::ClientOptions options;
    QString error;
    if (!Tlclient::parseClientOptions(arguments, &options, &error)) {
        err << "tlclient: " << error << Qt::endl;
        return Tlclient::TlClient::ExitUsage;
    }
    return Tlclient::TlClient(options, out, err).run();
}
