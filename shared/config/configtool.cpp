#include "config/configtool.h"

#include "config/tables.h"
#include "config/values.h"
#include "hiveconf/document.h"
#include "hiveconf/tree.h"
#include "hiveconf/value.h"

#include <QCommandLineParser>

#include <QFileInfo>
#include <algorithm>

namespace Config {
namespace {

struct Request {
    QString path;
    QString value;
    bool assignment = false;
};

} // namespace

bool ConfigTool::list(const Hiveconf::Tree &tree, const QString &folder, bool recursive, bool exportFormat)
{
    if (tree.contains(folder) && !tree.isFolder(folder)) {
        const QString path = Hiveconf::normalizePath(folder);
        if (exportFormat)
            m_out << '[' << Hiveconf::parentPath(path) << "]\n"
                  << Hiveconf::baseName(path) << '=' << *tree.value(path) << '\n';
        else
            m_out << path << " = " << *tree.value(path) << '\n';
        return true;
    }
    if (!tree.isFolder(folder)) {
        m_err << "tl-config: folder " << folder << " does not exist\n";
        return false;
    }
    const QStringList paths = tree.entries(folder, recursive);
    QString section;
    for (const QString &path : paths) {
        const QString value = *tree.value(path);
        if (!exportFormat) {
            m_out << path << " = " << value << '\n';
            continue;
        }
        const QString parent = Hiveconf::parentPath(path);
        if (parent != section) {
            if (!section.isEmpty())
                m_out << '\n';
            m_out << '[' << parent << "]\n";
            section = parent;
        }
        m_out << Hiveconf::baseName(path) << '=' << value << '\n';
    }
    return true;
}

int ConfigTool::run(const QStringList &arguments, const QString &configFile)
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

    if (!parser.parse(arguments)) {
        m_err << "tl-config: " << parser.errorText() << "\nTry 'tl-config --help'.\n";
        return 2;
    }
    if (parser.isSet(helpOption)) {
        m_out << parser.helpText();
        return 0;
    }
    if (parser.isSet(versionOption)) {
        m_out << "tl-config (OpenVSM) " << OPENVSM_VERSION << '\n';
        return 0;
    }

    const bool recursive = parser.isSet(recursiveOption);
    const bool exportFormat = parser.isSet(exportOption);
    const bool listing = parser.isSet(allOption) || recursive || exportFormat;
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty() && listing)
        positional.append(QStringLiteral("/"));
    if (positional.isEmpty() && !parser.isSet(importOption)) {
        m_err << "tl-config: no parameter given\nUsage: tl-config [options] PARAM[=VALUE] ...\n"
                 "Try 'tl-config --help'.\n";
        return 2;
    }

    // Parse every argument first, so a bad one stops us before anything is written.
    QList<Request> requests;
    bool ok = true;
    auto addAssignment = [&](const QString &path, const QString &value, const QString &origin) {
        const QString normalized = Hiveconf::normalizePath(path);
        if (normalized.isEmpty() || normalized == QLatin1String("/")) {
            m_err << "tl-config: " << origin << "'" << path
                  << "' is not a parameter path: use /folder/name with letters, digits, '_', '-' and '.'\n";
            ok = false;
            return;
        }
        if (const Parameter *known = findKnownParameter(normalized)) {
            QString why;
            if (!Values::validate(*known, value, &why)) {
                m_err << "tl-config: " << origin << normalized << ": " << why << " (got '" << value.trimmed()
                      << "'); nothing was written\n";
                ok = false;
                return;
            }
        }
        requests.append(Request { normalized, value.trimmed(), true });
    };

    if (parser.isSet(importOption)) {
        const QString file = parser.value(importOption);
        Hiveconf::Document document;
        QString error;
        if (!document.load(file, &error)) {
            m_err << "tl-config: " << error << '\n';
            return 1;
        }
        for (qsizetype i = 0; i < document.lines().size(); ++i) {
            const Hiveconf::Document::Line &line = document.lines().at(i);
            if (line.kind == Hiveconf::Document::Line::Kind::Mount) {
                m_err << "tl-config: " << file << ':' << i + 1
                      << ": %mount is not allowed in an imported file\n";
                return 1;
            }
            if (line.kind == Hiveconf::Document::Line::Kind::Parameter)
                addAssignment(Hiveconf::Document::parameterPath(line), line.value,
                              QStringLiteral("%1:%2: ").arg(file).arg(i + 1));
        }
    }
    for (const QString &argument : std::as_const(positional)) {
        const qsizetype eq = argument.indexOf(QLatin1Char('='));
        if (eq >= 0 && !listing) {
            addAssignment(argument.left(eq).trimmed(), argument.mid(eq + 1), QString());
        } else if (eq >= 0) {
            m_err << "tl-config: cannot set '" << argument << "' while listing (-a, -R, -x)\n";
            ok = false;
        } else {
            requests.append(Request { argument.trimmed(), QString(), false });
        }
    }
    if (!ok)
        return 1;

    Hiveconf::Tree tree;
    QString error;
    if (!tree.load(configFile, &error)) {
        const bool writes = std::any_of(requests.cbegin(), requests.cend(),
                                        [](const Request &request) { return request.assignment; });
        m_err << "tl-config: " << error << '\n';
        if (writes)
            m_err << "Nothing was written; fix the file and try again.\n";
        return 1;
    }

    // Consecutive assignments are written together, under one lock; reads see earlier writes.
    QList<Hiveconf::Tree::Assignment> pending;
    auto flush = [&]() {
        if (pending.isEmpty())
            return true;
        const bool written = tree.set(pending, &error);
        if (!written)
            m_err << "tl-config: " << error << '\n';
        pending.clear();
        return written;
    };
    int status = 0;
    for (const Request &request : std::as_const(requests)) {
        if (request.assignment) {
            pending.append({ request.path, request.value });
            if (!findKnownParameter(request.path))
                m_err << "tl-config: note: " << request.path
                      << " is not a parameter OpenVSM reads; setting it anyway\n";
            continue;
        }
        if (!flush())
            return 1;
        if (listing) {
            if (!list(tree, request.path, recursive, exportFormat))
                status = 1;
            continue;
        }
        const std::optional<QString> value = tree.value(request.path);
        if (value) {
            m_out << *value << '\n';
        } else if (Hiveconf::normalizePath(request.path).isEmpty()) {
            m_err << "tl-config: '" << request.path << "' is not a parameter path\n";
            status = 1;
        } else if (tree.isFolder(request.path)) {
            m_err << "tl-config: " << request.path
                  << " is a folder; list it with -a (add -R for subfolders)\n";
            status = 1;
        } else {
            m_err << "tl-config: parameter " << request.path << " does not exist\n";
            status = 1;
        }
    }
    if (!flush())
        return 1;
    return status;
}

} // namespace Config
