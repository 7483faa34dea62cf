// The merge rules of an HA resync: two stores go apart, both take writes, then exchange full
// snapshots (what Replicator sends in ReplSnapshotChunk and the receiver applies with
// SessionStore::applyAll). Sessions either side created survive; for the same session the newer
// version wins (more changes, then at the same number a delete, then the later write); a delete
// wins over an older or a concurrent change; the result is the same on both sides.

#include "shared/store/sessionstore.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using Store::SessionRecord;
using Store::SessionStore;

namespace {

SessionRecord session(const QString &id, int display)
{
    SessionRecord r;
    r.id = id;
    r.user = QStringLiteral("alice");
    r.uid = 1000;
    r.agent = QStringLiteral("agent1");
    r.display = display;
    r.vncPort = 5900 + display;
    r.created = 1700000000;
    return r;
}

// "create:N", "change:N", "delete", separated by commas.
bool runOps(SessionStore *store, const QString &id, const QString &ops)
{
    for (const QString &op : ops.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QString error;
        QThread::msleep(3); // distinct update times
        const QString verb = op.section(QLatin1Char(':'), 0, 0);
        const int n = op.section(QLatin1Char(':'), 1, 1).toInt();
        if (verb == QLatin1String("create") || verb == QLatin1String("change")) {
            SessionRecord r = store->get(id).value_or(session(id, n));
            r.display = n;
            if (!store->upsert(r, &error))
                return false;
        } else if (verb == QLatin1String("delete")) {
            if (!store->remove(id, &error))
                return false;
        } else {
            return false;
        }
    }
    return true;
}

QString state(const SessionStore &store, const QString &id)
{
    const auto r = store.get(id, true);
    if (!r)
        return QStringLiteral("absent");
    if (r->deleted)
        return QStringLiteral("deleted");
    return QStringLiteral("alive:%1").arg(r->display);
}

void exchange(SessionStore *a, SessionStore *b)
{
    const QList<SessionRecord> fromA = a->list(true);
    const QList<SessionRecord> fromB = b->list(true);
    QString error;
    QVERIFY2(a->applyAll(fromB, &error), qPrintable(error));
    QVERIFY2(b->applyAll(fromA, &error), qPrintable(error));
}

} // namespace

class TestHaMerge : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_n = 0;

    bool open(SessionStore *store)
    {
        QString error;
        const bool ok = store->open(m_dir.filePath(QStringLiteral("s%1.db").arg(++m_n)), &error);
        if (!ok)
            qWarning("%s", qPrintable(error));
        return ok;
    }

