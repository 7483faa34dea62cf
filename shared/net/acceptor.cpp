#include "shared/net/acceptor.h"

#include "shared/logging/logging.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace Net {

namespace {

constexpr int resumeAfterMs = 250;
constexpr int acceptsPerWakeup = 64; // then let the event loop serve the others

} // namespace

Acceptor::Acceptor(int listeningFd, const QString &what, QObject *parent)
    : QObject(parent),
      m_fd(listeningFd),
      m_what(what),
      m_failures([](const QString &line) { qCWarning(lcSecurity).noquote() << line; })
{
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    // Enabled explicitly, now: this class calls the notifier otherwise only when accept() has
    // failed for lack of descriptors, and UndefinedBehaviorSanitizer's type check of that call
    // (tests/sanitize) needs a free descriptor to read the object's vtable the first time it sees
    // its type; without one it reports "invalid vptr" for a valid object.
    m_notifier->setEnabled(true);
    connect(m_notifier, &QSocketNotifier::activated, this, &Acceptor::onReadable);
    m_resume = new QTimer(this);
    m_resume->setSingleShot(true);
    connect(m_resume, &QTimer::timeout, this, [this] {
        m_failures.flush();
        m_notifier->setEnabled(m_enabled);
    });
}

Acceptor::~Acceptor() = default;

void Acceptor::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!m_resume->isActive())
        m_notifier->setEnabled(enabled);
}

void Acceptor::onReadable()
{
    for (int i = 0; i < acceptsPerWakeup; ++i) {
        const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd >= 0) {
            emit accepted(fd);
            continue;
        }
        const int e = errno;
        if (e == EINTR || e == ECONNABORTED || e == EPROTO)
            continue;
        if (e == EAGAIN || e == EWOULDBLOCK)
            return;
        m_failures.refused(RefusalReason::AcceptFailed, m_what,
                           QStringLiteral("connections on %1").arg(m_what),
                           QStringLiteral("accept failed: %1; not accepting for %2 ms (raise LimitNOFILE if "
                                          "this happens under normal load)")
                               .arg(QString::fromLocal8Bit(std::strerror(e)))
                               .arg(resumeAfterMs));
        m_notifier->setEnabled(false);
        m_resume->start(resumeAfterMs);
        return;
    }
}

} // namespace Net
