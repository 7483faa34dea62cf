#include "backend/setup/checks.h"

#include "backend/setup/findings_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace Setup {

namespace {

using Level = Finding::Level;

using Make::error;
using Make::ok;
using Make::warn;

const Protocol::AdminNameFacts *factsFor(const NodeFacts &node, const QString &name)
{
    for (const Protocol::AdminNameFacts &n : node.facts.resolved) {
        if (n.name == name)
            return &n;
    }
    return nullptr;
}

// "10.0.0.2 (tlha-primary.example.com), 127.0.1.1 (loopback)"
QString describe(const Protocol::AdminNameFacts *n)
{
    if (!n)
        return QStringLiteral("not asked");
    if (n->addresses.isEmpty())
        return QStringLiteral("does not resolve (%1)")
            .arg(n->reason.isEmpty() ? QStringLiteral("no address") : n->reason);
    QStringList parts;
    for (const Protocol::AdminResolvedAddress &a : n->addresses) {
        QString part = a.address;
        if (a.loopback)
            part += QStringLiteral(" (loopback)");
        else if (!a.reverse.isEmpty())
            part += QStringLiteral(" (reverse: %1)").arg(a.reverse);
        else
            part += QStringLiteral(" (no reverse name)");
        parts.append(part);
    }
    return parts.join(QStringLiteral(", "));
}

QStringList nonLoopback(const Protocol::AdminNameFacts *n)
{
    QStringList out;
    if (!n)
        return out;
    for (const Protocol::AdminResolvedAddress &a : n->addresses) {
        if (!a.loopback)
            out.append(a.address);
    }
    std::sort(out.begin(), out.end());
    return out;
}

QString firstLabel(const QString &name)
{
    return name.section(QLatin1Char('.'), 0, 0);
}

} // namespace

QString Finding::levelName(Level level)
{
    switch (level) {
    case Level::Ok:
        return QStringLiteral("ok");
    case Level::Warn:
        return QStringLiteral("warning");
    case Level::Error:
        return QStringLiteral("error");
    }
    return {};
}

namespace {

// Each name once, in the order given, without the empty ones (an entry not filled in).
QStringList uniqueNames(const QStringList &names)
{
    QStringList out;
    for (const QString &n : names) {
        if (!n.isEmpty() && !out.contains(n))
            out.append(n);
    }
    return out;
}

} // namespace

QStringList Plan::names() const
{
    return uniqueNames(QStringList { primary, secondary, resource } + haNodes);
}

Protocol::AdminNodeFactsQuery Plan::query() const
{
    // Step 3 compares what ssh-keyscan gets for the nodes and the resource name only; the
    // HA/nodes entries are resolved, never scanned.
    return { names(), haNodes, uniqueNames({ primary, secondary, resource }) };
}

