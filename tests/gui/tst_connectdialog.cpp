// First run of tl-console: the connect dialog puts the cursor in the first field still to be
// filled in, and a keychain that could not give the password (its unlock prompt cancelled) is
// said in words, never as a raw D-Bus object path, with the password asked for instead.
#include "gui/console/connectdialog.h"
#include "gui/widgets/keychainstore.h"

#include <QApplication>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

#include <qt6keychain/keychain.h>

using namespace Console;
using namespace Widgets;

class TestConnectDialog : public QObject {
    Q_OBJECT

private:
    static QString focused(const ConnectDialog &dialog)
    {
        return dialog.focusWidget() ? dialog.focusWidget()->objectName() : QString();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("OPENVSM_KEYCHAIN", "off");
        QCoreApplication::setOrganizationName(QStringLiteral("OpenVSM-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_connectdialog"));
    }

    void init() { QSettings().clear(); }

    void firstRunFocusesTheFirstNode()
    {
        KeychainStore keychain(QStringLiteral("test"));
        ConnectDialog dialog(&keychain);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(focused(dialog), QStringLiteral("node1"));
        QCOMPARE(QApplication::focusWidget(), dialog.focusWidget());
        // The first node typed in, Tab-free: the next empty one is the second node.
        dialog.findChild<QLineEdit *>(QStringLiteral("node1"))->setText(QStringLiteral("tlha-primary"));
        dialog.focusFirstEmpty();
        QCOMPARE(focused(dialog), QStringLiteral("node2"));
    }

    void recentClusterFocusesThePassword()
    {
        ConnectDialog::remember({ QStringLiteral("tlha-primary"), QStringLiteral("tlha-secondary") },
                                QStringLiteral("tlha"));
        KeychainStore keychain(QStringLiteral("test"));
        ConnectDialog dialog(&keychain);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.nodes(),
                 (QStringList { QStringLiteral("tlha-primary"), QStringLiteral("tlha-secondary") }));
        QCOMPARE(focused(dialog), QStringLiteral("password"));
    }

    void loneServerSkipsTheSecondNode()
    {
        ConnectDialog::remember({ QStringLiteral("vsm1") }, QStringLiteral("vsm1"));
        KeychainStore keychain(QStringLiteral("test"));
        ConnectDialog dialog(&keychain);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(focused(dialog), QStringLiteral("password"));
    }

    void keychainOutcomesInWords_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("result");
        QTest::addColumn<QString>("mustSay");
        const int cancelled = static_cast<int>(KeychainStore::Result::Cancelled);
        QTest::newRow("prompt cancelled")
            << int(QKeychain::AccessDeniedByUser) << QStringLiteral("/org/freedesktop/secrets/prompt/u3")
            << cancelled << QStringLiteral("cancelled");
        QTest::newRow("dismissed as another error")
            << int(QKeychain::OtherError)
            << QStringLiteral("Prompt dismissed: /org/freedesktop/secrets/prompt/u7") << cancelled
            << QStringLiteral("cancelled");
        QTest::newRow("no service") << int(QKeychain::NoBackendAvailable)
                                    << QStringLiteral("No keychain service available")
                                    << static_cast<int>(KeychainStore::Result::Unavailable)
                                    << QStringLiteral("No keychain service available");
        QTest::newRow("path in another failure")
            << int(QKeychain::AccessDenied)
            << QStringLiteral("Unlock failed for /org/freedesktop/secrets/collection/login:")
            << static_cast<int>(KeychainStore::Result::Failed) << QStringLiteral("Unlock failed for");
        QTest::newRow("found") << int(QKeychain::NoError) << QString()
                               << static_cast<int>(KeychainStore::Result::Ok) << QString();
    }

    void keychainOutcomesInWords()
    {
        QFETCH(int, error);
        QFETCH(QString, text);
        QFETCH(int, result);
        QFETCH(QString, mustSay);
        QString message;
        QCOMPARE(static_cast<int>(KeychainStore::outcome(error, text, &message)), result);
        QVERIFY2(!message.contains(QLatin1String("/org/")), qPrintable(message));
        QVERIFY2(message.contains(mustSay), qPrintable(message));
    }
};

QTEST_MAIN(TestConnectDialog)
#include "tst_connectdialog.moc"
