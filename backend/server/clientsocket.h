#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class QLocalServer;
class QLocalSocket;

namespace Server {

class SessionBroker;

// The Unix socket through which tl-session-helper (any user) and tlctl (root) reach vsmserver:
// <run dir>/vsmserver.sock, mode 0666. Framed Protocol::Link messages, no TLS (local only).
//
// Who is asking comes from the socket's peer credentials (SO_PEERCRED), never from a message:
// Client* requests act for that user; Ctl* requests are refused unless the peer is uid 0.
// A malformed request gets an error reply or closes that one connection with a logged reason.
class ClientSocket final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSocket)

public:
    static constexpr int MaxConnections = 256;
    static constexpr int MaxConnectionsPerUser = 16; // so one user cannot lock the others out

    explicit ClientSocket(SessionBroker *broker, QObject *parent = nullptr);
    ~ClientSocket() override;

    // Listens on path (removing a stale socket file that nobody answers on). Fails when another
    // server answers there.
    bool listen(const QString &path, QString *error);
    QString path() const { return m_path; }

    static QString defaultPath(); // Paths::runDir() + "/vsmserver.sock"

private:
    void onNewConnection();
    void serve(QLocalSocket *socket);

    SessionBroker *m_broker;
    QLocalServer *m_server = nullptr;
    QString m_path;
    int m_connections = 0;
    QHash<uint, int> m_perUser; // open connections per uid
};

} // namespace Server
