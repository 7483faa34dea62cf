#pragma once

#include "backend/agent/service.h"
#include "backend/agent/settings.h"

#include "shared/net/tlsserver.h"
#include "shared/net/trust.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>

namespace Metrics {
class Endpoint;
}
namespace Posix {
class UnixSignals;
}
namespace Systemd {
class Notifier;
}

namespace Agent {

// The vsmagent daemon: reads its configuration (Paths::configFile(), honouring OPENVSM_ROOT),
// listens with TLS on /vsmagent/listen_port (0: /vsm/vsm_agent_port), answers the agent link
// through Service, checks privileged calls against Net::Trust (allowed_clients,
// master_hostname, localhost, own addresses), and handles SIGTERM/SIGINT (quit, sessions keep
// running) and SIGHUP (reload the configuration, resolve names again).
class Daemon final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Daemon)

public:
    explicit Daemon(QObject *parent = nullptr);
    ~Daemon() override;

    // Loads the configuration and starts listening. On failure *errors holds one line per
    // problem (each bad parameter, an unusable cluster key, a port in use) and nothing runs.
    bool start(QStringList *errors);

    quint16 port() const;

    // Reads and validates the agent's parameters from configFile.
    static bool loadSettings(const QString &configFile, Settings *settings, QStringList *errors);

    // Routes SIGTERM, SIGINT and SIGHUP into the event loop. Call once, from main().
    void installSignalHandlers();

    // SIGHUP: re-reads the configuration; a bad one is logged and the old one kept.
    void reload();

private:
    bool applyTls(const Settings &settings, Net::TlsSettings *tls, QStringList *errors);
    void rebuildTrust();
    void startMetrics();
    void onNewLink(Protocol::Link *link, const QHostAddress &peer);
    void onSignal(int signalNumber);
    Protocol::AgentConfig configForLink() const;
    bool setConfigFromLink(const Protocol::AgentConfig &change, QString *error);
    bool installClusterKey(const Protocol::AgentConfig &change, QList<QPair<QString, QString>> *changes,
                           QString *error);

    Settings m_settings;
    Net::Trust m_trust;
    std::unique_ptr<Service> m_service;
    std::unique_ptr<Net::TlsServer> m_server;
    std::unique_ptr<Metrics::Endpoint> m_metrics;
    Posix::UnixSignals *m_signals = nullptr;
    Systemd::Notifier *m_notifier = nullptr; // Type=notify: READY, STATUS, watchdog
    QList<QPointer<Protocol::Link>> m_links; // open links, told when the configuration changes
    QString m_configFile;
};

} // namespace Agent
