#pragma once

#include "shared/net/tlssetup.h"
#include "shared/protocol/link.h"

#include <QObject>
#include <QPointer>

#include <QSslSocket>
class QTimer;

namespace Net {

// One connection on its way from "TCP connected (or connecting)" to "Link ready": the TLS
// handshake, then the Hello exchange, all within one deadline. Shared by TlsServer (for an
// accepted socket) and TlsConnector (for an outgoing one) so that both sides behave the same.
//
// Emits finished() exactly once, then deletes itself. On success the Link (ready, without a
// parent) is handed over; on failure error says what went wrong (the socket is gone).
class LinkHandshake final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkHandshake)

public:
    // Takes socket (reparented to this); configures it for role with settings. timeoutMs
    // (10 s when <= 0) covers TLS and Hello together.
    LinkHandshake(QSslSocket *socket, TlsRole role, const TlsSettings &settings,
                  const Protocol::Link::Options &linkOptions, int timeoutMs, QObject *parent = nullptr);
    ~LinkHandshake() override;

    // What the TLS socket decrypts ahead of the link's reading (QAbstractSocket::setReadBufferSize).
    static constexpr qint64 ReadBufferBytes = 256 * 1024;

    // Where an outgoing connection comes from. Privileged: a source port below 1024, which
    // proves to the peer that root on this host is calling (ThinLinc's rule for privileged
    // calls without a cluster key). Only root can bind one; without it the connection goes out
    // from an ordinary port and a warning says why (once per process).
    enum class SourcePort { Any, Privileged };

    // Server: starts the server handshake on the accepted socket. Client: connects to
    // host:port and starts the client handshake.
    void startServer();
    void startClient(const QString &host, quint16 port, SourcePort source = SourcePort::Any);

    QSslSocket *socket() const { return m_socket; }
    // Cancels (finished() with error reason).
    void abort(const QString &reason);

signals:
    void finished(Protocol::Link *link, const QString &error);

private:
    void onEncrypted();
    void connectFrom(const QHostAddress &address, quint16 port);
    void fail(const QString &error);
    void finish(Protocol::Link *link, const QString &error);

    QPointer<QSslSocket> m_socket;
    QPointer<Protocol::Link> m_link;
    bool m_psk = false; // the cluster key is required
    bool m_offersKey = false; // the cluster key is offered
    bool m_configured = false;
    bool m_done = false;
    QString m_configureError;
    Protocol::Link::Options m_linkOptions;
    QTimer *m_timer = nullptr;
    int m_timeoutMs = 0;
};

} // namespace Net
