// SessionModel: incremental updates (never a reset after the first load) and speed with
// 10,000 sessions behind a sorting, filtering proxy; a record both HA nodes hold is one row that
// names both (and the active one), shows the newest record and remembers state changes.
#include "gui/console/sessionmodel.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Console;

namespace {

Protocol::CtlSession session(int i, const QString &state = QStringLiteral("running"))
{
    Protocol::CtlSession s;
    s.record.id = QStringLiteral("id-%1").arg(i);
    s.record.user = QStringLiteral("user%1").arg(i % 997);
    s.record.agent = QStringLiteral("agent%1").arg(i % 7);
    s.record.display = 10 + i;
    s.record.state = Store::parseSessionState(state).value();
    s.record.created = 1000 + i;
    return s;
}

using Sessions = QList<Protocol::CtlSession>;

} // namespace

class TestSessionModel : public QObject {
    Q_OBJECT

private slots:
    void mergeKeepsRowsAndRemovesMissing()
    {
        SessionModel model;
        Sessions first { session(1), session(2), session(3) };
        model.setSessions(QStringLiteral("a"), first);
        QCOMPARE(model.rowCount(), 3);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setSessions(QStringLiteral("a"),
                          Sessions { session(1), session(3, QStringLiteral("disconnected")) });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(changed.size(), 1); // only session 3 changed
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.row(QStringLiteral("id-2")), -1);
        QCOMPARE(model.sessionId(model.row(QStringLiteral("id-3"))), QStringLiteral("id-3"));
        // Another node's rows are not touched by this node's list.
        model.applyChange(QStringLiteral("b"), session(9), false);
        model.setSessions(QStringLiteral("a"), Sessions {});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.nodeOf(0), QStringLiteral("b"));
        model.clearNode(QStringLiteral("b"));
        QCOMPARE(model.rowCount(), 0);
    }

    void twoNodesHoldOneRecord()
    {
        SessionModel model;
        Protocol::CtlSession older = session(1);
        older.record.version.updated = 1000;
        Protocol::CtlSession newer = session(1, QStringLiteral("disconnected"));
        newer.record.version.updated = 2000;
        newer.record.lastClient = QStringLiteral("10.0.0.9");
        model.setSessions(QStringLiteral("tlha-primary"), Sessions { older });
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.details(0).history.isEmpty());
        // The other node has a newer record of the same session: one row, both nodes, newest wins.
        model.setSessions(QStringLiteral("tlha-secondary"), Sessions { newer });
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.nodesOf(0),
                 (QStringList { QStringLiteral("tlha-primary"), QStringLiteral("tlha-secondary") }));
        QCOMPARE(model.details(0).state, QStringLiteral("disconnected"));
        QCOMPARE(model.details(0).lastClient, QStringLiteral("10.0.0.9"));
        QCOMPARE(model.details(0).history.size(), 1);
        QCOMPARE(model.details(0).history.first().second, QStringLiteral("disconnected"));
        // An older record arriving later changes nothing.
        model.applyChange(QStringLiteral("tlha-primary"), older, false);
        QCOMPARE(model.details(0).state, QStringLiteral("disconnected"));
        // The Node column marks the active node; actions go through it.
        QCOMPARE(model.index(0, SessionModel::Node).data().toString(),
                 QStringLiteral("tlha-primary, tlha-secondary"));
        QCOMPARE(model.nodeOf(0), QStringLiteral("tlha-primary"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setActiveNode(QStringLiteral("tlha-secondary"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(0, SessionModel::Node).data().toString(),
                 QStringLiteral("tlha-primary, tlha-secondary (active)"));
        QCOMPARE(model.nodeOf(0), QStringLiteral("tlha-secondary"));
        // One node's removal (or loss) leaves the row with the other; the last one's removes it.
        model.applyChange(QStringLiteral("tlha-secondary"), newer, true);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.nodesOf(0), QStringList { QStringLiteral("tlha-primary") });
        QCOMPARE(model.nodeOf(0), QStringLiteral("tlha-primary"));
        model.setSessions(QStringLiteral("tlha-secondary"), Sessions { newer });
        model.clearNode(QStringLiteral("tlha-primary"));
        QCOMPARE(model.nodesOf(0), QStringList { QStringLiteral("tlha-secondary") });
        model.setSessions(QStringLiteral("tlha-secondary"), Sessions {});
        QCOMPARE(model.rowCount(), 0);
    }

    void tenThousandSessionsStayFast()
    {
        SessionModel model;
        model.setNow(50000);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(SessionModel::SortRole);
        proxy.setDynamicSortFilter(true);
        proxy.sort(SessionModel::User);
        Sessions all;
        for (int i = 0; i < 10000; ++i)
            all.append(session(i));
        QElapsedTimer timer;
        timer.start();
        model.setSessions(QStringLiteral("a"), all);
        QCOMPARE(proxy.rowCount(), 10000);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        // 2,000 events: state changes, new sessions, ends.
        for (int i = 0; i < 2000; ++i) {
            if (i % 3 == 0)
                model.applyChange(QStringLiteral("a"), session(i, QStringLiteral("disconnected")), false);
            else if (i % 3 == 1)
                model.applyChange(QStringLiteral("a"), session(20000 + i), false);
            else
                model.applyChange(QStringLiteral("a"), session(i), true);
        }
        const qint64 ms = timer.elapsed();
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.rowCount(), 10000 + 667 - 666);
        QVERIFY2(ms < 15000, qPrintable(QStringLiteral("took %1 ms").arg(ms)));
        // The index still maps every id to its row.
        for (int r = 0; r < model.rowCount(); r += 97)
            QCOMPARE(model.row(model.sessionId(r)), r);
        // Sorted by user through the proxy.
        QVERIFY(proxy.index(0, SessionModel::User).data().toString()
                <= proxy.index(proxy.rowCount() - 1, SessionModel::User).data().toString());
        proxy.setFilterKeyColumn(-1);
        proxy.setFilterFixedString(QStringLiteral("user996"));
        QVERIFY(proxy.rowCount() > 0 && proxy.rowCount() < 20);
    }
};

QTEST_MAIN(TestSessionModel)
#include "tst_sessionmodel.moc"
