#include "backend/client/adminclient.h"

#include "shared/net/tlsconnector.h"
#include "shared/net/tlsidentity.h"
#include "shared/protocol/link.h"

#include <QHostAddress>
#include <QSslSocket>
#include <QSysInfo>
#include <QTimer>

#include <memory>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace Client {

using Protocol::MessageType;

namespace {

// The heartbeat's backstop: the kernel probes an idle connection after 10 s and gives up after
// three unanswered probes; unacknowledged data is given up on after 20 s.
void enableKeepAlive(QAbstractSocket *socket)
{
    socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
#ifdef Q_OS_LINUX
    const auto fd = static_cast<int>(socket->socketDescriptor());
    if (fd < 0)
        return;
    const int idle = 10, interval = 3, count = 3;
    const unsigned int userTimeoutMs = 20000;
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
    ::setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &userTimeoutMs, sizeof userTimeoutMs);
#endif
}

} // namespace

AdminClient::AdminClient(QObject *parent) : QObject(parent)
{
    Net::TlsConnector::Options options; // certificate mode: the admin API never uses the cluster key
    options.link.program = QStringLiteral("openvsm-admin");
    options.link.nodeName = QSysInfo::machineHostName();
    m_connector = new Net::TlsConnector(options, this);
    m_clock.start();
}

AdminClient::~AdminClient()
{
    if (m_link)
        m_link->close(QStringLiteral("admin client closed"));
}

bool AdminClient::parseNode(const QString &node, QString *host, quint16 *port, QString *error)
{
    QString h = node.trimmed();
    QString p;
    if (h.startsWith(QLatin1Char('['))) {
        const int close = h.indexOf(QLatin1Char(']'));
        if (close < 0) {
            *error = QStringLiteral("'%1': missing ']'").arg(node);
            return false;
        }
        p = h.mid(close + 1);
        h = h.mid(1, close - 1);
        if (!p.isEmpty() && !p.startsWith(QLatin1Char(':'))) {
            *error = QStringLiteral("'%1': expected ':PORT' after ']'").arg(node);
            return false;
        }
        p = p.mid(1);
    } else if (h.count(QLatin1Char(':')) == 1) {
        p = h.section(QLatin1Char(':'), 1);
        h = h.section(QLatin1Char(':'), 0, 0);
    }
    if (h.isEmpty()) {
        *error = QStringLiteral("'%1': no host name").arg(node);
        return false;
    }
    *host = h;
    *port = DefaultPort;
    if (!p.isEmpty()) {
        bool ok = false;
        const uint n = p.toUInt(&ok);
        if (!ok || n == 0 || n > 65535) {
            *error = QStringLiteral("'%1': bad port '%2' (1..65535)").arg(node, p);
            return false;
        }
        *port = static_cast<quint16>(n);
    }
    return true;
}

void AdminClient::connectToNode(const QString &host, quint16 port, const QByteArray &password)
{
    connectToNode(host, port, [password](QString *) { return std::optional<QByteArray>(password); });
}

void AdminClient::connectToNode(const QString &host, quint16 port, PasswordSource password)
{
    disconnectFromNode();
    const quint64 attempt = ++m_attempt;
    m_host = host;
    m_port = port;
    m_failure = Failure::None;
    m_node = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                                             : QStringLiteral("%1:%2").arg(host).arg(port);
    setPhase(Phase::Connecting);
    m_connector->connectToHost(host, port, m_connectTimeoutMs > 0 ? m_connectTimeoutMs : m_timeoutMs, this,
                               [this, attempt, password](Protocol::Link *link, const QString &error) {
                                   if (attempt != m_attempt) {
                                       if (link)
                                           link->close(QStringLiteral("superseded"));
                                       return;
                                   }
                                   onLink(link, error, password);
                               });
}

void AdminClient::disconnectFromNode()
{
    ++m_attempt;
    m_ready = false;
    m_pingOutstanding = false;
    if (m_heartbeat)
        m_heartbeat->stop();
    if (m_link) {
        disconnect(m_link, nullptr, this, nullptr);
        m_link->close(QStringLiteral("admin client disconnected"));
    }
    m_link = nullptr;
    setPhase(Phase::Idle);
}

void AdminClient::fail(const QString &error, Failure kind)
{
    m_ready = false;
    m_failure = kind;
    if (m_link) {
        disconnect(m_link, nullptr, this, nullptr);
        m_link->close(error);
    }
    m_link = nullptr;
    setPhase(Phase::Idle);
    emit failed(error);
}

void AdminClient::setPhase(Phase phase)
{
    if (phase == m_phase)
        return;
    m_phase = phase;
    emit phaseChanged(phase);
}

