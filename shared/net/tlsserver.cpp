#include "shared/net/tlsserver.h"

#include "shared/logging/logging.h"
#include "shared/net/acceptor.h"
#include "shared/net/linkhandshake.h"

#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

#include <algorithm>
#include <unistd.h>

namespace Net {

namespace {

void decrement(QHash<QHostAddress, int> *counts, const QHostAddress &key)
{
    auto it = counts->find(key);
    if (it != counts->end() && --it.value() <= 0)
        counts->erase(it);
}

} // namespace

// QTcpServer binds and listens; the accepting is Net::Acceptor's (Qt's own accept loop spins
// when descriptors run out), and each connection becomes a QSslSocket.
class TlsServer::Listener final : public QTcpServer { };

TlsServer::TlsServer(const Options &options, QObject *parent)
    : QObject(parent),
      m_options(options),
      m_listener(std::make_unique<Listener>()),
      m_refusals([](const QString &line) { qCWarning(lcSecurity).noquote() << line; })
{
    m_flushTimer = new QTimer(this);
    m_flushTimer->setInterval(5000);
    connect(m_flushTimer, &QTimer::timeout, this, [this] {
        if (!m_refusals.flush())
            m_flushTimer->stop();
    });
}

TlsServer::~TlsServer()
{
    m_refusals.flush();
}

bool TlsServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_listener->listen(address, port)) {
        m_listener->pauseAccepting(); // for good: the Acceptor accepts
        m_acceptor = new Acceptor(static_cast<int>(m_listener->socketDescriptor()),
                                  QStringLiteral("port %1").arg(m_listener->serverPort()), this);
        connect(m_acceptor, &Acceptor::accepted, this, &TlsServer::onIncoming);
        return true;
    }
    if (error)
        *error = QStringLiteral("cannot listen on %1 port %2: %3")
                     .arg(address.toString())
                     .arg(port)
                     .arg(m_listener->errorString());
    return false;
}

void TlsServer::close()
{
    delete m_acceptor;
    m_acceptor = nullptr;
    m_listener->close();
}

bool TlsServer::isListening() const
{
    return m_listener->isListening();
}

QHostAddress TlsServer::serverAddress() const
{
    return m_listener->serverAddress();
}

quint16 TlsServer::serverPort() const
{
    return m_listener->serverPort();
}

bool TlsServer::provenByPort(const QHostAddress &peer, quint16 port) const
{
    if (!m_options.privilegedPortProves || port == 0 || port >= 1024)
        return false;
    return !m_options.isTrustedAddress || m_options.isTrustedAddress(peer);
}

void TlsServer::refuse(RefusalReason reason, const QHostAddress &peer, const QString &peerText,
                       const QString &why)
{
    const bool news = m_refusals.refused(reason, peer.toString(),
                                         QStringLiteral("connection from %1").arg(peerText), why);
    m_flushTimer->start();
    emit refused(peer, why);
    if (news)
        emit refusalLogged(reason, peer, why);
}

