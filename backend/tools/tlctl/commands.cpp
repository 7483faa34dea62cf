#include "backend/tools/tlctl/commands.h"

#include "backend/client/adminclient.h"
#include "backend/client/localclient.h"
#include "backend/tools/tlctl/haformat.h"
#include "backend/tools/tlctl/nodeaccess.h"
#include "backend/tools/tlctl/tlctlformat.h"
#include "shared/paths/paths.h"
#include "shared/protocol/adminmessages.h"
#include "shared/protocol/fields.h"

#include <QCborArray>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <unistd.h>

namespace Tlctl {

namespace {

using Protocol::MessageType;

void out(const QString &text)
{
    std::fputs(qPrintable(text), stdout);
}

int fail(const QString &why)
{
    std::fprintf(stderr, "tlctl: %s\n", qPrintable(why));
    return ExitFailed;
}

// Where the requests go: this node's vsmserver or a node's admin API. Both serve the admin API's
// requests (the local socket to root only), so a command is written once.
class Target {
public:
    virtual ~Target() = default;
    // One request; its answer in *reply, or the reason on stderr and the exit code.
    virtual int call(MessageType type, const QCborMap &body, QCborMap *reply) = 0;
    // Every session matching filter, oldest first: the admin API's pages, each asked after the
    // page before's last id (CtlSessionList is one answer, one frame: some 14,000 sessions at
    // most).
    int listSessions(const Protocol::CtlSessionFilter &filter, QList<Protocol::CtlSession> *sessions)
    {
        std::optional<Protocol::AdminSessionQuery> query = Protocol::AdminSessionQuery {};
        query->filter = filter;
        query->afterId = QString(); // from the first
        sessions->clear();
        while (query) {
            Protocol::AdminSessionPage page;
            if (const int rc = ask(MessageType::AdminSessionList, query->toCbor(), &page))
                return rc;
            *sessions += page.sessions;
            query = query->next(page);
        }
        std::stable_sort(sessions->begin(), sessions->end(),
                         [](const Protocol::CtlSession &a, const Protocol::CtlSession &b) {
                             return a.record.created < b.record.created;
                         });
        return ExitOk;
    }

    // call() with the answer read as its struct.
    template<typename T> int ask(MessageType type, const QCborMap &body, T *answer)
    {
        QCborMap reply;
        if (const int rc = call(type, body, &reply))
            return rc;
        QString error;
        auto value = T::fromCbor(reply, &error);
        if (!value)
            return fail(QStringLiteral("unexpected answer: %1").arg(error));
        *answer = std::move(*value);
        return ExitOk;
    }
};

// vsmserver's Unix socket on this machine.
class LocalTarget final : public Target {
public:
    explicit LocalTarget(const QString &socket) : m_socket(socket) { }

    int call(MessageType type, const QCborMap &body, QCborMap *reply) override
    {
        const auto r = Client::LocalClient::request(m_socket, QStringLiteral("tlctl"), type, body, TimeoutMs);
        if (r.status == Client::LocalClient::Status::Ok) {
            *reply = r.body;
            return ExitOk;
        }
        std::fprintf(stderr, "tlctl: %s\n", qPrintable(r.error));
        return r.status == Client::LocalClient::Status::Refused ? ExitFailed : ExitUnreachable;
    }

private:
    static constexpr int TimeoutMs = 120000;
    QString m_socket;
};

// A node's admin API (--node): logged in once, then asked.
class NodeTarget final : public Target {
public:
    int open(const QString &node, bool acceptNew)
    {
        int rc = ExitOk;
        return connectToNode(&m_client, node, acceptNew, &rc) ? ExitOk : rc;
    }

