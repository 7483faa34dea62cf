#pragma once

#include "backend/server/agentstate.h"
#include "shared/protocol/body.h"
#include "shared/protocol/messagetype.h"

#include <QCborMap>
#include <QList>
#include <QObject>

#include <functional>

namespace Server {

// The outcome of one request to an agent.
struct AgentReply {
    Protocol::Body body; // as the agent's reply came: encoded, for the typed messages to read
    QString error; // empty on success
    bool unreachable = false; // the request never got an answer (no link, link lost, timeout)

    bool ok() const { return error.isEmpty(); }
};

// How the broker talks to agents. AgentPool implements it over TLS links; tests put a fake in
// front of the broker.
class AgentGateway {
public:
    using Callback = std::function<void(const AgentReply &reply)>;

    virtual ~AgentGateway() = default;

    // Every configured agent, in terminalservers order.
    virtual QList<AgentState> agentStates() const = 0;
    // Sends one request to agent; done runs exactly once unless context is destroyed first.
    virtual void call(const QString &agent, Protocol::MessageType type, const Protocol::Body &body,
                      int timeoutMs, QObject *context, Callback done)
        = 0;
};

} // namespace Server
