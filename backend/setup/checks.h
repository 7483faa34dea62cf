#pragma once

#include "shared/protocol/adminmessages.h"
#include "shared/protocol/messagetype.h"

#include <QCborMap>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The setup wizard's checks (issue 13): pure functions from what both nodes reported
// (AdminNodeFacts, gathered on each node) to findings. tl-ha-setup prints them; the QWizard
// will show the same findings with the same wording. No Widgets, no I/O here.
namespace Setup {

// One admin API request an action makes on a node, in order. Restart: AdminRestart, then the
// front end logs in again once the node is back. WaitForLink: both nodes' AdminStatus until
// their HA replication link is up. CopySshHostKeys: AdminSshHostKeysGet on the other node, its
// answer (private keys included, kept in memory only) sent as AdminSshHostKeysSet to node.
// WaitForResource: node's AdminStatus until it holds the resource IP (keepalived's notify hook
// said MASTER, or HA/resource_address is on one of its interfaces).
// FetchClusterKey: the primary's cluster key (AdminClusterKeyGet), or a new random one when it has
// none, kept in memory for the Calls with withClusterKey (the key is added to their body) until
// the action ends. VerifyClusterKey: both nodes' AdminStatus and AdminAgentList until the
// replication link (when HA runs) and every agent link report that they used the cluster key.
struct Operation {
    enum class Kind {
        Call,
        Restart,
        WaitForLink,
        CopySshHostKeys,
        WaitForResource,
        FetchClusterKey,
        VerifyClusterKey
    };
    Kind kind = Kind::Call;
    int node = 0; // 0 the primary, 1 the secondary (Call, Restart; CopySshHostKeys: the target)
    Protocol::MessageType type = Protocol::MessageType::AdminStatus; // Call
    QCborMap body; // Call
    QString what; // as shown: "on tlha-secondary: /vsmserver/HA/enabled=1 (AdminSetHaConfig)"
    bool withClusterKey = false; // Call: the fetched cluster key goes in body (Keys::clusterKey)
};

// What a finding proposes to change, exactly, and the admin API requests that change it. The
// front ends show `text` and every operation's `what`, ask, and apply it (Setup::Applier); a
// new check afterwards must not propose it again.
struct Action {
    QString id; // stable: "config.copy", "agents.trust:agent1", "ha.enable"
    QString text;
    QList<Operation> operations;

    QStringList lines() const; // text, then each operation's what
    QJsonObject json() const;
};

struct Finding {
    enum class Level { Ok, Warn, Error };
    Level level = Level::Ok;
    QString id; // stable, for scripts: "names.loopback", "sshkeys.differ", ...
    QString text; // what was found, as shown to the admin
    QString fix; // the exact change proposed: parameter, file or command (empty when ok)
    QStringList details; // side by side: one line per node or parameter
    std::optional<Action> action; // what tl-ha-setup can change itself (none: fix by hand)

    static QString levelName(Level level); // "ok", "warning", "error"
};

// What the admin asked for: the two nodes as reached over the admin API (--node), the resource
// name and the proposed /vsmserver/HA/nodes.
struct Plan {
    QString primary;
    QString secondary;
    QString resource;
    QStringList haNodes;

