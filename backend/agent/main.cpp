#include "backend/agent/daemon.h"

#include "shared/logging/logging.h"
#include "shared/posix/resourcelimits.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("vsmagent"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OPENVSM_VERSION));
    const QStringList args = QCoreApplication::arguments().mid(1);
    for (const QString &arg : args) {
        if (arg == QLatin1String("--foreground") || arg == QLatin1String("-f")) {
            // The agent always stays in the foreground (systemd runs it so); accepted for
            // compatibility with init scripts.
        } else if (arg == QLatin1String("--version")) {
            std::printf("vsmagent %s\n", OPENVSM_VERSION);
            return 0;
        } else if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            std::printf("Usage: vsmagent [--foreground]\n"
                        "OpenVSM agent: starts Xvnc desktop sessions for the VSM servers.\n"
                        "Configuration: <root>/etc/openvsm.hconf (/vsmagent/...); the root is the install\n"
                        "prefix or $OPENVSM_ROOT. SIGHUP reloads it; SIGTERM stops the agent (sessions\n"
                        "keep running and are found again at the next start).\n");
            return 0;
        } else {
            std::fprintf(stderr, "vsmagent: unknown argument '%s' (try --help)\n", qPrintable(arg));
            return 2;
        }
    }
    Logging::install(QStringLiteral("vsmagent"));
    qCInfo(lcAgent).noquote() << Posix::raiseOpenFileLimit();
    Agent::Daemon daemon;
    daemon.installSignalHandlers();
    QStringList errors;
    if (!daemon.start(&errors)) {
        for (const QString &e : std::as_const(errors))
            qCCritical(lcAgent).noquote() << e;
        qCCritical(lcAgent).noquote() << QStringLiteral("vsmagent not started: fix the problems above");
        return 1;
    }
    return app.exec();
}
