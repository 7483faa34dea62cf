#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <functional>

namespace Net {

// Logs refused connections without letting a flood fill the log: the first refusal of a key
// (a peer address, a uid) for one kind of reason in a window is logged as it comes; later ones
// of the same kind in the same window are counted and reported in one summary line when the
// window is over ("refused 812 more connection(s) from 10.0.0.9 in the last 60 s; last reason:
// …"). A different kind of reason (the reason without its numbers: a wrong key after a
// handshake limit) is news and logged at once. flush() writes the summaries that are due; call
// it from a timer (the owner's) and at every refusal.
class RefusalLog final {
public:
    using Sink = std::function<void(const QString &line)>;
    // Milliseconds on a monotonic clock; by default since the log was made.
    using Clock = std::function<qint64()>;

    explicit RefusalLog(Sink sink, qint64 windowMs = 60000, Clock clock = {});

    // what: "connection from 10.0.0.9:51334"; key: what the window is per ("10.0.0.9").
    void refused(const QString &key, const QString &what, const QString &why);
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
};

} // namespace Net
