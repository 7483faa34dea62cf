#include "loginthrottle.h"

#include <algorithm>

namespace Server {

qint64 LoginThrottle::delayFor(const QHostAddress &peer, qint64 nowMs) const
{
    const auto it = m_peers.constFind(peer);
    if (it == m_peers.constEnd())
        return 0;
    return std::max<qint64>(0, it->notBeforeMs - nowMs);
}

int LoginThrottle::failed(const QHostAddress &peer, qint64 nowMs)
{
    if (m_peers.size() > 10000) // bound the memory an address sweep can take
        m_peers.clear();
    Entry &e = m_peers[peer];
    e.failures = std::min(e.failures + 1, 30);
    const qint64 delay = std::min<qint64>(MaxDelayMs, BaseDelayMs << std::min(e.failures - 1, 20));
    e.notBeforeMs = nowMs + delay;
    return e.failures;
}

} // namespace Server
