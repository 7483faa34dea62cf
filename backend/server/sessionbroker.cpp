#include "backend/server/sessionbroker.h"

#include "shared/eventloop/afterturn.h"
#include "shared/logging/logging.h"
#include "shared/protocol/keys.h"

#include <QCborArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <grp.h>
#include <pwd.h>
#include <vector>

namespace Server {

using Protocol::MessageType;
using Store::SessionRecord;

namespace {

qint64 nowSecs()
{
    return QDateTime::currentSecsSinceEpoch();
}

// Newest connection first, then newest created.
void sortNewestFirst(QList<SessionRecord> *list)
{
    std::stable_sort(list->begin(), list->end(), [](const SessionRecord &a, const SessionRecord &b) {
        const qint64 ta = std::max(a.lastConnection, a.created);
        const qint64 tb = std::max(b.lastConnection, b.created);
        return ta > tb;
    });
}

bool validGeometry(const QString &g)
{
    const QStringList parts = g.split(QLatin1Char('x'));
    if (parts.size() != 2)
        return false;
    bool okW = false, okH = false;
    const int w = parts[0].toInt(&okW);
    const int h = parts[1].toInt(&okH);
    return okW && okH && w >= 16 && h >= 16 && w <= 16384 && h <= 16384;
}

} // namespace

Protocol::AdminLogEntry SessionBroker::logEntry(const SessionRecord &r, SessionEvent event,
                                                const QString &what)
{
    const bool ended = event == SessionEvent::Ended;
    return Protocol::AdminLogEntry::make(
        Protocol::AdminLogEntry::Kind::Session,
        QStringLiteral("session %1 of %2 on %3 display %4 %5")
            .arg(r.id, r.user, r.agent)
            .arg(r.display)
            .arg(what),
        { { QStringLiteral("id"), r.id },
          { QStringLiteral("user"), r.user },
          { QStringLiteral("agent"), r.agent },
          { QStringLiteral("ended"), ended ? QStringLiteral("yes") : QStringLiteral("no") } });
}

SessionBroker::SessionBroker(Store::SessionStore *store, AgentGateway *agents, LoadBalancer *balancer,
                             QObject *parent)
    : QObject(parent),
      m_store(store),
      m_agents(agents),
      m_balancer(balancer),
      m_groups(&SessionBroker::systemGroups)
{
}

QStringList SessionBroker::systemGroups(const QString &user, gid_t gid)
{
    const QByteArray name = user.toLocal8Bit();
    int n = 64;
    std::vector<gid_t> groups(static_cast<size_t>(n));
    if (getgrouplist(name.constData(), gid, groups.data(), &n) < 0) {
        groups.resize(static_cast<size_t>(n));
        if (getgrouplist(name.constData(), gid, groups.data(), &n) < 0)
            return {};
    }
    groups.resize(static_cast<size_t>(n));
    QStringList names;
    for (gid_t g : groups) {
        struct group grp;
        struct group *result = nullptr;
        char buf[4096];
        if (getgrgid_r(g, &grp, buf, sizeof buf, &result) == 0 && result)
            names.append(QString::fromLocal8Bit(result->gr_name));
        else
            names.append(QString::number(g));
    }
    return names;
}

void SessionBroker::serialize(const QString &user, Job job)
{
    std::deque<Job> &queue = m_queues[user];
    queue.push_back(std::move(job));
    if (queue.size() == 1)
        runQueue(user); // otherwise it runs when the one before it finished
}

void SessionBroker::runQueue(const QString &user)
{
    auto it = m_queues.find(user);
    if (it == m_queues.end() || it->empty())
        return;
    Job current = it->front();
    current([this, user]() {
        auto it = m_queues.find(user);
        if (it == m_queues.end())
            return;
        it->pop_front();
        if (it->empty()) {
            m_queues.erase(it);
            return;
        }
        QMetaObject::invokeMethod(
            this, [this, user]() { runQueue(user); }, Qt::QueuedConnection);
    });
}

bool SessionBroker::allowed(const Caller &caller, QString *error) const
{
    if (m_settings.allowedGroups.isEmpty())
        return true;
    const QStringList groups = m_groups(caller.user, caller.gid);
    for (const QString &g : groups) {
        if (m_settings.allowedGroups.contains(g))
            return true;
    }
    *error = QStringLiteral("user %1 may not have sessions on this server: not a member of any group in "
                            "/vsmserver/allowed_groups (%2)")
                 .arg(caller.user, m_settings.allowedGroups.join(QLatin1Char(' ')));
    return false;
}

void SessionBroker::handleClient(MessageType type, const Caller &caller, const Protocol::Body &body,
                                 ClientReply reply)
{
    if (m_requestObserver) {
        QElapsedTimer clock;
        clock.start();
        reply = [reply = std::move(reply), observer = m_requestObserver, type, clock](const Protocol::Body &b,
                                                                                      const QString &e) {
            observer(type, clock.elapsed(), e.isEmpty());
            reply(b, e);
        };
    }
    if (caller.user.isEmpty()) {
        reply({}, QStringLiteral("cannot tell who you are (uid %1 has no user name)").arg(caller.uid));
        return;
    }
    QString error;
    const auto decoded = Protocol::ClientRequest::fromCbor(body, &error);
    if (!decoded) {
        reply({}, error);
        return;
    }
    const Protocol::ClientRequest request = *decoded;
    if (body.contains(Protocol::Keys::geometry) && !validGeometry(request.geometry)) {
        reply(
            {},
            QStringLiteral("geometry '%1' is not WIDTHxHEIGHT (for example 1280x800)").arg(request.geometry));
        return;
    }
    switch (type) {
    case MessageType::ClientListSessions:
        reply(Protocol::Body::encoded(sessionsOf(caller.user).encode()), {});
        return;
    case MessageType::ClientGetSession:
    case MessageType::ClientNewSession:
    case MessageType::ClientReplaceSession:
    case MessageType::ClientTerminateSession:
        break;
    default:
        reply({}, QStringLiteral("request type %1 is not a client request").arg(static_cast<int>(type)));
        return;
    }
    if (type != MessageType::ClientTerminateSession && !allowed(caller, &error)) {
        qCWarning(lcSession).noquote() << "refused session for" << caller.user << ":" << error;
        reply({}, error);
        return;
    }
    serialize(caller.user, [this, type, caller, request, reply](std::function<void()> finished) {
        runClient(type, caller, request, [reply, finished](const Protocol::Body &b, const QString &e) {
            reply(b, e);
            finished();
        });
    });
}

// The user's sessions, newest first.
Protocol::ClientSessionList SessionBroker::sessionsOf(const QString &user) const
{
    Protocol::ClientSessionList list;
    QList<SessionRecord> mine = m_store->listByUser(user);
    sortNewestFirst(&mine);
    for (const SessionRecord &r : std::as_const(mine))
        list.sessions.append(Protocol::ClientSession::fromRecord(r));
    return list;
}

// A client request that changes sessions, its turn come (one at a time per user).
void SessionBroker::runClient(MessageType type, const Caller &caller, const Protocol::ClientRequest &request,
                              const ClientReply &done)
{
    switch (type) {
    case MessageType::ClientGetSession:
        return get(caller, request, done);
    case MessageType::ClientNewSession:
        return create(caller, request, false, {}, done);
    case MessageType::ClientReplaceSession:
        return terminateAll(m_store->listByUser(caller.user), {}, {},
                            [this, caller, request, done](QStringList terminated, QStringList errors) {
                                if (!errors.isEmpty())
                                    return done(
                                        {},
                                        QStringLiteral("could not terminate your existing session(s): %1")
                                            .arg(errors.join(QStringLiteral("; "))));
                                create(caller, request, true, terminated, done);
                            });
    case MessageType::ClientTerminateSession: {
        const QString id = request.id;
        const auto record = m_store->get(id);
        if (id.isEmpty() || !record || record->user != caller.user)
            return done({}, QStringLiteral("you have no session with id '%1'").arg(id));
        return terminateOne(*record, [id, done](const QString &e) {
            if (!e.isEmpty())
                done({}, e);
            else
                done(Protocol::Terminated { { id }, {} }.toCbor(), {});
        });
    }
    default:
        done({}, QStringLiteral("unsupported request"));
    }
}

void SessionBroker::get(const Caller &caller, const Protocol::ClientRequest &request, ClientReply reply)
{
    QList<SessionRecord> mine = m_store->listByUser(caller.user);
    sortNewestFirst(&mine);
    tryReconnect(caller, mine, {}, request, reply);
}

void SessionBroker::tryReconnect(const Caller &caller, QList<SessionRecord> candidates, QStringList problems,
                                 const Protocol::ClientRequest &request, ClientReply reply)
{
    nextCandidate({ caller, std::move(candidates), std::move(problems), request, std::move(reply) });
}

// The user's next session to reconnect to: verified on its agent first. With none left, a new
// session, unless the user is at the limit with sessions that merely cannot be reached now.
void SessionBroker::nextCandidate(Reconnect r)
{
    if (r.candidates.isEmpty()) {
        const int count = static_cast<int>(m_store->listByUser(r.caller.user).size());
        if (m_settings.maxSessionsPerUser > 0 && count >= m_settings.maxSessionsPerUser)
            return r.reply(
                {},
                QStringLiteral("your session(s) cannot be reached now (%1) and you are at the limit of "
                               "%2 session(s) (/vsmserver/max_sessions_per_user); try again later, or "
                               "terminate the existing session and start a new one (tlclient "
                               "--terminate-existing)")
                    .arg(r.problems.join(QStringLiteral("; ")))
                    .arg(m_settings.maxSessionsPerUser));
        return create(r.caller, r.request, false, {}, r.reply);
    }
    const SessionRecord record = r.candidates.takeFirst();
    m_agents->call(record.agent, MessageType::AgentVerifySession,
                   Protocol::Body::encoded(Protocol::AgentSessionId { record.id }.encode()),
                   m_settings.agentTimeoutMs, this, [this, r, record](const AgentReply &verify) mutable {
                       verified(std::move(r), record, verify);
                   });
}

// The agent's answer whether record still runs: gone, its record goes; alive, it is reconnected.
void SessionBroker::verified(Reconnect r, const SessionRecord &record, const AgentReply &verify)
{
    QString error = verify.error;
    const auto answer
        = verify.ok() ? Protocol::AgentVerifyReply::fromCbor(verify.body, &error) : std::nullopt;
    if (!answer) {
        qCWarning(lcSession).noquote() << "cannot verify session" << record.id << "of" << record.user << "on"
                                       << record.agent << ":" << error;
        r.problems.append(
            QStringLiteral("display %1 on %2: %3").arg(record.display).arg(record.agent, error));
        return nextCandidate(std::move(r));
    }
    if (!answer->alive) {
        qCInfo(lcSession).noquote() << "session" << record.id << "of" << record.user << "on" << record.agent
                                    << "display" << record.display << "is gone (" << answer->reason
                                    << "); removing it";
        Q_EMIT logged(
            logEntry(record, SessionEvent::Ended, QStringLiteral("is gone: %1").arg(answer->reason)));
        return commit(record, true, [this, r, record](const QString &error) mutable {
            // Not written (full disk): tried again at the agent's next list.
            if (!error.isEmpty())
                m_unremoved.insert(record.id, record.agent);
            nextCandidate(std::move(r));
        });
    }
    m_agents->call(
        record.agent, MessageType::AgentReconnectSession,
        Protocol::Body::encoded(Protocol::AgentSessionId { record.id }.encode()), m_settings.agentTimeoutMs,
        this, [this, r, record](const AgentReply &rc) mutable { reconnected(std::move(r), record, rc); });
}

// The agent reconnected the session (fresh connection details): recorded, then answered.
void SessionBroker::reconnected(Reconnect r, const SessionRecord &record, const AgentReply &rc)
{
    QString error = rc.error;
    const auto answer = rc.ok() ? Protocol::AgentSessionReply::fromCbor(rc.body, &error) : std::nullopt;
    if (!answer) {
        qCWarning(lcSession).noquote()
            << "agent" << record.agent << "refused to reconnect session" << record.id << ":" << error;
        r.problems.append(
            QStringLiteral("display %1 on %2: %3").arg(record.display).arg(record.agent, error));
        return nextCandidate(std::move(r));
    }
    const QByteArray password = answer->session.password;
    SessionRecord updated = record;
    applySessionInfo(&updated, answer->session);
    updated.state = Store::SessionState::Running;
    updated.lastConnection = nowSecs();
    updated.lastClient = r.caller.reportedClientAddress;
    commit(updated, false, [this, r, updated, password](const QString &error) mutable {
        if (!error.isEmpty() && m_store->get(updated.id, true).value_or(updated).deleted)
            return nextCandidate(std::move(r)); // terminated (by an admin, or on the peer) meanwhile
        if (!error.isEmpty())
            return r.reply({}, error);
        qCInfo(lcSession).noquote() << "user" << updated.user << "reconnects to session" << updated.id << "on"
                                    << updated.agent << "display" << updated.display;
        // What this request wrote (the store only versioned it): no second lookup per reconnect.
        Protocol::ClientSessionReply reply { Protocol::ClientSession::fromRecord(updated), {} };
        reply.session.isNew = false;
        reply.session.password = password;
        r.reply(Protocol::Body::encoded(reply.encode()), {});
    });
}

void SessionBroker::create(const Caller &caller, const Protocol::ClientRequest &request, bool ignoreLimit,
                           QStringList terminated, ClientReply reply)
{
    const QList<SessionRecord> mine = m_store->listByUser(caller.user);
    if (!ignoreLimit && m_settings.maxSessionsPerUser > 0 && mine.size() >= m_settings.maxSessionsPerUser) {
        reply({},
              QStringLiteral("you already have %1 session(s), the most allowed "
                             "(/vsmserver/max_sessions_per_user=%2); reconnect to it, or terminate it and "
                             "start a new one (tlclient --terminate-existing)")
                  .arg(mine.size())
                  .arg(m_settings.maxSessionsPerUser));
        return;
    }
    QStringList userAgents;
    for (const SessionRecord &r : mine)
        userAgents.append(r.agent);
    const LoadBalancer::Ranking ranking = m_balancer->rank(withRecentSessions(m_agents->agentStates()),
                                                           userAgents, QDateTime::currentMSecsSinceEpoch());
    for (const QString &s : ranking.skipped)
        qCInfo(lcSession).noquote() << "new session for" << caller.user << "skips agent" << s;
    SessionRecord base;
    base.id = Store::newSessionId();
    base.user = caller.user;
    base.uid = caller.uid;
    base.geometry = request.geometry;
    base.command = request.command;
    base.lastClient = caller.reportedClientAddress;
    tryStart(caller, base, ranking.order, ranking.skipped, terminated, reply);
}

// No agent is left to try: the user gets why each failed.
void SessionBroker::giveUp(const Caller &caller, const SessionRecord &base, const QStringList &problems,
                           const ClientReply &reply)
{
    m_starting.remove(base.id);
    const QString why = problems.isEmpty()
        ? QStringLiteral("no agents are configured in /vsmserver/terminalservers")
        : problems.join(QStringLiteral("; "));
    qCWarning(lcSession).noquote() << "cannot start a session for" << caller.user << ":" << why;
    if (m_abandoned.contains(base.id)) {
        // An agent that did not answer may run it all the same: a tombstone says, also to the
        // peer and after a restart (when m_abandoned is forgotten), that it is over.
        write(base, Write::GaveUp, [id = base.id](const QString &error) {
            if (!error.isEmpty())
                qCWarning(lcSession).noquote() << "cannot record the given-up start" << id << ":" << error;
        });
    }
    reply({}, QStringLiteral("no agent could start a session: %1").arg(why));
}

void SessionBroker::tryStart(const Caller &caller, const SessionRecord &base, QStringList order,
                             QStringList problems, QStringList terminated, ClientReply reply)
{
    if (order.isEmpty())
        return giveUp(caller, base, problems, reply);
    const QString agent = order.takeFirst();
    const Protocol::AgentStartSession request { base.id, base.user, base.geometry, base.command };
    m_starting.insert(base.id, QDateTime::currentMSecsSinceEpoch());
    m_agents->call(
        agent, MessageType::AgentStartSession, request.toCbor(), m_settings.startTimeoutMs, this,
        [this, caller, base, agent, order, problems, terminated, reply](const AgentReply &r) mutable {
            QString error = r.error;
            const auto answer = r.ok() ? Protocol::AgentSessionReply::fromCbor(r.body, &error) : std::nullopt;
            if (!answer) {
                qCWarning(lcSession).noquote()
                    << "agent" << agent << "failed to start a session for" << base.user << ":" << error
                    << "- it goes to the back of the queue for 5 minutes";
                // No answer: the agent may run the session after all (it died after starting
                // Xvnc, or is slow). The id goes to the next agent; a report of it from this
                // one ends it there (reported()).
                if (r.unreachable)
                    abandon(base.id);
                m_balancer->penalize(agent, QDateTime::currentMSecsSinceEpoch());
                problems.append(QStringLiteral("%1: %2").arg(agent, error));
                tryStart(caller, base, order, problems, terminated, reply);
                return;
            }
            const QByteArray password = answer->session.password;
            SessionRecord record = base;
            record.agent = agent;
            applySessionInfo(&record, answer->session);
            record.state = Store::SessionState::Running;
            if (record.created == 0)
                record.created = nowSecs();
            record.lastConnection = nowSecs();
            m_balancer->clearPenalty(agent);
            commit(record, false, [this, record, password, terminated, reply](const QString &error) {
                m_starting.remove(record.id);
                if (!error.isEmpty()) {
                    // The agent runs a session that no record names: end it there, or its Xvnc
                    // would run on, known to nobody (the user got no answer for it). Abandoned,
                    // so that a session list the agent sent before it ended the session does not
                    // make the reconciler adopt it.
                    abandon(record.id);
                    // Written after all (by another path meanwhile, or committed before a failed
                    // fsync): removed, or, not written either, at the agent's next list.
                    if (m_store->get(record.id))
                        commit(record, true, [this, id = record.id, agent = record.agent](const QString &e) {
                            if (!e.isEmpty())
                                m_unremoved.insert(id, agent);
                        });
                    qCWarning(lcSession).noquote()
                        << "session" << record.id << "of" << record.user << "on" << record.agent << "display"
                        << record.display << "cannot be recorded; ending it on the agent";
                    m_agents->call(record.agent, MessageType::AgentTerminateSession,
                                   Protocol::Body::encoded(Protocol::AgentSessionId { record.id }.encode()),
                                   m_settings.agentTimeoutMs, this, [record](const AgentReply &r) {
                                       if (!r.ok())
                                           qCWarning(lcSession).noquote()
                                               << "agent" << record.agent << "did not end unrecorded session"
                                               << record.id << ":" << r.error;
                                   });
                    reply({}, error);
                    return;
                }
                qCInfo(lcSession).noquote() << "started session" << record.id << "for" << record.user << "on"
                                            << record.agent << "display" << record.display;
                Q_EMIT logged(logEntry(record, SessionEvent::Began, QStringLiteral("started")));
                Protocol::ClientSessionReply answer {
                    Protocol::ClientSession::fromRecord(m_store->get(record.id).value_or(record)), terminated
                };
                answer.session.isNew = true;
                answer.session.password = password;
                reply(Protocol::Body::encoded(answer.encode()), {});
            });
        });
}

void SessionBroker::terminateAll(QList<SessionRecord> sessions, QStringList done, QStringList errors,
                                 std::function<void(QStringList, QStringList)> finished)
{
    if (sessions.isEmpty()) {
        finished(done, errors);
        return;
    }
    const SessionRecord record = sessions.takeFirst();
    terminateOne(record, [this, record, sessions, done, errors, finished](const QString &error) mutable {
        if (error.isEmpty())
            done.append(record.id);
        else
            errors.append(error);
        terminateAll(sessions, done, errors, finished);
    });
}

void SessionBroker::terminateOne(const SessionRecord &record, std::function<void(const QString &)> done)
{
    // The tombstone first, its end pending: a terminate that cannot be recorded (a full disk)
    // ends nothing and says so, instead of ending the session under a record that lives on.
    write(record, Write::RemoveEndPending, [this, record, done](const QString &error) {
        if (!error.isEmpty()) {
            done(error);
            return;
        }
        m_agents->call(
            record.agent, MessageType::AgentTerminateSession,
            Protocol::Body::encoded(Protocol::AgentSessionId { record.id }.encode()),
            m_settings.agentTimeoutMs, this, [this, record, done](const AgentReply &r) {
                if (!r.ok() && r.error.startsWith(QLatin1String("refused"))) {
                    qCWarning(lcSession).noquote()
                        << "agent" << record.agent << "refused to terminate session" << record.id << ":"
                        << r.error << "; its record stays";
                    const QString refused = QStringLiteral("agent %1 refused to terminate session %2: %3")
                                                .arg(record.agent, record.id, r.error);
                    write(record, Write::Restore, [done, refused](const QString &) { done(refused); });
                    return;
                }
                if (r.unreachable) {
                    qCWarning(lcSession).noquote()
                        << "agent" << record.agent << "is not reachable (" << r.error << "); session"
                        << record.id << "of" << record.user
                        << "is recorded as terminated and is ended on the agent when it reports it again";
                } else {
                    if (!r.ok())
                        qCInfo(lcSession).noquote() << "agent" << record.agent << "does not run session"
                                                    << record.id << "(" << r.error << "); removing it";
                    // Not written (full disk): the end stays pending until the agent's next list,
                    // which no longer has the session, confirms it.
                    write(record, Write::ConfirmEnded, [](const QString &) {});
                }
                qCInfo(lcSession).noquote() << "terminated session" << record.id << "of" << record.user
                                            << "on" << record.agent << "display" << record.display;
                Q_EMIT logged(logEntry(record, SessionEvent::Ended, QStringLiteral("terminated")));
                done({});
            });
    });
}

// Records of agent's sessions that its lists have lacked for endedGraceMs: ended on the agent.
// The grace covers a list sent while a start was being answered and an agent that has just
// restarted and not yet found its sessions again.
void SessionBroker::removeEnded(const QString &agent, const QSet<QString> &listed)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 due = 0; // when the first record waiting here has waited the grace period
    for (const SessionRecord &r : m_store->listByAgent(agent)) {
        if (listed.contains(r.id)) {
            m_unlistedSince.remove(r.id);
            continue;
        }
        const qint64 since = m_unlistedSince.value(r.id, now);
        if (now - since < m_settings.endedGraceMs) {
            m_unlistedSince.insert(r.id, since);
            due = due == 0 ? since + m_settings.endedGraceMs : std::min(due, since + m_settings.endedGraceMs);
            continue;
        }
        m_unlistedSince.remove(r.id);
        qCInfo(lcSession).noquote() << "session" << r.id << "of" << r.user << "on" << agent << "display"
                                    << r.display
                                    << "has ended there (the agent no longer lists it); removing its record";
        Q_EMIT logged(
            logEntry(r, SessionEvent::Ended, QStringLiteral("ended: agent %1 no longer runs it").arg(agent)));
        write(r, Write::Remove, [id = r.id](const QString &error) {
            if (!error.isEmpty())
                qCWarning(lcSession).noquote()
                    << "cannot remove the record of ended session" << id << ":" << error;
        });
    }
    // Forget what has gone meanwhile (terminated, found gone at a reconnect, removed by the peer).
    for (auto it = m_unlistedSince.begin(); it != m_unlistedSince.end();) {
        if (m_store->get(it.key()))
            ++it;
        else
            it = m_unlistedSince.erase(it);
    }
    if (due > 0)
        listAgainAt(agent, due);
}

