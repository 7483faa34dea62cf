#pragma once

#include "protocol/link.h"
#include "protocol/tlssetup.h"

#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>

namespace Net {

class LinkHandshake;

// A TCP listener whose every connection becomes a Protocol::Link over TLS (see tlssetup.h for
// the two TLS modes).
//
// Per connection: the peer's address goes through the trust check right after accept (a
// refusal is logged in lcSecurity with the address and the reason, and the socket is closed
// before any TLS); then TLS and the Hello exchange must finish within handshakeTimeoutMs; then
// newLink() hands over the ready Link. At most maxPendingHandshakes connections may be between
// accept and Hello at once; more are refused and logged, so silent peers cannot exhaust the
// daemon. A failed handshake (wrong or missing cluster key, not TLS at all, timeout) is logged
// in lcSecurity with the peer's address and affects no other connection.
class TlsServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsServer)

public:
    // Returns true to accept a peer; otherwise sets *why (for the log line).
    using TrustCheck = std::function<bool(const QHostAddress &peer, QString *why)>;

    struct Options {
        TlsSettings tls;
        Protocol::Link::Options link; // program, node name, limits for each Link
        TrustCheck trustCheck; // empty: every address may connect
        int handshakeTimeoutMs = 10000;
        int maxPendingHandshakes = 32;
    };

    explicit TlsServer(const Options &options, QObject *parent = nullptr);
    ~TlsServer() override;

    // Listens on address:port (port 0: any free port, see serverPort()).
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    void close();
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;

    // For a configuration reload: affect connections accepted from now on.
    void setTlsSettings(const TlsSettings &settings) { m_options.tls = settings; }
    void setTrustCheck(const TrustCheck &check) { m_options.trustCheck = check; }

    int pendingHandshakes() const { return m_pending; }

signals:
    // A ready Link (TLS done, Hellos exchanged). It is a child of the server until the
    // receiver reparents it; it deletes itself after it closes (hold it in a QPointer).
    void newLink(Protocol::Link *link, const QHostAddress &peer);
    // A connection that was refused or failed before newLink(); why as logged.
    void refused(const QHostAddress &peer, const QString &why);

private:
    class Listener;
    void onIncoming(qintptr descriptor);

    Options m_options;
    std::unique_ptr<Listener> m_listener;
    int m_pending = 0;
};

} // namespace Net
