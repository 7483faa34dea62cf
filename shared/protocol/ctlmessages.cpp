#include "shared/protocol/ctlmessages.h"

#include "shared/protocol/keys.h"

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

QString resyncKindName(ResyncKind kind)
{
    return kind == ResyncKind::Partial ? QStringLiteral("partial") : QStringLiteral("full");
}

QString resyncDirectionName(ResyncDirection direction)
{
    return direction == ResyncDirection::Sent ? QStringLiteral("sent") : QStringLiteral("received");
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
    if (terminated)
        m.insert(Keys::terminated, true);
    return m;
}

std::optional<CtlSessionFilter> CtlSessionFilter::fromCbor(const Body &body, QString *error)
{
    CtlSessionFilter m;
    FieldReader f(body, "session filter");
    f.optional(Keys::user, &m.user);
    f.optional(Keys::agent, &m.agent);
    f.optional(Keys::display, &m.display);
    f.optional(Keys::terminated, &m.terminated);
    return f.finish(m, error);
}

QCborMap CtlSession::toCbor() const
{
    QCborMap m = record.toCbor();
    m.insert(Keys::age, age);
    return m;
}

std::optional<CtlSession> CtlSession::fromCbor(const Body &body, QString *error)
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

std::optional<CtlSessionList> CtlSessionList::fromCbor(const Body &body, QString *error)
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

std::optional<CtlTerminate> CtlTerminate::fromCbor(const Body &body, QString *error)
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
    if (!linkTrust.isEmpty())
        m.insert(Keys::linkTrust, linkTrust);
    return m;
}

std::optional<CtlAgentLoad> CtlAgentLoad::fromCbor(const Body &body, QString *error)
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
    f.optional(Keys::linkTrust, &m.linkTrust);
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

std::optional<CtlLoadList> CtlLoadList::fromCbor(const Body &body, QString *error)
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

std::optional<CtlHealth> CtlHealth::fromCbor(const Body &body, QString *error)
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

std::optional<CtlHaRole> CtlHaRole::fromCbor(const Body &body, QString *error)
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

std::optional<CtlStepDown> CtlStepDown::fromCbor(const Body &body, QString *error)
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

std::optional<CtlStepDownReply> CtlStepDownReply::fromCbor(const Body &body, QString *error)
{
    CtlStepDownReply m;
    FieldReader f(body, "step-down reply");
    f.required(Keys::seconds, &m.seconds);
    f.required(Keys::until, &m.until);
    return f.finish(m, error);
}

QCborMap HaResync::toCbor() const
{
    return { { Keys::kind, resyncKindName(kind) },
             { Keys::direction, resyncDirectionName(direction) },
             { Keys::at, at },
             { Keys::durationMs, durationMs },
             { Keys::changes, changes } };
}

std::optional<HaResync> HaResync::fromCbor(const Body &body, QString *error)
{
    HaResync m;
    QString kind;
    QString direction = resyncDirectionName(m.direction);
    FieldReader f(body, "resync");
    f.required(Keys::kind, &kind);
    f.optional(Keys::direction, &direction);
    // "echo": the full snapshot a restarted node sent back, before records from the peer were
    // applied without being journalled again (older servers of a mixed pair still report it).
    if (kind == QLatin1String("partial"))
        m.kind = ResyncKind::Partial;
    else if (kind == QLatin1String("full") || kind == QLatin1String("echo"))
        m.kind = ResyncKind::Full;
    else if (f.ok())
        f.fail(Keys::kind, QStringLiteral("'%1' is not one of partial full").arg(kind.left(40)));
    if (direction == QLatin1String("sent"))
        m.direction = ResyncDirection::Sent;
    else if (direction != QLatin1String("received") && f.ok())
        f.fail(Keys::direction, QStringLiteral("'%1' is not one of sent received").arg(direction.left(40)));
    f.optional(Keys::at, &m.at);
    f.optional(Keys::durationMs, &m.durationMs);
    f.optional(Keys::changes, &m.changes);
    return f.finish(m, error);
}

