#pragma once

#include "shared/protocol/adminmessages.h"

#include <QHash>
#include <QObject>
#include <QString>

namespace Store {
class SessionStore;
}
namespace Server {
class AgentGateway;
class SessionBroker;
} // namespace Server

namespace Ha {

// The agents are the ground truth. After a resync or merge, the node that holds the resource IP
// asks every agent which sessions it runs (AgentListSessions):
// - a record of a session its agent does not run is removed once it has been missing for the
//   grace period (/vsmserver/HA/reconcile_grace, default 60 s; a session being started right now
//   is not yet in the agent's list, and an agent may be restarting);
// - a session an agent runs that the store does not know (no live record, no tombstone) and
//   that this server is not starting right now is adopted (a record is written for it); one the
//   cluster has ended (a tombstone, a live record on another agent) is ended on the agent
//   (SessionBroker::reported);
// each fix is logged, and is an entry of the node's event log (logged()): a removed record is a
// session that ended on its own (the user logged out) or with its agent. Agents that cannot be reached are
// left alone (their records stay) and asked again every 2 s for the grace period.
class Reconciler final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Reconciler)

public:
    static constexpr int AskAgainMs = 2000; // an agent that could not be asked, again after this

    Reconciler(Store::SessionStore *store, Server::AgentGateway *agents, Server::SessionBroker *broker,
               int graceSeconds, QObject *parent = nullptr);

    // Runs one pass now; records found missing are checked again after the grace period.
    void run(const QString &why);

    int lastRemoved() const { return m_removed; }
    int lastAdopted() const { return m_adopted; }
    qint64 lastRunMs() const { return m_lastRunMs; }

Q_SIGNALS:
    void logged(const Protocol::AdminLogEntry &entry);

private:
    void checkAgent(const QString &agent);
    void askAgainLater(const QString &agent, const QString &error);

    Store::SessionStore *m_store;
    Server::AgentGateway *m_agents;
    Server::SessionBroker *m_broker;
    int m_graceSeconds;
    QHash<QString, qint64> m_missingSince; // session id -> ms since the epoch
    bool m_recheckScheduled = false;
    QHash<QString, qint64> m_askUntil; // agent -> until when it is asked again (ms since the epoch)
    int m_removed = 0;
    int m_adopted = 0;
    qint64 m_lastRunMs = 0;
};

} // namespace Ha
