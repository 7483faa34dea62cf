// The setup wizard's checks (backend/setup): pure functions from the facts both nodes report
// (AdminNodeFacts, built here as the nodes would send them) to findings with stable ids, the
// wording shown and the fix proposed; and the report they make, as text and JSON.
#include "backend/setup/checks.h"
#include "backend/setup/keepalived.h"
#include "shared/protocol/keys.h"

#include <algorithm>

#include <QJsonArray>
#include <QTest>

using namespace Setup;
using Protocol::AdminIdentityFacts;
using Protocol::AdminNameFacts;
using Protocol::AdminResolvedAddress;
using Protocol::AdminSshHostKey;

namespace {

const QString Primary = QStringLiteral("tlha-primary");
const QString Secondary = QStringLiteral("tlha-secondary");
const QString PrimaryFqdn = QStringLiteral("tlha-primary.example.com");
const QString SecondaryFqdn = QStringLiteral("tlha-secondary.example.com");

Plan seedPlan()
{
    return { Primary, Secondary, QStringLiteral("tlha"), { PrimaryFqdn, SecondaryFqdn } };
}

// The seed's network, resolved alike everywhere: name -> address, reverse = the FQDN.
AdminNameFacts resolvedAs(const QString &name, const QString &address)
{
    const QString fqdn = name.contains(QLatin1Char('.')) ? name : name + QStringLiteral(".example.com");
    return { name, { AdminResolvedAddress { address, fqdn, false } }, {}, {} };
}

QString addressOf(const QString &name)
{
    if (name.startsWith(QLatin1String("tlha-primary")))
        return QStringLiteral("10.0.0.2");
    if (name.startsWith(QLatin1String("tlha-secondary")))
        return QStringLiteral("10.0.0.3");
    return QStringLiteral("10.0.0.4");
}

// A node of a correctly set-up pair.
NodeFacts goodNode(bool primary)
{
    NodeFacts n;
    n.node = primary ? Primary : Secondary;
    n.facts.hostname = n.node;
    for (const QString &name : seedPlan().names())
        n.facts.resolved.append(resolvedAs(name, addressOf(name)));
    const QString self = primary ? PrimaryFqdn : SecondaryFqdn;
    const QString peer = primary ? SecondaryFqdn : PrimaryFqdn;
    n.facts.identity = AdminIdentityFacts {
        { PrimaryFqdn, SecondaryFqdn }, true, self, peer, QStringLiteral("this node is x")
    };
    n.facts.sshHostKeys = { AdminSshHostKey { QStringLiteral("ssh-ed25519"), QStringLiteral("SHA256:same"),
                                              QStringLiteral("/etc/ssh/ssh_host_ed25519_key.pub") } };
    n.facts.configuration
        = { { QStringLiteral("/vsmserver/terminalservers"), QStringLiteral("agent1 agent2") },
            { QStringLiteral("/vsmserver/HA/nodes"), PrimaryFqdn + QLatin1Char(' ') + SecondaryFqdn } };
    n.facts.clusterKeyId = QStringLiteral("3f2a9c10"); // the same cluster key on both
    return n;
}

QStringList ids(const QList<Finding> &findings, Finding::Level level)
{
    QStringList out;
    for (const Finding &f : findings) {
        if (f.level == level)
            out.append(f.id);
    }
    return out;
}

const Finding *find(const QList<Finding> &findings, const QString &id)
{
    for (const Finding &f : findings) {
        if (f.id == id)
            return &f;
    }
    return nullptr;
}

// A node as Setup::gatherNode fills it in for steps 4 and 7: HA running with the link up, both
// agents reachable and trusting it, master_hostname the resource.
NodeFacts fullNode(bool primary)
{
    NodeFacts n = goodNode(primary);
    n.facts.haEnabled = true;
    Protocol::AdminStatus status;
    status.haEnabled = true;
    status.haState = QStringLiteral("role active");
    Protocol::HaStatus ha;
    ha.enabled = ha.active = true;
    ha.link = QStringLiteral("up");
    ha.linkTrust = QStringLiteral("cluster key");
    ha.local = primary ? PrimaryFqdn : SecondaryFqdn;
    ha.peer = primary ? SecondaryFqdn : PrimaryFqdn;
    status.ha = ha;
    n.status = status;
    const Protocol::AgentConfig config {
        QStringList { PrimaryFqdn, SecondaryFqdn }, QStringLiteral("tlha"), {}, n.facts.clusterKeyId, true
    };
    const QString trust = QStringLiteral("cluster key");
    n.agents = QList<AgentFacts> { { QStringLiteral("agent1"), true, {}, config, {}, trust },
                                   { QStringLiteral("agent2"), true, {}, config, {}, trust } };
    return n;
}

// A node with HA off, as a fresh install has it.
NodeFacts haOff(NodeFacts n)
{
    n.facts.haEnabled = false;
    n.facts.configuration.remove(QStringLiteral("/vsmserver/HA/nodes"));
    n.status->haEnabled = false;
    n.status->haState = QStringLiteral("HA not enabled");
    n.status->ha = Protocol::HaStatus {};
    return n;
}

// The agent refuses this node: its allowed_clients do not name it.
void untrusted(NodeFacts *n, const QString &agent)
{
    for (AgentFacts &a : *n->agents) {
        if (a.agent == agent) {
            a.config.reset();
            a.configError = QStringLiteral("agent %1: refused: 10.0.0.3 is not in /vsmagent/allowed_clients")
                                .arg(agent);
        }
    }
}

} // namespace

class TestSetupChecks final : public QObject {
    Q_OBJECT

private slots:
    void aCorrectPairIsAllFine()
    {
        const Report report = Report::check(seedPlan(), goodNode(true), goodNode(false));
        QCOMPARE(report.count(Finding::Level::Error), 0);
        QCOMPARE(report.count(Finding::Level::Warn), 0);
        QVERIFY(report.allFine());
        QCOMPARE(ids(Checks::names(seedPlan(), goodNode(true), goodNode(false)), Finding::Level::Ok).size(),
                 5);
        QVERIFY(report.text().contains(QLatin1String("Summary: 0 error(s), 0 warning(s)")));
        QVERIFY(report.text().contains(QLatin1String("all fine. Nothing was changed.")));
        const QJsonObject json = report.json();
        QCOMPARE(json.value(QLatin1String("summary")).toObject().value(QLatin1String("all_fine")).toBool(),
                 true);
        QCOMPARE(json.value(QLatin1String("summary")).toObject().value(QLatin1String("changed")).toBool(),
                 false);
        QCOMPARE(json.value(QLatin1String("steps")).toArray().size(), 5); // 1, 2, 3, 5, 6
        QVERIFY(!json.value(QLatin1String("not_checked")).toArray().isEmpty());
    }

