#include "gui/console/nodeconnection.h"

#include "gui/console/serverreason.h"
#include "shared/protocol/adminmessages.h"

#include <QDebug>
#include <QLocale>
#include <QTimer>

namespace Console {

using Protocol::MessageType;

namespace {

// Between reconnect attempts: 1, 2, 4, 8, then every 10 s.
int reconnectDelayMs(int failedAttempts)
{
    static const int delays[] = { 1000, 2000, 4000, 8000, 10000 };
    const int last = int(std::size(delays)) - 1;
    return delays[std::clamp(failedAttempts - 1, 0, last)];
}

QString clockTime(const QDateTime &t)
{
    return QLocale().toString(t.time(), QStringLiteral("HH:mm:ss"));
}

} // namespace

NodeConnection::NodeConnection(const QString &address, QObject *parent)
    : QObject(parent),
      m_address(address.trimmed()),
      m_client(new Client::AdminClient(this)),
      m_reconnect(new QTimer(this)),
      m_poll(new QTimer(this)),
      m_statusSoon(new QTimer(this))
{
    QString error;
    if (!Client::AdminClient::parseNode(m_address, &m_host, &m_port, &error)) {
        m_error = error;
        m_host = m_address;
        m_state = State::Invalid;
    }
    m_client->setHeartbeat(HeartbeatMs, HeartbeatDeadMs);
    m_client->setConnectTimeout(ConnectTimeoutMs);
    m_reconnect->setSingleShot(true);
    connect(m_reconnect, &QTimer::timeout, this, &NodeConnection::attempt);
    m_poll->setInterval(BackstopIntervalMs);
    connect(m_poll, &QTimer::timeout, this, [this]() {
        refreshStatus();
        refreshAgents();
    });
    m_statusSoon->setSingleShot(true);
    m_statusSoon->setInterval(250);
    connect(m_statusSoon, &QTimer::timeout, this, &NodeConnection::refreshStatus);

    connect(m_client, &Client::AdminClient::phaseChanged, this, &NodeConnection::onPhase);
    connect(m_client, &Client::AdminClient::ready, this, &NodeConnection::onReady);
    connect(m_client, &Client::AdminClient::failed, this, &NodeConnection::onFailed);
    connect(m_client, &Client::AdminClient::disconnected, this, &NodeConnection::onLost);
    connect(m_client, &Client::AdminClient::event, this,
            [this](const QString &, const QCborMap &body) { onEvent(body); });
}

void NodeConnection::onPhase(Client::AdminClient::Phase phase)
{
    switch (phase) {
    case Client::AdminClient::Phase::Connecting:
        return setState(State::Connecting);
    case Client::AdminClient::Phase::CheckingCertificate:
        return setState(State::CheckingCertificate);
    case Client::AdminClient::Phase::LoggingIn:
        return setState(State::LoggingIn);
    case Client::AdminClient::Phase::Idle:
    case Client::AdminClient::Phase::Ready:
        return; // ready(), failed() and disconnected() say more
    }
}

void NodeConnection::onReady()
{
    ++m_generation;
    m_hadOutcome = true;
    m_passwordRefused = false;
    m_failedAttempts = 0;
    m_error.clear();
    m_unreachableSince = QDateTime();
    m_nextAttempt = QDateTime();
    m_status.reset(); // nothing of the old link's is shown as current
    m_statusTime = QDateTime();
    setState(State::Connected);
    m_poll->start();
    refreshStatus();
    refreshAgents();
    loadSessions();
    loadEventLog();
}

// What the node pushes: a session, the agents, an agent's configuration, its status, its
// configuration.
void NodeConnection::onEvent(const QCborMap &body)
{
    QString error;
    const auto event = Protocol::AdminEvent::fromCbor(body, &error);
    if (!event) {
        qWarning().noquote() << m_address << "sent an event the console cannot read:" << error;
        return;
    }
    switch (event->kind) {
    case Protocol::AdminEvent::Kind::Session:
        if (event->session)
            emit sessionChanged(*event->session, event->removed);
        m_statusSoon->start();
        break;
    case Protocol::AdminEvent::Kind::Agents:
        m_agents = event->agents ? event->agents->agents : QList<Protocol::CtlAgentLoad>();
        emit agentsChanged();
        m_statusSoon->start();
        break;
    case Protocol::AdminEvent::Kind::AgentConfig:
        emit agentConfigChanged(event->agent);
        break;
    case Protocol::AdminEvent::Kind::Status:
        // The node's status, pushed because its HA part changed.
        if (!event->status)
            return;
        m_status = event->status;
        m_statusTime = QDateTime::currentDateTime();
        emit statusChanged();
        break;
    case Protocol::AdminEvent::Kind::Logged:
        if (event->logged)
            emit logged(*event->logged);
        break;
    case Protocol::AdminEvent::Kind::Config:
        emit configChanged();
        // terminalservers changes the agents; HA settings change the HA status.
        refreshAgents();
        m_statusSoon->start();
        break;
    }
}

void NodeConnection::setState(State state)
{
    if (state == m_state && !m_nextAttempt.isValid())
        return;
    m_state = state;
    emit stateChanged();
}

void NodeConnection::open(const QByteArray &password)
{
    m_password = password;
    m_hadOutcome = false;
    m_failedAttempts = 0;
    m_unreachableSince = QDateTime();
    if (m_state == State::Invalid) {
        m_hadOutcome = true;
        emit stateChanged();
        return;
    }
    attempt();
}

void NodeConnection::retryLogin(const QByteArray &password)
{
    if (m_state == State::Connected)
        return;
    m_password = password;
    m_passwordRefused = false;
    m_reconnect->stop();
    attempt();
}

void NodeConnection::attempt()
{
    m_nextAttempt = QDateTime();
    m_error.clear();
    m_client->connectToNode(m_host, m_port,
                            [this](QString *) { return std::optional<QByteArray>(m_password); });
}

void NodeConnection::close()
{
    m_reconnect->stop();
    m_poll->stop();
    m_statusSoon->stop();
    m_client->disconnectFromNode();
    m_password.fill('\0');
    m_password.clear();
    setState(State::Idle);
}

void NodeConnection::onFailed(const QString &why)
{
    m_hadOutcome = true;
    m_error = why;
    m_poll->stop();
    switch (m_client->failureKind()) {
    case Client::AdminClient::Failure::WrongPassword:
        // In the console's language: the node's words are English.
        m_error = ServerReason::text(Protocol::AdminReason { QStringLiteral("wrong_password"), {} }.toCbor(),
                                     why);
        m_passwordRefused = true;
        setState(State::LoginRefused);
        emit passwordRejected();
        return;
    case Client::AdminClient::Failure::LoginRefused:
    case Client::AdminClient::Failure::Cancelled:
        return setState(State::LoginRefused);
    case Client::AdminClient::Failure::Certificate:
        return setState(State::CertificateRefused);
    case Client::AdminClient::Failure::LoginBusy:
        // The node answers; it is busy with other logins from this address: try again soon.
        ++m_failedAttempts;
        return scheduleReconnect(State::LoggingIn);
    case Client::AdminClient::Failure::None:
    case Client::AdminClient::Failure::Unreachable:
        break;
    }
    if (m_unreachableSince.isNull())
        m_unreachableSince = QDateTime::currentDateTime();
    ++m_failedAttempts;
    scheduleReconnect(State::Unreachable);
}

void NodeConnection::onLost(const QString &why)
{
    m_error = tr("connection lost: %1").arg(why);
    m_poll->stop();
    m_statusSoon->stop();
    // Since the last sign of life, not since the loss was noticed.
    const QDateTime lastSeen = m_client->lastSeen();
    m_unreachableSince = lastSeen.isValid() ? lastSeen : QDateTime::currentDateTime();
    m_failedAttempts = 0;
    ++m_generation;
    // The first attempt comes at once: a node that merely dropped the link is back in a moment.
    m_nextAttempt = QDateTime::currentDateTime();
    setState(State::Unreachable);
    m_reconnect->start(0);
}

void NodeConnection::scheduleReconnect(State state)
{
    const int delay = reconnectDelayMs(m_failedAttempts);
    m_nextAttempt = QDateTime::currentDateTime().addMSecs(delay);
    m_reconnect->start(delay);
    setState(state);
}

QString NodeConnection::stateText() const
{
    switch (m_state) {
    case State::Idle:
        return tr("not connected");
    case State::Invalid:
        return tr("bad address");
    case State::Connecting:
        if (m_unreachableSince.isValid())
            return tr("unreachable since %1, reconnecting").arg(clockTime(m_unreachableSince));
        return tr("connecting");
    case State::Unreachable:
        if (m_nextAttempt.isValid())
            return tr("unreachable since %1, reconnecting").arg(clockTime(m_unreachableSince));
        return tr("unreachable since %1").arg(clockTime(m_unreachableSince));
    case State::CheckingCertificate:
        return tr("checking the certificate");
    case State::LoggingIn:
        return tr("logging in");
    case State::Connected:
        return tr("connected");
    case State::LoginRefused:
        return tr("login refused");
    case State::CertificateRefused:
        return tr("certificate refused");
    }
    return {};
}

void NodeConnection::refreshStatus()
{
    const quint64 generation = m_generation;
    m_client->status(this,
                     [this, generation](std::optional<Protocol::AdminStatus> status, const QString &error) {
                         if (!error.isEmpty() || !status || generation != m_generation || !isReady())
                             return;
                         m_status = std::move(status);
                         m_statusTime = QDateTime::currentDateTime();
                         emit statusChanged();
                     });
}

void NodeConnection::refreshAgents()
{
    const quint64 generation = m_generation;
    m_client->call<Protocol::CtlLoadList>(
        MessageType::AdminAgentList, {}, this,
        [this, generation](std::optional<Protocol::CtlLoadList> list, const QString &error) {
            if (!error.isEmpty() || !list || generation != m_generation || !isReady())
                return;
            m_agents = list->agents;
            emit agentsChanged();
        });
}

void NodeConnection::loadEventLog()
{
    const quint64 generation = m_generation;
    m_client->call<Protocol::AdminEventLog>(
        MessageType::AdminEventLog, Protocol::AdminEventLogQuery().toCbor(), this,
        [this, generation](std::optional<Protocol::AdminEventLog> log, const QString &error) {
            if (!error.isEmpty() || !log || generation != m_generation)
                return;
            emit eventLogLoaded(log->entries);
        });
}

void NodeConnection::loadSessions()
{
    m_client->listAllSessions({}, this,
                              [this, generation = m_generation](
                                  std::optional<QList<Protocol::CtlSession>> sessions, const QString &error) {
                                  if (!error.isEmpty() || !sessions || generation != m_generation)
                                      return;
                                  emit sessionsLoaded(*sessions);
                              });
}

} // namespace Console
