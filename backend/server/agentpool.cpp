#include "backend/server/agentpool.h"

#include "shared/logging/logging.h"
#include "shared/net/tlsconnector.h"
#include "shared/protocol/link.h"

#include <QDateTime>
#include <QTimer>

namespace Server {

using Protocol::MessageType;

AgentPool::AgentPool(Net::TlsConnector *connector, const Options &options, QObject *parent)
    : QObject(parent), m_connector(connector), m_options(options)
{
}

AgentPool::~AgentPool()
{
    const QStringList names = m_order;
    for (const QString &name : names)
        removeAgent(name);
}

void AgentPool::setOptions(const Options &options)
{
    m_options = options;
    for (const auto &a : std::as_const(m_agents)) {
        if (a->pollTimer)
            a->pollTimer->setInterval(m_options.loadUpdateCycleMs);
    }
}

void AgentPool::setAgents(const QList<TerminalServer> &agents)
{
    QStringList wanted;
    for (const TerminalServer &ts : agents)
        wanted.append(ts.entry);
    const QStringList old = m_order;
    for (const QString &name : old) {
        if (!wanted.contains(name)) {
            qCInfo(lcLoadInfo).noquote() << "agent" << name << "is no longer in /vsmserver/terminalservers";
            removeAgent(name);
        }
    }
    m_order = wanted;
    for (const TerminalServer &ts : agents) {
        auto it = m_agents.find(ts.entry);
        if (it != m_agents.end() && (*it)->server.host == ts.host && (*it)->server.port == ts.port)
            continue;
        if (it != m_agents.end())
            removeAgent(ts.entry);
        m_order = wanted;
        auto agent = std::make_shared<Agent>();
        agent->server = ts;
        agent->state.agent = ts.entry;
        agent->state.reason = QStringLiteral("not connected yet");
        agent->generation = m_nextGeneration++;
        agent->retryTimer = new QTimer(this);
        agent->retryTimer->setSingleShot(true);
        const QString name = ts.entry;
        connect(agent->retryTimer, &QTimer::timeout, this, [this, name]() { connectAgent(name); });
        agent->pollTimer = new QTimer(this);
        agent->pollTimer->setInterval(m_options.loadUpdateCycleMs);
        connect(agent->pollTimer, &QTimer::timeout, this, [this, name]() { pollLoad(name); });
        m_agents.insert(ts.entry, agent);
        connectAgent(name);
    }
}

void AgentPool::removeAgent(const QString &name)
{
    const auto agent = m_agents.take(name);
    m_order.removeAll(name);
    if (!agent)
        return;
    delete agent->retryTimer;
    delete agent->pollTimer;
    if (agent->link) {
        Protocol::Link *link = agent->link;
        agent->link = nullptr;
        disconnect(link, nullptr, this, nullptr);
        link->close(QStringLiteral("agent removed from /vsmserver/terminalservers"));
    }
}

void AgentPool::connectAgent(const QString &name)
{
    const auto agent = m_agents.value(name);
    if (!agent || agent->connecting || agent->link)
        return;
    agent->connecting = true;
    const quint64 generation = agent->generation;
    qCDebug(lcLoadInfo).noquote() << "connecting to agent" << name;
    m_connector->connectToHost(agent->server.host, agent->server.port, m_options.connectTimeoutMs, this,
                               [this, name, generation](Protocol::Link *link, const QString &error) {
                                   onConnected(name, generation, link, error);
                               });
}

void AgentPool::onConnected(const QString &name, quint64 generation, Protocol::Link *link,
                            const QString &error)
{
    const auto agent = m_agents.value(name);
    if (!agent || agent->generation != generation) {
        if (link)
            link->close(QStringLiteral("agent no longer configured"));
        return;
    }
    agent->connecting = false;
    if (!link) {
        markUnreachable(name, error);
        scheduleRetry(name);
        return;
    }
    agent->link = link;
    agent->backoffMs = 0;
    agent->state.linkUp = true;
    agent->state.linkKey = link->peerAuthenticated();
    connect(link, &Protocol::Link::closed, this, [this, name, generation](const QString &reason) {
        const auto a = m_agents.value(name);
        if (!a || a->generation != generation)
            return;
        a->link = nullptr;
        a->state.linkUp = false;
        a->pollTimer->stop();
        markUnreachable(name, QStringLiteral("link lost: %1").arg(reason));
        scheduleRetry(name);
    });
    connect(link, &Protocol::Link::requestReceived, this,
            [this, name, link](const Protocol::Message &request) {
                if (request.type == MessageType::AgentConfigChanged) // unanswered: ask for the new digest
                    return pollLoad(name);
                link->replyError(request, QStringLiteral("vsmserver takes no requests on agent links"));
            });
    // Reachable once the first load report arrived; poll right away so a returning agent is
    // noticed at once.
    pollLoad(name);
    agent->pollTimer->start(m_options.loadUpdateCycleMs);
}

void AgentPool::pollLoad(const QString &name)
{
    const auto agent = m_agents.value(name);
    if (!agent || !agent->link)
        return;
    const quint64 generation = agent->generation;
    QPointer<Protocol::Link> link = agent->link;
    agent->link->request(
        MessageType::AgentLoad, {}, m_options.loadTimeoutMs, this,
        [this, name, generation, link](const Protocol::Message &reply) {
            const auto a = m_agents.value(name);
            if (!a || a->generation != generation || a->link != link)
                return;
            QString error = reply.error;
            std::optional<AgentLoad> load;
            if (error.isEmpty())
                load = AgentLoad::fromCbor(reply.body, &error);
            if (!load) {
                // An agent that does not answer its load request is not usable:
                // drop the link, which reconnects.
                if (link)
                    link->close(QStringLiteral("load request failed: %1").arg(error));
                return;
            }
            const QString oldDigest = a->state.load ? a->state.load->configDigest : QString();
            a->state.load = load;
            a->state.loadUpdatedMs = QDateTime::currentMSecsSinceEpoch();
            const bool digestChanged = !oldDigest.isEmpty() && oldDigest != load->configDigest;
            if (digestChanged)
                qCInfo(lcLoadInfo).noquote()
                    << "agent" << name
                    << "reports a changed configuration (allowed_clients / master_hostname)";
            if (!a->state.reachable) {
                a->state.reachable = true;
                a->state.reason.clear();
                qCInfo(lcLoadInfo).noquote() << "agent" << name << "is reachable:" << load->users << "users,"
                                             << load->sessions << "sessions," << load->cpus << "CPUs";
                Q_EMIT reachabilityChanged(name, true, {});
            } else {
                qCDebug(lcLoadInfo).noquote()
                    << "agent" << name << "load:" << load->users << "users, load1" << load->load1;
            }
            Q_EMIT loadUpdated(name);
            if (digestChanged)
                Q_EMIT configChanged(name);
            if (link)
                listSessions(name, generation, link);
        });
}

void AgentPool::listSessions(const QString &name, quint64 generation, QPointer<Protocol::Link> link)
{
    link->request(MessageType::AgentListSessions, {}, m_options.loadTimeoutMs, this,
                  [this, name, generation, link](const Protocol::Message &reply) {
                      const auto a = m_agents.value(name);
                      if (!a || a->generation != generation || a->link != link || reply.isError())
                          return;
                      QString error;
                      const auto list = Protocol::AgentSessionList::fromCbor(reply.body, &error);
                      if (!list) {
                          qCWarning(lcLoadInfo).noquote() << "agent" << name << "sent a session list that "
                                                          << "cannot be read:" << error;
                          return;
                      }
                      Q_EMIT sessionsListed(name, list->sessions);
                  });
}

void AgentPool::markUnreachable(const QString &name, const QString &reason)
{
    const auto agent = m_agents.value(name);
    if (!agent)
        return;
    const bool wasReachable = agent->state.reachable;
    const bool newReason = agent->state.reason != reason;
    agent->state.reachable = false;
    agent->state.reason = reason;
    if (wasReachable) {
        qCWarning(lcLoadInfo).noquote() << "agent" << name << "is unreachable:" << reason
                                        << "- new sessions go to other agents; reconnecting";
        Q_EMIT reachabilityChanged(name, false, reason);
    } else if (newReason) {
        qCInfo(lcLoadInfo).noquote() << "agent" << name << "is not reachable:" << reason;
        Q_EMIT unreachableReasonChanged(name, reason);
    }
}

void AgentPool::scheduleRetry(const QString &name)
{
    const auto agent = m_agents.value(name);
    if (!agent)
        return;
    agent->backoffMs = agent->backoffMs == 0 ? m_options.minBackoffMs
                                             : std::min(agent->backoffMs * 2, m_options.maxBackoffMs);
    agent->retryTimer->start(agent->backoffMs);
}

QList<AgentState> AgentPool::agentStates() const
{
    QList<AgentState> out;
    for (const QString &name : m_order) {
        const auto agent = m_agents.value(name);
        if (agent)
            out.append(agent->state);
    }
    return out;
}

void AgentPool::call(const QString &name, MessageType type, const Protocol::Body &body, int timeoutMs,
                     QObject *context, Callback done)
{
    const auto agent = m_agents.value(name);
    if (!agent || !agent->link || !agent->state.reachable) {
        AgentReply r;
        r.unreachable = true;
        r.error = !agent ? QStringLiteral("agent %1 is not in /vsmserver/terminalservers").arg(name)
                         : QStringLiteral("agent %1 is not reachable: %2").arg(name, agent->state.reason);
        QTimer::singleShot(0, context, [done, r]() { done(r); });
        return;
    }
    QPointer<Protocol::Link> link = agent->link;
    agent->link->request(type, body, timeoutMs, context, [done, link, name](const Protocol::Message &reply) {
        AgentReply r;
        r.body = reply.body;
        r.error = reply.error;
        // An error that the link synthesised (timeout, closed) means no answer from the agent.
        if (!r.error.isEmpty()
            && (!link || link->isClosed() || r.error.startsWith(QLatin1String("timed out"))
                || r.error.startsWith(QLatin1String("link closed"))))
            r.unreachable = true;
        if (r.unreachable)
            r.error = QStringLiteral("agent %1 did not answer: %2").arg(name, reply.error);
        done(r);
    });
}

} // namespace Server
