#include "clientsocket.h"

#include "logging.h"
#include "paths.h"
#include "protocol/link.h"
#include "sessionbroker.h"

#include <QFile>
#include <QHostAddress>
#include <QLocalServer>
#include <QLocalSocket>

#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Server {

using Protocol::MessageType;

namespace {

bool isClientType(MessageType t)
{
    const auto n = static_cast<int>(t);
    return n >= 200 && n < 250;
}

bool isCtlType(MessageType t)
{
    const auto n = static_cast<int>(t);
    return n >= 250 && n < 300;
}

} // namespace

ClientSocket::ClientSocket(SessionBroker *broker, QObject *parent) : QObject(parent), m_broker(broker)
{
}

ClientSocket::~ClientSocket()
{
    if (m_server) {
        m_server->close();
        QFile::remove(m_path);
    }
}

QString ClientSocket::defaultPath()
{
    return Paths::runDir() + QStringLiteral("/vsmserver.sock");
}

bool ClientSocket::listen(const QString &path, QString *error)
{
    if (QFile::exists(path)) {
        QLocalSocket probe;
        probe.connectToServer(path);
        if (probe.waitForConnected(1000)) {
            if (error)
                *error = QStringLiteral("another vsmserver answers on %1; stop it first").arg(path);
            return false;
        }
        QLocalServer::removeServer(path);
    }
    m_server = new QLocalServer(this);
    m_server->setMaxPendingConnections(64);
    if (!m_server->listen(path)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1: %2").arg(path, m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return false;
    }
    // Any user may connect: who they are comes from the peer credentials.
    if (::chmod(QFile::encodeName(path).constData(), 0666) != 0) {
        if (error)
            *error = QStringLiteral("cannot make %1 accessible to users (chmod 0666 failed)").arg(path);
        return false;
    }
    m_path = path;
    connect(m_server, &QLocalServer::newConnection, this, &ClientSocket::onNewConnection);
    qCInfo(lcServer).noquote() << "listening for users and tlctl on" << path;
    return true;
}

void ClientSocket::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        if (m_connections >= MaxConnections) {
            qCWarning(lcServer).noquote() << "refusing a local connection: already" << m_connections
                                          << "open; is something flooding" << m_path << "?";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        serve(socket);
    }
}

void ClientSocket::serve(QLocalSocket *socket)
{
    struct ucred cred { };
    socklen_t len = sizeof cred;
    const int fd = static_cast<int>(socket->socketDescriptor());
    if (fd < 0 || ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
        qCWarning(lcSecurity) << "refusing a local connection whose peer credentials cannot be read";
        socket->abort();
        socket->deleteLater();
        return;
    }
    if (m_perUser.value(cred.uid) >= MaxConnectionsPerUser) {
        qCWarning(lcSecurity).noquote() << "refusing a local connection from uid" << cred.uid << "(pid"
                                        << cred.pid << "): it already has" << MaxConnectionsPerUser << "open";
        socket->abort();
        socket->deleteLater();
        return;
    }
    Caller caller;
    caller.uid = cred.uid;
    caller.gid = cred.gid;
    {
        struct passwd pw;
        struct passwd *result = nullptr;
        char buf[4096];
        if (getpwuid_r(cred.uid, &pw, buf, sizeof buf, &result) == 0 && result) {
            caller.user = QString::fromLocal8Bit(result->pw_name);
            caller.gid = result->pw_gid;
        }
    }
    Protocol::Link::Options options;
    options.program = QStringLiteral("vsmserver");
    options.peerDescription = QStringLiteral("local uid %1 (%2, pid %3)")
                                  .arg(cred.uid)
                                  .arg(caller.user.isEmpty() ? QStringLiteral("no user name") : caller.user)
                                  .arg(cred.pid);
    options.maxFrameSize = 64 * 1024; // requests are small
    options.maxBufferedBytes = 128 * 1024;
    // One connection per request (keepalived's health check every second): not news.
    options.quietClose = true;
    auto *link = new Protocol::Link(socket, options, this);
    ++m_connections;
    ++m_perUser[cred.uid];
    const uint uid = cred.uid;
    connect(link, &QObject::destroyed, this, [this, uid]() {
        --m_connections;
        if (--m_perUser[uid] <= 0)
            m_perUser.remove(uid);
    });
    QPointer<Protocol::Link> guard(link);
    connect(
        link, &Protocol::Link::requestReceived, this,
        [this, guard, caller](const Protocol::Message &request) {
            if (!guard)
                return;
            const auto reply = [guard, request](const QCborMap &body, const QString &error) {
                if (!guard || guard->isClosed())
                    return;
                if (error.isEmpty())
                    guard->reply(request, body);
                else
                    guard->replyError(request, error);
            };
            if (isClientType(request.type)) {
                Caller c = caller;
                const QHostAddress client(request.body.value(QStringLiteral("client_address")).toString());
                if (!client.isNull())
                    c.clientAddress = client.toString();
                m_broker->handleClient(request.type, c, request.body, reply);
            } else if (isCtlType(request.type)) {
                if (caller.uid != 0) {
                    qCWarning(lcSecurity).noquote()
                        << "refused admin request" << static_cast<int>(request.type) << "from"
                        << guard->peerDescription() << ": only root may use tlctl";
                    guard->replyError(request, QStringLiteral("refused: only root may make admin requests"));
                    return;
                }
                m_broker->handleCtl(request.type, request.body, reply);
            } else {
                qCWarning(lcServer).noquote()
                    << "request type" << static_cast<int>(request.type) << "from" << guard->peerDescription()
                    << "is not served on the local socket";
                guard->replyError(request,
                                  QStringLiteral("request type %1 is not served on this socket")
                                      .arg(static_cast<int>(request.type)));
            }
        });
    connect(link, &Protocol::Link::closed, this, [guard](const QString &reason) {
        if (guard)
            qCDebug(lcServer).noquote()
                << "local connection" << guard->peerDescription() << "closed:" << reason;
    });
    link->start();
}

} // namespace Server
