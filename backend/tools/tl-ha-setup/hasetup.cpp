#include "backend/tools/tl-ha-setup/hasetup.h"

#include "backend/client/adminclient.h"
#include "backend/client/failoverdrill.h"
#include "backend/setup/apply.h"
#include "backend/setup/checks.h"
#include "backend/setup/keepalived.h"
#include "backend/setup/localnames.h"
#include "backend/tools/tlctl/nodeaccess.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <unistd.h>

namespace HaSetup {

namespace {

enum Exit { ExitOk = 0, ExitNeedsFixing = 1, ExitUsage = 2 };

// Check, apply, check again: at most this often (step 7 waits for steps 4 and 5's fixes).
constexpr int MaxRounds = 5;
constexpr int SettleMs = 10000;

const char *Usage
    = "usage: tl-ha-setup --node PRIMARY[:PORT] --node SECONDARY[:PORT] [--resource NAME]\n"
      "                   [--ha-nodes \"A B\"] [--json] [--report FILE] [--dry-run] [--yes]\n"
      "                   [--drill] [--accept-new-fingerprint]\n"
      "\n"
      "Checks two installed OpenVSM servers before they become an HA pair, step by step as the\n"
      "seed's HA guide asks, on the nodes themselves (the admin API of each, as tlctl --node):\n"
      "  1  nodes and resource name: each name resolved on both nodes, forward and reverse, and\n"
      "     on this machine, side by side; disagreement, loopback answers (with the /etc/hosts\n"
      "     line to change), uname -n that is no entry of HA/nodes\n"
      "  2  node identity, predicted: which HA/nodes entry each node would take as itself (the\n"
      "     rule vsmserver applies); both must agree and be complementary\n"
      "  3  SSH host keys: the sshd host key fingerprints per key type of both nodes must match\n"
      "     (read from each node's /etc/ssh)\n"
      "  4  agents: the union of both nodes' terminalservers; each must be reachable, trust both\n"
      "     nodes (its allowed_clients, resolved on the agent) and have master_hostname NAME\n"
      "  5  configuration identity: the parameters the HA configuration digest compares, side by\n"
      "     side; loopback terminalservers are refused\n"
      "  6  cluster key (recommended): the same key on both nodes and every agent, required, and\n"
      "     used by the replication link and every agent link\n"
      "  7  enable HA: HA/enabled=1 and HA/nodes on both, running, the replication link up\n"
      "  8  keepalived: each node's keepalived.conf generated from the shipped example (its\n"
      "     interface, priority, the resource IP) and compared with the installed one\n"
      "  9  verify (--drill): once everything is fine, the failover drill with move-back (as\n"
      "     tlctl ha drill --move-back); its timeline goes into the report\n"
      "Each finding has a stable id, what was found and the exact fix proposed. Where tl-ha-setup\n"
      "can fix it itself through the admin API it proposes an action (shown with every request it\n"
      "makes): copying the primary's sshd host keys to the secondary and reloading its sshd (3,\n"
      "only when both have the same key types; the private keys travel only over the admin API's\n"
      "TLS links, the replaced ones are kept in /etc/ssh/openvsm-backup-DATE), copying a\n"
      "parameter from the primary to the secondary (5), letting an agent trust both nodes\n"
      "through a node it already trusts (4), rolling out a cluster key (6: the primary's or a\n"
      "new one to every agent and both nodes, first alongside certificate TLS, vsmserver\n"
      "restarted on the secondary then the primary, every link checked; then required, the\n"
      "same restarts and checks), enabling HA on both and restarting vsmserver there, then\n"
      "waiting for the link (6 and 7 only once 1, 2, 4 and 5 have no error), installing each\n"
      "node's keepalived.conf once HA runs and waiting for the resource IP on the primary (8).\n"
      "On a terminal it asks y/N for each action; --yes applies them all, --dry-run only shows\n"
      "them. After changes everything is checked again. Without a terminal and without --yes\n"
      "nothing is changed. Never changed here: /etc/hosts and host names (1).\n"
      "\n"
      "Options:\n"
      "  --node HOST[:PORT]        a node's admin API (default port 9002); twice: the primary first\n"
      "  --resource NAME           the resource name clients use (default: tlha)\n"
      "  --ha-nodes \"A B\"          the proposed /vsmserver/HA/nodes (default: the two --node hosts)\n"
      "  --json                    print the report as JSON on stdout\n"
      "  --report FILE             also save the report: FILE.txt (text) and FILE.json (JSON),\n"
      "                            and each node's generated FILE.keepalived-NODE.conf;\n"
      "                            a .txt or .json ending of FILE is dropped first\n"
      "  --dry-run                 show the actions, change nothing\n"
      "  --yes                     apply every action without asking\n"
      "  --drill                   at the end, run the failover drill (step 9: the resource IP\n"
      "                            moves to the secondary and back; asked on a terminal)\n"
      "  --accept-new-fingerprint  trust and pin a node's new or changed admin certificate\n"
      "  -h, --help                show this help\n"
      "\n"
      "A node's admin certificate is pinned in ~/.config/openvsm/known_nodes on first use (asked on\n"
      "a terminal). The admin password is read from the file OPENVSM_ADMIN_PASSWORD_FILE names,\n"
      "else asked once on the terminal, and sent only to trusted nodes.\n"
      "\n"
      "Exit status: 0 all fine at the end (warnings allowed), 1 something still needs fixing, an\n"
      "action failed or a node could not be asked, 2 usage error.\n";

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

// Both nodes' facts for every step (Setup::gatherNode) and the names as this machine resolves and
// scans them (Setup::resolveHere), all asked at once and waited for here; false with the reason on
// stderr when a node could not be asked. A scan of a name nobody answers for (the resource IP
// before keepalived runs) takes ssh-keyscan's whole timeout, on a node and here alike.
bool gather(Client::AdminClient *clients, const Setup::Plan &plan, Setup::NodeFacts *facts,
            Setup::NodeFacts *here)
{
    QEventLoop loop;
    int open = 3;
    bool ok = true;
    const QString hosts[2] = { plan.primary, plan.secondary };
    const Protocol::AdminNodeFactsQuery query = plan.query();
    for (int i = 0; i < 2; ++i) {
        Setup::gatherNode(&clients[i], hosts[i], query, &loop,
                          [&, i](const Setup::NodeFacts &answer, const QString &error) {
                              facts[i] = answer;
                              if (!error.isEmpty()) {
                                  std::fprintf(stderr, "tl-ha-setup: %s: %s\n", qPrintable(hosts[i]),
                                               qPrintable(error));
                                  ok = false;
                              }
                              if (--open == 0)
                                  loop.quit();
                          });
    }
    Setup::resolveHere(query, &loop, [&](const Setup::NodeFacts &answer) {
        *here = answer;
        if (--open == 0)
            loop.quit();
    });
    loop.exec();
    return ok;
}

// After changes the nodes reload and connect to agents they did not have: waits (at most
// SettleMs) until every agent each node lists is reachable from it, so that the check after the
// changes sees them settled. A truly unreachable agent is reported by that check.
void settle(Client::AdminClient *clients)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < SettleMs) {
        bool settled = true;
        for (int i = 0; i < 2; ++i) {
            QEventLoop loop;
            clients[i].call<Protocol::CtlLoadList>(
                Protocol::MessageType::AdminAgentList, {}, &loop,
                [&](std::optional<Protocol::CtlLoadList> list, const QString &) {
                    settled = settled && list
                        && std::all_of(list->agents.cbegin(), list->agents.cend(),
                                       [](const Protocol::CtlAgentLoad &a) { return a.reachable; });
                    loop.quit();
                });
            loop.exec();
        }
        if (settled)
            return;
        QEventLoop pause;
        QTimer::singleShot(500, &pause, &QEventLoop::quit);
        pause.exec();
    }
}

