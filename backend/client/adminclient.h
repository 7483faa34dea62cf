#pragma once

#include "backend/client/knownnodes.h"
#include "shared/protocol/adminmessages.h"
#include "shared/protocol/messagetype.h"

#include <QCborMap>
#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace Net {
class TlsConnector;
}
namespace Protocol {
class Link;
}
class QTimer;

namespace Client {

// One authenticated connection to a vsmserver's admin API (/vsmserver/admin/listen_port).
//
// connectToNode(): TLS to the node, then its certificate's SHA-256 fingerprint is checked
// against the known-nodes file BEFORE the password is sent. An unknown or changed fingerprint
// is put to the FingerprintCheck (tlctl asks on a terminal, the console shows a dialog); without
// one nothing unknown is trusted. An accepted fingerprint is pinned. Only then is the password
// taken (a PasswordSource may ask for it at that point) and sent in AdminLogin; ready() or
// failed(why).
// Events the server pushes (sessions, agents, config changed) arrive as event().
//
// A long-lived client (the console) turns on the heartbeat: once logged in it sends a Ping
// every intervalMs (one at a time), and when nothing has come from the node for deadAfterMs (a
// pulled cable, a stopped process: the TCP connection stays open but nothing answers) it closes
// the link and emits disconnected(); it looks four times per interval, so the loss is noticed
// at most intervalMs/4 after deadAfterMs. TCP keepalive is switched on as a backstop. It never reconnects by
// itself: the owner decides (NodeConnection does, with a backoff).
class AdminClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminClient)

public:
    // Returns whether to trust fingerprint for node ("host:port"); status says whether it is
    // new or differs from pinned. Runs synchronously (a modal dialog may be shown in it).
    using FingerprintCheck = std::function<bool(const QString &node, const QString &fingerprint,
                                                KnownNodes::Status status, const QString &pinned)>;
    using Reply = std::function<void(const QCborMap &body, const QString &error)>;
    // Gives the password once the node's certificate is trusted; nullopt (with *error) ends the
    // attempt without a login.
    using PasswordSource = std::function<std::optional<QByteArray>(QString *error)>;

    // Why the last connection attempt failed (failureKind() when failed() is emitted).
    enum class Failure {
        None,
        Unreachable, // no connection, TLS or Hello failed, or the link closed before the login
        Certificate, // no certificate, or a new/changed one not accepted (or not pinned)
        WrongPassword, // the node said "wrong admin password"
        LoginRefused, // the node refuses logins for another reason (no or unsafe hash file)
        LoginBusy, // the node is busy with other logins from here: try again later
        Cancelled, // the PasswordSource gave no password
    };
    // Where a connection stands; phaseChanged() on every change.
    enum class Phase { Idle, Connecting, CheckingCertificate, LoggingIn, Ready };

    static constexpr quint16 DefaultPort = 9002;

    explicit AdminClient(QObject *parent = nullptr);
    ~AdminClient() override;

    void setKnownNodesFile(const QString &file) { m_knownNodesFile = file; }
    void setFingerprintCheck(FingerprintCheck check) { m_check = std::move(check); }
    // The login's timeout, and the connection's unless setConnectTimeout() was called.
    void setTimeout(int ms) { m_timeoutMs = ms; }
    // TCP connect, TLS and Hello (0: the login's timeout).
    void setConnectTimeout(int ms) { m_connectTimeoutMs = ms; }
    // intervalMs 0 switches the heartbeat off (the default; tlctl's short calls need none).
    void setHeartbeat(int intervalMs, int deadAfterMs);

    // "host", "host:port" or "[v6]:port" -> host and port (DefaultPort when none).
    static bool parseNode(const QString &node, QString *host, quint16 *port, QString *error);

    void connectToNode(const QString &host, quint16 port, const QByteArray &password);
    void connectToNode(const QString &host, quint16 port, PasswordSource password);
    void disconnectFromNode();
    bool isReady() const { return m_ready; }
    Phase phase() const { return m_phase; }
    Failure failureKind() const { return m_failure; }
    // When the node last answered or pushed something on the current link (null before).
    QDateTime lastSeen() const { return m_lastSeen; }

    // What the server said at login.
    QString nodeName() const { return m_nodeName; }
    QString serverVersion() const { return m_version; }
    QString fingerprint() const { return m_fingerprint; }
    QString nodeAddress() const { return m_node; } // "host:port"

    // One admin request; reply runs exactly once (with an error when not connected) unless
    // context is destroyed first.
    void request(Protocol::MessageType type, const QCborMap &body, const QObject *context, Reply reply);

    // A reply read as its struct of protocol/adminmessages.h: done(value, "") or (nullopt, why).
    template<typename T> using Typed = std::function<void(std::optional<T> reply, const QString &error)>;
    // One typed request: T is the reply's struct (the table in adminmessages.h says which).
    template<typename T>
    void call(Protocol::MessageType type, const QCborMap &body, const QObject *context, Typed<T> done)
    {
        request(type, body, context, [done = std::move(done)](const QCborMap &reply, const QString &error) {
            if (!error.isEmpty())
                return done(std::nullopt, error);
            QString why;
            std::optional<T> value = T::fromCbor(reply, &why);
            done(std::move(value),
                 why.isEmpty() ? QString() : QStringLiteral("unexpected answer: %1").arg(why));
        });
    }
    void status(const QObject *context, Typed<Protocol::AdminStatus> done)
    {
        call(Protocol::MessageType::AdminStatus, {}, context, std::move(done));
    }
    // Every session matching filter, sorted by id: the node's pages (AdminSessionList) one after
    // the other, each asked after the last id of the one before. A session that lives through the
    // listing is on it once; one that starts or ends meanwhile may be on it or not. (A node that
    // pages by offset only, before 6 December 2026, may also skip or repeat one then.)
    void listAllSessions(const Protocol::CtlSessionFilter &filter, const QObject *context,
                         Typed<QList<Protocol::CtlSession>> done);

