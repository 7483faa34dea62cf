#include "backend/server/admin/adminservice.h"

#include "backend/server/admin/keepalivedconf.h"
#include "backend/server/admin/nodefacts.h"
#include "backend/server/admin/sshhostkeys.h"
#include "backend/server/agentpool.h"
#include "backend/server/ha/hasettings.h"
#include "backend/server/sessionbroker.h"
#include "backend/server/terminalservers.h"
#include "shared/admin/passwordhashfile.h"
#include "shared/config/tables.h"
#include "shared/config/values.h"
#include "shared/hiveconf/tree.h"
#include "shared/hiveconf/value.h"
#include "shared/logging/logging.h"
#include "shared/net/clusterkey.h"
#include "shared/net/tlsidentity.h"
#include "shared/net/tlsserver.h"
#include "shared/paths/paths.h"
#include "shared/protocol/agentmessages.h"
#include "shared/protocol/link.h"
#include "shared/store/sessionstore.h"

#include <QDateTime>
#include <QDir>
#include <QSysInfo>
#include <QTimer>

#include <memory>
#include <unistd.h>
#include <utility>

namespace Admin {

using Server::AgentPool;
using Server::AgentReply;
using Server::AgentState;
using Server::SessionBroker;
using Server::TerminalServer;
using Server::TerminalServers;

using Protocol::MessageType;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Parses a request body into its message, or answers the request with why it cannot be read.
template<typename T> std::optional<T> parse(const AdminService::Call &call)
{
    QString error;
    auto message = T::fromCbor(call.body, &error);
    if (!message)
        call.fail(error);
    return message;
}

// An agent configuration change as the event log shows it: "allowed_clients = a, b".
QString describe(const Protocol::AgentConfig &change)
{
    QStringList parts;
    if (change.allowedClients)
        parts.append(
            QStringLiteral("allowed_clients = %1").arg(change.allowedClients->join(QStringLiteral(", "))));
    if (change.masterHostname)
        parts.append(QStringLiteral("master_hostname = %1").arg(*change.masterHostname));
    if (change.clusterKey) // its id, never the secret
        parts.append(QStringLiteral("cluster key %1").arg(Net::ClusterKey::idOf(*change.clusterKey)));
    if (change.clusterKeyRequired)
        parts.append(QStringLiteral("cluster_key_required = %1").arg(*change.clusterKeyRequired ? 1 : 0));
    return parts.join(QStringLiteral("; "));
}

} // namespace

AdminService::AdminService(const Options &options, SessionBroker *broker, AgentPool *agents,
                           Store::SessionStore *store, QObject *parent)
    : QObject(parent), m_options(options), m_broker(broker), m_agents(agents), m_store(store)
{
    m_verifier = new PasswordVerifier(m_options.verifierThreads, m_options.maxPendingChecks, this);
    m_agentsTimer = new QTimer(this);
    m_agentsTimer->setSingleShot(true);
    m_agentsTimer->setInterval(300);
    connect(m_agentsTimer, &QTimer::timeout, this, [this]() {
        Protocol::AdminEvent event;
        event.kind = Protocol::AdminEvent::Kind::Agents;
        event.agents = m_broker->loadList();
        pushEvent(event);
    });
    connect(
        m_agents, &AgentPool::reachabilityChanged, this,
        [this](const QString &agent, bool reachable, const QString &reason) {
            m_agentsTimer->start();
            record(Protocol::AdminLogEntry::make(
                Protocol::AdminLogEntry::Kind::Agent,
                reachable ? QStringLiteral("agent %1 is reachable").arg(agent)
                          : QStringLiteral("agent %1 lost: %2").arg(agent, reason),
                { { QStringLiteral("agent"), agent },
                  { QStringLiteral("reachable"), reachable ? QStringLiteral("yes") : QStringLiteral("no") },
                  { QStringLiteral("reason"), reason } }));
        });
    connect(m_agents, &AgentPool::loadUpdated, this, [this]() { m_agentsTimer->start(); });
    connect(m_agents, &AgentPool::unreachableReasonChanged, this, [this]() { m_agentsTimer->start(); });
    connect(m_store, &Store::SessionStore::changed, this, &AdminService::onStoreChange);
    // The peer's records (applied) only while a console is logged in: a full resync merges
    // thousands, each a queued call here otherwise (see followApplied()).
    connect(m_agents, &AgentPool::configChanged, this, [this](const QString &agent) {
        Protocol::AdminEvent event;
        event.kind = Protocol::AdminEvent::Kind::AgentConfig;
        event.agent = agent;
        pushEvent(event);
    });
    m_statusTimer = new QTimer(this);
    m_statusTimer->setSingleShot(true);
    connect(m_statusTimer, &QTimer::timeout, this, &AdminService::pushStatus);
    m_startedMs = nowMs();
}

AdminService::~AdminService()
{
    const auto links = m_authenticated;
    m_authenticated.clear();
    for (Protocol::Link *link : links)
        link->close(QStringLiteral("vsmserver stopping"));
}

