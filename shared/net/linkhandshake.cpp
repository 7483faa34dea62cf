#include "shared/net/linkhandshake.h"

#include "shared/logging/logging.h"

#include <QHostInfo>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QSslSocket>
#include <QTimer>

#include <unistd.h>

namespace Net {

namespace {

// Binds socket to a free port in 512..1023 for protocol. The search starts at a random port so
// that two connections made at once rarely race for the same one, and it takes a port nothing
// holds first: bound with SO_REUSEADDR, a port that one of our own connections still holds
// (open, closing or in TIME_WAIT) binds, but the connect then fails with EADDRNOTAVAIL when that
// connection went to the same address and port (Qt reports it as "Unknown error"); the agents'
// port sees many connections from here. Only when every port is held does a second pass share
// one (TIME_WAIT is reused for loopback peers only). A bind that fails emits the socket's
// errorOccurred, which would end the link being made: the socket's signals are blocked meanwhile.
bool bindPrivilegedPort(QAbstractSocket *socket, QAbstractSocket::NetworkLayerProtocol protocol, QString *why)
{
    constexpr int first = 512;
    constexpr int count = 1024 - first;
    if (::geteuid() != 0) {
        *why = QStringLiteral("not running as root, so no port below 1024 can be bound");
        return false;
    }
    const QHostAddress any(protocol == QAbstractSocket::IPv6Protocol ? QHostAddress::AnyIPv6
                                                                     : QHostAddress::AnyIPv4);
    const int start = static_cast<int>(QRandomGenerator::global()->bounded(count));
    const QSignalBlocker quiet(socket);
    for (const auto mode : { QAbstractSocket::DontShareAddress, QAbstractSocket::ReuseAddressHint }) {
        for (int i = 0; i < count; ++i) {
            const auto port = static_cast<quint16>(first + (start + i) % count);
            if (socket->bind(any, port, mode))
                return true;
            if (socket->error() != QAbstractSocket::AddressInUseError) {
                *why = socket->errorString();
                return false;
            }
        }
    }
    *why = QStringLiteral("every port from %1 to 1023 is in use").arg(first);
    return false;
}

} // namespace

LinkHandshake::LinkHandshake(QSslSocket *socket, TlsRole role, const TlsSettings &settings,
                             const Protocol::Link::Options &linkOptions, int timeoutMs, QObject *parent)
    : QObject(parent),
      m_socket(socket),
      m_psk(settings.pskMode()),
      m_offersKey(settings.offersKey()),
      m_linkOptions(linkOptions),
      m_timeoutMs(timeoutMs > 0 ? timeoutMs : 10000)
{
    socket->setParent(this);
    m_configured = configureTlsSocket(socket, role, settings, &m_configureError);
    // QSslSocket decrypts all that has arrived in one event, and emits readyRead for it from
    // inside that event again and again: a peer streaming a resync's megabytes held this end's
    // loop 40-75 ms at a time. A bounded buffer makes it stop and go on in a later event.
    socket->setReadBufferSize(ReadBufferBytes);

    // Without Nagle's algorithm: a link's frames are requests and answers, and a small one
    // written while the one before waits for its TCP acknowledgement would wait for the peer's
    // delayed ACK (40 ms on Linux): two answers in a row from the peer's writer did.
    connect(socket, &QAbstractSocket::connected, this,
            [socket] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
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
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // connected already: see above
    m_socket->startServerEncryption();
}

void LinkHandshake::startClient(const QString &host, quint16 port, SourcePort source)
{
    if (!m_configured) {
        QTimer::singleShot(0, this, [this] { fail(m_configureError); });
        return;
    }
    m_timer->start(m_timeoutMs);
    if (source == SourcePort::Any) {
        m_socket->connectToHostEncrypted(host, port);
        return;
    }
    // The source port must be bound before connecting, for the address family of the target.
    const QHostAddress literal(host);
    if (!literal.isNull()) {
        connectFrom(literal, port);
        return;
    }
    QHostInfo::lookupHost(host, this, [this, host, port](const QHostInfo &info) {
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            fail(QStringLiteral("cannot resolve %1: %2")
                     .arg(host,
                          info.error() != QHostInfo::NoError ? info.errorString()
                                                             : QStringLiteral("no address")));
            return;
        }
        connectFrom(info.addresses().constFirst(), port);
    });
}

void LinkHandshake::connectFrom(const QHostAddress &address, quint16 port)
{
    if (m_done || !m_socket)
        return;
    QString why;
    if (!bindPrivilegedPort(m_socket, address.protocol(), &why)) {
        static bool warned = false;
        if (!warned) {
            warned = true;
            qCWarning(lcSecurity).noquote()
                << QStringLiteral("cannot connect from a privileged source port (%1); peers without the "
                                  "cluster key will refuse privileged calls from this process: run it as "
                                  "root or configure /vsm/cluster_key_file")
                       .arg(why);
        }
    }
    m_socket->connectToHostEncrypted(address.toString(), port);
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
    // The PSK handshake proved the cluster key (in the transition, only when the peer had it too).
    m_linkOptions.peerAuthenticated = m_offersKey && usedClusterKey(socket);
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
    if (m_offersKey && !m_link && handshakeRefused)
        text += m_psk
            ? QStringLiteral(" (if the peer is an OpenVSM node, its cluster key differs or it has none)")
            : QStringLiteral(" (if the peer is an OpenVSM node, its cluster key differs)");
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