// The agent's sessions asked for again when a record's grace period is over, instead of at its
// next load poll (load_update_cycle, 40 s by default): a record of a session that ended goes
// reconcile_grace after the first list without it. One such request per agent at a time.
void SessionBroker::listAgainAt(const QString &agent, qint64 dueMs)
{
    if (m_relisting.contains(agent))
        return;
    m_relisting.insert(agent);
    const qint64 wait = std::max<qint64>(0, dueMs - QDateTime::currentMSecsSinceEpoch()) + 50;
    QTimer::singleShot(wait, this, [this, agent]() {
        m_agents->call(agent, MessageType::AgentListSessions, {}, m_settings.agentTimeoutMs, this,
                       [this, agent](const AgentReply &r) {
                           m_relisting.remove(agent);
                           const auto list = r.ok() ? Protocol::AgentSessionList::fromCbor(r.body, nullptr)
                                                    : std::nullopt;
                           if (list) // else the next load poll lists it
                               updateConnectionStates(agent, list->sessions);
                       });
    });
}

void SessionBroker::updateConnectionStates(const QString &agent,
                                           const QList<Protocol::AgentSessionInfo> &sessions)
{
    if (m_catchingUp && m_catchingUp())
        return;
    QSet<QString> listed;
    for (const Protocol::AgentSessionInfo &info : sessions)
        listed.insert(info.id);
    // Records of sessions found gone whose removal could not be written: again, while the agent
    // still does not list them.
    const QHash<QString, QString> unremoved = m_unremoved;
    for (auto it = unremoved.cbegin(); it != unremoved.cend(); ++it) {
        if (it.value() != agent)
            continue;
        const auto record = m_store->get(it.key());
        if (!record || listed.contains(it.key())) {
            m_unremoved.remove(it.key());
            continue;
        }
        write(*record, Write::Remove, [this, id = it.key()](const QString &error) {
            if (error.isEmpty())
                m_unremoved.remove(id);
        });
    }
    removeEnded(agent, listed);
    // A session terminated while its agent was away that the agent no longer runs (it ended
    // while the agent was down too): its end is confirmed by this list.
    for (const SessionRecord &r : m_store->listEndPending(agent)) {
        if (listed.contains(r.id))
            continue;
        qCInfo(lcSession).noquote() << "agent" << agent << "no longer runs session" << r.id << "of" << r.user
                                    << ", terminated while the agent could not be reached";
        write(r, Write::ConfirmEnded, [id = r.id](const QString &error) {
            if (!error.isEmpty())
                qCWarning(lcSession).noquote() << "cannot record that session" << id << "has ended:" << error;
        });
    }
    for (const Protocol::AgentSessionInfo &info : sessions) {
        if (reported(agent, info) != Reported::Recorded || !info.connected)
            continue; // not this store's session here, or an agent that does not report it
        auto record = m_store->get(info.id);
        if (!record)
            continue;
        const Store::SessionState state
            = *info.connected ? Store::SessionState::Running : Store::SessionState::Disconnected;
        if (record->state == state)
            continue;
        qCInfo(lcSession).noquote() << "session" << record->id << "of" << record->user << "on" << agent
                                    << "is now" << Store::sessionStateName(state);
        record->state = state;
        // The state alone: written over the record as it is then, so that a change from the peer
        // that comes before this group is written (its reconnect: last_connection, last_client)
        // is not taken back by this copy.
        write(*record, Write::State, [id = record->id](const QString &error) {
            if (!error.isEmpty())
                qCWarning(lcSession).noquote() << "cannot record the state of session" << id << ":" << error;
        });
    }
}

