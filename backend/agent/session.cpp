#include "backend/agent/session.h"

#include <QRegularExpression>

namespace Agent {

QJsonObject Session::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("user"), user);
    o.insert(QStringLiteral("uid"), qint64(uid));
    o.insert(QStringLiteral("gid"), qint64(gid));
    o.insert(QStringLiteral("display"), display);
    o.insert(QStringLiteral("vnc_port"), vncPort);
    o.insert(QStringLiteral("pid"), qint64(pid));
    o.insert(QStringLiteral("pid_start_time"), QString::number(pidStartTime));
    o.insert(QStringLiteral("xvnc_program"), xvncProgram);
    o.insert(QStringLiteral("session_pid"), qint64(sessionPid));
    o.insert(QStringLiteral("geometry"), geometry);
    o.insert(QStringLiteral("command"), command);
    o.insert(QStringLiteral("created"), created);
    o.insert(QStringLiteral("password_file"), passwordFile);
    o.insert(QStringLiteral("xauth_file"), xauthFile);
    if (starting)
        o.insert(QStringLiteral("starting"), true);
    return o;
}

bool Session::fromJson(const QJsonObject &o, Session *s, QString *error)
{
    s->id = o.value(QStringLiteral("id")).toString();
    s->user = o.value(QStringLiteral("user")).toString();
    s->uid = static_cast<uid_t>(o.value(QStringLiteral("uid")).toInteger(-1));
    s->gid = static_cast<gid_t>(o.value(QStringLiteral("gid")).toInteger(-1));
    s->display = o.value(QStringLiteral("display")).toInt();
    s->vncPort = o.value(QStringLiteral("vnc_port")).toInt();
    s->pid = static_cast<pid_t>(o.value(QStringLiteral("pid")).toInteger());
    s->pidStartTime = o.value(QStringLiteral("pid_start_time")).toString().toULongLong();
    s->xvncProgram = o.value(QStringLiteral("xvnc_program")).toString();
    s->sessionPid = static_cast<pid_t>(o.value(QStringLiteral("session_pid")).toInteger());
    s->geometry = o.value(QStringLiteral("geometry")).toString();
    s->command = o.value(QStringLiteral("command")).toString();
    s->created = o.value(QStringLiteral("created")).toInteger();
    s->passwordFile = o.value(QStringLiteral("password_file")).toString();
    s->xauthFile = o.value(QStringLiteral("xauth_file")).toString();
    s->starting = o.value(QStringLiteral("starting")).toBool();
    if (!isValidId(s->id) || s->user.isEmpty() || s->display <= 0 || (s->pid <= 0 && !s->starting)
        || s->vncPort <= 0) {
        if (error)
            *error = QStringLiteral("incomplete session record (id '%1')").arg(s->id);
        return false;
    }
    return true;
}

Protocol::AgentSessionInfo Session::toInfo(const QString &agentHostname) const
{
    Protocol::AgentSessionInfo info;
    info.id = id;
    info.user = user;
    info.uid = uid;
    info.display = display;
    info.vncPort = vncPort;
    info.pid = pid;
    info.geometry = geometry;
    info.command = command;
    info.created = created;
    info.agentHostname = agentHostname;
    return info;
}

bool Session::isValidId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"));
    return re.match(id).hasMatch();
}

} // namespace Agent