    void planAsksEveryNameOnce()
    {
        Plan plan = seedPlan();
        plan.haNodes = { Primary, Secondary };
        QCOMPARE(plan.names(), (QStringList { Primary, Secondary, QStringLiteral("tlha") }));
        QCOMPARE(plan.query().nodes, (QStringList { Primary, Secondary }));
    }

    void planScansTheNodesAndTheResourceOnly()
    {
        // Step 3 looks at the keys of these three; scanning the HA/nodes entries too would be
        // more sshd key exchanges on the nodes for nothing.
        Plan plan = seedPlan();
        plan.haNodes
            = { QStringLiteral("tlha-primary.example.com"), QStringLiteral("tlha-secondary.example.com") };
        const Protocol::AdminNodeFactsQuery query = plan.query();
        QCOMPARE(query.names.size(), 5);
        QCOMPARE(query.scanned(), (QStringList { Primary, Secondary, QStringLiteral("tlha") }));
    }

    void loopbackNameNamesTheHostsLine()
    {
        NodeFacts secondary = goodNode(false);
        for (AdminNameFacts &n : secondary.facts.resolved) {
            if (n.name == SecondaryFqdn) {
                n.addresses = { AdminResolvedAddress { QStringLiteral("127.0.1.1"), SecondaryFqdn, true } };
                n.hostsLines
                    = { QStringLiteral("/etc/hosts:3: 127.0.1.1 tlha-secondary.example.com tlha-secondary") };
            }
        }
        const QList<Finding> findings = Checks::names(seedPlan(), goodNode(true), secondary);
        QCOMPARE(ids(findings, Finding::Level::Error), QStringList { QStringLiteral("names.loopback") });
        const Finding *f = find(findings, QStringLiteral("names.loopback"));
        QVERIFY(f->text.contains(QLatin1String("tlha-secondary.example.com resolves to a loopback address on "
                                               "tlha-secondary (/etc/hosts:3: 127.0.1.1")));
        // The fix names the line and the address the other node sees.
        QVERIFY2(f->fix.contains(QLatin1String("on tlha-secondary: in /etc/hosts, give "
                                               "tlha-secondary.example.com its network address (10.0.0.3)")),
                 qPrintable(f->fix));
        QVERIFY(f->fix.contains(QLatin1String("/etc/hosts:3:")));
        QCOMPARE(f->details.size(), 2);
        QVERIFY(f->details.at(1).contains(QLatin1String("127.0.1.1 (loopback)")));
    }

    void disagreementAndUnresolved()
    {
        NodeFacts secondary = goodNode(false);
        secondary.facts.resolved[2] = resolvedAs(QStringLiteral("tlha"), QStringLiteral("10.0.0.9"));
        secondary.facts.resolved[0] = { Primary, {}, QStringLiteral("Host not found"), {} };
        const QList<Finding> findings = Checks::names(seedPlan(), goodNode(true), secondary);
        QCOMPARE(ids(findings, Finding::Level::Error),
                 (QStringList { QStringLiteral("names.unresolved"), QStringLiteral("names.disagree") }));
        QCOMPARE(find(findings, QStringLiteral("names.unresolved"))->fix,
                 QStringLiteral("on tlha-secondary: add tlha-primary to DNS or to /etc/hosts"));
        QVERIFY(find(findings, QStringLiteral("names.unresolved"))
                    ->details.at(1)
                    .contains(QLatin1String("Host not found")));
    }

    void missingReverseIsAWarning()
    {
        NodeFacts primary = goodNode(true);
        primary.facts.resolved[2].addresses[0].reverse.clear();
        const QList<Finding> findings = Checks::names(seedPlan(), primary, goodNode(false));
        QCOMPARE(ids(findings, Finding::Level::Warn), QStringList { QStringLiteral("names.no-reverse") });
        QVERIFY(ids(findings, Finding::Level::Error).isEmpty());
    }

    void theAdminsMachineIsShownAndMustAgree()
    {
        NodeFacts admin;
        admin.node = QStringLiteral("this machine");
        for (const QString &name : seedPlan().names())
            admin.facts.resolved.append(
                { name, { AdminResolvedAddress { addressOf(name), {}, false } }, {}, {} });
        QList<Finding> findings = Checks::names(seedPlan(), goodNode(true), goodNode(false), &admin);
        QCOMPARE(ids(findings, Finding::Level::Ok).size(), 5);
        QCOMPARE(findings.first().details.size(), 3);
        QCOMPARE(findings.first().details.at(2),
                 QStringLiteral("on this machine: 10.0.0.2 (no reverse name)"));
        admin.facts.resolved[2].addresses[0].address = QStringLiteral("192.168.1.4");
        findings = Checks::names(seedPlan(), goodNode(true), goodNode(false), &admin);
        QCOMPARE(ids(findings, Finding::Level::Warn), QStringList { QStringLiteral("names.admin-differs") });
        QCOMPARE(find(findings, QStringLiteral("names.admin-differs"))->fix,
                 QStringLiteral(
                     "make DNS or /etc/hosts on this machine give tlha the nodes' addresses (10.0.0.4)"));
        admin.facts.resolved[2] = { QStringLiteral("tlha"), {}, QStringLiteral("Host not found"), {} };
        QCOMPARE(
            ids(Checks::names(seedPlan(), goodNode(true), goodNode(false), &admin), Finding::Level::Warn),
            QStringList { QStringLiteral("names.admin-differs") });
    }

    void unameThatIsNoEntry()
    {
        NodeFacts primary = goodNode(true);
        primary.facts.hostname = QStringLiteral("localhost");
        const QList<Finding> findings = Checks::names(seedPlan(), primary, goodNode(false));
        QCOMPARE(ids(findings, Finding::Level::Warn), QStringList { QStringLiteral("names.uname") });
        QVERIFY(find(findings, QStringLiteral("names.uname"))->text.contains(QLatin1String("'localhost'")));
        // The short form of an entry is that entry (the seed's bed: uname -n tlha-primary).
        primary.facts.hostname = PrimaryFqdn;
        QVERIFY(ids(Checks::names(seedPlan(), primary, goodNode(false)), Finding::Level::Warn).isEmpty());
    }

