#pragma once

#include "shared/protocol/frame.h"
#include "shared/protocol/message.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>

#include <functional>

class QIODevice;
class QTimer;

namespace Protocol {

// Framed messages over one connected QIODevice: a QSslSocket after its handshake, or a
// QLocalSocket. The Link owns the device (it is reparented to the Link).
//
// Life cycle: construct, connect to the signals, call start(). start() sends our Hello
// (version, program, node name); the first message from the peer must be its Hello, with the
// same ProtocolVersion, within Options::helloTimeoutMs, or the link is closed with a reason.
// Then ready() is emitted. Requests may be sent before ready(); they go out after our Hello.
// What is sent leaves when the pass of the thread's event loop that sent it is over: on a local
// socket the link sends it then (EventLoop::afterTurn()); a QSslSocket flushes itself in the next
// pass.
//
// Whatever goes wrong on one link (a malformed or oversized frame, undecodable CBOR, too many
// unparsed bytes, the peer hanging up) is logged with the peer's description in lcProtocol and
// closes that link only: pending requests get an error reply, closed(reason) is emitted once.
// By default a closed link deletes itself afterwards (deleteLater): hold it in a QPointer.
class Link final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Link)

public:
    struct Options {
        QString program; // our program name for the Hello ("vsmserver")
        QString nodeName; // our node name for the Hello (host name)
        QString peerDescription; // for log lines; default: "ADDRESS:PORT" or the socket name
        quint32 maxFrameSize = MaxFrameSize;
        // Bytes read but not yet parsed into frames; more closes the link.
        qsizetype maxBufferedBytes = FrameHeaderSize + MaxFrameSize;
        // Bytes written but not yet taken by the peer; more closes the link (a peer that
        // does not read cannot make us buffer without bound).
        qsizetype maxUnsentBytes = 4 * (FrameHeaderSize + MaxFrameSize);
        int helloTimeoutMs = 10000;
        bool autoDelete = true; // deleteLater() after closed()
        // Ordinary closes (by either side) are logged at debug level instead of info: for
        // short-lived links such as one request over a local socket.
        bool quietClose = false;
        // Closes the link when the peer has sent no message for this long while none of its
        // requests is being answered (0: never). For peers that have not proven who they are.
        int idleTimeoutMs = 0;
        // Set by LinkHandshake when the TLS handshake proved that the peer holds the cluster key.
        bool peerAuthenticated = false;
    };

    using Callback = std::function<void(const Message &reply)>;

    Link(QIODevice *device, const Options &options, QObject *parent = nullptr);
    ~Link() override;

    // Sends our Hello and starts reading. Call once, after connecting to the signals.
    void start();

    // Sends a request. callback is invoked exactly once, on this thread and never from within
    // request() itself: with the peer's reply, or with a synthesized error reply ("timed out
    // after N ms", "link closed: REASON"). If context is destroyed first, callback is not
    // invoked at all. timeoutMs <= 0 means no timeout (the link closing still answers).
    // Before start() the answer is the error "link not started".
    // Returns the request id.
    quint32 request(MessageType type, const Body &body, int timeoutMs, const QObject *context,
                    Callback callback);

    // Answers a request received through requestReceived().
    void reply(const Message &request, const QCborMap &body = {});
    // The same with a body that may be encoded already (Body::encoded()).
    void replyWith(const Message &request, const Body &body);
    void replyError(const Message &request, const QString &reason);

    // Sends any message as it is (no bookkeeping). Returns false on a closed or not yet
    // started link, or for a message over the frame limit, with why in *why.
    bool send(const Message &message, QString *why = nullptr);

    // Hands what a TCP (or TLS) link has buffered to the kernel now instead of on the next pass
    // of the event loop: for a sender that is about to block (an fsync) while the peer works.
    void flush();

    // Tells the peer why (an Error message), closes the device, answers pending requests with
    // "link closed: REASON" and emits closed(reason). Does nothing on a closed link.
    void close(const QString &reason);

    // Raises (or lowers) the frame and buffer limits, e.g. once a peer has logged in.
    void setLimits(quint32 maxFrameSize, qsizetype maxBufferedBytes);
    // Options::idleTimeoutMs for a link already running (0 switches it off).
    void setIdleTimeout(int ms);

    bool isReady() const { return m_state == State::Ready; }
    bool isClosed() const { return m_state == State::Closed; }
    QString closeReason() const { return m_closeReason; }

    // The peer as logged ("10.0.0.2:51334", or Options::peerDescription).
    QString peerDescription() const { return m_options.peerDescription; }
    // The peer's address for TCP links (IPv4-mapped IPv6 normalised to IPv4); null otherwise.
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    // The peer proved it holds the cluster key (TLS-PSK handshake).
    bool peerAuthenticated() const { return m_options.peerAuthenticated; }
    // A TCP peer whose source port is below 1024: only root can bind such a port, so on a
    // trusted host this proves the caller is root there (ThinLinc's rule).
    bool peerUsesPrivilegedPort() const { return m_peerPort > 0 && m_peerPort < 1024; }
    // What makes a caller on a trusted address privileged: the cluster key, or else a
    // privileged source port.
    bool peerProvesRoot() const { return peerAuthenticated() || peerUsesPrivilegedPort(); }
    // What the peer sent in its Hello (valid after ready()).
    QString peerProgram() const { return m_peerProgram; }
    QString peerNodeName() const { return m_peerNodeName; }
    int peerVersion() const { return m_peerVersion; }

    // Whether the Link deletes itself (deleteLater) after closed(); Options::autoDelete.
    void setAutoDelete(bool on) { m_options.autoDelete = on; }

    QIODevice *device() const { return m_device; }
    int pendingRequests() const { return static_cast<int>(m_pending.size()); }