bool AdminService::start(QString *error)
{
    QString why;
    const auto identity
        = Net::TlsIdentity::loadOrCreate(m_options.stateDir, QSysInfo::machineHostName(), &why);
    if (!identity) {
        *error = QStringLiteral("admin API certificate in %1: %2").arg(m_options.stateDir, why);
        return false;
    }
    m_fingerprint = identity->fingerprintText();
    Net::TlsServer::Options options;
    options.tls.identity = identity; // never the cluster key: consoles do not have it
    options.link.program = QStringLiteral("vsmserver");
    options.link.nodeName = QSysInfo::machineHostName();
    // Nobody is proven before logging in (a privileged port means nothing here): every link
    // starts with the small frame limit and the idle timeout of strangers.
    options.privilegedPortProves = false;
    options.maxPendingHandshakes = 16;
    options.maxLinks = 128;
    options.maxUnprovenLinksPerAddress = 16;
    m_server = new Net::TlsServer(options, this);
    connect(m_server, &Net::TlsServer::newLink, this,
            [this](Protocol::Link *link, const QHostAddress &) { onLink(link); });
    connect(m_server, &Net::TlsServer::refusalLogged, this,
            [this](Net::RefusalReason reason, const QHostAddress &peer, const QString &why) {
                record(EventLog::refusal(QStringLiteral("admin"), reason, peer.toString(), why));
            });
    if (!m_server->listen(QHostAddress::Any, m_options.port, &why)) {
        *error
            = QStringLiteral("admin API (/vsmserver/admin/listen_port %1): %2").arg(m_options.port).arg(why);
        return false;
    }
    qCInfo(lcAdmin).noquote() << "admin API listening on port" << m_server->serverPort()
                              << "certificate SHA-256" << m_fingerprint;
    // Say now, not only at the first login, when the password hash needs the operator.
    Hiveconf::Tree tree;
    if (tree.load(m_options.configFile, &why)) {
        const auto stored = Admin::PasswordHashFile::load(tree, &why);
        if (!stored)
            qCCritical(lcAdmin).noquote() << "every admin login will be refused:" << why;
        else if (stored->hash.isEmpty())
            qCWarning(lcAdmin).noquote()
                << "no admin password is set (no" << Admin::PasswordHashFile::path(tree)
                << "): every admin login is refused; run: tlctl admin set-password";
        else
            logHashWarning(stored->warning);
    }
    return true;
}

quint16 AdminService::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void AdminService::onLink(Protocol::Link *link)
{
    link->setParent(this);
    connect(link, &Protocol::Link::requestReceived, this,
            [this, link](const Protocol::Message &request) { onRequest(link, request); });
    connect(link, &Protocol::Link::closed, this, [this, link]() {
        m_authenticated.remove(link);
        m_loginInProgress.remove(link);
        followApplied();
    });
    // A connection that does not log in soon is closed: idle strangers cannot pile up.
    const QPointer<Protocol::Link> guard(link);
    QTimer::singleShot(LoginTimeoutMs, this, [this, guard]() {
        if (guard && !m_authenticated.contains(guard.data()))
            guard->close(QStringLiteral("no admin login within %1 s").arg(LoginTimeoutMs / 1000));
    });
}

void AdminService::pushEvent(const Protocol::AdminEvent &event)
{
    Protocol::Message message;
    message.type = MessageType::AdminEvent;
    message.body = event.toCbor();
    for (Protocol::Link *link : std::as_const(m_authenticated))
        link->send(message);
}

void AdminService::record(Protocol::AdminLogEntry entry)
{
    if (entry.node.isEmpty())
        entry.node = QSysInfo::machineHostName();
    Protocol::AdminEvent event;
    event.kind = Protocol::AdminEvent::Kind::Logged;
    event.logged = m_log.append(entry);
    pushEvent(event);
}

void AdminService::recordChange(const Call &call, const QString &what)
{
    record(Protocol::AdminLogEntry::make(
        Protocol::AdminLogEntry::Kind::Config, QStringLiteral("%1 changed %2").arg(call.peer, what),
        { { QStringLiteral("who"), call.peer }, { QStringLiteral("what"), what } }));
}

void AdminService::configurationReloaded()
{
    if (!m_changing)
        record(Protocol::AdminLogEntry::make(Protocol::AdminLogEntry::Kind::Config,
                                             QStringLiteral("configuration reloaded (SIGHUP)"),
                                             { { QStringLiteral("who"), QStringLiteral("SIGHUP") },
                                               { QStringLiteral("what"), QStringLiteral("reloaded") } }));
    Protocol::AdminEvent event;
    event.kind = Protocol::AdminEvent::Kind::Config;
    event.reloaded = true;
    pushEvent(event);
}

void AdminService::followApplied()
{
    const bool follow = !m_authenticated.isEmpty();
    if (follow == static_cast<bool>(m_appliedConnection))
        return;
    if (follow)
        m_appliedConnection
            = connect(m_store, &Store::SessionStore::applied, this, &AdminService::onStoreChange);
    else
        disconnect(std::exchange(m_appliedConnection, {}));
}

void AdminService::onStoreChange(const Store::Change &change)
{
    if (m_authenticated.isEmpty())
        return;
    Protocol::AdminEvent event;
    event.kind = Protocol::AdminEvent::Kind::Session;
    event.session
        = Protocol::CtlSession { change.record, std::max<qint64>(0, nowMs() / 1000 - change.record.created) };
    event.removed = change.kind == Store::Change::Kind::Remove || change.record.deleted;
    pushEvent(event);
}

void AdminService::onRequest(Protocol::Link *link, const Protocol::Message &request)
{
    if (request.type == MessageType::AdminLogin)
        return login(link, request);
    if (!m_authenticated.contains(link))
        return link->replyError(request, QStringLiteral("log in first (AdminLogin)"));
    const QPointer<Protocol::Link> guard(link);
    handle({ request.type, request.body.map(), link->peerDescription(),
             [guard, request](const QCborMap &body, const QString &error) {
                 if (!guard)
                     return;
                 if (error.isEmpty())
                     return guard->reply(request, body);
                 Protocol::Message refusal = Protocol::Message::errorReplyTo(request, error);
                 refusal.body = body; // an AdminReason, when there is one
                 guard->send(refusal);
             } });
}

bool AdminService::serves(MessageType type)
{
    const auto n = static_cast<int>(type);
    return n > static_cast<int>(MessageType::AdminLogin) && n < 500 && type != MessageType::AdminEvent;
}

