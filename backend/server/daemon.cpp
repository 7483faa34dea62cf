#include "backend/server/daemon.h"

#include "backend/server/admin/adminservice.h"
#include "backend/server/admin/eventlog.h"
#include "backend/server/agentpool.h"
#include "backend/server/clientsocket.h"
#include "backend/server/ha/haservice.h"
#include "backend/server/ha/hasettings.h"
#include "backend/server/ha/replicator.h"
#include "backend/server/servermetrics.h"
#include "backend/server/sessionbroker.h"
#include "backend/server/tombstonepurge.h"
#include "shared/logging/logging.h"
#include "shared/metrics/endpoint.h"
#include "shared/net/clusterkey.h"
#include "shared/net/tlsconnector.h"
#include "shared/net/tlsserver.h"
#include "shared/paths/paths.h"
#include "shared/store/sessionstore.h"

#include <QDateTime>
#include <QSysInfo>
#include <QTimer>

namespace Server {

namespace {
// Tombstones are kept for a week: long enough for an HA peer that was away to learn about the
// delete, short enough to keep the store small.
constexpr qint64 TombstoneLifetimeMs = 7LL * 24 * 3600 * 1000;
} // namespace

Daemon::Daemon(const ServerSettings &settings, QObject *parent) : QObject(parent), m_settings(settings)
{
}

Daemon::~Daemon()
{
    delete m_metricsEndpoint;
    if (m_broker)
        m_broker->setRequestObserver({});
    m_metrics.reset();
    delete m_admin;
    delete m_ha;
    delete m_socket;
    delete m_broker;
    delete m_agents;
    delete m_connector;
}

QString Daemon::storePath()
{
    return Paths::stateDir(QStringLiteral("vsmserver")) + QStringLiteral("/sessions.db");
}

bool Daemon::start(QString *error)
{
    const QString stateDir = Paths::stateDir(QStringLiteral("vsmserver"));
    if (!Paths::ensureDir(stateDir, error, 0700) || !Paths::ensureDir(Paths::runDir(), error, 0755))
        return false;
    m_store = std::make_unique<Store::SessionStore>();
    if (!m_store->open(storePath(), error))
        return false;
    qCInfo(lcServer).noquote() << "session store" << storePath() << "holds" << m_store->count()
                               << "sessions (node id" << m_store->nodeId() << ")";

    Net::TlsConnector::Options connectorOptions;
    if (!agentLinkOptions(&connectorOptions, error))
        return false;
    qCInfo(lcServer).noquote() << "agent links:" << connectorOptions.tls.describe();
    m_connector = new Net::TlsConnector(connectorOptions);
    m_balancer = std::make_unique<LoadBalancer>();
    m_agents = new AgentPool(m_connector, {});
    m_broker = new SessionBroker(m_store.get(), m_agents, m_balancer.get());
    connect(m_agents, &AgentPool::sessionsListed, m_broker, &SessionBroker::updateConnectionStates);
    apply(m_settings);

    if (!startHa(connectorOptions.tls, stateDir, error))
        return false;
    m_socket = new ClientSocket(m_broker);
    if (!m_socket->listen(ClientSocket::defaultPath(), error))
        return false;
    startAdmin(stateDir);
    startMetrics();
    startPurging();
    qCInfo(lcServer).noquote() << "vsmserver" << OPENVSM_VERSION
                               << "ready:" << m_settings.terminalServers.size()
                               << "agent(s), max_sessions_per_user" << m_settings.broker.maxSessionsPerUser;
    return true;
}

// The agent links: TLS, the cluster key when one is configured, and a source port below 1024,
// since agents take privileged calls only from root and that port proves it.
bool Daemon::agentLinkOptions(Net::TlsConnector::Options *options, QString *error) const
{
    if (!m_settings.clusterKeyFile.isEmpty()) {
        QString keyError;
        auto key = Net::ClusterKey::load(m_settings.clusterKeyFile, &keyError);
        if (!key) {
            *error = QStringLiteral("/vsm/cluster_key_file: %1").arg(keyError);
            return false;
        }
        options->tls.clusterKey = key;
        options->tls.keyRequired = m_settings.clusterKeyRequired;
    }
    options->privilegedSourcePort = true;
    options->link.program = QStringLiteral("vsmserver");
    options->link.nodeName = QSysInfo::machineHostName();
    return true;
}

// HA: node identity, replication, reconciliation, and tlctl's HA/health requests.
bool Daemon::startHa(const Net::TlsSettings &agentTls, const QString &stateDir, QString *error)
{
    m_ha = new Ha::HaService(m_store.get(), m_agents, m_broker);
    m_broker->setCtlHandler(
        [this](Protocol::MessageType type, const QCborMap &body, const SessionBroker::Reply &reply) {
            return m_ha->handleCtl(type, body, reply);
        });
    const auto ha = Ha::HaSettings::load(error);
    if (!ha)
        return false;
    Net::TlsSettings tls = agentTls;
    if (ha->enabled && tls.needsIdentity()) {
        tls.identity = Net::TlsIdentity::loadOrCreate(stateDir, QSysInfo::machineHostName(), error);
        if (!tls.identity)
            return false;
    }
    return m_ha->start(*ha, tls, error);
}

// The admin API; also served to root over the local socket (tlctl without --node: the peer
// credentials are the authorisation), even when the admin port is off.
void Daemon::startAdmin(const QString &stateDir)
{
    Admin::AdminService::Options adminOptions;
    adminOptions.port = m_settings.adminPort;
    adminOptions.stateDir = stateDir;
    adminOptions.configFile = Paths::configFile();
    adminOptions.haEnabled = [this]() { return m_settings.haEnabled; };
    adminOptions.reload = [this]() { reload(); };
    adminOptions.restart = m_restart;
    m_admin = new Admin::AdminService(adminOptions, m_broker, m_agents, m_store.get());
    QString adminError;
    if (!m_admin->start(&adminError)) // sessions are more important than the console: keep serving
        qCCritical(lcAdmin).noquote() << adminError << "- the admin API is OFF until vsmserver restarts";
    connect(m_ha, &Ha::HaService::statusChanged, m_admin, &Admin::AdminService::haStatusChanged);
    connect(m_ha, &Ha::HaService::logged, m_admin, &Admin::AdminService::record);
    connect(m_broker, &SessionBroker::logged, m_admin, &Admin::AdminService::record);
    connect(m_socket, &ClientSocket::refusalLogged, m_admin,
            [admin = m_admin](Net::RefusalReason reason, uint uid, const QString &why) {
                admin->record(Admin::EventLog::refusal(QStringLiteral("local"), reason,
                                                       QStringLiteral("uid %1").arg(uid), why));
            });
    m_socket->setAdminHandler([this](Protocol::MessageType type, const QCborMap &body, const QString &peer,
                                     const ClientSocket::Reply &reply) {
        if (!Admin::AdminService::serves(type))
            return false;
        m_admin->handle({ type, body, peer, reply });
        return true;
    });
}

// Records of sessions ended more than a week ago go, once an hour.
void Daemon::startPurging()
{
    m_purgeTimer = new QTimer(this);
    m_purgeTimer->setInterval(3600 * 1000);
    connect(m_purgeTimer, &QTimer::timeout, this, &Daemon::purgeTombstones);
    m_purgeTimer->start();
}

// TombstonePurge says which records go and which pending ends are given up.
void Daemon::purgeTombstones()
{
    const TombstonePurge::Result r = TombstonePurge::run(
        m_store.get(), m_settings.terminalServers, QDateTime::currentMSecsSinceEpoch(), TombstoneLifetimeMs);
    if (!r.error.isEmpty())
        qCWarning(lcServer).noquote() << r.error;
    if (r.dropped > 0)
        qCInfo(lcServer).noquote() << "dropped" << r.dropped
                                   << "records of sessions ended more than a week ago";
    for (const QString &id : r.givenUp)
        qCInfo(lcServer).noquote()
            << "session" << id
            << "was terminated while its agent could not be reached, and that agent is no "
               "longer in /vsmserver/terminalservers: its end is no longer awaited";
}

// The Prometheus endpoint (/vsmserver/metrics/...). Like the admin API, it is less important than
// the sessions: when it cannot listen, vsmserver says so and keeps serving without it.
void Daemon::startMetrics()
{
    m_metrics = std::make_unique<ServerMetrics>(m_store.get(), m_agents, m_ha, [this] {
        Metrics::RefusalSources sources;
        sources.append({ QStringLiteral("local"), &m_socket->refusals() });
        if (m_ha->replicator())
            sources.append({ QStringLiteral("replication"), m_ha->replicator()->refusals() });
        // The admin API's listener is its AdminService's child.
        const auto *admin = m_admin ? m_admin->findChild<Net::TlsServer *>() : nullptr;
        if (admin)
            sources.append({ QStringLiteral("admin"), &admin->refusals() });
        if (m_metricsEndpoint)
            sources.append({ QStringLiteral("metrics"), &m_metricsEndpoint->refusals() });
        return sources;
    });
    m_broker->setRequestObserver(
        [this](Protocol::MessageType type, qint64 ms, bool ok) { m_metrics->observeRequest(type, ms, ok); });
    if (Ha::Replicator *replicator = m_ha->replicator())
        connect(replicator, &Ha::Replicator::resyncFinished, this,
                [this](Protocol::ResyncKind kind, Protocol::ResyncDirection direction, qint64 ms) {
                    m_metrics->observeResync(kind, direction, ms);
                });
    if (m_settings.metricsPort == 0)
        return;
    m_metricsEndpoint = new Metrics::Endpoint([this] { return m_metrics->render(); });
    QString error;
    if (!m_metricsEndpoint->listen(QHostAddress(m_settings.metricsAddress), m_settings.metricsPort, &error)) {
        qCCritical(lcServer).noquote()
            << QStringLiteral("metrics endpoint (/vsmserver/metrics/listen_port, "
                              "listen_address): %1 - metrics are OFF until vsmserver "
                              "restarts")
                   .arg(error);
        delete m_metricsEndpoint;
        m_metricsEndpoint = nullptr;
        return;
    }
    qCInfo(lcServer).noquote() << QStringLiteral("serving Prometheus metrics on http://%1:%2/metrics")
                                      .arg(m_settings.metricsAddress.contains(QLatin1Char(':'))
                                               ? QLatin1Char('[') + m_settings.metricsAddress
                                                   + QLatin1Char(']')
                                               : m_settings.metricsAddress)
                                      .arg(m_settings.metricsPort);
}

void Daemon::apply(const ServerSettings &settings)
{
    m_settings = settings;
    m_balancer->setSettings(settings.balancer);
    m_broker->setSettings(settings.broker);
    AgentPool::Options options;
    options.loadUpdateCycleMs = settings.loadUpdateCycleSeconds * 1000;
    m_agents->setOptions(options);
    m_agents->setAgents(settings.terminalServers);
}

void Daemon::shutDown(const std::function<void()> &stopped)
{
    const int graceMs = m_ha ? m_ha->beginShutdown() : 0;
    if (graceMs <= 0)
        return stopped();
    // Precise: a coarse timer may fire up to 5 % early, and the grace is a promise to the HA
    // engine that the node stays up, reporting "not fit", for the whole time.
    QTimer::singleShot(graceMs, Qt::PreciseTimer, this, stopped);
}

QString Daemon::statusLine() const
{
    if (!m_store)
        return QStringLiteral("starting");
    const QString ha = !m_ha || !m_ha->active()
        ? QStringLiteral("HA off")
        : (m_ha->resourceIsLocal() ? QStringLiteral("HA on, holds the resource address")
                                   : QStringLiteral("HA on, standby"));
    return QStringLiteral("%1 session(s), %2 agent(s), %3")
        .arg(m_store->count())
        .arg(m_settings.terminalServers.size())
        .arg(ha);
}

void Daemon::reload()
{
    QStringList errors, warnings;
    const auto settings = ServerSettings::load(&errors, &warnings);
    for (const QString &w : std::as_const(warnings))
        qCWarning(lcConfig).noquote() << w;
    if (!settings) {
        for (const QString &e : std::as_const(errors))
            qCCritical(lcConfig).noquote() << e;
        qCCritical(lcConfig) << "configuration not reloaded: fix the values above and send SIGHUP again";
        return;
    }
    if (settings->metricsPort != m_settings.metricsPort
        || settings->metricsAddress != m_settings.metricsAddress)
        qCWarning(lcConfig).noquote() << "/vsmserver/metrics/listen_port or listen_address changed: restart "
                                         "vsmserver to serve metrics there";
    apply(*settings);
    qCInfo(lcConfig).noquote() << "configuration reloaded:" << settings->terminalServers.size() << "agent(s)";
    if (m_admin)
        m_admin->configurationReloaded();
}

} // namespace Server