namespace {

// Whether name resolves on node (n: its answer) to a network address; the finding when not
// (unresolved, or loopback with the /etc/hosts line to change; other: the other node's answer).
std::optional<Finding> resolvesOn(const QString &name, const NodeFacts &node,
                                  const Protocol::AdminNameFacts *n, const Protocol::AdminNameFacts *other,
                                  const QStringList &details)
{
    if (!n || n->addresses.isEmpty())
        return error(QStringLiteral("names.unresolved"),
                     QStringLiteral("%1 does not resolve on %2").arg(name, node.node),
                     QStringLiteral("on %1: add %2 to DNS or to /etc/hosts").arg(node.node, name), details);
    if (nonLoopback(n).size() == n->addresses.size())
        return std::nullopt;
    const QStringList elsewhere = nonLoopback(other);
    const QString address = elsewhere.isEmpty() ? QStringLiteral("the node's own network address")
                                                : elsewhere.join(QStringLiteral(" or "));
    const QString lines = n->hostsLines.isEmpty()
        ? QStringLiteral("no loopback line for it in /etc/hosts; look at DNS and /etc/nsswitch.conf")
        : n->hostsLines.join(QStringLiteral("; "));
    return error(
        QStringLiteral("names.loopback"),
        QStringLiteral("%1 resolves to a loopback address on %2 (%3): under that name the node reaches "
                       "itself, not its network address, and vsmserver's identity rule may not find it "
                       "(Debian's default 127.0.1.1 line)")
            .arg(name, node.node, lines),
        n->hostsLines.isEmpty()
            ? QStringLiteral("on %1: make %2 resolve to %3").arg(node.node, name, address)
            : QStringLiteral("on %1: in /etc/hosts, give %2 its network address (%3) instead of the "
                             "loopback one: change or remove %4")
                  .arg(node.node, name, address, n->hostsLines.join(QStringLiteral("; "))),
        details);
}

// A name that resolves to network addresses on both nodes: the same ones, with reverse names,
// and as the admin's machine sees it (here, when it was asked).
Finding agreement(const QString &name, const Protocol::AdminNameFacts *const facts[2],
                  const NodeFacts &primary, const NodeFacts &secondary, const NodeFacts *admin,
                  const Protocol::AdminNameFacts *here, const QStringList &details)
{
    if (nonLoopback(facts[0]) != nonLoopback(facts[1]))
        return error(QStringLiteral("names.disagree"),
                     QStringLiteral("%1 resolves differently on the two nodes").arg(name),
                     QStringLiteral("make DNS or /etc/hosts give %1 the same addresses on %2 and %3")
                         .arg(name, primary.node, secondary.node),
                     details);
    bool reverse = true;
    for (int i = 0; i < 2; ++i) {
        for (const Protocol::AdminResolvedAddress &a : facts[i]->addresses)
            reverse = reverse && !a.reverse.isEmpty();
    }
    if (!reverse)
        return warn(
            QStringLiteral("names.no-reverse"),
            QStringLiteral("%1 resolves alike on both nodes, but not every address has a reverse name")
                .arg(name),
            QStringLiteral("add PTR records (or /etc/hosts lines) for %1's addresses").arg(name), details);
    // The admin's machine (tl-console, tlclient, ssh) reaches the nodes by these names too.
    if (admin && nonLoopback(here) != nonLoopback(facts[0]))
        return warn(
            QStringLiteral("names.admin-differs"),
            QStringLiteral("%1 resolves alike on both nodes, but differently on %2").arg(name, admin->node),
            QStringLiteral("make DNS or /etc/hosts on %1 give %2 the nodes' addresses (%3)")
                .arg(admin->node, name, nonLoopback(facts[0]).join(QStringLiteral(", "))),
            details);
    return ok(QStringLiteral("names.resolved"), QStringLiteral("%1 resolves alike on both nodes").arg(name),
              details);
}

// The seed: one entry of HA/nodes must resolve to the node's address or equal `uname -n`.
std::optional<Finding> unameMatches(const Plan &plan, const NodeFacts &node)
{
    const QString uname = node.facts.hostname;
    bool matches = false;
    for (const QString &entry : plan.haNodes)
        matches = matches || entry == uname || firstLabel(entry) == uname;
    if (plan.haNodes.isEmpty() || matches)
        return std::nullopt;
    return warn(
        QStringLiteral("names.uname"),
        QStringLiteral("uname -n of %1 is '%2', which is neither entry of HA/nodes (%3): its "
                       "identity rests on name resolution alone")
            .arg(node.node, uname, plan.haNodes.join(QLatin1Char(' '))),
        QStringLiteral("on %1: hostnamectl set-hostname NAME, NAME being its entry of /vsmserver/HA/nodes")
            .arg(node.node));
}

} // namespace

