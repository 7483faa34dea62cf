// Regression test: `tlctl --node` trusts a node's certificate only when told to. Before the fix
// it pinned the certificate of any node it had not seen and sent the admin password to it at
// once, so whoever answered first (a spoofed address or name) got the password.
//
// Now, without a terminal, a node that is not pinned yet needs --accept-new-fingerprint: without
// it tlctl names the fingerprint and the option, sends no password (vsmserver sees no login) and
// pins nothing. On a terminal it shows the fingerprint and asks, as ssh does.
#include "tests/security/adminserverfixture.h"

#include <QStandardPaths>
#include <QTest>

class TestSecurityAdminPinning : public QObject {
    Q_OBJECT

private:
    SecurityTest::AdminServer m_server;
    QString m_passwordFile;

    static int logins(const QString &log) { return int(log.count(QStringLiteral("admin login from"))); }

    bool pinned() const
    {
        QFile f(m_server.knownNodes());
        return f.open(QIODevice::ReadOnly) && f.readAll().contains(m_server.node().toUtf8());
    }

    // tlctl on a terminal (script(1) gives it a pty), answering the question with answer.
    SecurityTest::ToolRun onTerminal(const QByteArray &answer)
    {
        const QString command = QStringLiteral("%1 --node %2 status")
                                    .arg(TestSupport::bin(QStringLiteral("tlctl")), m_server.node());
        return m_server.run(QStringLiteral("script"),
                            { QStringLiteral("-qec"), command, QStringLiteral("/dev/null") }, answer + '\n',
                            m_passwordFile);
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: vsmserver's admin API runs as root");
        QString error;
        QVERIFY2(m_server.setUp(&error), qPrintable(error));
        QVERIFY2(m_server.setPassword(SecurityTest::AdminServer::Password, &error), qPrintable(error));
        QVERIFY2(m_server.start(&error), qPrintable(error));
        m_passwordFile = m_server.passwordFile(SecurityTest::AdminServer::Password);
        QVERIFY(!m_server.fingerprint().isEmpty());
    }

    void nodeFingerprintOnTheNode()
    {
        const SecurityTest::ToolRun r
            = m_server.tlctl({ QStringLiteral("admin"), QStringLiteral("fingerprint") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QStringLiteral("SHA-256 ") + m_server.fingerprint());
    }

    void newNodeWithoutTerminalIsRefused()
    {
        const int before = logins(m_server.log());
        const SecurityTest::ToolRun r = m_server.tlctl(
            { QStringLiteral("--node"), m_server.node(), QStringLiteral("status") }, {}, m_passwordFile);
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(m_server.fingerprint()), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("--accept-new-fingerprint")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("not sending the password")), qPrintable(r.err));
        QVERIFY(!pinned());
        QTest::qWait(500); // anything the server would log about that connection is there now
        QCOMPARE(logins(m_server.log()), before);
        QVERIFY(!m_server.log().contains(QStringLiteral("failed admin login")));
    }

    void newNodeOnTerminalAnsweredNo()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty())
            QSKIP("needs script(1) from util-linux to run tlctl on a terminal");
        const int before = logins(m_server.log());
        const SecurityTest::ToolRun r = onTerminal("no");
        QVERIFY2(r.out.contains(QStringLiteral("Its SHA-256 fingerprint is")), qPrintable(r.out));
        QVERIFY2(r.out.contains(m_server.fingerprint()), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("(yes/no)?")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QStringLiteral("Admin password")), qPrintable(r.out));
        QCOMPARE(r.code, 1);
        QVERIFY(!pinned());
        QTest::qWait(500);
        QCOMPARE(logins(m_server.log()), before);
    }

    void newNodeWithTheOptionIsPinned()
    {
        const int before = logins(m_server.log());
        SecurityTest::ToolRun r
            = m_server.tlctl({ QStringLiteral("--node"), m_server.node(),
                               QStringLiteral("--accept-new-fingerprint"), QStringLiteral("status") },
                             {}, m_passwordFile);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("pinning the admin certificate of %1: SHA-256 %2")
                                    .arg(m_server.node(), m_server.fingerprint())),
                 qPrintable(r.err));
        QVERIFY(pinned());
        QCOMPARE(logins(m_server.log()), before + 1);
        // Pinned: no option needed any more, and nothing asked.
        r = m_server.tlctl({ QStringLiteral("--node"), m_server.node(), QStringLiteral("status") }, {},
                           m_passwordFile);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("pinning")), qPrintable(r.err));
    }

    void newNodeOnTerminalAnsweredYes()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty())
            QSKIP("needs script(1) from util-linux to run tlctl on a terminal");
        QVERIFY(QFile::remove(m_server.knownNodes()));
        const SecurityTest::ToolRun r = onTerminal("yes");
        QVERIFY2(r.out.contains(QStringLiteral("(yes/no)?")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("uptime")), qPrintable(r.out));
        QCOMPARE(r.code, 0);
        QVERIFY(pinned());
    }
};

QTEST_MAIN(TestSecurityAdminPinning)
#include "tst_security_admin_pinning.moc"