    // Every name to resolve on the nodes, each once: the nodes, the resource, the HA/nodes entries.
    QStringList names() const;
    // What the nodes and this machine are asked: names() resolved, the nodes and the resource
    // name scanned by ssh-keyscan.
    Protocol::AdminNodeFactsQuery query() const;
};

// One agent as one node sees it: AdminAgentList's reachability, and AdminAgentGetConfig's answer
// (the agent refuses it unless it trusts the node: allowed_clients resolved on the agent).
struct AgentFacts {
    QString agent;
    bool reachable = false;
    QString reason; // why not reachable
    std::optional<Protocol::AgentConfig> config; // none: the error says why
    QString configError;
    QString linkTrust; // how the node's link to it proved the agent (CtlAgentLoad::linkTrust)
};

// One host key as ssh-keyscan got it, on a node or on the admin's machine (Setup::resolveHere).
using ScannedKey = Protocol::AdminScannedKey;

// One node's answer, with the name the admin reached it by. status and agents are asked by
// Setup::Gatherer (steps 4 and 7); without them those steps are not checked.
struct NodeFacts {
    QString node;
    Protocol::AdminNodeFacts facts;
    std::optional<Protocol::AdminStatus> status;
    std::optional<QList<AgentFacts>> agents; // its terminalservers
    // The admin's machine only: what ssh-keyscan got for each name (none: not scanned).
    std::optional<QList<ScannedKey>> scanned;
};

namespace Checks {
// Step 1: each name resolved on both nodes, side by side: unresolved, loopback (with the
// /etc/hosts line), disagreement, missing reverse names, `uname -n` that is no HA/nodes entry.
// With admin (the names as the admin's own machine resolves them, forward only): a warning where
// it disagrees with the nodes.
QList<Finding> names(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary,
                     const NodeFacts *admin = nullptr);
// Step 2: the identity each node would take for the proposed HA/nodes (Ha::NodeIdentity, run on
// the node): both determined, and complementary.
QList<Finding> identity(const NodeFacts &primary, const NodeFacts &secondary);
// Step 3: sshd host key fingerprints per key type, from each node's own files.
QList<Finding> sshHostKeys(const NodeFacts &primary, const NodeFacts &secondary);
// Step 3, as one machine sees it (from: a node, or the admin's machine; scanned: its
// ssh-keyscan): each node's sshd must present the keys of its own files (else it has not loaded
// them, or the name reaches another machine from there); the resource name, when it answers, one
// node's keys.
QList<Finding> sshKeyScan(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary,
                          const QString &from, const QList<ScannedKey> &scanned);
// Step 4: the union of both nodes' terminalservers; per agent: reachable, trusts both nodes
// (each node's AdminAgentGetConfig is refused unless the agent's allowed_clients resolve to it),
// master_hostname is the resource name. The action goes through a node the agent trusts.
QList<Finding> agents(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary);
// Step 5: the parameters the HA configuration digest compares, side by side; loopback
// terminalservers refused with the seed's reason. The action copies the primary's values to the
// secondary (HA/nodes is step 7's).
QList<Finding> configuration(const NodeFacts &primary, const NodeFacts &secondary);
// Step 6: the cluster key of both nodes (/vsm/cluster_key_file, usable) and of every agent, required
// everywhere (/vsm/cluster_key_required), and used by the replication link and every agent link.
// None is a warning (recommended), different keys on the nodes an error. Unless blocked (errors in
// steps 1, 2, 4, 5), the action gives everyone the primary's key (or a new one) in two rolling
// rounds: first not required (links use it where both sides have it, else certificate TLS),
// restart the secondary then the primary, check every link uses it; then required, the same
// restarts and check. The pair can talk at every moment of it.
QList<Finding> clusterKey(const NodeFacts &primary, const NodeFacts &secondary, bool blocked = false);
// Step 7: HA/enabled=1 and the proposed HA/nodes on both, running with the link up. Its action
// (set both, restart both, wait for the link) is proposed only once steps 1, 2, 4 and 5 have no
// error: vsmserver with HA on does not start when it cannot tell which node it is.
QList<Finding> enableHa(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary, bool blocked);
// Step 8: each node's keepalived.conf generated from the shipped example (Setup::Keepalived), with
// the node's own hook commands, and compared with the installed one; warnings (Pacemaker is the
// other way). Once HA runs on both (haRuns: step 7 is fine) a node whose file is missing or
// differs gets the action that installs it (and, on the primary, waits for the resource IP).
QList<Finding> keepalived(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary,
                          bool haRuns);
// "role active, link up, peer tlha-secondary.example.com" from a node's AdminStatus.
QString haStatusLine(const Protocol::AdminStatus &status);
} // namespace Checks

struct StepReport {
    int number = 0;
    QString title;
    QList<Finding> findings;
};

// Step 9: the failover drill's outcome (Client::FailoverDrill with move-back, as tlctl ha drill
// runs it): its timeline report as text and JSON.
struct DrillResult {
    bool ok = false;
    QString text; // FailoverDrill::reportText()
    QJsonObject json; // FailoverDrill::reportJson()
};

// Every step's findings, and how they read as text and as JSON.
struct Report {
    Plan plan;
    QList<StepReport> steps;
    QStringList notChecked; // the steps this version does not have yet, and why
    QStringList changed; // what the front end applied before this report (its actions' lines)
    std::optional<DrillResult> drill; // step 9, when it was run (setDrill)

    // Runs steps 1 to 8 on the facts (admin: see Checks::names); 4 and 7 only
    // when the facts carry agents and status, 8 when the nodes say where keepalived.conf is.
    static Report check(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary,
                        const NodeFacts *admin = nullptr);
    // The title of a step this version checks (1 to 8), as the report words it.
    static QString stepTitle(int number);
    // Where --report FILE saves: FILE without a .txt or .json ending; FILE.txt and FILE.json.
    static QString fileBase(QString file);
    int count(Finding::Level level) const;
    // No error, and the drill (when run) passed.
    bool allFine() const { return count(Finding::Level::Error) == 0 && (!drill || drill->ok); }
    // Step 9's result into the report (and out of notChecked).
    void setDrill(const DrillResult &result);
    QList<Action> actions() const; // every finding's action, in step order
    QString text() const;
    QJsonObject json() const;
    QByteArray jsonText() const; // json(), indented, as --json prints it
};

} // namespace Setup