namespace Checks {

QList<Finding> names(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary,
                     const NodeFacts *admin)
{
    QList<Finding> out;
    const NodeFacts *nodes[] = { &primary, &secondary };
    for (const QString &name : plan.names()) {
        const Protocol::AdminNameFacts *const facts[2]
            = { factsFor(primary, name), factsFor(secondary, name) };
        QStringList details = { QStringLiteral("on %1: %2").arg(primary.node, describe(facts[0])),
                                QStringLiteral("on %1: %2").arg(secondary.node, describe(facts[1])) };
        const Protocol::AdminNameFacts *here = admin ? factsFor(*admin, name) : nullptr;
        if (admin)
            details.append(QStringLiteral("on %1: %2").arg(admin->node, describe(here)));
        bool bad = false;
        for (int i = 0; i < 2; ++i) {
            if (const auto problem = resolvesOn(name, *nodes[i], facts[i], facts[1 - i], details)) {
                out.append(*problem);
                bad = true;
            }
        }
        if (!bad)
            out.append(agreement(name, facts, primary, secondary, admin, here, details));
    }
    for (const NodeFacts *node : nodes) {
        if (const auto problem = unameMatches(plan, *node))
            out.append(*problem);
    }
    return out;
}

QList<Finding> identity(const NodeFacts &primary, const NodeFacts &secondary)
{
    QList<Finding> out;
    const NodeFacts *nodes[] = { &primary, &secondary };
    QStringList details;
    bool determined = true;
    for (const NodeFacts *node : nodes) {
        const auto &id = node->facts.identity;
        if (!id) {
            out.append(
                error(QStringLiteral("identity.unknown"),
                      QStringLiteral("%1 did not say which HA/nodes entry it would be").arg(node->node),
                      QStringLiteral("give the proposed HA/nodes (--ha-nodes)")));
            determined = false;
            continue;
        }
        if (!id->valid) {
            out.append(
                error(QStringLiteral("identity.undetermined"),
                      QStringLiteral("%1 cannot tell which entry of HA/nodes is itself: %2")
                          .arg(node->node, id->explanation),
                      QStringLiteral("fix the names of step 1 on %1 first (its own entry must resolve to "
                                     "one of its addresses, or equal its uname -n)")
                          .arg(node->node)));
            determined = false;
            continue;
        }
        details.append(
            QStringLiteral("%1 takes %2 as itself and %3 as the peer").arg(node->node, id->local, id->peer));
    }
    if (!determined)
        return out;
    const auto &a = *primary.facts.identity;
    const auto &b = *secondary.facts.identity;
    if (a.local == b.local || a.local != b.peer || b.local != a.peer) {
        out.append(error(
            QStringLiteral("identity.conflict"), QStringLiteral("the two nodes do not agree on who is who"),
            QStringLiteral("each node's own entry of HA/nodes must resolve to that node's address "
                           "only, on both nodes (step 1)"),
            details));
        return out;
    }
    out.append(ok(QStringLiteral("identity.complementary"),
                  QStringLiteral("both nodes agree: each takes a different entry as itself"), details));
    return out;
}

namespace {

// Step 3's error when the host keys differ; with the same key types on both, the action copies the
// primary's to the secondary (over the admin API's TLS link) and reloads the secondary's sshd.
Finding hostKeysDiffer(const QString &primary, const QString &secondary, const QStringList &differ,
                       bool sameTypes, const QStringList &details)
{
    const QString text = QStringLiteral("the sshd host keys differ between the nodes (%1): after a failover "
                                        "clients refuse the resource name's host key")
                             .arg(differ.join(QStringLiteral(", ")));
    if (!sameTypes)
        return error(
            QStringLiteral("sshkeys.differ"), text,
            QStringLiteral("the two nodes have different key types: make them the same by hand (remove "
                           "or create /etc/ssh/ssh_host_TYPE_key on %1, as its sshd_config's HostKey "
                           "lines say), then run tl-ha-setup again to copy the keys")
                .arg(secondary),
            details);
    Finding f
        = error(QStringLiteral("sshkeys.differ"), text,
                QStringLiteral("copy /etc/ssh/ssh_host_* from %1 to %2 and reload sshd on %2 (the replaced "
                               "keys are kept in /etc/ssh/openvsm-backup-DATE on %2)")
                    .arg(primary, secondary),
                details);
    f.action
        = Action { QStringLiteral("sshkeys.copy"),
                   QStringLiteral("give %1 the sshd host keys of %2").arg(secondary, primary),
                   { { Operation::Kind::CopySshHostKeys,
                       1,
                       Protocol::MessageType::AdminSshHostKeysSet,
                       {},
                       QStringLiteral("read the host keys on %1 (admin API: AdminSshHostKeysGet), write them "
                                      "on %2 (AdminSshHostKeysSet: private 0600, public 0644, the old ones "
                                      "backed up) and reload its sshd (SIGHUP); the private keys travel "
                                      "only over the admin API's TLS links")
                           .arg(primary, secondary) } } };
    return f;
}

} // namespace

QList<Finding> sshHostKeys(const NodeFacts &primary, const NodeFacts &secondary)
{
    QList<Finding> out;
    const NodeFacts *nodes[] = { &primary, &secondary };
    for (const NodeFacts *node : nodes) {
        if (node->facts.sshHostKeys.isEmpty())
            out.append(error(QStringLiteral("sshkeys.unreadable"),
                             QStringLiteral("no sshd host key of %1 could be read: %2")
                                 .arg(node->node, node->facts.sshHostKeysError),
                             QStringLiteral("on %1: apt install openssh-server").arg(node->node)));
    }
    if (!out.isEmpty())
        return out;
    QMap<QString, QString> keys[2];
    for (int i = 0; i < 2; ++i) {
        for (const Protocol::AdminSshHostKey &k : nodes[i]->facts.sshHostKeys)
            keys[i].insert(k.type, k.fingerprint);
    }
    QStringList types = keys[0].keys() + keys[1].keys();
    types.removeDuplicates();
    std::sort(types.begin(), types.end());
    QStringList differ, same, details;
    for (const QString &type : std::as_const(types)) {
        const QString a = keys[0].value(type, QStringLiteral("none"));
        const QString b = keys[1].value(type, QStringLiteral("none"));
        details.append(QStringLiteral("%1: %2 %3, %4 %5").arg(type, primary.node, a, secondary.node, b));
        (a == b ? same : differ).append(type);
    }
    if (!differ.isEmpty()) {
        out.append(
            hostKeysDiffer(primary.node, secondary.node, differ, keys[0].keys() == keys[1].keys(), details));
        return out;
    }
    out.append(ok(
        QStringLiteral("sshkeys.same"),
        QStringLiteral("both nodes have the same sshd host keys (%1)").arg(same.join(QStringLiteral(", "))),
        details));
    return out;
}

namespace {

// type -> fingerprint, as ssh-keyscan got them for host.
QMap<QString, QString> scannedFor(const QList<ScannedKey> &scanned, const QString &host)
{
    QMap<QString, QString> out;
    for (const ScannedKey &k : scanned) {
        if (k.host == host)
            out.insert(k.type, k.fingerprint);
    }
    return out;
}

// type -> fingerprint of the node's own key files.
QMap<QString, QString> filesOf(const NodeFacts &node)
{
    QMap<QString, QString> out;
    for (const Protocol::AdminSshHostKey &k : node.facts.sshHostKeys)
        out.insert(k.type, k.fingerprint);
    return out;
}

// The resource name as scanned: each key must be one of the nodes' (whichever holds the name).
void checkResourceScan(const Plan &plan, const NodeFacts *const nodes[2], const QString &from,
                       const QList<ScannedKey> &scanned, QStringList *details, QList<Finding> *out)
{
    const QMap<QString, QString> seen = scannedFor(scanned, plan.resource);
    if (seen.isEmpty())
        details->append(
            QStringLiteral("ssh-keyscan %1 from %2: no answer (no node holds the resource IP yet?)")
                .arg(plan.resource, from));
    for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
        details->append(
            QStringLiteral("ssh-keyscan %1 from %2: %3 %4").arg(plan.resource, from, it.key(), it.value()));
        if (filesOf(*nodes[0]).value(it.key()) == it.value()
            || filesOf(*nodes[1]).value(it.key()) == it.value())
            continue;
        out->append(
            warn(QStringLiteral("sshkeys.resource-other"),
                 QStringLiteral("%1 presents the %2 host key %3, which is neither node's: the resource "
                                "name reaches another machine from %4")
                     .arg(plan.resource, it.key(), it.value(), from),
                 QStringLiteral("check where %1 resolves on %2 and which machine holds its address")
                     .arg(plan.resource, from)));
    }
}

} // namespace

