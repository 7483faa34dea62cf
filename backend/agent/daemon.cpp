#include "backend/agent/daemon.h"

#include "backend/agent/agentmetrics.h"
#include "shared/config/tables.h"
#include "shared/config/values.h"
#include "shared/hiveconf/tree.h"
#include "shared/logging/logging.h"
#include "shared/metrics/endpoint.h"
#include "shared/net/tlsidentity.h"
#include "shared/paths/paths.h"
#include "shared/posix/unixsignals.h"
#include "shared/systemd/notifier.h"

#include <QCborArray>
#include <QCoreApplication>
#include <QHostInfo>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace Agent {

Daemon::Daemon(QObject *parent)
    : QObject(parent), m_notifier(new Systemd::Notifier(this)), m_configFile(Paths::configFile())
{
}

Daemon::~Daemon()
{
    // Sessions are deliberately left running: a restarted agent adopts them again.
    if (m_server)
        m_server->close();
}

bool Daemon::loadSettings(const QString &configFile, Settings *s, QStringList *errors)
{
    Hiveconf::Tree tree;
    QString error;
    if (!tree.load(configFile, &error)) {
        errors->append(QStringLiteral("cannot read the configuration: %1").arg(error));
        return false;
    }
    QStringList bad;
    const Config::Values v = Config::Values::load(Config::agentTable(), tree, &bad);
    if (!bad.isEmpty()) {
        errors->append(bad);
        return false;
    }
    const int listen = static_cast<int>(v.integer(QStringLiteral("/vsmagent/listen_port")));
    s->listenPort = listen != 0 ? listen : static_cast<int>(v.integer(QStringLiteral("/vsm/vsm_agent_port")));
    s->vncPortBase = static_cast<int>(v.integer(QStringLiteral("/vsm/vnc_port_base")));
    s->clusterKeyFile = Net::ClusterKey::resolvePath(v.string(QStringLiteral("/vsm/cluster_key_file")));
    s->clusterKeyRequired = v.boolean(QStringLiteral("/vsm/cluster_key_required"));
    s->allowedClients = v.list(QStringLiteral("/vsmagent/allowed_clients"));
    s->masterHostname = v.string(QStringLiteral("/vsmagent/master_hostname")).trimmed();
    s->agentHostname = v.string(QStringLiteral("/vsmagent/agent_hostname")).trimmed();
    s->displayMin = static_cast<int>(v.integer(QStringLiteral("/vsmagent/display_min")));
    s->displayMax = static_cast<int>(v.integer(QStringLiteral("/vsmagent/display_max")));
    s->defaultGeometry = v.geometry(QStringLiteral("/vsmagent/default_geometry"));
    s->xserverArgs = v.string(QStringLiteral("/vsmagent/xserver_args"));
    s->xvncPath = v.string(QStringLiteral("/vsmagent/xvnc_path"));
    s->xsessionScript = v.string(QStringLiteral("/vsmagent/xsession_script"));
    s->xvncStartTimeout = static_cast<int>(v.integer(QStringLiteral("/vsmagent/xvnc_start_timeout")));
    s->makeHomedir = v.boolean(QStringLiteral("/vsmagent/make_homedir"));
    s->makeHomedirMode = v.mode(QStringLiteral("/vsmagent/make_homedir_mode"));
    s->metricsPort = static_cast<int>(v.integer(QStringLiteral("/vsmagent/metrics/listen_port")));
    s->metricsAddress = v.string(QStringLiteral("/vsmagent/metrics/listen_address"));
    s->logFile = v.string(QStringLiteral("/vsmagent/logging/logfile"));
    s->logLevel = v.string(QStringLiteral("/vsmagent/logging/defaultlevel"));
    if (s->displayMin > s->displayMax)
        errors->append(
            QStringLiteral("/vsmagent/display_min: must not be above /vsmagent/display_max (got '%1' > '%2')")
                .arg(s->displayMin)
                .arg(s->displayMax));
    if (s->vncPortBase + s->displayMin > 65535)
        errors->append(
            QStringLiteral(
                "/vsmagent/display_min: /vsm/vnc_port_base + display_min is beyond port 65535 (got '%1')")
                .arg(s->displayMin));
    if (s->listenPort <= 0)
        errors->append(
            QStringLiteral("/vsmagent/listen_port: no port to listen on (got '%1')").arg(s->listenPort));
    return errors->isEmpty();
}