    void identityMustBeDeterminedAndComplementary()
    {
        QCOMPARE(ids(Checks::identity(goodNode(true), goodNode(false)), Finding::Level::Ok),
                 QStringList { QStringLiteral("identity.complementary") });
        NodeFacts secondary = goodNode(false);
        secondary.facts.identity->valid = false;
        secondary.facts.identity->explanation
            = QStringLiteral("HA not enabled: no entry matches this machine");
        QList<Finding> findings = Checks::identity(goodNode(true), secondary);
        QCOMPARE(ids(findings, Finding::Level::Error),
                 QStringList { QStringLiteral("identity.undetermined") });
        QVERIFY(findings.first().text.contains(QLatin1String("no entry matches this machine")));
        // Both take the same entry as themselves.
        secondary = goodNode(false);
        secondary.facts.identity->local = PrimaryFqdn;
        secondary.facts.identity->peer = SecondaryFqdn;
        findings = Checks::identity(goodNode(true), secondary);
        QCOMPARE(ids(findings, Finding::Level::Error), QStringList { QStringLiteral("identity.conflict") });
        QCOMPARE(findings.first().details.size(), 2);
        secondary.facts.identity.reset();
        QCOMPARE(ids(Checks::identity(goodNode(true), secondary), Finding::Level::Error),
                 QStringList { QStringLiteral("identity.unknown") });
    }

    void sshHostKeysMustMatch()
    {
        QCOMPARE(ids(Checks::sshHostKeys(goodNode(true), goodNode(false)), Finding::Level::Ok),
                 QStringList { QStringLiteral("sshkeys.same") });
        NodeFacts secondary = goodNode(false);
        secondary.facts.sshHostKeys[0].fingerprint = QStringLiteral("SHA256:other");
        secondary.facts.sshHostKeys.append(
            AdminSshHostKey { QStringLiteral("ssh-rsa"), QStringLiteral("SHA256:rsa"), QStringLiteral("f") });
        QList<Finding> findings = Checks::sshHostKeys(goodNode(true), secondary);
        QCOMPARE(ids(findings, Finding::Level::Error), QStringList { QStringLiteral("sshkeys.differ") });
        QVERIFY(findings.first().text.contains(QLatin1String("(ssh-ed25519, ssh-rsa)")));
        // A type only the secondary has: the admin decides, nothing is copied.
        QVERIFY(findings.first().fix.startsWith(
            QLatin1String("the two nodes have different key types: make them the same by hand")));
        QVERIFY(!findings.first().action);
        QVERIFY(findings.first().details.contains(
            QStringLiteral("ssh-rsa: tlha-primary none, tlha-secondary SHA256:rsa")));
        // The same types, different keys: the action copies the primary's to the secondary.
        secondary.facts.sshHostKeys.removeLast();
        findings = Checks::sshHostKeys(goodNode(true), secondary);
        QCOMPARE(ids(findings, Finding::Level::Error), QStringList { QStringLiteral("sshkeys.differ") });
        QVERIFY(findings.first().fix.startsWith(
            QLatin1String("copy /etc/ssh/ssh_host_* from tlha-primary to tlha-secondary and reload sshd on "
                          "tlha-secondary")));
        QVERIFY(findings.first().action);
        QCOMPARE(findings.first().action->id, QStringLiteral("sshkeys.copy"));
        QCOMPARE(findings.first().action->operations.size(), 1);
        const Operation &copy = findings.first().action->operations.first();
        QCOMPARE(copy.kind, Operation::Kind::CopySshHostKeys);
        QCOMPARE(copy.node, 1);
        QVERIFY(copy.what.contains(QLatin1String("only over the admin API's TLS links")));
        secondary.facts.sshHostKeys.clear();
        secondary.facts.sshHostKeysError = QStringLiteral("no ssh_host_*_key.pub in /etc/ssh");
        findings = Checks::sshHostKeys(goodNode(true), secondary);
        QCOMPARE(ids(findings, Finding::Level::Error), QStringList { QStringLiteral("sshkeys.unreadable") });
        QVERIFY(findings.first().text.contains(QLatin1String("no ssh_host_*_key.pub in /etc/ssh")));
    }

    // Step 3 from the admin's machine: each node's sshd presents the keys of its own files; the
    // resource name, when it answers, one node's; a node that does not answer is a warning.
    void sshKeyScanFromTheAdminsMachine()
    {
        NodeFacts here;
        here.node = QStringLiteral("this machine");
        const QString type = QStringLiteral("ssh-ed25519");
        here.scanned = QList<ScannedKey> { { Primary, type, QStringLiteral("SHA256:same") },
                                           { Secondary, type, QStringLiteral("SHA256:same") } };
        QList<Finding> findings
            = Checks::sshKeyScan(seedPlan(), goodNode(true), goodNode(false), here.node, *here.scanned);
        QCOMPARE(ids(findings, Finding::Level::Ok), QStringList { QStringLiteral("sshkeys.scanned") });
        QVERIFY(findings.first().details.contains(QStringLiteral(
            "ssh-keyscan tlha from this machine: no answer (no node holds the resource IP yet?)")));
        here.scanned->append({ QStringLiteral("tlha"), type, QStringLiteral("SHA256:stranger") });
        here.scanned->replace(1, { Secondary, type, QStringLiteral("SHA256:old") });
        findings = Checks::sshKeyScan(seedPlan(), goodNode(true), goodNode(false), here.node, *here.scanned);
        QCOMPARE(
            ids(findings, Finding::Level::Warn),
            QStringList({ QStringLiteral("sshkeys.not-loaded"), QStringLiteral("sshkeys.resource-other") }));
        QVERIFY(findings.first().text.contains(
            QLatin1String("the sshd of tlha-secondary presents the ssh-ed25519 host key SHA256:old, but its "
                          "/etc/ssh has SHA256:same")));
        here.scanned = QList<ScannedKey> { { Primary, type, QStringLiteral("SHA256:same") } };
        findings = Checks::sshKeyScan(seedPlan(), goodNode(true), goodNode(false), here.node, *here.scanned);
        QCOMPARE(ids(findings, Finding::Level::Warn), QStringList { QStringLiteral("sshkeys.scan-failed") });
        QVERIFY(
            findings.first().text.contains(QLatin1String("ssh-keyscan of tlha-secondary from this machine")));
    }

    // The nodes scan too (AdminNodeFacts::keyscan): each scan is checked as seen from that node.
    void sshKeyScanFromEachNode()
    {
        NodeFacts primary = goodNode(true);
        const QString type = QStringLiteral("ssh-ed25519");
        primary.facts.keyscan = QList<ScannedKey> { { Primary, type, QStringLiteral("SHA256:same") },
                                                    { Secondary, type, QStringLiteral("SHA256:other") } };
        const Report report = Report::check(seedPlan(), primary, goodNode(false));
        const QList<Finding> &step3 = report.steps.at(2).findings;
        const Finding *f = find(step3, QStringLiteral("sshkeys.not-loaded"));
        QVERIFY(f);
        QVERIFY(f->text.endsWith(
            QLatin1String("or the name tlha-secondary reaches another machine from tlha-primary")));
        QVERIFY(!find(step3, QStringLiteral("sshkeys.scanned"))); // the secondary did not scan
    }