    int call(MessageType type, const QCborMap &body, QCborMap *reply) override
    {
        QEventLoop loop;
        QString error;
        m_client.request(type, body, &loop, [&](const QCborMap &b, const QString &e) {
            *reply = b;
            error = e;
            loop.quit();
        });
        loop.exec();
        return error.isEmpty() ? ExitOk : fail(error);
    }

private:
    Client::AdminClient m_client;
};

// Every option of every command; each command's help says which it takes.
struct Options {
    QCommandLineOption node { QStringLiteral("node"),
                              QStringLiteral("Run the command on this node over its admin API instead of "
                                             "the local vsmserver (twice for ha drill)."),
                              QStringLiteral("HOST[:PORT]") };
    QCommandLineOption acceptNew { QStringLiteral("accept-new-fingerprint"),
                                   QStringLiteral("Trust and pin the node's certificate although it is new "
                                                  "(not asked without a terminal) or changed.") };
    QCommandLineOption socket { QStringLiteral("socket"), QStringLiteral("vsmserver's socket."),
                                QStringLiteral("PATH"), Paths::serverSocket() };
    QCommandLineOption json { QStringLiteral("json"), QStringLiteral("JSON output.") };
    QCommandLineOption user { QStringLiteral("user"), QStringLiteral("Only this user's sessions."),
                              QStringLiteral("USER") };
    QCommandLineOption agent { QStringLiteral("agent"), QStringLiteral("Only sessions on this agent."),
                               QStringLiteral("AGENT") };
    QCommandLineOption display { QStringLiteral("display"), QStringLiteral("Only sessions on this display."),
                                 QStringLiteral("N") };
    QCommandLineOption all { QStringLiteral("all"), QStringLiteral("session terminate: every session.") };
    QCommandLineOption terminated { QStringLiteral("terminated"),
                                    QStringLiteral("session list: also the records the node keeps of "
                                                   "terminated sessions (tombstones).") };
    QCommandLineOption yes { QStringList { QStringLiteral("y"), QStringLiteral("yes") },
                             QStringLiteral("Do not ask for confirmation.") };
    QCommandLineOption seconds { QStringLiteral("seconds"),
                                 QStringLiteral("ha step-down: how long (default 30, 0 ends it)."),
                                 QStringLiteral("N") };
    QCommandLineOption after { QStringLiteral("after"),
                               QStringLiteral("event list: only the entries after this number."),
                               QStringLiteral("N") };
    QCommandLineOption allowed { QStringLiteral("allowed-clients"),
                                 QStringLiteral("agent set: the new allowed_clients (space separated)."),
                                 QStringLiteral("LIST") };
    QCommandLineOption master { QStringLiteral("master-hostname"),
                                QStringLiteral("agent set: the new master_hostname."),
                                QStringLiteral("NAME") };
    QCommandLineOption moveBack { QStringLiteral("move-back"),
                                  QStringLiteral("ha drill: move the resource back afterwards.") };
    QCommandLineOption report { QStringLiteral("report"),
                                QStringLiteral("ha drill: save the report (.json: as JSON)."),
                                QStringLiteral("FILE") };
    QCommandLineOption stepDownSeconds { QStringLiteral("step-down-seconds"),
                                         QStringLiteral("ha drill: how long a step-down lasts at most."),
                                         QStringLiteral("N") };
    QCommandLineOption help { QStringList { QStringLiteral("h"), QStringLiteral("help") },
                              QStringLiteral("Show this help.") };
    QCommandLineOption version { QStringList { QStringLiteral("v"), QStringLiteral("version") },
                                 QStringLiteral("Show the version.") };

    QList<QCommandLineOption> list() const
    {
        return { node,    acceptNew,       socket,  json,       user,
                 agent,   display,         all,     terminated, yes,
                 seconds, after,           allowed, master,     moveBack,
                 report,  stepDownSeconds, help,    version };
    }
    void addTo(QCommandLineParser *parser) const
    {
        for (const QCommandLineOption &o : list())
            parser->addOption(o);
    }
};

struct Context {
    const QCommandLineParser &parser;
    const Options &options;
    QStringList args; // the words after the command's name
    std::unique_ptr<Target> target;