QCborMap HaStatus::toCbor() const
{
    QCborMap s;
    s.insert(Keys::enabled, enabled);
    s.insert(Keys::active, active);
    s.insert(Keys::reason, reason);
    s.insert(Keys::role, haRoleName(role));
    s.insert(Keys::roleSince, roleSince);
    s.insert(Keys::resourceAddress, resourceAddress);
    s.insert(Keys::resourceLocal, resourceLocal);
    s.insert(Keys::resourceLocalAddress, resourceLocalAddress);
    s.insert(Keys::sessions, sessions);
    s.insert(Keys::stepDownLeft, stepDownLeft);
    s.insert(Keys::stepDownUntil, stepDownUntil);
    if (reconcileLast) {
        s.insert(Keys::reconcileLast, *reconcileLast);
        s.insert(Keys::reconcileRemoved, reconcileRemoved);
        s.insert(Keys::reconcileAdopted, reconcileAdopted);
    }
    if (!active)
        return s;
    s.insert(Keys::local, local);
    s.insert(Keys::peer, peer);
    s.insert(Keys::peerAddresses, QCborArray::fromStringList(peerAddresses));
    s.insert(Keys::port, port);
    s.insert(Keys::replication, replication);
    s.insert(Keys::syncTimeout, syncTimeout);
    s.insert(Keys::linkOut, linkOut);
    if (!linkOutError.isEmpty())
        s.insert(Keys::linkOutError, linkOutError);
    s.insert(Keys::linkIn, linkIn);
    s.insert(Keys::link, link);
    if (!linkTrust.isEmpty())
        s.insert(Keys::linkTrust, linkTrust);
    s.insert(Keys::replicationId, replicationId);
    s.insert(Keys::offset, offset);
    s.insert(Keys::ackedOffset, ackedOffset);
    s.insert(Keys::lagChanges, lagChanges);
    s.insert(Keys::lagMs, lagMs);
    s.insert(Keys::lastRttMs, lastRttMs);
    s.insert(Keys::peerReplicationId, peerReplicationId);
    s.insert(Keys::peerOffsetApplied, peerOffsetApplied);
    s.insert(Keys::caughtUp, caughtUp);
    if (lastResyncSent)
        s.insert(Keys::lastResyncSent, lastResyncSent->toCbor());
    if (lastResyncReceived)
        s.insert(Keys::lastResyncReceived, lastResyncReceived->toCbor());
    s.insert(Keys::tombstonesCollected, tombstonesCollected);
    s.insert(Keys::degraded, degraded);
    if (degraded)
        s.insert(Keys::degradedReason, degradedReason);
    s.insert(Keys::configKnown, configKnown);
    s.insert(Keys::configIdentical, configIdentical);
    s.insert(Keys::configDiffers, QCborArray::fromStringList(configDiffers));
    return s;
}

std::optional<HaStatus> HaStatus::fromCbor(const Body &body, QString *error)
{
    HaStatus m;
    QString role;
    FieldReader f(body, "HA status");
    f.required(Keys::enabled, &m.enabled);
    f.optional(Keys::active, &m.active);
    f.optional(Keys::reason, &m.reason);
    f.optional(Keys::role, &role);
    f.optional(Keys::roleSince, &m.roleSince);
    f.optional(Keys::resourceAddress, &m.resourceAddress);
    f.optional(Keys::resourceLocal, &m.resourceLocal);
    f.optional(Keys::resourceLocalAddress, &m.resourceLocalAddress);
    f.optional(Keys::sessions, &m.sessions);
    f.optional(Keys::stepDownLeft, &m.stepDownLeft);
    f.optional(Keys::stepDownUntil, &m.stepDownUntil);
    f.optional(Keys::reconcileLast, &m.reconcileLast);
    f.optional(Keys::reconcileRemoved, &m.reconcileRemoved);
    f.optional(Keys::reconcileAdopted, &m.reconcileAdopted);
    f.optional(Keys::local, &m.local);
    f.optional(Keys::peer, &m.peer);
    f.optional(Keys::peerAddresses, &m.peerAddresses);
    f.optional(Keys::port, &m.port);
    f.optional(Keys::replication, &m.replication);
    f.optional(Keys::syncTimeout, &m.syncTimeout);
    f.optional(Keys::linkOut, &m.linkOut);
    f.optional(Keys::linkOutError, &m.linkOutError);
    f.optional(Keys::linkIn, &m.linkIn);
    f.optional(Keys::link, &m.link);
    f.optional(Keys::linkTrust, &m.linkTrust);
    f.optional(Keys::replicationId, &m.replicationId);
    f.optional(Keys::offset, &m.offset);
    f.optional(Keys::ackedOffset, &m.ackedOffset);
    f.optional(Keys::lagChanges, &m.lagChanges);
    f.optional(Keys::lagMs, &m.lagMs);
    f.optional(Keys::lastRttMs, &m.lastRttMs);
    f.optional(Keys::peerReplicationId, &m.peerReplicationId);
    f.optional(Keys::peerOffsetApplied, &m.peerOffsetApplied);
    f.optional(Keys::caughtUp, &m.caughtUp);
    f.optional(Keys::lastResyncSent, &m.lastResyncSent);
    f.optional(Keys::lastResyncReceived, &m.lastResyncReceived);
    f.optional(Keys::tombstonesCollected, &m.tombstonesCollected);
    f.optional(Keys::degraded, &m.degraded);
    f.optional(Keys::degradedReason, &m.degradedReason);
    f.optional(Keys::configKnown, &m.configKnown);
    f.optional(Keys::configIdentical, &m.configIdentical);
    f.optional(Keys::configDiffers, &m.configDiffers);
    if (f.ok()) {
        const auto parsed = parseHaRole(role);
        if (!parsed)
            f.fail(Keys::role, QStringLiteral("'%1' is not MASTER, BACKUP, FAULT or STOP").arg(role));
        else
            m.role = *parsed;
    }
    return f.finish(m, error);
}

} // namespace Protocol
