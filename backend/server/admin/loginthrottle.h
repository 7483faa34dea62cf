#pragma once

#include <QHash>
#include <QHostAddress>

namespace Admin {

// Slows down password guessing per peer address, across all of its connections.
//
// One login per address is in progress at a time (begin() .. end()): a second one from the same
// address is refused while the first waits, is checked or has its answer delayed, so pipelining
// or many parallel connections cannot check more guesses than sequential ones. After N
// consecutive failed logins the next check from that address waits until
// min(250 ms * 2^(N-1), 30 s) after the failure. A success forgets the address.
class LoginThrottle final {
public:
    static constexpr qint64 BaseDelayMs = 250;
    static constexpr qint64 MaxDelayMs = 30000;
    // Addresses remembered at most; beyond that those without a login in progress are forgotten.
    static constexpr int MaxPeers = 10000;

    // How long to wait (ms, from nowMs) before checking a login from peer.
    qint64 delayFor(const QHostAddress &peer, qint64 nowMs) const;
    // Records a failure; returns the number of consecutive failures.
    int failed(const QHostAddress &peer, qint64 nowMs);
    void succeeded(const QHostAddress &peer);
    int failures(const QHostAddress &peer) const { return m_peers.value(peer).failures; }

    // Starts a login from peer; false (and the refusal counted) when one is already in progress.
    bool begin(const QHostAddress &peer);
    // Ends the login begin() started; returns how many others were refused meanwhile.
    int end(const QHostAddress &peer);
    bool inProgress(const QHostAddress &peer) const { return m_peers.value(peer).inProgress; }

private:
    struct Entry {
        int failures = 0;
        qint64 notBeforeMs = 0;
        bool inProgress = false;
        int refusedMeanwhile = 0;
    };
    Entry &entry(const QHostAddress &peer);
    void forget(const QHostAddress &peer);

    QHash<QHostAddress, Entry> m_peers;
};

} // namespace Admin
