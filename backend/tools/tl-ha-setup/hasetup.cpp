#include "hasetup.h"

#include "client/adminclient.h"
#include "nodeaccess.h"
#include "setup/checks.h"
#include "setup/localnames.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>

#include <cstdio>

namespace HaSetup {

namespace {

enum Exit { ExitOk = 0, ExitNeedsFixing = 1, ExitUsage = 2 };

const char *Usage
    = "usage: tl-ha-setup --node PRIMARY[:PORT] --node SECONDARY[:PORT] [--resource NAME]\n"
      "                   [--ha-nodes \"A B\"] [--json] [--report FILE] [--dry-run] [--yes]\n"
      "                   [--accept-new-fingerprint]\n"
      "\n"
      "Checks two installed OpenVSM servers before they become an HA pair, step by step as the\n"
      "seed's HA guide asks, on the nodes themselves (the admin API of each, as tlctl --node):\n"
      "  1  nodes and resource name: each name resolved on both nodes, forward and reverse, and\n"
      "     on this machine, side by side; disagreement, loopback answers (with the /etc/hosts\n"
      "     line to change), uname -n that is no entry of HA/nodes\n"
      "  2  node identity, predicted: which HA/nodes entry each node would take as itself (the\n"
      "     rule vsmserver applies); both must agree and be complementary\n"
      "  3  SSH host keys: the sshd host key fingerprints per key type of both nodes must match\n"
      "  5  configuration identity: the parameters the HA configuration digest compares, side by\n"
      "     side; loopback terminalservers are refused\n"
      "Each finding has a stable id, what was found and the exact fix proposed.\n"
      "\n"
      "THIS VERSION ONLY CHECKS AND REPORTS: it changes nothing on either node (--yes and\n"
      "--dry-run are accepted and change nothing either). Not checked yet: agents (step 4), the\n"
      "cluster key (6), enabling HA (7), keepalived (8), the failover drill (9: tlctl ha drill).\n"
      "\n"
      "Options:\n"
      "  --node HOST[:PORT]        a node's admin API (default port 9002); twice: the primary first\n"
      "  --resource NAME           the resource name clients use (default: tlha)\n"
      "  --ha-nodes \"A B\"          the proposed /vsmserver/HA/nodes (default: the two --node hosts)\n"
      "  --json                    print the report as JSON on stdout\n"
      "  --report FILE             also save the report: FILE.txt (text) and FILE.json (JSON);\n"
      "                            a .txt or .json ending of FILE is dropped first\n"
      "  --dry-run                 change nothing (this version never changes anything)\n"
      "  --yes                     do not ask before changing (this version changes nothing)\n"
      "  --accept-new-fingerprint  trust and pin a node's new or changed admin certificate\n"
      "  -h, --help                show this help\n"
      "\n"
      "A node's admin certificate is pinned in ~/.config/openvsm/known_nodes on first use (asked on\n"
      "a terminal). The admin password is read from the file OPENVSM_ADMIN_PASSWORD_FILE names,\n"
      "else asked once on the terminal, and sent only to trusted nodes.\n"
      "\n"
      "Exit status: 0 all fine (warnings allowed), 1 something needs fixing or a node could not be\n"
      "asked, 2 usage error.\n";

int usage(const QString &why)
{
    std::fprintf(stderr, "tl-ha-setup: %s\n%s", qPrintable(why), Usage);
    return ExitUsage;
}

bool writeFile(const QString &file, const QByteArray &data)
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size()) {
        std::fprintf(stderr, "tl-ha-setup: cannot write the report to %s: %s\n", qPrintable(file),
                     qPrintable(f.errorString()));
        return false;
    }
    std::fprintf(stderr, "tl-ha-setup: report written to %s\n", qPrintable(file));
    return true;
}

// One node's facts, or nullopt with the reason on stderr.
std::optional<Protocol::AdminNodeFacts> askFacts(Client::AdminClient *client, const QString &node,
                                                 const Protocol::AdminNodeFactsQuery &query)
{
    QEventLoop loop;
    std::optional<Protocol::AdminNodeFacts> facts;
    QString error;
    client->call<Protocol::AdminNodeFacts>(
        Protocol::MessageType::AdminNodeFacts, query.toCbor(), &loop,
        [&](std::optional<Protocol::AdminNodeFacts> reply, const QString &e) {
            facts = std::move(reply);
            error = e;
            loop.quit();
        });
    loop.exec();
    if (!facts)
        std::fprintf(stderr, "tl-ha-setup: %s: %s\n", qPrintable(node), qPrintable(error));
    return facts;
}