QList<Finding> sshKeyScan(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary,
                          const QString &from, const QList<ScannedKey> &scanned)
{
    QList<Finding> out;
    const NodeFacts *const nodes[2] = { &primary, &secondary };
    QStringList details;
    for (const NodeFacts *node : nodes) {
        const QMap<QString, QString> seen = scannedFor(scanned, node->node);
        const QMap<QString, QString> files = filesOf(*node);
        if (seen.isEmpty())
            out.append(warn(QStringLiteral("sshkeys.scan-failed"),
                            QStringLiteral("ssh-keyscan of %1 from %2 got no host key").arg(node->node, from),
                            QStringLiteral("check that sshd runs on %1 and that its port 22 is open to %2")
                                .arg(node->node, from)));
        for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
            details.append(
                QStringLiteral("ssh-keyscan %1 from %2: %3 %4").arg(node->node, from, it.key(), it.value()));
            if (files.value(it.key()) == it.value())
                continue;
            out.append(
                warn(QStringLiteral("sshkeys.not-loaded"),
                     QStringLiteral("the sshd of %1 presents the %2 host key %3, but its /etc/ssh has %4: "
                                    "sshd has not loaded its key files, or the name %1 reaches another "
                                    "machine from %5")
                         .arg(node->node, it.key(), it.value(),
                              files.value(it.key(), QStringLiteral("no such key")), from),
                     QStringLiteral("on %1: systemctl reload ssh; check where %1 resolves on %2")
                         .arg(node->node, from)));
        }
    }
    checkResourceScan(plan, nodes, from, scanned, &details, &out);
    if (out.isEmpty())
        out.append(ok(QStringLiteral("sshkeys.scanned"),
                      QStringLiteral("as ssh-keyscan sees them from %1, both nodes' sshd present their own "
                                     "host keys")
                          .arg(from),
                      details));
    else
        out.first().details = details;
    return out;
}

