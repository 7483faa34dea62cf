#include "shared/posix/unixsignals.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Posix {

namespace {

int g_fds[2] = { -1, -1 };

extern "C" void forwardSignal(int number)
{
    const int saved = errno;
    const unsigned char byte = static_cast<unsigned char>(number);
    [[maybe_unused]] const ssize_t n = ::write(g_fds[0], &byte, 1);
    errno = saved;
}

} // namespace

UnixSignals::UnixSignals(QObject *parent) : QObject(parent)
{
}

UnixSignals::~UnixSignals()
{
    for (int s : std::as_const(m_signals))
        ::signal(s, SIG_DFL);
    if (m_notifier) {
        delete m_notifier;
        ::close(g_fds[0]);
        ::close(g_fds[1]);
        g_fds[0] = g_fds[1] = -1;
    }
}

bool UnixSignals::install(const QList<int> &signalNumbers, QString *error)
{
    if (g_fds[0] >= 0) {
        if (error)
            *error = QStringLiteral("signal handlers are already installed");
        return false;
    }
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_fds) != 0) {
        if (error)
            *error
                = QStringLiteral("socketpair failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    ::fcntl(g_fds[0], F_SETFL, O_NONBLOCK);
    ::fcntl(g_fds[1], F_SETFL, O_NONBLOCK);
    m_notifier = new QSocketNotifier(g_fds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignals::onReadable);
    for (int s : signalNumbers) {
        struct sigaction sa { };
        sa.sa_handler = forwardSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        if (::sigaction(s, &sa, nullptr) != 0) {
            if (error)
                *error = QStringLiteral("cannot handle signal %1").arg(s);
            return false;
        }
        m_signals.append(s);
    }
    return true;
}

void UnixSignals::onReadable()
{
    unsigned char byte = 0;
    while (::read(g_fds[1], &byte, 1) == 1)
        Q_EMIT received(byte);
}

} // namespace Posix
