#include "protocol/linkhandshake.h"

#include <QSslSocket>
#include <QTimer>

namespace Net {

LinkHandshake::LinkHandshake(QSslSocket *socket, TlsRole role, const TlsSettings &settings,
                             const Protocol::Link::Options &linkOptions, int timeoutMs, QObject *parent)
    : QObject(parent),
      m_socket(socket),
      m_psk(settings.pskMode()),
      m_linkOptions(linkOptions),
      m_timeoutMs(timeoutMs > 0 ? timeoutMs : 10000)
{
    socket->setParent(this);
    m_configured = configureTlsSocket(socket, role, settings, &m_configureError);

    connect(socket, &QSslSocket::encrypted, this, &LinkHandshake::onEncrypted);
    connect(socket, &QAbstractSocket::errorOccurred, this, [this] {
        if (m_socket && !m_link)
            fail(m_socket->errorString());
    });
    connect(socket, &QAbstractSocket::disconnected, this, [this] {
        if (!m_link)
            fail(QStringLiteral("the peer closed the connection during the TLS handshake"));
    });

    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        fail(m_link ? QStringLiteral("no Hello within %1 ms").arg(m_timeoutMs)
                    : QStringLiteral("TLS handshake not finished within %1 ms").arg(m_timeoutMs));
    });
}

LinkHandshake::~LinkHandshake()
{
    // Destroyed before finishing (its server or connector went away): the Link has no parent
    // yet, so it goes with us.
    if (!m_done && m_link) {
        m_link->disconnect(this);
        delete m_link.data();
    }
}

void LinkHandshake::startServer()
{
    if (!m_configured) {
        QTimer::singleShot(0, this, [this] { fail(m_configureError); });
        return;
    }
    m_timer->start(m_timeoutMs);
    m_socket->startServerEncryption();
}

void LinkHandshake::startClient(const QString &host, quint16 port)
{
    if (!m_configured) {
        QTimer::singleShot(0, this, [this] { fail(m_configureError); });
        return;
    }
    m_timer->start(m_timeoutMs);
    m_socket->connectToHostEncrypted(host, port);
}

void LinkHandshake::abort(const QString &reason)
{
    fail(reason);
}

void LinkHandshake::onEncrypted()
{
    if (m_done || m_link)
        return;
    m_socket->disconnect(this);
    QSslSocket *socket = m_socket.data();
    m_linkOptions.helloTimeoutMs = 0; // our own timer covers TLS and Hello together
    m_link = new Protocol::Link(socket, m_linkOptions);
    m_link->setAutoDelete(false);
    connect(m_link.data(), &Protocol::Link::ready, this, [this] {
        m_link->setAutoDelete(m_linkOptions.autoDelete);
        finish(m_link.data(), {});
    });
    connect(m_link.data(), &Protocol::Link::closed, this, [this](const QString &reason) { fail(reason); });
    m_link->start();
}

void LinkHandshake::fail(const QString &error)
{
    if (m_done)
        return;
    QString text = error.isEmpty() ? QStringLiteral("unknown error") : error;
    const bool handshakeRefused = m_socket
        && (m_socket->error() == QAbstractSocket::SslHandshakeFailedError
            || m_socket->error() == QAbstractSocket::RemoteHostClosedError);
    if (m_psk && !m_link && handshakeRefused)
        text += QStringLiteral(" (if the peer is an OpenVSM node, its cluster key differs or it has none)");
    finish(nullptr, text);
}

void LinkHandshake::finish(Protocol::Link *link, const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    m_timer->stop();
    if (m_link) {
        m_link->disconnect(this);
        if (!link) {
            if (!m_link->isClosed())
                m_link->close(error);
            m_link->deleteLater(); // may be inside the Link's own closed() signal
        }
    } else if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    emit finished(link, error);
    deleteLater();
}

} // namespace Net