    void configurationSideBySide()
    {
        QList<Finding> findings = Checks::configuration(goodNode(true), goodNode(false));
        QCOMPARE(ids(findings, Finding::Level::Ok), QStringList { QStringLiteral("config.identical") });
        QCOMPARE(findings.first().details.size(), 2);
        NodeFacts secondary = goodNode(false);
        // Whitespace in lists is not a difference (the digest normalises it too).
        secondary.facts.configuration[QStringLiteral("/vsmserver/terminalservers")]
            = QStringLiteral(" agent1  agent2");
        QCOMPARE(ids(Checks::configuration(goodNode(true), secondary), Finding::Level::Error), QStringList());
        secondary.facts.configuration[QStringLiteral("/vsmserver/terminalservers")]
            = QStringLiteral("agent1");
        findings = Checks::configuration(goodNode(true), secondary);
        QCOMPARE(ids(findings, Finding::Level::Error), QStringList { QStringLiteral("config.differs") });
        QCOMPARE(
            findings.first().fix,
            QStringLiteral("on tlha-secondary: tl-config '/vsmserver/terminalservers=agent1 agent2' (the "
                           "primary's value)"));
    }

    void loopbackTerminalServersRefusedWithTheSeedsReason()
    {
        NodeFacts primary = goodNode(true);
        primary.facts.loopbackEntries = { QStringLiteral("127.0.0.1") };
        primary.facts.loopbackReason
            = QStringLiteral("It is VERY IMPORTANT that 127.0.0.1 is not in the list");
        const QList<Finding> findings = Checks::configuration(primary, goodNode(false));
        const Finding *f = find(findings, QStringLiteral("config.loopback-terminalservers"));
        QVERIFY(f);
        QCOMPARE(f->level, Finding::Level::Error);
        QVERIFY(f->text.contains(QLatin1String("VERY IMPORTANT")));
        QVERIFY(f->fix.contains(QLatin1String("instead of 127.0.0.1")));
    }

    void reportTextAndJsonCarryTheFindings()
    {
        NodeFacts secondary = goodNode(false);
        secondary.facts.sshHostKeys[0].fingerprint = QStringLiteral("SHA256:other");
        const Report report = Report::check(seedPlan(), goodNode(true), secondary);
        QVERIFY(!report.allFine());
        QCOMPARE(report.count(Finding::Level::Error), 1);
        const QString text = report.text();
        QVERIFY(text.contains(QLatin1String("Step 3: SSH host keys\n  ERROR [sshkeys.differ]")));
        QVERIFY(text.contains(QLatin1String("      fix: copy /etc/ssh/ssh_host_*")));
        QVERIFY(
            text.contains(QLatin1String("      action [sshkeys.copy]: give tlha-secondary the sshd host keys "
                                        "of tlha-primary")));
        QVERIFY(text.contains(QLatin1String("something needs fixing. Nothing was changed.")));
        const QJsonArray steps = report.json().value(QLatin1String("steps")).toArray();
        QCOMPARE(steps.at(2).toObject().value(QLatin1String("step")).toInt(), 3);
        const QJsonObject finding
            = steps.at(2).toObject().value(QLatin1String("findings")).toArray().first().toObject();
        QCOMPARE(finding.value(QLatin1String("id")).toString(), QStringLiteral("sshkeys.differ"));
        QCOMPARE(finding.value(QLatin1String("level")).toString(), QStringLiteral("error"));
        QVERIFY(finding.contains(QLatin1String("fix")));
    }

    // Step 9: the drill's timeline in the text and JSON report; a failed drill is not "all fine".
    void theDrillGoesIntoTheReport()
    {
        Report report = Report::check(seedPlan(), fullNode(true), fullNode(false));
        QVERIFY(report.allFine());
        QVERIFY(report.text().contains(QLatin1String("9: the failover drill (--drill")));
        QVERIFY(report.json().value(QLatin1String("drill")).isNull());
        const QJsonObject drillJson { { QStringLiteral("ok"), true }, { QStringLiteral("total_ms"), 4523 } };
        report.setDrill({ true,
                          QStringLiteral("OpenVSM failover drill report\n+ 1906 ms  tlha-primary released "
                                         "10.0.0.4\ndrill passed\n"),
                          drillJson });
        QVERIFY(report.allFine());
        const QString text = report.text();
        QVERIFY(
            text.contains(QLatin1String("\nStep 9: Verify (failover drill): passed\n  OpenVSM failover drill "
                                        "report\n  + 1906 ms  tlha-primary released 10.0.0.4\n")));
        QVERIFY(!text.contains(QLatin1String("9: the failover drill (--drill")));
        QCOMPARE(report.json().value(QLatin1String("drill")).toObject(), drillJson);
        report.setDrill({ false, QStringLiteral("drill FAILED: peer did not take over"), {} });
        QVERIFY(!report.allFine());
        QVERIFY(report.text().contains(QLatin1String("Step 9: Verify (failover drill): FAILED")));
        QVERIFY(report.text().contains(QLatin1String("something needs fixing")));
    }

    void aCorrectPairProposesNothing()
    {
        const Report report = Report::check(seedPlan(), fullNode(true), fullNode(false));
        QVERIFY(report.allFine());
        QVERIFY(report.actions().isEmpty());
        QCOMPARE(report.steps.size(), 7); // 1, 2, 3, 4, 5, 6, 7
        QCOMPARE(report.steps.at(3).findings.size(), 2);
        QCOMPARE(report.steps.at(3).findings.first().id, QStringLiteral("agents.trusted"));
        QCOMPARE(report.steps.at(5).findings.first().id, QStringLiteral("clusterkey.same"));
        QCOMPARE(report.steps.at(6).findings.first().id, QStringLiteral("ha.enabled"));
        QVERIFY(report.steps.at(6).findings.first().details.first().contains(
            QLatin1String("replication link up, this node tlha-primary.example.com, peer tlha-secondary")));
        for (const QString &step : report.notChecked) {
            QVERIFY2(!step.startsWith(QLatin1String("4:")) && !step.startsWith(QLatin1String("7:")),
                     qPrintable(step));
        }
    }

