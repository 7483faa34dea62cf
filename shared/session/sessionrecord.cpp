#include "session/sessionrecord.h"

#include <limits>

namespace Store {

namespace {

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

bool takeString(const QCborMap &map, const char *name, QString *out, QString *error, bool required)
{
    const QCborValue v = map.value(key(name));
    if (v.isUndefined()) {
        if (required && error)
            *error = QStringLiteral("session record: missing field '%1'").arg(key(name));
        return !required;
    }
    if (!v.isString()) {
        if (error)
            *error = QStringLiteral("session record: field '%1' must be a string").arg(key(name));
        return false;
    }
    *out = v.toString();
    return true;
}

template<typename T>
bool takeInt(const QCborMap &map, const char *name, T *out, QString *error, bool required)
{
    const QCborValue v = map.value(key(name));
    if (v.isUndefined()) {
        if (required && error)
            *error = QStringLiteral("session record: missing field '%1'").arg(key(name));
        return !required;
    }
    if (!v.isInteger()) {
        if (error)
            *error = QStringLiteral("session record: field '%1' must be an integer").arg(key(name));
        return false;
    }
    const qint64 value = v.toInteger();
    if (value < qint64(std::numeric_limits<T>::min()) || value > qint64(std::numeric_limits<T>::max())) {
        if (error)
            *error
                = QStringLiteral("session record: field '%1' is out of range (%2)").arg(key(name)).arg(value);
        return false;
    }
    *out = static_cast<T>(value);
    return true;
}

} // namespace

QString sessionStateName(SessionState state)
{
    return state == SessionState::Running ? QStringLiteral("running") : QStringLiteral("disconnected");
}

std::optional<SessionState> parseSessionState(const QString &name)
{
    if (name == QLatin1String("running"))
        return SessionState::Running;
    if (name == QLatin1String("disconnected"))
        return SessionState::Disconnected;
    return std::nullopt;
}

QCborMap SessionRecord::toCbor() const
{
    QCborMap m;
    m.insert(key("id"), id);
    m.insert(key("user"), user);
    m.insert(key("uid"), uid);
    m.insert(key("agent"), agent);
    m.insert(key("agent_hostname"), agentHostname);
    m.insert(key("display"), display);
    m.insert(key("vnc_port"), vncPort);
    m.insert(key("state"), sessionStateName(state));
    m.insert(key("created"), created);
    m.insert(key("last_connection"), lastConnection);
    m.insert(key("last_client"), lastClient);
    m.insert(key("geometry"), geometry);
    m.insert(key("command"), command);
    m.insert(key("pid"), pid);
    m.insert(key("version"), static_cast<qint64>(version.counter));
    m.insert(key("origin"), version.origin);
    m.insert(key("updated"), version.updated);
    m.insert(key("deleted"), deleted);
    return m;
}

std::optional<SessionRecord> SessionRecord::fromCbor(const QCborMap &m, QString *error)
{
    SessionRecord r;
    QString state;
    qint64 counter = 0;
    if (!takeString(m, "id", &r.id, error, true) || !takeString(m, "user", &r.user, error, true)
        || !takeInt(m, "uid", &r.uid, error, false) || !takeString(m, "agent", &r.agent, error, true)
        || !takeString(m, "agent_hostname", &r.agentHostname, error, false)
        || !takeInt(m, "display", &r.display, error, true)
        || !takeInt(m, "vnc_port", &r.vncPort, error, false) || !takeString(m, "state", &state, error, false)
        || !takeInt(m, "created", &r.created, error, false)
        || !takeInt(m, "last_connection", &r.lastConnection, error, false)
        || !takeString(m, "last_client", &r.lastClient, error, false)
        || !takeString(m, "geometry", &r.geometry, error, false)
        || !takeString(m, "command", &r.command, error, false) || !takeInt(m, "pid", &r.pid, error, false)
        || !takeInt(m, "version", &counter, error, false)
        || !takeString(m, "origin", &r.version.origin, error, false)
        || !takeInt(m, "updated", &r.version.updated, error, false))
        return std::nullopt;
    if (r.id.isEmpty()) {
        if (error)
            *error = QStringLiteral("session record: empty id");
        return std::nullopt;
    }
    if (counter < 0) {
        if (error)
            *error = QStringLiteral("session record: negative version");
        return std::nullopt;
    }
    r.version.counter = static_cast<quint64>(counter);
    if (!state.isEmpty()) {
        const auto s = parseSessionState(state);
        if (!s) {
            if (error)
                *error = QStringLiteral("session record: unknown state '%1'").arg(state);
            return std::nullopt;
        }
        r.state = *s;
    }
    const QCborValue del = m.value(key("deleted"));
    if (!del.isUndefined()) {
        if (!del.isBool()) {
            if (error)
                *error = QStringLiteral("session record: field 'deleted' must be a boolean");
            return std::nullopt;
        }
        r.deleted = del.toBool();
    }
    return r;
}

bool SessionRecord::newer(const SessionRecord &a, const SessionRecord &b)
{
    if (a.version.counter != b.version.counter)
        return a.version.counter > b.version.counter;
    if (a.version.updated != b.version.updated)
        return a.version.updated > b.version.updated;
    if (a.deleted != b.deleted)
        return a.deleted; // at a full tie a delete wins
    return a.version.origin > b.version.origin;
}

bool SessionRecord::operator==(const SessionRecord &o) const
{
    return id == o.id && user == o.user && uid == o.uid && agent == o.agent
        && agentHostname == o.agentHostname && display == o.display && vncPort == o.vncPort
        && state == o.state && created == o.created && lastConnection == o.lastConnection
        && lastClient == o.lastClient && geometry == o.geometry && command == o.command && pid == o.pid
        && version.counter == o.version.counter && version.origin == o.version.origin
        && version.updated == o.version.updated && deleted == o.deleted;
}

QCborMap Change::toCbor() const
{
    QCborMap m;
    m.insert(key("kind"), kind == Kind::Upsert ? QStringLiteral("upsert") : QStringLiteral("remove"));
    m.insert(key("offset"), static_cast<qint64>(offset));
    m.insert(key("record"), record.toCbor());
    return m;
}

std::optional<Change> Change::fromCbor(const QCborMap &m, QString *error)
{
    Change c;
    const QString kind = m.value(key("kind")).toString();
    if (kind == QLatin1String("upsert")) {
        c.kind = Kind::Upsert;
    } else if (kind == QLatin1String("remove")) {
        c.kind = Kind::Remove;
    } else {
        if (error)
            *error = QStringLiteral("change: unknown kind '%1'").arg(kind);
        return std::nullopt;
    }
    const QCborValue off = m.value(key("offset"));
    if (!off.isInteger() || off.toInteger() < 0) {
        if (error)
            *error = QStringLiteral("change: offset must be a non-negative integer");
        return std::nullopt;
    }
    c.offset = static_cast<quint64>(off.toInteger());
    const auto rec = SessionRecord::fromCbor(m.value(key("record")).toMap(), error);
    if (!rec)
        return std::nullopt;
    c.record = *rec;
    return c;
}

} // namespace Store
