#pragma once

#include <QStringList>
#include <QTextStream>

namespace Hiveconf {
class Tree;
}

namespace Config {

struct CommandLine;
struct ConfigRequest;

// The tl-config command line, ThinLinc's syntax:
//   tl-config [options] PARAM[=VALUE] ...
//   tl-config /vsmagent/master_hostname             prints the value
//   tl-config /vsmagent/master_hostname=tlha        sets it (a list is one quoted argument)
//   tl-config -Ra /vsmserver                        lists a folder, "/path/param = value"
// Options: -a/--all-entries, -R/--recursive, -x/--export (hiveconf format), -i/--import=FILE,
// -h/--help, -v/--version. Exit status 0 on success, 1 when anything failed, 2 on bad usage.
// A value for a parameter OpenVSM knows is checked against its table before anything is written.
class ConfigTool final {
public:
    ConfigTool(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) { }

    // arguments include the program name (argv[0]); configFile is the root hiveconf file.
    int run(const QStringList &arguments, const QString &configFile);

private:
    Q_DISABLE_COPY_MOVE(ConfigTool)

    // Reads the assignments of an --import file into *requests; a bad one is reported and clears
    // *ok (so that nothing is written). False when the file cannot be used at all.
    bool importRequests(const QString &file, QList<ConfigRequest> *requests, bool *ok);
    // Runs the checked requests in order: assignments written together, reads and listings.
    int execute(Hiveconf::Tree *tree, const CommandLine &line, const QList<ConfigRequest> &requests);
    bool printValue(const Hiveconf::Tree &tree, const QString &path);
    bool list(const Hiveconf::Tree &tree, const QString &folder, bool recursive, bool exportFormat);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace Config
