// KeychainStore without a Secret Service: the session bus address leads nowhere (set by CTest,
// see CMakeLists.txt). The console must then say that no keychain is available and store
// nothing. A program of its own because QtDBus keeps its first session bus per process.
#include "gui/widgets/keychainstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace Widgets;

class TestKeychainNoBus : public QObject {
    Q_OBJECT

private slots:
    void noServiceMeansUnavailable()
    {
        QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(QStringLiteral("/nonexistent/")),
                 "run through ctest: DBUS_SESSION_BUS_ADDRESS must name a bus that does not exist");
        KeychainStore store(QStringLiteral("OpenVSM console test"));
        QSignalSpy changed(&store, &KeychainStore::availabilityChanged);
        bool done = false;
        KeychainStore::Result result = KeychainStore::Result::Ok;
        QString error;
        store.read(QStringLiteral("k"), this,
                   [&](KeychainStore::Result res, const QString &, const QString &e) {
                       result = res;
                       error = e;
                       done = true;
                   });
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
        QVERIFY2(result == KeychainStore::Result::Unavailable, qPrintable(error));
        QVERIFY(!store.available());
        QCOMPARE(changed.size(), 1);
    }
};

QTEST_MAIN(TestKeychainNoBus)
#include "tst_keychainnobus.moc"
