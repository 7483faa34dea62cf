#include "backend/tools/tlctl/haformat.h"
#include "backend/tools/tlctl/tlctlformat.h"
#include "shared/protocol/fields.h"

#include <QCborMap>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestTlctlFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void age_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("negative") << qint64(-5) << "0s";
        QTest::newRow("seconds") << qint64(45) << "45s";
        QTest::newRow("minutes") << qint64(12 * 60 + 5) << "12m";
        QTest::newRow("hours") << qint64(3 * 3600 + 5 * 60) << "3h 05m";
        QTest::newRow("days") << qint64(2 * 86400 + 4 * 3600 + 59) << "2d 04h";
    }
    void age()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        QCOMPARE(Tlctl::formatAge(seconds), expected);
    }

    void memoryAndCpu_data()
    {
        QTest::addColumn<qint64>("used");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<double>("load1");
        QTest::addColumn<int>("cpus");
        QTest::addColumn<QString>("memory");
        QTest::addColumn<QString>("cpu");
        QTest::newRow("unknown") << qint64(0) << qint64(0) << 0.0 << 0 << "-"
                                 << "-";
        QTest::newRow("quarter") << qint64(4 * 1024 * 1024) << qint64(16 * 1024 * 1024) << 1.0 << 4
                                 << "4.0/16.0 GiB (25%)"
                                 << "25%";
        QTest::newRow("overloaded") << qint64(1024 * 1024) << qint64(2 * 1024 * 1024) << 3.0 << 2
                                    << "1.0/2.0 GiB (50%)"
                                    << "150%";
    }
    void memoryAndCpu()
    {
        QFETCH(qint64, used);
        QFETCH(qint64, total);
        QFETCH(double, load1);
        QFETCH(int, cpus);
        QFETCH(QString, memory);
        QFETCH(QString, cpu);
        QCOMPARE(Tlctl::formatMemory(used, total), memory);
        QCOMPARE(Tlctl::formatCpu(load1, cpus), cpu);
    }

    static Protocol::CtlSession session(const QString &user, int display, const QString &agent,
                                        Store::SessionState state, qint64 age)
    {
        Protocol::CtlSession s;
        s.record.user = user;
        s.record.display = display;
        s.record.agent = agent;
        s.record.state = state;
        s.age = age;
        return s;
    }

    void sessionTable()
    {
        const QList<Protocol::CtlSession> sessions {
            session(QStringLiteral("alice"), 10, QStringLiteral("ts1.example.com"),
                    Store::SessionState::Running, 125),
            session(QStringLiteral("bob"), 2001, QStringLiteral("ts2"), Store::SessionState::Disconnected, 5),
        };
        const QString expected = QStringLiteral("USER   DISPLAY  AGENT            STATUS        AGE\n"
                                                "alice  :10      ts1.example.com  running       2m\n"
                                                "bob    :2001    ts2              disconnected  5s\n");
        QCOMPARE(Tlctl::sessionTable(sessions), expected);
        const QJsonArray json
            = QJsonDocument::fromJson(Tlctl::toJson(Protocol::toCborArray(sessions))).array();
        QCOMPARE(json.size(), 2);
        QCOMPARE(json.at(1).toObject().value(QStringLiteral("display")).toInt(), 2001);
        QCOMPARE(json.at(1).toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("disconnected"));
    }

    // session list --terminated: a tombstone shows as terminated, with its end pending while it
    // keeps the Xvnc's pid (the agent could not be reached); the JSON has its version.
    void terminatedSessions()
    {
        Protocol::CtlSession ended
            = session(QStringLiteral("carol"), 11, QStringLiteral("ts1"), Store::SessionState::Running, 60);
        ended.record.deleted = true;
        ended.record.version = { 4, QStringLiteral("node-a"), 1700000000123 };
        Protocol::CtlSession pending = ended;
        pending.record.user = QStringLiteral("dave");
        pending.record.pid = 4242;
        const QString expected = QStringLiteral("USER   DISPLAY  AGENT  STATUS                    AGE\n"
                                                "carol  :11      ts1    terminated                1m\n"
                                                "dave   :11      ts1    terminated (end pending)  1m\n");
        QCOMPARE(Tlctl::sessionTable({ ended, pending }), expected);
        const QJsonObject json
            = QJsonDocument::fromJson(Tlctl::toJson(Protocol::toCborArray(QList { ended })))
                  .array()
                  .at(0)
                  .toObject();
        QCOMPARE(json.value(QStringLiteral("deleted")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("version")).toInteger(), 4);
        QCOMPARE(json.value(QStringLiteral("origin")).toString(), QStringLiteral("node-a"));
        QCOMPARE(json.value(QStringLiteral("updated")).toInteger(), 1700000000123);

        Protocol::CtlSessionFilter filter;
        filter.terminated = true;
        QString error;
        const auto back = Protocol::CtlSessionFilter::fromCbor(filter.toCbor(), &error);
        QVERIFY2(back && back->terminated, qPrintable(error));
        QVERIFY(!Protocol::CtlSessionFilter::fromCbor({}, &error)->terminated);
    }

    void loadTable()
    {
        Protocol::CtlAgentLoad ts1;
        ts1.agent = QStringLiteral("ts1");
        ts1.reachable = true;
        ts1.rating = 2.26;
        ts1.load = Protocol::LoadReport {};
        ts1.load->users = 3;
        ts1.load->memUsedKib = 1024 * 1024;
        ts1.load->memTotalKib = 4 * 1024 * 1024;
        ts1.load->load1 = 0.5;
        ts1.load->cpus = 2;
        Protocol::CtlAgentLoad ts2;
        ts2.agent = QStringLiteral("ts2");
        ts2.reachable = false;
        ts2.penalized = true;
        ts2.reason = QStringLiteral("connection refused");
        const QString t = Tlctl::loadTable({ ts1, ts2 });
        const QStringList lines = t.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith(QStringLiteral("AGENT  USERS  MEM")));
        QVERIFY(lines[0].contains(QStringLiteral("  RATING  "))
                && lines[0].endsWith(QStringLiteral("  REACHABLE")));
        QVERIFY2(lines[1].contains(QStringLiteral("1.0/4.0 GiB (25%)  25%  2.3")), qPrintable(lines[1]));
        QVERIFY(lines[1].endsWith(QStringLiteral("yes")));
        // No load report: nothing is guessed.
        QVERIFY2(lines[2].startsWith(QStringLiteral("ts2    -      -")), qPrintable(lines[2]));
        QVERIFY2(lines[2].contains(QStringLiteral("- (penalized)")), qPrintable(lines[2]));
        QVERIFY(lines[2].endsWith(QStringLiteral("no (connection refused)")));
    }

    // tlctl ha status as people read it: every row from the typed status, replication rows only
    // while HA runs.
    void eventTable()
    {
        // Oldest first, numbered, with the local time: the admin can ask for what came after N.
        Protocol::AdminLogEntry e = Protocol::AdminLogEntry::make(
            Protocol::AdminLogEntry::Kind::Session,
            QStringLiteral("session s1 of alice on agent1 display 10 started"));
        e.seq = 7;
        e.time = QDateTime(QDate(2026, 12, 3), QTime(4, 5, 6)).toMSecsSinceEpoch();
        const QStringList lines = Tlctl::eventTable({ e }).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.at(0).startsWith(QLatin1String("N  TIME")), qPrintable(lines.at(0)));
        QCOMPARE(
            lines.at(1).simplified(),
            QStringLiteral("7 2026-12-03 04:05:06 session session s1 of alice on agent1 display 10 started"));
    }

    void haStatusText()
    {
        Protocol::HaStatus s;
        s.enabled = true;
        s.reason = QStringLiteral("HA/enabled is 1 but this node is not in HA/nodes");
        s.role = Protocol::HaRole::Backup;
        s.sessions = 4;
        QString t = Tlctl::haStatusText(s);
        QVERIFY2(t.contains(QStringLiteral("HA:                off\n")), qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("why:               HA/enabled is 1")), qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("role:              BACKUP (notify hook)\n")), qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("resource address:  not configured\n")), qPrintable(t));
        QVERIFY2(!t.contains(QStringLiteral("link:")), qPrintable(t));

        s.active = true;
        s.reason.clear();
        s.role = Protocol::HaRole::Master;
        s.local = QStringLiteral("tlha-primary");
        s.peer = QStringLiteral("tlha-secondary");
        s.peerAddresses = QStringList { QStringLiteral("10.0.0.3"), QStringLiteral("fd00::3") };
        s.port = 9000;
        s.resourceAddress = QStringLiteral("10.0.0.4");
        s.resourceLocal = true;
        s.resourceLocalAddress = QStringLiteral("10.0.0.4/24 on eth0");
        s.link = QStringLiteral("down");
        s.linkOut = QStringLiteral("connecting");
        s.linkIn = QStringLiteral("down");
        s.linkOutError = QStringLiteral("connection refused");
        s.replication = QStringLiteral("sync");
        s.syncTimeout = 5;
        s.replicationId = QStringLiteral("r1");
        s.offset = 42;
        s.ackedOffset = 40;
        Protocol::HaResync r;
        r.kind = Protocol::ResyncKind::Partial;
        r.changes = 7;
        r.durationMs = 12;
        s.lastResyncReceived = r;
        s.degraded = true;
        s.degradedReason = QStringLiteral("peer unreachable");
        s.configKnown = true;
        s.configDiffers = QStringList { QStringLiteral("/vsmserver/terminalservers") };
        t = Tlctl::haStatusText(s);
        QVERIFY2(t.contains(
                     QStringLiteral("peer node:             tlha-secondary (10.0.0.3 fd00::3), port 9000\n")),
                 qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("role:                  MASTER (notify hook)\n")), qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("10.0.0.4, on this node (10.0.0.4/24 on eth0)")), qPrintable(t));
        QVERIFY2(
            t.contains(QStringLiteral("down (to peer: connecting, from peer: down); connection refused")),
            qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("local r1 42, peer has up to 40")), qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("last resync sent:      none\n")), qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("last resync received:  partial, never, 7 changes, 12 ms\n")),
                 qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("degraded:              yes: peer unreachable\n")), qPrintable(t));
        QVERIFY2(t.contains(QStringLiteral("DIFFERS in /vsmserver/terminalservers")), qPrintable(t));
        // The JSON is the message itself: what scripts read has the protocol's keys.
        const QJsonObject json = QJsonDocument::fromJson(Tlctl::haStatusJson(s).toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("role")).toString(), QStringLiteral("MASTER"));
        QCOMPARE(json.value(QStringLiteral("offset")).toInt(), 42);
    }
};

QTEST_GUILESS_MAIN(TestTlctlFormat)
#include "tst_tlctlformat.moc"
