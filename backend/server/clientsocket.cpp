#include "backend/server/clientsocket.h"

#include "backend/server/sessionbroker.h"
#include "shared/logging/logging.h"
#include "shared/net/locallistener.h"
#include "shared/net/refusallog.h"
#include "shared/paths/paths.h"
#include "shared/protocol/keys.h"
#include "shared/protocol/link.h"

#include <QFile>
#include <QHostAddress>
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

bool isAdminType(MessageType t)
{
    const auto n = static_cast<int>(t);
    return n >= 400 && n < 500;
}

} // namespace

ClientSocket::ClientSocket(SessionBroker *broker, QObject *parent)
    : QObject(parent),
      m_broker(broker),
      m_refusals(std::make_unique<Net::RefusalLog>(
          [](const QString &line) { qCWarning(lcSecurity).noquote() << line; }))
{
}

ClientSocket::~ClientSocket() = default;

const Net::RefusalLog &ClientSocket::refusals() const
{
    return *m_refusals;
}

QString ClientSocket::defaultPath()
{
    return Paths::serverSocket();
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
        ::unlink(QFile::encodeName(path).constData());
    }
    // Any user may connect: who they are comes from the peer credentials.
    m_listener = new Net::LocalListener(this);
    QString why;
    if (!m_listener->listen(path, 0666, &why)) {
        if (error)
            *error = why;
        delete m_listener;
        m_listener = nullptr;
        return false;
    }
    m_path = path;
    connect(m_listener, &Net::LocalListener::newConnection, this, &ClientSocket::serve);
    qCInfo(lcServer).noquote() << "listening for users and tlctl on" << path;
    return true;
}

void ClientSocket::refuse(QLocalSocket *socket, Net::RefusalReason reason, uint uid, const QString &what,
                          const QString &why)
{
    if (m_refusals->refused(reason, QStringLiteral("uid %1").arg(uid), what, why))
        Q_EMIT refusalLogged(reason, uid, why);
    socket->abort();
    socket->deleteLater();
}

namespace {

// The caller's user and primary group, from the password database.
Caller callerFor(const struct ucred &cred)
{
    Caller caller;
    caller.uid = cred.uid;
    caller.gid = cred.gid;
    struct passwd pw;
    struct passwd *result = nullptr;
    char buf[4096];
    if (getpwuid_r(cred.uid, &pw, buf, sizeof buf, &result) == 0 && result) {
        caller.user = QString::fromLocal8Bit(result->pw_name);
        caller.gid = result->pw_gid;
    }
    return caller;
}

} // namespace

QString ClientSocket::limitReached(uint uid) const
{
    const bool root = uid == 0;
    const int mine = m_perUser.value(uid);
    if (root && mine >= MaxRootConnections)
        return QStringLiteral("root already has %1 open").arg(mine);
    if (!root && mine >= MaxConnectionsPerUser)
        return QStringLiteral("this user already has %1 open (the limit per user)").arg(mine);
    if (!root && m_connections >= MaxConnections)
        return QStringLiteral("users hold %1 connections (the limit; root is still served)")
            .arg(m_connections);
    return {};
}

