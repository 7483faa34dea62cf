// KeychainStore against a real Secret Service (a private D-Bus session bus and an unlocked
// gnome-keyring-daemon, HOME in a scratch folder), and switched off. Without any session bus:
// tst_keychainnobus.cpp (QtDBus keeps its first session bus per process).
#include "gui/widgets/keychainstore.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Widgets;

class TestKeychain : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_home;
    qint64 m_busPid = 0;
    bool m_ready = false;

    struct Outcome {
        bool done = false;
        KeychainStore::Result result = KeychainStore::Result::Failed;
        QString secret;
        QString error;
    };

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("dbus-launch")).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon")).isEmpty())
            return; // the real-keyring test skips itself
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_DATA_HOME", (m_home.path() + QStringLiteral("/.local/share")).toUtf8());
        qputenv("XDG_RUNTIME_DIR", m_home.path().toUtf8());
        QProcess bus;
        bus.start(QStringLiteral("dbus-launch"), { QStringLiteral("--sh-syntax") });
        QVERIFY(bus.waitForFinished(10000));
        const QString out = QString::fromUtf8(bus.readAllStandardOutput());
        const auto address
            = QRegularExpression(QStringLiteral("DBUS_SESSION_BUS_ADDRESS='([^']+)'")).match(out);
        const auto pid = QRegularExpression(QStringLiteral("DBUS_SESSION_BUS_PID=(\\d+)")).match(out);
        QVERIFY2(address.hasMatch() && pid.hasMatch(), qPrintable(out));
        qputenv("DBUS_SESSION_BUS_ADDRESS", address.captured(1).toUtf8());
        m_busPid = pid.captured(1).toLongLong();
        QProcess keyring;
        keyring.start(QStringLiteral("gnome-keyring-daemon"),
                      { QStringLiteral("--daemonize"), QStringLiteral("--unlock"),
                        QStringLiteral("--components=secrets") });
        QVERIFY(keyring.waitForStarted(5000));
        keyring.write("test-keyring-password");
        keyring.closeWriteChannel();
        QVERIFY(keyring.waitForFinished(15000));
        m_ready = keyring.exitCode() == 0;
        QVERIFY2(m_ready, keyring.readAllStandardError().constData());
    }

    void cleanupTestCase()
    {
        if (m_busPid > 0)
            ::kill(static_cast<pid_t>(m_busPid), SIGTERM); // gnome-keyring-daemon leaves with its bus
    }

    void writeReadRemove()
    {
        if (!m_ready)
            QSKIP("needs dbus-launch (dbus-x11) and gnome-keyring-daemon (gnome-keyring)");
        KeychainStore store(QStringLiteral("OpenVSM console test"));
        QVERIFY(store.available());
        Outcome w;
        store.write(QStringLiteral("openvsm-admin:a,b"), QStringLiteral("s3cret pass"), this,
                    [&](KeychainStore::Result r, const QString &e) {
                        w.result = r;
                        w.error = e;
                        w.done = true;
                    });
        QTRY_VERIFY_WITH_TIMEOUT(w.done, 15000);
        QVERIFY2(w.result == KeychainStore::Result::Ok, qPrintable(w.error));
        Outcome r;
        store.read(QStringLiteral("openvsm-admin:a,b"), this,
                   [&](KeychainStore::Result res, const QString &s, const QString &e) {
                       r.result = res;
                       r.secret = s;
                       r.error = e;
                       r.done = true;
                   });
        QTRY_VERIFY_WITH_TIMEOUT(r.done, 15000);
        QVERIFY2(r.result == KeychainStore::Result::Ok, qPrintable(r.error));
        QCOMPARE(r.secret, QStringLiteral("s3cret pass"));
        Outcome d;
        store.remove(QStringLiteral("openvsm-admin:a,b"), this,
                     [&](KeychainStore::Result res, const QString &e) {
                         d.result = res;
                         d.error = e;
                         d.done = true;
                     });
        QTRY_VERIFY_WITH_TIMEOUT(d.done, 15000);
        QVERIFY2(d.result == KeychainStore::Result::Ok, qPrintable(d.error));
        Outcome gone;
        store.read(QStringLiteral("openvsm-admin:a,b"), this,
                   [&](KeychainStore::Result res, const QString &, const QString &) {
                       gone.result = res;
                       gone.done = true;
                   });
        QTRY_VERIFY_WITH_TIMEOUT(gone.done, 15000);
        QCOMPARE(gone.result, KeychainStore::Result::NotFound);
        // Nothing was written next to the program: no insecure fallback file.
        QVERIFY(!QFile::exists(m_home.path() + QStringLiteral("/.config/OpenVSM console test.ini")));
    }

    void disabledMeansUnavailable()
    {
        qputenv("OPENVSM_KEYCHAIN", "off");
        KeychainStore store(QStringLiteral("OpenVSM console test"));
        qunsetenv("OPENVSM_KEYCHAIN");
        QVERIFY(!store.available());
        Outcome w;
        store.write(QStringLiteral("k"), QStringLiteral("v"), this,
                    [&](KeychainStore::Result r, const QString &) {
                        w.result = r;
                        w.done = true;
                    });
        QTRY_VERIFY(w.done);
        QCOMPARE(w.result, KeychainStore::Result::Unavailable);
    }
};

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
