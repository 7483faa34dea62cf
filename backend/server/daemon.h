#pragma once

#include "backend/server/serversettings.h"
#include "shared/net/tlsconnector.h"

#include <QObject>

#include <functional>
#include <memory>

class QTimer;

namespace Ha {
class HaService;
}
namespace Store {
class SessionStore;
}
namespace Metrics {
class Endpoint;
}
namespace Admin {
class AdminService;
}

namespace Server {

class AgentPool;
class ClientSocket;
class LoadBalancer;
class ServerMetrics;
class SessionBroker;

// vsmserver put together: the session store, the agent links, the broker and the local socket.
class Daemon final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Daemon)

public:
    explicit Daemon(const ServerSettings &settings, QObject *parent = nullptr);
    ~Daemon() override;

    // Opens the store, connects to the agents and listens on the socket.
    bool start(QString *error);
    // Re-reads the configuration: terminalservers, limits, balancing. Bad values keep the old
    // settings and are logged.
    void reload();
    // SIGTERM: tells the HA engine (through the health check) that this node is going, keeps
    // serving for /vsmserver/HA/shutdown_grace, then calls stopped (at once without HA).
    void shutDown(const std::function<void()> &stopped);
    // What the admin API's AdminRestart calls (main.cpp: shut down, then re-exec). Set before start().
    void setRestartHandler(std::function<void()> restart) { m_restart = std::move(restart); }
    // One line for `systemctl status`: sessions, agents, HA.
    QString statusLine() const;

    static QString storePath(); // <state dir>/vsmserver/sessions.db

private:
    void apply(const ServerSettings &settings);
    bool agentLinkOptions(Net::TlsConnector::Options *options, QString *error) const;
    bool startHa(const Net::TlsSettings &agentTls, const QString &stateDir, QString *error);
    void startAdmin(const QString &stateDir);
    void startMetrics();
    void startPurging();
    void purgeTombstones();

    ServerSettings m_settings;
    std::function<void()> m_restart;
    std::unique_ptr<Store::SessionStore> m_store;
    std::unique_ptr<LoadBalancer> m_balancer;
    Net::TlsConnector *m_connector = nullptr;
    AgentPool *m_agents = nullptr;
    SessionBroker *m_broker = nullptr;
    ClientSocket *m_socket = nullptr;
    Admin::AdminService *m_admin = nullptr;
    QTimer *m_purgeTimer = nullptr;
    Ha::HaService *m_ha = nullptr;
    std::unique_ptr<ServerMetrics> m_metrics;
    Metrics::Endpoint *m_metricsEndpoint = nullptr;
};

} // namespace Server