namespace {

// Step 5's action: the primary's value of one parameter written on the secondary, through the
// call the console uses for it (terminalservers: AdminSetTerminalServers, with its loopback check).
Action copyAction(const QString &parameter, const QString &value, const QString &secondary)
{
    const QString what = QStringLiteral("on %1: %2=%3").arg(secondary, parameter, value);
    Operation op;
    if (parameter == QLatin1String("/vsmserver/terminalservers")) {
        Protocol::AdminTerminalServers body;
        body.terminalservers = value.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        op = Make::call(1, Protocol::MessageType::AdminSetTerminalServers, body.toCbor(),
                        what + QStringLiteral(" (admin API: AdminSetTerminalServers, then reloaded)"));
    } else {
        Protocol::AdminHaConfig body;
        body.params.insert(parameter, value);
        op = Make::call(1, Protocol::MessageType::AdminSetHaConfig, body.toCbor(),
                        what + QStringLiteral(" (admin API: AdminSetHaConfig, then reloaded)"));
    }
    return { QStringLiteral("config.copy:%1").arg(parameter),
             QStringLiteral("copy %1 from the primary to %2").arg(parameter, secondary),
             { op } };
}

} // namespace

QList<Finding> configuration(const NodeFacts &primary, const NodeFacts &secondary)
{
    QList<Finding> out;
    const NodeFacts *nodes[] = { &primary, &secondary };
    for (const NodeFacts *node : nodes) {
        if (node->facts.loopbackEntries.isEmpty())
            continue;
        out.append(
            error(QStringLiteral("config.loopback-terminalservers"),
                  QStringLiteral("on %1: %2").arg(node->node, node->facts.loopbackReason),
                  QStringLiteral("on %1: tl-config '/vsmserver/terminalservers=AGENT...' with the agents' "
                                 "unique host names instead of %2")
                      .arg(node->node, node->facts.loopbackEntries.join(QLatin1Char(' ')))));
    }
    const QMap<QString, QString> &a = primary.facts.configuration;
    const QMap<QString, QString> &b = secondary.facts.configuration;
    if (a.isEmpty() || b.isEmpty()) {
        out.append(
            error(QStringLiteral("config.unknown"),
                  QStringLiteral("%1 could not read its configuration")
                      .arg(a.isEmpty() ? primary.node : secondary.node),
                  QStringLiteral(
                      "on that node: tl-config -Ra /vsmserver shows what it reads; fix the file it names")));
        return out;
    }
    QStringList params = a.keys() + b.keys();
    params.removeDuplicates();
    std::sort(params.begin(), params.end());
    QStringList details;
    int differing = 0;
    for (const QString &p : std::as_const(params)) {
        const QString va = a.value(p).simplified();
        const QString vb = b.value(p).simplified();
        details.append(QStringLiteral("%1: %2 '%3', %4 '%5'").arg(p, primary.node, va, secondary.node, vb));
        if (va == vb)
            continue;
        ++differing;
        Finding f = error(
            QStringLiteral("config.differs"),
            QStringLiteral("%1 differs: '%2' on %3, '%4' on %5").arg(p, va, primary.node, vb, secondary.node),
            QStringLiteral("on %1: tl-config '%2=%3' (the primary's value)").arg(secondary.node, p, va));
        if (p == QLatin1String("/vsmserver/HA/nodes"))
            f.fix = QStringLiteral("step 7 sets /vsmserver/HA/nodes on both nodes");
        else if (p != QLatin1String("/vsmserver/terminalservers") || primary.facts.loopbackEntries.isEmpty())
            f.action = copyAction(p, va, secondary.node);
        out.append(f);
    }
    if (differing == 0)
        out.append(ok(QStringLiteral("config.identical"),
                      QStringLiteral("the %1 parameters the HA configuration digest compares are identical")
                          .arg(params.size()),
                      details));
    return out;
}

} // namespace Checks