bool Daemon::applyTls(const Settings &settings, Net::TlsSettings *tls, QStringList *errors)
{
    QString error;
    if (!settings.clusterKeyFile.isEmpty()) {
        auto key = Net::ClusterKey::load(settings.clusterKeyFile, &error);
        if (!key) {
            errors->append(QStringLiteral("/vsm/cluster_key_file: %1").arg(error));
            return false;
        }
        tls->clusterKey = key;
        tls->keyRequired = settings.clusterKeyRequired;
    }
    const QString stateDir = Paths::stateDir(QStringLiteral("vsmagent"));
    if (!Paths::ensureDir(stateDir, &error, 0755)) {
        errors->append(error);
        return false;
    }
    auto identity = Net::TlsIdentity::loadOrCreate(stateDir, QHostInfo::localHostName(), &error);
    if (!identity) {
        errors->append(QStringLiteral("TLS identity: %1").arg(error));
        return false;
    }
    tls->identity = identity;
    return true;
}

void Daemon::rebuildTrust()
{
    m_trust.clear();
    m_trust.setAllowLocalhost(true);
    m_trust.setAllowOwnAddresses(true);
    m_trust.addNames(m_settings.allowedClients, QStringLiteral("allowed_clients"));
    if (!m_settings.masterHostname.isEmpty())
        m_trust.addNames({ m_settings.masterHostname }, QStringLiteral("master_hostname"));
    const QStringList unresolved = m_trust.unresolved();
    if (!unresolved.isEmpty())
        qCWarning(lcSecurity).noquote()
            << QStringLiteral("these names in /vsmagent/allowed_clients or /vsmagent/master_hostname "
                              "do not resolve, so they cannot make privileged calls: %1")
                   .arg(unresolved.join(QStringLiteral(", ")));
    qCInfo(lcSecurity).noquote()
        << QStringLiteral("privileged calls are accepted from: %1").arg(m_trust.describe());
}

bool Daemon::start(QStringList *errors)
{
    if (!loadSettings(m_configFile, &m_settings, errors))
        return false;

    Logging::Level level = Logging::Level::Info;
    Logging::parseLevel(m_settings.logLevel, &level);
    Logging::setLevels(level);
    if (!m_settings.logFile.isEmpty()) {
        QString error;
        if (!Logging::setLogFile(m_settings.logFile, &error))
            qCWarning(lcAgent).noquote()
                << QStringLiteral("/vsmagent/logging/logfile: %1; logging to the journal/stderr only")
                       .arg(error);
    }

    Net::TlsSettings tls;
    if (!applyTls(m_settings, &tls, errors))
        return false;

    m_service = std::make_unique<Service>(m_settings);
    QString error;
    if (!m_service->open(&error)) {
        errors->append(QStringLiteral("session state: %1").arg(error));
        return false;
    }
    rebuildTrust();
    m_service->setTrust([this](const QHostAddress &peer) { return m_trust.allows(peer); },
                        [this] { return m_trust.describe(); });
    m_service->setConfigHandlers(
        [this] { return configForLink(); },
        [this](const Protocol::AgentConfig &change, QString *why) { return setConfigFromLink(change, why); });

    Net::TlsServer::Options options;
    options.tls = tls;
    options.link.program = QStringLiteral("vsmagent");
    options.link.nodeName = QHostInfo::localHostName();
    // Anyone may connect and ask for the load; every other call is checked per request against
    // the trust rule. A privileged source port counts only from a trusted address.
    options.isTrustedAddress = [this](const QHostAddress &peer) { return m_trust.allows(peer); };
    m_server = std::make_unique<Net::TlsServer>(options);
    connect(m_server.get(), &Net::TlsServer::newLink, this, &Daemon::onNewLink);
    if (!m_server->listen(QHostAddress::Any, static_cast<quint16>(m_settings.listenPort), &error)) {
        errors->append(QStringLiteral("/vsmagent/listen_port: cannot listen on port %1: %2")
                           .arg(m_settings.listenPort)
                           .arg(error));
        return false;
    }
    qCInfo(lcAgent).noquote() << QStringLiteral("vsmagent %1 listening on port %2; %3")
                                     .arg(QStringLiteral(OPENVSM_VERSION))
                                     .arg(m_server->serverPort())
                                     .arg(tls.describe());
    qCInfo(lcAgent).noquote()
        << QStringLiteral(
               "sessions: displays %1..%2, Xvnc '%3', session script %4, clients reach this agent as %5")
               .arg(m_settings.displayMin)
               .arg(m_settings.displayMax)
               .arg(m_settings.xvncPath, m_settings.effectiveXsessionScript(),
                    m_settings.effectiveAgentHostname());
    startMetrics();
    m_notifier->setStatusSource([this] {
        return QStringLiteral("listening on port %1, %2 session(s)")
            .arg(port())
            .arg(m_service->registry().all().size());
    });
    m_notifier->ready();
    return true;
}

