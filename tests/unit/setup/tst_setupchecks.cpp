// The setup wizard's checks (backend/setup): pure functions from the facts both nodes report
// (AdminNodeFacts, built here as the nodes would send them) to findings with stable ids, the
// wording shown and the fix proposed; and the report they make, as text and JSON.
#include "setup/checks.h"

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
        QCOMPARE(json.value(QLatin1String("steps")).toArray().size(), 4);
        QVERIFY(!json.value(QLatin1String("not_checked")).toArray().isEmpty());
    }

    void planAsksEveryNameOnce()
    {
        Plan plan = seedPlan();
        plan.haNodes = { Primary, Secondary };
        QCOMPARE(plan.names(), (QStringList { Primary, Secondary, QStringLiteral("tlha") }));
        QCOMPARE(plan.query().nodes, (QStringList { Primary, Secondary }));
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
        QVERIFY(findings.first().fix.startsWith(
            QLatin1String("copy /etc/ssh/ssh_host_* from tlha-primary to tlha-secondary and restart sshd on "
                          "tlha-secondary")));
        QVERIFY(findings.first().fix.contains(QLatin1String("does not copy them itself yet")));
        QVERIFY(findings.first().details.contains(
            QStringLiteral("ssh-rsa: tlha-primary none, tlha-secondary SHA256:rsa")));
        secondary.facts.sshHostKeys.clear();
        secondary.facts.sshHostKeysError = QStringLiteral("no ssh_host_*_key.pub in /etc/ssh");
        findings = Checks::sshHostKeys(goodNode(true), secondary);
        QCOMPARE(ids(findings, Finding::Level::Error), QStringList { QStringLiteral("sshkeys.unreadable") });
        QVERIFY(findings.first().text.contains(QLatin1String("no ssh_host_*_key.pub in /etc/ssh")));
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
        QVERIFY(text.contains(QLatin1String("something needs fixing. Nothing was changed.")));
        const QJsonArray steps = report.json().value(QLatin1String("steps")).toArray();
        QCOMPARE(steps.at(2).toObject().value(QLatin1String("step")).toInt(), 3);
        const QJsonObject finding
            = steps.at(2).toObject().value(QLatin1String("findings")).toArray().first().toObject();
        QCOMPARE(finding.value(QLatin1String("id")).toString(), QStringLiteral("sshkeys.differ"));
        QCOMPARE(finding.value(QLatin1String("level")).toString(), QStringLiteral("error"));
        QVERIFY(finding.contains(QLatin1String("fix")));
    }
};

QTEST_GUILESS_MAIN(TestSetupChecks)
#include "tst_setupchecks.moc"
