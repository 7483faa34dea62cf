#pragma once

#include <QString>

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

} // namespace Widgets