void AdminService::handle(const Call &call)
{
    switch (call.type) {
    case MessageType::AdminStatus:
        return status(call);
    case MessageType::AdminSessionList:
        return listSessions(call);
    case MessageType::AdminSessionTerminate: {
        const auto terminate = parse<Protocol::CtlTerminate>(call);
        if (!terminate)
            return;
        qCInfo(lcAdmin).noquote() << call.peer << "terminates"
                                  << (terminate->all ? QStringLiteral("every session")
                                          : terminate->user.isEmpty()
                                          ? terminate->ids.join(QLatin1Char(' '))
                                          : QStringLiteral("every session of %1").arg(terminate->user));
        return m_broker->handleCtl(MessageType::CtlSessionTerminate, terminate->toCbor(), call.reply);
    }
    case MessageType::AdminAgentList:
        return call.ok(m_broker->loadList().toCbor());
    case MessageType::AdminAgentGetConfig:
    case MessageType::AdminAgentSetConfig:
        return agentCall(call);
    case MessageType::AdminGetTerminalServers:
        return getTerminalServers(call);
    case MessageType::AdminSetTerminalServers:
        return setTerminalServers(call);
    case MessageType::AdminGetHaConfig:
        return getHaConfig(call);
    case MessageType::AdminSetHaConfig:
        return setHaConfig(call);
    case MessageType::AdminHaStepDown: {
        const auto stepDown = parse<Protocol::AdminStepDown>(call);
        if (!stepDown)
            return;
        const Protocol::CtlStepDown ctl { stepDown->seconds, QStringLiteral("admin API, %1").arg(call.peer) };
        qCInfo(lcAdmin).noquote() << call.peer << "asks this node to step down for"
                                  << stepDown->seconds.value_or(30) << "s (failover drill)";
        return m_broker->handleCtl(MessageType::CtlHaStepDown, ctl.toCbor(), call.reply);
    }
    case MessageType::AdminNodeFacts: {
        const auto query = parse<Protocol::AdminNodeFactsQuery>(call);
        if (!query)
            return;
        return NodeFacts::gather(*query, m_options.configFile, this,
                                 [call](const Protocol::AdminNodeFacts &facts) { call.ok(facts.toCbor()); });
    }
    case MessageType::AdminSessionVerify:
        return verifySessions(call);
    case MessageType::AdminRestart:
        return restart(call);
    case MessageType::AdminEventLog: {
        const auto query = parse<Protocol::AdminEventLogQuery>(call);
        if (!query)
            return;
        return call.ok(Protocol::AdminEventLog { m_log.after(query->after) }.toCbor());
    }
    case MessageType::AdminSshHostKeysGet:
        return getSshHostKeys(call);
    case MessageType::AdminSshHostKeysSet:
        return setSshHostKeys(call);
    case MessageType::AdminKeepalivedConfSet:
        return setKeepalivedConf(call);
    case MessageType::AdminClusterKeyGet:
        return getClusterKey(call);
    case MessageType::AdminClusterKeySet:
        return setClusterKey(call);
    default:
        call.fail(
            QStringLiteral("request type %1 is not part of the admin API").arg(static_cast<int>(call.type)));
    }
}

void AdminService::login(Protocol::Link *link, const Protocol::Message &request)
{
    const QHostAddress peer = link->peerAddress();
    // A connection with a login in progress is an address with one: refused (and counted for
    // the log line endLogin() writes) either way.
    if (!m_throttle.begin(peer)) {
        if (m_loginInProgress.contains(link))
            return link->replyError(
                request,
                QStringLiteral("a login is already in progress on this connection; wait for "
                               "its answer before sending another"));
        return link->replyError(
            request,
            QStringLiteral("another admin login from %1 is in progress; wait for its answer, "
                           "then try again")
                .arg(peer.toString()));
    }
    m_loginInProgress.insert(link);
    const QPointer<Protocol::Link> guard(link);
    // A body without a password is a wrong password, answered as late as one.
    const auto login = Protocol::AdminLogin::fromCbor(request.body, nullptr);
    const QByteArray password = login ? login->password.toUtf8() : QByteArray();
    // The address's delay after earlier failures is waited out before the password is checked,
    // whichever connection the guess comes on.
    QTimer::singleShot(m_throttle.delayFor(peer, nowMs()), this, [this, guard, peer, password, request]() {
        checkLogin(guard, peer, password, request);
    });
}

void AdminService::checkLogin(const QPointer<Protocol::Link> &link, const QHostAddress &peer,
                              const QByteArray &password, const Protocol::Message &request)
{
    if (!link)
        return endLogin(nullptr, peer); // gone while waiting: nothing to check
    if (m_verifier->pending() >= m_verifier->maxPending())
        return refuseBusy(link, peer, request); // before reading anything: a flood stays cheap
    Hiveconf::Tree tree;
    QString error;
    std::optional<Admin::PasswordHashFile::Stored> stored;
    const bool configRead = tree.load(m_options.configFile, &error);
    if (configRead)
        stored = Admin::PasswordHashFile::load(tree, &error);
    else
        error = QStringLiteral("cannot read the configuration: %1").arg(error);
    if (!stored) {
        qCCritical(lcAdmin).noquote() << "admin login from" << peer.toString() << "refused:" << error;
        link->replyError(request,
                         configRead
                             ? QStringLiteral("this node refuses admin logins: its admin password hash "
                                              "file is unsafe or unreadable; the vsmserver log on the "
                                              "node says what to do")
                             : QStringLiteral("this node cannot read its configuration; the vsmserver log "
                                              "on the node says why"));
        return endLogin(link, peer);
    }
    logHashWarning(stored->warning);
    if (stored->hash.isEmpty()) {
        qCWarning(lcAdmin).noquote() << "admin login from" << peer.toString()
                                     << "refused: no admin password set (run: tlctl admin set-password)";
        link->replyError(request,
                         QStringLiteral("no admin password is set on this node; on the node, run: "
                                        "tlctl admin set-password"));
        return endLogin(link, peer);
    }
    if (password.isEmpty())
        return loginChecked(link, peer, request, PasswordVerifier::Result::Mismatch, {});
    const bool queued = m_verifier->submit(
        password, stored->hash, this,
        [this, link, peer, request, source = stored->source](PasswordVerifier::Result result,
                                                             const QString &hashError) {
            loginChecked(link, peer, request, result,
                         hashError.isEmpty() ? QString() : QStringLiteral("%1: %2").arg(source, hashError));
        });
    if (!queued)
        refuseBusy(link, peer, request);
}

