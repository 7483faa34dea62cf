#include "tlctlremote.h"

#include "admin/adminpassword.h"
#include "admin/passwordhashfile.h"
#include "client/adminclient.h"
#include "client/failoverdrill.h"
#include "hiveconf/tree.h"
#include "paths.h"
#include "protocol/keys.h"
#include "protocol/tlsidentity.h"
#include "tlctlformat.h"

#include <QCborArray>
#include <QCborMap>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace Keys = Protocol::Keys;

namespace Tlctl {

namespace {

using Protocol::MessageType;

enum Exit { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitUnreachable = 3 };

const char *RemoteUsage
    = "usage: tlctl admin set-password      (on the node, as root)\n"
      "       tlctl admin fingerprint       (on the node: its admin API certificate's SHA-256)\n"
      "       tlctl --node HOST[:PORT] [--accept-new-fingerprint] COMMAND\n"
      "  COMMAND: status | session list [--json] | session terminate ID...\n"
      "           | agent list [--json] | agent config AGENT\n"
      "           | agent set AGENT [--allowed-clients \"A B\"] [--master-hostname NAME]\n"
      "           | terminalservers get | terminalservers set ENTRY...\n"
      "           | ha get | ha set PARAM=VALUE... (PARAM: enabled, nodes, ...)\n"
      "       tlctl --node A --node B ha drill [--move-back] [--json] [--report FILE]\n"
      "             [--step-down-seconds N]\n"
      "  A node's certificate is pinned in ~/.config/openvsm/known_nodes on first use. On a terminal\n"
      "  tlctl shows the fingerprint of a node it does not know and asks; without a terminal it\n"
      "  refuses unless --accept-new-fingerprint is given (compare with `tlctl admin fingerprint`\n"
      "  on the node first). A CHANGED certificate is always refused unless that option is given.\n"
      "  The password is read from the file named by OPENVSM_ADMIN_PASSWORD_FILE, else asked, and\n"
      "  sent only to a trusted node.\n";

int usage(const QString &why)
{
    std::fprintf(stderr, "tlctl: %s\n%s", qPrintable(why), RemoteUsage);
    return ExitUsage;
}

void out(const QString &text)
{
    std::fputs(qPrintable(text), stdout);
}

QCborArray toArray(const QStringList &list)
{
    QCborArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

QStringList toList(const QCborArray &array)
{
    QStringList l;
    for (const QCborValue &v : array)
        l.append(v.toString());
    return l;
}

int setPassword()
{
    QString error;
    Hiveconf::Tree tree;
    if (!tree.load(Paths::configFile(), &error)) {
        std::fprintf(stderr, "tlctl: %s; nothing was written\n", qPrintable(error));
        return ExitFailed;
    }
    const QString file = Admin::PasswordHashFile::path(tree);
    if (::geteuid() != 0 && !qEnvironmentVariableIsSet("OPENVSM_ROOT"))
        std::fprintf(stderr, "tlctl: note: not root; writing %s may fail\n", qPrintable(file));
    QByteArray password, again;
    if (!readSecret(QStringLiteral("New admin password: "), &password))
        return usage(QStringLiteral("no password given"));
    if (::isatty(STDIN_FILENO)) {
        if (!readSecret(QStringLiteral("Again: "), &again))
            return usage(QStringLiteral("no password given"));
        if (again != password) {
            std::fprintf(stderr, "tlctl: the passwords differ; nothing was written\n");
            return ExitFailed;
        }
    }
    if (password.size() < 8) {
        std::fprintf(stderr,
                     "tlctl: the admin password must have at least 8 characters; nothing was written\n");
        return ExitFailed;
    }
    const QString hash = Admin::AdminPassword::hash(password, &error);
    password.fill('\0');
    again.fill('\0');
    if (hash.isEmpty()) {
        std::fprintf(stderr, "tlctl: %s\n", qPrintable(error));
        return ExitFailed;
    }
    QStringList notes;
    const bool stored = Admin::PasswordHashFile::store(tree, hash, &notes, &error);
    for (const QString &note : std::as_const(notes))
        std::printf("%s\n", qPrintable(note));
    if (!stored) {
        std::fprintf(stderr, "tlctl: %s\n", qPrintable(error));
        return ExitFailed;
    }
    std::printf("it applies to the next login (no restart needed)\n");
    return ExitOk;
}

// tlctl admin fingerprint: what tlctl --node and the console show for this node, to compare.
int printFingerprint()
{
    const QString file = Paths::stateDir(QStringLiteral("vsmserver")) + QLatin1Char('/')
        + Net::TlsIdentity::certificateFileName();
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(file, QSsl::Pem);
    if (certificates.isEmpty()) {
        std::fprintf(stderr,
                     "tlctl: cannot read the admin API certificate %s; vsmserver creates it at its first "
                     "start\n",
                     qPrintable(file));
        return ExitFailed;
    }
    std::printf("SHA-256 %s\n", qPrintable(Net::TlsIdentity::fingerprintText(certificates.first())));
    return ExitOk;
}

// The program's name for its messages: tlctl, or tl-ha-setup which connects the same way.
const char *prog()
{
    static const QByteArray name = QCoreApplication::applicationName().toLocal8Bit();
    return name.constData();
}

bool adminPassword(QByteArray *password, QString *error)
{
    const QString file = qEnvironmentVariable("OPENVSM_ADMIN_PASSWORD_FILE");
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("OPENVSM_ADMIN_PASSWORD_FILE: cannot read %1: %2")
                         .arg(file, f.errorString());
            return false;
        }
        if (f.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup))
            std::fprintf(stderr, "%s: warning: %s can be read by others; run: chmod 600 %s\n", prog(),
                         qPrintable(file), qPrintable(file));
        *password = f.readAll();
        while (password->endsWith('\n') || password->endsWith('\r'))
            password->chop(1);
        return true;
    }
    if (!::isatty(STDIN_FILENO)) {
        *error = QStringLiteral("no admin password: set OPENVSM_ADMIN_PASSWORD_FILE or run from a terminal");
        return false;
    }
    if (!readSecret(QStringLiteral("Admin password: "), password)) {
        *error = QStringLiteral("no admin password given");
        return false;
    }
    return true;
}

