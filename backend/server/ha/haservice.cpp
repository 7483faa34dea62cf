#include "backend/server/ha/haservice.h"

#include "backend/server/ha/nodeidentity.h"
#include "backend/server/ha/reconciler.h"
#include "backend/server/ha/replicator.h"
#include "shared/logging/logging.h"
#include "shared/paths/paths.h"
#include "shared/protocol/keys.h"
#include "shared/store/sessionstore.h"

#include <QCborArray>
#include <QDateTime>
#include <QFile>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QTimer>

namespace Keys = Protocol::Keys;

namespace Ha {

using Protocol::MessageType;

namespace {

// How often the name in HA/resource_address is looked up again (a changed DNS record is noticed).
constexpr int ResourceLookupIntervalMs = 30000;
// How often the resource IP is looked for on the local interfaces: the HA engine moves it without
// telling vsmserver (the notify hook comes separately), and consoles are told when it moves.
constexpr int ResourceCheckIntervalMs = 1000;

} // namespace

HaService::HaService(Store::SessionStore *store, Server::AgentGateway *agents, Server::SessionBroker *broker,
                     QObject *parent)
    : QObject(parent), m_store(store), m_agents(agents), m_broker(broker)
{
}

HaService::~HaService() = default;

bool HaService::start(const HaSettings &settings, const Net::TlsSettings &tls, QString *error)
{
    m_settings = settings;
    lookUpResourceAddress();
    if (!m_settings.resourceAddress.isEmpty() && QHostAddress(m_settings.resourceAddress).isNull()) {
        auto *timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, &HaService::lookUpResourceAddress);
        timer->start(ResourceLookupIntervalMs);
    }
    if (!m_settings.resourceAddress.isEmpty()) {
        auto *check = new QTimer(this);
        connect(check, &QTimer::timeout, this, &HaService::checkResourceHeld);
        check->start(ResourceCheckIntervalMs);
    }
    if (!settings.enabled) {
        m_reason = QStringLiteral("/vsmserver/HA/enabled is 0");
        return true;
    }
    const NodeIdentity identity = NodeIdentity::determineForThisHost(settings.nodes);
    if (!identity.isValid()) {
        m_reason = identity.explanation();
        qCCritical(lcHa).noquote() << identity.explanation();
        return true;
    }
    qCInfo(lcHa).noquote() << identity.explanation();
    m_store->setJournalBacklog(settings.backlog);
    m_replicator = new Replicator(settings, identity, m_store, tls, {}, this);
    if (!m_replicator->start(error)) {
        delete m_replicator;
        m_replicator = nullptr;
        return false;
    }
    m_reason = identity.explanation();
    restoreRecordedRole();
    connect(m_replicator, &Replicator::statusChanged, this, &HaService::statusChanged);
    connect(m_replicator, &Replicator::logged, this, &HaService::logged);
    m_reconciler = new Reconciler(m_store, m_agents, m_broker, settings.reconcileGraceSeconds, this);
    connect(m_reconciler, &Reconciler::logged, this, &HaService::logged);
    connect(m_replicator, &Replicator::caughtUp, this, [this](Protocol::ResyncKind kind) {
        reconcileIfHolder(QStringLiteral("after a %1 resync").arg(Protocol::resyncKindName(kind)));
    });
    serveBroker(m_broker, m_replicator, m_store, settings);
    m_broker->setCatchingUp([this]() {
        QString why;
        return m_replicator->catchingUp(&why);
    });
    return true;
}

void HaService::serveBroker(Server::SessionBroker *broker, Replicator *replicator, Store::SessionStore *store,
                            const HaSettings &settings)
{
    broker->setAckHook([replicator](const Store::Change &change, std::function<void()> ack) {
        replicator->ackHook(change, std::move(ack));
    });
    if (settings.async)
        return; // answered after the local commit: nothing to gain from sending ahead
    QString why;
    if (store->beginSendingAhead(&why))
        broker->setSendAhead(true);
    else
        qCWarning(lcHa).noquote() << "HA: each change waits for this node's disk before it goes to the peer:"
                                  << why;
}

int HaService::beginShutdown()
{
    m_shuttingDown = true;
    if (!active() || m_settings.shutdownGraceSeconds <= 0)
        return 0;
    qCInfo(lcHa).noquote() << QStringLiteral("shutting down: the health check reports 'not fit' for %1 s "
                                             "(/vsmserver/HA/shutdown_grace) so that the HA engine moves the "
                                             "resource IP to the peer first; a second SIGTERM stops at once")
                                  .arg(m_settings.shutdownGraceSeconds);
    return m_settings.shutdownGraceSeconds * 1000;
}

