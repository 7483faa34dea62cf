// tlctl: the administrator's CLI on a VSM server, run as root. Talks to the local vsmserver
// over its Unix socket (root's peer credentials are the authorisation).
//
//   tlctl session list [--user USER] [--agent AGENT] [--display N] [--json]
//   tlctl session terminate ID... | --user USER | --all  [-y]
//   tlctl load list [--json]
//   tlctl ha status [--json]
//   tlctl ha notify MASTER|BACKUP|FAULT|STOP   (keepalived notify hook; extra arguments ignored)
//   tlctl ha health                             (exit 0 when fit to serve, else 1 with the reason)
//   tlctl admin set-password | fingerprint; tlctl --node HOST[:PORT] ... (see tlctlremote.h)
//
// Exit codes: 0 success, 1 the server refused or a session could not be terminated,
// 2 usage error, 3 vsmserver could not be reached.

#include "client/localclient.h"
#include "haformat.h"
#include "paths.h"
#include "tlctlformat.h"
#include "tlctlremote.h"

#include <QCborArray>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace {

enum Exit { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitUnreachable = 3 };

int usage(const QString &why)
{
    std::fprintf(stderr,
                 "tlctl: %s\n"
                 "usage: tlctl session list [--user USER] [--agent AGENT] [--display N] [--json]\n"
                 "       tlctl session terminate ID... | --user USER | --all  [-y]\n"
                 "       tlctl load list [--json]\n"
                 "       tlctl ha status [--json]\n"
                 "       tlctl ha notify MASTER|BACKUP|FAULT|STOP\n"
                 "       tlctl ha health\n"
                 "       tlctl ha step-down [--seconds N]   (health check not fit for N s, default 30)\n"
                 "       tlctl admin set-password | fingerprint\n"
                 "       tlctl --node HOST[:PORT] [--accept-new-fingerprint] status | session ... "
                 "| agent ... | terminalservers ... | ha ... (tlctl --node --help)\n",
                 qPrintable(why));
    return ExitUsage;
}

int ask(const QString &socketPath, Protocol::MessageType type, const QCborMap &body, QCborMap *reply)
{
    const auto r = Client::LocalClient::request(socketPath, QStringLiteral("tlctl"), type, body, 120000);
    if (r.status == Client::LocalClient::Status::Ok) {
        *reply = r.body;
        return ExitOk;
    }
    std::fprintf(stderr, "tlctl: %s\n", qPrintable(r.error));
    return r.status == Client::LocalClient::Status::Refused ? ExitFailed : ExitUnreachable;
}

