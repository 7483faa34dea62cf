// What vsmserver's metrics endpoint serves, from a real session store, agents in memory and an
// HaService without HA: sessions by state, agents, the HA role, request latencies, refusals.
#include "backend/server/agentgateway.h"
#include "backend/server/ha/haservice.h"
#include "backend/server/ha/hasettings.h"
#include "backend/server/servermetrics.h"
#include "shared/net/refusallog.h"
#include "shared/net/tlssetup.h"
#include "shared/store/sessionstore.h"

#include <QTemporaryDir>
#include <QTest>

using Server::AgentState;
using Server::ServerMetrics;

namespace {

class TwoAgents final : public Server::AgentGateway {
public:
    QList<AgentState> agentStates() const override
    {
        AgentState up;
        up.agent = QStringLiteral("agent1");
        up.reachable = true;
        AgentState down;
        down.agent = QStringLiteral("agent2");
        down.reason = QStringLiteral("connection refused");
        return { up, down };
    }
    void call(const QString &, Protocol::MessageType, const Protocol::Body &, int, QObject *,
              Callback) override
    {
    }
};

// The value of one sample line ("name{labels} value") in text; empty when there is none.
QString value(const QByteArray &text, const QString &sample)
{
    for (const QString &line : QString::fromUtf8(text).split(QLatin1Char('\n'))) {
        if (line.startsWith(sample + QLatin1Char(' ')))
            return line.mid(sample.size() + 1);
    }
    return {};
}

} // namespace

class TestServerMetrics final : public QObject {
    Q_OBJECT

private slots:
    void rendersTheServersState()
    {
        QTemporaryDir dir;
        Store::SessionStore store;
        QString error;
        QVERIFY2(store.open(dir.filePath(QStringLiteral("sessions.db")), &error), qPrintable(error));
        for (int i = 0; i < 3; ++i) {
            Store::SessionRecord r;
            r.id = QStringLiteral("s%1").arg(i);
            r.user = QStringLiteral("alice");
            r.agent = QStringLiteral("agent1");
            r.state = i == 0 ? Store::SessionState::Disconnected : Store::SessionState::Running;
            QVERIFY2(store.upsert(r, &error), qPrintable(error));
        }
        TwoAgents agents;
        Ha::HaService ha(&store, &agents, nullptr);
        QVERIFY(ha.start(Ha::HaSettings(), {}, &error)); // HA/enabled=0
        Net::RefusalLog local([](const QString &) {});
        local.refused(Net::RefusalReason::ConnectionLimit, QStringLiteral("uid 1000"),
                      QStringLiteral("a local connection"), QStringLiteral("this user already has 8 open"));
        ServerMetrics metrics(&store, &agents, &ha, [&local] {
            return Metrics::RefusalSources { { QStringLiteral("local"), &local } };
        });
        metrics.observeRequest(Protocol::MessageType::ClientGetSession, 30, true);
        metrics.observeRequest(Protocol::MessageType::ClientGetSession, 2000, false);
        metrics.observeRequest(Protocol::MessageType::CtlHealth, 1, true); // not a client request

        const QByteArray text = metrics.render();
        QCOMPARE(value(text, QStringLiteral("openvsm_sessions{state=\"running\"}")), QStringLiteral("2"));
        QCOMPARE(value(text, QStringLiteral("openvsm_sessions{state=\"disconnected\"}")),
                 QStringLiteral("1"));
        QCOMPARE(value(text, QStringLiteral("openvsm_agent_up{agent=\"agent1\"}")), QStringLiteral("1"));
        QCOMPARE(value(text, QStringLiteral("openvsm_agent_up{agent=\"agent2\"}")), QStringLiteral("0"));
        QCOMPARE(value(text, QStringLiteral("openvsm_agents_reachable")), QStringLiteral("1"));
        QCOMPARE(value(text, QStringLiteral("openvsm_agents_configured")), QStringLiteral("2"));
        QCOMPARE(value(text, QStringLiteral("openvsm_ha_enabled")), QStringLiteral("0"));
        QCOMPARE(value(text, QStringLiteral("openvsm_ha_active")), QStringLiteral("0"));
        QCOMPARE(value(text, QStringLiteral("openvsm_ha_role{role=\"UNKNOWN\"}")), QStringLiteral("1"));
        QCOMPARE(value(text, QStringLiteral("openvsm_ha_role{role=\"MASTER\"}")), QStringLiteral("0"));
        // Without HA there is no replication to report on.
        QVERIFY(!text.contains("openvsm_ha_link_up"));
        QVERIFY(!text.contains("openvsm_ha_degraded"));
        // Latencies in seconds, per type; errors counted; other types left out.
        QCOMPARE(value(text, QStringLiteral("openvsm_client_request_duration_seconds_count{type=\"get\"}")),
                 QStringLiteral("2"));
        QCOMPARE(
            value(text,
                  QStringLiteral("openvsm_client_request_duration_seconds_bucket{type=\"get\",le=\"0.05\"}")),
            QStringLiteral("1"));
        QVERIFY(qFuzzyCompare(
            value(text, QStringLiteral("openvsm_client_request_duration_seconds_sum{type=\"get\"}"))
                .toDouble(),
            2.03));
        QCOMPARE(value(text, QStringLiteral("openvsm_client_request_duration_seconds_count{type=\"new\"}")),
                 QStringLiteral("0"));
        QCOMPARE(value(text, QStringLiteral("openvsm_client_request_errors_total{type=\"get\"}")),
                 QStringLiteral("1"));
        QVERIFY(!text.contains("type=\"\""));
        QCOMPARE(
            value(text,
                  QStringLiteral("openvsm_refused_connections_total{listener=\"local\",reason=\"connection_"
                                 "limit\"}")),
            QStringLiteral("1"));
        QVERIFY(text.contains("# TYPE openvsm_client_request_duration_seconds histogram\n"));
    }
};

QTEST_GUILESS_MAIN(TestServerMetrics)
#include "tst_servermetrics.moc"