void AdminService::refuseBusy(Protocol::Link *link, const QHostAddress &peer,
                              const Protocol::Message &request)
{
    // Nothing hashed and no failure counted: the guess was not checked.
    ++m_busyRefused;
    if (nowMs() - m_busySinceLogMs >= 1000) {
        qCWarning(lcAdmin).noquote() << m_busyRefused << "admin login(s) refused as busy, the latest from"
                                     << peer.toString() << ":" << m_verifier->maxPending()
                                     << "password checks are already queued (many logins at once: a "
                                        "password-guessing flood?)";
        m_busyRefused = 0;
        m_busySinceLogMs = nowMs();
    }
    link->replyError(
        request, QStringLiteral("vsmserver is busy checking other admin logins; try again in a few seconds"));
    endLogin(link, peer);
}

void AdminService::loginChecked(const QPointer<Protocol::Link> &link, const QHostAddress &peer,
                                const Protocol::Message &request, PasswordVerifier::Result result,
                                const QString &error)
{
    if (result == PasswordVerifier::Result::Match) {
        m_throttle.succeeded(peer);
        if (link) {
            m_authenticated.insert(link.data());
            followApplied();
            // Logged in: the limits for strangers (small frames, idle timeout) no longer apply.
            link->setLimits(Protocol::MaxFrameSize, Protocol::FrameHeaderSize + Protocol::MaxFrameSize);
            link->setIdleTimeout(0);
            qCInfo(lcAdmin).noquote()
                << "admin login from" << peer.toString() << "(" << link->peerProgram() << ")";
            link->reply(
                request,
                Protocol::AdminLoginReply { QSysInfo::machineHostName(), QStringLiteral(OPENVSM_VERSION) }
                    .toCbor());
        }
        return endLogin(link.data(), peer);
    }
    const bool badHash = result == PasswordVerifier::Result::BadHash;
    if (badHash)
        qCCritical(lcAdmin).noquote() << "the admin password hash in" << error;
    const int failures = m_throttle.failed(peer, nowMs());
    const qint64 delay = m_throttle.delayFor(peer, nowMs());
    qCWarning(lcAdmin).noquote() << "failed admin login from" << peer.toString() << "(" << failures
                                 << "in a row; the answer, and the next check from this address, wait"
                                 << delay << "ms)";
    // The answer waits as long, and the address has a login in progress until then: a client
    // that waits for its answers is slowed down as much as one that does not.
    QTimer::singleShot(delay, this, [this, link, peer, request, badHash]() {
        if (!link)
            return endLogin(nullptr, peer);
        if (badHash) {
            link->replyError(request,
                             QStringLiteral("the admin password hash on this node is malformed; on "
                                            "the node, run: tlctl admin set-password"));
        } else {
            Protocol::Message refusal
                = Protocol::Message::errorReplyTo(request, QStringLiteral("wrong admin password"));
            refusal.body = Protocol::AdminReason { QStringLiteral("wrong_password"), {} }.toCbor();
            link->send(refusal);
        }
        endLogin(link.data(), peer);
    });
}

void AdminService::endLogin(Protocol::Link *link, const QHostAddress &peer)
{
    if (link)
        m_loginInProgress.remove(link);
    if (const int refused = m_throttle.end(peer))
        qCWarning(lcAdmin).noquote() << refused << "more admin login(s) from" << peer.toString()
                                     << "refused while one from there was in progress (one at a time per "
                                        "address)";
}

void AdminService::logHashWarning(const QString &warning)
{
    if (warning == m_hashWarning)
        return;
    m_hashWarning = warning;
    if (!warning.isEmpty())
        qCWarning(lcAdmin).noquote() << warning;
}

void AdminService::status(const Call &call)
{
    statusBody([call](const Protocol::AdminStatus &status) { call.ok(status.toCbor()); });
}

void AdminService::haStatusChanged()
{
    if (m_authenticated.isEmpty()) {
        m_pushedStatus.reset(); // a console that logs in reads the status itself
        return;
    }
    // A push already planned sooner stays; one planned later (rate limit) is looked at sooner, in
    // case this change is one to push at once.
    if (m_statusTimer->isActive() && m_statusTimer->remainingTime() <= StatusPushDelayMs)
        return;
    m_statusTimer->start(StatusPushDelayMs);
}

namespace {

// What a console shows as state, without the numbers that move all the time (lag, round trip,
// offsets, counts; a step-down only as on or off).
QCborMap stateOf(const Protocol::AdminStatus &status)
{
    Protocol::AdminStatus s = status;
    s.uptime = 0;
    s.sessions = 0;
    if (s.ha) {
        Protocol::HaStatus &h = *s.ha;
        h.lagChanges = h.lagMs = h.lastRttMs = h.offset = h.ackedOffset = h.peerOffsetApplied = 0;
        h.sessions = h.tombstonesCollected = 0;
        h.stepDownLeft = h.stepDownLeft > 0 ? 1 : 0;
    }
    return s.toCbor();
}

} // namespace

