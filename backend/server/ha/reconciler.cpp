#include "backend/server/ha/reconciler.h"

#include "backend/server/agentgateway.h"
#include "backend/server/sessionbroker.h"
#include "shared/logging/logging.h"
#include "shared/protocol/agentmessages.h"
#include "shared/store/sessionstore.h"

#include <QCborArray>
#include <QDateTime>
#include <QSet>
#include <QTimer>

namespace Ha {

using Protocol::MessageType;
using Store::SessionRecord;

Reconciler::Reconciler(Store::SessionStore *store, Server::AgentGateway *agents,
                       Server::SessionBroker *broker, int graceSeconds, QObject *parent)
    : QObject(parent), m_store(store), m_agents(agents), m_broker(broker), m_graceSeconds(graceSeconds)
{
}

void Reconciler::run(const QString &why)
{
    m_lastRunMs = QDateTime::currentMSecsSinceEpoch();
    qCInfo(lcHa).noquote() << "HA: checking the session records against the agents (" << why << ")";
    for (const Server::AgentState &state : m_agents->agentStates())
        checkAgent(state.agent);
}

void Reconciler::checkAgent(const QString &agent)
{
    m_agents->call(
        agent, MessageType::AgentListSessions, {}, 10000, this, [this, agent](const Server::AgentReply &r) {
            if (!r.ok())
                return askAgainLater(agent, r.error);
            m_askUntil.remove(agent);
            QString error;
            const auto list = Protocol::AgentSessionList::fromCbor(r.body, &error);
            if (!list) {
                qCWarning(lcHa).noquote()
                    << "HA: agent" << agent << "sent a session list that cannot be read (" << error
                    << "); its records stay as they are";
                return;
            }
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            QSet<QString> running;
            for (const Protocol::AgentSessionInfo &info : list->sessions) {
                const QString id = info.id;
                running.insert(id);
                m_missingSince.remove(id);
                // Recorded: nothing to do; Starting: its record is on the way; Ended: over for
                // the cluster (a tombstone tells "terminated" from "unknown"), the broker ends it.
                if (m_broker->reported(agent, info) != Server::SessionBroker::Reported::Unknown)
                    continue;
                SessionRecord rec;
                rec.id = id;
                rec.user = info.user;
                rec.uid = info.uid;
                rec.agent = agent;
                rec.command = info.command;
                Server::SessionBroker::applySessionInfo(&rec, info);
                rec.state = Store::SessionState::Disconnected;
                ++m_adopted;
                qCWarning(lcHa).noquote() << "HA: agent" << agent << "runs session" << id << "of" << rec.user
                                          << "display" << rec.display << "that no record names; adopting it";
                Q_EMIT logged(Server::SessionBroker::logEntry(rec, Server::SessionBroker::SessionEvent::Began,
                                                              QStringLiteral("adopted: its agent runs it")));
                m_broker->commit(rec, false, [](const QString &) {});
            }
            bool pending = false;
            for (const SessionRecord &rec : m_store->listByAgent(agent)) {
                if (running.contains(rec.id))
                    continue;
                auto it = m_missingSince.find(rec.id);
                if (it == m_missingSince.end()) {
                    m_missingSince.insert(rec.id, now);
                    pending = true;
                    qCInfo(lcHa).noquote()
                        << "HA: agent" << agent << "does not run session" << rec.id << "of" << rec.user
                        << "; its record goes in" << m_graceSeconds << "s unless the agent reports it";
                    continue;
                }
                if (now - it.value() < m_graceSeconds * 1000LL) {
                    pending = true;
                    continue;
                }
                m_missingSince.erase(it);
                ++m_removed;
                qCWarning(lcHa).noquote()
                    << "HA: removing the record of session" << rec.id << "of" << rec.user << "display"
                    << rec.display << ": agent" << agent << "does not run it";
                Q_EMIT logged(Server::SessionBroker::logEntry(
                    rec, Server::SessionBroker::SessionEvent::Ended,
                    QStringLiteral("ended: agent %1 no longer runs it").arg(agent)));
                m_broker->commit(rec, true, [](const QString &) {});
            }
            if (pending && !m_recheckScheduled) {
                m_recheckScheduled = true;
                QTimer::singleShot(m_graceSeconds * 1000 + 200, this, [this]() {
                    m_recheckScheduled = false;
                    run(QStringLiteral("grace period over"));
                });
            }
        });
}

// An agent that cannot be asked now (not connected yet after a restart, restarting itself) is
// asked again every AskAgainMs for as long as the grace period: sessions it runs without a record
// (a start in flight when a server died) must not wait for the next resync to be adopted.
void Reconciler::askAgainLater(const QString &agent, const QString &error)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto it = m_askUntil.find(agent);
    if (it == m_askUntil.end()) {
        it = m_askUntil.insert(agent, now + std::max(m_graceSeconds, 10) * 1000LL);
        qCInfo(lcHa).noquote() << "HA: cannot ask agent" << agent << "for its sessions (" << error
                               << "); its records stay as they are; asking again for"
                               << std::max(m_graceSeconds, 10) << "s";
    }
    if (now >= it.value()) {
        m_askUntil.erase(it);
        qCWarning(lcHa).noquote() << "HA: agent" << agent << "could not be asked for its sessions (" << error
                                  << "); its records stay as they are until the next check";
        return;
    }
    QTimer::singleShot(AskAgainMs, this, [this, agent]() {
        if (m_askUntil.contains(agent))
            checkAgent(agent);
    });
}

} // namespace Ha
