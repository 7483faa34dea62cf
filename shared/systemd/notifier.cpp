#include "shared/systemd/notifier.h"

#include <QDebug>
#include <QTimer>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace Systemd {

Notifier::Notifier(QObject *parent) : QObject(parent)
{
    m_socket = qgetenv("NOTIFY_SOCKET");
    const QByteArray watchdogPid = qgetenv("WATCHDOG_PID");
    bool ok = false;
    const qint64 usec = qgetenv("WATCHDOG_USEC").toLongLong(&ok);
    // The watchdog is ours when no WATCHDOG_PID names another process.
    if (ok && usec > 0 && (watchdogPid.isEmpty() || watchdogPid.toLongLong() == ::getpid()))
        m_watchdogMs = qMax<qint64>(1, usec / 1000);
    qunsetenv("NOTIFY_SOCKET");
    qunsetenv("WATCHDOG_USEC");
    qunsetenv("WATCHDOG_PID");
    if (m_socket.isEmpty())
        m_watchdogMs = 0;
    m_timer = new QTimer(this);
    // Half the interval, as sd_watchdog_enabled(3) advises; the status is refreshed with it.
    m_timer->setInterval(m_watchdogMs > 0 ? static_cast<int>(qMin<qint64>(m_watchdogMs / 2, 3600000))
                                          : 10000);
    connect(m_timer, &QTimer::timeout, this, &Notifier::tick);
}

Notifier::~Notifier() = default;

bool Notifier::send(const QByteArray &socketPath, const QByteArray &message, QString *error)
{
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    if (socketPath.size() < 2 || (socketPath.at(0) != '/' && socketPath.at(0) != '@')
        || static_cast<size_t>(socketPath.size()) >= sizeof address.sun_path) {
        if (error)
            *error = QStringLiteral("NOTIFY_SOCKET '%1' is not a socket path")
                         .arg(QString::fromLocal8Bit(socketPath));
        return false;
    }
    std::memcpy(address.sun_path, socketPath.constData(), static_cast<size_t>(socketPath.size()));
    if (address.sun_path[0] == '@')
        address.sun_path[0] = '\0'; // an abstract socket
    const socklen_t length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socketPath.size());
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        if (error)
            *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    ssize_t sent;
    do {
        sent = ::sendto(fd, message.constData(), static_cast<size_t>(message.size()), MSG_NOSIGNAL,
                        reinterpret_cast<const sockaddr *>(&address), length);
    } while (sent < 0 && errno == EINTR);
    const int err = errno;
    ::close(fd);
    if (sent != message.size()) {
        if (error)
            *error = QString::fromLocal8Bit(std::strerror(err));
        return false;
    }
    return true;
}

void Notifier::sendNow(const QByteArray &message)
{
    if (!enabled())
        return;
    QString error;
    if (!send(m_socket, message, &error) && !m_failedOnce) {
        // Once: a watchdog that cannot be fed is reported by systemd itself.
        m_failedOnce = true;
        qWarning().noquote() << QStringLiteral("cannot notify the service manager through %1: %2")
                                    .arg(QString::fromLocal8Bit(m_socket), error);
    }
}

QByteArray Notifier::statusField()
{
    if (!m_statusSource)
        return {};
    m_lastStatus = m_statusSource().simplified();
    return "STATUS=" + m_lastStatus.toUtf8() + '\n';
}

void Notifier::ready()
{
    if (!enabled())
        return;
    sendNow("READY=1\n" + statusField());
    m_timer->start();
    if (m_watchdogMs > 0)
        sendNow("WATCHDOG=1\n");
}

void Notifier::reloading()
{
    sendNow("RELOADING=1\nSTATUS=reloading the configuration\n");
}

void Notifier::stopping(const QString &status)
{
    m_timer->stop();
    sendNow("STOPPING=1\nSTATUS=" + status.simplified().toUtf8() + '\n');
    // A stop that takes a while (the HA shutdown grace) must not look like a hang.
    if (m_watchdogMs > 0)
        m_timer->start();
    m_statusSource = nullptr;
}

void Notifier::status(const QString &line)
{
    m_lastStatus = line.simplified();
    sendNow("STATUS=" + m_lastStatus.toUtf8() + '\n');
}

void Notifier::tick()
{
    QByteArray message;
    if (m_watchdogMs > 0)
        message = "WATCHDOG=1\n";
    if (m_statusSource) {
        const QString line = m_statusSource().simplified();
        if (line != m_lastStatus) {
            m_lastStatus = line;
            message += "STATUS=" + line.toUtf8() + '\n';
        }
    }
    if (!message.isEmpty())
        sendNow(message);
}

} // namespace Systemd