void AdminService::pushStatus()
{
    if (m_authenticated.isEmpty())
        return;
    statusBody([this](const Protocol::AdminStatus &status) {
        // State changes are pushed at once; the rest at most once per StatusPushIntervalMs.
        const qint64 sinceLast = nowMs() - m_pushedStatusMs;
        const bool lagging = status.ha && (status.ha->lagChanges > 0 || status.ha->lagMs > 0);
        if (m_pushedStatus && stateOf(status) == stateOf(*m_pushedStatus)) {
            if (status.ha.has_value() == m_pushedStatus->ha.has_value()
                && (!status.ha || status.ha->toCbor() == m_pushedStatus->ha->toCbor()))
                return;
            if (sinceLast < StatusPushIntervalMs) {
                m_statusTimer->start(static_cast<int>(StatusPushIntervalMs - sinceLast));
                return;
            }
        }
        m_pushedStatus = status;
        m_pushedStatusMs = nowMs();
        Protocol::AdminEvent event;
        event.kind = Protocol::AdminEvent::Kind::Status;
        event.status = status;
        pushEvent(event);
        if (lagging) // lag grows without events: keep the consoles' numbers current
            m_statusTimer->start(StatusPushIntervalMs);
    });
}

void AdminService::statusBody(const std::function<void(const Protocol::AdminStatus &)> &done)
{
    Protocol::AdminStatus status;
    status.node = QSysInfo::machineHostName();
    status.version = QStringLiteral(OPENVSM_VERSION);
    status.started = m_startedMs / 1000;
    status.uptime = (nowMs() - m_startedMs) / 1000;
    status.sessions = m_store->count();
    const QList<AgentState> agents = m_agents->agentStates();
    status.agents = agents.size();
    for (const AgentState &a : agents)
        status.agentsReachable += a.reachable ? 1 : 0;
    status.haEnabled = m_options.haEnabled && m_options.haEnabled();
    status.fingerprint = m_fingerprint;
    // The HA part's own status (tlctl ha status): role, replication link, lag, resource…
    // Only what it reports is passed on; nothing is guessed.
    m_broker->handleCtl(
        MessageType::CtlHaStatus, {}, [done, status](const QCborMap &body, const QString &error) mutable {
            QString why = error;
            if (why.isEmpty() && !body.isEmpty())
                status.ha = Protocol::HaStatus::fromCbor(body, &why);
            status.haState = Protocol::AdminStatus::describeHa(status.haEnabled, status.ha, why);
            done(status);
        });
}

void AdminService::listSessions(const Call &call)
{
    const auto query = parse<Protocol::AdminSessionQuery>(call);
    if (!query)
        return;
    // Pages of at most SessionPageSize, so that 10,000s of sessions never make one frame
    // larger than Protocol::MaxFrameSize. Sorted by id, so pages are stable between calls.
    const qint64 limit = std::min(query->limit.value_or(SessionPageSize), SessionPageSize);
    if (query->afterId) {
        // Just this page, read from the store after the id the page before ended with.
        Store::SessionMatch match;
        match.user = query->filter.user;
        match.agent = query->filter.agent;
        match.display = query->filter.display;
        match.liveOnly = !query->filter.terminated;
        QString error;
        // One record more than the page holds: whether another page follows.
        std::optional<QList<Store::SessionRecord>> records
            = m_store->listPage(*query->afterId, static_cast<int>(limit) + 1, &error, match);
        const std::optional<int> total = records ? m_store->count(match, &error) : std::nullopt;
        if (!total)
            return call.fail(error);
        Protocol::AdminSessionPage page;
        page.total = *total;
        if (records->size() > limit) {
            records->resize(limit);
            page.nextAfterId = records->constLast().id;
        }
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        page.sessions.reserve(records->size());
        for (const Store::SessionRecord &r : std::as_const(*records))
            page.sessions.append({ r, std::max<qint64>(0, now - r.created) });
        return call.ok(page.toCbor());
    }
    // Asked by offset (clients before 6 December 2026): every matching session listed, sorted,
    // and this page's part of them taken.
    const qint64 offset = query->offset;
    m_broker->handleCtl(MessageType::CtlSessionList, query->filter.toCbor(),
                        [call, offset, limit](const QCborMap &body, const QString &error) {
                            QString why = error;
                            auto list = why.isEmpty() ? Protocol::CtlSessionList::fromCbor(body, &why)
                                                      : std::nullopt;
                            if (!list)
                                return call.fail(why);
                            std::sort(list->sessions.begin(), list->sessions.end(),
                                      [](const Protocol::CtlSession &a, const Protocol::CtlSession &b) {
                                          return a.record.id < b.record.id;
                                      });
                            Protocol::AdminSessionPage page;
                            page.total = list->sessions.size();
                            page.sessions = list->sessions.mid(std::min(offset, page.total), limit);
                            if (offset + limit < page.total)
                                page.nextOffset = offset + limit;
                            call.ok(page.toCbor());
                        });
}

std::optional<Config::Values> AdminService::readConfig(const Call &call, Hiveconf::Tree *tree)
{
    QString error;
    if (!tree->load(m_options.configFile, &error)) {
        call.fail(error);
        return std::nullopt;
    }
    QStringList errors; // a bad value keeps its default here; vsmserver's start reports it
    return Config::Values::load(Config::serverTable(), *tree, &errors);
}

void AdminService::getTerminalServers(const Call &call)
{
    Hiveconf::Tree tree;
    const auto values = readConfig(call, &tree);
    if (!values)
        return;
    Protocol::AdminTerminalServers reply;
    reply.terminalservers = values->list(QStringLiteral("/vsmserver/terminalservers"));
    reply.haEnabled = values->boolean(QStringLiteral("/vsmserver/HA/enabled"));
    reply.definedAt = tree.definedAt(QStringLiteral("/vsmserver/terminalservers"));
    call.ok(reply.toCbor());
}