private Q_SLOTS:
    void merge_data()
    {
        QTest::addColumn<QString>("base"); // ops on A before the partition (replicated to B)
        QTest::addColumn<QString>("onA"); // while apart
        QTest::addColumn<QString>("onB"); // while apart, after A's
        QTest::addColumn<QString>("expected");
        QTest::newRow("created on A while apart survives") << ""
                                                           << "create:11"
                                                           << ""
                                                           << "alive:11";
        QTest::newRow("created on B while apart survives") << ""
                                                           << ""
                                                           << "create:12"
                                                           << "alive:12";
        QTest::newRow("untouched") << "create:10"
                                   << ""
                                   << ""
                                   << "alive:10";
        QTest::newRow("changed on one side") << "create:10"
                                             << "change:20"
                                             << ""
                                             << "alive:20";
        QTest::newRow("more changes win") << "create:10"
                                          << "change:20"
                                          << "change:30,change:31"
                                          << "alive:31";
        QTest::newRow("more changes win, even when earlier") << "create:10"
                                                             << "change:20,change:21"
                                                             << "change:30"
                                                             << "alive:21";
        QTest::newRow("same number of changes: the later write wins") << "create:10"
                                                                      << "change:20"
                                                                      << "change:30"
                                                                      << "alive:30";
        QTest::newRow("delete on one side") << "create:10"
                                            << "delete"
                                            << ""
                                            << "deleted";
        QTest::newRow("delete wins over an older change") << "create:10"
                                                          << "change:20"
                                                          << "delete"
                                                          << "deleted";
        QTest::newRow("delete wins over a concurrent, later change") << "create:10"
                                                                     << "delete"
                                                                     << "change:30"
                                                                     << "deleted";
        QTest::newRow("delete after a change on the same side") << "create:10"
                                                                << "change:20,delete"
                                                                << "change:30"
                                                                << "deleted";
        QTest::newRow("delete on both") << "create:10"
                                        << "delete"
                                        << "delete"
                                        << "deleted";
        QTest::newRow("delete before the partition stays deleted") << "create:10,delete"
                                                                   << ""
                                                                   << ""
                                                                   << "deleted";
    }

    void merge()
    {
        QFETCH(QString, base);
        QFETCH(QString, onA);
        QFETCH(QString, onB);
        QFETCH(QString, expected);
        SessionStore a, b;
        QVERIFY(open(&a));
        QVERIFY(open(&b));
        const QString id = QStringLiteral("s1");
        QVERIFY(runOps(&a, id, base));
        exchange(&a, &b);
        QCOMPARE(state(b, id), state(a, id));
        QVERIFY(runOps(&a, id, onA));
        QVERIFY(runOps(&b, id, onB));
        exchange(&a, &b);
        QCOMPARE(state(a, id), expected);
        QCOMPARE(state(b, id), expected);
        // Converged: a second exchange changes nothing.
        QString error;
        QCOMPARE(a.applyAll(b.list(true), &error)->size(), 0);
        QCOMPARE(b.applyAll(a.list(true), &error)->size(), 0);
    }

    // A partition where both sides create sessions: both end with the union, no duplicates.
    void unionOfCreations()
    {
        SessionStore a, b;
        QVERIFY(open(&a));
        QVERIFY(open(&b));
        QString error;
        for (int i = 0; i < 5; ++i)
            QVERIFY(a.upsert(session(QStringLiteral("a%1").arg(i), 10 + i), &error));
        for (int i = 0; i < 7; ++i)
            QVERIFY(b.upsert(session(QStringLiteral("b%1").arg(i), 50 + i), &error));
        exchange(&a, &b);
        QCOMPARE(a.count(), 12);
        QCOMPARE(b.count(), 12);
        QCOMPARE(a.list(true), b.list(true));
    }

    // The replication position is written with the data it names, in one transaction.
    void positionWithData()
    {
        SessionStore a;
        QVERIFY(open(&a));
        QString error;
        const auto applied = a.applyAll({ session(QStringLiteral("x"), 3) }, &error, QStringLiteral("pos"),
                                        QStringLiteral("id 7"));
        QVERIFY(applied);
        QCOMPARE(applied->size(), 1);
        QCOMPARE(a.meta(QStringLiteral("pos")), QStringLiteral("id 7"));
        QVERIFY(a.get(QStringLiteral("x")));
    }

    // The journal bounds the backlog: a partial resync is possible only within it.
    void backlogBounds()
    {
        SessionStore a;
        a.setJournalBacklog(100);
        QVERIFY(open(&a));
        QString error;
        for (int i = 0; i < 300; ++i)
            QVERIFY(a.upsert(session(QStringLiteral("s%1").arg(i % 10), i), &error));
        bool complete = true;
        QVERIFY(a.firstJournalOffset() > 100);
        a.changesSince(10, &complete);
        QVERIFY(!complete);
        const QList<Store::Change> tail = a.changesSince(250, &complete);
        QVERIFY(complete);
        QCOMPARE(tail.size(), 50);
        const QList<Store::Change> limited = a.changesSince(250, &complete, 20);
        QVERIFY(complete);
        QCOMPARE(limited.size(), 20);
        QCOMPARE(limited.first().offset, quint64(251));
    }
};

QTEST_GUILESS_MAIN(TestHaMerge)
#include "tst_hamerge.moc"