// What the command line asked for.
struct Options {
    Setup::Plan plan;
    QStringList nodes; // as given: HOST[:PORT]
    quint16 ports[2] = { 0, 0 };
    bool json = false;
    bool dryRun = false;
    bool yes = false;
    bool acceptNew = false;
    bool drill = false;
    QString reportBase;
};

// Parses the arguments into *options; an exit code when done already (help, usage error).
std::optional<int> parseArguments(const QStringList &arguments, Options *options)
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
    const QCommandLineOption drill(QStringLiteral("drill"), QStringLiteral("Run the failover drill."));
    const QCommandLineOption acceptNew(QStringLiteral("accept-new-fingerprint"),
                                       QStringLiteral("Trust new or changed admin certificates."));
    const QCommandLineOption help(QStringList { QStringLiteral("h"), QStringLiteral("help") },
                                  QStringLiteral("Show this help."));
    for (const auto &o : { node, resource, haNodes, json, report, dryRun, yes, drill, acceptNew, help })
        parser.addOption(o);
    if (!parser.parse(QStringList { QStringLiteral("tl-ha-setup") } + arguments))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        std::fputs(Usage, stdout);
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    if (parser.isSet(dryRun) && parser.isSet(yes))
        return usage(QStringLiteral("--dry-run and --yes contradict each other: give one"));
    if (parser.isSet(dryRun) && parser.isSet(drill))
        return usage(QStringLiteral("--drill moves the resource IP, --dry-run changes nothing: give one"));
    options->nodes = parser.values(node);
    if (options->nodes.size() != 2)
        return usage(
            QStringLiteral("give both nodes, the primary first: --node PRIMARY --node SECONDARY (got %1)")
                .arg(options->nodes.size()));
    Setup::Plan &plan = options->plan;
    QString hosts[2];
    for (int i = 0; i < 2; ++i) {
        QString error;
        if (!Client::AdminClient::parseNode(options->nodes[i], &hosts[i], &options->ports[i], &error))
            return usage(QStringLiteral("--node %1: %2").arg(options->nodes[i], error));
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
    options->reportBase = Setup::Report::fileBase(parser.value(report));
    if (parser.isSet(report) && options->reportBase.isEmpty())
        return usage(QStringLiteral("--report: give a file name"));
    if (plan.query().names.size() > Protocol::AdminNodeFactsQuery::MaxNames)
        return usage(QStringLiteral("too many names to check"));
    options->json = parser.isSet(json);
    options->dryRun = parser.isSet(dryRun);
    options->yes = parser.isSet(yes);
    options->acceptNew = parser.isSet(acceptNew);
    options->drill = parser.isSet(drill);
    return std::nullopt;
}