Report Report::check(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary,
                     const NodeFacts *admin)
{
    Report r;
    r.plan = plan;
    r.steps.append(StepReport { 1, stepTitle(1), Checks::names(plan, primary, secondary, admin) });
    r.steps.append(StepReport { 2, stepTitle(2), Checks::identity(primary, secondary) });
    QList<Finding> keys = Checks::sshHostKeys(primary, secondary);
    for (const NodeFacts *node : { &primary, &secondary }) {
        if (node->facts.keyscan)
            keys += Checks::sshKeyScan(plan, primary, secondary, node->node, *node->facts.keyscan);
    }
    if (admin && admin->scanned)
        keys += Checks::sshKeyScan(plan, primary, secondary, admin->node, *admin->scanned);
    r.steps.append(StepReport { 3, stepTitle(3), keys });
    const bool agents = primary.agents && secondary.agents;
    if (agents)
        r.steps.append(StepReport { 4, stepTitle(4), Checks::agents(plan, primary, secondary) });
    r.steps.append(StepReport { 5, stepTitle(5), Checks::configuration(primary, secondary) });
    // The key is rolled out, and HA enabled, only on a pair whose names, identity, agents and
    // configuration are right.
    bool blocked = false;
    for (const StepReport &s : std::as_const(r.steps)) {
        for (const Finding &f : s.findings)
            blocked = blocked || (s.number != 3 && f.level == Finding::Level::Error);
    }
    r.steps.append(
        StepReport { 6, stepTitle(6), Checks::clusterKey(primary, secondary, blocked || !agents) });
    const bool status = primary.status && secondary.status;
    if (status) {
        for (const Finding &f : r.steps.constLast().findings)
            blocked = blocked || f.level == Finding::Level::Error;
        r.steps.append(StepReport { 7, stepTitle(7), Checks::enableHa(plan, primary, secondary, blocked) });
    }
    const bool keepalived
        = !primary.facts.keepalivedFile.isEmpty() && !secondary.facts.keepalivedFile.isEmpty();
    if (keepalived) {
        bool haRuns = false;
        for (const StepReport &s : std::as_const(r.steps)) {
            for (const Finding &f : s.findings)
                haRuns = haRuns || (s.number == 7 && f.id == QLatin1String("ha.enabled"));
        }
        r.steps.append(StepReport { 8, stepTitle(8), Checks::keepalived(plan, primary, secondary, haRuns) });
    }
    if (!admin || !admin->scanned)
        r.notChecked.append(QStringLiteral(
            "3: host keys as ssh-keyscan sees them from this machine (ssh-keyscan is not installed here)"));
    if (!agents)
        r.notChecked.append(QStringLiteral("4: agents (allowed_clients, master_hostname)"));
    if (!status)
        r.notChecked.append(QStringLiteral("7: enabling HA"));
    if (!keepalived)
        r.notChecked.append(
            QStringLiteral("8: keepalived (packaging/keepalived/keepalived.conf.example, by hand)"));
    r.notChecked.append(
        QStringLiteral("9: the failover drill (--drill, or tlctl --node A --node B ha drill)"));
    return r;
}