void AdminService::setTerminalServers(const Call &call)
{
    const auto change = parse<Protocol::AdminTerminalServers>(call);
    if (!change)
        return;
    const QStringList entries = change->terminalservers;
    if (entries.isEmpty())
        return call.fail(QStringLiteral("terminalservers: give a non-empty list of host names"));
    for (const QString &e : entries) {
        if (e.trimmed().isEmpty() || e.contains(QLatin1Char(' ')) || e.contains(QLatin1Char(',')))
            return call.fail(QStringLiteral("terminalservers: bad entry '%1'").arg(e));
    }
    Hiveconf::Tree tree;
    const auto values = readConfig(call, &tree);
    if (!values)
        return;
    QString error;
    const auto port = static_cast<quint16>(values->integer(QStringLiteral("/vsm/vsm_agent_port")));
    const auto parsed = TerminalServers::parse(entries, port, &error);
    if (!parsed) {
        const QStringList twice = TerminalServers::listedTwice(entries, port);
        return twice.isEmpty() ? call.fail(QStringLiteral("terminalservers: %1").arg(error))
                               : call.fail(QStringLiteral("terminalservers: %1").arg(error),
                                           { QStringLiteral("listed_twice"), twice });
    }
    const bool ha = values->boolean(QStringLiteral("/vsmserver/HA/enabled"));
    const QStringList loopback = TerminalServers::loopbackEntries(*parsed, &TerminalServers::systemResolve);
    if (ha && !loopback.isEmpty()) {
        qCWarning(lcAdmin).noquote() << call.peer << "refused terminalservers"
                                     << entries.join(QLatin1Char(' ')) << ": loopback entry with HA";
        return call.fail(TerminalServers::loopbackMessage(loopback, true),
                         { QStringLiteral("loopback_with_ha"), { loopback.join(QStringLiteral(", ")) } });
    }
    if (!tree.set(QStringLiteral("/vsmserver/terminalservers"), entries.join(QLatin1Char(' ')), &error))
        return call.fail(error);
    qCInfo(lcAdmin).noquote() << call.peer << "set /vsmserver/terminalservers to"
                              << entries.join(QLatin1Char(' '));
    recordChange(call, QStringLiteral("/vsmserver/terminalservers = %1").arg(entries.join(QLatin1Char(' '))));
    reloadForChange();
    Protocol::AdminTerminalServers reply;
    reply.terminalservers = entries;
    if (!loopback.isEmpty())
        reply.warning = TerminalServers::loopbackMessage(loopback, false);
    call.ok(reply.toCbor());
    Protocol::AdminEvent event;
    event.kind = Protocol::AdminEvent::Kind::Config;
    event.terminalservers = entries;
    pushEvent(event);
}

void AdminService::agentCall(const Call &call)
{
    const auto change = parse<Protocol::AdminAgentConfig>(call);
    if (!change)
        return;
    const QString agent = change->agent;
    bool known = false;
    for (const AgentState &a : m_agents->agentStates())
        known = known || a.agent == agent;
    if (!known)
        return call.fail(QStringLiteral("'%1' is not in /vsmserver/terminalservers").arg(agent));
    const bool set = call.type == MessageType::AdminAgentSetConfig;
    if (set && change->change.isEmpty())
        return call.fail(QStringLiteral("say what to change: allowed_clients, master_hostname"));
    if (set)
        qCInfo(lcAdmin).noquote() << call.peer << "changes the configuration of agent" << agent;
    m_agents->call(agent, set ? MessageType::AgentSetConfig : MessageType::AgentGetConfig,
                   set ? change->change.toCbor() : QCborMap(), 15000, this,
                   [this, call, agent, set, what = describe(change->change)](const AgentReply &reply) {
                       if (!reply.ok()) {
                           const QString why = QStringLiteral("agent %1: %2").arg(agent, reply.error);
                           if (reply.unreachable)
                               return call.fail(why, { QStringLiteral("agent_unreachable"), { agent } });
                           if (reply.error.startsWith(QLatin1String("refused")))
                               return call.fail(why, { QStringLiteral("not_allowed"), { agent } });
                           return call.fail(why);
                       }
                       call.ok(reply.body.map());
                       if (!set)
                           return;
                       recordChange(call, QStringLiteral("agent %1: %2").arg(agent, what));
                       Protocol::AdminEvent event;
                       event.kind = Protocol::AdminEvent::Kind::AgentConfig;
                       event.agent = agent;
                       pushEvent(event);
                   });
}

void AdminService::verifySessions(const Call &call)
{
    const auto verify = parse<Protocol::AdminSessionVerify>(call);
    if (!verify)
        return;
    // Each listed session: is there a record here, and does its agent say it is alive
    // (AgentVerifySession)? Asked of all agents at once; one reply when every answer is in.
    struct Pending {
        Protocol::AdminSessionVerifyReply reply;
        qsizetype open = 0;
    };
    auto pending = std::make_shared<Pending>();
    auto finishOne = [call, pending]() {
        if (--pending->open == 0)
            call.ok(pending->reply.toCbor());
    };
    pending->open = verify->ids.size() + 1;
    for (const QString &id : verify->ids) {
        const auto record = m_store->get(id);
        if (!record) {
            pending->reply.results.append(
                { id, false, {}, false, QStringLiteral("no record of this session on this node") });
            finishOne();
            continue;
        }
        const QString agent = record->agent;
        m_agents->call(agent, MessageType::AgentVerifySession,
                       Protocol::Body::encoded(Protocol::AgentSessionId { id }.encode()), 15000, this,
                       [pending, finishOne, id, agent](const AgentReply &reply) {
                           Protocol::AdminVerifyResult result { id, true, agent, false, {} };
                           QString error = reply.error;
                           const auto answer = reply.ok()
                               ? Protocol::AgentVerifyReply::fromCbor(reply.body, &error)
                               : std::nullopt;
                           if (!answer) {
                               result.reason = QStringLiteral("agent %1: %2").arg(agent, error);
                           } else {
                               result.alive = answer->alive;
                               result.reason = answer->reason;
                           }
                           pending->reply.results.append(result);
                           finishOne();
                       });
    }
    finishOne();
}