// One line from stdin (echoed), without its line end; false at end of input.
bool readLine(QByteArray *line)
{
    line->clear();
    int c = 0;
    bool any = false;
    while ((c = std::fgetc(stdin)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        line->append(static_cast<char>(c));
    }
    *line = line->trimmed();
    return any;
}

// Whether to trust a certificate tlctl has not pinned for node, as ssh does with host keys: a
// changed one only with --accept-new-fingerprint; a new one with that option, or after asking on
// a terminal. Without a terminal nothing new is trusted silently.
bool trustCertificate(const QString &node, const QString &fingerprint, Client::KnownNodes::Status status,
                      const QString &pinned, bool acceptNew)
{
    if (status == Client::KnownNodes::Status::Changed) {
        std::fprintf(stderr,
                     "%s: WARNING: the admin certificate of %s has CHANGED.\n"
                     "  pinned: %s\n  now:    %s\n",
                     prog(), qPrintable(node), qPrintable(pinned), qPrintable(fingerprint));
        if (!acceptNew) {
            std::fprintf(stderr,
                         "%s: refused. If the node was reinstalled on purpose, compare the new fingerprint "
                         "with the node's own (on it: tlctl admin fingerprint) and rerun with "
                         "--accept-new-fingerprint\n",
                         prog());
            return false;
        }
        std::fprintf(stderr, "%s: accepted the new certificate (--accept-new-fingerprint)\n", prog());
        return true;
    }
    if (acceptNew) {
        std::fprintf(stderr,
                     "%s: pinning the admin certificate of %s: SHA-256 %s (--accept-new-fingerprint)\n",
                     prog(), qPrintable(node), qPrintable(fingerprint));
        return true;
    }
    if (!::isatty(STDIN_FILENO)) {
        std::fprintf(stderr,
                     "%s: the admin certificate of %s is not known yet: SHA-256 %s\n"
                     "tlctl: not sending the password and pinning nothing. Compare that fingerprint with the "
                     "node's own (on it: tlctl admin fingerprint), then rerun with --accept-new-fingerprint, "
                     "or run on a terminal to be asked\n",
                     prog(), qPrintable(node), qPrintable(fingerprint));
        return false;
    }
    std::fprintf(stderr,
                 "The admin certificate of %s is not known yet. Its SHA-256 fingerprint is\n"
                 "  %s\n"
                 "Compare it with the node's own (on it: tlctl admin fingerprint).\n"
                 "Trust it, pin it in %s and send the admin password (yes/no)? ",
                 qPrintable(node), qPrintable(fingerprint), qPrintable(Client::KnownNodes::defaultFile()));
    QByteArray answer;
    while (readLine(&answer)) {
        const QByteArray a = answer.toLower();
        if (a == "yes")
            return true;
        if (a == "no")
            break;
        std::fprintf(stderr, "Please type 'yes' or 'no': ");
    }
    return false;
}

// Connects and logs in; false with the exit code in *rc. The password is taken only once the
// node's certificate is trusted; with shared, the first one read is kept there and reused (the
// drill logs in to two nodes with one password).
bool connectNode(Client::AdminClient *client, const QString &node, bool acceptNew, int *rc,
                 QByteArray *shared = nullptr)
{
    QString host, error;
    quint16 port = 0;
    if (!Client::AdminClient::parseNode(node, &host, &port, &error)) {
        *rc = usage(QStringLiteral("--node %1").arg(error));
        return false;
    }
    if ((!shared || shared->isEmpty()) && qEnvironmentVariable("OPENVSM_ADMIN_PASSWORD_FILE").isEmpty()
        && !::isatty(STDIN_FILENO)) {
        std::fprintf(stderr,
                     "%s: no admin password: set OPENVSM_ADMIN_PASSWORD_FILE or run from a terminal\n",
                     prog());
        *rc = ExitUsage;
        return false;
    }
    client->setFingerprintCheck([acceptNew](const QString &n, const QString &fingerprint,
                                            Client::KnownNodes::Status status, const QString &pinned) {
        return trustCertificate(n, fingerprint, status, pinned, acceptNew);
    });
    QEventLoop loop;
    QString failure;
    bool ok = false;
    QObject::connect(client, &Client::AdminClient::ready, &loop, [&]() {
        ok = true;
        loop.quit();
    });
    QObject::connect(client, &Client::AdminClient::failed, &loop, [&](const QString &why) {
        failure = why;
        loop.quit();
    });
    client->connectToNode(host, port, [shared](QString *why) -> std::optional<QByteArray> {
        if (shared && !shared->isEmpty())
            return *shared;
        QByteArray password;
        if (!adminPassword(&password, why))
            return std::nullopt;
        if (shared)
            *shared = password;
        return password;
    });
    loop.exec();
    if (!ok) {
        std::fprintf(stderr, "%s: %s\n", prog(), qPrintable(failure));
        *rc = failure.contains(QLatin1String("cannot connect")) ? ExitUnreachable : ExitFailed;
    }
    return ok;
}

int call(Client::AdminClient *client, MessageType type, const QCborMap &body, QCborMap *reply)
{
    QEventLoop loop;
    QString error;
    client->request(type, body, &loop, [&](const QCborMap &b, const QString &e) {
        *reply = b;
        error = e;
        loop.quit();
    });
    loop.exec();
    if (!error.isEmpty()) {
        std::fprintf(stderr, "tlctl: %s\n", qPrintable(error));
        return ExitFailed;
    }
    return ExitOk;
}

// tlctl --node A --node B ha drill: the timeline as it happens, exit 0 when the drill passed.
int drill(const QStringList &nodes, bool acceptNew, bool json, bool moveBack, const QString &reportFile,
          const QString &seconds)
{
    if (nodes.size() != 2)
        return usage(QStringLiteral("ha drill needs both nodes: --node A --node B"));
    Client::FailoverDrill::Options options;
    options.moveBack = moveBack;
    if (!seconds.isEmpty()) {
        bool ok = false;
        options.stepDownSeconds = seconds.toInt(&ok);
        if (!ok || options.stepDownSeconds < 5 || options.stepDownSeconds > 3600)
            return usage(QStringLiteral("--step-down-seconds: give 5..3600 (got '%1')").arg(seconds));
    }
    QByteArray password;
    Client::AdminClient first, second;
    // A drill is slow on purpose; no request of it may hang for long.
    first.setTimeout(5000);
    second.setTimeout(5000);
    int rc = ExitOk;
    const bool connected = connectNode(&first, nodes[0], acceptNew, &rc, &password)
        && connectNode(&second, nodes[1], acceptNew, &rc, &password);
    password.fill('\0');
    if (!connected)
        return rc;
    Client::FailoverDrill drill(&first, &second, options);
    QEventLoop loop;
    QObject::connect(&drill, &Client::FailoverDrill::step, &loop,
                     [json](const QString &, qint64 ms, bool ok, const QString &detail) {
                         // With --json the timeline goes to stderr, so that stdout is one JSON document.
                         std::fprintf(json ? stderr : stdout, "+%5lld ms  %s%s\n", static_cast<long long>(ms),
                                      ok ? "" : "FAILED: ", qPrintable(detail));
                         std::fflush(json ? stderr : stdout);
                     });
    QObject::connect(&drill, &Client::FailoverDrill::finished, &loop, [&loop]() { loop.quit(); });
    drill.start();
    if (drill.isRunning())
        loop.exec();
    const QByteArray jsonReport = QJsonDocument(drill.reportJson()).toJson(QJsonDocument::Indented);
    if (json)
        std::fputs(jsonReport.constData(), stdout);
    else if (drill.succeeded())
        std::printf("drill passed\n");
    else
        std::printf("drill FAILED: %s\n", qPrintable(drill.failure()));
    if (!reportFile.isEmpty()) {
        QFile f(reportFile);
        const QByteArray data
            = reportFile.endsWith(QLatin1String(".json")) ? jsonReport : drill.reportText().toUtf8();
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size()) {
            std::fprintf(stderr, "tlctl: cannot write the report to %s: %s\n", qPrintable(reportFile),
                         qPrintable(f.errorString()));
            return ExitFailed;
        }
        std::fprintf(stderr, "tlctl: report written to %s\n", qPrintable(reportFile));
    }
    return drill.succeeded() ? ExitOk : ExitFailed;
}

} // namespace

