#include "shared/store/sessionrecord.h"

#include <QCborValue>
#include <QTest>

using namespace Store;

class TestSessionRecord : public QObject {
    Q_OBJECT

private:
    static SessionRecord sample()
    {
        SessionRecord r;
        r.id = QStringLiteral("0d6c1c1e-0000-4000-8000-000000000001");
        r.user = QStringLiteral("alice");
        r.uid = 1001;
        r.agent = QStringLiteral("agent1.example.com");
        r.agentHostname = QStringLiteral("10.0.0.5");
        r.display = 12;
        r.vncPort = 5912;
        r.state = SessionState::Disconnected;
        r.created = 1700000000;
        r.lastConnection = 1700000100;
        r.lastClient = QStringLiteral("192.0.2.7");
        r.geometry = QStringLiteral("1280x800");
        r.command = QStringLiteral("xterm");
        r.pid = 4242;
        r.version = { 7, QStringLiteral("node-a"), 1700000100123 };
        return r;
    }

private Q_SLOTS:
    void roundTrip()
    {
        const SessionRecord r = sample();
        QString error;
        const auto back = SessionRecord::fromCbor(r.toCbor(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(*back, r);
        QCOMPARE(back->toCbor().value(QStringLiteral("state")).toString(), QStringLiteral("disconnected"));
    }

    // The record as it travels to the peer, which may run another version: these keys with
    // these values, in this order (the bytes are those of the map written out by hand).
    void wireForm()
    {
        const auto s = [](const char *text) { return QString::fromUtf8(text); };
        const QList<std::pair<QString, QCborValue>> expected = {
            { s("id"), s("0d6c1c1e-0000-4000-8000-000000000001") },
            { s("user"), s("alice") },
            { s("uid"), 1001 },
            { s("agent"), s("agent1.example.com") },
            { s("agent_hostname"), s("10.0.0.5") },
            { s("display"), 12 },
            { s("vnc_port"), 5912 },
            { s("state"), s("disconnected") },
            { s("created"), 1700000000 },
            { s("last_connection"), 1700000100 },
            { s("last_client"), s("192.0.2.7") },
            { s("geometry"), s("1280x800") },
            { s("command"), s("xterm") },
            { s("pid"), 4242 },
            { s("version"), 7 },
            { s("origin"), s("node-a") },
            { s("updated"), qint64(1700000100123) },
            { s("deleted"), false },
        };
        QCborMap byHand;
        for (const auto &[key, value] : expected)
            byHand.insert(key, value);
        const QCborMap encoded = sample().toCbor();
        QCOMPARE(encoded.size(), qsizetype(expected.size()));
        qsizetype i = 0;
        for (auto it = encoded.constBegin(); it != encoded.constEnd(); ++it, ++i) {
            QCOMPARE(it.key().toString(), expected.at(i).first);
            QCOMPARE(it.value(), expected.at(i).second);
        }
        QCOMPARE(QCborValue(encoded).toCbor(), QCborValue(byHand).toCbor());
    }

    void changeRoundTrip()
    {
        Change c { Change::Kind::Remove, sample(), 99 };
        c.record.deleted = true;
        QString error;
        const auto back = Change::fromCbor(c.toCbor(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->kind, Change::Kind::Remove);
        QCOMPARE(back->offset, quint64(99));
        QCOMPARE(back->record, c.record);
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QCborValue>("value");
        QTest::addColumn<QString>("expectedError");
        QTest::newRow("no id") << "id" << QCborValue(QCborValue::Undefined) << "field 'id': missing";
        QTest::newRow("field 'id': empty") << "id" << QCborValue(QString()) << "field 'id': empty";
        QTest::newRow("display text")
            << "display" << QCborValue(QStringLiteral("12")) << "field 'display': not an integer";
        QTest::newRow("user number") << "user" << QCborValue(5) << "field 'user': not text";
        QTest::newRow("bad state") << "state" << QCborValue(QStringLiteral("zombie"))
                                   << "unknown state 'zombie'";
        QTest::newRow("display beyond int")
            << "display" << QCborValue(qint64(1) << 32 | 10) << "field 'display': 4294967306 is out of range";
        QTest::newRow("vnc_port below int") << "vnc_port" << QCborValue(-(qint64(1) << 40))
                                            << "field 'vnc_port': -1099511627776 is out of range";
        QTest::newRow("field 'version': -1 is out of range")
            << "version" << QCborValue(-1) << "field 'version': -1 is out of range";
        QTest::newRow("deleted int") << "deleted" << QCborValue(1) << "field 'deleted': not true or false";
    }

    void malformed()
    {
        QFETCH(QString, field);
        QFETCH(QCborValue, value);
        QFETCH(QString, expectedError);
        QCborMap m = sample().toCbor();
        if (value.isUndefined())
            m.remove(field);
        else
            m.insert(field, value);
        QString error;
        QVERIFY(!SessionRecord::fromCbor(m, &error));
        QVERIFY2(error.contains(expectedError), qPrintable(error));
    }

    void newer_data()
    {
        QTest::addColumn<quint64>("counterA");
        QTest::addColumn<qint64>("updatedA");
        QTest::addColumn<QString>("originA");
        QTest::addColumn<bool>("deletedA");
        QTest::addColumn<quint64>("counterB");
        QTest::addColumn<qint64>("updatedB");
        QTest::addColumn<QString>("originB");
        QTest::addColumn<bool>("deletedB");
        QTest::addColumn<bool>("aWins");
        QTest::newRow("higher counter")
            << quint64(3) << qint64(1) << "a" << false << quint64(2) << qint64(9) << "b" << false << true;
        QTest::newRow("lower counter")
            << quint64(1) << qint64(9) << "z" << true << quint64(2) << qint64(1) << "a" << false << false;
        QTest::newRow("same counter, later")
            << quint64(2) << qint64(5) << "a" << false << quint64(2) << qint64(4) << "b" << false << true;
        QTest::newRow("same counter, earlier")
            << quint64(2) << qint64(3) << "z" << false << quint64(2) << qint64(4) << "a" << false << false;
        QTest::newRow("same counter, a delete wins over a later change")
            << quint64(2) << qint64(3) << "a" << true << quint64(2) << qint64(9) << "b" << false << true;
        QTest::newRow("same counter, a change loses to an earlier delete")
            << quint64(2) << qint64(9) << "z" << false << quint64(2) << qint64(3) << "a" << true << false;
        QTest::newRow("full tie, delete wins")
            << quint64(2) << qint64(4) << "a" << true << quint64(2) << qint64(4) << "b" << false << true;
        QTest::newRow("full tie, origin")
            << quint64(2) << qint64(4) << "b" << false << quint64(2) << qint64(4) << "a" << false << true;
        QTest::newRow("identical") << quint64(2) << qint64(4) << "a" << false << quint64(2) << qint64(4)
                                   << "a" << false << false;
    }

    void newer()
    {
        QFETCH(quint64, counterA);
        QFETCH(qint64, updatedA);
        QFETCH(QString, originA);
        QFETCH(bool, deletedA);
        QFETCH(quint64, counterB);
        QFETCH(qint64, updatedB);
        QFETCH(QString, originB);
        QFETCH(bool, deletedB);
        QFETCH(bool, aWins);
        SessionRecord a = sample();
        SessionRecord b = sample();
        a.version = { counterA, originA, updatedA };
        a.deleted = deletedA;
        b.version = { counterB, originB, updatedB };
        b.deleted = deletedB;
        QCOMPARE(SessionRecord::newer(a, b), aWins);
        if (aWins)
            QVERIFY(!SessionRecord::newer(b, a)); // the order is antisymmetric
    }
};

QTEST_GUILESS_MAIN(TestSessionRecord)
#include "tst_sessionrecord.moc"