void SessionBroker::commit(const SessionRecord &record, bool remove,
                           std::function<void(const QString &)> done)
{
    write(record, remove ? Write::Remove : Write::Upsert, std::move(done));
}

void SessionBroker::write(const SessionRecord &record, Write kind, std::function<void(const QString &)> done)
{
    m_group.push_back({ { kind, record }, std::move(done) });
    if (m_group.size() == 1) // the first of this pass: the commit runs when the pass is over
        EventLoop::afterTurn(this, [this]() { commitGroup(); });
}

void SessionBroker::commitGroup()
{
    if (m_committing || m_group.empty())
        return; // the group in flight starts this one when it is done
    std::vector<PendingWrite> group;
    group.swap(m_group); // writes made from now on form the next group
    QList<Store::SessionStore::LocalWrite> writes;
    writes.reserve(static_cast<qsizetype>(group.size()));
    for (const PendingWrite &p : group)
        writes.append(p.write);
    if (m_store->writesQuicklyHere(writes.size())) {
        // A group of up to 64 writes on a quick disk: right here, without the writer thread's two
        // hand-offs. Writes its answers make go to the next group, which their queued
        // commitGroup() starts.
        QString error;
        if (!m_sendAhead) {
            const auto results = m_store->writeGroup(writes, &error);
            groupWritten(group, results, error);
            return;
        }
        // The commit, its changes on their way to the peer (flushed to the link by the
        // replicator in writeGroup()'s changesCommitted()), then this disk's fsync: the peer
        // applies them meanwhile. Answered (groupWritten()) only after the fsync.
        auto results = m_store->writeGroup(writes, &error, Store::SessionStore::Durability::Deferred);
        if (results && !m_store->syncJournal(&error)) {
            results.reset();
            error = QStringLiteral("committed, but not synced to the disk: %1").arg(error);
        }
        groupWritten(group, results, error);
        return;
    }
    m_committing = true;
    // On the store's writer thread: this loop goes on serving requests meanwhile, and their
    // writes wait in m_group for the next commit.
    m_store->writeGroupLater(
        writes, this,
        [this, group = std::move(group)](
            const std::optional<QList<Store::SessionStore::WriteResult>> &results, const QString &error) {
            m_committing = false;
            groupWritten(group, results, error);
            commitGroup();
        });
}