// Step 8's generated keepalived.conf of each node beside the report: FILE.keepalived-NODE.conf.
bool writeKeepalived(const Options &options, const Setup::NodeFacts *facts)
{
    for (int i = 0; i < 2; ++i) {
        const auto conf = Setup::Keepalived::generatedFor(options.plan, facts[i], i);
        if (conf
            && !writeFile(QStringLiteral("%1.keepalived-%2.conf").arg(options.reportBase, facts[i].node),
                          conf->toUtf8()))
            return false;
    }
    return true;
}

// y/N on the terminal for one action (its every request shown).
bool confirm(const Setup::Action &action)
{
    std::fprintf(stderr, "\n%s\n", qPrintable(action.text));
    for (const Setup::Operation &op : action.operations)
        std::fprintf(stderr, "  - %s\n", qPrintable(op.what));
    std::fputs("Apply? [y/N] ", stderr);
    std::fflush(stderr);
    char line[64] = {};
    if (!std::fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

// Applies one action with Setup::Applier, its progress on stderr; "" or why it failed.
QString applyAction(Client::AdminClient *clients, const Options &options, const QByteArray &password,
                    const Setup::Action &action)
{
    QEventLoop loop;
    QString failure;
    const QString hosts[2] = { options.plan.primary, options.plan.secondary };
    Setup::Applier applier({ &clients[0], &clients[1] }, [&](int node) {
        clients[node].connectToNode(hosts[node], options.ports[node], password);
    });
    QObject::connect(&applier, &Setup::Applier::progress, &loop, [](const QString &what) {
        std::fprintf(stderr, "tl-ha-setup: %s\n", qPrintable(what));
    });
    QObject::connect(&applier, &Setup::Applier::finished, &loop, [&](const QString &error) {
        failure = error;
        loop.quit();
    });
    applier.apply(action);
    loop.exec();
    std::fprintf(stderr, "tl-ha-setup: %s: %s\n", qPrintable(action.id),
                 failure.isEmpty() ? "done" : qPrintable(QStringLiteral("FAILED: %1").arg(failure)));
    return failure;
}

// Step 9: the failover drill with move-back (as tlctl ha drill --move-back), its timeline on stderr
// as it happens; the pair ends as it started.
Setup::DrillResult runDrill(Client::AdminClient *clients, const Setup::Plan &plan)
{
    Client::FailoverDrill::Options options;
    options.moveBack = true;
    options.clusterName = plan.resource;
    Client::FailoverDrill drill(&clients[0], &clients[1], options);
    QEventLoop loop;
    QObject::connect(&drill, &Client::FailoverDrill::step, &loop,
                     [](const QString &, qint64 ms, bool ok, const QString &detail) {
                         std::fprintf(stderr, "tl-ha-setup: drill: +%5lld ms  %s%s\n",
                                      static_cast<long long>(ms), ok ? "" : "FAILED: ", qPrintable(detail));
                     });
    QObject::connect(&drill, &Client::FailoverDrill::finished, &loop, [&loop]() { loop.quit(); });
    drill.start();
    if (drill.isRunning())
        loop.exec();
    return { drill.succeeded(), drill.reportText(), drill.reportJson() };
}

// --drill at the end: only on a pair without errors, and (on a terminal without --yes) once confirmed.
void maybeDrill(Client::AdminClient *clients, const Options &options, bool act, Setup::Report *result)
{
    if (!options.drill)
        return;
    if (!result->allFine()) {
        std::fprintf(stderr, "tl-ha-setup: the failover drill (--drill) was not run: fix the errors first\n");
        return;
    }
    const Setup::Action drill { QStringLiteral("drill"),
                                QStringLiteral(
                                    "run the failover drill: %1 steps down, %2 must take the resource "
                                    "IP and every session, then the same back")
                                    .arg(options.plan.primary, options.plan.secondary),
                                {} };
    if (act && (options.yes || confirm(drill)))
        result->setDrill(runDrill(clients, options.plan));
}

} // namespace

int run(const QStringList &arguments)
{
    Options options;
    if (const auto rc = parseArguments(arguments, &options))
        return *rc;
    const bool terminal = ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO);
    const bool act = !options.dryRun && (options.yes || terminal);
    QByteArray password;
    Client::AdminClient clients[2];
    for (int i = 0; i < 2; ++i) {
        int rc = ExitOk;
        clients[i].setTimeout(10000);
        if (!Tlctl::connectToNode(&clients[i], options.nodes[i], options.acceptNew, &rc, &password)) {
            password.fill('\0');
            return rc == ExitUsage ? ExitUsage : ExitNeedsFixing;
        }
    }
    // Check, apply what was confirmed, check again; until a check proposes nothing new.
    Setup::Report result;
    QStringList changed, failed, declined;
    Setup::NodeFacts facts[2];
    for (int round = 0; round < MaxRounds; ++round) {
        Setup::NodeFacts here;
        if (!gather(clients, options.plan, facts, &here)) {
            password.fill('\0');
            return ExitNeedsFixing;
        }
        result = Setup::Report::check(options.plan, facts[0], facts[1], &here);
        result.changed = changed;
        const bool asking = act && !options.yes && !result.actions().isEmpty();
        if (round == 0 && asking && !options.json) {
            // What was found first, then the questions; the report after the changes follows.
            std::fputs(qPrintable(result.text()), stdout);
            std::fflush(stdout);
        }
        int applied = 0;
        bool reloaded = false; // a node reloaded its configuration: its agents need a moment
        for (const Setup::Action &action : result.actions()) {
            if (!act || declined.contains(action.id) || failed.contains(action.id))
                continue;
            if (!options.yes && !confirm(action)) {
                declined.append(action.id);
                continue;
            }
            if (!applyAction(clients, options, password, action).isEmpty()) {
                failed.append(action.id);
                continue;
            }
            changed += action.lines();
            ++applied;
            reloaded = reloaded || !action.id.startsWith(QLatin1String("sshkeys."));
        }
        if (applied == 0)
            break;
        if (reloaded)
            settle(clients);
    }
    password.fill('\0');
    maybeDrill(clients, options, act, &result);
    const int proposed = static_cast<int>(result.actions().size());
    if (options.dryRun || (!act && proposed > 0))
        std::fprintf(stderr, "tl-ha-setup: %d action(s) proposed%s; nothing was changed\n", proposed,
                     options.dryRun ? " (--dry-run)" : " (not on a terminal: give --yes to apply them)");
    const QByteArray jsonText = result.jsonText();
    const QString text = result.text();
    std::fputs(options.json ? jsonText.constData() : qPrintable(text), stdout);
    std::fflush(stdout);
    if (!options.reportBase.isEmpty()
        && !(writeFile(options.reportBase + QStringLiteral(".txt"), text.toUtf8())
             && writeFile(options.reportBase + QStringLiteral(".json"), jsonText)
             && writeKeepalived(options, facts)))
        return ExitNeedsFixing;
    return result.allFine() && failed.isEmpty() ? ExitOk : ExitNeedsFixing;
}

} // namespace HaSetup
