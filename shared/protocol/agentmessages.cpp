#include "shared/protocol/agentmessages.h"

#include "shared/protocol/cborwriter.h"
#include "shared/protocol/keys.h"

namespace Protocol {

QCborMap AgentSessionId::toCbor() const
{
    return { { Keys::id, id } };
}

QByteArray AgentSessionId::encode() const
{
    QByteArray bytes;
    bytes.reserve(8 + id.size());
    {
        CborWriter w(&bytes);
        w.startMap(1);
        w.append(Keys::id);
        w.append(QStringView(id));
    }
    return bytes;
}

std::optional<AgentSessionId> AgentSessionId::fromCbor(const Body &body, QString *error)
{
    AgentSessionId m;
    FieldReader f(body, "session");
    f.required(Keys::id, &m.id);
    return f.finish(m, error);
}

QCborMap AgentStartSession::toCbor() const
{
    QCborMap m { { Keys::id, id }, { Keys::user, user } };
    if (!geometry.isEmpty())
        m.insert(Keys::geometry, geometry);
    if (!command.isEmpty())
        m.insert(Keys::command, command);
    return m;
}

std::optional<AgentStartSession> AgentStartSession::fromCbor(const Body &body, QString *error)
{
    AgentStartSession m;
    FieldReader f(body, "start session");
    f.required(Keys::id, &m.id);
    f.required(Keys::user, &m.user);
    f.optional(Keys::geometry, &m.geometry);
    f.optional(Keys::command, &m.command);
    return f.finish(m, error);
}

QCborMap AgentSessionInfo::toCbor() const
{
    QCborMap m;
    m.insert(Keys::id, id);
    m.insert(Keys::user, user);
    m.insert(Keys::uid, uid);
    m.insert(Keys::display, display);
    m.insert(Keys::vncPort, vncPort);
    m.insert(Keys::pid, pid);
    m.insert(Keys::geometry, geometry);
    m.insert(Keys::command, command);
    m.insert(Keys::created, created);
    m.insert(Keys::agentHostname, agentHostname);
    insertIf(m, Keys::connected, connected);
    if (!password.isEmpty())
        m.insert(Keys::password, password);
    return m;
}

void AgentSessionInfo::writeTo(CborWriter &w) const
{
    w.startMap(10 + (connected ? 1 : 0) + (password.isEmpty() ? 0 : 1));
    w.append(Keys::id);
    w.append(QStringView(id));
    w.append(Keys::user);
    w.append(QStringView(user));
    w.append(Keys::uid);
    w.append(uid);
    w.append(Keys::display);
    w.append(display);
    w.append(Keys::vncPort);
    w.append(vncPort);
    w.append(Keys::pid);
    w.append(pid);
    w.append(Keys::geometry);
    w.append(QStringView(geometry));
    w.append(Keys::command);
    w.append(QStringView(command));
    w.append(Keys::created);
    w.append(created);
    w.append(Keys::agentHostname);
    w.append(QStringView(agentHostname));
    if (connected) {
        w.append(Keys::connected);
        w.append(*connected);
    }
    if (!password.isEmpty()) {
        w.append(Keys::password);
        w.appendByteString(password);
    }
}

std::optional<AgentSessionInfo> AgentSessionInfo::fromCbor(const Body &body, QString *error)
{
    AgentSessionInfo m;
    FieldReader f(body, "agent session");
    f.required(Keys::id, &m.id);
    f.required(Keys::user, &m.user);
    f.optional(Keys::uid, &m.uid);
    f.required(Keys::display, &m.display);
    f.optional(Keys::vncPort, &m.vncPort);
    f.optional(Keys::pid, &m.pid);
    f.optional(Keys::geometry, &m.geometry);
    f.optional(Keys::command, &m.command);
    f.optional(Keys::created, &m.created);
    f.optional(Keys::agentHostname, &m.agentHostname);
    f.optional(Keys::connected, &m.connected);
    f.optional(Keys::password, &m.password);
    if (f.ok() && m.id.isEmpty())
        f.fail(Keys::id, QStringLiteral("empty"));
    return f.finish(m, error);
}

QCborMap AgentSessionReply::toCbor() const
{
    return { { Keys::session, session.toCbor() } };
}

QByteArray AgentSessionReply::encode() const
{
    QByteArray bytes;
    bytes.reserve(256);
    {
        CborWriter w(&bytes);
        w.startMap(1);
        w.append(Keys::session);
        session.writeTo(w);
    }
    return bytes;
}

std::optional<AgentSessionReply> AgentSessionReply::fromCbor(const Body &body, QString *error)
{
    AgentSessionReply m;
    FieldReader f(body, "agent reply");
    f.required(Keys::session, &m.session);
    return f.finish(m, error);
}

QCborMap AgentSessionList::toCbor() const
{
    return { { Keys::sessions, toCborArray(sessions) } };
}

std::optional<AgentSessionList> AgentSessionList::fromCbor(const Body &body, QString *error)
{
    AgentSessionList m;
    FieldReader f(body, "agent session list");
    f.required(Keys::sessions, &m.sessions);
    return f.finish(m, error);
}

QCborMap AgentVerifyReply::toCbor() const
{
    return { { Keys::alive, alive }, { Keys::reason, reason } };
}

std::optional<AgentVerifyReply> AgentVerifyReply::fromCbor(const Body &body, QString *error)
{
    AgentVerifyReply m;
    FieldReader f(body, "verify reply");
    f.required(Keys::alive, &m.alive);
    f.optional(Keys::reason, &m.reason);
    return f.finish(m, error);
}

QCborMap AgentConfig::toCbor() const
{
    QCborMap m;
    insertIf(m, Keys::allowedClients, allowedClients);
    insertIf(m, Keys::masterHostname, masterHostname);
    insertIf(m, Keys::clusterKey, clusterKey);
    insertIf(m, Keys::clusterKeyId, clusterKeyId);
    insertIf(m, Keys::clusterKeyRequired, clusterKeyRequired);
    return m;
}

std::optional<AgentConfig> AgentConfig::fromCbor(const Body &body, QString *error)
{
    AgentConfig m;
    FieldReader f(body, "agent configuration");
    f.optional(Keys::allowedClients, &m.allowedClients);
    f.optional(Keys::masterHostname, &m.masterHostname);
    f.optional(Keys::clusterKey, &m.clusterKey);
    f.optional(Keys::clusterKeyId, &m.clusterKeyId);
    f.optional(Keys::clusterKeyRequired, &m.clusterKeyRequired);
    if (f.ok() && m.clusterKey && m.clusterKey->size() != ClusterKeySize)
        f.fail(Keys::clusterKey, QStringLiteral("not %1 bytes").arg(ClusterKeySize));
    if (f.ok() && m.allowedClients) {
        QStringList names;
        for (const QString &entry : std::as_const(*m.allowedClients)) {
            const QString name = entry.trimmed();
            if (name.isEmpty() || name.contains(QLatin1Char(' ')) || name.contains(QLatin1Char('\n')))
                f.fail(Keys::allowedClients, QStringLiteral("'%1' is not a host name").arg(entry.left(80)));
            names << name;
        }
        m.allowedClients = names;
    }
    if (f.ok() && m.masterHostname) {
        m.masterHostname = m.masterHostname->trimmed();
        if (m.masterHostname->contains(QLatin1Char(' ')) || m.masterHostname->contains(QLatin1Char('\n')))
            f.fail(Keys::masterHostname, QStringLiteral("not one host name"));
    }
    return f.finish(m, error);
}

} // namespace Protocol