// The names as this machine resolves them (Setup::resolveHere), waited for here.
Setup::NodeFacts resolveHere(const QStringList &names)
{
    QEventLoop loop;
    Setup::NodeFacts here;
    Setup::resolveHere(names, &loop, [&](const Setup::NodeFacts &facts) {
        here = facts;
        loop.quit();
    });
    loop.exec();
    return here;
}

} // namespace

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption node(QStringLiteral("node"), QStringLiteral("A node."), QStringLiteral("HOST"));
    const QCommandLineOption resource(QStringLiteral("resource"), QStringLiteral("Resource name."),
                                      QStringLiteral("NAME"), QStringLiteral("tlha"));
    const QCommandLineOption haNodes(QStringLiteral("ha-nodes"), QStringLiteral("Proposed HA/nodes."),
                                     QStringLiteral("LIST"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("JSON output."));
    const QCommandLineOption report(QStringLiteral("report"), QStringLiteral("Save the report."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"), QStringLiteral("Change nothing."));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Do not ask."));
    const QCommandLineOption acceptNew(QStringLiteral("accept-new-fingerprint"),
                                       QStringLiteral("Trust new or changed admin certificates."));
    const QCommandLineOption help(QStringList { QStringLiteral("h"), QStringLiteral("help") },
                                  QStringLiteral("Show this help."));
    for (const auto &o : { node, resource, haNodes, json, report, dryRun, yes, acceptNew, help })
        parser.addOption(o);
    if (!parser.parse(QStringList { QStringLiteral("tl-ha-setup") } + arguments))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        std::fputs(Usage, stdout);
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    const QStringList nodes = parser.values(node);
    if (nodes.size() != 2)
        return usage(
            QStringLiteral("give both nodes, the primary first: --node PRIMARY --node SECONDARY (got %1)")
                .arg(nodes.size()));
    Setup::Plan plan;
    QString hosts[2];
    for (int i = 0; i < 2; ++i) {
        quint16 port = 0;
        QString error;
        if (!Client::AdminClient::parseNode(nodes[i], &hosts[i], &port, &error))
            return usage(QStringLiteral("--node %1: %2").arg(nodes[i], error));
    }
    if (hosts[0] == hosts[1])
        return usage(QStringLiteral("--node: the two nodes are the same host '%1'").arg(hosts[0]));
    plan.primary = hosts[0];
    plan.secondary = hosts[1];
    plan.resource = parser.value(resource).trimmed();
    if (plan.resource.isEmpty() || plan.resource.contains(QLatin1Char(' ')))
        return usage(QStringLiteral("--resource: give one host name (got '%1')").arg(parser.value(resource)));
    plan.haNodes = parser.isSet(haNodes) ? parser.value(haNodes).split(QLatin1Char(' '), Qt::SkipEmptyParts)
                                         : QStringList { plan.primary, plan.secondary };
    if (plan.haNodes.size() != 2)
        return usage(
            QStringLiteral("--ha-nodes: give exactly two names, as /vsmserver/HA/nodes has (got '%1')")
                .arg(parser.value(haNodes)));
    const QString reportBase = Setup::Report::fileBase(parser.value(report));
    if (parser.isSet(report) && reportBase.isEmpty())
        return usage(QStringLiteral("--report: give a file name"));
    const auto query = plan.query();
    if (query.names.size() > Protocol::AdminNodeFactsQuery::MaxNames)
        return usage(QStringLiteral("too many names to check"));

    QByteArray password;
    Client::AdminClient clients[2];
    Setup::NodeFacts facts[2];
    for (int i = 0; i < 2; ++i) {
        int rc = ExitOk;
        clients[i].setTimeout(10000);
        if (!Tlctl::connectToNode(&clients[i], nodes[i], parser.isSet(acceptNew), &rc, &password)) {
            password.fill('\0');
            return rc == ExitUsage ? ExitUsage : ExitNeedsFixing;
        }
        facts[i].node = hosts[i];
        const auto answer = askFacts(&clients[i], nodes[i], query);
        if (!answer) {
            password.fill('\0');
            return ExitNeedsFixing;
        }
        facts[i].facts = *answer;
    }
    password.fill('\0');

    const Setup::NodeFacts here = resolveHere(query.names);
    const Setup::Report result = Setup::Report::check(plan, facts[0], facts[1], &here);
    const QByteArray jsonText = result.jsonText();
    const QString text = result.text();
    if (parser.isSet(json))
        std::fputs(jsonText.constData(), stdout);
    else
        std::fputs(qPrintable(text), stdout);
    std::fflush(stdout);
    if (!reportBase.isEmpty()
        && !(writeFile(reportBase + QStringLiteral(".txt"), text.toUtf8())
             && writeFile(reportBase + QStringLiteral(".json"), jsonText)))
        return ExitNeedsFixing;
    return result.allFine() ? ExitOk : ExitNeedsFixing;
}

} // namespace HaSetup
