#include "backend/server/servermetrics.h"

#include "backend/server/agentgateway.h"
#include "backend/server/ha/haservice.h"
#include "backend/server/ha/replicator.h"
#include "shared/metrics/exposition.h"
#include "shared/store/sessionstore.h"

namespace Server {

using Metrics::Exposition;
using Protocol::MessageType;

namespace {

const MessageType ClientTypes[]
    = { MessageType::ClientListSessions, MessageType::ClientGetSession, MessageType::ClientNewSession,
        MessageType::ClientTerminateSession, MessageType::ClientReplaceSession };

} // namespace

QString ServerMetrics::requestLabel(MessageType type)
{
    switch (type) {
    case MessageType::ClientListSessions:
        return QStringLiteral("list");
    case MessageType::ClientGetSession:
        return QStringLiteral("get");
    case MessageType::ClientNewSession:
        return QStringLiteral("new");
    case MessageType::ClientTerminateSession:
        return QStringLiteral("terminate");
    case MessageType::ClientReplaceSession:
        return QStringLiteral("replace");
    default:
        return {};
    }
}

ServerMetrics::ServerMetrics(Store::SessionStore *store, AgentGateway *agents, Ha::HaService *ha,
                             RefusalSource refusals)
    : m_store(store), m_agents(agents), m_ha(ha), m_refusals(std::move(refusals))
{
    // Every series exists from the start, at zero.
    for (const MessageType type : ClientTypes) {
        m_requests.insert(requestLabel(type), Metrics::Histogram());
        m_requestErrors.insert(requestLabel(type), 0);
    }
    for (const auto kind : { Protocol::ResyncKind::Partial, Protocol::ResyncKind::Full }) {
        for (const auto direction : { Protocol::ResyncDirection::Sent, Protocol::ResyncDirection::Received })
            m_resyncs.insert({ Protocol::resyncKindName(kind), Protocol::resyncDirectionName(direction) },
                             Metrics::Histogram());
    }
}

void ServerMetrics::observeRequest(MessageType type, qint64 elapsedMs, bool ok)
{
    const QString label = requestLabel(type);
    if (label.isEmpty())
        return; // refused as "not a client request": not a request type to count
    m_requests[label].observe(static_cast<double>(elapsedMs) / 1000.0);
    if (!ok)
        ++m_requestErrors[label];
}

void ServerMetrics::observeResync(Protocol::ResyncKind kind, Protocol::ResyncDirection direction,
                                  qint64 durationMs)
{
    m_resyncs[{ Protocol::resyncKindName(kind), Protocol::resyncDirectionName(direction) }].observe(
        static_cast<double>(durationMs) / 1000.0);
}

QByteArray ServerMetrics::render() const
{
    Exposition out;
    Metrics::writeBuildInfo(&out, QStringLiteral("vsmserver"));
    renderSessions(&out);
    renderAgents(&out);
    renderHa(&out);
    if (const Ha::Replicator *r = m_ha->replicator())
        renderReplication(&out, *r);
    renderRequests(&out);
    Metrics::writeRefusals(&out, m_refusals ? m_refusals() : Metrics::RefusalSources());
    return out.text();
}

void ServerMetrics::renderSessions(Exposition *output) const
{
    Exposition &out = *output;
    // Sessions by state.
    int running = 0, disconnected = 0;
    for (const Store::SessionRecord &r : m_store->list()) {
        if (r.state == Store::SessionState::Disconnected)
            ++disconnected;
        else
            ++running;
    }
    out.family(QStringLiteral("openvsm_sessions"), Exposition::Type::Gauge,
               QStringLiteral("Sessions in this server's store, by state (running: a VNC client is connected "
                              "or was at the last check)"));
    out.sample(QStringLiteral("openvsm_sessions"), running,
               { { QStringLiteral("state"), QStringLiteral("running") } });
    out.sample(QStringLiteral("openvsm_sessions"), disconnected,
               { { QStringLiteral("state"), QStringLiteral("disconnected") } });
}

void ServerMetrics::renderAgents(Exposition *output) const
{
    Exposition &out = *output;
    // Agents.
    const QList<AgentState> agents = m_agents->agentStates();
    int reachable = 0;
    out.family(
        QStringLiteral("openvsm_agent_up"), Exposition::Type::Gauge,
        QStringLiteral("1 when the agent link of this terminalservers entry is up, 0 when the agent is "
                       "unreachable"));
    for (const AgentState &a : agents) {
        reachable += a.reachable ? 1 : 0;
        out.sample(QStringLiteral("openvsm_agent_up"), a.reachable ? 1 : 0,
                   { { QStringLiteral("agent"), a.agent } });
    }
    out.family(QStringLiteral("openvsm_agents_reachable"), Exposition::Type::Gauge,
               QStringLiteral("Agents whose link is up"));
    out.sample(QStringLiteral("openvsm_agents_reachable"), reachable);
    out.family(QStringLiteral("openvsm_agents_configured"), Exposition::Type::Gauge,
               QStringLiteral("Entries in /vsmserver/terminalservers"));
    out.sample(QStringLiteral("openvsm_agents_configured"), static_cast<double>(agents.size()));
}

// HA: enabled, running, role, resource address.
void ServerMetrics::renderHa(Exposition *output) const
{
    Exposition &out = *output;
    // HA.
    out.family(QStringLiteral("openvsm_ha_enabled"), Exposition::Type::Gauge,
               QStringLiteral("1 when /vsmserver/HA/enabled is 1"));
    out.sample(QStringLiteral("openvsm_ha_enabled"), m_ha->enabled() ? 1 : 0);
    out.family(QStringLiteral("openvsm_ha_active"), Exposition::Type::Gauge,
               QStringLiteral("1 when HA runs (enabled and the node identity was determined); the "
                              "replication metrics below exist only then"));
    out.sample(QStringLiteral("openvsm_ha_active"), m_ha->active() ? 1 : 0);
    out.family(QStringLiteral("openvsm_ha_role"), Exposition::Type::Gauge,
               QStringLiteral("1 for the role the HA engine's notify hook last reported, 0 for the others"));
    for (const Protocol::HaRole role :
         { Protocol::HaRole::Master, Protocol::HaRole::Backup, Protocol::HaRole::Fault,
           Protocol::HaRole::Stop, Protocol::HaRole::Unknown })
        out.sample(QStringLiteral("openvsm_ha_role"), m_ha->role() == role ? 1 : 0,
                   { { QStringLiteral("role"), Protocol::haRoleName(role) } });
    out.family(
        QStringLiteral("openvsm_ha_resource_held"), Exposition::Type::Gauge,
        QStringLiteral("1 when /vsmserver/HA/resource_address is on one of this machine's interfaces"));
    out.sample(QStringLiteral("openvsm_ha_resource_held"), m_ha->resourceIsLocal() ? 1 : 0);
}

void ServerMetrics::renderReplication(Exposition *output, const Ha::Replicator &replicator) const
{
    Exposition &out = *output;
    out.family(QStringLiteral("openvsm_ha_link_up"), Exposition::Type::Gauge,
               QStringLiteral("1 when both replication links to the peer are up and streaming"));
    out.sample(QStringLiteral("openvsm_ha_link_up"), replicator.linkUp() ? 1 : 0);
    out.family(QStringLiteral("openvsm_ha_degraded"), Exposition::Type::Gauge,
               QStringLiteral("1 while this node answers users without the peer's acknowledgement"));
    out.sample(QStringLiteral("openvsm_ha_degraded"), replicator.degraded() ? 1 : 0);
    out.family(QStringLiteral("openvsm_ha_replication_lag_changes"), Exposition::Type::Gauge,
               QStringLiteral("Changes of this node the peer has not acknowledged yet"));
    out.sample(QStringLiteral("openvsm_ha_replication_lag_changes"),
               static_cast<double>(replicator.lagChanges()));
    out.family(QStringLiteral("openvsm_ha_replication_lag_seconds"), Exposition::Type::Gauge,
               QStringLiteral("How long the oldest change sent to the peer has waited for its "
                              "acknowledgement (0: none waits)"));
    out.sample(QStringLiteral("openvsm_ha_replication_lag_seconds"),
               static_cast<double>(replicator.lagMs()) / 1000.0);
    out.family(QStringLiteral("openvsm_ha_resync_duration_seconds"), Exposition::Type::Histogram,
               QStringLiteral("Finished resyncs by kind (partial, full) and direction (sent: the peer was "
                              "brought up to date; received: this node was), and how long they took"));
    for (auto it = m_resyncs.cbegin(); it != m_resyncs.cend(); ++it)
        out.histogram(
            QStringLiteral("openvsm_ha_resync_duration_seconds"), it.value(),
            { { QStringLiteral("kind"), it.key().first }, { QStringLiteral("direction"), it.key().second } });
}

void ServerMetrics::renderRequests(Exposition *output) const
{
    Exposition &out = *output;
    // Client requests (tl-session-helper on behalf of tlclient).
    out.family(QStringLiteral("openvsm_client_request_duration_seconds"), Exposition::Type::Histogram,
               QStringLiteral("Time from a client request's arrival to its answer, by type (waiting for the "
                              "user's earlier requests, the agent and the HA peer included)"));
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it)
        out.histogram(QStringLiteral("openvsm_client_request_duration_seconds"), it.value(),
                      { { QStringLiteral("type"), it.key() } });
    out.family(QStringLiteral("openvsm_client_request_errors_total"), Exposition::Type::Counter,
               QStringLiteral("Client requests answered with an error, by type"));
    for (auto it = m_requestErrors.cbegin(); it != m_requestErrors.cend(); ++it)
        out.sample(QStringLiteral("openvsm_client_request_errors_total"), static_cast<double>(it.value()),
                   { { QStringLiteral("type"), it.key() } });
}

} // namespace Server
