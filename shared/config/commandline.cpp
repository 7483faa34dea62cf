#include "shared/config/commandline.h"

#include "shared/config/tables.h"
#include "shared/config/values.h"
#include "shared/hiveconf/value.h"

#include <QCommandLineParser>

namespace Config {

std::optional<ConfigRequest> checkAssignment(const QString &path, const QString &value, QString *why)
{
    const QString normalized = Hiveconf::normalizePath(path);
    if (normalized.isEmpty() || normalized == QLatin1String("/")) {
        if (why)
            *why = QStringLiteral("'%1' is not a parameter path: use /folder/name with letters, digits, '_', "
                                  "'-' and '.'")
                       .arg(path);
        return std::nullopt;
    }
    const QString trimmed = value.trimmed();
    if (trimmed.contains(QLatin1Char('\n')) || trimmed.contains(QLatin1Char('\r'))) {
        if (why)
            *why = QStringLiteral("%1: a value must be a single line; nothing was written").arg(normalized);
        return std::nullopt;
    }
    if (const Parameter *known = findKnownParameter(normalized)) {
        QString reason;
        if (!Values::validate(*known, value, &reason)) {
            if (why)
                *why = QStringLiteral("%1: %2 (got '%3'); nothing was written")
                           .arg(normalized, reason, trimmed);
            return std::nullopt;
        }
    }
    return ConfigRequest { normalized, trimmed, true };
}

CommandLine CommandLine::parse(const QStringList &arguments, const QString &configFile)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral(
            "Prints and sets OpenVSM configuration parameters (hiveconf).\n\n"
            "  tl-config PARAM              print the value of PARAM\n"
            "  tl-config PARAM=VALUE        set PARAM; quote a list: '/vsmagent/allowed_clients=a b'\n"
            "  tl-config -Ra /vsmserver     list every parameter below a folder\n\n"
            "Configuration: %1 (set OPENVSM_ROOT to use <root>/etc/openvsm.hconf)")
            .arg(configFile));
    const QCommandLineOption allOption({ QStringLiteral("a"), QStringLiteral("all-entries") },
                                       QStringLiteral("Print every parameter in the given folders."));
    const QCommandLineOption recursiveOption({ QStringLiteral("R"), QStringLiteral("recursive") },
                                             QStringLiteral("Also descend into subfolders (implies -a)."));
    const QCommandLineOption exportOption(
        { QStringLiteral("x"), QStringLiteral("export") },
        QStringLiteral("Print folders in hiveconf file format (implies -a)."));
    const QCommandLineOption importOption({ QStringLiteral("i"), QStringLiteral("import") },
                                          QStringLiteral("Set every parameter found in hiveconf file FILE."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption helpOption({ QStringLiteral("h"), QStringLiteral("help") },
                                        QStringLiteral("Show this help and exit."));
    const QCommandLineOption versionOption({ QStringLiteral("v"), QStringLiteral("version") },
                                           QStringLiteral("Show the version and exit."));
    parser.addOptions({ allOption, recursiveOption, exportOption, importOption, helpOption, versionOption });
    parser.addPositionalArgument(
        QStringLiteral("PARAM[=VALUE]"),
        QStringLiteral("Parameter paths such as /vsmserver/HA/enabled, or folders with -a."),
        QStringLiteral("PARAM[=VALUE]..."));

    CommandLine line;
    if (!parser.parse(arguments)) {
        line.action = Action::Usage;
        line.errors.append(parser.errorText() + QStringLiteral("\nTry 'tl-config --help'."));
        return line;
    }
    if (parser.isSet(helpOption)) {
        line.action = Action::Help;
        line.helpText = parser.helpText();
        return line;
    }
    if (parser.isSet(versionOption)) {
        line.action = Action::Version;
        return line;
    }

    line.recursive = parser.isSet(recursiveOption);
    line.exportFormat = parser.isSet(exportOption);
    line.listing = parser.isSet(allOption) || line.recursive || line.exportFormat;
    if (parser.isSet(importOption))
        line.importFile = parser.value(importOption);
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty() && line.listing)
        positional.append(QStringLiteral("/"));
    if (positional.isEmpty() && !line.importFile) {
        line.action = Action::Usage;
        line.errors.append(QStringLiteral("no parameter given\nUsage: tl-config [options] PARAM[=VALUE] ...\n"
                                          "Try 'tl-config --help'."));
        return line;
    }

    for (const QString &argument : std::as_const(positional)) {
        const qsizetype eq = argument.indexOf(QLatin1Char('='));
        if (eq >= 0 && !line.listing) {
            QString why;
            if (const std::optional<ConfigRequest> request
                = checkAssignment(argument.left(eq).trimmed(), argument.mid(eq + 1), &why))
                line.requests.append(*request);
            else
                line.errors.append(why);
        } else if (eq >= 0) {
            line.errors.append(QStringLiteral("cannot set '%1' while listing (-a, -R, -x)").arg(argument));
        } else {
            line.requests.append(ConfigRequest { argument.trimmed(), QString(), false });
        }
    }
    return line;
}

} // namespace Config
