#include "backend/server/loadbalancer.h"

#include <QTest>

using namespace Server;

namespace {

AgentState agent(const QString &name, int users, qint64 freeMib = 8192, int cpus = 4, double bogomips = 4000,
                 bool reachable = true)
{
    AgentState a;
    a.agent = name;
    a.reachable = reachable;
    if (!reachable)
        a.reason = QStringLiteral("connection refused");
    AgentLoad l;
    l.users = users;
    l.memTotalKib = 16 * 1024 * 1024;
    l.memUsedKib = l.memTotalKib - freeMib * 1024;
    l.cpus = cpus;
    l.bogomips = bogomips;
    a.load = l;
    return a;
}

} // namespace

class TestLoadBalancer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rating_data()
    {
        QTest::addColumn<int>("users");
        QTest::addColumn<qint64>("freeMib");
        QTest::addColumn<int>("cpus");
        QTest::addColumn<double>("bogomips");
        QTest::addColumn<double>("weight");
        QTest::addColumn<double>("expected");
        // defaults: ram_per_user 100, bogomips_per_user 600, existing_users_weight 4
        QTest::newRow("memory bound, idle") << 0 << qint64(1000) << 4 << 6000.0 << 1.0 << 10.0;
        // bogomips is the total over all CPUs, as the agent reports it: 2 CPUs x 1500.
        QTest::newRow("cpu bound, idle") << 0 << qint64(100000) << 2 << 3000.0 << 1.0 << 5.0;
        QTest::newRow("one user") << 1 << qint64(1000) << 4 << 6000.0 << 1.0 << 2.0;
        QTest::newRow("weight 2") << 1 << qint64(1000) << 4 << 6000.0 << 2.0 << 4.0;
        QTest::newRow("no free memory") << 0 << qint64(0) << 4 << 6000.0 << 1.0 << 0.0;
    }

    void rating()
    {
        QFETCH(int, users);
        QFETCH(qint64, freeMib);
        QFETCH(int, cpus);
        QFETCH(double, bogomips);
        QFETCH(double, weight);
        QFETCH(double, expected);
        LoadBalancer lb;
        BalancerSettings s;
        s.weights.insert(QStringLiteral("a"), weight);
        lb.setSettings(s);
        const AgentState a = agent(QStringLiteral("a"), users, freeMib, cpus, bogomips);
        QCOMPARE(lb.rating(QStringLiteral("a"), a.load), expected);
        QCOMPARE(lb.rating(QStringLiteral("a"), std::nullopt), 0.0);
    }

    void rank_data()
    {
        QTest::addColumn<QList<AgentState>>("agents");
        QTest::addColumn<QStringList>("userAgents");
        QTest::addColumn<QStringList>("penalized");
        QTest::addColumn<QStringList>("expectedOrder");
        QTest::addColumn<int>("expectedSkipped");

        const QList<AgentState> twoAgents { agent(QStringLiteral("a"), 3), agent(QStringLiteral("b"), 1) };
        QTest::newRow("fewer users first") << twoAgents << QStringList() << QStringList()
                                           << QStringList { QStringLiteral("b"), QStringLiteral("a") } << 0;
        QTest::newRow("user's agent first")
            << twoAgents << QStringList { QStringLiteral("a") } << QStringList()
            << QStringList { QStringLiteral("a"), QStringLiteral("b") } << 0;
        QTest::newRow("penalized to the back")
            << twoAgents << QStringList() << QStringList { QStringLiteral("b") }
            << QStringList { QStringLiteral("a"), QStringLiteral("b") } << 0;
        QTest::newRow("penalty beats user's agent")
            << twoAgents << QStringList { QStringLiteral("a") } << QStringList { QStringLiteral("a") }
            << QStringList { QStringLiteral("b"), QStringLiteral("a") } << 0;
        QTest::newRow("unreachable skipped")
            << QList<AgentState> { agent(QStringLiteral("a"), 0, 8192, 4, 4000, false),
                                   agent(QStringLiteral("b"), 5) }
            << QStringList { QStringLiteral("a") } << QStringList() << QStringList { QStringLiteral("b") }
            << 1;
        QTest::newRow("tie by name") << QList<AgentState> { agent(QStringLiteral("z"), 1),
                                                            agent(QStringLiteral("m"), 1) }
                                     << QStringList() << QStringList()
                                     << QStringList { QStringLiteral("m"), QStringLiteral("z") } << 0;
        QTest::newRow("more memory wins")
            << QList<AgentState> { agent(QStringLiteral("a"), 1, 500), agent(QStringLiteral("b"), 1, 2000) }
            << QStringList() << QStringList() << QStringList { QStringLiteral("b"), QStringLiteral("a") }
            << 0;
        QTest::newRow("none") << QList<AgentState>() << QStringList() << QStringList() << QStringList() << 0;
    }

    void rank()
    {
        QFETCH(QList<AgentState>, agents);
        QFETCH(QStringList, userAgents);
        QFETCH(QStringList, penalized);
        QFETCH(QStringList, expectedOrder);
        QFETCH(int, expectedSkipped);
        LoadBalancer lb;
        const qint64 now = 1000000;
        for (const QString &p : penalized)
            lb.penalize(p, now - 1000);
        const LoadBalancer::Ranking r = lb.rank(agents, userAgents, now);
        QCOMPARE(r.order, expectedOrder);
        QCOMPARE(r.skipped.size(), expectedSkipped);
        for (const QString &s : r.skipped)
            QVERIFY2(s.contains(QStringLiteral("not reachable (connection refused)")), qPrintable(s));
    }

    void penaltyExpires()
    {
        LoadBalancer lb;
        lb.penalize(QStringLiteral("a"), 0);
        QVERIFY(lb.isPenalized(QStringLiteral("a"), LoadBalancer::PenaltyMs - 1));
        QVERIFY(!lb.isPenalized(QStringLiteral("a"), LoadBalancer::PenaltyMs));
        QVERIFY(!lb.isPenalized(QStringLiteral("b"), 0));
        lb.penalize(QStringLiteral("b"), 0);
        lb.clearPenalty(QStringLiteral("b"));
        QVERIFY(!lb.isPenalized(QStringLiteral("b"), 1));
    }

    void weights_data()
    {
        QTest::addColumn<QStringList>("entries");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("agent");
        QTest::addColumn<double>("weight");
        QTest::newRow("empty") << QStringList() << true << QString() << 0.0;
        QTest::newRow("simple") << QStringList { QStringLiteral("ts1:2") } << true << "ts1" << 2.0;
        QTest::newRow("fraction") << QStringList { QStringLiteral("ts1:0.5") } << true << "ts1" << 0.5;
        QTest::newRow("with port") << QStringList { QStringLiteral("127.0.0.2:905:3") } << true
                                   << "127.0.0.2:905" << 3.0;
        QTest::newRow("no weight") << QStringList { QStringLiteral("ts1") } << false << QString() << 0.0;
        QTest::newRow("zero") << QStringList { QStringLiteral("ts1:0") } << false << QString() << 0.0;
        QTest::newRow("text") << QStringList { QStringLiteral("ts1:heavy") } << false << QString() << 0.0;
        QTest::newRow("no agent") << QStringList { QStringLiteral(":2") } << false << QString() << 0.0;
    }

    void weights()
    {
        QFETCH(QStringList, entries);
        QFETCH(bool, ok);
        QFETCH(QString, agent);
        QFETCH(double, weight);
        QHash<QString, double> w;
        QString error;
        QCOMPARE(BalancerSettings::parseWeights(entries, &w, &error), ok);
        if (!ok) {
            QVERIFY2(error.contains(QStringLiteral("agent_weights")), qPrintable(error));
            return;
        }
        if (!agent.isEmpty())
            QCOMPARE(w.value(agent), weight);
    }
};

QTEST_GUILESS_MAIN(TestLoadBalancer)
#include "tst_loadbalancer.moc"
