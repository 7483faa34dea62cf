#include "backend/server/admin/loginthrottle.h"

#include <algorithm>

namespace Admin {

qint64 LoginThrottle::delayFor(const QHostAddress &peer, qint64 nowMs) const
{
    const auto it = m_peers.constFind(peer);
    if (it == m_peers.constEnd())
        return 0;
    return std::max<qint64>(0, it->notBeforeMs - nowMs);
}

LoginThrottle::Entry &LoginThrottle::entry(const QHostAddress &peer)
{
    if (m_peers.size() >= MaxPeers && !m_peers.contains(peer)) {
        // Bound the memory an address sweep can take, but never lose a login in progress (its
        // address would be free for a second one).
        for (auto it = m_peers.begin(); it != m_peers.end();)
            it = it->inProgress ? std::next(it) : m_peers.erase(it);
    }
    return m_peers[peer];
}

int LoginThrottle::failed(const QHostAddress &peer, qint64 nowMs)
{
    Entry &e = entry(peer);
    e.failures = std::min(e.failures + 1, 30);
    const qint64 delay = std::min<qint64>(MaxDelayMs, BaseDelayMs << std::min(e.failures - 1, 20));
    e.notBeforeMs = nowMs + delay;
    return e.failures;
}

void LoginThrottle::succeeded(const QHostAddress &peer)
{
    const auto it = m_peers.find(peer);
    if (it == m_peers.end())
        return;
    it->failures = 0;
    it->notBeforeMs = 0;
    forget(peer);
}

bool LoginThrottle::begin(const QHostAddress &peer)
{
    Entry &e = entry(peer);
    if (e.inProgress) {
        ++e.refusedMeanwhile;
        return false;
    }
    e.inProgress = true;
    e.refusedMeanwhile = 0;
    return true;
}

int LoginThrottle::end(const QHostAddress &peer)
{
    const auto it = m_peers.find(peer);
    if (it == m_peers.end())
        return 0;
    const int refused = it->refusedMeanwhile;
    it->inProgress = false;
    it->refusedMeanwhile = 0;
    forget(peer);
    return refused;
}

void LoginThrottle::forget(const QHostAddress &peer)
{
    // An address with nothing to remember takes no memory.
    const auto it = m_peers.find(peer);
    if (it != m_peers.end() && it->failures == 0 && !it->inProgress)
        m_peers.erase(it);
}

} // namespace Admin
