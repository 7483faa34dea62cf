#include "ha/reconciler.h"

#include "agentgateway.h"
#include "logging.h"
#include "session/sessionstore.h"
#include "sessionbroker.h"

#include <QCborArray>
#include <QDateTime>
#include <QSet>
#include <QTimer>

namespace Ha {

using Protocol::MessageType;
using Store::SessionRecord;

namespace {
QString k(const char *name)
{
    return QString::fromLatin1(name);
}
} // namespace

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
            if (!r.ok()) {
                qCInfo(lcHa).noquote() << "HA: cannot ask agent" << agent << "for its sessions (" << r.error
                                       << "); its records stay as they are";
                return;
            }
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            QSet<QString> running;
            const QCborArray sessions = r.body.value(k("sessions")).toArray();
            for (const QCborValue &v : sessions) {
                const QCborMap info = v.toMap();
                const QString id = info.value(k("id")).toString();
                if (id.isEmpty())
                    continue;
                running.insert(id);
                m_missingSince.remove(id);
                if (m_store->get(id))
                    continue;
                SessionRecord rec;
                rec.id = id;
                rec.user = info.value(k("user")).toString();
                rec.uid = info.value(k("uid")).toInteger(-1);
                rec.agent = agent;
                rec.agentHostname = info.value(k("agent_hostname")).toString();
                rec.display = static_cast<int>(info.value(k("display")).toInteger());
                rec.vncPort = static_cast<int>(info.value(k("vnc_port")).toInteger());
                rec.pid = info.value(k("pid")).toInteger();
                rec.geometry = info.value(k("geometry")).toString();
                rec.command = info.value(k("command")).toString();
                rec.created = info.value(k("created")).toInteger();
                rec.state = Store::SessionState::Disconnected;
                ++m_adopted;
                qCWarning(lcHa).noquote() << "HA: agent" << agent << "runs session" << id << "of" << rec.user
                                          << "display" << rec.display << "that no record names; adopting it";
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

} // namespace Ha
