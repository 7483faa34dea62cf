#include "shared/protocol/clientmessages.h"

#include "shared/protocol/cborwriter.h"
#include "shared/protocol/keys.h"

#include <QJsonObject>

namespace Protocol {

QCborMap ClientRequest::toCbor() const
{
    QCborMap m;
    if (!geometry.isEmpty())
        m.insert(Keys::geometry, geometry);
    if (!command.isEmpty())
        m.insert(Keys::command, command);
    if (!id.isEmpty())
        m.insert(Keys::id, id);
    if (!clientAddress.isEmpty())
        m.insert(Keys::clientAddress, clientAddress);
    return m;
}

std::optional<ClientRequest> ClientRequest::fromCbor(const Body &body, QString *error)
{
    ClientRequest m;
    FieldReader f(body, "session request");
    f.optional(Keys::geometry, &m.geometry);
    f.optional(Keys::command, &m.command);
    f.optional(Keys::id, &m.id);
    f.optional(Keys::clientAddress, &m.clientAddress);
    return f.finish(m, error);
}

ClientSession ClientSession::fromRecord(const Store::SessionRecord &r)
{
    ClientSession s;
    s.id = r.id;
    s.agentHostname = r.agentHostname;
    s.display = r.display;
    s.vncPort = r.vncPort;
    s.geometry = r.geometry;
    s.command = r.command;
    s.state = r.state;
    s.created = r.created;
    s.lastConnection = r.lastConnection;
    return s;
}

QCborMap ClientSession::toCbor() const
{
    QCborMap m;
    m.insert(Keys::id, id);
    m.insert(Keys::agentHostname, agentHostname);
    m.insert(Keys::display, display);
    m.insert(Keys::vncPort, vncPort);
    m.insert(Keys::geometry, geometry);
    m.insert(Keys::command, command);
    m.insert(Keys::state, Store::sessionStateName(state));
    m.insert(Keys::created, created);
    m.insert(Keys::lastConnection, lastConnection);
    insertIf(m, Keys::isNew, isNew);
    if (!password.isEmpty())
        m.insert(Keys::password, password);
    return m;
}

void ClientSession::writeTo(CborWriter &w) const
{
    w.startMap(9 + (isNew ? 1 : 0) + (password.isEmpty() ? 0 : 1));
    w.append(Keys::id);
    w.append(QStringView(id));
    w.append(Keys::agentHostname);
    w.append(QStringView(agentHostname));
    w.append(Keys::display);
    w.append(display);
    w.append(Keys::vncPort);
    w.append(vncPort);
    w.append(Keys::geometry);
    w.append(QStringView(geometry));
    w.append(Keys::command);
    w.append(QStringView(command));
    w.append(Keys::state);
    w.append(QStringView(Store::sessionStateName(state)));
    w.append(Keys::created);
    w.append(created);
    w.append(Keys::lastConnection);
    w.append(lastConnection);
    if (isNew) {
        w.append(Keys::isNew);
        w.append(*isNew);
    }
    if (!password.isEmpty()) {
        w.append(Keys::password);
        w.appendByteString(password);
    }
}

std::optional<ClientSession> ClientSession::fromCbor(const Body &body, QString *error)
{
    ClientSession m;
    QString state;
    FieldReader f(body, "session");
    f.required(Keys::id, &m.id);
    f.required(Keys::agentHostname, &m.agentHostname);
    f.required(Keys::display, &m.display);
    f.required(Keys::vncPort, &m.vncPort);
    f.optional(Keys::geometry, &m.geometry);
    f.optional(Keys::command, &m.command);
    f.optional(Keys::state, &state);
    f.optional(Keys::created, &m.created);
    f.optional(Keys::lastConnection, &m.lastConnection);
    f.optional(Keys::isNew, &m.isNew);
    f.optional(Keys::password, &m.password);
    if (f.ok() && !state.isEmpty()) {
        if (const auto s = Store::parseSessionState(state))
            m.state = *s;
        else
            f.fail(Keys::state, QStringLiteral("unknown state '%1'").arg(state));
    }
    return f.finish(m, error);
}

QCborMap ClientSessionReply::toCbor() const
{
    QCborMap m { { Keys::session, session.toCbor() } };
    if (!terminated.isEmpty())
        m.insert(Keys::terminated, QCborArray::fromStringList(terminated));
    return m;
}

QByteArray ClientSessionReply::encode() const
{
    QByteArray bytes;
    bytes.reserve(256);
    {
        CborWriter w(&bytes);
        w.startMap(terminated.isEmpty() ? 1 : 2);
        w.append(Keys::session);
        session.writeTo(w);
        if (!terminated.isEmpty()) {
            w.append(Keys::terminated);
            w.startArray(static_cast<quint64>(terminated.size()));
            for (const QString &id : terminated)
                w.append(QStringView(id));
        }
    }
    return bytes;
}

std::optional<ClientSessionReply> ClientSessionReply::fromCbor(const Body &body, QString *error)
{
    ClientSessionReply m;
    FieldReader f(body, "session reply");
    f.required(Keys::session, &m.session);
    f.optional(Keys::terminated, &m.terminated);
    return f.finish(m, error);
}

QCborMap ClientSessionList::toCbor() const
{
    return { { Keys::sessions, toCborArray(sessions) } };
}

QByteArray ClientSessionList::encode() const
{
    QByteArray bytes;
    bytes.reserve(16 + 200 * sessions.size());
    {
        CborWriter w(&bytes);
        w.startMap(1);
        w.append(Keys::sessions);
        w.startArray(static_cast<quint64>(sessions.size()));
        for (const ClientSession &session : sessions)
            session.writeTo(w);
    }
    return bytes;
}

std::optional<ClientSessionList> ClientSessionList::fromCbor(const Body &body, QString *error)
{
    ClientSessionList m;
    FieldReader f(body, "session list");
    f.required(Keys::sessions, &m.sessions);
    return f.finish(m, error);
}

QCborMap Terminated::toCbor() const
{
    QCborMap m { { Keys::terminated, QCborArray::fromStringList(terminated) } };
    if (!errors.isEmpty())
        m.insert(Keys::errors, QCborArray::fromStringList(errors));
    return m;
}

std::optional<Terminated> Terminated::fromCbor(const Body &body, QString *error)
{
    Terminated m;
    FieldReader f(body, "terminate reply");
    f.required(Keys::terminated, &m.terminated);
    f.optional(Keys::errors, &m.errors);
    return f.finish(m, error);
}

QJsonObject toHelperJson(QCborMap reply)
{
    QCborMap session = reply.value(Keys::session).toMap();
    if (!session.isEmpty()) {
        const QCborValue password = session.value(Keys::password);
        if (password.isByteArray())
            session.insert(Keys::password, QString::fromLatin1(password.toByteArray().toHex()));
        reply.insert(Keys::session, session);
    }
    QJsonObject json = reply.toJsonObject();
    json.insert(Keys::ok, true);
    return json;
}

QJsonObject helperRefusal(const QString &why)
{
    return QJsonObject { { Keys::ok, false }, { Keys::error, why } };
}

std::optional<QCborMap> fromHelperJson(const QJsonObject &object, QString *error)
{
    if (!object.value(Keys::ok).toBool()) {
        *error = object.value(Keys::error).toString();
        if (error->isEmpty())
            *error = QStringLiteral("the server refused without a reason");
        return std::nullopt;
    }
    QCborMap reply = QCborMap::fromJsonObject(object);
    reply.remove(Keys::ok);
    QCborMap session = reply.value(Keys::session).toMap();
    if (session.contains(Keys::password)) {
        const QString hex = session.value(Keys::password).toString();
        const QByteArray password = QByteArray::fromHex(hex.toLatin1());
        if (password.size() * 2 != hex.size()) {
            *error = QStringLiteral("session: field 'password' is not hexadecimal");
            return std::nullopt;
        }
        session.insert(Keys::password, password);
        reply.insert(Keys::session, session);
    }
    return reply;
}

} // namespace Protocol
