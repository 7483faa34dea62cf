// tl-console: the OpenVSM administrator's window on a cluster (both nodes' admin APIs).
#include "mainwindow.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("OpenVSM"));
    QApplication::setApplicationName(QStringLiteral("tl-console"));
    QApplication::setApplicationVersion(QStringLiteral(OPENVSM_VERSION));
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("openvsm"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);
    MainWindow window;
    window.show();
    QTimer::singleShot(0, &window, &MainWindow::showConnectDialog);
    return QApplication::exec();
}
