#include "backend/setup/apply.h"

#include "backend/client/adminclient.h"
#include "shared/net/clusterkey.h"
#include "shared/protocol/keys.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace Setup {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// The agents' configurations, asked one after the other; refusals are kept, not failures.
void askAgentConfigs(Client::AdminClient *client, std::shared_ptr<NodeFacts> facts, int index,
                     const QObject *context, std::function<void(const NodeFacts &, const QString &)> done)
{
    if (index >= facts->agents->size())
        return done(*facts, {});
    Protocol::AdminAgentConfig query;
    query.agent = facts->agents->at(index).agent;
    client->call<Protocol::AgentConfig>(
        Protocol::MessageType::AdminAgentGetConfig, query.toCbor(), context,
        [client, facts, index, context, done](std::optional<Protocol::AgentConfig> config,
                                              const QString &error) {
            AgentFacts &agent = (*facts->agents)[index];
            agent.config = config;
            agent.configError = error;
            askAgentConfigs(client, facts, index + 1, context, done);
        });
}

} // namespace

void gatherNode(Client::AdminClient *client, const QString &node, const Protocol::AdminNodeFactsQuery &query,
                const QObject *context,
                std::function<void(const NodeFacts &facts, const QString &error)> done)
{
    auto facts = std::make_shared<NodeFacts>();
    facts->node = node;
    client->call<Protocol::AdminNodeFacts>(
        Protocol::MessageType::AdminNodeFacts, query.toCbor(), context,
        [=](std::optional<Protocol::AdminNodeFacts> reply, const QString &error) {
            if (!reply)
                return done(*facts, error);
            facts->facts = *reply;
            client->status(context, [=](std::optional<Protocol::AdminStatus> status, const QString &error) {
                if (!status)
                    return done(*facts, error);
                facts->status = *status;
                client->call<Protocol::CtlLoadList>(
                    Protocol::MessageType::AdminAgentList, {}, context,
                    [=](std::optional<Protocol::CtlLoadList> list, const QString &error) {
                        if (!list)
                            return done(*facts, error);
                        facts->agents = QList<AgentFacts> {};
                        for (const Protocol::CtlAgentLoad &a : list->agents)
                            facts->agents->append({ a.agent, a.reachable, a.reason, {}, {}, a.linkTrust });
                        askAgentConfigs(client, facts, 0, context, done);
                    });
            });
        });
}

Applier::Applier(std::array<Client::AdminClient *, 2> clients, Reconnect reconnect, QObject *parent)
    : QObject(parent), m_clients(clients), m_reconnect(std::move(reconnect))
{
}

void Applier::apply(const Action &action)
{
    Q_ASSERT(!m_running);
    m_action = action;
    m_next = 0;
    m_running = true;
    ++m_generation;
    next();
}

void Applier::next()
{
    if (m_next >= m_action.operations.size())
        return done({});
    const Operation &op = m_action.operations.at(m_next++);
    emit progress(op.what);
    switch (op.kind) {
    case Operation::Kind::Call:
        return call(op);
    case Operation::Kind::Restart:
        return restart(op);
    case Operation::Kind::WaitForLink:
        return waitForLink(nowMs() + LinkTimeoutMs);
    case Operation::Kind::CopySshHostKeys:
        return copySshHostKeys(op);
    case Operation::Kind::WaitForResource:
        return waitForResource(op.node, nowMs() + ResourceTimeoutMs);
    case Operation::Kind::FetchClusterKey:
        return fetchClusterKey(op);
    case Operation::Kind::VerifyClusterKey:
        return verifyClusterKey(nowMs() + KeyLinksTimeoutMs);
    }
}

void Applier::done(const QString &error)
{
    m_running = false;
    m_clusterKey.fill('\0');
    m_clusterKey.clear();
    ++m_generation; // timers of this run do nothing any more
    emit finished(error);
}

void Applier::call(const Operation &op)
{
    const quint64 generation = m_generation;
    QCborMap body = op.body;
    if (op.withClusterKey) {
        if (m_clusterKey.isEmpty())
            return done(QStringLiteral("no cluster key was fetched before: %1").arg(op.what));
        body.insert(Protocol::Keys::clusterKey, m_clusterKey);
    }
    m_clients[op.node]->request(op.type, body, this,
                                [this, generation](const QCborMap &, const QString &error) {
                                    if (generation != m_generation)
                                        return;
                                    if (!error.isEmpty())
                                        return done(error);
                                    next();
                                });
}

