// The console's and the setup wizard's Swedish and German translations load and are used (the .qm
// files lrelease built from translations/*.ts, with no unfinished entries).
#include "gui/console/connectdialog.h"
#include "gui/console/mainwindow.h"
#include "gui/console/serverreason.h"
#include "gui/widgets/guiapp.h"
#include "gui/widgets/keychainstore.h"
#include "gui/wizard/nodespage.h"
#include "gui/wizard/reportpage.h"
#include "gui/wizard/setupwizard.h"
#include "shared/protocol/adminmessages.h"

#include <QApplication>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

using namespace Wizard;

using namespace Console;
using namespace Widgets;

class TestTranslations : public QObject {
    Q_OBJECT

private slots:
    void pagesAreTranslated_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QStringList>("tabs");
        QTest::newRow("sv") << QStringLiteral(
            "sv_SE") << QStringList { QStringLiteral("Översikt"),        QStringLiteral("Sessioner"),
                                      QStringLiteral("Agenter"),         QStringLiteral("Konfiguration"),
                                      QStringLiteral("Failover-övning"), QStringLiteral("Händelser") };
        QTest::newRow("de") << QStringLiteral(
            "de_DE") << QStringList { QStringLiteral("Übersicht"),      QStringLiteral("Sitzungen"),
                                      QStringLiteral("Agenten"),        QStringLiteral("Konfiguration"),
                                      QStringLiteral("Failover-Übung"), QStringLiteral("Ereignisse") };
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

    // A node's refusal travels as a code with arguments beside its English text: the console
    // says the codes it knows in its language, and the node's English for the rest (and while it
    // speaks English).
    void serverReasonsAreTranslated()
    {
        const QCborMap twice = Protocol::AdminReason {
            QStringLiteral("listed_twice"), { QStringLiteral("TS1:904"), QStringLiteral("ts1") }
        }.toCbor();
        const QString english
            = QStringLiteral("terminalservers: /vsmserver/terminalservers: 'TS1:904' is listed "
                             "twice (as 'ts1'); remove one");
        QCOMPARE(ServerReason::text(twice, english), english);
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QStringLiteral("sv_SE")), QStringLiteral("openvsm"),
                                QStringLiteral("_"), QStringLiteral(OPENVSM_QM_DIR)));
        QApplication::installTranslator(&translator);
        QCOMPARE(ServerReason::text(twice, english),
                 QStringLiteral("TS1:904 finns två gånger i listan (som ts1); ta bort en."));
        QCOMPARE(ServerReason::text(Protocol::AdminReason { QStringLiteral("wrong_password"), {} }.toCbor(),
                                    QStringLiteral("wrong admin password")),
                 QStringLiteral("Fel administratörslösenord."));
        QCOMPARE(ServerReason::text(
                     Protocol::AdminReason { QStringLiteral("agent_unreachable"), { QStringLiteral("ts2") } }
                         .toCbor(),
                     QStringLiteral("agent ts2: not connected")),
                 QStringLiteral("Agenten ts2 svarar inte den här noden."));
        // Unknown codes, wrong arguments, no reason at all: the node's words.
        QCOMPARE(
            ServerReason::text(Protocol::AdminReason { QStringLiteral("weather"), {} }.toCbor(), english),
            english);
        QCOMPARE(ServerReason::text(Protocol::AdminReason { QStringLiteral("listed_twice"), {} }.toCbor(),
                                    english),
                 english);
        QCOMPARE(ServerReason::text({}, english), english);
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
        Widgets::installTranslations(qApp); // the newest translator is asked first
        QCOMPARE(QCoreApplication::translate(qPrintable(context), "Cancel"), cancel);
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
