// Step 6 of the setup wizard: the cluster key on both nodes and every agent, the links that use
// it, and the action that creates one and rolls it out without leaving the pair unable to talk.
#include "backend/setup/checks.h"
#include "backend/setup/findings_p.h"

namespace Setup {

namespace {

using Make::error;
using Make::ok;
using Make::warn;

const QString ClusterKeyTrust = QStringLiteral("cluster key");

// One holder of a key (a node or an agent), as the facts say.
struct Holder {
    QString name;
    QString keyId; // "" none
    bool required = true;
    bool known = true; // an agent whose configuration could not be read
};

QString describe(const Holder &h)
{
    if (!h.known)
        return QStringLiteral("%1: not known (step 4)").arg(h.name);
    if (h.keyId.isEmpty())
        return QStringLiteral("%1: no cluster key").arg(h.name);
    return QStringLiteral("%1: cluster key %2%3")
        .arg(h.name, h.keyId,
             h.required ? QString() : QStringLiteral(", not yet required (/vsm/cluster_key_required=0)"));
}

// Every agent once, with the node (0 the primary, 1 the secondary) it is reached through: one
// that can read its configuration.
struct AgentSeen {
    QString agent;
    int through = -1;
    const AgentFacts *facts = nullptr;
};

QList<AgentSeen> agentsOf(const NodeFacts *nodes[2])
{
    QList<AgentSeen> out;
    for (int i = 0; i < 2; ++i) {
        if (!nodes[i]->agents)
            continue;
        for (const AgentFacts &a : *nodes[i]->agents) {
            auto it = std::find_if(out.begin(), out.end(),
                                   [&](const AgentSeen &s) { return s.agent == a.agent; });
            if (it == out.end())
                it = out.insert(out.end(), AgentSeen { a.agent, -1, nullptr });
            if (it->through < 0 && a.config) {
                it->through = i;
                it->facts = &a;
            }
        }
    }
    return out;
}

// The links as the nodes report them: the replication link (when HA runs) and each node's
// link to each agent. Lines for the details, and whether every one used the key.
bool linksUseKey(const NodeFacts *nodes[2], QStringList *details)
{
    bool all = true;
    for (int i = 0; i < 2; ++i) {
        const NodeFacts &n = *nodes[i];
        if (n.status && n.status->ha && n.status->ha->active) {
            const QString trust = n.status->ha->linkTrust;
            all = all && trust == ClusterKeyTrust;
            details->append(QStringLiteral("%1: replication link trusted by %2")
                                .arg(n.node, trust.isEmpty() ? QStringLiteral("nothing (down)") : trust));
        }
        if (!n.agents)
            continue;
        for (const AgentFacts &a : *n.agents) {
            all = all && a.linkTrust == ClusterKeyTrust;
            details->append(QStringLiteral("%1: link to agent %2 trusted by %3")
                                .arg(n.node, a.agent,
                                     a.linkTrust.isEmpty() ? QStringLiteral("nothing (down)") : a.linkTrust));
        }
    }
    return all;
}

// Restarts the secondary, then the primary; with HA running, each waits for the replication link.
QList<Operation> restartBoth(const NodeFacts *nodes[2], bool haRuns)
{
    QList<Operation> ops;
    for (int i : { 1, 0 }) {
        ops.append(Make::restart(i, nodes[i]->node,
                                 QStringLiteral("its links use the cluster key settings it starts with")));
        if (haRuns)
            ops.append({ Operation::Kind::WaitForLink,
                         0,
                         Protocol::MessageType::AdminStatus,
                         {},
                         QStringLiteral("wait until both nodes report the replication link up (60 s)") });
    }
    ops.append({ Operation::Kind::VerifyClusterKey,
                 0,
                 Protocol::MessageType::AdminStatus,
                 {},
                 QStringLiteral("check that the replication link and every agent link use the cluster key "
                                "(AdminStatus, AdminAgentList; 30 s)") });
    return ops;
}

// Every holder gets the key with required as given (agents first, then the secondary, then the
// primary), each through the admin API; the key itself is added by the Applier (withClusterKey).
QList<Operation> setEverywhere(const NodeFacts *nodes[2], const QList<AgentSeen> &agents, bool withKey,
                               bool required)
{
    QList<Operation> ops;
    const QString what = withKey
        ? QStringLiteral("the cluster key, /vsm/cluster_key_required=%1").arg(required)
        : QStringLiteral("/vsm/cluster_key_required=%1").arg(required);
    for (const AgentSeen &a : agents) {
        Protocol::AdminAgentConfig body;
        body.agent = a.agent;
        body.change.clusterKeyRequired = required;
        Operation op = Make::call(a.through, Protocol::MessageType::AdminAgentSetConfig, body.toCbor(),
                                  QStringLiteral("on agent %1 through %2: %3 (AdminAgentSetConfig; the agent "
                                                 "writes ROOT/etc/cluster.key 0600 and reloads)")
                                      .arg(a.agent, nodes[a.through]->node, what));
        op.withClusterKey = withKey;
        ops.append(op);
    }
    for (int i : { 1, 0 }) {
        Protocol::AdminClusterKey body;
        body.required = required;
        Operation op
            = Make::call(i, Protocol::MessageType::AdminClusterKeySet, body.toCbor(),
                         QStringLiteral("on %1: %2 (AdminClusterKeySet; used from vsmserver's next start)")
                             .arg(nodes[i]->node, what));
        op.withClusterKey = withKey;
        ops.append(op);
    }
    return ops;
}

// What step 6 says when the key is not yet everywhere, required and used.
Finding notYet(const NodeFacts &primary, const NodeFacts &secondary, bool none, const QStringList &details)
{
    const QString fix = QStringLiteral(
        "give every node and agent the same key (the primary's, or a new one): with "
        "/vsm/cluster_key_required=0 first, restart vsmserver on the secondary, then the primary; once every "
        "link uses the key, /vsm/cluster_key_required=1 everywhere and the same restarts (by hand: "
        "tl-cluster-key create, then docs/security.md)");
    return none
        ? warn(QStringLiteral("clusterkey.none"),
               QStringLiteral("no cluster key: the nodes and agents trust each other by address and a "
                              "privileged source port only (recommended: a cluster key, TLS-PSK on "
                              "every link)"),
               fix, details)
        : primary.facts.clusterKeyId != secondary.facts.clusterKeyId
        ? error(
            QStringLiteral("clusterkey.differs"),
            QStringLiteral("the nodes have different cluster keys (or one has none): with the key required "
                           "their replication link fails the TLS handshake, and an agent with one node's "
                           "key refuses the other node"),
            fix, details)
        : warn(
            QStringLiteral("clusterkey.partial"),
            QStringLiteral("the cluster key is not yet on every node and agent, required and used by every "
                           "link"),
            fix, details);
}

// The action: the key everywhere not required, both restarted and checked; then required, the same.
Action rollout(const NodeFacts *nodes[2], const QList<AgentSeen> &agents)
{
    const NodeFacts &primary = *nodes[0], &secondary = *nodes[1];
    const bool haRuns = primary.status && primary.status->ha && primary.status->ha->active && secondary.status
        && secondary.status->ha && secondary.status->ha->active;
    QList<Operation> ops { { Operation::Kind::FetchClusterKey,
                             0,
                             Protocol::MessageType::AdminClusterKeyGet,
                             {},
                             QStringLiteral(
                                 "on %1: read its cluster key (AdminClusterKeyGet); when it has none, "
                                 "create a new random one here, in memory")
                                 .arg(primary.node) } };
    ops += setEverywhere(nodes, agents, true, false) + restartBoth(nodes, haRuns);
    ops += setEverywhere(nodes, agents, false, true) + restartBoth(nodes, haRuns);
    return {
        QStringLiteral("clusterkey.distribute"),
        QStringLiteral("give both nodes and %1 agent(s) one cluster key, then require it").arg(agents.size()),
        ops
    };
}

} // namespace

namespace Checks {

QList<Finding> clusterKey(const NodeFacts &primary, const NodeFacts &secondary, bool blocked)
{
    const NodeFacts *nodes[2] = { &primary, &secondary };
    QList<Holder> holders;
    QStringList details;
    for (const NodeFacts *n : nodes) {
        holders.append({ n->node, n->facts.clusterKeyId, n->facts.clusterKeyRequired, true });
        if (!n->facts.clusterKeyError.isEmpty())
            return { error(
                QStringLiteral("clusterkey.unusable"),
                QStringLiteral("%1's cluster key cannot be used: vsmserver there does not start with it")
                    .arg(n->node),
                QStringLiteral("on %1: tl-cluster-key check FILE says what is wrong; fix the file or "
                               "the parameter")
                    .arg(n->node),
                { QStringLiteral("%1: %2").arg(n->node, n->facts.clusterKeyError) }) };
    }
    const QList<AgentSeen> agents = agentsOf(nodes);
    bool agentsKnown = true;
    for (const AgentSeen &a : agents) {
        const auto &config = a.facts ? a.facts->config : std::nullopt;
        agentsKnown = agentsKnown && config.has_value();
        holders.append({ QStringLiteral("agent %1").arg(a.agent),
                         config ? config->clusterKeyId.value_or(QString()) : QString(),
                         config ? config->clusterKeyRequired.value_or(true) : true, config.has_value() });
    }
    bool none = true, same = true, required = true;
    for (const Holder &h : std::as_const(holders)) {
        details.append(describe(h));
        none = none && (!h.known || h.keyId.isEmpty());
        same = same && h.known && h.keyId == primary.facts.clusterKeyId && !h.keyId.isEmpty();
        required = required && h.required;
    }
    const bool linked = linksUseKey(nodes, &details);
    if (same && required && linked)
        return { ok(QStringLiteral("clusterkey.same"),
                    QStringLiteral("both nodes and %1 agent(s) use cluster key %2, required, on every link")
                        .arg(agents.size())
                        .arg(primary.facts.clusterKeyId),
                    details) };

    Finding f = notYet(primary, secondary, none, details);
    if (blocked || !agentsKnown) {
        f.fix
            = QStringLiteral("fix the errors of steps 1, 2, 4 and 5 first (every agent must trust both nodes "
                             "to take the key from them); then run tl-ha-setup again, or: ")
            + f.fix;
        return { f };
    }
    f.action = rollout(nodes, agents);
    return { f };
}

} // namespace Checks

} // namespace Setup
