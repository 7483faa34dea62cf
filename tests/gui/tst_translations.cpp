// The console's and the setup wizard's Swedish and German translations load and are used (the .qm
// files lrelease built from translations/*.ts, with no unfinished entries).
#include "connectdialog.h"
#include "guiapp.h"
#include "keychainstore.h"
#include "mainwindow.h"
#include "nodespage.h"
#include "reportpage.h"
#include "setupwizard.h"

#include <QApplication>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

class TestTranslations : public QObject {
    Q_OBJECT

private slots:
    void pagesAreTranslated_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QStringList>("tabs");
        QTest::newRow("sv") << QStringLiteral("sv_SE")
                            << QStringList { QStringLiteral("Översikt"), QStringLiteral("Sessioner"),
                                             QStringLiteral("Agenter"), QStringLiteral("Konfiguration"),
                                             QStringLiteral("Failover-övning") };
        QTest::newRow("de") << QStringLiteral("de_DE")
                            << QStringList { QStringLiteral("Übersicht"), QStringLiteral("Sitzungen"),
                                             QStringLiteral("Agenten"), QStringLiteral("Konfiguration"),
                                             QStringLiteral("Failover-Übung") };
    }

    void pagesAreTranslated()
    {
        QFETCH(QString, locale);
        QFETCH(QStringList, tabs);
        qputenv("OPENVSM_KEYCHAIN", "off");
        QTranslator translator;
        QVERIFY(translator.load(QLocale(locale), QStringLiteral("openvsm"), QStringLiteral("_"),
                                QStringLiteral(OPENVSM_QM_DIR)));
        QApplication::installTranslator(&translator);
        {
            MainWindow window;
            QStringList got;
            for (int i = 0; i < window.tabs()->count(); ++i)
                got.append(window.tabs()->tabText(i));
            QCOMPARE(got, tabs);
            KeychainStore keychain(QStringLiteral("test"));
            ConnectDialog dialog(&keychain);
            QVERIFY(dialog.windowTitle() != QStringLiteral("Connect to a cluster"));
        }
        QApplication::removeTranslator(&translator);
    }

    // The setup wizard's pages (gui/wizard): its first page, its title and the report page.
    void wizardIsTranslated_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QStringList>("texts");
        QTest::newRow("sv") << QStringLiteral("sv_SE")
                            << QStringList { QStringLiteral("OpenVSM installationsguide för HA"),
                                             QStringLiteral("Noder och resursnamn"), QStringLiteral("Anslut"),
                                             QStringLiteral("Rapport"), QStringLiteral("Spara rapport…") };
        QTest::newRow("de") << QStringLiteral("de_DE")
                            << QStringList { QStringLiteral("OpenVSM HA-Einrichtungsassistent"),
                                             QStringLiteral("Knoten und Ressourcenname"),
                                             QStringLiteral("Verbinden"), QStringLiteral("Bericht"),
                                             QStringLiteral("Bericht speichern…") };
    }

    void wizardIsTranslated()
    {
        QFETCH(QString, locale);
        QFETCH(QStringList, texts);
        qputenv("OPENVSM_KEYCHAIN", "off");
        QTranslator translator;
        QVERIFY(translator.load(QLocale(locale), QStringLiteral("openvsm"), QStringLiteral("_"),
                                QStringLiteral(OPENVSM_QM_DIR)));
        QApplication::installTranslator(&translator);
        {
            KeychainStore keychain(QStringLiteral("test"));
            SetupWizard wizard(nullptr, &keychain);
            QCOMPARE(QStringList({ wizard.windowTitle(), wizard.nodesPage()->title(),
                                   wizard.nodesPage()->connectButton()->text(), wizard.reportPage()->title(),
                                   wizard.reportPage()->saveButton()->text() }),
                     texts);
        }
        QApplication::removeTranslator(&translator);
    }

    // Qt's own texts too (qt6-translations-l10n): the setup wizard's Back/Next/Cancel, the
    // standard buttons of the console's dialogs, in the desktop's language.
    void qtOwnTextsAreTranslated_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("cancel");
        QTest::newRow("de: standard buttons")
            << QStringLiteral("de_DE") << QStringLiteral("QPlatformTheme") << QStringLiteral("Abbrechen");
        QTest::newRow("de: the wizard")
            << QStringLiteral("de_DE") << QStringLiteral("QWizard") << QStringLiteral("Abbrechen");
        QTest::newRow("sv: the wizard")
            << QStringLiteral("sv_SE") << QStringLiteral("QWizard") << QStringLiteral("Avbryt");
    }

    void qtOwnTextsAreTranslated()
    {
        QFETCH(QString, locale);
        QFETCH(QString, context);
        QFETCH(QString, cancel);
        QLocale::setDefault(QLocale(locale));
        GuiApp::installTranslations(qApp); // the newest translator is asked first
        QCOMPARE(QCoreApplication::translate(qPrintable(context), "Cancel"), cancel);
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