signals:
    void ready();
    void failed(const QString &error); // failureKind() says what kind
    void disconnected(const QString &reason); // after ready(): the link closed or stopped answering
    void event(const QString &kind, const QCborMap &body);
    void phaseChanged(Client::AdminClient::Phase phase);

private:
    void onLink(Protocol::Link *link, const QString &error, const PasswordSource &password);
    // The node's certificate (m_fingerprint) pinned, or accepted by the check and pinned now;
    // false (after fail(), or with a newer attempt under way) when not.
    bool trustCertificate();
    void watch(Protocol::Link *link);
    void logIn(Protocol::Link *link, const QByteArray &password);
    void startHeartbeat();
    void fail(const QString &error, Failure kind);
    void setPhase(Phase phase);
    void seen();
    void beat();
    static Failure classifyLoginError(const QString &error);

    QString m_host;
    quint16 m_port = DefaultPort;

    QString m_knownNodesFile = KnownNodes::defaultFile();
    FingerprintCheck m_check;
    int m_timeoutMs = 10000;
    int m_connectTimeoutMs = 0;
    int m_heartbeatMs = 0;
    int m_deadAfterMs = 0;
    QTimer *m_heartbeat = nullptr;
    QElapsedTimer m_clock; // monotonic, for the heartbeat
    qint64 m_lastSeenMs = 0; // m_clock time of the last message from the node
    qint64 m_lastBeatMs = 0;
    qint64 m_lastPingMs = 0;
    bool m_pingOutstanding = false;
    QDateTime m_lastSeen;
    Phase m_phase = Phase::Idle;
    Failure m_failure = Failure::None;
    Net::TlsConnector *m_connector = nullptr;
    QPointer<Protocol::Link> m_link;
    bool m_ready = false;
    quint64 m_attempt = 0;
    QString m_node;
    QString m_nodeName;
    QString m_version;
    QString m_fingerprint;
};

} // namespace Client