AdminClient::Failure AdminClient::classifyLoginError(const QString &error)
{
    // The node's own words (backend/server/admin/adminservice.cpp), or the link's.
    if (error.contains(QLatin1String("wrong admin password")))
        return Failure::WrongPassword;
    if (error.startsWith(QLatin1String("link closed")) || error.startsWith(QLatin1String("timed out")))
        return Failure::Unreachable;
    if (error.contains(QLatin1String("in progress")) || error.contains(QLatin1String("is busy")))
        return Failure::LoginBusy;
    return Failure::LoginRefused;
}

void AdminClient::setHeartbeat(int intervalMs, int deadAfterMs)
{
    m_heartbeatMs = std::max(0, intervalMs);
    m_deadAfterMs = std::max(deadAfterMs, 2 * m_heartbeatMs);
    if (m_heartbeatMs == 0 && m_heartbeat)
        m_heartbeat->stop();
}

void AdminClient::seen()
{
    m_lastSeenMs = m_clock.elapsed();
    m_lastSeen = QDateTime::currentDateTime();
}

void AdminClient::beat()
{
    if (!m_link || !m_ready) {
        m_heartbeat->stop();
        return;
    }
    const qint64 now = m_clock.elapsed();
    // A tick that comes much too late means this process did not run for a while (a modal
    // dialog's nested loop does run; a stopped or swapped-out console does not): answers may
    // be waiting unread, so nobody is judged on this tick.
    const bool late = now - m_lastBeatMs > 2 * m_heartbeat->interval() + 250;
    m_lastBeatMs = now;
    if (!late && now - m_lastSeenMs > m_deadAfterMs) {
        const QString reason = tr("no answer from %1 for %2 s")
                                   .arg(m_node)
                                   .arg(double(now - m_lastSeenMs) / 1000.0, 0, 'f', 1);
        m_link->close(reason); // closed() below: disconnected(reason)
        return;
    }
    if (m_pingOutstanding || now - m_lastPingMs < m_heartbeatMs)
        return;
    m_pingOutstanding = true;
    m_lastPingMs = now;
    const quint64 attempt = m_attempt;
    m_link->request(MessageType::Ping, {}, 0, this, [this, attempt](const Protocol::Message &reply) {
        if (attempt != m_attempt)
            return;
        m_pingOutstanding = false;
        if (reply.error.isEmpty())
            seen();
    });
}

void AdminClient::onLink(Protocol::Link *link, const QString &error, const PasswordSource &passwordSource)
{
    if (!link) {
        fail(error, Failure::Unreachable);
        return;
    }
    m_link = link;
    auto *socket = qobject_cast<QSslSocket *>(link->device());
    const QSslCertificate certificate = socket ? socket->peerCertificate() : QSslCertificate();
    if (certificate.isNull()) {
        fail(tr("%1 presented no certificate; not sending the password").arg(m_node), Failure::Certificate);
        return;
    }
    if (m_heartbeatMs > 0)
        enableKeepAlive(socket);
    m_fingerprint = Net::TlsIdentity::fingerprintText(certificate);
    const QPointer<Protocol::Link> guard(link);
    const quint64 attempt = m_attempt;
    if (!trustCertificate() || attempt != m_attempt)
        return;
    if (!guard) {
        // The node gave up waiting while the certificate was being checked (it closes
        // connections that do not log in soon): it is pinned now, so connect again.
        connectToNode(m_host, m_port, passwordSource);
        return;
    }
    // Asked only now: nothing is typed for a node that is not trusted.
    QString passwordError;
    std::optional<QByteArray> password = passwordSource(&passwordError);
    if (attempt != m_attempt)
        return;
    if (!password) {
        fail(passwordError, Failure::Cancelled);
        return;
    }
    if (!guard) {
        password->fill('\0');
        connectToNode(m_host, m_port, passwordSource);
        return;
    }
    watch(link);
    logIn(link, *password);
    password->fill('\0');
}

bool AdminClient::trustCertificate()
{
    KnownNodes known(m_knownNodesFile);
    QString pinned;
    const KnownNodes::Status status = known.check(m_node, m_fingerprint, &pinned);
    if (status == KnownNodes::Status::Match)
        return true;
    const quint64 attempt = m_attempt;
    setPhase(Phase::CheckingCertificate);
    const bool accepted = m_check && m_check(m_node, m_fingerprint, status, pinned);
    if (attempt != m_attempt)
        return false;
    if (!accepted) {
        fail(status == KnownNodes::Status::Changed
                 ? tr("the certificate of %1 has CHANGED (pinned %2, now %3); refused: not sending the "
                      "password")
                       .arg(m_node, pinned, m_fingerprint)
                 : tr("the certificate of %1 (%2) was not accepted; not sending the password")
                       .arg(m_node, m_fingerprint),
             Failure::Certificate);
        return false;
    }
    QString pinError;
    if (!known.pin(m_node, m_fingerprint, &pinError)) {
        fail(pinError, Failure::Certificate);
        return false;
    }
    return true;
}