    bool isSet(const QCommandLineOption &o) const { return parser.isSet(o); }
    QString value(const QCommandLineOption &o) const { return parser.value(o); }
    bool json() const { return parser.isSet(options.json); }
};

int usage(const QString &why);

enum class Where {
    Anywhere, // the local vsmserver, or --node
    ThisNode, // the local vsmserver only (keepalived's hooks)
    NoServer, // this machine's files, no vsmserver needed
    BothNodes, // --node A --node B
};

struct Command {
    QString name;
    QStringList aliases; // older names, still accepted
    QString synopsis; // what follows the name
    QString help;
    Where where;
    int (*run)(Context &);
};

const QList<Command> &commands();

// ---- the commands ----

int status(Context &c)
{
    if (!c.args.isEmpty())
        return usage(QStringLiteral("status takes no arguments"));
    Protocol::AdminStatus s;
    if (const int rc = c.target->ask(MessageType::AdminStatus, {}, &s))
        return rc;
    if (c.json()) {
        out(QString::fromUtf8(toJson(QCborArray { s.toCbor() })));
        return ExitOk;
    }
    out(table({ { QStringLiteral("node"), s.node },
                { QStringLiteral("version"), s.version },
                { QStringLiteral("uptime"), formatAge(s.uptime) },
                { QStringLiteral("sessions"), QString::number(s.sessions) },
                { QStringLiteral("agents"),
                  QStringLiteral("%1 of %2 reachable").arg(s.agentsReachable).arg(s.agents) },
                { QStringLiteral("HA"), s.haState },
                { QStringLiteral("certificate"), s.fingerprint } }));
    return ExitOk;
}

int sessionList(Context &c)
{
    if (!c.args.isEmpty())
        return usage(QStringLiteral("session list takes no arguments"));
    Protocol::CtlSessionFilter filter;
    filter.user = c.value(c.options.user);
    filter.agent = c.value(c.options.agent);
    filter.terminated = c.isSet(c.options.terminated);
    if (c.isSet(c.options.display)) {
        bool ok = false;
        const int n = c.value(c.options.display).remove(QLatin1Char(':')).toInt(&ok);
        if (!ok || n < 0)
            return usage(QStringLiteral("--display takes a display number, for example 10 or :10"));
        filter.display = n;
    }
    QList<Protocol::CtlSession> sessions;
    if (const int rc = c.target->listSessions(filter, &sessions))
        return rc;
    out(c.json() ? QString::fromUtf8(toJson(Protocol::toCborArray(sessions))) : sessionTable(sessions));
    return ExitOk;
}

// Asks on the terminal before ending many sessions at once; false: do not.
bool confirmed(const QString &what, int *rc)
{
    if (!::isatty(STDIN_FILENO)) {
        std::fprintf(stderr, "tlctl: terminating %s needs -y when not run from a terminal\n",
                     qPrintable(what));
        *rc = ExitUsage;
        return false;
    }
    std::fprintf(stderr, "Terminate %s? [y/N] ", qPrintable(what));
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed().toLower();
    if (answer == QLatin1String("y") || answer == QLatin1String("yes"))
        return true;
    std::fprintf(stderr, "tlctl: nothing terminated\n");
    *rc = ExitFailed;
    return false;
}

int sessionTerminate(Context &c)
{
    const bool all = c.isSet(c.options.all);
    const bool byUser = c.isSet(c.options.user);
    if ((c.args.isEmpty() ? 0 : 1) + (byUser ? 1 : 0) + (all ? 1 : 0) != 1)
        return usage(
            QStringLiteral("session terminate needs exactly one of: session ids, --user USER, --all"));
    Protocol::CtlTerminate request;
    request.all = all;
    request.user = byUser ? c.value(c.options.user) : QString();
    request.ids = c.args;
    const QString what = all ? QStringLiteral("ALL sessions")
        : byUser             ? QStringLiteral("every session of %1").arg(request.user)
                             : QStringLiteral("%1 session(s)").arg(c.args.size());
    int rc = ExitOk;
    if ((all || byUser) && !c.isSet(c.options.yes) && !confirmed(what, &rc))
        return rc;
    Protocol::Terminated reply;
    if ((rc = c.target->ask(MessageType::AdminSessionTerminate, request.toCbor(), &reply)))
        return rc;
    for (const QString &id : std::as_const(reply.terminated))
        std::printf("terminated %s\n", qPrintable(id));
    for (const QString &e : std::as_const(reply.errors))
        std::fprintf(stderr, "tlctl: %s\n", qPrintable(e));
    return reply.errors.isEmpty() ? ExitOk : ExitFailed;
}

int eventList(Context &c)
{
    if (!c.args.isEmpty())
        return usage(QStringLiteral("event list takes no arguments"));
    Protocol::AdminEventLogQuery query;
    if (c.isSet(c.options.after)) {
        bool ok = false;
        query.after = c.value(c.options.after).toLongLong(&ok);
        if (!ok || query.after < 0)
            return usage(QStringLiteral("--after takes an entry number (the first column of event list)"));
    }
    Protocol::AdminEventLog log;
    if (const int rc = c.target->ask(MessageType::AdminEventLog, query.toCbor(), &log))
        return rc;
    out(c.json() ? QString::fromUtf8(toJson(Protocol::toCborArray(log.entries))) : eventTable(log.entries));
    return ExitOk;
}

int agentList(Context &c)
{
    if (!c.args.isEmpty())
        return usage(QStringLiteral("agent list takes no arguments"));
    Protocol::CtlLoadList list;
    if (const int rc = c.target->ask(MessageType::AdminAgentList, {}, &list))
        return rc;
    out(c.json() ? QString::fromUtf8(toJson(Protocol::toCborArray(list.agents))) : loadTable(list.agents));
    return ExitOk;
}

int agentConfig(Context &c)
{
    if (c.args.size() != 1)
        return usage(QStringLiteral("agent config takes one agent"));
    Protocol::AgentConfig config;
    if (const int rc = c.target->ask(MessageType::AdminAgentGetConfig,
                                     Protocol::AdminAgentConfig { c.args.first(), {} }.toCbor(), &config))
        return rc;
    if (c.json()) {
        out(QString::fromUtf8(toJson(QCborArray { config.toCbor() })));
        return ExitOk;
    }
    out(table({ { QStringLiteral("allowed_clients"),
                  config.allowedClients.value_or(QStringList()).join(QLatin1Char(' ')) },
                { QStringLiteral("master_hostname"), config.masterHostname.value_or(QString()) } }));
    return ExitOk;
}

int agentSet(Context &c)
{
    if (c.args.size() != 1)
        return usage(QStringLiteral("agent set takes one agent"));
    Protocol::AdminAgentConfig change { c.args.first(), {} };
    if (c.isSet(c.options.allowed))
        change.change.allowedClients = c.value(c.options.allowed).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (c.isSet(c.options.master))
        change.change.masterHostname = c.value(c.options.master);
    if (change.change.isEmpty())
        return usage(QStringLiteral("agent set needs --allowed-clients and/or --master-hostname"));
    QCborMap reply;
    if (const int rc = c.target->call(MessageType::AdminAgentSetConfig, change.toCbor(), &reply))
        return rc;
    std::printf("agent %s changed\n", qPrintable(change.agent));
    return ExitOk;
}

int terminalServersGet(Context &c)
{
    if (!c.args.isEmpty())
        return usage(QStringLiteral("terminalservers get takes no arguments"));
    Protocol::AdminTerminalServers reply;
    if (const int rc = c.target->ask(MessageType::AdminGetTerminalServers, {}, &reply))
        return rc;
    out(c.json() ? QString::fromUtf8(toJson(QCborArray { reply.toCbor() }))
                 : reply.terminalservers.join(QLatin1Char(' ')) + QLatin1Char('\n'));
    return ExitOk;
}

int terminalServersSet(Context &c)
{
    if (c.args.isEmpty())
        return usage(QStringLiteral("terminalservers set needs at least one entry"));
    Protocol::AdminTerminalServers change;
    change.terminalservers = c.args;
    Protocol::AdminTerminalServers reply;
    if (const int rc = c.target->ask(MessageType::AdminSetTerminalServers, change.toCbor(), &reply))
        return rc;
    if (!reply.warning.isEmpty())
        std::fprintf(stderr, "tlctl: warning: %s\n", qPrintable(reply.warning));
    std::printf("terminalservers set to: %s\n", qPrintable(reply.terminalservers.join(QLatin1Char(' '))));
    return ExitOk;
}

int haStatus(Context &c)
{
    if (!c.args.isEmpty())
        return usage(QStringLiteral("ha status takes no arguments"));
    Protocol::AdminStatus s;
    if (const int rc = c.target->ask(MessageType::AdminStatus, {}, &s))
        return rc;
    if (!s.ha)
        return fail(s.haState);
    out(c.json() ? haStatusJson(*s.ha) : haStatusText(*s.ha));
    return ExitOk;
}

int haGet(Context &c)
{
    if (!c.args.isEmpty())
        return usage(QStringLiteral("ha get takes no arguments"));
    Protocol::AdminHaConfig config;
    if (const int rc = c.target->ask(MessageType::AdminGetHaConfig, {}, &config))
        return rc;
    if (c.json()) {
        out(QString::fromUtf8(toJson(QCborArray { config.toCbor() })));
        return ExitOk;
    }
    QList<QStringList> rows;
    for (auto it = config.params.constBegin(); it != config.params.constEnd(); ++it)
        rows.append({ it.key(), it.value() });
    out(table(rows));
    return ExitOk;
}

int haSet(Context &c)
{
    if (c.args.isEmpty())
        return usage(QStringLiteral("ha set needs PARAM=VALUE arguments"));
    Protocol::AdminHaConfig change;
    for (const QString &a : std::as_const(c.args)) {
        const auto eq = a.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return usage(QStringLiteral("'%1': expected PARAM=VALUE").arg(a));
        QString path = a.left(eq);
        if (!path.startsWith(QLatin1Char('/')))
            path = QStringLiteral("/vsmserver/HA/") + path;
        change.params.insert(path, a.mid(eq + 1));
    }
    QCborMap reply;
    if (const int rc = c.target->call(MessageType::AdminSetHaConfig, change.toCbor(), &reply))
        return rc;
    std::printf("HA parameters written; vsmserver reloaded its configuration\n");
    return ExitOk;
}

int haStepDown(Context &c)
{
    if (!c.args.isEmpty())
        return usage(QStringLiteral("ha step-down takes no arguments besides --seconds"));
    Protocol::AdminStepDown request;
    request.seconds = 30;
    if (c.isSet(c.options.seconds)) {
        bool ok = false;
        request.seconds = c.value(c.options.seconds).toLongLong(&ok);
        if (!ok || *request.seconds < 0)
            return usage(QStringLiteral("--seconds needs a number of seconds (0 ends a step-down)"));
    }
    QCborMap reply;
    if (const int rc = c.target->call(MessageType::AdminHaStepDown, request.toCbor(), &reply))
        return rc;
    if (*request.seconds > 0)
        out(QStringLiteral("stepping down: tlctl ha health reports 'not fit' for %1 s\n")
                .arg(*request.seconds));
    else
        out(QStringLiteral("step-down ended\n"));
    return ExitOk;
}

int haHealth(Context &c)
{
    if (!c.args.isEmpty())
        return usage(QStringLiteral("ha health takes no arguments"));
    Protocol::CtlHealth health;
    if (const int rc = c.target->ask(MessageType::CtlHealth, {}, &health))
        return rc;
    if (health.fit) {
        out(QStringLiteral("ok\n"));
        return ExitOk;
    }
    std::fprintf(stderr, "tlctl: not fit to serve: %s\n", qPrintable(health.reason));
    return ExitFailed;
}

int haNotify(Context &c)
{
    // keepalived calls notify scripts with GROUP|INSTANCE NAME STATE PRIORITY appended.
    std::optional<Protocol::HaRole> role;
    for (const QString &a : std::as_const(c.args)) {
        const auto r = Protocol::parseHaRole(a);
        if (r && *r != Protocol::HaRole::Unknown) {
            role = r;
            break;
        }
    }
    if (!role)
        return usage(QStringLiteral("ha notify needs one of MASTER BACKUP FAULT STOP"));
    QCborMap reply;
    return c.target->call(MessageType::CtlHaRole, Protocol::CtlHaRole { *role }.toCbor(), &reply);
}

int haDrill(Context &c)
{
    if (!c.args.isEmpty())
        return usage(QStringLiteral("ha drill takes no arguments besides its options"));
    return drill(c.parser.values(c.options.node), c.isSet(c.options.acceptNew), c.json(),
                 c.isSet(c.options.moveBack), c.value(c.options.report), c.value(c.options.stepDownSeconds));
}

int adminSetPassword(Context &c)
{
    return c.args.isEmpty() ? setPassword() : usage(QStringLiteral("admin set-password takes no arguments"));
}

int adminFingerprint(Context &c)
{
    return c.args.isEmpty() ? printFingerprint()
                            : usage(QStringLiteral("admin fingerprint takes no arguments"));
}

QString whereText(Where where)
{
    switch (where) {
    case Where::Anywhere:
        return QStringLiteral("Runs on this node's vsmserver (as root), or on --node over the admin API.");
    case Where::ThisNode:
        return QStringLiteral("Runs on this node's vsmserver only (as root; not with --node).");
    case Where::NoServer:
        return QStringLiteral("Works on this machine's files (as root; not with --node).");
    case Where::BothNodes:
        return QStringLiteral("Needs both nodes: --node A --node B.");
    }
    return {};
}

int help(Context &c);

// The table (data, not code: one entry per command, in the order `tlctl help` lists them).
const QList<Command> CommandTable {
    { QStringLiteral("status"),
      {},
      QStringLiteral("[--json]"),
      QStringLiteral("The node at a glance: version, uptime, sessions, agents reachable, HA state, the admin "
                     "API certificate's fingerprint."),
      Where::Anywhere,
      status },
    { QStringLiteral("session list"),
      {},
      QStringLiteral("[--user USER] [--agent AGENT] [--display N] [--terminated] [--json]"),
      QStringLiteral("The sessions the node has records of: user, display, agent, state, age; with "
                     "--terminated also those of terminated sessions (state terminated)."),
      Where::Anywhere,
      sessionList },
    { QStringLiteral("session terminate"),
      {},
      QStringLiteral("ID... | --user USER | --all  [-y]"),
      QStringLiteral(
          "Ends sessions on their agents and removes their records. --user and --all ask first on a "
          "terminal; without one they need -y."),
      Where::Anywhere,
      sessionTerminate },
    { QStringLiteral("event list"),
      {},
      QStringLiteral("[--after N] [--json]"),
      QStringLiteral(
          "The node's event log, oldest first: role changes, degraded/healthy, resyncs, refused "
          "connections, agents lost/back, sessions started/ended, configuration changes. The node keeps "
          "the last 500 since its vsmserver started; --after N: only those after entry N."),
      Where::Anywhere,
      eventList },
    { QStringLiteral("agent list"),
      { QStringLiteral("load list") },
      QStringLiteral("[--json]"),
      QStringLiteral(
          "The agents of /vsmserver/terminalservers as the load balancer sees them: users, memory, "
          "CPU, rating, reachable."),
      Where::Anywhere,
      agentList },
    { QStringLiteral("agent config"),
      {},
      QStringLiteral("AGENT [--json]"),
      QStringLiteral("An agent's allowed_clients and master_hostname, asked of the agent through the node."),
      Where::Anywhere,
      agentConfig },
    { QStringLiteral("agent set"),
      {},
      QStringLiteral("AGENT [--allowed-clients \"A B\"] [--master-hostname NAME]"),
      QStringLiteral("Changes an agent's allowed_clients and/or master_hostname; the agent writes its "
                     "configuration file and reloads it."),
      Where::Anywhere,
      agentSet },
    { QStringLiteral("terminalservers get"),
      {},
      QStringLiteral("[--json]"),
      QStringLiteral("/vsmserver/terminalservers of the node."),
      Where::Anywhere,
      terminalServersGet },
    { QStringLiteral("terminalservers set"),
      {},
      QStringLiteral("ENTRY..."),
      QStringLiteral("Writes /vsmserver/terminalservers and reloads vsmserver; a loopback entry is refused "
                     "with HA on."),
      Where::Anywhere,
      terminalServersSet },
    { QStringLiteral("ha status"),
      {},
      QStringLiteral("[--json]"),
      QStringLiteral("The HA state: role, resource IP, replication link per direction, lag, last resyncs, "
                     "caught up, degraded, configuration identical on both nodes."),
      Where::Anywhere,
      haStatus },
    { QStringLiteral("ha get"),
      {},
      QStringLiteral("[--json]"),
      QStringLiteral("The /vsmserver/HA/ parameters of the node."),
      Where::Anywhere,
      haGet },
    { QStringLiteral("ha set"),
      {},
      QStringLiteral("PARAM=VALUE... (PARAM: enabled, nodes, replication, ...)"),
      QStringLiteral("Writes /vsmserver/HA/ parameters (validated) and reloads vsmserver."),
      Where::Anywhere,
      haSet },
    { QStringLiteral("ha step-down"),
      {},
      QStringLiteral("[--seconds N]"),
      QStringLiteral("For a failover drill: the health check says 'not fit' for N s (default 30, at most "
                     "3600; 0 ends it), so that keepalived moves the resource IP to the peer."),
      Where::Anywhere,
      haStepDown },
    { QStringLiteral("ha health"),
      {},
      {},
      QStringLiteral("keepalived's health check: exit 0 when vsmserver is fit to serve, 1 with the reason, 3 "
                     "when it does not answer."),
      Where::ThisNode,
      haHealth },
    { QStringLiteral("ha notify"),
      {},
      QStringLiteral("MASTER|BACKUP|FAULT|STOP"),
      QStringLiteral("keepalived's notify hook: tells vsmserver its role (the arguments keepalived adds are "
                     "ignored)."),
      Where::ThisNode,
      haNotify },
    { QStringLiteral("ha drill"),
      {},
      QStringLiteral("[--move-back] [--json] [--report FILE] [--step-down-seconds N]"),
      QStringLiteral("A failover drill on the pair: the active node steps down, the resource IP moves, every "
                     "session is checked on the new active node; the timeline as it happens."),
      Where::BothNodes,
      haDrill },
    { QStringLiteral("admin set-password"),
      {},
      {},
      QStringLiteral(
          "Sets the admin API's password (its hash goes to the root-only password file; no restart "
          "needed)."),
      Where::NoServer,
      adminSetPassword },
    { QStringLiteral("admin fingerprint"),
      {},
      {},
      QStringLiteral("This node's admin API certificate's SHA-256, to compare with what tlctl --node and the "
                     "console show on first use."),
      Where::NoServer,
      adminFingerprint },
    { QStringLiteral("help"),
      {},
      QStringLiteral("[COMMAND]"),
      QStringLiteral("Every command, or one command's synopsis and help."),
      Where::NoServer,
      help },
};

const QList<Command> &commands()
{
    return CommandTable;
}

// The command the words start with (the longest name or alias that matches); *used: its words.
const Command *find(const QStringList &words, int *used)
{
    const Command *best = nullptr;
    for (const Command &c : commands()) {
        for (const QString &name : QStringList { c.name } + c.aliases) {
            const QStringList parts = name.split(QLatin1Char(' '));
            if (words.mid(0, parts.size()) == parts && (!best || parts.size() > *used)) {
                best = &c;
                *used = static_cast<int>(parts.size());
            }
        }
    }
    return best;
}

QString describe(const Command &c)
{
    QString text = QStringLiteral("usage: tlctl %1%2 %3\n\n%4\n%5\n")
                       .arg(c.where == Where::Anywhere        ? QStringLiteral("[--node HOST[:PORT]] ")
                                : c.where == Where::BothNodes ? QStringLiteral("--node A --node B ")
                                                              : QString(),
                            c.name, c.synopsis, c.help, whereText(c.where));
    if (!c.aliases.isEmpty())
        text += QStringLiteral("Also: %1.\n").arg(c.aliases.join(QStringLiteral(", ")));
    return text;
}

int help(Context &c)
{
    if (c.args.isEmpty()) {
        out(commandList(true));
        return ExitOk;
    }
    int used = 0;
    const Command *command = find(c.args, &used);
    if (!command || used != c.args.size())
        return usage(QStringLiteral("no command '%1'").arg(c.args.join(QLatin1Char(' '))));
    out(describe(*command));
    return ExitOk;
}

int usage(const QString &why)
{
    std::fprintf(stderr,
                 "tlctl: %s\nusage: tlctl [--node HOST[:PORT]] COMMAND [ARGUMENTS] [OPTIONS]\n%s"
                 "'tlctl help COMMAND' explains one command, 'tlctl --help' lists the options.\n",
                 qPrintable(why), qPrintable(commandList(false)));
    return ExitUsage;
}

// The options part of Qt's help text (after its own usage line and description).
QString optionsHelp(const QCommandLineParser &parser)
{
    const QString text = parser.helpText();
    const auto at = text.indexOf(QLatin1String("Options:"));
    return at < 0 ? text : text.mid(at);
}

// Checks where the command may run and opens its target; ExitOk or the exit code.
int prepare(const Command &command, Context *c)
{
    const QStringList nodes = c->parser.values(c->options.node);
    if (command.run == help)
        return ExitOk; // the same everywhere
    switch (command.where) {
    case Where::NoServer:
    case Where::ThisNode:
        if (!nodes.isEmpty())
            return usage(
                QStringLiteral("%1 works on this node only (run it there, as root)").arg(command.name));
        if (command.where == Where::NoServer)
            return ExitOk;
        c->target = std::make_unique<LocalTarget>(c->value(c->options.socket));
        return ExitOk;
    case Where::BothNodes:
        return nodes.size() == 2
            ? ExitOk
            : usage(QStringLiteral("%1 needs both nodes: --node A --node B").arg(command.name));
    case Where::Anywhere:
        break;
    }
    if (nodes.size() > 1)
        return usage(QStringLiteral("only ha drill takes two --node options"));
    if (nodes.isEmpty()) {
        c->target = std::make_unique<LocalTarget>(c->value(c->options.socket));
        return ExitOk;
    }
    auto node = std::make_unique<NodeTarget>();
    if (const int rc = node->open(nodes.first(), c->isSet(c->options.acceptNew)))
        return rc;
    c->target = std::move(node);
    return ExitOk;
}

} // namespace

QString commandList(bool details)
{
    QString text = QStringLiteral("commands:\n");
    for (const Command &c : commands()) {
        text += QStringLiteral("  tlctl %1%2\n")
                    .arg(c.name, c.synopsis.isEmpty() ? QString() : QLatin1Char(' ') + c.synopsis);
        if (details) {
            text += QStringLiteral("      %1\n      %2\n").arg(c.help, whereText(c.where));
            if (!c.aliases.isEmpty())
                text += QStringLiteral("      Also: %1.\n").arg(c.aliases.join(QStringLiteral(", ")));
        }
    }
    return text;
}

QList<CommandInfo> commandInfo()
{
    QList<CommandInfo> out;
    for (const Command &c : commands())
        out.append(
            { c.name, c.aliases, c.synopsis, c.where == Where::Anywhere || c.where == Where::BothNodes });
    return out;
}

QStringList optionNames(bool valuesOnly)
{
    QStringList out;
    for (const QCommandLineOption &o : Options().list()) {
        if (valuesOnly && o.valueName().isEmpty())
            continue;
        for (const QString &name : o.names())
            out.append((name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name);
    }
    return out;
}

int run(const QStringList &arguments)
{
    Options options;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("OpenVSM administration: sessions, agents, HA."));
    options.addTo(&parser);
    if (!parser.parse(QStringList { QStringLiteral("tlctl") } + arguments))
        return usage(parser.errorText());
    if (parser.isSet(options.help)) {
        out(QStringLiteral(
                "usage: tlctl [--node HOST[:PORT]] COMMAND [ARGUMENTS] [OPTIONS]\n\n"
                "OpenVSM administration: sessions, agents, HA. Every command runs on this node's "
                "vsmserver\n(its Unix socket, as root) or, with --node, on any node over the admin API "
                "(the node's\ncertificate pinned in ~/.config/openvsm/known_nodes on first use; the "
                "password from the\nfile named by OPENVSM_ADMIN_PASSWORD_FILE, else asked).\n\n")
            + commandList(false) + QLatin1Char('\n') + optionsHelp(parser));
        return ExitOk;
    }
    if (parser.isSet(options.version)) {
        std::printf("tlctl %s\n", OPENVSM_VERSION);
        return ExitOk;
    }
    const QStringList words = parser.positionalArguments();
    if (words.isEmpty())
        return usage(QStringLiteral("say what to do"));
    int used = 0;
    const Command *command = find(words, &used);
    if (!command)
        return usage(QStringLiteral("unknown command '%1'").arg(words.join(QLatin1Char(' '))));
    Context context { parser, options, words.mid(used), nullptr };
    if (const int rc = prepare(*command, &context))
        return rc;
    return command->run(context);
}

} // namespace Tlctl
