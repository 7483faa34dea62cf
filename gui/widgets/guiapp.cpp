#include "gui/widgets/guiapp.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace Widgets {

void setNames(const QString &program)
{
    QCoreApplication::setOrganizationName(QStringLiteral("OpenVSM"));
    QCoreApplication::setApplicationName(program);
    QCoreApplication::setApplicationVersion(QStringLiteral(OPENVSM_VERSION));
}

bool onlyAsksForHelp(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView a(argv[i]);
        if (a == "-h" || a == "--help" || a == "-?" || a == "--help-all" || a == "-v" || a == "--version")
            return true;
    }
    return false;
}

void installTranslations(QCoreApplication *app)
{
    // Qt's own texts (standard buttons, QWizard, dialogs): "qt_LANG" is Qt 6's catalogue of
    // catalogues (qtbase_de.qm and the others), or for a language without Qt 6 translations in
    // Debian (Swedish) the older whole catalogue; else qtbase alone.
    const QString dir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    auto *qt = new QTranslator(app);
    if (qt->load(QLocale(), QStringLiteral("qt"), QStringLiteral("_"), dir)
        || qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), dir))
        QCoreApplication::installTranslator(qt);
    auto *own = new QTranslator(app);
    if (own->load(QLocale(), QStringLiteral("openvsm"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(own);
}

} // namespace Widgets