void AdminClient::watch(Protocol::Link *link)
{
    connect(link, &Protocol::Link::closed, this, [this](const QString &reason) {
        const bool wasReady = m_ready;
        m_ready = false;
        m_link = nullptr;
        m_pingOutstanding = false;
        if (m_heartbeat)
            m_heartbeat->stop();
        setPhase(Phase::Idle);
        if (wasReady) {
            emit disconnected(reason);
        } else {
            m_failure = Failure::Unreachable;
            emit failed(tr("%1 closed the connection: %2").arg(m_node, reason));
        }
    });
    connect(link, &Protocol::Link::requestReceived, this, [this](const Protocol::Message &message) {
        seen();
        if (message.type == MessageType::AdminEvent)
            emit event(message.body.value(QStringLiteral("kind")).toString(), message.body.map());
        else if (m_link)
            m_link->replyError(message, QStringLiteral("the admin client answers no requests"));
    });
}

void AdminClient::logIn(Protocol::Link *link, const QByteArray &password)
{
    QCborMap body = Protocol::AdminLogin { QString::fromUtf8(password) }.toCbor();
    setPhase(Phase::LoggingIn);
    link->request(MessageType::AdminLogin, body, m_timeoutMs, this, [this](const Protocol::Message &reply) {
        QString error = reply.error;
        const auto login
            = error.isEmpty() ? Protocol::AdminLoginReply::fromCbor(reply.body, &error) : std::nullopt;
        if (!login) {
            fail(tr("login to %1 refused: %2").arg(m_node, error), classifyLoginError(error));
            return;
        }
        m_nodeName = login->node;
        m_version = login->version;
        m_ready = true;
        m_failure = Failure::None;
        seen();
        startHeartbeat();
        setPhase(Phase::Ready);
        emit ready();
    });
}

void AdminClient::startHeartbeat()
{
    if (m_heartbeatMs <= 0)
        return;
    if (!m_heartbeat) {
        m_heartbeat = new QTimer(this);
        connect(m_heartbeat, &QTimer::timeout, this, &AdminClient::beat);
    }
    m_pingOutstanding = false;
    m_lastBeatMs = m_clock.elapsed();
    m_lastPingMs = m_lastBeatMs - m_heartbeatMs; // the first Ping at the first tick
    // Ticks four times per interval: the loss is noticed soon after deadAfterMs.
    m_heartbeat->start(std::max(50, m_heartbeatMs / 4));
}

void AdminClient::request(Protocol::MessageType type, const QCborMap &body, const QObject *context,
                          Reply reply)
{
    if (!m_link || !m_ready) {
        QPointer<const QObject> guard(context);
        QMetaObject::invokeMethod(
            this,
            [guard, reply]() {
                if (guard)
                    reply({}, tr("not connected"));
            },
            Qt::QueuedConnection);
        return;
    }
    const QPointer<AdminClient> self(this);
    m_link->request(type, body, 60000, context, [self, reply](const Protocol::Message &answer) {
        if (self && answer.error.isEmpty())
            self->seen();
        reply(answer.body.map(), answer.error);
    });
}

void AdminClient::listAllSessions(const Protocol::CtlSessionFilter &filter, const QObject *context,
                                  Typed<QList<Protocol::CtlSession>> done)
{
    struct Paging {
        Protocol::AdminSessionQuery query;
        QList<Protocol::CtlSession> sessions;
        Typed<QList<Protocol::CtlSession>> done;
        std::function<void()> next;
    };
    auto paging = std::make_shared<Paging>();
    paging->query.filter = filter;
    paging->query.afterId = QString(); // from the first
    paging->done = std::move(done);
    const QPointer<AdminClient> self(this);
    const QPointer<const QObject> guard(context);
    paging->next = [self, guard, context, weak = std::weak_ptr<Paging>(paging)]() {
        const auto p = weak.lock();
        if (!p || !self || !guard)
            return;
        self->call<Protocol::AdminSessionPage>(
            Protocol::MessageType::AdminSessionList, p->query.toCbor(), context,
            [p](std::optional<Protocol::AdminSessionPage> page, const QString &error) {
                if (!page) {
                    p->next = nullptr;
                    return p->done(std::nullopt, error);
                }
                p->sessions += page->sessions;
                std::optional<Protocol::AdminSessionQuery> next = p->query.next(*page);
                if (!next) {
                    p->next = nullptr;
                    return p->done(std::move(p->sessions), {});
                }
                p->query = std::move(*next);
                p->next();
            });
    };
    paging->next();
}

} // namespace Client
