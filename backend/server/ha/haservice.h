#pragma once

#include "backend/server/ha/hasettings.h"
#include "backend/server/sessionbroker.h"
#include "shared/protocol/ctlmessages.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

namespace Store {
class SessionStore;
}
namespace Net {
struct TlsSettings;
}
namespace Server {
class AgentGateway;
}

namespace Ha {

class Reconciler;
class Replicator;

// vsmserver's HA part as the daemon sees it: decides the node identity at start, runs the
// replication and the reconciliation with the agents, and answers tlctl's HA requests
// (CtlHaStatus, CtlHaRole, CtlHealth — the latter also without HA).
class HaService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HaService)

public:
    HaService(Store::SessionStore *store, Server::AgentGateway *agents, Server::SessionBroker *broker,
              QObject *parent = nullptr);
    ~HaService() override;

    // With HA/enabled=1: determines the node identity; on failure logs the explanation once and
    // runs without HA (returns true). Fails only when replication cannot listen.
    bool start(const HaSettings &settings, const Net::TlsSettings &tls, QString *error);

    // The state keepalived's notify hook recorded last (openvsm-ha-notify writes
    // RUNDIR/ha-engine.state, "STATE NAME PRIORITY EPOCH", before it tells vsmserver): start()
    // takes the role from there, since keepalived repeats no notification to a vsmserver that
    // (re)starts while it keeps its state. None, with why, when the file is unreadable, malformed
    // or written before this boot.
    struct RecordedRole {
        Protocol::HaRole role = Protocol::HaRole::Unknown;
        qint64 written = 0; // seconds since the epoch
    };
    static std::optional<RecordedRole> readRecordedRole(const QString &file, QString *why);

    // What the broker's writes wait for with replication running: the replicator's
    // acknowledgement, and in sync mode the changes sent ahead of this disk's fsync
    // (SessionBroker::setSendAhead(), after the store's beginSendingAhead(); logged when that
    // cannot be). start() does this; a benchmark that runs a replicator of its own does too.
    static void serveBroker(Server::SessionBroker *broker, Replicator *replicator, Store::SessionStore *store,
                            const HaSettings &settings);

    bool active() const { return m_replicator != nullptr; }
    bool enabled() const { return m_settings.enabled; } // HA/enabled (active() may still be false)
    // The role the HA engine's notify hook last reported (Unknown before the first).
    Protocol::HaRole role() const { return m_role; }
    Replicator *replicator() const { return m_replicator; }

    // Ctl requests this service answers; false for the others.
    bool handleCtl(Protocol::MessageType type, const QCborMap &body,
                   const Server::SessionBroker::Reply &reply);

    // SIGTERM: from now on the health check reports "vsmserver is shutting down", so that the HA
    // engine moves the resource IP away. Returns how long to keep serving before stopping
    // (/vsmserver/HA/shutdown_grace; 0 without HA).
    int beginShutdown();
    bool resourceIsLocal() const { return !localResourceAddress().isNull(); }
    // The address of HA/resource_address (a literal, or a name as last resolved; names are
    // looked up in the background at start and every 30 s) that is on one of this machine's
    // interfaces; null when none is (or none is configured, or the name is not resolved yet).
    QHostAddress localResourceAddress() const;

    // Failover drill: `tlctl ha step-down` / AdminHaStepDown make CtlHealth "not fit" for this
    // many seconds, so that keepalived's health check moves the resource IP to the peer.
    static constexpr int DefaultStepDownSeconds = 30;
    static constexpr int MaxStepDownSeconds = 3600;
    // Seconds the step-down still lasts (0: none).
    qint64 stepDownSecondsLeft() const;

Q_SIGNALS:
    // Something CtlHaStatus reports may have changed: the role (notify hook), whether the resource
    // IP is on a local interface (checked every second), a step-down, or anything of the
    // replication (Replicator::statusChanged). The admin API pushes the new status to consoles.
    void statusChanged();
    // For the node's event log: a role change (notify hook), and what the Replicator logs.
    void logged(const Protocol::AdminLogEntry &entry);

private:
    Protocol::CtlHealth health() const;
    Protocol::HaStatus status() const;
    void stepDown(const Protocol::CtlStepDown &request, const Server::SessionBroker::Reply &reply);
    void announceStepDownEnd();
    void setRole(Protocol::HaRole role);
    void restoreRecordedRole();
    void reconcileIfHolder(const QString &why);
    void lookUpResourceAddress();
    void checkResourceHeld();

    Store::SessionStore *m_store;
    Server::AgentGateway *m_agents;
    Server::SessionBroker *m_broker;
    HaSettings m_settings;
    QString m_reason; // why HA is on or off
    Replicator *m_replicator = nullptr;
    Reconciler *m_reconciler = nullptr;
    Protocol::HaRole m_role = Protocol::HaRole::Unknown;
    qint64 m_roleSinceMs = 0;
    bool m_shuttingDown = false;
    qint64 m_stepDownUntilMs = 0;
    QList<QHostAddress> m_resourceAddresses; // HA/resource_address, resolved
    bool m_resourceLookupPending = false;
    bool m_resourceHeld = false; // as last checked by checkResourceHeld()
};

} // namespace Ha
