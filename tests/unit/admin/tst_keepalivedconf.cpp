// Admin::KeepalivedConf::install, the node's side of the setup wizard's step 8, on real files below
// a temporary $OPENVSM_ROOT and with the real `keepalived -t` as the judge of a file.
#include "backend/server/admin/keepalivedconf.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Admin::KeepalivedConf::configFile;

namespace {

const QString Good = QStringLiteral("vrrp_instance tlha {\n    state MASTER\n    interface eth0\n"
                                    "    virtual_router_id 51\n    priority 150\n    advert_int 1\n"
                                    "    virtual_ipaddress {\n        10.0.0.4/24 dev eth0\n    }\n}\n");

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestKeepalivedConf : public QObject {
    Q_OBJECT

    struct Result {
        bool done = false;
        Protocol::AdminKeepalivedConf reply;
        QString error;
    };

    Result install(const QString &text, const QString &stamp)
    {
        Result r;
        Admin::KeepalivedConf::install(
            text, stamp, this, [&r](const Protocol::AdminKeepalivedConf &reply, const QString &error) {
                r = { true, reply, error };
            });
        if (!QTest::qWaitFor([&r]() { return r.done; }, 15000))
            r.error = QStringLiteral("no answer within 15 s");
        return r;
    }

    QStringList filesBeside() const
    {
        return QDir(QFileInfo(configFile()).absolutePath()).entryList(QDir::Files, QDir::Name);
    }

    QTemporaryDir m_root;

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("keepalived"), { QStringLiteral("/usr/sbin") })
                .isEmpty())
            QSKIP("keepalived is not installed (packaging/dev/install-deps installs it)");
        QVERIFY(m_root.isValid());
        qputenv("OPENVSM_ROOT", m_root.path().toLocal8Bit());
        QCOMPARE(configFile(), m_root.path() + QStringLiteral("/etc/keepalived/keepalived.conf"));
    }

    void refusedWithoutAnInstance()
    {
        const Result r = install(QStringLiteral("global_defs {\n}\n"), QStringLiteral("1"));
        QVERIFY2(r.error.contains(QLatin1String("no vrrp_instance")), qPrintable(r.error));
        QVERIFY(!QFile::exists(configFile()));
    }

    void refusedWhenKeepalivedFindsFault()
    {
        QString bad = Good;
        bad.replace(QLatin1String("virtual_router_id 51"), QLatin1String("virtual_router_id 999"));
        const Result r = install(bad, QStringLiteral("2"));
        QVERIFY2(r.error.contains(QLatin1String("keepalived -t finds fault")), qPrintable(r.error));
        QVERIFY2(r.error.contains(QLatin1String("999")), qPrintable(r.error)); // keepalived's own words
        QVERIFY2(r.error.contains(QLatin1String("nothing was written")), qPrintable(r.error));
        QVERIFY(!QFile::exists(configFile()));
        QVERIFY2(filesBeside().isEmpty(),
                 qPrintable(filesBeside().join(QLatin1Char(' ')))); // no candidate left
    }

    void installedWithTheOldOneKept()
    {
        QVERIFY(QDir().mkpath(QFileInfo(configFile()).absolutePath()));
        QFile old(configFile());
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("global_defs {\n}\n");
        old.close();
        const Result r = install(Good, QStringLiteral("3"));
        // Installed; with no keepalived running here (and no systemd below the test root) the
        // answer says to start it.
        QVERIFY2(r.error.contains(QLatin1String("installed, but keepalived is not running")),
                 qPrintable(r.error));
        QCOMPARE(contents(configFile()), Good.toUtf8());
        QCOMPARE(QFileInfo(configFile()).permissions()
                     & ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
                 QFile::Permissions());
        QCOMPARE(r.reply.backup, configFile() + QStringLiteral(".openvsm-backup-3"));
        QCOMPARE(contents(r.reply.backup), QByteArray("global_defs {\n}\n"));
        QCOMPARE(filesBeside(),
                 QStringList({ QStringLiteral("keepalived.conf"),
                               QStringLiteral("keepalived.conf.openvsm-backup-3") }));
    }

    void sameTextLeftAlone()
    {
        const Result r = install(Good, QStringLiteral("4"));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY2(r.reply.keepalived.contains(QLatin1String("left alone")), qPrintable(r.reply.keepalived));
        QVERIFY(r.reply.backup.isEmpty());
        QCOMPARE(filesBeside().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestKeepalivedConf)
#include "tst_keepalivedconf.moc"
