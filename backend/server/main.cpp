#include "backend/server/daemon.h"
#include "shared/logging/logging.h"
#include "shared/paths/paths.h"
#include "shared/posix/eventdispatcher.h"
#include "shared/posix/resourcelimits.h"
#include "shared/posix/unixsignals.h"
#include "shared/systemd/notifier.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>
#include <unistd.h>

#include <utility>

namespace {

// The command line, parsed before the application object exists (the daemon detaches first,
// and Qt must not run before fork()); QCommandLineParser::process() would then name the program
// "<executable_name>". The help gets an application object of its own, so it names the program
// as it was started, as every other OpenVSM program's help does. Returns the exit code when
// there is nothing more to do (help, version, bad usage).
std::optional<int> parseArguments(int argc, char **argv, bool *foreground)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("OpenVSM session broker. Reads <root>/etc/openvsm.hconf "
                                                    "(root: $OPENVSM_ROOT or the install prefix)."));
    const QCommandLineOption foregroundOption(QStringLiteral("foreground"),
                                              QStringLiteral("Do not detach; log to stderr."));
    parser.addOption(foregroundOption);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    QCoreApplication::setApplicationName(QStringLiteral("vsmserver"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OPENVSM_VERSION));
    if (!parser.parse(args)) {
        std::fprintf(stderr, "vsmserver: %s\nTry 'vsmserver --help'.\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(help)) {
        const QCoreApplication helpApp(argc, argv);
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet(version)) {
        std::printf("vsmserver %s\n", OPENVSM_VERSION);
        return 0;
    }
    *foreground = parser.isSet(foregroundOption);
    return std::nullopt;
}

// The configuration and the log settings in it; messages on stderr, since nothing is detached
// yet.
std::optional<Server::ServerSettings> loadSettings(QStringList *warnings)
{
    QStringList errors;
    const auto settings = Server::ServerSettings::load(&errors, warnings);
    if (!settings) {
        for (const QString &e : std::as_const(errors))
            std::fprintf(stderr, "vsmserver: %s\n", qPrintable(e));
        std::fprintf(stderr, "vsmserver: not started; fix the configuration (%s) and start again\n",
                     qPrintable(Paths::configFile()));
        return std::nullopt;
    }
    Logging::Level level = Logging::Level::Info;
    Logging::parseLevel(settings->defaultLevel, &level);
    Logging::setLevels(level);
    QString error;
    if (!settings->logFile.isEmpty() && !Logging::setLogFile(settings->logFile, &error)) {
        std::fprintf(stderr, "vsmserver: /vsmserver/logging/logfile: %s\n", qPrintable(error));
        return std::nullopt;
    }
    return settings;
}

// Runs the daemon until a signal (or AdminRestart, which sets *restart) stops it.
int serve(QCoreApplication &app, const Server::ServerSettings &settings, bool *restart)
{
    Posix::UnixSignals unixSignals;
    QString error;
    if (!unixSignals.install({ SIGTERM, SIGINT, SIGHUP }, &error)) {
        qCCritical(lcServer).noquote() << error;
        return 1;
    }
    std::signal(SIGPIPE, SIG_IGN);
    qCInfo(lcServer).noquote() << Posix::raiseOpenFileLimit();
    Server::Daemon daemon(settings);
    Systemd::Notifier notifier;
    notifier.setStatusSource([&daemon] { return daemon.statusLine(); });
    bool stopping = false;
    daemon.setRestartHandler([&]() {
        if (std::exchange(stopping, true))
            return;
        *restart = true;
        notifier.reloading();
        daemon.shutDown([&app] { app.quit(); });
    });
    QObject::connect(&unixSignals, &Posix::UnixSignals::received, &app, [&](int number) {
        if (number == SIGHUP) {
            qCInfo(lcServer) << "SIGHUP: reloading the configuration";
            notifier.reloading();
            daemon.reload();
            notifier.ready();
        } else if (!stopping) {
            stopping = true;
            qCInfo(lcServer) << "signal" << number << "- shutting down";
            notifier.stopping(QStringLiteral("stopping: the HA engine moves the resource address first"));
            daemon.shutDown([&app] { app.quit(); });
        } else {
            *restart = false; // a signal during a restart stops it
            qCInfo(lcServer) << "signal" << number << "again - stopping now";
            app.quit();
        }
    });
    if (!daemon.start(&error)) {
        qCCritical(lcServer).noquote() << error;
        std::fprintf(stderr, "vsmserver: %s\n", qPrintable(error));
        return 1;
    }
    notifier.ready();
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    bool foreground = false;
    if (const std::optional<int> done = parseArguments(argc, argv, &foreground))
        return *done;
    Logging::install(QStringLiteral("vsmserver"));
    QStringList warnings;
    const auto settings = loadSettings(&warnings);
    if (!settings)
        return 1;
    if (!foreground && ::daemon(0, 0) != 0) {
        std::perror("vsmserver: cannot detach");
        return 1;
    }

    Posix::useQtEventDispatcher();
    QCoreApplication app(argc, argv);
    for (const QString &w : std::as_const(warnings))
        qCWarning(lcConfig).noquote() << w;
    bool restart = false;
    const int rc = serve(app, *settings, &restart);
    if (!restart)
        return rc;
    // AdminRestart (the setup wizard enabling HA): every listener, the store and the log are
    // closed (all opened close-on-exec); the same program starts again with the same arguments,
    // in the same process, so systemd's Type=notify unit sees RELOADING=1, then READY=1.
    qCInfo(lcServer) << "restarting vsmserver (admin API request)";
    ::execv("/proc/self/exe", argv);
    qCCritical(lcServer).noquote() << "cannot restart vsmserver:" << std::strerror(errno);
    return 1;
}