void HaService::lookUpResourceAddress()
{
    const QString &name = m_settings.resourceAddress;
    const QHostAddress literal(name);
    if (name.isEmpty() || !literal.isNull()) {
        m_resourceAddresses = literal.isNull() ? QList<QHostAddress>() : QList<QHostAddress> { literal };
        return;
    }
    if (m_resourceLookupPending)
        return;
    // Never on the event loop's time: a slow or dead DNS server must not delay the health check.
    m_resourceLookupPending = true;
    QHostInfo::lookupHost(name, this, [this, name](const QHostInfo &info) {
        m_resourceLookupPending = false;
        if (name != m_settings.resourceAddress)
            return;
        if (info.error() != QHostInfo::NoError) {
            qCWarning(lcHa).noquote()
                << "HA: cannot resolve /vsmserver/HA/resource_address" << name << ":" << info.errorString()
                << "(kept:" << m_resourceAddresses.size() << "addresses from the last lookup)";
            return;
        }
        m_resourceAddresses = info.addresses();
        checkResourceHeld();
    });
}

void HaService::checkResourceHeld()
{
    const bool held = resourceIsLocal();
    if (held == m_resourceHeld)
        return;
    m_resourceHeld = held;
    Q_EMIT statusChanged();
}

QHostAddress HaService::localResourceAddress() const
{
    if (m_resourceAddresses.isEmpty())
        return {};
    const QList<QHostAddress> local = QNetworkInterface::allAddresses();
    for (const QHostAddress &a : std::as_const(m_resourceAddresses)) {
        if (local.contains(a))
            return a;
    }
    return {};
}

qint64 HaService::stepDownSecondsLeft() const
{
    const qint64 left = m_stepDownUntilMs - QDateTime::currentMSecsSinceEpoch();
    return left > 0 ? (left + 999) / 1000 : 0;
}

void HaService::reconcileIfHolder(const QString &why)
{
    if (!m_reconciler)
        return;
    // The node that holds the resource IP; without a resource_address, the node the notify hook
    // made MASTER.
    const bool holder
        = m_settings.resourceAddress.isEmpty() ? m_role == Protocol::HaRole::Master : resourceIsLocal();
    if (holder)
        m_reconciler->run(why);
}

bool HaService::handleCtl(MessageType type, const QCborMap &body, const Server::SessionBroker::Reply &reply)
{
    QString error;
    switch (type) {
    case MessageType::CtlHealth:
        reply(health().toCbor(), {});
        return true;
    case MessageType::CtlHaStepDown:
        if (const auto request = Protocol::CtlStepDown::fromCbor(body, &error))
            stepDown(*request, reply);
        else
            reply({}, error);
        return true;
    case MessageType::CtlHaRole:
        if (const auto request = Protocol::CtlHaRole::fromCbor(body, &error)) {
            reply(Protocol::CtlHaRole { request->role }.toCbor(), {});
            setRole(request->role);
        } else {
            reply({}, error);
        }
        return true;
    case MessageType::CtlHaStatus:
        reply(status().toCbor(), {});
        return true;
    default:
        return false;
    }
}

// Fit to serve, or why not: keepalived's health check (tlctl ha health).
Protocol::CtlHealth HaService::health() const
{
    QString why;
    if (m_shuttingDown)
        why = QStringLiteral("vsmserver is shutting down");
    else if (!m_store->isOpen())
        why = QStringLiteral("the session store is not open");
    else if (const qint64 left = stepDownSecondsLeft(); left > 0)
        why = QStringLiteral("stepping down for a failover drill (%1 s left)").arg(left);
    else if (m_replicator)
        m_replicator->catchingUp(&why);
    return { why.isEmpty(), why };
}

// The failover drill: "not fit" for the seconds asked (0 ends a step-down early).
void HaService::stepDown(const Protocol::CtlStepDown &request, const Server::SessionBroker::Reply &reply)
{
    const qint64 seconds = request.seconds.value_or(DefaultStepDownSeconds);
    if (seconds < 0 || seconds > MaxStepDownSeconds)
        return reply({},
                     QStringLiteral("seconds must be 0..%1 (got %2)").arg(MaxStepDownSeconds).arg(seconds));
    const QString by = request.by.isEmpty() ? QString() : QStringLiteral("(asked by %1)").arg(request.by);
    m_stepDownUntilMs = seconds > 0 ? QDateTime::currentMSecsSinceEpoch() + seconds * 1000 : 0;
    if (seconds > 0)
        qCWarning(lcHa).noquote() << "stepping down for a failover drill: the health check reports"
                                  << "'not fit' for" << seconds << "s" << by;
    else
        qCInfo(lcHa).noquote() << "step-down ended early" << by;
    reply(Protocol::CtlStepDownReply { seconds, m_stepDownUntilMs / 1000 }.toCbor(), {});
    Q_EMIT statusChanged();
    if (seconds > 0) // and again when it ends
        announceStepDownEnd();
}

// Emits statusChanged once the step-down is over. A precise timer, checked when it fires: a
// coarse one may fire up to 5 % early, when a second is still left, and the end would never
// be announced.
void HaService::announceStepDownEnd()
{
    const qint64 leftMs = m_stepDownUntilMs - QDateTime::currentMSecsSinceEpoch();
    if (leftMs <= 0) {
        Q_EMIT statusChanged();
        return;
    }
    QTimer::singleShot(static_cast<int>(leftMs) + 20, Qt::PreciseTimer, this,
                       [this, until = m_stepDownUntilMs]() {
                           if (m_stepDownUntilMs == until) // not ended early or extended meanwhile
                               announceStepDownEnd();
                       });
}

