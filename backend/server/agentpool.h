#pragma once

#include "backend/server/agentgateway.h"
#include "backend/server/terminalservers.h"

#include "shared/protocol/agentmessages.h"

#include <QCborArray>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>

class QTimer;

namespace Protocol {
class Link;
}
namespace Net {
class TlsConnector;
}

namespace Server {

// One persistent TLS link per terminalservers entry.
//
// Each agent is connected at start; its load is asked for as soon as the link is up and then
// every load_update_cycle. A lost link (or a load request that times out) makes the agent
// unreachable with the reason, and reconnecting starts at once with a short backoff (0.5 s
// doubling to at most 3 s), so an agent that comes back is noticed within seconds instead of at
// the next load cycle. Reachability changes are logged once each, not at every retry.
//
// The load report carries the agent's config_digest; when it differs from the last one seen
// (its allowed_clients or master_hostname changed, by tl-config + SIGHUP, over the agent link, or
// while the link was down), configChanged() is emitted. An agent that reloads a changed
// configuration says so at once (AgentConfigChanged), and its load is asked for right away.
class AgentPool final : public QObject, public AgentGateway {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentPool)

public:
    struct Options {
        int loadUpdateCycleMs = 40000;
        int connectTimeoutMs = 5000;
        int loadTimeoutMs = 10000;
        int minBackoffMs = 500;
        int maxBackoffMs = 3000;
    };

    // connector makes the links (TLS settings, program name); the pool does not own it.
    AgentPool(Net::TlsConnector *connector, const Options &options, QObject *parent = nullptr);
    ~AgentPool() override;

    // Sets the agents. Links of entries that stay are kept; removed ones are closed.
    void setAgents(const QList<TerminalServer> &agents);
    void setOptions(const Options &options);

    QList<AgentState> agentStates() const override;
    void call(const QString &agent, Protocol::MessageType type, const Protocol::Body &body, int timeoutMs,
              QObject *context, Callback done) override;

Q_SIGNALS:
    void reachabilityChanged(const QString &agent, bool reachable, const QString &reason);
    // An agent that is not reachable has a new reason (its first failure: "not connected yet"
    // becomes why; or the failure changed).
    void unreachableReasonChanged(const QString &agent, const QString &reason);
    void loadUpdated(const QString &agent);
    // The agent's configuration (allowed_clients, master_hostname) changed since the last report.
    void configChanged(const QString &agent);
    // The agent's sessions (AgentListSessions), asked right after each load report: id,
    // display, connected (a VNC client is connected right now), ...
    void sessionsListed(const QString &agent, const QList<Protocol::AgentSessionInfo> &sessions);

private:
    void listSessions(const QString &name, quint64 generation, QPointer<Protocol::Link> link);

    struct Agent {
        TerminalServer server;
        AgentState state;
        QPointer<Protocol::Link> link;
        bool connecting = false;
        int backoffMs = 0;
        QTimer *retryTimer = nullptr;
        QTimer *pollTimer = nullptr;
        quint64 generation = 0; // bumps when the entry is replaced, so stale callbacks are ignored
    };

    void connectAgent(const QString &name);
    void onConnected(const QString &name, quint64 generation, Protocol::Link *link, const QString &error);
    void markUnreachable(const QString &name, const QString &reason);
    void scheduleRetry(const QString &name);
    void pollLoad(const QString &name);
    void removeAgent(const QString &name);

    Net::TlsConnector *m_connector;
    Options m_options;
    QStringList m_order;
    QHash<QString, std::shared_ptr<Agent>> m_agents;
    quint64 m_nextGeneration = 1;
};

} // namespace Server
