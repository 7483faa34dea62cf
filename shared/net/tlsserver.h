#pragma once

#include "shared/net/refusallog.h"
#include "shared/net/tlssetup.h"
#include "shared/protocol/link.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>

class QTimer;

namespace Net {

class Acceptor;
class LinkHandshake;

// A TCP listener whose every connection becomes a Protocol::Link over TLS (see tlssetup.h for
// the two TLS modes). It limits what a peer that has proven nothing can cost the daemon.
//
// Per connection: the peer's address goes through the trust check right after accept (a
// refusal is logged in lcSecurity with the address and the reason, and the socket is closed
// before any TLS); then TLS and the Hello exchange must finish within handshakeTimeoutMs; then
// newLink() hands over the ready Link.
//
// A peer is *proven* when the TLS handshake proved the cluster key, or (when
// privilegedPortProves) when it connects from a source port below 1024, which only root can
// bind, from an address that isTrustedAddress accepts. Everything else is unproven and gets:
// - at most maxPendingPerAddress handshakes at once per address, and maxPendingHandshakes in
//   all; proven peers have reservedHandshakes more slots that unproven ones cannot take, so a
//   flood of silent connections never locks the real server out;
// - at most maxUnprovenLinksPerAddress ready links per address (maxLinks in all, proven or not);
// - Options::unprovenFrameLimit instead of the link's frame limit (the buffered bytes are capped
//   to match; every peer has it until its handshake is done), and
//   Options::unprovenIdleTimeoutMs: a link that sends nothing is closed. The
//   receiver lifts both with Link::setLimits()/setIdleTimeout() when the peer proves itself
//   later (an admin login).
// When accept() fails (out of file descriptors), the listener pauses for a moment and resumes;
// it never closes. Refusals are logged once per address and window, then summarized
// (RefusalLog).
class TlsServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsServer)

public:
    // Returns true to accept a peer; otherwise sets *why (for the log line).
    using TrustCheck = std::function<bool(const QHostAddress &peer, QString *why)>;
    using AddressCheck = std::function<bool(const QHostAddress &peer)>;

    struct Options {
        TlsSettings tls;
        Protocol::Link::Options link; // program, node name, limits for each proven Link
        TrustCheck trustCheck; // empty: every address may connect
        // Whether a privileged source port proves root (agent, replication: yes; admin: no, a
        // login does). isTrustedAddress: where it counts (empty: wherever trustCheck allows).
        bool privilegedPortProves = true;
        AddressCheck isTrustedAddress;
        // Only proven peers may connect at all (replication): without the cluster key, a
        // connection from an unprivileged source port is refused right after accept.
        bool requireProven = false;
        int handshakeTimeoutMs = 5000;
        int maxPendingHandshakes = 32;
        int maxPendingPerAddress = 4;
        int reservedHandshakes = 8;
        int maxLinks = 512;
        int maxUnprovenLinksPerAddress = 16;
        quint32 unprovenFrameLimit = 64 * 1024;
        int unprovenIdleTimeoutMs = 30000;
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
    int links() const { return m_links; }
    // Refused connections, counted by reason (metrics).
    const RefusalLog &refusals() const { return m_refusals; }

signals:
    // A ready Link (TLS done, Hellos exchanged). It is a child of the server until the
    // receiver reparents it; it deletes itself after it closes (hold it in a QPointer).
    // proven: see the class comment; an unproven link carries the unproven limits.
    void newLink(Protocol::Link *link, const QHostAddress &peer, bool proven);
    // A connection that was refused or failed before newLink(); why as logged.
    void refused(const QHostAddress &peer, const QString &why);
    // A refusal the log wrote at once (not one of a flood counted for its summary line).
    void refusalLogged(Net::RefusalReason reason, const QHostAddress &peer, const QString &why);

private:
    class Listener;
    void onIncoming(int descriptor);
    bool provenByPort(const QHostAddress &peer, quint16 port) const;
    void refuse(RefusalReason reason, const QHostAddress &peer, const QString &peerText, const QString &why);
    // Why a new connection from peer may not start its handshake now (the limits on connections
    // in their handshake and unauthenticated links); empty if it may.
    QString handshakeLimitReached(const QHostAddress &peer, bool privileged) const;
    void adopt(Protocol::Link *link, const QHostAddress &peer, bool proven);

    Options m_options;
    std::unique_ptr<Listener> m_listener;
    Acceptor *m_acceptor = nullptr;
    RefusalLog m_refusals;
    QTimer *m_flushTimer = nullptr;
    int m_pending = 0;
    int m_pendingReserved = 0; // handshakes in the reserve for proven peers
    QHash<QHostAddress, int> m_pendingPerAddress; // unproven handshakes
    int m_links = 0;
    QHash<QHostAddress, int> m_unprovenLinks;
};

} // namespace Net
