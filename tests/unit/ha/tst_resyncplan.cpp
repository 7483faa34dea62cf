// Partial or full resync: the PSYNC decision from replication id, offsets and the backlog.

#include "backend/server/ha/resyncplan.h"

#include <QTest>

using Ha::ResyncPlan;

class TestResyncPlan : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decide_data()
    {
        QTest::addColumn<QString>("peerId");
        QTest::addColumn<quint64>("peerOffset");
        QTest::addColumn<quint64>("ourOffset");
        QTest::addColumn<quint64>("oldest");
        QTest::addColumn<bool>("partial");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("nothing known")
            << QString() << quint64(0) << quint64(50) << quint64(1) << false << "no copy";
        QTest::newRow("other data set (wiped)")
            << "other" << quint64(50) << quint64(50) << quint64(1) << false << "wiped";
        QTest::newRow("up to date") << "ours" << quint64(50) << quint64(50) << quint64(0) << true
                                    << "every change";
        QTest::newRow("in backlog") << "ours" << quint64(40) << quint64(50) << quint64(1) << true
                                    << "10 missed";
        QTest::newRow("exactly the oldest")
            << "ours" << quint64(40) << quint64(50) << quint64(41) << true << "10 missed";
        QTest::newRow("one beyond the backlog")
            << "ours" << quint64(39) << quint64(50) << quint64(41) << false << "more than the backlog";
        QTest::newRow("empty journal")
            << "ours" << quint64(10) << quint64(50) << quint64(0) << false << "more than the backlog";
        QTest::newRow("peer ahead of us")
            << "ours" << quint64(60) << quint64(50) << quint64(1) << false << "beyond";
        QTest::newRow("10,000 backlog, 1,000 missed")
            << "ours" << quint64(99000) << quint64(100000) << quint64(90001) << true << "1000 missed";
        QTest::newRow("10,000 backlog, 20,000 missed") << "ours" << quint64(80000) << quint64(100000)
                                                       << quint64(90001) << false << "more than the backlog";
    }

    void decide()
    {
        QFETCH(QString, peerId);
        QFETCH(quint64, peerOffset);
        QFETCH(quint64, ourOffset);
        QFETCH(quint64, oldest);
        QFETCH(bool, partial);
        QFETCH(QString, reasonPart);
        const ResyncPlan plan
            = ResyncPlan::decide(QStringLiteral("ours"), ourOffset, peerId, peerOffset, oldest);
        QCOMPARE(plan.kind == ResyncPlan::Kind::Partial, partial);
        QVERIFY2(plan.reason.contains(reasonPart), qPrintable(plan.reason));
    }
};

QTEST_GUILESS_MAIN(TestResyncPlan)
#include "tst_resyncplan.moc"