void SessionBroker::groupWritten(const std::vector<PendingWrite> &group,
                                 const std::optional<QList<Store::SessionStore::WriteResult>> &results,
                                 const QString &error)
{
    if (!results) {
        qCCritical(lcSession).noquote() << error << "(" << group.size() << "change(s) not written)";
        for (const PendingWrite &p : group)
            p.done(QStringLiteral("the session database could not be written: %1").arg(error));
        return;
    }
    for (size_t i = 0; i < group.size(); ++i)
        written(group[i], results->at(static_cast<qsizetype>(i)));
}

// One write of a committed group: acknowledged (with an AckHook, once the peer has it), or what
// its refusal means.
void SessionBroker::written(const PendingWrite &pending, const Store::SessionStore::WriteResult &result)
{
    const SessionRecord &record = pending.write.record;
    const Write kind = pending.write.kind;
    if (result.change) {
        if (!m_ackHook)
            return pending.done({});
        m_ackHook(*result.change, [done = pending.done]() { done({}); });
        return;
    }
    if (result.error.isEmpty())
        return pending.done({}); // a state the record had by then: nothing to write
    if (kind != Write::Upsert && !m_store->get(record.id)
        && (kind != Write::ConfirmEnded || m_store->get(record.id, true).value_or(record).pid == 0))
        return pending.done({}); // already gone (or already confirmed)
    if (kind == Write::Upsert && m_store->get(record.id, true).value_or(record).deleted) {
        // A stale copy (a reconnect or a state change on its way when the terminate came).
        qCInfo(lcSession).noquote() << "not writing session" << record.id << "of" << record.user << ":"
                                    << result.error;
        return pending.done(result.error);
    }
    qCCritical(lcSession).noquote() << result.error;
    pending.done(QStringLiteral("the session database could not be written: %1").arg(result.error));
}