void Report::setDrill(const DrillResult &result)
{
    drill = result;
    notChecked.erase(std::remove_if(notChecked.begin(), notChecked.end(),
                                    [](const QString &n) { return n.startsWith(QLatin1String("9:")); }),
                     notChecked.end());
}

QString Report::stepTitle(int number)
{
    switch (number) {
    case 1:
        return QStringLiteral("Nodes and resource name");
    case 2:
        return QStringLiteral("Node identity, predicted");
    case 3:
        return QStringLiteral("SSH host keys");
    case 4:
        return QStringLiteral("Agents");
    case 5:
        return QStringLiteral("Configuration identity");
    case 6:
        return QStringLiteral("Cluster key");
    case 7:
        return QStringLiteral("Enable HA");
    case 8:
        return QStringLiteral("keepalived");
    }
    return {};
}

QList<Action> Report::actions() const
{
    QList<Action> out;
    for (const StepReport &s : steps) {
        for (const Finding &f : s.findings) {
            if (f.action)
                out.append(*f.action);
        }
    }
    return out;
}

QStringList Action::lines() const
{
    QStringList out { text };
    for (const Operation &op : operations)
        out.append(op.what);
    return out;
}

QJsonObject Action::json() const
{
    QJsonArray ops;
    for (const Operation &op : operations)
        ops.append(op.what);
    return { { QStringLiteral("id"), id },
             { QStringLiteral("text"), text },
             { QStringLiteral("operations"), ops } };
}

QString Report::fileBase(QString file)
{
    for (const QLatin1StringView ending : { QLatin1StringView(".txt"), QLatin1StringView(".json") }) {
        if (file.endsWith(ending))
            file.chop(ending.size());
    }
    return file;
}

int Report::count(Finding::Level level) const
{
    int n = 0;
    for (const StepReport &s : steps) {
        for (const Finding &f : s.findings)
            n += f.level == level ? 1 : 0;
    }
    return n;
}