void out(const QString &text)
{
    std::fputs(qPrintable(text), stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Only problems on stderr: stdout is for the answer.
    QLoggingCategory::setFilterRules(QStringLiteral("openvsm.*.info=false\nopenvsm.*.debug=false"));
    QCoreApplication::setApplicationName(QStringLiteral("tlctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OPENVSM_VERSION));
    // tlctl --node HOST ... (admin API of any node) and tlctl admin set-password.
    if (Tlctl::isRemoteCommand(QCoreApplication::arguments().mid(1)))
        return Tlctl::runRemote(QCoreApplication::arguments().mid(1));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("OpenVSM administration: sessions and agent load."));
    parser.addPositionalArgument(QStringLiteral("object"), QStringLiteral("session | load"));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list | terminate"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON array of objects."));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("Only this user's sessions."),
                                  QStringLiteral("USER"));
    const QCommandLineOption agent(QStringLiteral("agent"), QStringLiteral("Only sessions on this agent."),
                                   QStringLiteral("AGENT"));
    const QCommandLineOption display(QStringLiteral("display"),
                                     QStringLiteral("Only sessions on this display."), QStringLiteral("N"));
    const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("Terminate every session."));
    const QCommandLineOption yes(QStringList { QStringLiteral("y"), QStringLiteral("yes") },
                                 QStringLiteral("Do not ask for confirmation."));
    const QCommandLineOption socket(QStringLiteral("socket"), QStringLiteral("vsmserver's socket."),
                                    QStringLiteral("PATH"), Paths::serverSocket());
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("ha step-down: how long (default 30)."),
                                           QStringLiteral("N"));
    for (const auto &o : { json, user, agent, display, all, yes, socket, secondsOption })
        parser.addOption(o);
    parser.addHelpOption();
    parser.addVersionOption();
    if (!parser.parse(QCoreApplication::arguments()))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out(parser.helpText());
        return ExitOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("tlctl %s\n", OPENVSM_VERSION);
        return ExitOk;
    }
    const QStringList args = parser.positionalArguments();
    const QString path = parser.value(socket);
    if (args.size() >= 2 && args[0] == QLatin1String("session") && args[1] == QLatin1String("list")) {
        if (args.size() != 2)
            return usage(QStringLiteral("session list takes no arguments"));
        QCborMap body;
        if (parser.isSet(user))
            body.insert(QStringLiteral("user"), parser.value(user));
        if (parser.isSet(agent))
            body.insert(QStringLiteral("agent"), parser.value(agent));
        if (parser.isSet(display)) {
            bool ok = false;
            const int n = parser.value(display).remove(QLatin1Char(':')).toInt(&ok);
            if (!ok || n < 0)
                return usage(QStringLiteral("--display takes a display number, for example 10 or :10"));
            body.insert(QStringLiteral("display"), n);
        }
        QCborMap reply;
        if (const int rc = ask(path, Protocol::MessageType::CtlSessionList, body, &reply))
            return rc;
        const QCborArray sessions = reply.value(QStringLiteral("sessions")).toArray();
        if (parser.isSet(json))
            out(QString::fromUtf8(Tlctl::toJson(sessions)));
        else
            out(Tlctl::sessionTable(sessions));
        return ExitOk;
    }
    if (args.size() >= 2 && args[0] == QLatin1String("session") && args[1] == QLatin1String("terminate")) {
        const QStringList ids = args.mid(2);
        const int ways = (ids.isEmpty() ? 0 : 1) + (parser.isSet(user) ? 1 : 0) + (parser.isSet(all) ? 1 : 0);
        if (ways != 1)
            return usage(
                QStringLiteral("session terminate needs exactly one of: session ids, --user USER, --all"));
        QCborMap body;
        QString what;
        if (parser.isSet(all)) {
            body.insert(QStringLiteral("all"), true);
            what = QStringLiteral("ALL sessions");
        } else if (parser.isSet(user)) {
            body.insert(QStringLiteral("user"), parser.value(user));
            what = QStringLiteral("every session of %1").arg(parser.value(user));
        } else {
            QCborArray list;
            for (const QString &id : ids)
                list.append(id);
            body.insert(QStringLiteral("ids"), list);
            what = QStringLiteral("%1 session(s)").arg(ids.size());
        }
        if (!parser.isSet(yes) && (parser.isSet(all) || parser.isSet(user))) {
            if (!::isatty(STDIN_FILENO)) {
                std::fprintf(stderr, "tlctl: terminating %s needs -y when not run from a terminal\n",
                             qPrintable(what));
                return ExitUsage;
            }
            std::fprintf(stderr, "Terminate %s? [y/N] ", qPrintable(what));
            QTextStream in(stdin);
            const QString answer = in.readLine().trimmed().toLower();
            if (answer != QLatin1String("y") && answer != QLatin1String("yes")) {
                std::fprintf(stderr, "tlctl: nothing terminated\n");
                return ExitFailed;
            }
        }
        QCborMap reply;
        if (const int rc = ask(path, Protocol::MessageType::CtlSessionTerminate, body, &reply))
            return rc;
        const QCborArray done = reply.value(QStringLiteral("terminated")).toArray();
        const QCborArray errors = reply.value(QStringLiteral("errors")).toArray();
        for (const QCborValue &id : done)
            std::printf("terminated %s\n", qPrintable(id.toString()));
        for (const QCborValue &e : errors)
            std::fprintf(stderr, "tlctl: %s\n", qPrintable(e.toString()));
        return errors.isEmpty() ? ExitOk : ExitFailed;
    }
    if (args.size() == 2 && args[0] == QLatin1String("load") && args[1] == QLatin1String("list")) {
        QCborMap reply;
        if (const int rc = ask(path, Protocol::MessageType::CtlLoadList, {}, &reply))
            return rc;
        const QCborArray agents = reply.value(QStringLiteral("agents")).toArray();
        if (parser.isSet(json))
            out(QString::fromUtf8(Tlctl::toJson(agents)));
        else
            out(Tlctl::loadTable(agents));
        return ExitOk;
    }
    if (args.size() >= 2 && args[0] == QLatin1String("ha")) {
        if (args[1] == QLatin1String("status") && args.size() == 2) {
            QCborMap reply;
            if (const int rc = ask(path, Protocol::MessageType::CtlHaStatus, {}, &reply))
                return rc;
            out(parser.isSet(json) ? Tlctl::haStatusJson(reply) : Tlctl::haStatusText(reply));
            return ExitOk;
        }
        if (args[1] == QLatin1String("health") && args.size() == 2) {
            QCborMap reply;
            if (const int rc = ask(path, Protocol::MessageType::CtlHealth, {}, &reply))
                return rc;
            if (reply.value(QStringLiteral("fit")).toBool()) {
                out(QStringLiteral("ok\n"));
                return ExitOk;
            }
            std::fprintf(stderr, "tlctl: not fit to serve: %s\n",
                         qPrintable(reply.value(QStringLiteral("reason")).toString()));
            return ExitFailed;
        }
        if (args[1] == QLatin1String("step-down") && args.size() == 2) {
            qint64 seconds = 30;
            if (parser.isSet(secondsOption)) {
                bool ok = false;
                seconds = parser.value(secondsOption).toLongLong(&ok);
                if (!ok || seconds < 0)
                    return usage(QStringLiteral("--seconds needs a number of seconds (0 ends a step-down)"));
            }
            QCborMap reply;
            if (const int rc
                = ask(path, Protocol::MessageType::CtlHaStepDown,
                      QCborMap { { QStringLiteral("seconds"), seconds },
                                 { QStringLiteral("by"), QStringLiteral("tlctl ha step-down") } },
                      &reply))
                return rc;
            if (seconds > 0)
                out(QStringLiteral("stepping down: tlctl ha health reports 'not fit' for %1 s\n")
                        .arg(seconds));
            else
                out(QStringLiteral("step-down ended\n"));
            return ExitOk;
        }
        if (args[1] == QLatin1String("notify") && args.size() >= 3) {
            // keepalived calls notify scripts with GROUP|INSTANCE NAME STATE PRIORITY appended.
            static const QStringList roles { QStringLiteral("MASTER"), QStringLiteral("BACKUP"),
                                             QStringLiteral("FAULT"), QStringLiteral("STOP") };
            QString role;
            for (const QString &a : args.mid(2)) {
                if (roles.contains(a.toUpper())) {
                    role = a.toUpper();
                    break;
                }
            }
            if (role.isEmpty())
                return usage(QStringLiteral("ha notify needs one of MASTER BACKUP FAULT STOP"));
            QCborMap reply;
            return ask(path, Protocol::MessageType::CtlHaRole, QCborMap { { QStringLiteral("role"), role } },
                       &reply);
        }
        return usage(QStringLiteral("unknown ha command '%1'").arg(args.mid(1).join(QLatin1Char(' '))));
    }
    return usage(args.isEmpty() ? QStringLiteral("say what to do")
                                : QStringLiteral("unknown command '%1'").arg(args.join(QLatin1Char(' '))));
}
