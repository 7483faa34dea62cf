#pragma once

#include <QHash>
#include <QHostAddress>

namespace Server {

// Slows down password guessing per peer address: after N consecutive failed logins the next
// answer from that address waits min(250 ms * 2^(N-1), 30 s). A success forgets the address.
class LoginThrottle final {
public:
    static constexpr qint64 BaseDelayMs = 250;
    static constexpr qint64 MaxDelayMs = 30000;

    // How long to wait (ms, from nowMs) before checking a login from peer.
    qint64 delayFor(const QHostAddress &peer, qint64 nowMs) const;
    // Records a failure; returns the number of consecutive failures.
    int failed(const QHostAddress &peer, qint64 nowMs);
    void succeeded(const QHostAddress &peer) { m_peers.remove(peer); }
    int failures(const QHostAddress &peer) const { return m_peers.value(peer).failures; }

private:
    struct Entry {
        int failures = 0;
        qint64 notBeforeMs = 0;
    };
    QHash<QHostAddress, Entry> m_peers;
};

} // namespace Server
