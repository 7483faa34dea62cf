#include "shared/net/locallistener.h"

#include "shared/logging/logging.h"
#include "shared/net/acceptor.h"

#include <QFile>
#include <QLocalSocket>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace Net {

namespace {

QString systemError(int e)
{
    return QString::fromLocal8Bit(std::strerror(e));
}

} // namespace

LocalListener::LocalListener(QObject *parent) : QObject(parent)
{
}

LocalListener::~LocalListener()
{
    close();
}

bool LocalListener::listen(const QString &path, int mode, QString *error)
{
    const QByteArray name = QFile::encodeName(path);
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    if (static_cast<size_t>(name.size()) >= sizeof address.sun_path) {
        *error = QStringLiteral("socket path %1 is too long").arg(path);
        return false;
    }
    std::memcpy(address.sun_path, name.constData(), static_cast<size_t>(name.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        *error = QStringLiteral("cannot create a socket for %1: %2").arg(path, systemError(errno));
        return false;
    }
    const auto fail = [&](const QString &what) {
        *error = QStringLiteral("cannot %1 %2: %3").arg(what, path, systemError(errno));
        ::close(fd);
        return false;
    };
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
        return fail(QStringLiteral("bind"));
    if (::chmod(name.constData(), static_cast<mode_t>(mode)) != 0) {
        ::unlink(name.constData());
        return fail(QStringLiteral("set the mode of"));
    }
    if (::listen(fd, 128) != 0) {
        ::unlink(name.constData());
        return fail(QStringLiteral("listen on"));
    }
    m_fd = fd;
    m_path = path;
    m_acceptor = new Acceptor(fd, path, this);
    connect(m_acceptor, &Acceptor::accepted, this, &LocalListener::onAccepted);
    return true;
}

void LocalListener::close()
{
    if (m_fd < 0)
        return;
    delete m_acceptor;
    m_acceptor = nullptr;
    ::close(m_fd);
    m_fd = -1;
    QFile::remove(m_path);
}

void LocalListener::onAccepted(int fd)
{
    auto *socket = new QLocalSocket(this);
    if (!socket->setSocketDescriptor(fd)) {
        qCWarning(lcServer).noquote()
            << "cannot take a connection on" << m_path << ":" << socket->errorString();
        ::close(fd);
        delete socket;
        return;
    }
    emit newConnection(socket);
}

} // namespace Net