QStringList AdminService::haParameters()
{
    QStringList out;
    for (const Config::Parameter &p : Config::serverTable().parameters()) {
        if (p.path.startsWith(QLatin1String("/vsmserver/HA/")))
            out.append(p.path);
    }
    return out;
}

bool AdminService::settable(const QString &path)
{
    if (path.startsWith(QLatin1String("/vsmserver/HA/")))
        return true;
    // The rest of what the HA configuration digest compares, so that the setup wizard can copy
    // it from one node to the other; terminalservers have their own call (loopback check).
    return path != QLatin1String("/vsmserver/terminalservers")
        && Ha::HaSettings::mustMatchParameters().contains(path);
}

void AdminService::reloadForChange()
{
    if (!m_options.reload)
        return;
    m_changing = true;
    m_options.reload();
    m_changing = false;
}

void AdminService::restart(const Call &call)
{
    if (!m_options.restart)
        return call.fail(QStringLiteral("this vsmserver cannot restart itself; restart it on the node"));
    qCWarning(lcAdmin).noquote() << call.peer << "asks vsmserver to restart";
    call.ok({});
    // After the answer has been written: the restart closes every link.
    QTimer::singleShot(RestartDelayMs, this, [this]() { m_options.restart(); });
}

namespace {

// sshd's host keys and keepalived's configuration are root's: a vsmserver that does not run as
// root neither reads nor writes them.
bool refuseUnlessRoot(const AdminService::Call &call, const QString &byHand)
{
    if (::geteuid() == 0)
        return false;
    call.fail(QStringLiteral("vsmserver on this node does not run as root: %1").arg(byHand));
    return true;
}

const QString SshKeysByHand
    = QStringLiteral("it cannot read or write sshd's host keys; copy /etc/ssh/ssh_host_* by hand");

} // namespace

void AdminService::getSshHostKeys(const Call &call)
{
    if (refuseUnlessRoot(call, SshKeysByHand))
        return;
    QString error;
    const auto keys = SshHostKeys::read(Paths::systemPath(QStringLiteral("/etc/ssh")), &error);
    if (!keys)
        return call.fail(error);
    qCWarning(lcAdmin).noquote() << call.peer
                                 << "reads sshd's host keys (setup wizard, to copy them to the peer)";
    Protocol::AdminSshHostKeys reply;
    reply.keys = *keys;
    call.ok(reply.toCbor());
}

void AdminService::setSshHostKeys(const Call &call)
{
    if (refuseUnlessRoot(call, SshKeysByHand))
        return;
    const auto request = parse<Protocol::AdminSshHostKeys>(call);
    if (!request)
        return;
    QString error;
    const QString dir = Paths::systemPath(QStringLiteral("/etc/ssh"));
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    const auto installed = SshHostKeys::install(dir, request->keys, stamp, &error);
    if (!installed) {
        qCWarning(lcAdmin).noquote() << call.peer << "sshd host keys refused:" << error;
        return call.fail(error);
    }
    Protocol::AdminSshHostKeys reply;
    if (!installed->changed) {
        reply.sshd = QStringLiteral("the host keys were the same already; sshd left alone");
        return call.ok(reply.toCbor());
    }
    reply.backup = installed->backup;
    const QString failure
        = SshHostKeys::reloadSshd(Paths::systemPath(QStringLiteral("/run/sshd.pid")), &reply.sshd);
    qCWarning(lcAdmin).noquote() << call.peer << "installed sshd host keys (the replaced ones are in"
                                 << installed->backup + QStringLiteral(");")
                                 << (failure.isEmpty() ? reply.sshd : failure);
    if (!failure.isEmpty())
        return call.fail(QStringLiteral("host keys installed (the replaced ones are in %1), but %2")
                             .arg(installed->backup, failure));
    call.ok(reply.toCbor());
}

void AdminService::setKeepalivedConf(const Call &call)
{
    if (refuseUnlessRoot(call,
                         QStringLiteral("it cannot write keepalived's configuration; install the "
                                        "generated keepalived.conf by hand")))
        return;
    const auto request = parse<Protocol::AdminKeepalivedConf>(call);
    if (!request)
        return;
    qCWarning(lcAdmin).noquote() << call.peer << "installs keepalived.conf (setup wizard, step 8)";
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    KeepalivedConf::install(
        request->text, stamp, this, [call](const Protocol::AdminKeepalivedConf &reply, const QString &error) {
            if (!error.isEmpty()) {
                qCWarning(lcAdmin).noquote() << "keepalived.conf:" << error;
                return call.fail(error);
            }
            qCWarning(lcAdmin).noquote()
                << "keepalived.conf installed as" << reply.file
                << (reply.backup.isEmpty() ? QString()
                                           : QStringLiteral("(the old one in %1)").arg(reply.backup))
                << "-" << reply.keepalived;
            call.ok(reply.toCbor());
        });
}