    void configurationCopiedFromThePrimary()
    {
        NodeFacts secondary = goodNode(false);
        secondary.facts.configuration[QStringLiteral("/vsmserver/max_sessions_per_user")]
            = QStringLiteral("3");
        secondary.facts.configuration[QStringLiteral("/vsmserver/terminalservers")]
            = QStringLiteral("agent1");
        secondary.facts.configuration[QStringLiteral("/vsmserver/HA/nodes")] = QString();
        NodeFacts primary = goodNode(true);
        primary.facts.configuration[QStringLiteral("/vsmserver/max_sessions_per_user")] = QStringLiteral("1");
        const QList<Finding> findings = Checks::configuration(primary, secondary);
        QCOMPARE(ids(findings, Finding::Level::Error).size(), 3);
        QMap<QString, Action> actions;
        for (const Finding &f : findings) {
            if (f.action)
                actions.insert(f.action->id, *f.action);
        }
        // HA/nodes is step 7's: no copy, and the fix says so.
        QCOMPARE(actions.keys(),
                 (QStringList { QStringLiteral("config.copy:/vsmserver/max_sessions_per_user"),
                                QStringLiteral("config.copy:/vsmserver/terminalservers") }));
        QVERIFY(find(findings, QStringLiteral("config.differs")));
        const Action &max = actions.first();
        QCOMPARE(max.operations.size(), 1);
        QCOMPARE(max.operations.first().node, 1);
        QCOMPARE(max.operations.first().type, Protocol::MessageType::AdminSetHaConfig);
        const auto body = Protocol::AdminHaConfig::fromCbor(max.operations.first().body, nullptr);
        QVERIFY(body);
        QCOMPARE(body->params,
                 (QMap<QString, QString> {
                     { QStringLiteral("/vsmserver/max_sessions_per_user"), QStringLiteral("1") } }));
        QVERIFY(max.operations.first().what.startsWith(
            QLatin1String("on tlha-secondary: /vsmserver/max_sessions_per_user=1 (admin API")));
        const Operation &ts = actions.last().operations.first();
        QCOMPARE(ts.type, Protocol::MessageType::AdminSetTerminalServers);
        QCOMPARE(Protocol::AdminTerminalServers::fromCbor(ts.body, nullptr)->terminalservers,
                 (QStringList { QStringLiteral("agent1"), QStringLiteral("agent2") }));
        bool haNodesByStep7 = false;
        for (const Finding &f : findings)
            haNodesByStep7 = haNodesByStep7 || (!f.action && f.fix.contains(QLatin1String("step 7 sets")));
        QVERIFY(haNodesByStep7);
    }

    void loopbackTerminalServersAreNeverCopied()
    {
        NodeFacts primary = goodNode(true);
        primary.facts.loopbackEntries = { QStringLiteral("127.0.0.1") };
        primary.facts.loopbackReason
            = QStringLiteral("It is VERY IMPORTANT that 127.0.0.1 is not in the list");
        primary.facts.configuration[QStringLiteral("/vsmserver/terminalservers")]
            = QStringLiteral("127.0.0.1");
        for (const Finding &f : Checks::configuration(primary, goodNode(false)))
            QVERIFY2(!f.action, qPrintable(f.id));
    }

    void anAgentIsFixedThroughTheNodeItTrusts()
    {
        NodeFacts primary = fullNode(true), secondary = fullNode(false);
        // agent1 trusts only the primary and has no master_hostname: as the primary sees it.
        (*primary.agents)[0].config
            = Protocol::AgentConfig { QStringList { PrimaryFqdn }, QString(), {}, {}, {} };
        untrusted(&secondary, QStringLiteral("agent1"));
        const QList<Finding> findings = Checks::agents(seedPlan(), primary, secondary);
        QCOMPARE(findings.size(), 2);
        const Finding &f = findings.first();
        QCOMPARE(f.id, QStringLiteral("agents.untrusted"));
        QCOMPARE(f.level, Finding::Level::Error);
        QVERIFY2(f.text.contains(QLatin1String("does not trust tlha-secondary")),
                 qPrintable(f.text + QLatin1Char('|') + f.details.join(QLatin1Char('|'))));
        QVERIFY(f.action);
        QCOMPARE(f.action->id, QStringLiteral("agents.trust:agent1"));
        QCOMPARE(f.action->operations.size(), 1);
        const Operation &op = f.action->operations.first();
        QCOMPARE(op.node, 0); // through the primary, which it trusts
        QCOMPARE(op.type, Protocol::MessageType::AdminAgentSetConfig);
        const auto body = Protocol::AdminAgentConfig::fromCbor(op.body, nullptr);
        QVERIFY(body);
        QCOMPARE(body->agent, QStringLiteral("agent1"));
        QCOMPARE(*body->change.allowedClients, (QStringList { PrimaryFqdn, SecondaryFqdn }));
        QCOMPARE(*body->change.masterHostname, QStringLiteral("tlha"));
        QCOMPARE(findings.last().id, QStringLiteral("agents.trusted"));
    }

    // An agent only the primary lists (the secondary's terminalservers are step 5's to copy): its
    // allowed_clients must name the secondary too, and once they do it is trusted, so the fix is
    // not proposed again and again.
    void anAgentOneNodeDoesNotListIsJudgedByItsAllowedClients()
    {
        NodeFacts primary = fullNode(true), secondary = fullNode(false);
        secondary.agents->removeLast(); // agent2
        (*primary.agents)[1].config
            = Protocol::AgentConfig { QStringList { PrimaryFqdn }, QStringLiteral("tlha"), {}, {}, {} };
        Finding f = Checks::agents(seedPlan(), primary, secondary).last();
        QCOMPARE(f.id, QStringLiteral("agents.untrusted"));
        QVERIFY(f.text.contains(QLatin1String("does not trust tlha-secondary")));
        QVERIFY(f.action);
        QCOMPARE(f.action->operations.first().node, 0);
        QVERIFY(f.details.contains(QStringLiteral("via tlha-secondary: not in its terminalservers")));
        (*primary.agents)[1].config->allowedClients = QStringList { PrimaryFqdn, SecondaryFqdn };
        f = Checks::agents(seedPlan(), primary, secondary).last();
        QCOMPARE(f.id, QStringLiteral("agents.trusted"));
        QVERIFY(!f.action);
    }