// keepalived repeats no notification: a vsmserver started (or restarted after a crash) while
// keepalived keeps its state would never learn it. The notify hook records each state before it
// tells vsmserver (openvsm-ha-notify: RUNDIR/ha-engine.state, "STATE NAME PRIORITY EPOCH"), so the
// role it last reported is taken from there, unless it was written before this boot. Only the
// role: nothing is taken over; the first resync or the next notification reconciles.
std::optional<HaService::RecordedRole> HaService::readRecordedRole(const QString &file, QString *why)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("%1: %2").arg(file, f.errorString());
        return std::nullopt;
    }
    const QStringList fields = QString::fromUtf8(f.read(256)).simplified().split(QLatin1Char(' '));
    const auto role = Protocol::parseHaRole(fields.value(0));
    bool numeric = false;
    const qint64 written = fields.value(3).toLongLong(&numeric);
    if (!role || !numeric) {
        *why = QStringLiteral("%1 is not 'STATE NAME PRIORITY EPOCH' as the notify hook writes it").arg(file);
        return std::nullopt;
    }
    QFile uptime(QStringLiteral("/proc/uptime"));
    const double up = uptime.open(QIODevice::ReadOnly) ? uptime.readLine().split(' ').value(0).toDouble() : 0;
    if (up > 0 && written < QDateTime::currentSecsSinceEpoch() - static_cast<qint64>(up) - 5) {
        *why = QStringLiteral("%1 is from before this boot").arg(file);
        return std::nullopt;
    }
    return RecordedRole { *role, written };
}

void HaService::restoreRecordedRole()
{
    const QString file = Paths::runDir() + QStringLiteral("/ha-engine.state");
    if (!QFile::exists(file))
        return;
    QString why;
    const auto recorded = readRecordedRole(file, &why);
    if (!recorded) {
        qCInfo(lcHa).noquote() << "HA: the notify hook's last state is not used:" << why;
        return;
    }
    qCInfo(lcHa).noquote() << "HA role:" << Protocol::haRoleName(m_role) << "->"
                           << Protocol::haRoleName(recorded->role)
                           << "(the notify hook's last state, recorded in" << file << "at"
                           << QDateTime::fromSecsSinceEpoch(recorded->written).toString(Qt::ISODate) << ")";
    m_role = recorded->role;
    m_roleSinceMs = recorded->written * 1000;
}

// The role the HA engine's notify hook reports. Becoming MASTER: the peer is confirmed (the
// node stops waiting for a dead one) and the agents are asked what they run.
void HaService::setRole(Protocol::HaRole role)
{
    if (role != m_role) {
        qCInfo(lcHa).noquote() << "HA role:" << Protocol::haRoleName(m_role) << "->"
                               << Protocol::haRoleName(role) << "(notify hook)";
        Q_EMIT logged(Protocol::AdminLogEntry::make(
            Protocol::AdminLogEntry::Kind::Role,
            QStringLiteral("HA role %1 -> %2").arg(Protocol::haRoleName(m_role), Protocol::haRoleName(role)),
            { { QStringLiteral("from"), Protocol::haRoleName(m_role) },
              { QStringLiteral("to"), Protocol::haRoleName(role) } }));
    }
    const bool takeover = role == Protocol::HaRole::Master && m_role != role;
    m_role = role;
    m_roleSinceMs = QDateTime::currentMSecsSinceEpoch();
    Q_EMIT statusChanged();
    if (takeover && m_replicator)
        m_replicator->confirmPeerOnTakeover();
    if (role == Protocol::HaRole::Master)
        reconcileIfHolder(QStringLiteral("this node became MASTER"));
}

Protocol::HaStatus HaService::status() const
{
    Protocol::HaStatus s = m_replicator ? m_replicator->status() : Protocol::HaStatus();
    s.enabled = m_settings.enabled;
    s.active = m_replicator != nullptr;
    s.reason = m_reason;
    s.role = m_role;
    s.roleSince = m_roleSinceMs / 1000;
    s.resourceAddress = m_settings.resourceAddress;
    const QHostAddress held = localResourceAddress();
    s.resourceLocal = !held.isNull();
    s.resourceLocalAddress = held.isNull() ? QString() : held.toString();
    s.sessions = m_store->count();
    s.stepDownLeft = stepDownSecondsLeft();
    s.stepDownUntil = s.stepDownLeft > 0 ? m_stepDownUntilMs / 1000 : 0;
    if (m_reconciler) {
        s.reconcileLast = m_reconciler->lastRunMs() / 1000;
        s.reconcileRemoved = m_reconciler->lastRemoved();
        s.reconcileAdopted = m_reconciler->lastAdopted();
    }
    return s;
}

} // namespace Ha