signals:
    void ready();
    // An incoming request (not a reply, not Hello/Ping/Error, which the Link handles itself).
    // Answer it with reply() or replyError(), now or later.
    void requestReceived(const Protocol::Message &request);
    void closed(const QString &reason);

private:
    enum class State { Created, AwaitingHello, Ready, Closed };
    struct Pending {
        MessageType type = MessageType::Error;
        int timeoutMs = 0;
        QPointer<const QObject> context;
        Callback callback;
        QTimer *timer = nullptr;
    };

    void onReadyRead();
    // Handles the complete messages the device and m_buffer hold: one (and the rest in later
    // event-loop turns), or all of them (the device is gone).
    enum class Drain { OneMessage, All };
    void readInput(Drain drain);
    void onDeviceGone();
    void restartIdleTimer();
    void onIdle();
    void handleMessage(const Message &message);
    void handleHello(const Message &message);
    void finishPending(quint32 id, const Message &reply);
    enum class CloseKind { Local, ProtocolError, PeerGone, Destroyed };
    void closeLink(const QString &reason, CloseKind kind);
    bool write(const Message &message, QString *error);
    bool writeOrClose(const Message &message, QString *error);
    void sendUnsent();
    void handOverUnsent();

    QPointer<QIODevice> m_device;
    Options m_options;
    State m_state = State::Created;
    QByteArray m_buffer;
    qsizetype m_parsed = 0; // bytes of m_buffer handled already
    bool m_readScheduled = false; // readInput() queued for the next buffered message
    QByteArray m_unsent; // frames for a local socket, sent once this pass is over
    QHash<quint32, Pending> m_pending;
    quint32 m_nextId = 1;
    QTimer *m_helloTimer = nullptr;
    QTimer *m_idleTimer = nullptr;
    int m_unanswered = 0; // requests of the peer not yet replied to
    QString m_closeReason;
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    QString m_peerProgram;
    QString m_peerNodeName;
    int m_peerVersion = 0;
    bool m_overflow = false;
};

// Returns address with an IPv4-mapped IPv6 address turned into plain IPv4 and the scope id
// dropped, so that comparisons and log lines are stable.
QHostAddress normalizedAddress(const QHostAddress &address);

} // namespace Protocol

Q_DECLARE_METATYPE(Protocol::Message)
