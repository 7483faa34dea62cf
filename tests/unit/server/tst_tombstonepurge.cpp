// The hourly purge of tombstones, on a real session store: ended sessions' records go after
// their lifetime; a session terminated while its agent could not be reached keeps its tombstone
// while that agent is configured (so that the agent, back after any time, ends the session
// instead of having it adopted), and is given up once the agent left terminalservers.
#include "backend/server/tombstonepurge.h"
#include "shared/store/sessionstore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Server;
using Store::SessionRecord;

class TestTombstonePurge : public QObject {
    Q_OBJECT

    static constexpr qint64 Lifetime = 7LL * 24 * 3600 * 1000;
    QTemporaryDir m_dir;

    // A session of user on agent, recorded and then terminated: ended (the agent confirmed) or
    // with its end pending (the agent could not be reached); live when terminate is false.
    static QString session(Store::SessionStore *store, const QString &agent, int n, bool terminate,
                           bool ended)
    {
        SessionRecord r;
        r.id = QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
        r.user = QStringLiteral("user%1").arg(n);
        r.agent = agent;
        r.display = 10 + n;
        r.pid = 1000 + n;
        QString error;
        if (!store->upsert(r, &error) || (terminate && !store->remove(r.id, &error, ended)))
            qFatal("%s", qPrintable(error));
        return r.id;
    }
    static QList<TerminalServer> agents(const QStringList &entries)
    {
        QList<TerminalServer> list;
        for (const QString &e : entries)
            list.append({ e, e, 904 });
        return list;
    }

private Q_SLOTS:
    void pendingEndsWaitForTheirAgent()
    {
        Store::SessionStore store;
        QString error;
        QVERIFY2(store.open(m_dir.filePath(QStringLiteral("sessions.db")), &error), qPrintable(error));
        const QString ended = session(&store, QStringLiteral("agent1"), 1, true, true);
        const QString pending = session(&store, QStringLiteral("agent1"), 2, true, false);
        const QString orphaned = session(&store, QStringLiteral("agent2"), 3, true, false);
        const QString live = session(&store, QStringLiteral("agent2"), 4, false, false);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();

        // Within the lifetime nothing goes.
        TombstonePurge::Result r
            = TombstonePurge::run(&store, agents({ QStringLiteral("agent1") }), now, Lifetime);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.dropped, 0);
        QVERIFY(r.givenUp.isEmpty());

        // A lifetime later: the ended one goes; the pending one of agent1 (configured) stays
        // pending; the pending one of agent2 (no longer configured) is given up.
        r = TombstonePurge::run(&store, agents({ QStringLiteral("agent1") }), now + Lifetime + 1000,
                                Lifetime);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.dropped, 1);
        QCOMPARE(r.givenUp, QStringList { orphaned });
        QVERIFY(!store.get(ended, true));
        const auto stillPending = store.get(pending, true);
        QVERIFY(stillPending && stillPending->deleted);
        QCOMPARE(stillPending->pid, qint64(1002));
        const auto givenUp = store.get(orphaned, true);
        QVERIFY(givenUp && givenUp->deleted);
        QCOMPARE(givenUp->pid, qint64(0));
        QVERIFY(store.get(live));

        // Much later still: the given-up one goes a lifetime after it was given up; the pending
        // one of a configured agent never does; the live session is never touched.
        r = TombstonePurge::run(&store, agents({ QStringLiteral("agent1") }), now + 3 * Lifetime, Lifetime);
        QCOMPARE(r.dropped, 1);
        QVERIFY(!store.get(orphaned, true));
        QVERIFY(store.get(pending, true));
        QVERIFY(store.get(live));
    }
};

QTEST_GUILESS_MAIN(TestTombstonePurge)
#include "tst_tombstonepurge.moc"