void Applier::restart(const Operation &op)
{
    const quint64 generation = m_generation;
    Client::AdminClient *client = m_clients[op.node];
    const int node = op.node;
    client->request(op.type, {}, this,
                    [this, generation, client, node](const QCborMap &, const QString &error) {
                        if (generation != m_generation)
                            return;
                        if (!error.isEmpty())
                            return done(error);
                        // The node closes the link once it stops (after its HA shutdown grace, if HA runs):
                        // only then is a new login one to the restarted vsmserver.
                        const qint64 deadline = nowMs() + BackTimeoutMs;
                        auto gone = std::make_shared<QMetaObject::Connection>();
                        *gone = connect(client, &Client::AdminClient::disconnected, this,
                                        [this, gone, generation, node, deadline]() {
                                            disconnect(*gone);
                                            if (generation == m_generation)
                                                waitUntilBack(node, deadline);
                                        });
                        QTimer::singleShot(BackTimeoutMs, this, [this, gone, generation, client]() {
                            if (generation != m_generation || !*gone)
                                return;
                            disconnect(*gone);
                            done(QStringLiteral("%1 did not stop within %2 s after AdminRestart")
                                     .arg(client->nodeAddress())
                                     .arg(BackTimeoutMs / 1000));
                        });
                    });
}

void Applier::copySshHostKeys(const Operation &op)
{
    const quint64 generation = m_generation;
    Client::AdminClient *from = m_clients[1 - op.node];
    Client::AdminClient *to = m_clients[op.node];
    from->call<Protocol::AdminSshHostKeys>(
        Protocol::MessageType::AdminSshHostKeysGet, {}, this,
        [this, generation, to](std::optional<Protocol::AdminSshHostKeys> keys, const QString &error) {
            if (generation != m_generation)
                return;
            if (!keys)
                return done(error);
            // The private keys exist here only in this request, which goes over the TLS admin link.
            QCborMap body = keys->toCbor();
            keys.reset();
            to->call<Protocol::AdminSshHostKeys>(
                Protocol::MessageType::AdminSshHostKeysSet, body, this,
                [this, generation](std::optional<Protocol::AdminSshHostKeys> reply, const QString &error) {
                    if (generation != m_generation)
                        return;
                    if (!reply)
                        return done(error);
                    if (!reply->backup.isEmpty())
                        emit progress(
                            QStringLiteral("the replaced host keys are kept in %1").arg(reply->backup));
                    emit progress(reply->sshd);
                    next();
                });
        });
}

void Applier::fetchClusterKey(const Operation &op)
{
    const quint64 generation = m_generation;
    m_clients[op.node]->call<Protocol::AdminClusterKey>(
        Protocol::MessageType::AdminClusterKeyGet, {}, this,
        [this, generation](std::optional<Protocol::AdminClusterKey> key, const QString &error) {
            if (generation != m_generation)
                return;
            if (!key)
                return done(error);
            if (key->secret.isEmpty()) {
                m_clusterKey = Net::ClusterKey::randomSecret();
                emit progress(
                    QStringLiteral("a new cluster key: %1").arg(Net::ClusterKey::idOf(m_clusterKey)));
            } else {
                m_clusterKey = key->secret;
                emit progress(QStringLiteral("the primary's cluster key: %1").arg(key->keyId));
            }
            key->secret.fill('\0');
            next();
        });
}

