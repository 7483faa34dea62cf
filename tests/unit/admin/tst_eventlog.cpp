// The node's event log (Admin::EventLog): a bounded ring of structured entries, numbered in
// order, that the admin API serves (AdminEventLog) and pushes (AdminEvent "logged").
#include "backend/server/admin/eventlog.h"
#include "shared/protocol/adminmessages.h"

#include <QDateTime>
#include <QTest>

using Admin::EventLog;
using Protocol::AdminLogEntry;

namespace {

AdminLogEntry entry(int n)
{
    return AdminLogEntry::make(AdminLogEntry::Kind::Session, QStringLiteral("event %1").arg(n),
                               { { QStringLiteral("id"), QString::number(n) } });
}

QStringList texts(const QList<AdminLogEntry> &entries)
{
    QStringList out;
    for (const AdminLogEntry &e : entries)
        out.append(e.text);
    return out;
}

} // namespace

class TestEventLog : public QObject {
    Q_OBJECT

private slots:
    void numbersInOrderAndStamps()
    {
        EventLog log(10);
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const AdminLogEntry first = log.append(entry(1));
        const AdminLogEntry second = log.append(entry(2));
        QCOMPARE(first.seq, 1);
        QCOMPARE(second.seq, 2);
        QVERIFY(first.time >= before);
        QCOMPARE(texts(log.after(0)), (QStringList { QStringLiteral("event 1"), QStringLiteral("event 2") }));
        QCOMPARE(texts(log.after(1)), QStringList { QStringLiteral("event 2") });
        QVERIFY(log.after(2).isEmpty());
        QVERIFY(log.after(99).isEmpty());
        // A time given is kept (an entry made earlier).
        AdminLogEntry old = entry(3);
        old.time = 1000;
        QCOMPARE(log.append(old).time, 1000);
    }

    void boundedDropsTheOldest()
    {
        EventLog log(3);
        for (int n = 1; n <= 7; ++n)
            log.append(entry(n));
        QCOMPARE(log.size(), 3);
        const QList<AdminLogEntry> kept = log.after(0);
        QCOMPARE(texts(kept),
                 (QStringList { QStringLiteral("event 5"), QStringLiteral("event 6"),
                                QStringLiteral("event 7") }));
        QCOMPARE(kept.first().seq, 5);
        QCOMPARE(kept.last().seq, 7);
        // Asking after an entry that is gone gives all that is left.
        QCOMPARE(log.after(2).size(), 3);
        QCOMPARE(texts(log.after(6)), QStringList { QStringLiteral("event 7") });
    }

    void defaultCapacityIsAFewHundred()
    {
        EventLog log;
        for (int n = 0; n < EventLog::DefaultCapacity + 50; ++n)
            log.append(entry(n));
        QCOMPARE(log.size(), EventLog::DefaultCapacity);
        QVERIFY(EventLog::DefaultCapacity >= 200 && EventLog::DefaultCapacity <= 1000);
    }

    void refusalEntry()
    {
        const AdminLogEntry e
            = EventLog::refusal(QStringLiteral("admin"), Net::RefusalReason::HandshakeFailed,
                                QStringLiteral("10.0.0.9"), QStringLiteral("TLS handshake failed"));
        QCOMPARE(e.kind, AdminLogEntry::Kind::Refused);
        QCOMPARE(e.details.value(QStringLiteral("address")), QStringLiteral("10.0.0.9"));
        QCOMPARE(e.details.value(QStringLiteral("reason")), QStringLiteral("handshake_failed"));
        QCOMPARE(e.details.value(QStringLiteral("listener")), QStringLiteral("admin"));
        QCOMPARE(e.text,
                 QStringLiteral("the admin port refused a connection from 10.0.0.9: TLS handshake failed"));
        const AdminLogEntry local
            = EventLog::refusal(QStringLiteral("local"), Net::RefusalReason::ConnectionLimit,
                                QStringLiteral("uid 1001"), QStringLiteral("limit"));
        QCOMPARE(local.text, QStringLiteral("the local socket refused a connection from uid 1001: limit"));
        QCOMPARE(local.details.value(QStringLiteral("address")), QStringLiteral("uid 1001"));
    }

    void travelsAsCbor()
    {
        EventLog log;
        AdminLogEntry e = log.append(entry(1));
        e.node = QStringLiteral("tlha-primary");
        Protocol::AdminEvent pushed;
        pushed.kind = Protocol::AdminEvent::Kind::Logged;
        pushed.logged = e;
        QString error;
        const auto back = Protocol::AdminEvent::fromCbor(pushed.toCbor(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->kind, Protocol::AdminEvent::Kind::Logged);
        QVERIFY(back->logged);
        QCOMPARE(back->logged->seq, e.seq);
        QCOMPARE(back->logged->time, e.time);
        QCOMPARE(back->logged->node, e.node);
        QCOMPARE(back->logged->kind, e.kind);
        QCOMPARE(back->logged->text, e.text);
        QCOMPARE(back->logged->details, e.details);
        const auto reply
            = Protocol::AdminEventLog::fromCbor(Protocol::AdminEventLog { log.after(0) }.toCbor(), &error);
        QVERIFY2(reply, qPrintable(error));
        QCOMPARE(reply->entries.size(), 1);
        // Every kind has a wire name that reads back.
        for (AdminLogEntry::Kind kind : AdminLogEntry::kinds())
            QCOMPARE(AdminLogEntry::kindFromName(AdminLogEntry::kindName(kind)), kind);
        QCborMap unknown = e.toCbor();
        unknown.insert(QStringLiteral("kind"), QStringLiteral("weather"));
        QVERIFY(!AdminLogEntry::fromCbor(unknown, &error));
        QVERIFY2(error.contains(QStringLiteral("weather")), qPrintable(error));
        QVERIFY(
            !Protocol::AdminEventLogQuery::fromCbor(QCborMap { { QStringLiteral("after"), -1 } }, &error));
    }
};

QTEST_GUILESS_MAIN(TestEventLog)
#include "tst_eventlog.moc"
