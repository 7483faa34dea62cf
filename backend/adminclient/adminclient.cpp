#include "adminclient.h"

#include "protocol/link.h"
#include "protocol/tlsconnector.h"
#include "protocol/tlsidentity.h"

#include <QHostAddress>
#include <QSslSocket>
#include <QSysInfo>

namespace Admin {

using Protocol::MessageType;

AdminClient::AdminClient(QObject *parent) : QObject(parent)
{
    Net::TlsConnector::Options options; // certificate mode: the admin API never uses the cluster key
    options.link.program = QStringLiteral("openvsm-admin");
    options.link.nodeName = QSysInfo::machineHostName();
    m_connector = new Net::TlsConnector(options, this);
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
    m_node = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                                             : QStringLiteral("%1:%2").arg(host).arg(port);
    m_connector->connectToHost(host, port, m_timeoutMs, this,
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
    if (m_link) {
        disconnect(m_link, nullptr, this, nullptr);
        m_link->close(QStringLiteral("admin client disconnected"));
    }
    m_link = nullptr;
}

void AdminClient::fail(const QString &error)
{
    m_ready = false;
    if (m_link) {
        disconnect(m_link, nullptr, this, nullptr);
        m_link->close(error);
    }
    m_link = nullptr;
    emit failed(error);
}

void AdminClient::onLink(Protocol::Link *link, const QString &error, const PasswordSource &passwordSource)
{
    if (!link) {
        emit failed(error);
        return;
    }
    m_link = link;
    auto *socket = qobject_cast<QSslSocket *>(link->device());
    const QSslCertificate certificate = socket ? socket->peerCertificate() : QSslCertificate();
    if (certificate.isNull()) {
        fail(tr("%1 presented no certificate; not sending the password").arg(m_node));
        return;
    }
    m_fingerprint = Net::TlsIdentity::fingerprintText(certificate);
    KnownNodes known(m_knownNodesFile);
    QString pinned;
    const KnownNodes::Status status = known.check(m_node, m_fingerprint, &pinned);
    if (status != KnownNodes::Status::Match) {
        const QPointer<Protocol::Link> guard(link);
        const quint64 attempt = m_attempt;
        const bool accepted = m_check && m_check(m_node, m_fingerprint, status, pinned);
        if (attempt != m_attempt || !guard)
            return;
        if (!accepted) {
            fail(status == KnownNodes::Status::Changed
                     ? tr("the certificate of %1 has CHANGED (pinned %2, now %3); refused: not sending the "
                          "password")
                           .arg(m_node, pinned, m_fingerprint)
                     : tr("the certificate of %1 (%2) was not accepted; not sending the password")
                           .arg(m_node, m_fingerprint));
            return;
        }
        QString pinError;
        if (!known.pin(m_node, m_fingerprint, &pinError)) {
            fail(pinError);
            return;
        }
    }
    // Asked only now: nothing is typed for a node that is not trusted.
    QString passwordError;
    const QPointer<Protocol::Link> guard(link);
    const quint64 attempt = m_attempt;
    std::optional<QByteArray> password = passwordSource(&passwordError);
    if (attempt != m_attempt || !guard)
        return;
    if (!password) {
        fail(passwordError);
        return;
    }
    connect(link, &Protocol::Link::closed, this, [this](const QString &reason) {
        const bool wasReady = m_ready;
        m_ready = false;
        m_link = nullptr;
        if (wasReady)
            emit disconnected(reason);
        else
            emit failed(tr("%1 closed the connection: %2").arg(m_node, reason));
    });
    connect(link, &Protocol::Link::requestReceived, this, [this](const Protocol::Message &message) {
        if (message.type == MessageType::AdminEvent)
            emit event(message.body.value(QStringLiteral("kind")).toString(), message.body);
        else if (m_link)
            m_link->replyError(message, QStringLiteral("the admin client answers no requests"));
    });
    QCborMap body;
    body.insert(QStringLiteral("password"), QString::fromUtf8(*password));
    password->fill('\0');
    link->request(MessageType::AdminLogin, body, m_timeoutMs, this, [this](const Protocol::Message &reply) {
        if (!reply.error.isEmpty()) {
            fail(tr("login to %1 refused: %2").arg(m_node, reply.error));
            return;
        }
        m_nodeName = reply.body.value(QStringLiteral("node")).toString();
        m_version = reply.body.value(QStringLiteral("version")).toString();
        m_ready = true;
        emit ready();
    });
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
    m_link->request(type, body, 60000, context,
                    [reply](const Protocol::Message &answer) { reply(answer.body, answer.error); });
}

} // namespace Admin
