#include "backend/tools/tlclient/helperreply.h"

#include <QTest>

class TestHelperReply : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void list();
};

void TestHelperReply::parse_data()
{
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("errorPart");

    const QByteArray good = R"({"ok":true,"session":{"id":"s1","agent_hostname":"10.0.0.11","display":12,)"
                            R"("vnc_port":5912,"new":true,"password":"0102030405060708"}})";
    QTest::newRow("good") << good << true << "";
    QTest::newRow("banner before the answer") << QByteArray("Welcome to tlha\n" + good + "\n") << true << "";
    QTest::newRow("refused") << QByteArray(R"({"ok":false,"error":"you already have 1 session"})") << false
                             << "you already have 1 session";
    QTest::newRow("refused without reason") << QByteArray(R"({"ok":false})") << false << "without a reason";
    QTest::newRow("empty") << QByteArray() << false << "gave no answer";
    QTest::newRow("not json") << QByteArray("bash: tl-session-helper: command not found") << false
                              << "not tl-session-helper's: bash: tl-session-helper: command not found";
    QTest::newRow("no password") << QByteArray(R"({"ok":true,"session":{"id":"s1","agent_hostname":"a",)"
                                               R"("display":1,"vnc_port":5901}})")
                                 << false << "no usable VNC password";
    QTest::newRow("odd password") << QByteArray(R"({"ok":true,"session":{"id":"s1","agent_hostname":"a",)"
                                                R"("display":1,"vnc_port":5901,"password":"abc"}})")
                                  << false << "no usable VNC password";
    QTest::newRow("no port") << QByteArray(R"({"ok":true,"session":{"id":"s1","agent_hostname":"a",)"
                                           R"("display":1,"password":"0102"}})")
                             << false << "lacks the session's id, agent or VNC port";
}

void TestHelperReply::parse()
{
    QFETCH(QByteArray, output);
    QFETCH(bool, ok);
    QFETCH(QString, errorPart);

    const Tlclient::HelperReply reply = Tlclient::parseHelperReply(output, true);
    QCOMPARE(reply.ok, ok);
    if (ok) {
        QCOMPARE(reply.session.id, QStringLiteral("s1"));
        QCOMPARE(reply.session.agentHostname, QStringLiteral("10.0.0.11"));
        QCOMPARE(reply.session.display, 12);
        QCOMPARE(reply.session.vncPort, 5912);
        QVERIFY(reply.session.isNew);
        QCOMPARE(reply.session.password, QByteArray::fromHex("0102030405060708"));
    } else {
        QVERIFY2(reply.error.contains(errorPart), qPrintable(reply.error));
    }
}

void TestHelperReply::list()
{
    const Tlclient::HelperReply reply = Tlclient::parseHelperReply(
        R"({"ok":true,"sessions":[{"id":"a","agent_hostname":"h1","display":10,"vnc_port":5910,"state":"running"},)"
        R"({"id":"b","agent_hostname":"h2","display":11,"vnc_port":5911,"state":"disconnected"}]})",
        false);
    QVERIFY2(reply.ok, qPrintable(reply.error));
    QCOMPARE(reply.sessions.size(), 2);
    QCOMPARE(reply.sessions.at(1).state, QStringLiteral("disconnected"));
    QVERIFY(reply.sessions.at(0).password.isEmpty());
}

QTEST_GUILESS_MAIN(TestHelperReply)
#include "tst_helperreply.moc"