void SessionBroker::abandon(const QString &id)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_abandoned.begin(); it != m_abandoned.end();) {
        if (now - it.value() > 3600 * 1000)
            it = m_abandoned.erase(it);
        else
            ++it;
    }
    m_abandoned.insert(id, now);
}

SessionBroker::Reported SessionBroker::reported(const QString &agent, const Protocol::AgentSessionInfo &info)
{
    const auto record = m_store->get(info.id, true);
    if (record && !record->deleted && record->agent == agent)
        return Reported::Recorded;
    if (!record && m_starting.contains(info.id))
        return Reported::Starting;
    QString why;
    if (record && record->deleted)
        why = record->pid != 0 && record->agent == agent
            ? QStringLiteral("was terminated while the agent could not be reached")
            : QStringLiteral("was terminated, or its record removed, on the servers");
    else if (record)
        why = QStringLiteral("is recorded on agent %1 (its start went there when this agent did not answer)")
                  .arg(record->agent);
    else if (m_abandoned.contains(info.id))
        why = QStringLiteral("is a start this server gave up on (no answer from the agent, or the record "
                             "could not be written)");
    else
        return Reported::Unknown;
    const QString key = agent + QLatin1Char(' ') + info.id;
    if (!m_ending.contains(key)) {
        qCWarning(lcSession).noquote()
            << "agent" << agent << "runs session" << info.id << "of" << info.user << "display" << info.display
            << ", which" << why << "; ending it there";
        endReported(agent, info.id, record && record->deleted && record->pid != 0 && record->agent == agent);
    }
    return Reported::Ended;
}