    void anAgentTrustingNeitherNodeIsFixedOnTheAgent()
    {
        NodeFacts primary = fullNode(true), secondary = fullNode(false);
        untrusted(&primary, QStringLiteral("agent2"));
        untrusted(&secondary, QStringLiteral("agent2"));
        const Finding f = Checks::agents(seedPlan(), primary, secondary).last();
        QCOMPARE(f.id, QStringLiteral("agents.untrusted"));
        QVERIFY(!f.action);
        QVERIFY(f.fix.startsWith(
            QLatin1String("on agent2: tl-config /vsmagent/allowed_clients='tlha-primary.example.com "
                          "tlha-secondary.example.com' /vsmagent/master_hostname=tlha")));
    }

    void masterHostnameAndUnreachableAgents()
    {
        NodeFacts primary = fullNode(true), secondary = fullNode(false);
        for (NodeFacts *n : { &primary, &secondary })
            (*n->agents)[0].config->masterHostname = QStringLiteral("tlha-primary");
        for (NodeFacts *n : { &primary, &secondary }) {
            (*n->agents)[1].reachable = false;
            (*n->agents)[1].reason = QStringLiteral("connection refused");
        }
        const QList<Finding> findings = Checks::agents(seedPlan(), primary, secondary);
        QCOMPARE(findings.first().id, QStringLiteral("agents.master-hostname"));
        QVERIFY(findings.first().action);
        QCOMPARE(findings.last().id, QStringLiteral("agents.unreachable"));
        QVERIFY(!findings.last().action);
    }

    void haIsEnabledOnlyOnACleanPair()
    {
        const NodeFacts primary = haOff(fullNode(true)), secondary = haOff(fullNode(false));
        Report report = Report::check(seedPlan(), primary, secondary);
        const Finding &off = report.steps.last().findings.first();
        QCOMPARE(report.steps.last().number, 7);
        QCOMPARE(off.id, QStringLiteral("ha.off"));
        QVERIFY(off.action);
        QCOMPARE(report.actions().size(), 1);
        const QList<Operation> &ops = off.action->operations;
        QCOMPARE(ops.size(), 5);
        QCOMPARE(ops.at(0).type, Protocol::MessageType::AdminSetHaConfig);
        QCOMPARE(ops.at(0).node, 0);
        QCOMPARE(Protocol::AdminHaConfig::fromCbor(ops.at(1).body, nullptr)->params,
                 (QMap<QString, QString> { { QStringLiteral("/vsmserver/HA/enabled"), QStringLiteral("1") },
                                           { QStringLiteral("/vsmserver/HA/nodes"),
                                             PrimaryFqdn + QLatin1Char(' ') + SecondaryFqdn } }));
        QCOMPARE(ops.at(2).kind, Operation::Kind::Restart);
        QCOMPARE(ops.at(3).kind, Operation::Kind::Restart);
        QCOMPARE(ops.at(3).node, 1);
        QCOMPARE(ops.at(4).kind, Operation::Kind::WaitForLink);
        QVERIFY(report.text().contains(
            QLatin1String("      action [ha.enable]: enable HA on tlha-primary and tlha-secondary\n"
                          "        - on tlha-primary: /vsmserver/HA/enabled=1")));
        // A configuration that differs (step 5) blocks it: HA on with a wrong pair does not start.
        NodeFacts differs = secondary;
        differs.facts.configuration[QStringLiteral("/vsmserver/max_sessions_per_user")] = QStringLiteral("9");
        report = Report::check(seedPlan(), primary, differs);
        QVERIFY(!report.steps.last().findings.first().action);
        QVERIFY(report.steps.last().findings.first().fix.startsWith(
            QLatin1String("fix the errors of steps 1, 2, 4 and 5")));
        QCOMPARE(report.actions().size(), 1); // the copy only
        // Different host keys (step 3, not fixed here) do not block it.
        NodeFacts keys = secondary;
        keys.facts.sshHostKeys[0].fingerprint = QStringLiteral("SHA256:other");
        QVERIFY(Report::check(seedPlan(), primary, keys).steps.last().findings.first().action);
    }

    void aNodeRunningHaIsNeverRestarted()
    {
        // Both run HA, the link is down: reported, nothing restarted (it would not help).
        NodeFacts primary = fullNode(true), secondary = fullNode(false);
        secondary.status->ha->link = QStringLiteral("down");
        QList<Finding> findings = Checks::enableHa(seedPlan(), primary, secondary, false);
        QCOMPARE(findings.first().id, QStringLiteral("ha.link-down"));
        QVERIFY(!findings.first().action);
        // The secondary has HA configured but not running (not restarted since): only it restarts.
        secondary.status->ha->active = false;
        findings = Checks::enableHa(seedPlan(), primary, secondary, false);
        QCOMPARE(findings.first().id, QStringLiteral("ha.off"));
        const QList<Operation> &ops = findings.first().action->operations;
        QCOMPARE(ops.size(), 2); // configured already: restart it, wait for the link
        QCOMPARE(ops.first().kind, Operation::Kind::Restart);
        QCOMPARE(ops.first().node, 1);
        QCOMPARE(ops.last().kind, Operation::Kind::WaitForLink);
    }

    void theReportSaysWhatWasChanged()
    {
        Report report = Report::check(seedPlan(), fullNode(true), fullNode(false));
        report.changed = { QStringLiteral("enable HA on tlha-primary") };
        QVERIFY(report.text().contains(
            QLatin1String("Changed before this check:\n  enable HA on tlha-primary\n")));
        QVERIFY(report.text().contains(QLatin1String("all fine. Changes were made (above).")));
        QCOMPARE(
            report.json().value(QLatin1String("summary")).toObject().value(QLatin1String("changed")).toBool(),
            true);
    }

