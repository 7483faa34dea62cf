#pragma once

#include "shared/metrics/histogram.h"
#include "shared/metrics/standardmetrics.h"
#include "shared/protocol/ctlmessages.h"
#include "shared/protocol/messagetype.h"

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QString>

#include <functional>

namespace Store {
class SessionStore;
}
namespace Ha {
class HaService;
class Replicator;
} // namespace Ha
namespace Metrics {
class Exposition;
}

namespace Server {

class AgentGateway;

// What vsmserver's metrics endpoint serves (docs/admin-guide.md#monitoring-with-prometheus lists
// every metric). Gauges are read from the objects that own the state at each scrape (the
// store, the agent pool, the HA service); request latencies and resync durations are counted
// as they happen (observeRequest, observeResync).
class ServerMetrics final {
    Q_DISABLE_COPY_MOVE(ServerMetrics)

public:
    // Where refusal counts come from, read at each scrape (a listener may start later or never).
    using RefusalSource = std::function<Metrics::RefusalSources()>;

    ServerMetrics(Store::SessionStore *store, AgentGateway *agents, Ha::HaService *ha,
                  RefusalSource refusals);

    void observeRequest(Protocol::MessageType type, qint64 elapsedMs, bool ok);
    void observeResync(Protocol::ResyncKind kind, Protocol::ResyncDirection direction, qint64 durationMs);

    QByteArray render() const; // the exposition text

    // The client request types and their label values ("list", "get", "new", "terminate",
    // "replace").
    static QString requestLabel(Protocol::MessageType type);

private:
    void renderSessions(Metrics::Exposition *out) const;
    void renderAgents(Metrics::Exposition *out) const;
    void renderHa(Metrics::Exposition *out) const;
    void renderReplication(Metrics::Exposition *out, const Ha::Replicator &replicator) const;
    void renderRequests(Metrics::Exposition *out) const;

    Store::SessionStore *m_store;
    AgentGateway *m_agents;
    Ha::HaService *m_ha;
    RefusalSource m_refusals;
    QMap<QString, Metrics::Histogram> m_requests; // by label
    QMap<QString, quint64> m_requestErrors;
    QMap<std::pair<QString, QString>, Metrics::Histogram> m_resyncs; // (kind, direction) labels
};

} // namespace Server
