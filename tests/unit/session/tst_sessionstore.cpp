#include "session/sessionstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <cstdio>
#include <unistd.h>

using namespace Store;

namespace {

SessionRecord makeRecord(const QString &user, const QString &agent, int display)
{
    SessionRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.user = user;
    r.uid = 1000 + display;
    r.agent = agent;
    r.agentHostname = agent + QStringLiteral(".clients");
    r.display = display;
    r.vncPort = 5900 + display;
    r.created = 1700000000 + display;
    r.geometry = QStringLiteral("1024x768");
    return r;
}

// The child side of crashAfterCommit: writes sessions and reports each one on stdout only after
// upsert() returned, until it is killed.
int crashChild(const QString &path)
{
    SessionStore store;
    QString error;
    if (!store.open(path, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    for (int i = 0;; ++i) {
        const SessionRecord r = makeRecord(QStringLiteral("u%1").arg(i % 50), QStringLiteral("agent"), i);
        if (!store.upsert(r, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 3;
        }
        std::printf("%s\n", qPrintable(r.id));
        std::fflush(stdout);
    }
}

} // namespace

class TestSessionStore : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_n = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("store%1.db").arg(++m_n)); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void openCreatesSchema()
    {
        const QString path = freshPath();
        QString nodeId;
        {
            SessionStore store;
            QString error;
            QVERIFY2(store.open(path, &error), qPrintable(error));
            QVERIFY(!store.nodeId().isEmpty());
            QVERIFY(!store.replicationId().isEmpty());
            QVERIFY(store.nodeId() != store.replicationId());
            QCOMPARE(store.count(), 0);
            QCOMPARE(store.lastOffset(), quint64(0));
            nodeId = store.nodeId();
        }
        SessionStore again;
        QString error;
        QVERIFY2(again.open(path, &error), qPrintable(error));
        QCOMPARE(again.nodeId(), nodeId); // kept across restarts
    }

    void openMissingFolder()
    {
        SessionStore store;
        QString error;
        QVERIFY(!store.open(m_dir.filePath(QStringLiteral("nope/store.db")), &error));
        QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
    }

    void refusesNewerSchema()
    {
        const QString path = freshPath();
        {
            SessionStore store;
            QString error;
            QVERIFY(store.open(path, &error));
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=99")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        SessionStore store;
        QString error;
        QVERIFY(!store.open(path, &error));
        QVERIFY2(error.contains(QStringLiteral("schema version 99")), qPrintable(error));
    }

    void upsertGetListRemove()
    {
        SessionStore store;
        QString error;
        QVERIFY(store.open(freshPath(), &error));
        QSignalSpy spy(&store, &SessionStore::changed);

        SessionRecord a = makeRecord(QStringLiteral("alice"), QStringLiteral("agent1"), 10);
        SessionRecord b = makeRecord(QStringLiteral("bob"), QStringLiteral("agent2"), 11);
        SessionRecord c = makeRecord(QStringLiteral("alice"), QStringLiteral("agent2"), 12);
        const auto ca = store.upsert(a, &error);
        QVERIFY2(ca, qPrintable(error));
        QCOMPARE(ca->offset, quint64(1));
        QCOMPARE(ca->kind, Change::Kind::Upsert);
        QCOMPARE(ca->record.version.counter, quint64(1));
        QCOMPARE(ca->record.version.origin, store.nodeId());
        QVERIFY(ca->record.version.updated > 0);
        QVERIFY(store.upsert(b, &error));
        QVERIFY(store.upsert(c, &error));
        QCOMPARE(spy.count(), 3);
        QCOMPARE(store.lastOffset(), quint64(3));

        const auto got = store.get(a.id);
        QVERIFY(got);
        QCOMPARE(got->user, a.user);
        QCOMPARE(got->display, 10);
        QCOMPARE(got->agentHostname, a.agentHostname);
        QCOMPARE(*got, ca->record);
        QCOMPARE(store.count(), 3);
        QCOMPARE(store.list().size(), 3);
        QCOMPARE(store.listByUser(QStringLiteral("alice")).size(), 2);
        QCOMPARE(store.listByUser(QStringLiteral("carol")).size(), 0);
        QCOMPARE(store.listByAgent(QStringLiteral("agent2")).size(), 2);

        // Changing a record bumps its version.
        SessionRecord a2 = *got;
        a2.state = SessionState::Disconnected;
        a2.lastClient = QStringLiteral("192.0.2.1");
        const auto ca2 = store.upsert(a2, &error);
        QVERIFY(ca2);
        QCOMPARE(ca2->record.version.counter, quint64(2));
        QCOMPARE(store.get(a.id)->state, SessionState::Disconnected);

        const auto removed = store.remove(a.id, &error);
        QVERIFY2(removed, qPrintable(error));
        QCOMPARE(removed->kind, Change::Kind::Remove);
        QVERIFY(removed->record.deleted);
        QCOMPARE(removed->record.version.counter, quint64(3));
        QVERIFY(!store.get(a.id));
        QVERIFY(store.get(a.id, true)); // the tombstone
        QCOMPARE(store.count(), 2);
        QCOMPARE(store.list().size(), 2);
        QCOMPARE(store.list(true).size(), 3);
        QCOMPARE(store.listByUser(QStringLiteral("alice")).size(), 1);

        QVERIFY(!store.remove(a.id, &error));
        QVERIFY2(error.contains(QStringLiteral("no session")), qPrintable(error));
        QVERIFY(!store.remove(QStringLiteral("unknown"), &error));
        QCOMPARE(spy.count(), 5);
    }

    void applyRemote()
    {
        SessionStore store;
        QString error;
        QVERIFY(store.open(freshPath(), &error));
        SessionRecord r = makeRecord(QStringLiteral("alice"), QStringLiteral("agent1"), 10);
        r.version = { 5, QStringLiteral("peer"), 1000 };
        auto c = store.apply(r, &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(store.get(r.id)->version.origin, QStringLiteral("peer")); // kept as given

        SessionRecord older = r;
        older.version = { 4, QStringLiteral("peer"), 2000 };
        older.display = 99;
        QVERIFY(!store.apply(older, &error));
        QVERIFY(error.isEmpty());
        QCOMPARE(store.get(r.id)->display, 10);

        SessionRecord tomb = r;
        tomb.version = { 6, QStringLiteral("peer"), 3000 };
        tomb.deleted = true;
        c = store.apply(tomb, &error);
        QVERIFY(c);
        QCOMPARE(c->kind, Change::Kind::Remove);
        QVERIFY(!store.get(r.id));

        // A later local write continues from the remote counter.
        SessionRecord again = r;
        const auto local = store.upsert(again, &error);
        QVERIFY(local);
        QCOMPARE(local->record.version.counter, quint64(7));
    }

    void journal()
    {
        SessionStore store;
        QString error;
        QVERIFY(store.open(freshPath(), &error));
        store.setJournalBacklog(100);
        QList<SessionRecord> records;
        for (int i = 0; i < 300; ++i)
            records.append(makeRecord(QStringLiteral("u"), QStringLiteral("a"), i));
        const QList<Change> changes = store.upsertAll(records, &error);
        QCOMPARE(changes.size(), 300);
        QCOMPARE(changes.last().offset, quint64(300));

        bool complete = false;
        QList<Change> since = store.changesSince(250, &complete);
        QVERIFY(complete);
        QCOMPARE(since.size(), 50);
        QCOMPARE(since.first().offset, quint64(251));
        QCOMPARE(since.first().record, changes.at(250).record);

        since = store.changesSince(300, &complete);
        QVERIFY(complete);
        QVERIFY(since.isEmpty());

        store.changesSince(10, &complete); // trimmed away
        QVERIFY(!complete);
        store.changesSince(301, &complete); // from the future: not ours
        QVERIFY(!complete);
    }

    void purgeTombstones()
    {
        SessionStore store;
        QString error;
        QVERIFY(store.open(freshPath(), &error));
        const SessionRecord r = makeRecord(QStringLiteral("u"), QStringLiteral("a"), 1);
        QVERIFY(store.upsert(r, &error));
        QVERIFY(store.remove(r.id, &error));
        QCOMPARE(store.purgeTombstones(0, &error), 0);
        QVERIFY(store.get(r.id, true));
        QCOMPARE(store.purgeTombstones(QDateTime::currentMSecsSinceEpoch() + 1000, &error), 1);
        QVERIFY(!store.get(r.id, true));
    }

    void reopenKeepsEverything()
    {
        const QString path = freshPath();
        SessionRecord kept;
        {
            SessionStore store;
            QString error;
            QVERIFY(store.open(path, &error));
            kept = store.upsert(makeRecord(QStringLiteral("alice"), QStringLiteral("a"), 3), &error)->record;
            const auto gone = store.upsert(makeRecord(QStringLiteral("bob"), QStringLiteral("a"), 4), &error);
            QVERIFY(store.remove(gone->record.id, &error));
        }
        SessionStore store;
        QString error;
        QVERIFY(store.open(path, &error));
        QCOMPARE(store.count(), 1);
        QCOMPARE(*store.get(kept.id), kept);
        QCOMPARE(store.lastOffset(), quint64(3));
    }

    // A writer killed with SIGKILL at an arbitrary moment: every session it reported as written
    // (after upsert() returned) must be in the database afterwards.
    void crashAfterCommit_data()
    {
        QTest::addColumn<int>("killAfter");
        QTest::newRow("first") << 1;
        QTest::newRow("a few") << 7;
        QTest::newRow("many") << 150;
    }

    void crashAfterCommit()
    {
        QFETCH(int, killAfter);
        const QString path = freshPath();
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENVSM_STORE_CRASH_CHILD"), path);
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
        QStringList reported;
        QByteArray buffer;
        while (reported.size() < killAfter) {
            if (!child.waitForReadyRead(10000))
                QFAIL(qPrintable(QStringLiteral("writer stopped: %1")
                                     .arg(QString::fromLocal8Bit(child.readAllStandardError()))));
            buffer += child.readAllStandardOutput();
            int nl;
            while ((nl = buffer.indexOf('\n')) >= 0) {
                reported.append(QString::fromLatin1(buffer.left(nl)));
                buffer.remove(0, nl + 1);
            }
        }
        // Killed mid-write; QProcess::kill() never signals pid 0 (the test's whole group).
        QVERIFY2(child.state() == QProcess::Running, "the writer ended before it was killed");
        child.kill();
        QVERIFY(child.waitForFinished(10000));
        buffer += child.readAllStandardOutput();
        for (const QByteArray &line : buffer.split('\n'))
            if (!line.isEmpty())
                reported.append(QString::fromLatin1(line));

        SessionStore store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        for (const QString &id : std::as_const(reported))
            QVERIFY2(store.get(id), qPrintable(QStringLiteral("acknowledged session %1 lost").arg(id)));
        QVERIFY(store.count() >= reported.size());
    }

    // 10,000 sessions: bulk insert, lookups and listings must work at that size. The timings are
    // printed for information only; the benchmark in tests/bench measures the request path.
    void tenThousandSessions()
    {
        SessionStore store;
        QString error;
        QVERIFY(store.open(freshPath(), &error));
        QList<SessionRecord> records;
        records.reserve(10000);
        for (int i = 0; i < 10000; ++i)
            records.append(
                makeRecord(QStringLiteral("user%1").arg(i % 2500), QStringLiteral("agent%1").arg(i % 10), i));
        QElapsedTimer t;
        t.start();
        QCOMPARE(store.upsertAll(records, &error).size(), 10000);
        const qint64 insertMs = t.restart();
        QCOMPARE(store.count(), 10000);
        QCOMPARE(store.list().size(), 10000);
        const qint64 listMs = t.restart();
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(store.get(records.at(i * 10).id)->display, i * 10);
        const qint64 getMs = t.restart();
        QCOMPARE(store.listByUser(QStringLiteral("user7")).size(), 4);
        QCOMPARE(store.listByAgent(QStringLiteral("agent3")).size(), 1000);
        for (int i = 0; i < 20; ++i)
            QVERIFY(store.upsert(records.at(i), &error));
        const qint64 singleMs = t.restart();
        qInfo("10,000 sessions: bulk insert %lld ms, list all %lld ms, 1,000 gets %lld ms, "
              "20 durable single upserts %lld ms",
              insertMs, listMs, getMs, singleMs);
    }
};

int main(int argc, char **argv)
{
    const QString crashPath = qEnvironmentVariable("OPENVSM_STORE_CRASH_CHILD");
    if (!crashPath.isEmpty()) {
        QCoreApplication app(argc, argv);
        return crashChild(crashPath);
    }
    QCoreApplication app(argc, argv);
    TestSessionStore tc;
    return QTest::qExec(&tc, argc, argv);
}

#include "tst_sessionstore.moc"
