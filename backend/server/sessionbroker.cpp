#include "sessionbroker.h"

#include "logging.h"

#include <QCborArray>
#include <QDateTime>
#include <QSet>
#include <QUuid>

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

QString k(const char *name)
{
    return QString::fromLatin1(name);
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

void SessionBroker::handleClient(MessageType type, const Caller &caller, const QCborMap &body, Reply reply)
{
    if (caller.user.isEmpty()) {
        reply({}, QStringLiteral("cannot tell who you are (uid %1 has no user name)").arg(caller.uid));
        return;
    }
    const QString geometry = body.value(k("geometry")).toString();
    if (body.contains(k("geometry")) && !validGeometry(geometry)) {
        reply({}, QStringLiteral("geometry '%1' is not WIDTHxHEIGHT (for example 1280x800)").arg(geometry));
        return;
    }
    switch (type) {
    case MessageType::ClientListSessions: {
        QCborArray list;
        QList<SessionRecord> mine = m_store->listByUser(caller.user);
        sortNewestFirst(&mine);
        for (const SessionRecord &r : std::as_const(mine))
            list.append(clientSession(r));
        reply(QCborMap { { k("sessions"), list } }, {});
        return;
    }
    case MessageType::ClientGetSession:
    case MessageType::ClientNewSession:
    case MessageType::ClientReplaceSession:
    case MessageType::ClientTerminateSession:
        break;
    default:
        reply({}, QStringLiteral("request type %1 is not a client request").arg(static_cast<int>(type)));
        return;
    }
    QString error;
    if (type != MessageType::ClientTerminateSession && !allowed(caller, &error)) {
        qCWarning(lcSession).noquote() << "refused session for" << caller.user << ":" << error;
        reply({}, error);
        return;
    }
    serialize(caller.user, [this, type, caller, body, reply](std::function<void()> finished) {
        Reply done = [reply, finished](const QCborMap &b, const QString &e) {
            reply(b, e);
            finished();
        };
        switch (type) {
        case MessageType::ClientGetSession:
            get(caller, body, done);
            break;
        case MessageType::ClientNewSession:
            create(caller, body, false, {}, done);
            break;
        case MessageType::ClientReplaceSession: {
            const QList<SessionRecord> mine = m_store->listByUser(caller.user);
            terminateAll(mine, {}, {}, [this, caller, body, done](QCborArray terminated, QStringList errors) {
                if (!errors.isEmpty()) {
                    done({},
                         QStringLiteral("could not terminate your existing session(s): %1")
                             .arg(errors.join(QStringLiteral("; "))));
                    return;
                }
                create(caller, body, true, terminated, done);
            });
            break;
        }
        case MessageType::ClientTerminateSession: {
            const QString id = body.value(k("id")).toString();
            const auto record = m_store->get(id);
            if (id.isEmpty() || !record || record->user != caller.user) {
                done({}, QStringLiteral("you have no session with id '%1'").arg(id));
                return;
            }
            terminateOne(*record, [id, done](const QString &e) {
                if (!e.isEmpty())
                    done({}, e);
                else
                    done(QCborMap { { k("terminated"), QCborArray { id } } }, {});
            });
            break;
        }
        default:
            done({}, QStringLiteral("unsupported request"));
        }
    });
}

void SessionBroker::get(const Caller &caller, const QCborMap &body, Reply reply)
{
    QList<SessionRecord> mine = m_store->listByUser(caller.user);
    sortNewestFirst(&mine);
    tryReconnect(caller, mine, {}, body, reply);
}

void SessionBroker::tryReconnect(const Caller &caller, QList<SessionRecord> candidates, QStringList problems,
                                 const QCborMap &body, Reply reply)
{
    if (candidates.isEmpty()) {
        // Nothing to reconnect to: a new session, unless the user is at the limit with sessions
        // that merely cannot be reached right now.
        const int count = static_cast<int>(m_store->listByUser(caller.user).size());
        if (m_settings.maxSessionsPerUser > 0 && count >= m_settings.maxSessionsPerUser) {
            reply({},
                  QStringLiteral("your session(s) cannot be reached now (%1) and you are at the limit of %2 "
                                 "session(s) (/vsmserver/max_sessions_per_user); try again later, or "
                                 "terminate the existing session and start a new one (tlclient "
                                 "--terminate-existing)")
                      .arg(problems.join(QStringLiteral("; ")))
                      .arg(m_settings.maxSessionsPerUser));
            return;
        }
        create(caller, body, false, {}, reply);
        return;
    }
    const SessionRecord record = candidates.takeFirst();
    m_agents->call(
        record.agent, MessageType::AgentVerifySession, QCborMap { { k("id"), record.id } },
        m_settings.agentTimeoutMs, this,
        [this, caller, record, candidates, problems, body, reply](const AgentReply &verify) mutable {
            if (!verify.ok()) {
                qCWarning(lcSession).noquote() << "cannot verify session" << record.id << "of" << record.user
                                               << "on" << record.agent << ":" << verify.error;
                problems.append(QStringLiteral("display %1 on %2: %3")
                                    .arg(record.display)
                                    .arg(record.agent, verify.error));
                tryReconnect(caller, candidates, problems, body, reply);
                return;
            }
            if (!verify.body.value(k("alive")).toBool()) {
                const QString reason = verify.body.value(k("reason")).toString();
                qCInfo(lcSession).noquote()
                    << "session" << record.id << "of" << record.user << "on" << record.agent << "display"
                    << record.display << "is gone (" << reason << "); removing it";
                commit(record, true, [this, caller, candidates, problems, body, reply](const QString &) {
                    tryReconnect(caller, candidates, problems, body, reply);
                });
                return;
            }
            m_agents->call(
                record.agent, MessageType::AgentReconnectSession, QCborMap { { k("id"), record.id } },
                m_settings.agentTimeoutMs, this,
                [this, caller, record, candidates, problems, body, reply](const AgentReply &rc) mutable {
                    if (!rc.ok()) {
                        qCWarning(lcSession).noquote()
                            << "agent" << record.agent << "refused to reconnect session" << record.id << ":"
                            << rc.error;
                        problems.append(QStringLiteral("display %1 on %2: %3")
                                            .arg(record.display)
                                            .arg(record.agent, rc.error));
                        tryReconnect(caller, candidates, problems, body, reply);
                        return;
                    }
                    const QCborMap info = rc.body.value(k("session")).toMap();
                    const QByteArray password = info.value(k("password")).toByteArray();
                    SessionRecord updated = record;
                    applySessionInfo(&updated, info);
                    updated.state = Store::SessionState::Running;
                    updated.lastConnection = nowSecs();
                    updated.lastClient = caller.reportedClientAddress;
                    commit(updated, false, [this, updated, password, reply](const QString &error) {
                        if (!error.isEmpty()) {
                            reply({}, error);
                            return;
                        }
                        qCInfo(lcSession).noquote()
                            << "user" << updated.user << "reconnects to session" << updated.id << "on"
                            << updated.agent << "display" << updated.display;
                        QCborMap s = clientSession(m_store->get(updated.id).value_or(updated));
                        s.insert(k("new"), false);
                        s.insert(k("password"), password);
                        reply(QCborMap { { k("session"), s } }, {});
                    });
                });
        });
}

void SessionBroker::create(const Caller &caller, const QCborMap &body, bool ignoreLimit,
                           QCborArray terminated, Reply reply)
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
    base.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    base.user = caller.user;
    base.uid = caller.uid;
    base.geometry = body.value(k("geometry")).toString();
    base.command = body.value(k("command")).toString();
    base.lastClient = caller.reportedClientAddress;
    tryStart(caller, base, ranking.order, ranking.skipped, terminated, reply);
}

