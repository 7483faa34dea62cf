#include "protocol/tlsserver.h"

#include "logging.h"
#include "protocol/linkhandshake.h"

#include <QSslSocket>
#include <QTcpServer>

namespace Net {

// QTcpServer hands out QTcpSockets; a listener that gives us the descriptor instead lets the
// connection become a QSslSocket.
class TlsServer::Listener final : public QTcpServer {
public:
    explicit Listener(TlsServer *server) : m_server(server) { }

protected:
    void incomingConnection(qintptr descriptor) override { m_server->onIncoming(descriptor); }

private:
    TlsServer *m_server;
};

TlsServer::TlsServer(const Options &options, QObject *parent)
    : QObject(parent), m_options(options), m_listener(std::make_unique<Listener>(this))
{
}

TlsServer::~TlsServer() = default;

bool TlsServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_listener->listen(address, port))
        return true;
    if (error)
        *error = QStringLiteral("cannot listen on %1 port %2: %3")
                     .arg(address.toString())
                     .arg(port)
                     .arg(m_listener->errorString());
    return false;
}

void TlsServer::close()
{
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

void TlsServer::onIncoming(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcProtocol).noquote()
            << QStringLiteral("cannot take an incoming connection: %1").arg(socket->errorString());
        delete socket;
        return;
    }
    const QHostAddress peer = Protocol::normalizedAddress(socket->peerAddress());
    const QString peerText = peer.toString() + QLatin1Char(':') + QString::number(socket->peerPort());

    const auto refuse = [&](const QString &why) {
        qCWarning(lcSecurity).noquote()
            << QStringLiteral("refused connection from %1: %2").arg(peerText, why);
        socket->abort();
        socket->deleteLater();
        emit refused(peer, why);
    };
    QString why;
    if (m_options.trustCheck && !m_options.trustCheck(peer, &why)) {
        refuse(why.isEmpty() ? QStringLiteral("address not allowed") : why);
        return;
    }
    if (m_pending >= m_options.maxPendingHandshakes) {
        refuse(QStringLiteral("%1 connections are already in their handshake (the limit)").arg(m_pending));
        return;
    }

    ++m_pending;
    Protocol::Link::Options linkOptions = m_options.link;
    linkOptions.peerDescription = peerText;
    auto *handshake = new LinkHandshake(socket, TlsRole::Server, m_options.tls, linkOptions,
                                        m_options.handshakeTimeoutMs, this);
    connect(handshake, &LinkHandshake::finished, this,
            [this, peer, peerText](Protocol::Link *link, const QString &error) {
                --m_pending;
                if (!link) {
                    qCWarning(lcSecurity).noquote()
                        << QStringLiteral("connection from %1 failed before it was ready: %2")
                               .arg(peerText, error);
                    emit refused(peer, error);
                    return;
                }
                link->setParent(this);
                emit newLink(link, peer);
            });
    handshake->startServer();
}

} // namespace Net