// The Prometheus endpoint (/vsmagent/metrics/...): when it cannot listen, the agent says so and
// keeps serving sessions without it.
void Daemon::startMetrics()
{
    if (m_settings.metricsPort == 0)
        return;
    m_metrics = std::make_unique<Metrics::Endpoint>([this] {
        QString error;
        LoadReport load = LoadReport::collect(QStringLiteral("/proc"), &error);
        load.sessions = static_cast<int>(m_service->registry().all().size());
        load.users = m_service->registry().userCount();
        return renderMetrics(load,
                             { { QStringLiteral("agent"), &m_server->refusals() },
                               { QStringLiteral("metrics"), &m_metrics->refusals() } });
    });
    QString error;
    if (!m_metrics->listen(QHostAddress(m_settings.metricsAddress),
                           static_cast<quint16>(m_settings.metricsPort), &error)) {
        qCCritical(lcAgent).noquote()
            << QStringLiteral("metrics endpoint (/vsmagent/metrics/listen_port, "
                              "listen_address): %1 - metrics are OFF until vsmagent "
                              "restarts")
                   .arg(error);
        m_metrics.reset();
        return;
    }
    qCInfo(lcAgent).noquote() << QStringLiteral("serving Prometheus metrics on port %1 of %2")
                                     .arg(m_settings.metricsPort)
                                     .arg(m_settings.metricsAddress);
}

quint16 Daemon::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void Daemon::onNewLink(Protocol::Link *link, const QHostAddress &peer)
{
    QPointer<Protocol::Link> guard(link);
    m_links.removeAll(nullptr);
    m_links.append(guard);
    const Service::Caller caller { Protocol::normalizedAddress(peer), link->peerProvesRoot() };
    connect(link, &Protocol::Link::requestReceived, this,
            [this, guard, caller](const Protocol::Message &request) {
                if (!m_service)
                    return;
                m_service->handle(request.type, request.body, caller,
                                  [guard, request](const Protocol::Body &body, const QString &error) {
                                      if (!guard || guard->isClosed())
                                          return;
                                      if (error.isEmpty())
                                          guard->replyWith(request, body);
                                      else
                                          guard->replyError(request, error);
                                  });
            });
}

Protocol::AgentConfig Daemon::configForLink() const
{
    Protocol::AgentConfig config { m_settings.allowedClients, m_settings.masterHostname, {}, {}, {} };
    const auto key = m_settings.clusterKeyFile.isEmpty()
        ? std::nullopt
        : Net::ClusterKey::load(m_settings.clusterKeyFile, nullptr);
    config.clusterKeyId = key ? key->keyId() : QString();
    config.clusterKeyRequired = m_settings.clusterKeyRequired;
    return config;
}

// The setup wizard's step 6 through a server: the cluster key written to this agent's key file
// (0600) and named in its configuration; the reload below makes new links use it.
bool Daemon::installClusterKey(const Protocol::AgentConfig &change, QList<QPair<QString, QString>> *changes,
                               QString *error)
{
    if (change.clusterKey) {
        const QString file = Net::ClusterKey::installPath(m_settings.clusterKeyFile);
        if (!Net::ClusterKey::install(file, *change.clusterKey, error))
            return false;
        changes->append({ QStringLiteral("/vsm/cluster_key_file"), file });
        qCWarning(lcAgent).noquote() << QStringLiteral("cluster key %1 installed in %2 over the agent link")
                                            .arg(Net::ClusterKey::idOf(*change.clusterKey), file);
    }
    if (change.clusterKeyRequired)
        changes->append({ QStringLiteral("/vsm/cluster_key_required"),
                          *change.clusterKeyRequired ? QStringLiteral("1") : QStringLiteral("0") });
    return true;
}