QString Report::text() const
{
    QString out;
    out += QStringLiteral("Nodes: %1 (primary), %2 (secondary); resource name: %3; HA/nodes: %4\n")
               .arg(plan.primary, plan.secondary, plan.resource, plan.haNodes.join(QLatin1Char(' ')));
    for (const StepReport &s : steps) {
        out += QStringLiteral("\nStep %1: %2\n").arg(s.number).arg(s.title);
        for (const Finding &f : s.findings) {
            const QString level = f.level == Level::Ok ? QStringLiteral("ok")
                : f.level == Level::Warn               ? QStringLiteral("WARNING")
                                                       : QStringLiteral("ERROR");
            out += QStringLiteral("  %1 [%2] %3\n").arg(level, f.id, f.text);
            for (const QString &d : f.details)
                out += QStringLiteral("      %1\n").arg(d);
            if (!f.fix.isEmpty())
                out += QStringLiteral("      fix: %1\n").arg(f.fix);
            if (f.action) {
                out += QStringLiteral("      action [%1]: %2\n").arg(f.action->id, f.action->text);
                for (const Operation &op : f.action->operations)
                    out += QStringLiteral("        - %1\n").arg(op.what);
            }
        }
    }
    if (drill) {
        out += QStringLiteral("\nStep 9: Verify (failover drill): %1\n")
                   .arg(drill->ok ? QStringLiteral("passed") : QStringLiteral("FAILED"));
        for (const QString &line : drill->text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            out += QStringLiteral("  %1\n").arg(line);
    }
    out += QStringLiteral("\nNot checked or not fixed by this version: %1\n")
               .arg(notChecked.join(QStringLiteral("; ")));
    if (!changed.isEmpty()) {
        out += QStringLiteral("\nChanged before this check:\n");
        for (const QString &c : changed)
            out += QStringLiteral("  %1\n").arg(c);
    }
    const int errors = count(Level::Error);
    out += QStringLiteral("\nSummary: %1 error(s), %2 warning(s), %3 ok: %4. %5\n")
               .arg(errors)
               .arg(count(Level::Warn))
               .arg(count(Level::Ok))
               .arg(allFine() ? QStringLiteral("all fine") : QStringLiteral("something needs fixing"),
                    changed.isEmpty() ? QStringLiteral("Nothing was changed.")
                                      : QStringLiteral("Changes were made (above)."));
    return out;
}

QByteArray Report::jsonText() const
{
    return QJsonDocument(json()).toJson(QJsonDocument::Indented);
}

QJsonObject Report::json() const
{
    QJsonArray jsteps;
    for (const StepReport &s : steps) {
        QJsonArray findings;
        for (const Finding &f : s.findings) {
            QJsonObject o { { QStringLiteral("level"), Finding::levelName(f.level) },
                            { QStringLiteral("id"), f.id },
                            { QStringLiteral("text"), f.text } };
            if (!f.fix.isEmpty())
                o.insert(QStringLiteral("fix"), f.fix);
            if (!f.details.isEmpty())
                o.insert(QStringLiteral("details"), QJsonArray::fromStringList(f.details));
            if (f.action)
                o.insert(QStringLiteral("action"), f.action->json());
            findings.append(o);
        }
        jsteps.append(QJsonObject { { QStringLiteral("step"), s.number },
                                    { QStringLiteral("title"), s.title },
                                    { QStringLiteral("findings"), findings } });
    }
    return { { QStringLiteral("primary"), plan.primary },
             { QStringLiteral("secondary"), plan.secondary },
             { QStringLiteral("resource"), plan.resource },
             { QStringLiteral("ha_nodes"), QJsonArray::fromStringList(plan.haNodes) },
             { QStringLiteral("steps"), jsteps },
             { QStringLiteral("not_checked"), QJsonArray::fromStringList(notChecked) },
             { QStringLiteral("changes"), QJsonArray::fromStringList(changed) },
             { QStringLiteral("drill"), drill ? QJsonValue(drill->json) : QJsonValue() },
             { QStringLiteral("summary"),
               QJsonObject { { QStringLiteral("errors"), count(Level::Error) },
                             { QStringLiteral("warnings"), count(Level::Warn) },
                             { QStringLiteral("ok"), count(Level::Ok) },
                             { QStringLiteral("all_fine"), allFine() },
                             { QStringLiteral("changed"), !changed.isEmpty() } } } };
}

} // namespace Setup