// Both nodes: the replication link (when HA runs) and every agent link used the key.
void Applier::verifyClusterKey(qint64 deadline)
{
    struct Poll {
        int open = 4;
        QStringList notYet;
    };
    auto poll = std::make_shared<Poll>();
    const quint64 generation = m_generation;
    const QString keyTrust = QStringLiteral("cluster key");
    auto answered = [this, poll, generation, deadline]() {
        if (generation != m_generation || --poll->open > 0)
            return;
        if (poll->notYet.isEmpty()) {
            emit progress(QStringLiteral("every link uses the cluster key"));
            return next();
        }
        if (nowMs() > deadline)
            return done(QStringLiteral("not every link uses the cluster key after %1 s: %2")
                            .arg(KeyLinksTimeoutMs / 1000)
                            .arg(poll->notYet.join(QStringLiteral("; "))));
        QTimer::singleShot(PollMs, this, [this, generation, deadline]() {
            if (generation == m_generation)
                verifyClusterKey(deadline);
        });
    };
    for (Client::AdminClient *client : m_clients) {
        client->status(this,
                       [poll, client, answered, keyTrust](std::optional<Protocol::AdminStatus> status,
                                                          const QString &error) {
                           if (!status)
                               poll->notYet.append(
                                   QStringLiteral("%1: %2").arg(client->nodeAddress(), error));
                           else if (status->ha && status->ha->active && status->ha->linkTrust != keyTrust)
                               poll->notYet.append(QStringLiteral("%1: replication link trusted by %2")
                                                       .arg(client->nodeAddress(),
                                                            status->ha->linkTrust.isEmpty()
                                                                ? QStringLiteral("nothing (down)")
                                                                : status->ha->linkTrust));
                           answered();
                       });
        client->call<Protocol::CtlLoadList>(
            Protocol::MessageType::AdminAgentList, {}, this,
            [poll, client, answered, keyTrust](std::optional<Protocol::CtlLoadList> list,
                                               const QString &error) {
                if (!list)
                    poll->notYet.append(QStringLiteral("%1: %2").arg(client->nodeAddress(), error));
                for (const Protocol::CtlAgentLoad &a :
                     list ? list->agents : QList<Protocol::CtlAgentLoad>()) {
                    if (a.linkTrust != keyTrust)
                        poll->notYet.append(
                            QStringLiteral("%1: link to agent %2 trusted by %3")
                                .arg(client->nodeAddress(), a.agent,
                                     a.linkTrust.isEmpty() ? QStringLiteral("nothing (down)") : a.linkTrust));
                }
                answered();
            });
    }
}

void Applier::waitForResource(int node, qint64 deadline)
{
    const quint64 generation = m_generation;
    Client::AdminClient *client = m_clients[node];
    client->status(
        this,
        [this, generation, node, deadline, client](std::optional<Protocol::AdminStatus> status,
                                                   const QString &error) {
            if (generation != m_generation)
                return;
            const bool holds = status && status->ha
                && (status->ha->resourceLocal || status->ha->role == Protocol::HaRole::Master);
            if (holds) {
                emit progress(QStringLiteral("%1 holds the resource IP: %2")
                                  .arg(client->nodeAddress(), Checks::haStatusLine(*status)));
                return next();
            }
            if (nowMs() > deadline)
                return done(QStringLiteral(
                                "%1 did not get the resource IP within %2 s (%3); look at keepalived's log "
                                "there (journalctl -u keepalived)")
                                .arg(client->nodeAddress())
                                .arg(ResourceTimeoutMs / 1000)
                                .arg(status ? Checks::haStatusLine(*status) : error));
            QTimer::singleShot(PollMs, this, [this, generation, node, deadline]() {
                if (generation == m_generation)
                    waitForResource(node, deadline);
            });
        });
}

void Applier::waitUntilBack(int node, qint64 deadline)
{
    Client::AdminClient *client = m_clients[node];
    if (client->isReady())
        return next();
    if (nowMs() > deadline)
        return done(
            QStringLiteral("%1 did not come back within %2 s after the restart; look at its vsmserver log")
                .arg(client->nodeAddress())
                .arg(BackTimeoutMs / 1000));
    if (client->phase() == Client::AdminClient::Phase::Idle)
        m_reconnect(node); // again after a refused connection: the new vsmserver is still starting
    const quint64 generation = m_generation;
    QTimer::singleShot(PollMs, this, [this, generation, node, deadline]() {
        if (generation == m_generation)
            waitUntilBack(node, deadline);
    });
}

void Applier::waitForLink(qint64 deadline)
{
    struct Poll {
        int open = 2;
        QStringList states;
        bool up = true;
    };
    auto poll = std::make_shared<Poll>();
    const quint64 generation = m_generation;
    for (Client::AdminClient *client : m_clients) {
        client->status(
            this,
            [this, poll, generation, deadline, client](std::optional<Protocol::AdminStatus> status,
                                                       const QString &error) {
                if (generation != m_generation)
                    return;
                poll->up = poll->up && status && status->ha && status->ha->link == QLatin1String("up");
                poll->states.append(QStringLiteral("%1: %2").arg(
                    client->nodeAddress(), status ? Checks::haStatusLine(*status) : error));
                if (--poll->open > 0)
                    return;
                if (poll->up) {
                    for (const QString &s : std::as_const(poll->states))
                        emit progress(s);
                    return next();
                }
                if (nowMs() > deadline)
                    return done(QStringLiteral("the replication link did not come up within %1 s: %2")
                                    .arg(LinkTimeoutMs / 1000)
                                    .arg(poll->states.join(QStringLiteral("; "))));
                QTimer::singleShot(PollMs, this, [this, generation, deadline]() {
                    if (generation == m_generation)
                        waitForLink(deadline);
                });
            });
    }
}

} // namespace Setup
