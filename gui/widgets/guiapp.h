#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class QApplication;
class QCommandLineParser;
class QCoreApplication;

// What every OpenVSM desktop program does before its first window.
namespace Widgets {

// Organisation, program name and version (QSettings, the keychain, --version).
void setNames(const QString &program);
// True when the arguments only ask for --help or --version: answered without a display (a
// QCoreApplication), before QApplication would need one.
bool onlyAsksForHelp(int argc, char **argv);
// Qt's own and OpenVSM's translations (":/i18n/openvsm_*.qm") for the system locale, owned by app.
void installTranslations(QCoreApplication *app);

// A desktop program's start: its names set, the options addOptions puts into parser parsed
// (wrong ones: the message and exit 1, as QCommandLineParser::process does). A command line that
// only asks for --help or --version is answered without a display and the program exits 0
// there; else the QApplication is returned, translations installed. argc must outlive it.
std::unique_ptr<QApplication> startApplication(int &argc, char **argv, const QString &program,
                                               QCommandLineParser *parser,
                                               const std::function<void(QCommandLineParser *)> &addOptions);
// The admin password from the file OPENVSM_ADMIN_PASSWORD_FILE names (scripts, screenshots),
// trimmed; nullopt when the variable is not set. A file that cannot be read: *error names it.
std::optional<QByteArray> passwordFromFile(QString *error);
// --screenshots' end: the files written, one per line, on stdout, the error on stderr as
// "program: error". Returns the exit code (0 when error is empty).
int reportScreenshots(const QString &program, const QStringList &files, const QString &error);

} // namespace Widgets