    void keepalivedConfIsGeneratedFromTheExample()
    {
        const QString example = Keepalived::example();
        QVERIFY2(example.contains(QLatin1String("vrrp_instance tlha")), "the example is not built in");
        NodeFacts primary = fullNode(true), secondary = fullNode(false);
        primary.facts.interfaces = { { QStringLiteral("ens3"), { QStringLiteral("10.0.0.2/24") } } };
        secondary.facts.interfaces = { { QStringLiteral("lo2"), { QStringLiteral("192.168.9.1/24") } },
                                       { QStringLiteral("eth1"), { QStringLiteral("10.0.0.3/24") } } };
        const auto p = Keepalived::generatedFor(seedPlan(), primary, 0);
        const auto s = Keepalived::generatedFor(seedPlan(), secondary, 1);
        QVERIFY(p && s);
        QVERIFY(p->contains(QLatin1String("\n    state MASTER ")));
        QVERIFY(p->contains(QLatin1String("\n    interface ens3 ")));
        QVERIFY(p->contains(QLatin1String("\n    priority 150 ")));
        QVERIFY(p->contains(QLatin1String("\n        10.0.0.4/24 dev ens3 ")));
        QVERIFY(s->contains(QLatin1String("\n    state BACKUP ")));
        QVERIFY(s->contains(QLatin1String("\n    interface eth1 ")));
        QVERIFY(s->contains(QLatin1String("\n    priority 100 ")));
        QVERIFY(s->contains(QLatin1String("\n        10.0.0.4/24 dev eth1 ")));
        // Everything else is the example's, line for line (the primary's state and priority are the
        // example's already: only the interface and the virtual_ipaddress line change, - and + each).
        QCOMPARE(Keepalived::diff(example, *p).size(), 4);
        QCOMPARE(p->count(QLatin1Char('\n')), example.count(QLatin1Char('\n')));
        // The node's own hooks (a node that runs with OPENVSM_ROOT, from a build) in place of the
        // example's /opt/openvsm/sbin ones.
        primary.facts.healthCommand
            = QStringLiteral("/usr/bin/env OPENVSM_ROOT=/srv/a /build/bin/tlctl ha health");
        primary.facts.notifyCommand
            = QStringLiteral("/usr/bin/env OPENVSM_ROOT=/srv/a /build/bin/openvsm-ha-notify");
        const auto hooked = Keepalived::generatedFor(seedPlan(), primary, 0);
        QVERIFY(hooked->contains(
            QLatin1String("\n    script \"/usr/bin/env OPENVSM_ROOT=/srv/a /build/bin/tlctl ha health\"\n")));
        QVERIFY(hooked->contains(QLatin1String(
            "\n    notify \"/usr/bin/env OPENVSM_ROOT=/srv/a /build/bin/openvsm-ha-notify\"\n")));
        QCOMPARE(Keepalived::diff(*p, *hooked).size(), 4);
    }

    void keepalivedMissingDifferentOrTheSame()
    {
        NodeFacts primary = fullNode(true), secondary = fullNode(false);
        primary.facts.interfaces = { { QStringLiteral("eth0"), { QStringLiteral("10.0.0.2/24") } } };
        secondary.facts.interfaces = { { QStringLiteral("eth0"), { QStringLiteral("10.0.0.3/24") } } };
        primary.facts.keepalivedFile = secondary.facts.keepalivedFile
            = QStringLiteral("/etc/keepalived/keepalived.conf");
        primary.facts.keepalivedConf = Keepalived::generatedFor(seedPlan(), primary, 0);
        QString installed = *Keepalived::generatedFor(seedPlan(), secondary, 1);
        installed.replace(QLatin1String("priority 100"), QLatin1String("priority 120"));
        secondary.facts.keepalivedConf = installed;
        QList<Finding> findings = Checks::keepalived(seedPlan(), primary, secondary, false);
        QCOMPARE(findings.size(), 2);
        QCOMPARE(findings.first().id, QStringLiteral("keepalived.same"));
        const Finding &differs = findings.last();
        QCOMPARE(differs.id, QStringLiteral("keepalived.differs"));
        QCOMPARE(differs.level, Finding::Level::Warn);
        QVERIFY(!differs.action); // before HA runs on both (step 7): shown, not installed
        QVERIFY2(differs.fix.contains(QLatin1String("once HA runs on both nodes")), qPrintable(differs.fix));
        QVERIFY(std::any_of(differs.details.cbegin(), differs.details.cend(), [](const QString &d) {
            return d.startsWith(QLatin1Char('+')) && d.contains(QLatin1String("priority 100"));
        }));
        QVERIFY(std::any_of(differs.details.cbegin(), differs.details.cend(), [](const QString &d) {
            return d.startsWith(QLatin1Char('-')) && d.contains(QLatin1String("priority 120"));
        }));
        // With HA running: installed on that node by the admin API, the generated text as it is.
        findings = Checks::keepalived(seedPlan(), primary, secondary, true);
        QVERIFY(!findings.first().action);
        QVERIFY(findings.last().action);
        QCOMPARE(findings.last().action->id, QStringLiteral("keepalived.install:tlha-secondary"));
        QCOMPARE(findings.last().action->operations.size(), 1); // the secondary: no wait for the IP
        const Operation &install = findings.last().action->operations.first();
        QCOMPARE(install.node, 1);
        QCOMPARE(install.type, Protocol::MessageType::AdminKeepalivedConfSet);
        QCOMPARE(Protocol::AdminKeepalivedConf::fromCbor(install.body, nullptr)->text,
                 *Keepalived::generatedFor(seedPlan(), secondary, 1));
        secondary.facts.keepalivedConf.reset();
        findings = Checks::keepalived(seedPlan(), primary, secondary, false);
        QCOMPARE(findings.last().id, QStringLiteral("keepalived.missing"));
        QVERIFY(!findings.last().action);
        // The primary's install waits until keepalived has given it the resource IP.
        primary.facts.keepalivedConf.reset();
        findings = Checks::keepalived(seedPlan(), primary, secondary, true);
        QCOMPARE(findings.first().id, QStringLiteral("keepalived.missing"));
        QCOMPARE(findings.first().action->operations.size(), 2);
        QCOMPARE(findings.first().action->operations.last().kind, Operation::Kind::WaitForResource);
        // A resource address outside the node's network: nothing generated, said why.
        secondary.facts.interfaces = { { QStringLiteral("eth0"), { QStringLiteral("10.0.1.3/24") } } };
        for (auto &n : secondary.facts.resolved) {
            if (n.name.startsWith(QLatin1String("tlha-secondary")))
                n.addresses.first().address = QStringLiteral("10.0.1.3");
        }
        findings = Checks::keepalived(seedPlan(), primary, secondary, true);
        QCOMPARE(findings.last().id, QStringLiteral("keepalived.unknown"));
        QVERIFY(!findings.last().action);
        QVERIFY2(findings.last().text.contains(
                     QLatin1String("10.0.0.4 is not in tlha-secondary's network 10.0.1.3/24")),
                 qPrintable(findings.last().text));
        // In the report as step 8, after step 7.
        const Report report = Report::check(seedPlan(), primary, secondary);
        QCOMPARE(report.steps.last().number, 8);
        QCOMPARE(report.steps.last().title, QStringLiteral("keepalived"));
    }

