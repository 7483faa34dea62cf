#include "tests/integration/support/testuser.h"
#include "tests/security/agentharness.h"

#include "backend/agent/useraccount.h"

#include <QTest>

using Protocol::MessageType;

// Issue: "control characters and NUL in user names are refused at the boundary". A user name
// reaches getpwnam, Xvnc's -desktop argument, the session's environment and log lines; one with
// a NUL could name another user to C code, one with a newline could forge log lines.
class TestSecurityAgentUserName : public QObject {
    Q_OBJECT

private slots:
    void validation_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("why"); // part of the refusal

        QTest::newRow("plain") << QStringLiteral("alice") << true << QString();
        QTest::newRow("dots, dash, digits") << QStringLiteral("alice.smith-2") << true << QString();
        QTest::newRow("directory style") << QStringLiteral("alice@example.com") << true << QString();
        QTest::newRow("windows domain") << QStringLiteral("EXAMPLE\\alice") << true << QString();
        QTest::newRow("non-ascii letters") << QStringLiteral("bj\u00f6rn") << true << QString();
        QTest::newRow("256 characters") << QString(256, QLatin1Char('a')) << true << QString();

        QTest::newRow("empty") << QString() << false << QStringLiteral("empty");
        QTest::newRow("NUL inside") << QStringLiteral("root") + QChar(0) + QStringLiteral("x") << false
                                    << QStringLiteral("a NUL character (0x00) at position 5");
        QTest::newRow("NUL at the end")
            << QStringLiteral("alice") + QChar(0) << false << QStringLiteral("NUL character");
        QTest::newRow("newline (log forging)")
            << QStringLiteral("alice\nINFO session of root started") << false
            << QStringLiteral("a control character (0x0a) at position 6");
        QTest::newRow("carriage return") << QStringLiteral("alice\r") << false << QStringLiteral("0x0d");
        QTest::newRow("tab") << QStringLiteral("\talice") << false << QStringLiteral("position 1");
        QTest::newRow("escape sequence")
            << QStringLiteral("alice\x1b[31m") << false << QStringLiteral("0x1b");
        QTest::newRow("DEL") << QStringLiteral("alice\x7f") << false << QStringLiteral("0x7f");
        QTest::newRow("C1 control") << QStringLiteral("alice\u0085") << false << QStringLiteral("0x85");
        QTest::newRow("slash") << QStringLiteral("../root") << false << QStringLiteral("'/'");
        QTest::newRow("257 characters")
            << QString(257, QLatin1Char('a')) << false << QStringLiteral("at most 256");
    }
    void validation()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QFETCH(QString, why);
        QString error;
        QCOMPARE(Agent::UserAccount::isValidName(name, &error), valid);
        if (valid)
            return;
        QVERIFY2(error.contains(why), qPrintable(error));
        // The refusal never carries the raw control character (it would forge a log line).
        for (const QChar c : std::as_const(error))
            QVERIFY2(c.unicode() >= 0x20 && !(c.unicode() >= 0x7f && c.unicode() <= 0x9f), qPrintable(error));
        // The lookup applies the same rule.
        QString lookupError;
        QVERIFY(!Agent::UserAccount::lookup(name, &lookupError));
        QCOMPARE(lookupError, error);
    }

    void refusedByTheRealAgent()
    {
        const QString missing = AgentHarness::missing();
        if (!missing.isEmpty())
            QSKIP(qPrintable(missing));
        TestUser user(QStringLiteral("ovsun"));
        QVERIFY2(user.ok(), qPrintable(user.error()));
        AgentHarness h(this);
        QString error;
        QVERIFY2(h.setUp(640, &error), qPrintable(error));
        QVERIFY2(h.start(&error), qPrintable(error));
        QPointer<Protocol::Link> link = h.connect(&error);
        QVERIFY2(link, qPrintable(error));

        // An existing user's name with something appended: C code would stop at the NUL.
        const QList<QPair<QString, QString>> attacks {
            { user.name() + QChar(0) + QStringLiteral("root"), QStringLiteral("NUL character") },
            { user.name() + QStringLiteral("\n<3>vsmagent[security]: forged line"),
              QStringLiteral("control character (0x0a)") },
            { QStringLiteral("\x1b]0;owned\x07") + user.name(),
              QStringLiteral("control character (0x1b) at position 1") },
        };
        int n = 0;
        for (const auto &[name, why] : attacks) {
            const QString id = QStringLiteral("user-%1").arg(++n);
            const AgentHarness::Answer a = h.startSession(link, id, name);
            QVERIFY2(a.error.contains(why) && a.error.contains(QStringLiteral("user names must not contain")),
                     qPrintable(a.error));
            QVERIFY(!QFile::exists(h.sessionFile(id, QStringLiteral("passwd"))));
            QVERIFY(!QFile::exists(h.sessionFile(id, QStringLiteral("json"))));
        }
        QTRY_VERIFY(h.log().contains(QStringLiteral("refused to start session user-3")));
        QVERIFY2(!h.log().contains(QStringLiteral("\n<3>vsmagent[security]: forged line")),
                 qPrintable(h.log()));

        // The same user without the attack starts normally.
        AgentHarness::Answer a = h.startSession(link, QStringLiteral("user-ok"), user.name());
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        a = h.request(link, MessageType::AgentTerminateSession,
                      AgentHarness::idBody(QStringLiteral("user-ok")));
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QVERIFY(h.agent()->running());
    }
};

QTEST_GUILESS_MAIN(TestSecurityAgentUserName)
#include "tst_security_agent_username.moc"
