#pragma once

#include "shared/protocol/agentmessages.h"

#include <QJsonObject>
#include <QString>

#include <sys/types.h>

namespace Agent {

// One desktop session this agent runs: the Xvnc server and the session program started in it.
// The VNC password is not part of it; it lives only in the session's 0600 password file.
struct Session {
    QString id; // server-assigned
    QString user;
    uid_t uid = 0;
    gid_t gid = 0;
    int display = 0;
    int vncPort = 0;
    pid_t pid = 0; // Xvnc
    quint64 pidStartTime = 0; // /proc/PID/stat start time of Xvnc, to detect pid reuse
    QString xvncProgram; // the path Xvnc was started as (its argv[0])
    pid_t sessionPid = 0; // the xsession script (leader of its own process group)
    QString geometry; // "WxH"
    QString command;
    qint64 created = 0; // seconds since the epoch
    QString passwordFile;
    QString xauthFile;
    // Xvnc is being started and the start not answered yet (pid 0: written just before the
    // spawn). A record that a restarted agent finds so was never answered (the agent died in
    // between): the server does not know this Xvnc, and the agent ends it (Service::open).
    bool starting = false;

    QJsonObject toJson() const;
    static bool fromJson(const QJsonObject &json, Session *session, QString *error);

    // The session as the agent link carries it (without password).
    Protocol::AgentSessionInfo toInfo(const QString &agentHostname) const;

    // Session ids become file names: 1..64 characters of [A-Za-z0-9._-], not starting with '.'.
    static bool isValidId(const QString &id);
};

} // namespace Agent
