#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Config {

// One PARAM or PARAM=VALUE of a tl-config command line (or a parameter of an imported file).
struct ConfigRequest {
    QString path; // an assignment: the normalised path; a read: the argument, trimmed
    QString value; // an assignment: the value, trimmed
    bool assignment = false;
};

// Checks one assignment before anything is written: path must be a parameter path, value one line
// and, for a parameter OpenVSM knows, valid for it. On failure *why is the message without the
// "tl-config: " prefix, ending in "nothing was written" when the value was at fault.
std::optional<ConfigRequest> checkAssignment(const QString &path, const QString &value, QString *why);

// The tl-config command line, parsed and checked without reading or writing any file: a pure
// function of the arguments, so that it can be unit-tested and fuzzed (tests/fuzz). ConfigTool
// runs what it describes.
struct CommandLine {
    enum class Action {
        Run, // read, list or set parameters (after the -i FILE import, if any)
        Help, // print helpText, exit status 0
        Version, // print the version, exit status 0
        Usage, // bad usage: print errors, exit status 2
    };
    Action action = Action::Run;
    bool recursive = false; // -R
    bool exportFormat = false; // -x
    bool listing = false; // -a, -R or -x: the positional arguments are folders to list
    std::optional<QString> importFile; // -i FILE
    QList<ConfigRequest> requests; // the positional arguments in order ("/" when listing none)
    // Usage: why. Run: the positional arguments that were refused (exit status 1, nothing is
    // written). One message each, without the "tl-config: " prefix.
    QStringList errors;
    QString helpText; // Help only

    // arguments include the program name (argv[0]); configFile is only named in the help text.
    static CommandLine parse(const QStringList &arguments, const QString &configFile);
};

} // namespace Config
