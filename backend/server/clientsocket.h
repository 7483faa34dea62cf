#pragma once

#include "shared/protocol/messagetype.h"

#include <QCborMap>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

class QLocalSocket;

namespace Net {
class LocalListener;
class RefusalLog;
enum class RefusalReason;
} // namespace Net
namespace Protocol {
class Link;
struct Message;
} // namespace Protocol

namespace Server {

class SessionBroker;
struct Caller;

// The Unix socket through which tl-session-helper (any user) and tlctl (root) reach vsmserver:
// <run dir>/vsmserver.sock, mode 0666. Framed Protocol::Link messages, no TLS (local only).
//
// Who is asking comes from the socket's peer credentials (SO_PEERCRED), never from a message:
// Client* requests act for that user; Ctl* and Admin* requests (the admin API's, without its
// login: tlctl without --node) are refused unless the peer is uid 0. The
// client address a user's request reports is recorded as reported, never used for trust.
// A malformed request gets an error reply or closes that one connection with a logged reason.
//
// Limits, so that users cannot lock each other or root out: MaxConnectionsPerUser per uid,
// MaxConnections for all users together, and a link that sends nothing for IdleTimeoutMs (while
// none of its requests is being answered) is closed. Root (keepalived's health check, tlctl)
// has its own MaxRootConnections and is served however many users are connected. Running out
// of file descriptors pauses accepting for a moment; the socket is never closed for it.
class ClientSocket final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSocket)

public:
    static constexpr int MaxConnections = 256; // all users but root together
    static constexpr int MaxConnectionsPerUser = 8; // so one user cannot lock the others out
    static constexpr int MaxRootConnections = 64;
    static constexpr int IdleTimeoutMs = 30000;

    using Reply = std::function<void(const QCborMap &body, const QString &error)>;
    // Serves an Admin* request from root; false for a type it does not serve.
    using AdminHandler = std::function<bool(Protocol::MessageType type, const QCborMap &body,
                                            const QString &peer, const Reply &reply)>;

    explicit ClientSocket(SessionBroker *broker, QObject *parent = nullptr);
    ~ClientSocket() override;

    void setAdminHandler(AdminHandler handler) { m_adminHandler = std::move(handler); }

    // Listens on path (removing a stale socket file that nobody answers on). Fails when another
    // server answers there.
    bool listen(const QString &path, QString *error);
    QString path() const { return m_path; }

    static QString defaultPath(); // Paths::runDir() + "/vsmserver.sock"
    int openConnections(uint uid) const { return m_perUser.value(uid); }
    // Refused connections, counted by reason (metrics).
    const Net::RefusalLog &refusals() const;

Q_SIGNALS:
    // A refusal written to the log (not one only counted for a summary): for the event log.
    void refusalLogged(Net::RefusalReason reason, uint uid, const QString &why);

private:
    void serve(QLocalSocket *socket);
    // Why uid may not open another connection (the limits above); empty if it may.
    QString limitReached(uint uid) const;
    // Counts the link against its uid's limits until it is destroyed.
    void count(Protocol::Link *link, uint uid);
    // One request from the local socket, to the broker or the admin handler, by its type and
    // who is asking.
    void dispatch(const QPointer<Protocol::Link> &link, const Caller &caller,
                  const Protocol::Message &request);
    void refuse(QLocalSocket *socket, Net::RefusalReason reason, uint uid, const QString &what,
                const QString &why);

    SessionBroker *m_broker;
    AdminHandler m_adminHandler;
    Net::LocalListener *m_listener = nullptr;
    std::unique_ptr<Net::RefusalLog> m_refusals;
    QString m_path;
    int m_connections = 0; // all users but root
    QHash<uint, int> m_perUser; // open connections per uid
};

} // namespace Server
