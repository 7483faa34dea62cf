#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <array>
#include <functional>

namespace Net {

// Why a connection was refused, as counted for monitoring (Prometheus label values): a short,
// fixed set, where the log line says the details. Only ever appended to.
enum class RefusalReason {
    AddressNotAllowed, // the trust rule does not allow the peer's address
    NotRoot, // root (a source port below 1024) or the cluster key is required
    ConnectionLimit, // a cap on connections or handshakes (in all, per address, per user)
    HandshakeFailed, // TLS or the Hello exchange failed or timed out
    NoCredentials, // a local peer whose credentials cannot be read
    AcceptFailed, // accept() failed (out of file descriptors)
    BadRequest, // a malformed, oversized or slow request before anything was served
};
inline constexpr int RefusalReasonCount = static_cast<int>(RefusalReason::BadRequest) + 1;
// "address_not_allowed", "not_root", "connection_limit", "handshake_failed", "no_credentials",
// "accept_failed", "bad_request".
QString refusalReasonName(RefusalReason reason);

// Logs refused connections without letting a flood fill the log: the first refusal of a key
// (a peer address, a uid) for one kind of reason in a window is logged as it comes; later ones
// of the same kind in the same window are counted and reported in one summary line when the
// window is over ("refused 812 more connection(s) from 10.0.0.9 in the last 60 s; last reason:
// …"). A different kind of reason (the reason without its numbers: a wrong key after a
// handshake limit) is news and logged at once. flush() writes the summaries that are due; call
// it from a timer (the owner's) and at every refusal. Every refusal is also counted by reason
// (count()), for the metrics endpoint.
class RefusalLog final {
public:
    using Sink = std::function<void(const QString &line)>;
    // Milliseconds on a monotonic clock; by default since the log was made.
    using Clock = std::function<qint64()>;

    explicit RefusalLog(Sink sink, qint64 windowMs = 60000, Clock clock = {});

    // what: "connection from 10.0.0.9:51334"; key: what the window is per ("10.0.0.9").
    // Returns whether it was logged at once (news), not counted for a summary.
    bool refused(RefusalReason reason, const QString &key, const QString &what, const QString &why);
    // Refusals for reason since this log was made.
    quint64 count(RefusalReason reason) const { return m_counts.at(static_cast<size_t>(reason)); }
    // Writes the summaries of windows that are over; returns whether any window is still open.
    bool flush();

private:
    struct Window {
        qint64 startMs = 0;
        int suppressed = 0;
        QString lastReason;
    };
    void summarize(const QString &key, const Window &window);
    qint64 now() const;

    Sink m_sink;
    qint64 m_windowMs;
    QElapsedTimer m_elapsed;
    Clock m_clock;
    QHash<QString, Window> m_windows;
    std::array<quint64, RefusalReasonCount> m_counts {};
};

} // namespace Net
