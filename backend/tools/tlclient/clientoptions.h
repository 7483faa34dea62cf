#pragma once

#include <QString>
#include <QStringList>

namespace Tlclient {

// What the user asked tlclient to do, from its command line.
struct ClientOptions {
    enum class Action { Get, New, Replace, List, Terminate };

    Action action = Action::Get;
    bool check = false; // --check: log in over VNC through the tunnel, no viewer
    QString target; // [user@]server as given
    QString geometry; // WxH for a new session; empty = the agent's default
    QString command; // program to run in a new session
    QString terminateId; // --terminate ID
    QStringList sshOptions; // -o KEY=VALUE options, passed to every ssh run
    QString sshPort; // -p PORT for every ssh run
    QString sshProgram = QStringLiteral("ssh");
    QString helper = QStringLiteral("tl-session-helper");
    QString viewer = QStringLiteral("vncviewer");
    int timeoutSeconds = 60;
    // --retry: for this long, a call to the server that could not reach it or whose link broke
    // (a failover) is made again, once a second; only for the calls that change nothing when
    // made twice (reconnecting to or getting a session, --list). 0: never.
    int retrySeconds = 0;

    // The user part of target ("" when none was given) and the host part.
    QString user() const;
    QString host() const;
    // [user@]HOST for another host, with the same user.
    QString targetFor(const QString &otherHost) const;
};

// Parses arguments (argv without the program name). Returns false with *error for bad usage.
bool parseClientOptions(const QStringList &arguments, ClientOptions *options, QString *error);

QString clientUsage();

} // namespace Tlclient
