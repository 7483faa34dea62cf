#include "gui/widgets/guiapp.h"

#include <QApplication>
#include <QByteArrayView>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>
#include <cstdlib>

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

std::unique_ptr<QApplication> startApplication(int &argc, char **argv, const QString &program,
                                               QCommandLineParser *parser,
                                               const std::function<void(QCommandLineParser *)> &addOptions)
{
    addOptions(parser);
    if (onlyAsksForHelp(argc, argv)) {
        QCoreApplication core(argc, argv);
        setNames(program);
        parser->process(core); // prints and exits
        std::exit(0);
    }
    auto app = std::make_unique<QApplication>(argc, argv);
    setNames(program);
    installTranslations(app.get());
    parser->process(*app);
    return app;
}

std::optional<QByteArray> passwordFromFile(QString *error)
{
    const QString file = qEnvironmentVariable("OPENVSM_ADMIN_PASSWORD_FILE");
    if (file.isEmpty())
        return std::nullopt;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error
            = QStringLiteral("cannot read %1 (OPENVSM_ADMIN_PASSWORD_FILE): %2").arg(file, f.errorString());
        return std::nullopt;
    }
    return f.readAll().trimmed();
}

int reportScreenshots(const QString &program, const QStringList &files, const QString &error)
{
    for (const QString &f : files)
        std::printf("%s\n", qPrintable(f));
    if (!error.isEmpty())
        std::fprintf(stderr, "%s: %s\n", qPrintable(program), qPrintable(error));
    return error.isEmpty() ? 0 : 1;
}

} // namespace Widgets
