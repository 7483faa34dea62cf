// tl-session-helper: the user's way in. sshd runs it as the user who logged in; it asks the
// local vsmserver over its Unix socket (which learns the user from the socket's peer
// credentials) and prints the answer as ONE JSON object on stdout for tlclient to parse.
//
//   tl-session-helper list
//   tl-session-helper get       [--geometry WxH] [--command PROG]   reconnect to mine, or create
//   tl-session-helper new       [--geometry WxH] [--command PROG]   another one (when allowed)
//   tl-session-helper replace   [--geometry WxH] [--command PROG]   terminate mine, start a new one
//   tl-session-helper terminate ID
//
// Output: {"ok": true, "session": {id, agent_hostname, display, vnc_port, geometry, command,
// state, created, last_connection, new, password}} where password is the 8-byte VNC password in
// hexadecimal (16 characters); list gives {"ok": true, "sessions": [...]} (no passwords);
// terminate gives {"ok": true, "terminated": [ID]}; replace adds "terminated". On failure:
// {"ok": false, "error": "why"}.
// Exit codes: 0 success, 1 the server refused (reason in "error"), 2 usage error,
// 3 vsmserver could not be reached.

#include "backend/client/localclient.h"
#include "shared/paths/paths.h"
#include "shared/protocol/clientmessages.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cstdio>

namespace {

enum Exit { ExitOk = 0, ExitRefused = 1, ExitUsage = 2, ExitUnreachable = 3 };

int print(const QJsonObject &object, int code)
{
    const QByteArray out = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::fwrite(out.constData(), 1, static_cast<size_t>(out.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    return code;
}

int fail(const QString &error, int code)
{
    return print(Protocol::helperRefusal(error), code);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Only problems on stderr: stdout is for the answer.
    QLoggingCategory::setFilterRules(QStringLiteral("openvsm.*.info=false\nopenvsm.*.debug=false"));
    QCoreApplication::setApplicationName(QStringLiteral("tl-session-helper"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OPENVSM_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Gets, creates, lists or terminates your OpenVSM sessions "
                       "through the local vsmserver; prints one JSON object."));
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("list | get | new | replace | terminate ID"));
    const QCommandLineOption geometry(QStringLiteral("geometry"),
                                      QStringLiteral("Screen size of a new session."), QStringLiteral("WxH"));
    const QCommandLineOption command(QStringLiteral("command"),
                                     QStringLiteral("Program to run in a new session."),
                                     QStringLiteral("PROG"));
    const QCommandLineOption socket(
        QStringLiteral("socket"),
        QStringLiteral("vsmserver's socket (default %1).").arg(Paths::serverSocket()), QStringLiteral("PATH"),
        Paths::serverSocket());
    parser.addOption(geometry);
    parser.addOption(command);
    parser.addOption(socket);
    parser.addHelpOption();
    parser.addVersionOption();
    if (!parser.parse(QCoreApplication::arguments()))
        return fail(parser.errorText(), ExitUsage);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("tl-session-helper %s\n", OPENVSM_VERSION);
        return ExitOk;
    }
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return fail(QStringLiteral("say what to do: list, get, new, replace or terminate ID"), ExitUsage);
    const QString what = args.first();
    Protocol::MessageType type;
    Protocol::ClientRequest request;
    if (what == QLatin1String("list") && args.size() == 1) {
        type = Protocol::MessageType::ClientListSessions;
    } else if ((what == QLatin1String("get") || what == QLatin1String("new")
                || what == QLatin1String("replace"))
               && args.size() == 1) {
        type = what == QLatin1String("get") ? Protocol::MessageType::ClientGetSession
            : what == QLatin1String("new")  ? Protocol::MessageType::ClientNewSession
                                            : Protocol::MessageType::ClientReplaceSession;
        request.geometry = parser.value(geometry);
        request.command = parser.value(command);
    } else if (what == QLatin1String("terminate") && args.size() == 2) {
        type = Protocol::MessageType::ClientTerminateSession;
        request.id = args.at(1);
    } else {
        return fail(QStringLiteral("unknown command '%1': use list, get, new, replace or terminate ID")
                        .arg(args.join(QLatin1Char(' '))),
                    ExitUsage);
    }
    // Where the user's client connects from, as sshd saw it (informational).
    const QStringList ssh
        = qEnvironmentVariable("SSH_CONNECTION").split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (!ssh.isEmpty())
        request.clientAddress = ssh.first();

    // A new session may take as long as the agent needs to start Xvnc.
    const auto result = Client::LocalClient::request(
        parser.value(socket), QStringLiteral("tl-session-helper"), type, request.toCbor(), 90000);
    switch (result.status) {
    case Client::LocalClient::Status::Ok:
        return print(Protocol::toHelperJson(result.body), ExitOk);
    case Client::LocalClient::Status::Refused:
        return fail(result.error, ExitRefused);
    case Client::LocalClient::Status::Unreachable:
        break;
    }
    return fail(result.error, ExitUnreachable);
}