bool Daemon::setConfigFromLink(const Protocol::AgentConfig &change, QString *error)
{
    QList<Hiveconf::Tree::Assignment> changes;
    if (change.allowedClients)
        changes.append(
            { QStringLiteral("/vsmagent/allowed_clients"), change.allowedClients->join(QLatin1Char(' ')) });
    if (change.masterHostname)
        changes.append({ QStringLiteral("/vsmagent/master_hostname"), *change.masterHostname });
    if (!installClusterKey(change, &changes, error))
        return false;
    if (changes.isEmpty())
        return true;
    Hiveconf::Tree tree;
    if (!tree.load(m_configFile, error) || !tree.set(changes, error))
        return false;
    qCInfo(lcAgent).noquote() << QStringLiteral("configuration changed over the agent link; reloading");
    reload();
    return true;
}

void Daemon::reload()
{
    Settings settings;
    QStringList errors;
    if (!loadSettings(m_configFile, &settings, &errors)) {
        for (const QString &e : std::as_const(errors))
            qCCritical(lcConfig).noquote() << e;
        qCWarning(lcConfig).noquote() << QStringLiteral(
            "configuration not reloaded: fix the errors above; the old values stay in force");
        return;
    }
    if (settings.listenPort != m_settings.listenPort)
        qCWarning(lcConfig).noquote()
            << QStringLiteral("/vsmagent/listen_port changed to %1: restart vsmagent to listen there")
                   .arg(settings.listenPort);
    Net::TlsSettings tls;
    if (applyTls(settings, &tls, &errors)) {
        m_server->setTlsSettings(tls);
    } else {
        for (const QString &e : std::as_const(errors))
            qCCritical(lcConfig).noquote() << e;
        settings.clusterKeyFile = m_settings.clusterKeyFile;
    }
    if (settings.metricsPort != m_settings.metricsPort
        || settings.metricsAddress != m_settings.metricsAddress)
        qCWarning(lcConfig).noquote() << QStringLiteral("/vsmagent/metrics/listen_port or listen_address "
                                                        "changed: restart vsmagent to serve metrics there");
    settings.listenPort = m_settings.listenPort;
    settings.metricsPort = m_settings.metricsPort;
    settings.metricsAddress = m_settings.metricsAddress;
    m_settings = settings;
    const QString digest = m_service->configDigest();
    m_service->setSettings(settings);
    rebuildTrust();
    qCInfo(lcAgent).noquote() << QStringLiteral("configuration reloaded from %1").arg(m_configFile);
    if (m_service->configDigest() != digest) {
        // The servers show allowed_clients and master_hostname in their consoles: tell them now
        // rather than at their next load request. They read the new digest with AgentLoad.
        Protocol::Message changed;
        changed.type = Protocol::MessageType::AgentConfigChanged;
        m_links.removeAll(nullptr);
        int told = 0;
        for (const QPointer<Protocol::Link> &link : std::as_const(m_links))
            told += link->isReady() && link->send(changed) ? 1 : 0;
        qCInfo(lcAgent).noquote()
            << QStringLiteral("allowed_clients or master_hostname changed; %1 connected peer(s) told")
                   .arg(told);
    }
}

void Daemon::installSignalHandlers()
{
    // A peer that goes away mid-write must not end the daemon.
    ::signal(SIGPIPE, SIG_IGN);
    m_signals = new Posix::UnixSignals(this);
    QString error;
    if (!m_signals->install({ SIGTERM, SIGINT, SIGHUP }, &error)) {
        qCWarning(lcAgent).noquote() << QStringLiteral("%1; signals end the agent abruptly").arg(error);
        return;
    }
    connect(m_signals, &Posix::UnixSignals::received, this, &Daemon::onSignal);
}

void Daemon::onSignal(int c)
{
    if (c == SIGHUP) {
        qCInfo(lcAgent) << "SIGHUP: reloading the configuration";
        m_notifier->reloading();
        reload();
        m_notifier->ready();
        return;
    }
    qCInfo(lcAgent).noquote()
        << QStringLiteral("%1: stopping; running sessions keep running and are found again at the next start")
               .arg(c == SIGTERM ? QStringLiteral("SIGTERM") : QStringLiteral("SIGINT"));
    m_notifier->stopping(QStringLiteral("stopping; sessions keep running"));
    QCoreApplication::quit();
}

} // namespace Agent
