// Regression test: the admin password hash is readable by root only. Before the fix it was
// /vsmserver/admin/password_hash in conf.d/vsmserver.hconf, installed 0644: every local user
// could take it for an offline attack.
//
// Now `tlctl admin set-password` writes it atomically to its own file (0600, root's,
// /vsmserver/admin/password_file) and removes any old hash from the configuration files; an old
// hash still in the configuration is used until then, with a warning that says to run
// set-password. A hash file group or others can access (or another user owns) is refused, with a
// log line naming the file and what to do, until it is fixed; the daemon keeps running.
#include "shared/admin/adminpassword.h"
#include "tests/security/adminserverfixture.h"

#include <QDirIterator>
#include <QTest>

#include <sys/stat.h>

class TestSecurityAdminPassword : public QObject {
    Q_OBJECT

private:
    SecurityTest::AdminServer m_server;
    QString m_rightFile;
    QString m_oldFile;

    SecurityTest::ToolRun status(const QString &passwordFile)
    {
        return m_server.tlctl({ QStringLiteral("--node"), m_server.node(), QStringLiteral("status") }, {},
                              passwordFile);
    }

    // Every file under etc whose text holds a PBKDF2 hash.
    QStringList filesWithAHash() const
    {
        QStringList out;
        QDirIterator it(m_server.etc(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            QFile f(file);
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains("pbkdf2-sha256$"))
                out.append(file);
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: the hash file is root's");
        // An installation from before the fix: the hash in the shipped file (0644), and another
        // one in a later file, which wins.
        QString error;
        const QString oldHash = Admin::AdminPassword::hash("the old password", &error, 1000);
        QVERIFY2(!oldHash.isEmpty(), qPrintable(error));
        const QString hiddenHash = Admin::AdminPassword::hash("an even older one", &error, 1000);
        QVERIFY2(m_server.setUp(&error, QStringLiteral("password_hash=%1\n").arg(oldHash)),
                 qPrintable(error));
        QFile shipped(m_server.etc() + QStringLiteral("/conf.d/vsmserver.hconf"));
        QVERIFY(shipped.open(QIODevice::Append));
        shipped.write(QStringLiteral("\n[/vsmserver/admin]\npassword_hash=%1\n").arg(hiddenHash).toUtf8());
        shipped.close();
        QVERIFY(shipped.permissions() & QFileDevice::ReadOther);
        QVERIFY2(m_server.start(&error), qPrintable(error));
        m_rightFile = m_server.passwordFile("the new password");
        m_oldFile = m_server.passwordFile("the old password");
        const SecurityTest::ToolRun pin
            = m_server.tlctl({ QStringLiteral("--node"), m_server.node(),
                               QStringLiteral("--accept-new-fingerprint"), QStringLiteral("status") },
                             {}, m_oldFile);
        QVERIFY2(pin.code == 0, qPrintable(pin.err));
    }

    void oldHashInTheConfigurationIsUsedWithAWarning()
    {
        QVERIFY2(
            m_server.log().contains(QStringLiteral("the admin password hash is still in the configuration")),
            qPrintable(m_server.log()));
        QVERIFY(m_server.log().contains(QStringLiteral("run: tlctl admin set-password")));
        QCOMPARE(filesWithAHash().size(), 2);
    }

    void setPasswordMovesTheHashToARootOnlyFile()
    {
        const SecurityTest::ToolRun r = m_server.tlctl(
            { QStringLiteral("admin"), QStringLiteral("set-password") }, "the new password\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(m_server.hashFile()), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("old hash removed from the configuration")),
                 qPrintable(r.out));
        struct stat st = {};
        QCOMPARE(::stat(QFile::encodeName(m_server.hashFile()).constData(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0600));
        QCOMPARE(st.st_uid, uid_t(0));
        QCOMPARE(st.st_gid, gid_t(0));
        QCOMPARE(filesWithAHash(), QStringList { m_server.hashFile() });
        // No temporary file left next to it.
        QCOMPARE(QDir(m_server.etc())
                     .entryList({ QStringLiteral(".admin-password.hash*") }, QDir::Hidden | QDir::Files),
                 QStringList());

        SecurityTest::ToolRun login = status(m_rightFile);
        QVERIFY2(login.code == 0, qPrintable(login.err));
        login = status(m_oldFile);
        QCOMPARE(login.code, 1);
        QVERIFY2(login.err.contains(QStringLiteral("wrong admin password")), qPrintable(login.err));
    }

    void worldReadableHashFileIsRefused()
    {
        QVERIFY(QFile::setPermissions(m_server.hashFile(),
                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                          | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        const SecurityTest::ToolRun r = status(m_rightFile);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("refuses admin logins")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("vsmserver log")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        const QString log = m_server.log();
        QVERIFY2(
            log.contains(QStringLiteral("the admin password hash file %1 is accessible by group or others "
                                        "(mode 0644)")
                             .arg(m_server.hashFile())),
            qPrintable(log));
        QVERIFY(log.contains(QStringLiteral("chmod 600 %1").arg(m_server.hashFile())));
        QVERIFY(m_server.running());
        // Refused, not repaired behind the administrator's back.
        QVERIFY(QFileInfo(m_server.hashFile()).permissions() & QFileDevice::ReadOther);

        QVERIFY(QFile::setPermissions(m_server.hashFile(), QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const SecurityTest::ToolRun fixed = status(m_rightFile);
        QVERIFY2(fixed.code == 0, qPrintable(fixed.err));
    }

    void hashFileOfAnotherUserIsRefused()
    {
        QCOMPARE(::chown(QFile::encodeName(m_server.hashFile()).constData(), 65534, 65534), 0);
        const SecurityTest::ToolRun r = status(m_rightFile);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("refuses admin logins")), qPrintable(r.err));
        QVERIFY2(m_server.log().contains(
                     QStringLiteral("%1 belongs to uid 65534, not root").arg(m_server.hashFile())),
                 qPrintable(m_server.log()));
        QCOMPARE(::chown(QFile::encodeName(m_server.hashFile()).constData(), 0, 0), 0);
        QCOMPARE(status(m_rightFile).code, 0);
        QVERIFY(m_server.running());
    }
};

QTEST_MAIN(TestSecurityAdminPassword)
#include "tst_security_admin_password.moc"
