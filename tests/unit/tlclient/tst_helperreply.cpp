#include "backend/tools/tlclient/helperreply.h"

#include <QJsonDocument>
#include <QTest>

class TestHelperReply : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void list();
    void roundTrip();
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
                                  << false << "field 'password' is not hexadecimal";
    QTest::newRow("no port") << QByteArray(R"({"ok":true,"session":{"id":"s1","agent_hostname":"a",)"
                                           R"("display":1,"password":"0102"}})")
                             << false << "session: field 'vnc_port'";
    QTest::newRow("port out of range")
        << QByteArray(R"({"ok":true,"session":{"id":"s1","agent_hostname":"a",)"
                      R"("display":1,"vnc_port":70000,"password":"0102"}})")
        << false << "no usable VNC port (70000)";
    QTest::newRow("display not a number")
        << QByteArray(R"({"ok":true,"session":{"id":"s1","agent_hostname":"a",)"
                      R"("display":"one","vnc_port":5901,"password":"0102"}})")
        << false << "session: field 'display'";
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
        QVERIFY(reply.session.isNew.value_or(false));
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
    QCOMPARE(reply.sessions.at(1).state, Store::SessionState::Disconnected);
    QVERIFY(reply.sessions.at(0).password.isEmpty());
}

// What tl-session-helper prints from the server's reply is what tlclient reads back.
void TestHelperReply::roundTrip()
{
    Protocol::ClientSessionReply sent;
    sent.session.id = QStringLiteral("s9");
    sent.session.agentHostname = QStringLiteral("agent1");
    sent.session.display = 14;
    sent.session.vncPort = 5914;
    sent.session.geometry = QStringLiteral("1280x720");
    sent.session.state = Store::SessionState::Disconnected;
    sent.session.created = 1700000000;
    sent.session.isNew = false;
    sent.session.password = QByteArray("\x01\xff\x00pass", 7);
    sent.terminated = QStringList { QStringLiteral("s1") };
    const QByteArray printed
        = QJsonDocument(Protocol::toHelperJson(sent.toCbor())).toJson(QJsonDocument::Compact);
    QVERIFY2(printed.contains(R"("password":"01ff0070617373")"), printed.constData());
    const Tlclient::HelperReply reply = Tlclient::parseHelperReply(printed, true);
    QVERIFY2(reply.ok, qPrintable(reply.error));
    QCOMPARE(reply.session.id, sent.session.id);
    QCOMPARE(reply.session.display, 14);
    QCOMPARE(reply.session.state, Store::SessionState::Disconnected);
    QCOMPARE(reply.session.created, 1700000000);
    QCOMPARE(reply.session.isNew, std::optional<bool>(false));
    QCOMPARE(reply.session.password, sent.session.password);
    QCOMPARE(reply.terminated, sent.terminated);

    const QByteArray refusal
        = QJsonDocument(Protocol::helperRefusal(QStringLiteral("no agent"))).toJson(QJsonDocument::Compact);
    const Tlclient::HelperReply refused = Tlclient::parseHelperReply(refusal, true);
    QVERIFY(!refused.ok);
    QCOMPARE(refused.error, QStringLiteral("no agent"));
}

QTEST_GUILESS_MAIN(TestHelperReply)
#include "tst_helperreply.moc"
