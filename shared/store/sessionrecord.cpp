#include "shared/store/sessionrecord.h"

#include "shared/protocol/keys.h"

#include <utility>

namespace Store {

using namespace Protocol;

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
    // Written once per record of every snapshot chunk, replication batch and journal entry. A
    // map that has every key already, copied and its values set in order, costs about 40 % less
    // than an insert per key (each looks its key up among those before it).
    const std::pair<Key, QCborValue> fields[] = {
        { Keys::id, id },
        { Keys::user, user },
        { Keys::uid, uid },
        { Keys::agent, agent },
        { Keys::agentHostname, agentHostname },
        { Keys::display, display },
        { Keys::vncPort, vncPort },
        { Keys::state, sessionStateName(state) },
        { Keys::created, created },
        { Keys::lastConnection, lastConnection },
        { Keys::lastClient, lastClient },
        { Keys::geometry, geometry },
        { Keys::command, command },
        { Keys::pid, pid },
        { Keys::version, static_cast<qint64>(version.counter) },
        { Keys::origin, version.origin },
        { Keys::updated, version.updated },
        { Keys::deleted, deleted },
    };
    static const QCborMap keys = [&fields]() {
        QCborMap m;
        for (const auto &field : fields)
            m.insert(field.first, QCborValue());
        return m;
    }();
    QCborMap m = keys;
    QCborMap::Iterator it = m.begin();
    for (const auto &field : fields)
        (it++).value() = field.second;
    return m;
}

std::optional<SessionRecord> SessionRecord::fromCbor(const QCborMap &m, QString *error)
{
    SessionRecord r;
    QString state;
    FieldReader f(m, "session record");
    f.required(Keys::id, &r.id);
    f.required(Keys::user, &r.user);
    f.optional(Keys::uid, &r.uid);
    f.required(Keys::agent, &r.agent);
    f.optional(Keys::agentHostname, &r.agentHostname);
    f.required(Keys::display, &r.display);
    f.optional(Keys::vncPort, &r.vncPort);
    f.optional(Keys::state, &state);
    f.optional(Keys::created, &r.created);
    f.optional(Keys::lastConnection, &r.lastConnection);
    f.optional(Keys::lastClient, &r.lastClient);
    f.optional(Keys::geometry, &r.geometry);
    f.optional(Keys::command, &r.command);
    f.optional(Keys::pid, &r.pid);
    f.optional(Keys::version, &r.version.counter);
    f.optional(Keys::origin, &r.version.origin);
    f.optional(Keys::updated, &r.version.updated);
    f.optional(Keys::deleted, &r.deleted);
    if (f.ok() && r.id.isEmpty())
        f.fail(Keys::id, QStringLiteral("empty"));
    if (f.ok() && !state.isEmpty()) {
        if (const auto s = parseSessionState(state))
            r.state = *s;
        else
            f.fail(Keys::state, QStringLiteral("unknown state '%1'").arg(state));
    }
    return f.finish(r, error);
}

bool SessionRecord::newer(const SessionRecord &a, const SessionRecord &b)
{
    if (a.version.counter != b.version.counter)
        return a.version.counter > b.version.counter;
    // The same number of changes: written without knowing of each other. A delete wins over a
    // concurrent change, however late: a terminate has ended (or will end) the session's Xvnc
    // on its agent, which no change of the record brings back.
    if (a.deleted != b.deleted)
        return a.deleted;
    if (a.version.updated != b.version.updated)
        return a.version.updated > b.version.updated;
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
    m.insert(Keys::kind, kind == Kind::Upsert ? QStringLiteral("upsert") : QStringLiteral("remove"));
    m.insert(Keys::offset, static_cast<qint64>(offset));
    m.insert(Keys::record, record.toCbor());
    return m;
}

std::optional<Change> Change::fromCbor(const QCborMap &m, QString *error)
{
    Change c;
    QString kind;
    FieldReader f(m, "change");
    f.required(Keys::kind, &kind);
    f.required(Keys::offset, &c.offset);
    f.required(Keys::record, &c.record);
    if (f.ok() && kind == QLatin1String("remove"))
        c.kind = Kind::Remove;
    else if (f.ok() && kind != QLatin1String("upsert"))
        f.fail(Keys::kind, QStringLiteral("unknown kind '%1'").arg(kind));
    return f.finish(c, error);
}

} // namespace Store
