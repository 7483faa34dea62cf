#include "shared/store/sessionrecord.h"

#include <QCborArray>
#include <QCborValue>
#include <QDateTime>
#include <QSet>
#include <QTest>
#include <QUuid>

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

    // A packed record's fields, as packAll() writes them (the order of toCbor()'s keys).
    static QCborArray packedFields(const SessionRecord &r)
    {
        QCborArray fields;
        const QCborMap map = r.toCbor();
        for (auto it = map.constBegin(); it != map.constEnd(); ++it)
            fields.append(it.value());
        return fields;
    }
    static QByteArray packedOf(const QList<QCborArray> &records)
    {
        QCborArray all;
        for (const QCborArray &fields : records)
            all.append(fields);
        return QCborValue(all).toCbor();
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

    // Records packed for a snapshot chunk read back as they were written, and as their maps
    // read back (the same record, whichever way it travelled).
    void packedRoundTrip()
    {
        SessionRecord a = sample();
        SessionRecord b = sample();
        b.id = QStringLiteral("0d6c1c1e-0000-4000-8000-000000000002");
        b.user = QStringLiteral("jöran 用户"); // not ASCII
        b.uid = -1;
        b.state = SessionState::Running;
        b.command.clear();
        b.display = std::numeric_limits<int>::max();
        b.pid = std::numeric_limits<qint64>::min();
        b.version = { quint64(std::numeric_limits<qint64>::max()), QStringLiteral("node-b"), -5 };
        b.deleted = true;
        SessionRecord c = b; // all ASCII: read from the encoding itself, the others by the stream reader
        c.user = QStringLiteral("joran");
        QString error;
        for (const QList<SessionRecord> &records :
             { QList<SessionRecord> { a, b }, QList<SessionRecord> { a, c } }) {
            const auto back = SessionRecord::unpackAll(SessionRecord::packAll(records), &error);
            QVERIFY2(back, qPrintable(error));
            QCOMPARE(*back, records);
            for (const SessionRecord &r : records)
                QCOMPARE(*SessionRecord::fromCbor(r.toCbor(), nullptr), r);
        }
        const auto none = SessionRecord::unpackAll(SessionRecord::packAll({}), &error);
        QVERIFY2(none && none->isEmpty(), qPrintable(error));
    }

    // The packed form as it travels to the peer: a list of lists of the map's values, in the
    // map's order (the bytes are those written out by hand).
    void packedWireForm()
    {
        QCOMPARE(SessionRecord::packAll({ sample(), sample() }),
                 packedOf({ packedFields(sample()), packedFields(sample()) }));
        QCOMPARE(packedFields(sample()).size(), 18);
        QCOMPARE(packedFields(sample()).at(7).toString(), QStringLiteral("disconnected"));
    }

    void packedMalformed_data()
    {
        QTest::addColumn<QByteArray>("packed");
        QTest::addColumn<QString>("expectedError");
        const QCborArray good = packedFields(sample());
        const auto with = [&good](int field, const QCborValue &value) {
            QCborArray fields = good;
            fields[field] = value;
            return packedOf({ good, fields });
        };
        QTest::newRow("not a list") << QCborValue(5).toCbor() << "not a CBOR list";
        QTest::newRow("record not a list")
            << packedOf({}).replace(0, 1, QByteArray("\x81\x05", 2)) << "record 0: not a list";
        QCborArray shortOne = good;
        shortOne.removeLast();
        QTest::newRow("a field short") << packedOf({ shortOne }) << "record 0: field 'deleted': missing";
        QTest::newRow("id not text") << with(0, 5) << "record 1: field 'id': not text";
        QTest::newRow("id empty") << with(0, QString()) << "record 1: field 'id': empty";
        QTest::newRow("display text")
            << with(5, QStringLiteral("12")) << "record 1: field 'display': not an integer";
        QTest::newRow("display beyond int")
            << with(5, qint64(1) << 32 | 10) << "record 1: field 'display': 4294967306 is out of range";
        QTest::newRow("vnc_port below int")
            << with(6, -(qint64(1) << 40)) << "record 1: field 'vnc_port': -1099511627776 is out of range";
        QTest::newRow("version negative")
            << with(14, -1) << "record 1: field 'version': -1 is out of range (0..9223372036854775807)";
        QTest::newRow("updated a double") << with(16, 1.5) << "record 1: field 'updated': not an integer";
        QTest::newRow("deleted int") << with(17, 1) << "record 1: field 'deleted': not true or false";
        QTest::newRow("bad state") << with(7, QStringLiteral("zombie"))
                                   << "record 1: field 'state': unknown state 'zombie'";
        // -2^64, below every integer a record holds (not representable as a QCborValue): the uid
        // is written as a marker, then its bytes replaced.
        QByteArray below = with(2, qint64(0x7ffffffffffffffe));
        below.replace(QByteArray::fromHex("1b7ffffffffffffffe"), QByteArray::fromHex("3bffffffffffffffff"));
        QTest::newRow("uid -2^64") << below << "record 1: field 'uid': -18446744073709551616 is out of range";
        QByteArray notUtf8 = with(1, QStringLiteral("USERMARK"));
        notUtf8.replace(QByteArray("USERMARK"), QByteArray("\xff\xfeSERMARK"));
        QTest::newRow("user not UTF-8") << notUtf8 << "record 1: field 'user': not valid UTF-8";
        // A text that says it is 2^40 bytes long, in a few bytes: refused, never allocated.
        QTest::newRow("text longer than the bytes") << QByteArray::fromHex("81817b0000010000000000")
                + QByteArray("abc") << "record 0: field 'id': malformed text";
        QTest::newRow("bytes after the records")
            << packedOf({ good }) + QByteArray("\x00", 1) << "1 bytes after the records";
        QTest::newRow("cut short") << packedOf({ good }).chopped(3)
                                   << "record 0: field 'updated': malformed CBOR";
    }

    void packedMalformed()
    {
        QFETCH(QByteArray, packed);
        QFETCH(QString, expectedError);
        QString error;
        QVERIFY(!SessionRecord::unpackAll(packed, &error));
        QVERIFY2(error.contains(expectedError), qPrintable(error));
    }

    // A record of a later version, with fields after the known ones, is read without them.
    void packedFieldsOfALaterVersionAreSkipped()
    {
        QCborArray later = packedFields(sample());
        later.append(QStringLiteral("a field of tomorrow"));
        later.append(QCborMap { { QStringLiteral("x"), QCborArray { 1, 2 } } });
        QString error;
        const auto back = SessionRecord::unpackAll(packedOf({ later, packedFields(sample()) }), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->size(), 2);
        QCOMPARE(back->first(), sample());
    }

    // Changes packed for a replication batch: kind, offset and record, as their maps carry them.
    void packedChanges()
    {
        Change upsert { Change::Kind::Upsert, sample(), 41 };
        Change remove { Change::Kind::Remove, sample(), 42 };
        remove.record.deleted = true;
        const QByteArray packed = Change::packAll({ upsert, remove });
        QCborArray upsertFields { QStringLiteral("upsert"), 41 };
        QCborArray removeFields { QStringLiteral("remove"), 42 };
        for (const QCborValue &v : packedFields(upsert.record))
            upsertFields.append(v);
        for (const QCborValue &v : packedFields(remove.record))
            removeFields.append(v);
        QCOMPARE(packed, packedOf({ upsertFields, removeFields }));
        QString error;
        const auto back = Change::unpackAll(packed, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->size(), 2);
        QCOMPARE(back->at(0).kind, Change::Kind::Upsert);
        QCOMPARE(back->at(0).offset, quint64(41));
        QCOMPARE(back->at(0).record, upsert.record);
        QCOMPARE(back->at(1).kind, Change::Kind::Remove);
        QCOMPARE(back->at(1).record, remove.record);

        QCborArray badKind = upsertFields;
        badKind[0] = QStringLiteral("rename");
        QVERIFY(!Change::unpackAll(packedOf({ upsertFields, badKind }), &error));
        QCOMPARE(error, QStringLiteral("change 1: field 'kind': unknown kind 'rename'"));
        QCborArray badOffset = upsertFields;
        badOffset[1] = -3;
        QVERIFY(!Change::unpackAll(packedOf({ badOffset }), &error));
        QVERIFY2(error.startsWith(QStringLiteral("change 0: field 'offset': -3 is out of range")),
                 qPrintable(error));
        QCborArray badRecord = upsertFields;
        badRecord[2 + 5] = QStringLiteral("12"); // the record's display
        QVERIFY(!Change::unpackAll(packedOf({ badRecord }), &error));
        QCOMPARE(error, QStringLiteral("change 0: field 'display': not an integer"));
    }

    // The broker's session ids: UUIDs of version 7 whose first 48 bits are the creation's
    // millisecond, so that ids of later sessions sort after earlier ones in the store's index.
    void newSessionIdIsAVersion7UuidOfItsMillisecond()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QString id = newSessionId();
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        const QUuid uuid(id);
        QVERIFY2(!uuid.isNull(), qPrintable(id));
        QCOMPARE(uuid.toString(QUuid::WithoutBraces), id); // canonical: lower case, no braces
        QCOMPARE(id.at(14), QLatin1Char('7')); // the version
        QCOMPARE(uuid.variant(), QUuid::DCE); // the RFC's variant, 10 in the top bits
        bool ok = false;
        const qint64 ms = QString(id.left(8) + id.mid(9, 4)).toLongLong(&ok, 16);
        QVERIFY(ok);
        QVERIFY2(ms >= before && ms <= after, qPrintable(id));
    }

    void newSessionIdsSortByTheirMillisecond()
    {
        // Around where the millisecond's low 16 bits carry into the first group, and today.
        for (const qint64 ms : { Q_INT64_C(0xffff), Q_INT64_C(0x1ffffffff), Q_INT64_C(1796601600000) }) {
            for (int i = 0; i < 50; ++i) {
                const QString earlier = newSessionId(ms);
                const QString later = newSessionId(ms + 1);
                QVERIFY2(earlier < later, qPrintable(earlier + QLatin1String(" >= ") + later));
            }
        }
        QCOMPARE(newSessionId(0).left(13), QStringLiteral("00000000-0000"));
    }

    void newSessionIdsOfOneMillisecondDiffer()
    {
        QSet<QString> ids;
        for (int i = 0; i < 10000; ++i)
            ids.insert(newSessionId(1796601600000));
        QCOMPARE(ids.size(), 10000);
        // 74 random bits each: of 10,000 ids every hex digit after the time and the version
        // takes more than one value (the variant's digit is one of 8, 9, a, b).
        const QString first = *ids.constBegin();
        for (int pos = 15; pos < first.size(); ++pos) {
            if (pos == 18 || pos == 23)
                continue; // the dashes
            bool varies = false;
            for (const QString &id : std::as_const(ids))
                varies = varies || id.at(pos) != first.at(pos);
            QVERIFY2(varies,
                     qPrintable(QStringLiteral("digit %1 of every id is %2").arg(pos).arg(first.at(pos))));
        }
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
