// The console's Swedish and German translations load and are used (the .qm files lrelease
// built from translations/*.ts, with no unfinished entries).
#include "connectdialog.h"
#include "keychainstore.h"
#include "mainwindow.h"

#include <QApplication>
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
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