void TlsServer::onIncoming(int descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcProtocol).noquote()
            << QStringLiteral("cannot take an incoming connection: %1").arg(socket->errorString());
        ::close(descriptor);
        delete socket;
        return;
    }
    const QHostAddress peer = Protocol::normalizedAddress(socket->peerAddress());
    const quint16 peerPort = socket->peerPort();
    const QString peerText = peer.toString() + QLatin1Char(':') + QString::number(peerPort);
    const auto drop = [&](RefusalReason reason, const QString &why) {
        socket->abort();
        socket->deleteLater();
        refuse(reason, peer, peerText, why);
    };

    QString why;
    if (m_options.trustCheck && !m_options.trustCheck(peer, &why))
        return drop(RefusalReason::AddressNotAllowed,
                    why.isEmpty() ? QStringLiteral("address not allowed") : why);
    if (m_links >= m_options.maxLinks)
        return drop(RefusalReason::ConnectionLimit,
                    QStringLiteral("%1 links are open (the limit)").arg(m_links));

    const bool privileged = provenByPort(peer, peerPort);
    if (m_options.requireProven && !privileged && !m_options.tls.offersKey())
        return drop(RefusalReason::NotRoot,
                    QStringLiteral("source port %1 is not below 1024, so the caller is not root on its host; "
                                   "only root (or a holder of the cluster key) may use this port")
                        .arg(peerPort));
    why = handshakeLimitReached(peer, privileged);
    if (!why.isEmpty())
        return drop(RefusalReason::ConnectionLimit, why);
    // Root past the limit uses the reserve.
    const bool reserved = privileged && m_pending - m_pendingReserved >= m_options.maxPendingHandshakes;
    if (!privileged)
        ++m_pendingPerAddress[peer];
    if (reserved)
        ++m_pendingReserved;
    ++m_pending;

    // Until the peer is known to be proven (after TLS), it may send no more than strangers may:
    // its Hello is small.
    Protocol::Link::Options linkOptions = m_options.link;
    linkOptions.peerDescription = peerText;
    linkOptions.maxFrameSize = std::min(linkOptions.maxFrameSize, m_options.unprovenFrameLimit);
    linkOptions.maxBufferedBytes = Protocol::FrameHeaderSize + linkOptions.maxFrameSize;
    auto *handshake = new LinkHandshake(socket, TlsRole::Server, m_options.tls, linkOptions,
                                        m_options.handshakeTimeoutMs, this);
    connect(handshake, &LinkHandshake::finished, this,
            [this, peer, peerText, privileged, reserved](Protocol::Link *link, const QString &error) {
                --m_pending;
                if (reserved)
                    --m_pendingReserved;
                if (!privileged)
                    decrement(&m_pendingPerAddress, peer);
                if (!link) {
                    refuse(RefusalReason::HandshakeFailed, peer, peerText,
                           QStringLiteral("failed before it was ready: %1").arg(error));
                    return;
                }
                if (m_options.requireProven && !privileged && !link->peerAuthenticated()) {
                    // The transition: the peer could have used the key, and did not.
                    link->close(QStringLiteral("not proven"));
                    link->deleteLater();
                    refuse(RefusalReason::NotRoot, peer, peerText,
                           QStringLiteral("neither a source port below 1024 nor the cluster key proves the "
                                          "caller is root on its host; only root (or a holder of the cluster "
                                          "key) may use this port"));
                    return;
                }
                adopt(link, peer, privileged || link->peerAuthenticated());
            });
    handshake->startServer();
}

QString TlsServer::handshakeLimitReached(const QHostAddress &peer, bool privileged) const
{
    const int pending = m_pending - m_pendingReserved;
    if (privileged) {
        // Root has a reserve of handshakes beyond the limit, so strangers cannot lock it out.
        if (pending >= m_options.maxPendingHandshakes && m_pendingReserved >= m_options.reservedHandshakes)
            return QStringLiteral("%1 connections are already in their handshake, the reserve for root "
                                  "included (the limit)")
                .arg(m_pending);
        return {};
    }
    const int fromPeer = m_pendingPerAddress.value(peer);
    if (fromPeer >= m_options.maxPendingPerAddress)
        return QStringLiteral("%1 connections from this address are already in their handshake (the limit "
                              "per address)")
            .arg(fromPeer);
    if (m_unprovenLinks.value(peer) >= m_options.maxUnprovenLinksPerAddress)
        return QStringLiteral("%1 unauthenticated links from this address are open (the limit per address)")
            .arg(m_unprovenLinks.value(peer));
    if (pending >= m_options.maxPendingHandshakes)
        return QStringLiteral("%1 connections are already in their handshake (the limit)").arg(m_pending);
    return {};
}

void TlsServer::adopt(Protocol::Link *link, const QHostAddress &peer, bool proven)
{
    link->setParent(this);
    ++m_links;
    if (proven) {
        // The handshake ran with the unproven limit; a proven peer gets the link's own.
        link->setLimits(m_options.link.maxFrameSize, m_options.link.maxBufferedBytes);
    } else {
        ++m_unprovenLinks[peer];
        link->setLimits(m_options.unprovenFrameLimit,
                        Protocol::FrameHeaderSize + m_options.unprovenFrameLimit);
        link->setIdleTimeout(m_options.unprovenIdleTimeoutMs);
    }
    connect(link, &QObject::destroyed, this, [this, peer, proven] {
        --m_links;
        if (!proven)
            decrement(&m_unprovenLinks, peer);
    });
    emit newLink(link, peer, proven);
}

} // namespace Net