void ClientSocket::serve(QLocalSocket *socket)
{
    struct ucred cred { };
    socklen_t len = sizeof cred;
    const int fd = static_cast<int>(socket->socketDescriptor());
    if (fd < 0 || ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
        refuse(socket, Net::RefusalReason::NoCredentials, uint(-1), QStringLiteral("a local connection"),
               QStringLiteral("its peer credentials cannot be read"));
        return;
    }
    m_refusals->flush();
    if (const QString why = limitReached(cred.uid); !why.isEmpty())
        return refuse(socket, Net::RefusalReason::ConnectionLimit, cred.uid,
                      QStringLiteral("a local connection from uid %1 (pid %2)").arg(cred.uid).arg(cred.pid),
                      why);
    const Caller caller = callerFor(cred);
    Protocol::Link::Options options;
    options.program = QStringLiteral("vsmserver");
    options.peerDescription = QStringLiteral("local uid %1 (%2, pid %3)")
                                  .arg(cred.uid)
                                  .arg(caller.user.isEmpty() ? QStringLiteral("no user name") : caller.user)
                                  .arg(cred.pid);
    if (cred.uid == 0) {
        // Root, proven by the kernel's credentials, gets the frames of a logged-in admin link:
        // its answers are large (the admin API's pages of up to 2,000 sessions, some 600 KB,
        // which tlctl session list asks for; CtlSessionList's one answer of every session), far
        // over 64 KiB from about 300 sessions on.
        options.maxFrameSize = Protocol::MaxFrameSize;
        options.maxBufferedBytes = Protocol::FrameHeaderSize + Protocol::MaxFrameSize;
    } else {
        options.maxFrameSize = 64 * 1024; // requests are small, and so are a user's answers
        options.maxBufferedBytes = 128 * 1024;
    }
    options.idleTimeoutMs = IdleTimeoutMs;
    // One connection per request (keepalived's health check every second): not news.
    options.quietClose = true;
    auto *link = new Protocol::Link(socket, options, this);
    count(link, cred.uid);
    QPointer<Protocol::Link> guard(link);
    connect(link, &Protocol::Link::requestReceived, this,
            [this, guard, caller](const Protocol::Message &request) {
                if (guard)
                    dispatch(guard, caller, request);
            });
    connect(link, &Protocol::Link::closed, this, [guard](const QString &reason) {
        if (guard)
            qCDebug(lcServer).noquote()
                << "local connection" << guard->peerDescription() << "closed:" << reason;
    });
    link->start();
}

void ClientSocket::count(Protocol::Link *link, uint uid)
{
    if (uid != 0)
        ++m_connections;
    ++m_perUser[uid];
    connect(link, &QObject::destroyed, this, [this, uid]() {
        if (uid != 0)
            --m_connections;
        if (--m_perUser[uid] <= 0)
            m_perUser.remove(uid);
    });
}

void ClientSocket::dispatch(const QPointer<Protocol::Link> &link, const Caller &caller,
                            const Protocol::Message &request)
{
    const auto reply = [link, request](const Protocol::Body &body, const QString &error) {
        if (!link || link->isClosed())
            return;
        if (error.isEmpty())
            link->replyWith(request, body);
        else
            link->replyError(request, error);
    };
    const auto notServed = [&request]() {
        return QStringLiteral("request type %1 is not served on this socket")
            .arg(static_cast<int>(request.type));
    };
    if (isClientType(request.type)) {
        Caller c = caller;
        // Whatever the user's helper says; recorded for the admin, never trusted.
        const QHostAddress client(request.body.value(Protocol::Keys::clientAddress).toString());
        if (!client.isNull())
            c.reportedClientAddress = client.toString();
        return m_broker->handleClient(request.type, c, request.body, reply);
    }
    if (!isCtlType(request.type) && !isAdminType(request.type)) {
        qCWarning(lcServer).noquote() << "request type" << static_cast<int>(request.type) << "from"
                                      << link->peerDescription() << "is not served on the local socket";
        return link->replyError(request, notServed());
    }
    if (caller.uid != 0) {
        qCWarning(lcSecurity).noquote() << "refused admin request" << static_cast<int>(request.type) << "from"
                                        << link->peerDescription() << ": only root may use tlctl";
        return link->replyError(request, QStringLiteral("refused: only root may make admin requests"));
    }
    if (isCtlType(request.type))
        return m_broker->handleCtl(request.type, request.body.map(), reply);
    if (!m_adminHandler
        || !m_adminHandler(request.type, request.body.map(), QStringLiteral("root on the local socket"),
                           reply))
        link->replyError(request, notServed());
}

} // namespace Server
