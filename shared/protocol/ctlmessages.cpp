#include "protocol/ctlmessages.h"

#include "protocol/keys.h"

namespace Protocol {

namespace {

struct RoleName {
    HaRole role;
    const char *name;
};
constexpr RoleName RoleNames[] = { { HaRole::Unknown, "UNKNOWN" },
                                   { HaRole::Master, "MASTER" },
                                   { HaRole::Backup, "BACKUP" },
                                   { HaRole::Fault, "FAULT" },
                                   { HaRole::Stop, "STOP" } };

} // namespace

QString haRoleName(HaRole role)
{
    for (const RoleName &r : RoleNames) {
        if (r.role == role)
            return QString::fromLatin1(r.name);
    }
    return {};
}

std::optional<HaRole> parseHaRole(const QString &name)
{
    if (name.isEmpty())
        return HaRole::Unknown;
    for (const RoleName &r : RoleNames) {
        if (name.compare(QLatin1StringView(r.name), Qt::CaseInsensitive) == 0)
            return r.role;
    }
    return std::nullopt;
}

bool CtlSessionFilter::matches(const Store::SessionRecord &r) const
{
    return (user.isEmpty() || r.user == user) && (agent.isEmpty() || r.agent == agent)
        && (!display || r.display == *display);
}

QCborMap CtlSessionFilter::toCbor() const
{
    QCborMap m;
    if (!user.isEmpty())
        m.insert(Keys::user, user);
    if (!agent.isEmpty())
        m.insert(Keys::agent, agent);
    insertIf(m, Keys::display, display);
    return m;
}

std::optional<CtlSessionFilter> CtlSessionFilter::fromCbor(const QCborMap &body, QString *error)
{
    CtlSessionFilter m;
    FieldReader f(body, "session filter");
    f.optional(Keys::user, &m.user);
    f.optional(Keys::agent, &m.agent);
    f.optional(Keys::display, &m.display);
    return f.finish(m, error);
}

QCborMap CtlSession::toCbor() const
{
    QCborMap m = record.toCbor();
    m.insert(Keys::age, age);
    return m;
}

std::optional<CtlSession> CtlSession::fromCbor(const QCborMap &body, QString *error)
{
    CtlSession m;
    const auto record = Store::SessionRecord::fromCbor(body, error);
    if (!record)
        return std::nullopt;
    m.record = *record;
    FieldReader f(body, "session");
    f.optional(Keys::age, &m.age);
    return f.finish(m, error);
}

QCborMap CtlSessionList::toCbor() const
{
    return { { Keys::sessions, toCborArray(sessions) } };
}

std::optional<CtlSessionList> CtlSessionList::fromCbor(const QCborMap &body, QString *error)
{
    CtlSessionList m;
    FieldReader f(body, "session list");
    f.required(Keys::sessions, &m.sessions);
    return f.finish(m, error);
}

QCborMap CtlTerminate::toCbor() const
{
    QCborMap m;
    if (all)
        m.insert(Keys::all, true);
    if (!user.isEmpty())
        m.insert(Keys::user, user);
    if (!ids.isEmpty())
        m.insert(Keys::ids, QCborArray::fromStringList(ids));
    return m;
}

std::optional<CtlTerminate> CtlTerminate::fromCbor(const QCborMap &body, QString *error)
{
    CtlTerminate m;
    FieldReader f(body, "terminate");
    f.optional(Keys::all, &m.all);
    f.optional(Keys::user, &m.user);
    f.optional(Keys::ids, &m.ids);
    if (f.ok() && !m.all && m.user.isEmpty() && m.ids.isEmpty())
        f.fail(Keys::ids, QStringLiteral("say which sessions to terminate: ids, user or all"));
    return f.finish(m, error);
}

QCborMap CtlAgentLoad::toCbor() const
{
    QCborMap m = load ? load->toCbor() : QCborMap();
    m.insert(Keys::agent, agent);
    m.insert(Keys::reachable, reachable);
    m.insert(Keys::reason, reason);
    m.insert(Keys::rating, rating);
    m.insert(Keys::weight, weight);
    m.insert(Keys::penalized, penalized);
    m.insert(Keys::sessionsHere, sessionsHere);
    m.insert(Keys::updated, updated);
    return m;
}

std::optional<CtlAgentLoad> CtlAgentLoad::fromCbor(const QCborMap &body, QString *error)
{
    CtlAgentLoad m;
    FieldReader f(body, "agent load");
    f.required(Keys::agent, &m.agent);
    f.required(Keys::reachable, &m.reachable);
    f.optional(Keys::reason, &m.reason);
    f.optional(Keys::rating, &m.rating);
    f.optional(Keys::weight, &m.weight);
    f.optional(Keys::penalized, &m.penalized);
    f.optional(Keys::sessionsHere, &m.sessionsHere);
    f.optional(Keys::updated, &m.updated);
    if (f.ok() && body.contains(Keys::cpus)) { // a load report is inline
        QString why;
        m.load = LoadReport::fromCbor(body, &why);
        if (!m.load)
            f.fail(Keys::cpus, why);
    }
    return f.finish(m, error);
}

QCborMap CtlLoadList::toCbor() const
{
    return { { Keys::agents, toCborArray(agents) } };
}

std::optional<CtlLoadList> CtlLoadList::fromCbor(const QCborMap &body, QString *error)
{
    CtlLoadList m;
    FieldReader f(body, "load list");
    f.required(Keys::agents, &m.agents);
    return f.finish(m, error);
}

QCborMap CtlHealth::toCbor() const
{
    QCborMap m { { Keys::fit, fit } };
    if (!reason.isEmpty())
        m.insert(Keys::reason, reason);
    return m;
}

std::optional<CtlHealth> CtlHealth::fromCbor(const QCborMap &body, QString *error)
{
    CtlHealth m;
    FieldReader f(body, "health");
    f.required(Keys::fit, &m.fit);
    f.optional(Keys::reason, &m.reason);
    return f.finish(m, error);
}

QCborMap CtlHaRole::toCbor() const
{
    return { { Keys::role, haRoleName(role) } };
}

std::optional<CtlHaRole> CtlHaRole::fromCbor(const QCborMap &body, QString *error)
{
    CtlHaRole m;
    QString name;
    FieldReader f(body, "HA role");
    f.required(Keys::role, &name);
    if (f.ok()) {
        const auto role = parseHaRole(name);
        if (!role || *role == HaRole::Unknown)
            f.fail(Keys::role,
                   QStringLiteral("'%1' is not one of MASTER BACKUP FAULT STOP").arg(name.left(40)));
        else
            m.role = *role;
    }
    return f.finish(m, error);
}

QCborMap CtlStepDown::toCbor() const
{
    QCborMap m;
    insertIf(m, Keys::seconds, seconds);
    if (!by.isEmpty())
        m.insert(Keys::by, by);
    return m;
}

std::optional<CtlStepDown> CtlStepDown::fromCbor(const QCborMap &body, QString *error)
{
    CtlStepDown m;
    FieldReader f(body, "step-down");
    f.optional(Keys::seconds, &m.seconds);
    f.optional(Keys::by, &m.by);
    return f.finish(m, error);
}

QCborMap CtlStepDownReply::toCbor() const
{
    return { { Keys::seconds, seconds }, { Keys::until, until } };
}

std::optional<CtlStepDownReply> CtlStepDownReply::fromCbor(const QCborMap &body, QString *error)
{
    CtlStepDownReply m;
    FieldReader f(body, "step-down reply");
    f.required(Keys::seconds, &m.seconds);
    f.required(Keys::until, &m.until);
    return f.finish(m, error);
}

} // namespace Protocol