void SessionBroker::endReported(const QString &agent, const QString &id, bool confirmTombstone)
{
    const QString key = agent + QLatin1Char(' ') + id;
    m_ending.insert(key);
    m_agents->call(agent, MessageType::AgentTerminateSession,
                   Protocol::Body::encoded(Protocol::AgentSessionId { id }.encode()),
                   m_settings.agentTimeoutMs, this,
                   [this, key, agent, id, confirmTombstone](const AgentReply &r) {
                       m_ending.remove(key);
                       if (r.unreachable || r.error.startsWith(QLatin1String("refused"))) {
                           qCWarning(lcSession).noquote()
                               << "agent" << agent << "did not end session" << id << "(" << r.error
                               << "); trying again when it reports the session next";
                           return;
                       }
                       qCInfo(lcSession).noquote() << "agent" << agent << "ended session" << id;
                       if (!confirmTombstone)
                           return;
                       SessionRecord tombstone;
                       tombstone.id = id;
                       write(tombstone, Write::ConfirmEnded, [id](const QString &error) {
                           if (!error.isEmpty())
                               qCWarning(lcSession).noquote()
                                   << "cannot record that session" << id << "has ended:" << error;
                       });
                   });
}

void SessionBroker::handleCtl(MessageType type, const QCborMap &body, Reply reply)
{
    switch (type) {
    case MessageType::CtlSessionList: {
        QString error;
        const auto filter = Protocol::CtlSessionFilter::fromCbor(body, &error);
        if (!filter) {
            reply({}, error);
            return;
        }
        const qint64 now = nowSecs();
        Protocol::CtlSessionList list;
        const QList<SessionRecord> all = filter->terminated ? m_store->list(true)
            : filter->user.isEmpty()                        ? m_store->list()
                                                            : m_store->listByUser(filter->user);
        for (const SessionRecord &r : all) {
            if (filter->matches(r))
                list.sessions.append({ r, std::max<qint64>(0, now - r.created) });
        }
        reply(list.toCbor(), {});
        return;
    }
    case MessageType::CtlSessionTerminate: {
        QString error;
        const auto which = Protocol::CtlTerminate::fromCbor(body, &error);
        if (!which) {
            reply({}, error);
            return;
        }
        QList<SessionRecord> targets;
        QStringList errors;
        if (which->all) {
            targets = m_store->list();
        } else if (!which->user.isEmpty()) {
            targets = m_store->listByUser(which->user);
        } else {
            for (const QString &id : which->ids) {
                if (const auto r = m_store->get(id))
                    targets.append(*r);
                else
                    errors.append(QStringLiteral("no session with id %1").arg(id));
            }
        }
        terminateAll(targets, {}, errors, [reply](QStringList terminated, QStringList errs) {
            reply(Protocol::Terminated { terminated, errs }.toCbor(), {});
        });
        return;
    }
    case MessageType::CtlLoadList:
        reply(loadList().toCbor(), {});
        return;
    default:
        if (m_ctlHandler && m_ctlHandler(type, body, reply))
            return;
        reply({},
              QStringLiteral("request type %1 is not supported by this server").arg(static_cast<int>(type)));
    }
}