void SessionBroker::tryStart(const Caller &caller, const SessionRecord &base, QStringList order,
                             QStringList problems, QCborArray terminated, Reply reply)
{
    if (order.isEmpty()) {
        const QString why = problems.isEmpty()
            ? QStringLiteral("no agents are configured in /vsmserver/terminalservers")
            : problems.join(QStringLiteral("; "));
        qCWarning(lcSession).noquote() << "cannot start a session for" << caller.user << ":" << why;
        reply({}, QStringLiteral("no agent could start a session: %1").arg(why));
        return;
    }
    const QString agent = order.takeFirst();
    QCborMap request { { k("id"), base.id }, { k("user"), base.user } };
    if (!base.geometry.isEmpty())
        request.insert(k("geometry"), base.geometry);
    if (!base.command.isEmpty())
        request.insert(k("command"), base.command);
    m_agents->call(
        agent, MessageType::AgentStartSession, request, m_settings.startTimeoutMs, this,
        [this, caller, base, agent, order, problems, terminated, reply](const AgentReply &r) mutable {
            if (!r.ok()) {
                qCWarning(lcSession).noquote()
                    << "agent" << agent << "failed to start a session for" << base.user << ":" << r.error
                    << "- it goes to the back of the queue for 5 minutes";
                m_balancer->penalize(agent, QDateTime::currentMSecsSinceEpoch());
                problems.append(QStringLiteral("%1: %2").arg(agent, r.error));
                tryStart(caller, base, order, problems, terminated, reply);
                return;
            }
            const QCborMap info = r.body.value(k("session")).toMap();
            const QByteArray password = info.value(k("password")).toByteArray();
            SessionRecord record = base;
            record.agent = agent;
            applySessionInfo(&record, info);
            record.state = Store::SessionState::Running;
            if (record.created == 0)
                record.created = nowSecs();
            record.lastConnection = nowSecs();
            m_balancer->clearPenalty(agent);
            commit(record, false, [this, record, password, terminated, reply](const QString &error) {
                if (!error.isEmpty()) {
                    // The agent runs a session that no record names: end it there, or its Xvnc
                    // would run on, known to nobody (the user got no answer for it).
                    qCWarning(lcSession).noquote()
                        << "session" << record.id << "of" << record.user << "on" << record.agent << "display"
                        << record.display << "cannot be recorded; ending it on the agent";
                    m_agents->call(record.agent, MessageType::AgentTerminateSession,
                                   QCborMap { { k("id"), record.id } }, m_settings.agentTimeoutMs, this,
                                   [record](const AgentReply &r) {
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
                QCborMap s = clientSession(m_store->get(record.id).value_or(record));
                s.insert(k("new"), true);
                s.insert(k("password"), password);
                QCborMap body { { k("session"), s } };
                if (!terminated.isEmpty())
                    body.insert(k("terminated"), terminated);
                reply(body, {});
            });
        });
}

void SessionBroker::terminateAll(QList<SessionRecord> sessions, QCborArray done, QStringList errors,
                                 std::function<void(QCborArray, QStringList)> finished)
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
    m_agents->call(record.agent, MessageType::AgentTerminateSession, QCborMap { { k("id"), record.id } },
                   m_settings.agentTimeoutMs, this, [this, record, done](const AgentReply &r) {
                       if (!r.ok() && r.error.startsWith(QLatin1String("refused"))) {
                           qCWarning(lcSession).noquote()
                               << "agent" << record.agent << "refused to terminate session" << record.id
                               << ":" << r.error;
                           done(QStringLiteral("agent %1 refused to terminate session %2: %3")
                                    .arg(record.agent, record.id, r.error));
                           return;
                       }
                       if (r.unreachable)
                           qCWarning(lcSession).noquote()
                               << "agent" << record.agent << "is not reachable (" << r.error << "); session"
                               << record.id << "of" << record.user
                               << "is forgotten here and may still run there";
                       else if (!r.ok())
                           qCInfo(lcSession).noquote() << "agent" << record.agent << "does not run session"
                                                       << record.id << "(" << r.error << "); removing it";
                       commit(record, true, [this, record, done](const QString &error) {
                           if (error.isEmpty())
                               qCInfo(lcSession).noquote()
                                   << "terminated session" << record.id << "of" << record.user << "on"
                                   << record.agent << "display" << record.display;
                           done(error);
                       });
                   });
}

void SessionBroker::updateConnectionStates(const QString &agent, const QCborArray &sessions)
{
    for (const QCborValue &v : sessions) {
        const QCborMap info = v.toMap();
        const QCborValue connected = info.value(QStringLiteral("connected"));
        if (!connected.isBool())
            continue; // an agent that does not report it
        auto record = m_store->get(info.value(QStringLiteral("id")).toString());
        if (!record || record->agent != agent)
            continue;
        const Store::SessionState state
            = connected.toBool() ? Store::SessionState::Running : Store::SessionState::Disconnected;
        if (record->state == state)
            continue;
        qCInfo(lcSession).noquote() << "session" << record->id << "of" << record->user << "on" << agent
                                    << "is now" << Store::sessionStateName(state);
        record->state = state;
        commit(*record, false, [id = record->id](const QString &error) {
            if (!error.isEmpty())
                qCWarning(lcSession).noquote() << "cannot record the state of session" << id << ":" << error;
        });
    }
}

void SessionBroker::commit(const SessionRecord &record, bool remove,
                           std::function<void(const QString &)> done)
{
    QString error;
    const std::optional<Store::Change> change
        = remove ? m_store->remove(record.id, &error) : m_store->upsert(record, &error);
    if (!change) {
        if (remove && !m_store->get(record.id)) {
            done({}); // already gone
            return;
        }
        qCCritical(lcSession).noquote() << error;
        done(QStringLiteral("the session database could not be written: %1").arg(error));
        return;
    }
    if (!m_ackHook) {
        done({});
        return;
    }
    m_ackHook(*change, [done]() { done({}); });
}

void SessionBroker::handleCtl(MessageType type, const QCborMap &body, Reply reply)
{
    switch (type) {
    case MessageType::CtlSessionList: {
        const QString user = body.value(k("user")).toString();
        const QString agent = body.value(k("agent")).toString();
        const qint64 display = body.value(k("display")).toInteger(-1);
        const qint64 now = nowSecs();
        QCborArray list;
        const QList<SessionRecord> all = user.isEmpty() ? m_store->list() : m_store->listByUser(user);
        for (const SessionRecord &r : all) {
            if ((!agent.isEmpty() && r.agent != agent) || (display >= 0 && r.display != display))
                continue;
            QCborMap m = r.toCbor();
            m.insert(k("age"), std::max<qint64>(0, now - r.created));
            list.append(m);
        }
        reply(QCborMap { { k("sessions"), list } }, {});
        return;
    }
    case MessageType::CtlSessionTerminate: {
        QList<SessionRecord> targets;
        QStringList errors;
        if (body.value(k("all")).toBool()) {
            targets = m_store->list();
        } else if (body.contains(k("user"))) {
            targets = m_store->listByUser(body.value(k("user")).toString());
        } else {
            const QCborArray ids = body.value(k("ids")).toArray();
            for (const QCborValue &v : ids) {
                const auto r = m_store->get(v.toString());
                if (r)
                    targets.append(*r);
                else
                    errors.append(QStringLiteral("no session with id %1").arg(v.toString()));
            }
            if (ids.isEmpty()) {
                reply({}, QStringLiteral("say which sessions to terminate: ids, user or all"));
                return;
            }
        }
        terminateAll(targets, {}, errors, [reply](QCborArray terminated, QStringList errs) {
            QCborArray e;
            for (const QString &s : std::as_const(errs))
                e.append(s);
            reply(QCborMap { { k("terminated"), terminated }, { k("errors"), e } }, {});
        });
        return;
    }
    case MessageType::CtlLoadList:
        reply(QCborMap { { k("agents"), loadList() } }, {});
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

QCborArray SessionBroker::loadList() const
{
    QCborArray out;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const AgentState &a : m_agents->agentStates()) {
        QCborMap m;
        m.insert(k("agent"), a.agent);
        m.insert(k("reachable"), a.reachable);
        m.insert(k("reason"), a.reason);
        m.insert(k("rating"), a.reachable ? m_balancer->rating(a.agent, a.load) : 0.0);
        m.insert(k("weight"), m_balancer->weight(a.agent));
        m.insert(k("penalized"), m_balancer->isPenalized(a.agent, now));
        m.insert(k("sessions_here"), static_cast<qint64>(m_store->listByAgent(a.agent).size()));
        m.insert(k("updated"), a.loadUpdatedMs / 1000);
        if (a.load) {
            const QCborMap l = a.load->toCbor();
            for (auto it = l.constBegin(); it != l.constEnd(); ++it)
                m.insert(it.key(), it.value());
        }
        out.append(m);
    }
    return out;
}

QCborMap SessionBroker::clientSession(const SessionRecord &r)
{
    QCborMap m;
    m.insert(k("id"), r.id);
    m.insert(k("agent_hostname"), r.agentHostname);
    m.insert(k("display"), r.display);
    m.insert(k("vnc_port"), r.vncPort);
    m.insert(k("geometry"), r.geometry);
    m.insert(k("command"), r.command);
    m.insert(k("state"), Store::sessionStateName(r.state));
    m.insert(k("created"), r.created);
    m.insert(k("last_connection"), r.lastConnection);
    return m;
}

void SessionBroker::applySessionInfo(SessionRecord *r, const QCborMap &info)
{
    if (info.contains(k("agent_hostname")))
        r->agentHostname = info.value(k("agent_hostname")).toString();
    if (info.contains(k("display")))
        r->display = static_cast<int>(info.value(k("display")).toInteger());
    if (info.contains(k("vnc_port")))
        r->vncPort = static_cast<int>(info.value(k("vnc_port")).toInteger());
    if (info.contains(k("pid")))
        r->pid = info.value(k("pid")).toInteger();
    if (info.contains(k("geometry")))
        r->geometry = info.value(k("geometry")).toString();
    if (info.contains(k("created")))
        r->created = info.value(k("created")).toInteger();
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
