#include "shared/config/configtool.h"

#include "shared/config/commandline.h"
#include "shared/config/tables.h"
#include "shared/hiveconf/document.h"
#include "shared/hiveconf/tree.h"
#include "shared/hiveconf/value.h"

#include <algorithm>

namespace Config {

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
    const CommandLine line = CommandLine::parse(arguments, configFile);
    switch (line.action) {
    case CommandLine::Action::Usage:
        for (const QString &error : line.errors)
            m_err << "tl-config: " << error << '\n';
        return 2;
    case CommandLine::Action::Help:
        m_out << line.helpText;
        return 0;
    case CommandLine::Action::Version:
        m_out << "tl-config (OpenVSM) " << OPENVSM_VERSION << '\n';
        return 0;
    case CommandLine::Action::Run:
        break;
    }

    // Every argument is checked first, so a bad one stops us before anything is written.
    QList<ConfigRequest> requests;
    bool ok = true;
    if (line.importFile && !importRequests(*line.importFile, &requests, &ok))
        return 1;
    for (const QString &error : line.errors) {
        m_err << "tl-config: " << error << '\n';
        ok = false;
    }
    if (!ok)
        return 1;
    requests.append(line.requests);

    Hiveconf::Tree tree;
    QString error;
    if (!tree.load(configFile, &error)) {
        const bool writes = std::any_of(requests.cbegin(), requests.cend(),
                                        [](const ConfigRequest &request) { return request.assignment; });
        m_err << "tl-config: " << error << '\n';
        if (writes)
            m_err << "Nothing was written; fix the file and try again.\n";
        return 1;
    }
    return execute(&tree, line, requests);
}

bool ConfigTool::importRequests(const QString &file, QList<ConfigRequest> *requests, bool *ok)
{
    Hiveconf::Document document;
    QString error;
    if (!document.load(file, &error)) {
        m_err << "tl-config: " << error << '\n';
        return false;
    }
    for (qsizetype i = 0; i < document.lines().size(); ++i) {
        const Hiveconf::Document::Line &imported = document.lines().at(i);
        if (imported.kind == Hiveconf::Document::Line::Kind::Mount) {
            m_err << "tl-config: " << file << ':' << i + 1 << ": %mount is not allowed in an imported file\n";
            return false;
        }
        if (imported.kind != Hiveconf::Document::Line::Kind::Parameter)
            continue;
        QString why;
        if (const std::optional<ConfigRequest> request
            = checkAssignment(Hiveconf::Document::parameterPath(imported), imported.value, &why)) {
            requests->append(*request);
        } else {
            m_err << "tl-config: " << file << ':' << i + 1 << ": " << why << '\n';
            *ok = false;
        }
    }
    return true;
}

int ConfigTool::execute(Hiveconf::Tree *tree, const CommandLine &line, const QList<ConfigRequest> &requests)
{
    // Consecutive assignments are written together, under one lock; reads see earlier writes.
    QList<Hiveconf::Tree::Assignment> pending;
    auto flush = [&]() {
        if (pending.isEmpty())
            return true;
        QString error;
        const bool written = tree->set(pending, &error);
        if (!written)
            m_err << "tl-config: " << error << '\n';
        pending.clear();
        return written;
    };
    int status = 0;
    for (const ConfigRequest &request : requests) {
        if (request.assignment) {
            pending.append({ request.path, request.value });
            if (!findKnownParameter(request.path))
                m_err << "tl-config: note: " << request.path
                      << " is not a parameter OpenVSM reads; setting it anyway\n";
            continue;
        }
        if (!flush())
            return 1;
        const bool shown = line.listing ? list(*tree, request.path, line.recursive, line.exportFormat)
                                        : printValue(*tree, request.path);
        if (!shown)
            status = 1;
    }
    if (!flush())
        return 1;
    return status;
}

bool ConfigTool::printValue(const Hiveconf::Tree &tree, const QString &path)
{
    if (const std::optional<QString> value = tree.value(path)) {
        m_out << *value << '\n';
        return true;
    }
    if (Hiveconf::normalizePath(path).isEmpty())
        m_err << "tl-config: '" << path << "' is not a parameter path\n";
    else if (tree.isFolder(path))
        m_err << "tl-config: " << path << " is a folder; list it with -a (add -R for subfolders)\n";
    else
        m_err << "tl-config: parameter " << path << " does not exist\n";
    return false;
}

} // namespace Config