QList<AgentState> SessionBroker::withRecentSessions(QList<AgentState> states) const
{
    for (AgentState &state : states) {
        if (!state.load)
            continue;
        QSet<QString> users;
        for (const SessionRecord &r : m_store->listByAgent(state.agent)) {
            if (r.created * 1000 >= state.loadUpdatedMs)
                users.insert(r.user);
        }
        state.load->users += static_cast<int>(users.size());
    }
    return states;
}

Protocol::CtlLoadList SessionBroker::loadList() const
{
    Protocol::CtlLoadList out;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const AgentState &a : m_agents->agentStates()) {
        Protocol::CtlAgentLoad m;
        m.agent = a.agent;
        m.reachable = a.reachable;
        m.reason = a.reason;
        m.rating = a.reachable ? m_balancer->rating(a.agent, a.load) : 0.0;
        m.weight = m_balancer->weight(a.agent);
        m.penalized = m_balancer->isPenalized(a.agent, now);
        m.sessionsHere = m_store->listByAgent(a.agent).size();
        m.updated = a.loadUpdatedMs / 1000;
        if (a.linkUp)
            m.linkTrust = a.linkKey ? QStringLiteral("cluster key") : QStringLiteral("address");
        if (a.load)
            m.load = *a.load;
        out.agents.append(m);
    }
    return out;
}

void SessionBroker::applySessionInfo(SessionRecord *r, const Protocol::AgentSessionInfo &info)
{
    r->agentHostname = info.agentHostname;
    r->display = info.display;
    r->vncPort = info.vncPort;
    r->pid = info.pid;
    if (!info.geometry.isEmpty())
        r->geometry = info.geometry;
    if (info.created != 0)
        r->created = info.created;
    if (r->agentHostname.isEmpty()) {
        // No address from the agent: the host part of the terminalservers entry.
        QString host = r->agent;
        if (host.startsWith(QLatin1Char('[')))
            host = host.mid(1, host.indexOf(QLatin1Char(']')) - 1);
        else if (host.count(QLatin1Char(':')) == 1)
            host = host.left(host.indexOf(QLatin1Char(':')));
        r->agentHostname = host;
    }
}

} // namespace Server