bool connectToNode(Client::AdminClient *client, const QString &node, bool acceptNew, int *rc,
                   QByteArray *sharedPassword)
{
    return connectNode(client, node, acceptNew, rc, sharedPassword);
}

bool readSecret(const QString &prompt, QByteArray *secret)
{
    const bool tty = ::isatty(STDIN_FILENO);
    termios saved {};
    if (tty) {
        std::fputs(qPrintable(prompt), stderr);
        std::fflush(stderr);
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QByteArray line;
    int c = 0;
    bool any = false;
    while ((c = std::fgetc(stdin)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        line.append(static_cast<char>(c));
    }
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fputs("\n", stderr);
    }
    if (line.endsWith('\r'))
        line.chop(1);
    *secret = line;
    return any;
}

bool isRemoteCommand(const QStringList &args)
{
    for (const QString &a : args) {
        if (a == QLatin1String("--node") || a.startsWith(QLatin1String("--node=")))
            return true;
    }
    return !args.isEmpty() && args.first() == QLatin1String("admin");
}

int runRemote(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption node(QStringLiteral("node"), QStringLiteral("Node to manage."),
                                  QStringLiteral("HOST"));
    const QCommandLineOption acceptNew(QStringLiteral("accept-new-fingerprint"),
                                       QStringLiteral("Trust and pin the node's certificate although it is "
                                                      "new (not asked without a terminal) or changed."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("JSON output."));
    const QCommandLineOption allowed(QStringLiteral("allowed-clients"),
                                     QStringLiteral("New allowed_clients."), QStringLiteral("LIST"));
    const QCommandLineOption master(QStringLiteral("master-hostname"), QStringLiteral("New master_hostname."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption moveBack(QStringLiteral("move-back"),
                                      QStringLiteral("ha drill: move the resource back afterwards."));
    const QCommandLineOption reportFile(QStringLiteral("report"),
                                        QStringLiteral("ha drill: save the report."), QStringLiteral("FILE"));
    const QCommandLineOption stepDownSeconds(QStringLiteral("step-down-seconds"),
                                             QStringLiteral("ha drill: how long a step-down lasts at most."),
                                             QStringLiteral("N"));
    const QCommandLineOption help(QStringList { QStringLiteral("h"), QStringLiteral("help") },
                                  QStringLiteral("Show this help."));
    for (const auto &o :
         { node, acceptNew, json, allowed, master, moveBack, reportFile, stepDownSeconds, help })
        parser.addOption(o);
    if (!parser.parse(QStringList { QStringLiteral("tlctl") } + arguments))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        std::fputs(RemoteUsage, stdout);
        return ExitOk;
    }
    const QStringList args = parser.positionalArguments();
    if (args == QStringList { QStringLiteral("admin"), QStringLiteral("set-password") }) {
        if (parser.isSet(node))
            return usage(QStringLiteral("set-password works on this node only (run it there, as root)"));
        return setPassword();
    }
    if (args == QStringList { QStringLiteral("admin"), QStringLiteral("fingerprint") }) {
        if (parser.isSet(node))
            return usage(QStringLiteral("admin fingerprint works on this node only (run it there)"));
        return printFingerprint();
    }
    if (!parser.isSet(node))
        return usage(QStringLiteral("say which node: --node HOST[:PORT]"));
    if (args.isEmpty())
        return usage(QStringLiteral("say what to do"));
    const QString command = args.mid(0, 2).join(QLatin1Char(' '));
    if (command == QLatin1String("ha drill")) {
        if (args.size() != 2)
            return usage(QStringLiteral("ha drill takes no arguments besides its options"));
        return drill(parser.values(node), parser.isSet(acceptNew), parser.isSet(json), parser.isSet(moveBack),
                     parser.value(reportFile), parser.value(stepDownSeconds));
    }
    if (parser.values(node).size() > 1)
        return usage(QStringLiteral("only ha drill takes two --node options"));
    const QStringList known = { QStringLiteral("status"),
                                QStringLiteral("session list"),
                                QStringLiteral("session terminate"),
                                QStringLiteral("agent list"),
                                QStringLiteral("agent config"),
                                QStringLiteral("agent set"),
                                QStringLiteral("terminalservers get"),
                                QStringLiteral("terminalservers set"),
                                QStringLiteral("ha get"),
                                QStringLiteral("ha set") };
    if (!known.contains(command) && !(args.first() == QLatin1String("status") && args.size() == 1))
        return usage(QStringLiteral("unknown command '%1'").arg(args.join(QLatin1Char(' '))));

    Client::AdminClient client;
    int rc = ExitOk;
    if (!connectNode(&client, parser.value(node), parser.isSet(acceptNew), &rc))
        return rc;
    QCborMap reply;
    if (args.first() == QLatin1String("status")) {
        if ((rc = call(&client, MessageType::AdminStatus, {}, &reply)))
            return rc;
        if (parser.isSet(json)) {
            out(QString::fromUtf8(toJson(QCborArray { reply })));
            return ExitOk;
        }
        out(table({ { QStringLiteral("node"), reply.value(Keys::node).toString() },
                    { QStringLiteral("version"), reply.value(Keys::version).toString() },
                    { QStringLiteral("uptime"), formatAge(reply.value(Keys::uptime).toInteger()) },
                    { QStringLiteral("sessions"), QString::number(reply.value(Keys::sessions).toInteger()) },
                    { QStringLiteral("agents"),
                      QStringLiteral("%1 of %2 reachable")
                          .arg(reply.value(Keys::agentsReachable).toInteger())
                          .arg(reply.value(Keys::agents).toInteger()) },
                    { QStringLiteral("HA"), reply.value(Keys::haState).toString() },
                    { QStringLiteral("certificate"), reply.value(Keys::fingerprint).toString() } }));
        return ExitOk;
    }
    if (command == QLatin1String("session list")) {
        QEventLoop loop;
        std::optional<QList<Protocol::CtlSession>> sessions;
        QString error;
        client.listAllSessions({}, &loop,
                               [&](std::optional<QList<Protocol::CtlSession>> all, const QString &e) {
                                   sessions = std::move(all);
                                   error = e;
                                   loop.quit();
                               });
        loop.exec();
        if (!sessions) {
            std::fprintf(stderr, "tlctl: %s\n", qPrintable(error));
            return ExitFailed;
        }
        const QCborArray rows = Protocol::toCborArray(*sessions);
        out(parser.isSet(json) ? QString::fromUtf8(toJson(rows)) : sessionTable(rows));
        return ExitOk;
    }
    if (command == QLatin1String("session terminate")) {
        if (args.size() < 3)
            return usage(QStringLiteral("session terminate needs session ids"));
        if ((rc = call(&client, MessageType::AdminSessionTerminate,
                       QCborMap { { Keys::ids, toArray(args.mid(2)) } }, &reply)))
            return rc;
        for (const QCborValue &id : reply.value(Keys::terminated).toArray())
            std::printf("terminated %s\n", qPrintable(id.toString()));
        const QCborArray errors = reply.value(Keys::errors).toArray();
        for (const QCborValue &e : errors)
            std::fprintf(stderr, "tlctl: %s\n", qPrintable(e.toString()));
        return errors.isEmpty() ? ExitOk : ExitFailed;
    }
    if (command == QLatin1String("agent list")) {
        if ((rc = call(&client, MessageType::AdminAgentList, {}, &reply)))
            return rc;
        const QCborArray agents = reply.value(Keys::agents).toArray();
        out(parser.isSet(json) ? QString::fromUtf8(toJson(agents)) : loadTable(agents));
        return ExitOk;
    }
    if (command == QLatin1String("agent config") || command == QLatin1String("agent set")) {
        if (args.size() != 3)
            return usage(QStringLiteral("%1 takes one agent").arg(command));
        QCborMap body { { Keys::agent, args[2] } };
        MessageType type = MessageType::AdminAgentGetConfig;
        if (command == QLatin1String("agent set")) {
            type = MessageType::AdminAgentSetConfig;
            if (parser.isSet(allowed))
                body.insert(Keys::allowedClients,
                            toArray(parser.value(allowed).split(QLatin1Char(' '), Qt::SkipEmptyParts)));
            if (parser.isSet(master))
                body.insert(Keys::masterHostname, parser.value(master));
            if (!parser.isSet(allowed) && !parser.isSet(master))
                return usage(QStringLiteral("agent set needs --allowed-clients and/or --master-hostname"));
        }
        if ((rc = call(&client, type, body, &reply)))
            return rc;
        if (type == MessageType::AdminAgentSetConfig) {
            std::printf("agent %s changed\n", qPrintable(args[2]));
            return ExitOk;
        }
        out(table({ { QStringLiteral("allowed_clients"),
                      toList(reply.value(Keys::allowedClients).toArray()).join(QLatin1Char(' ')) },
                    { QStringLiteral("master_hostname"), reply.value(Keys::masterHostname).toString() } }));
        return ExitOk;
    }
    if (command == QLatin1String("ha get")) {
        if ((rc = call(&client, MessageType::AdminGetHaConfig, {}, &reply)))
            return rc;
        QList<QStringList> rows;
        const QCborMap params = reply.value(Keys::params).toMap();
        for (auto it = params.constBegin(); it != params.constEnd(); ++it)
            rows.append({ it.key().toString(), it.value().toString() });
        out(table(rows));
        return ExitOk;
    }
    if (command == QLatin1String("ha set")) {
        if (args.size() < 3)
            return usage(QStringLiteral("ha set needs PARAM=VALUE arguments"));
        QCborMap params;
        for (const QString &a : args.mid(2)) {
            const int eq = static_cast<int>(a.indexOf(QLatin1Char('=')));
            if (eq <= 0)
                return usage(QStringLiteral("'%1': expected PARAM=VALUE").arg(a));
            QString path = a.left(eq);
            if (!path.startsWith(QLatin1Char('/')))
                path = QStringLiteral("/vsmserver/HA/") + path;
            params.insert(path, a.mid(eq + 1));
        }
        if ((rc
             = call(&client, MessageType::AdminSetHaConfig, QCborMap { { Keys::params, params } }, &reply)))
            return rc;
        std::printf("HA parameters written; vsmserver reloaded its configuration\n");
        return ExitOk;
    }
    if (command == QLatin1String("terminalservers get")) {
        if ((rc = call(&client, MessageType::AdminGetTerminalServers, {}, &reply)))
            return rc;
        out(toList(reply.value(Keys::terminalservers).toArray()).join(QLatin1Char(' ')) + QLatin1Char('\n'));
        return ExitOk;
    }
    // terminalservers set
    if (args.size() < 3)
        return usage(QStringLiteral("terminalservers set needs at least one entry"));
    if ((rc = call(&client, MessageType::AdminSetTerminalServers,
                   QCborMap { { Keys::terminalservers, toArray(args.mid(2)) } }, &reply)))
        return rc;
    if (reply.contains(Keys::warning))
        std::fprintf(stderr, "tlctl: warning: %s\n", qPrintable(reply.value(Keys::warning).toString()));
    std::printf("terminalservers set to: %s\n",
                qPrintable(toList(reply.value(Keys::terminalservers).toArray()).join(QLatin1Char(' '))));
    return ExitOk;
}

} // namespace Tlctl
