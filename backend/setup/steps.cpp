// Steps 4 (agents) and 7 (enable HA) of the setup wizard: the checks and the actions that fix
// what they find, through the admin API calls the console uses.
#include "backend/setup/checks.h"
#include "backend/setup/findings_p.h"

namespace Setup {

namespace {

using Make::error;
using Make::ok;
using Make::warn;

const QString HaNodes = QStringLiteral("/vsmserver/HA/nodes");

// The name the agent must trust a node by: its entry of the proposed HA/nodes (the name vsmserver
// calls the agent from), else the name the admin reached it by.
QString trustName(const Plan &plan, const NodeFacts &node, int index)
{
    const auto &id = node.facts.identity;
    if (id && id->valid && !id->local.isEmpty())
        return id->local;
    return plan.haNodes.value(index, node.node);
}

const AgentFacts *agentOn(const NodeFacts &node, const QString &agent)
{
    for (const AgentFacts &a : *node.agents) {
        if (a.agent == agent)
            return &a;
    }
    return nullptr;
}

QString describeAgent(const NodeFacts &node, const AgentFacts *a)
{
    if (!a)
        return QStringLiteral("via %1: not in its terminalservers").arg(node.node);
    if (!a->reachable)
        return QStringLiteral("via %1: unreachable (%2)").arg(node.node, a->reason);
    if (!a->config)
        return QStringLiteral("via %1: reachable, refuses this node (%2)").arg(node.node, a->configError);
    return QStringLiteral("via %1: reachable, allowed_clients '%2', master_hostname '%3'")
        .arg(node.node, a->config->allowedClients.value_or(QStringList()).join(QLatin1Char(' ')),
             a->config->masterHostname.value_or(QString()));
}

// The agent as both nodes see it: one finding, with the change made through a node it trusts.
Finding checkAgent(const Plan &plan, const NodeFacts *nodes[2], const QString &agent)
{
    const AgentFacts *seen[2] = { agentOn(*nodes[0], agent), agentOn(*nodes[1], agent) };
    const QStringList details = { describeAgent(*nodes[0], seen[0]), describeAgent(*nodes[1], seen[1]) };
    if (!(seen[0] && seen[0]->reachable) && !(seen[1] && seen[1]->reachable))
        return error(QStringLiteral("agents.unreachable"),
                     QStringLiteral("agent %1 is reachable from neither node").arg(agent),
                     QStringLiteral("on %1: start vsmagent (systemctl enable --now vsmagent) and check that "
                                    "its port is open to both nodes")
                         .arg(agent),
                     details);
    for (int i = 0; i < 2; ++i) {
        if (seen[i] && !seen[i]->reachable)
            return error(QStringLiteral("agents.unreachable"),
                         QStringLiteral("agent %1 is not reachable from %2: %3")
                             .arg(agent, nodes[i]->node, seen[i]->reason),
                         QStringLiteral("make %1 reach %2's port (/vsm/vsm_agent_port), then check again")
                             .arg(nodes[i]->node, agent),
                         details);
    }
    int through = -1; // a node the agent trusts
    QStringList missing, names;
    std::optional<Protocol::AgentConfig> config;
    for (int i = 0; i < 2; ++i) {
        names.append(trustName(plan, *nodes[i], i));
        if (seen[i] && seen[i]->config) {
            if (through < 0) {
                through = i;
                config = seen[i]->config; // as the first node that may ask it sees it
            }
        } else if (seen[i]) {
            missing.append(nodes[i]->node);
        }
    }
    const QStringList allowed = config ? config->allowedClients.value_or(QStringList()) : QStringList();
    // A node without the agent in its terminalservers (step 5 copies them) cannot ask it: its
    // name must be in allowed_clients.
    for (int i = 0; i < 2; ++i) {
        if (!seen[i] && !allowed.contains(names[i]))
            missing.append(nodes[i]->node);
    }
    const QString master = config ? config->masterHostname.value_or(QString()) : QString();
    if (missing.isEmpty() && master == plan.resource)
        return ok(
            QStringLiteral("agents.trusted"),
            QStringLiteral("agent %1 trusts both nodes and has master_hostname %2").arg(agent, plan.resource),
            details);
    QStringList wanted = allowed;
    for (const QString &n : std::as_const(names)) {
        if (!wanted.contains(n))
            wanted.append(n);
    }
    const QString change = QStringLiteral("/vsmagent/allowed_clients='%1' /vsmagent/master_hostname=%2")
                               .arg(wanted.join(QLatin1Char(' ')), plan.resource);
    const QString text = missing.isEmpty()
        ? QStringLiteral("agent %1 has master_hostname '%2', not the resource name %3")
              .arg(agent, master, plan.resource)
        : QStringLiteral("agent %1 does not trust %2: its allowed_clients (resolved on the agent) do not "
                         "name that node, so it refuses that node's calls")
              .arg(agent, missing.join(QStringLiteral(" and ")));
    Finding f = error(
        missing.isEmpty() ? QStringLiteral("agents.master-hostname") : QStringLiteral("agents.untrusted"),
        text, QStringLiteral("on %1: tl-config %2, then reload vsmagent").arg(agent, change), details);
    if (through < 0)
        return f; // it trusts neither node: only on the agent itself
    Protocol::AdminAgentConfig body;
    body.agent = agent;
    body.change.allowedClients = wanted;
    body.change.masterHostname = plan.resource;
    f.fix = QStringLiteral("through %1, which %2 trusts: %3").arg(nodes[through]->node, agent, change);
    f.action = Action {
        QStringLiteral("agents.trust:%1").arg(agent),
        QStringLiteral("let agent %1 trust both nodes and name the resource %2").arg(agent, plan.resource),
        { Make::call(through, Protocol::MessageType::AdminAgentSetConfig, body.toCbor(),
                     QStringLiteral("on %1 through %2: %3 (admin API: AdminAgentSetConfig, the "
                                    "console's agent Fix)")
                         .arg(agent, nodes[through]->node, change)) }
    };
    return f;
}

} // namespace

namespace Checks {

QList<Finding> agents(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary)
{
    QList<Finding> out;
    const NodeFacts *nodes[2] = { &primary, &secondary };
    QStringList all;
    for (const NodeFacts *node : nodes) {
        for (const AgentFacts &a : *node->agents) {
            if (!all.contains(a.agent))
                all.append(a.agent);
        }
    }
    if (all.isEmpty()) {
        out.append(error(QStringLiteral("agents.none"),
                         QStringLiteral("neither node has an agent in /vsmserver/terminalservers"),
                         QStringLiteral("on both nodes: tl-config '/vsmserver/terminalservers=AGENT...' (the "
                                        "agents' unique host names)")));
        return out;
    }
    for (const QString &agent : std::as_const(all))
        out.append(checkAgent(plan, nodes, agent));
    return out;
}

QString haStatusLine(const Protocol::AdminStatus &status)
{
    QString line = status.haState;
    if (status.ha && status.ha->active)
        line += QStringLiteral(", replication link %1, this node %2, peer %3")
                    .arg(status.ha->link.isEmpty() ? QStringLiteral("down") : status.ha->link,
                         status.ha->local, status.ha->peer);
    return line;
}

QList<Finding> enableHa(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary, bool blocked)
{
    const NodeFacts *nodes[2] = { &primary, &secondary };
    const QString wanted = plan.haNodes.join(QLatin1Char(' '));
    QStringList details, off;
    QList<Operation> set, restart;
    bool linkUp = true;
    for (int i = 0; i < 2; ++i) {
        const NodeFacts &n = *nodes[i];
        const bool configured
            = n.facts.haEnabled && n.facts.configuration.value(HaNodes).simplified() == wanted;
        const auto &ha = n.status->ha;
        // A node whose HA runs already is never restarted here: that would move sessions' node.
        const bool running = ha && ha->active;
        linkUp = linkUp && running && ha->link == QLatin1String("up");
        details.append(QStringLiteral("%1: HA/enabled=%2, HA/nodes='%3'; %4")
                           .arg(n.node, n.facts.haEnabled ? QStringLiteral("1") : QStringLiteral("0"),
                                n.facts.configuration.value(HaNodes).simplified(), haStatusLine(*n.status)));
        if (configured && running)
            continue;
        off.append(n.node);
        if (!configured) {
            Protocol::AdminHaConfig body;
            body.params
                = { { QStringLiteral("/vsmserver/HA/enabled"), QStringLiteral("1") }, { HaNodes, wanted } };
            set.append(Make::call(
                i, Protocol::MessageType::AdminSetHaConfig, body.toCbor(),
                QStringLiteral("on %1: /vsmserver/HA/enabled=1 /vsmserver/HA/nodes='%2' (admin API: "
                               "AdminSetHaConfig)")
                    .arg(n.node, wanted)));
        }
        restart.append(Make::restart(i, n.node, QStringLiteral("HA starts only at start-up")));
    }
    QList<Finding> out;
    if (off.isEmpty() && linkUp) {
        out.append(ok(QStringLiteral("ha.enabled"),
                      QStringLiteral("HA runs on both nodes with HA/nodes '%1' and the replication link up")
                          .arg(wanted),
                      details));
        return out;
    }
    if (off.isEmpty()) {
        out.append(
            error(QStringLiteral("ha.link-down"),
                  QStringLiteral("HA runs on both nodes, but their replication link is not up"),
                  QStringLiteral("check that each node reaches the other's replication port "
                                 "(/vsm/vsm_server_port) and the cluster keys match; tlctl ha status on "
                                 "each node says why"),
                  details));
        return out;
    }
    Finding f = error(
        QStringLiteral("ha.off"),
        QStringLiteral("HA is not running with HA/nodes '%1' and the link up on %2")
            .arg(wanted, off.join(QStringLiteral(" and "))),
        blocked
            ? QStringLiteral("fix the errors of steps 1, 2, 4 and 5 first: with HA on, vsmserver does not "
                             "start when it cannot tell which node it is; then run tl-ha-setup again")
            : QStringLiteral("set HA/enabled=1 and HA/nodes on both nodes, restart vsmserver there, "
                             "wait for the replication link"),
        details);
    if (!blocked) {
        const QList<Operation> ops = set + restart
            + QList<Operation> { { Operation::Kind::WaitForLink,
                                   0,
                                   Protocol::MessageType::AdminStatus,
                                   {},
                                   QStringLiteral(
                                       "wait until both nodes report the replication link up (60 s)") } };
        f.action = Action { QStringLiteral("ha.enable"),
                            QStringLiteral("enable HA on %1").arg(off.join(QStringLiteral(" and "))), ops };
    }
    out.append(f);
    return out;
}

} // namespace Checks

} // namespace Setup