    void clusterKey()
    {
        NodeFacts primary = fullNode(true), secondary = fullNode(false);
        // The same key, required, on both nodes and both agents, and every link used it.
        QList<Finding> f = Checks::clusterKey(primary, secondary);
        QCOMPARE(f.size(), 1);
        QCOMPARE(f.first().id, QStringLiteral("clusterkey.same"));
        QCOMPARE(f.first().level, Finding::Level::Ok);
        QVERIFY(f.first().text.contains(QLatin1String("3f2a9c10")));
        QVERIFY(!f.first().action);

        // None anywhere: recommended, and the action rolls one out.
        for (NodeFacts *n : { &primary, &secondary }) {
            n->facts.clusterKeyId.clear();
            n->status->ha->linkTrust = QStringLiteral("address");
            for (AgentFacts &a : *n->agents) {
                a.config->clusterKeyId = QString();
                a.linkTrust = QStringLiteral("address");
            }
        }
        f = Checks::clusterKey(primary, secondary);
        QCOMPARE(f.first().id, QStringLiteral("clusterkey.none"));
        QCOMPARE(f.first().level, Finding::Level::Warn);
        QVERIFY(f.first().action);
        checkRollout(*f.first().action);
        // Blocked by an error of steps 1, 2, 4 or 5: no action, the fix says why.
        f = Checks::clusterKey(primary, secondary, true);
        QVERIFY(!f.first().action);
        QVERIFY2(f.first().fix.startsWith(QLatin1String("fix the errors of steps")),
                 qPrintable(f.first().fix));

        // Both nodes have it, an agent does not, and links still go by address: partial.
        primary.facts.clusterKeyId = secondary.facts.clusterKeyId = QStringLiteral("3f2a9c10");
        f = Checks::clusterKey(primary, secondary);
        QCOMPARE(f.first().id, QStringLiteral("clusterkey.partial"));
        QVERIFY(f.first().details.contains(QStringLiteral("agent agent1: no cluster key")));
        QVERIFY(f.first().details.contains(
            QStringLiteral("tlha-primary: link to agent agent2 trusted by address")));
        QVERIFY(f.first().action);
        // Everyone has it, the links use it, but it is not required yet (a rollout that stopped
        // half way): still partial, and the same action finishes it.
        for (NodeFacts *n : { &primary, &secondary }) {
            n->status->ha->linkTrust = QStringLiteral("cluster key");
            for (AgentFacts &a : *n->agents) {
                a.config->clusterKeyId = QStringLiteral("3f2a9c10");
                a.linkTrust = QStringLiteral("cluster key");
            }
        }
        secondary.facts.clusterKeyRequired = false;
        f = Checks::clusterKey(primary, secondary);
        QCOMPARE(f.first().id, QStringLiteral("clusterkey.partial"));
        QVERIFY(f.first().details.contains(QStringLiteral(
            "tlha-secondary: cluster key 3f2a9c10, not yet required (/vsm/cluster_key_required=0)")));
        secondary.facts.clusterKeyRequired = true;
        QCOMPARE(Checks::clusterKey(primary, secondary).first().id, QStringLiteral("clusterkey.same"));

        // One node without it: an error.
        secondary.facts.clusterKeyId.clear();
        f = Checks::clusterKey(primary, secondary);
        QCOMPARE(f.first().id, QStringLiteral("clusterkey.differs"));
        QCOMPARE(f.first().level, Finding::Level::Error);
        QVERIFY(f.first().action);
        // A key file vsmserver cannot use: by hand.
        secondary.facts.clusterKeyError = QStringLiteral("/vsm/cluster_key_file /x: readable by others");
        f = Checks::clusterKey(primary, secondary);
        QCOMPARE(f.first().id, QStringLiteral("clusterkey.unusable"));
        QVERIFY(f.first().details.last().contains(QLatin1String("readable by others")));
        QVERIFY(!f.first().action);
        // In the report as step 6.
        const Report report = Report::check(seedPlan(), primary, secondary);
        QVERIFY(std::any_of(report.steps.cbegin(), report.steps.cend(), [](const StepReport &r) {
            return r.number == 6 && r.title == QLatin1String("Cluster key");
        }));
        QVERIFY(!report.allFine());
    }

    // The rollout's order: the key everywhere (agents first) without requiring it, the secondary
    // restarted before the primary, every link checked; then required, the same restarts, checked.
    static void checkRollout(const Action &action)
    {
        QStringList steps;
        for (const Operation &op : action.operations) {
            QString s;
            switch (op.kind) {
            case Operation::Kind::FetchClusterKey:
                s = QStringLiteral("fetch");
                break;
            case Operation::Kind::Restart:
                s = QStringLiteral("restart%1").arg(op.node);
                break;
            case Operation::Kind::WaitForLink:
                s = QStringLiteral("link");
                break;
            case Operation::Kind::VerifyClusterKey:
                s = QStringLiteral("verify");
                break;
            default: {
                const QCborValue required = op.body.value(Protocol::Keys::clusterKeyRequired);
                s = QStringLiteral("%1%2%3%4")
                        .arg(op.type == Protocol::MessageType::AdminAgentSetConfig
                                 ? QStringLiteral("agent:") + op.body.value(Protocol::Keys::agent).toString()
                                 : QStringLiteral("node%1").arg(op.node),
                             op.withClusterKey ? QStringLiteral("+key") : QString(),
                             required.toBool() ? QStringLiteral(" required") : QStringLiteral(" accept"),
                             op.body.contains(Protocol::Keys::clusterKey) ? QStringLiteral(" SECRET")
                                                                          : QString());
            }
            }
            steps.append(s);
        }
        QCOMPARE(steps,
                 (QStringList { QStringLiteral("fetch"), QStringLiteral("agent:agent1+key accept"),
                                QStringLiteral("agent:agent2+key accept"), QStringLiteral("node1+key accept"),
                                QStringLiteral("node0+key accept"), QStringLiteral("restart1"),
                                QStringLiteral("link"), QStringLiteral("restart0"), QStringLiteral("link"),
                                QStringLiteral("verify"), QStringLiteral("agent:agent1 required"),
                                QStringLiteral("agent:agent2 required"), QStringLiteral("node1 required"),
                                QStringLiteral("node0 required"), QStringLiteral("restart1"),
                                QStringLiteral("link"), QStringLiteral("restart0"), QStringLiteral("link"),
                                QStringLiteral("verify") }));
    }

    void lineDiff()
    {
        QCOMPARE(Keepalived::diff(QStringLiteral("a\nb\nc"), QStringLiteral("a\nb\nc")), QStringList());
        QCOMPARE(Keepalived::diff(QStringLiteral("a\nb\nc"), QStringLiteral("a\nx\nc\nd")),
                 (QStringList { QStringLiteral("+2: x"), QStringLiteral("-2: b"), QStringLiteral("+4: d") }));
    }
};

QTEST_GUILESS_MAIN(TestSetupChecks)
#include "tst_setupchecks.moc"