void AdminService::getClusterKey(const Call &call)
{
    Hiveconf::Tree tree;
    const auto values = readConfig(call, &tree);
    if (!values)
        return;
    QString error;
    Protocol::AdminClusterKey reply;
    reply.file = Net::ClusterKey::resolvePath(values->string(QStringLiteral("/vsm/cluster_key_file")));
    reply.required = values->boolean(QStringLiteral("/vsm/cluster_key_required"));
    if (!reply.file.isEmpty()) {
        const auto key = Net::ClusterKey::load(reply.file, &error);
        if (!key)
            return call.fail(QStringLiteral("/vsm/cluster_key_file: %1").arg(error));
        reply.secret = key->secret();
        reply.keyId = key->keyId();
        qCWarning(lcAdmin).noquote() << call.peer << "reads cluster key" << reply.keyId
                                     << "(setup wizard, to give it to the peer and the agents)";
    }
    call.ok(reply.toCbor());
}

// Written now, used from the next start: vsmserver's links are set up when it starts.
void AdminService::setClusterKey(const Call &call)
{
    const auto request = parse<Protocol::AdminClusterKey>(call);
    if (!request)
        return;
    Hiveconf::Tree tree;
    const auto values = readConfig(call, &tree);
    if (!values)
        return;
    QString error;
    Protocol::AdminClusterKey reply;
    reply.file = Net::ClusterKey::installPath(values->string(QStringLiteral("/vsm/cluster_key_file")));
    QList<Hiveconf::Tree::Assignment> changes;
    QStringList what;
    if (!request->secret.isEmpty()) {
        if (!Net::ClusterKey::install(reply.file, request->secret, &error))
            return call.fail(QStringLiteral("cannot write the cluster key to %1: %2").arg(reply.file, error));
        reply.keyId = Net::ClusterKey::idOf(request->secret);
        changes.append({ QStringLiteral("/vsm/cluster_key_file"), reply.file });
        what.append(QStringLiteral("cluster key %1 in %2").arg(reply.keyId, reply.file));
    } else if (const auto key = Net::ClusterKey::load(reply.file, &error)) {
        reply.keyId = key->keyId();
    } else {
        return call.fail(QStringLiteral("this node has no usable cluster key (%1); send one").arg(error));
    }
    if (request->required) {
        changes.append({ QStringLiteral("/vsm/cluster_key_required"),
                         *request->required ? QStringLiteral("1") : QStringLiteral("0") });
        what.append(QStringLiteral("/vsm/cluster_key_required = %1").arg(*request->required ? 1 : 0));
    }
    if (!changes.isEmpty() && !tree.set(changes, &error))
        return call.fail(error);
    reply.required = request->required.value_or(values->boolean(QStringLiteral("/vsm/cluster_key_required")));
    qCWarning(lcAdmin).noquote() << call.peer << "set" << what.join(QStringLiteral(", "))
                                 << "(used from vsmserver's next start)";
    recordChange(call, what.join(QStringLiteral(", ")));
    call.ok(reply.toCbor());
}

void AdminService::getHaConfig(const Call &call)
{
    Hiveconf::Tree tree;
    QString error;
    if (!tree.load(m_options.configFile, &error))
        return call.fail(error);
    Protocol::AdminHaConfig reply;
    for (const QString &path : haParameters()) {
        const Config::Parameter *p = Config::serverTable().find(path);
        reply.params.insert(path, tree.value(path).value_or(p->defaultValue));
    }
    call.ok(reply.toCbor());
}

void AdminService::setHaConfig(const Call &call)
{
    const auto change = parse<Protocol::AdminHaConfig>(call);
    if (!change)
        return;
    const QMap<QString, QString> &params = change->params;
    if (params.isEmpty())
        return call.fail(QStringLiteral("params: give /vsmserver/HA/... parameters and values"));
    QList<Hiveconf::Tree::Assignment> assignments;
    bool enabling = false;
    for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
        const QString &path = it.key();
        const Config::Parameter *p = Config::serverTable().find(path);
        if (!p || !settable(path))
            return call.fail(
                QStringLiteral("%1: not a /vsmserver/HA/ parameter nor one both nodes must share (the "
                               "terminalservers are set with their own call)")
                    .arg(path));
        QString why, canonical;
        if (!Config::Values::validate(*p, it.value(), &why, &canonical))
            return call.fail(QStringLiteral("%1: %2 (got '%3')").arg(path, why, it.value()));
        if (path == QLatin1String("/vsmserver/HA/enabled")) {
            bool ok = false;
            enabling = Hiveconf::toBool(canonical, &ok) && ok;
        }
        assignments.append({ path, canonical });
    }
    Hiveconf::Tree tree;
    QString error;
    if (!tree.load(m_options.configFile, &error))
        return call.fail(error);
    if (enabling) {
        QStringList errors;
        const auto values = Config::Values::load(Config::serverTable(), tree, &errors);
        const auto parsed = TerminalServers::parse(
            values.list(QStringLiteral("/vsmserver/terminalservers")),
            static_cast<quint16>(values.integer(QStringLiteral("/vsm/vsm_agent_port"))), &error);
        if (parsed) {
            const QStringList loopback
                = TerminalServers::loopbackEntries(*parsed, &TerminalServers::systemResolve);
            if (!loopback.isEmpty())
                return call.fail(TerminalServers::loopbackMessage(loopback, true));
        }
    }
    if (!tree.set(assignments, &error))
        return call.fail(error);
    QStringList changed;
    for (const auto &a : std::as_const(assignments))
        changed.append(a.first + QLatin1Char('=') + a.second);
    qCInfo(lcAdmin).noquote() << call.peer << "set" << changed.join(QLatin1Char(' '));
    recordChange(call, changed.join(QLatin1Char(' ')));
    reloadForChange();
    call.ok({});
    Protocol::AdminEvent event;
    event.kind = Protocol::AdminEvent::Kind::Config;
    event.ha = true;
    pushEvent(event);
}

} // namespace Admin
