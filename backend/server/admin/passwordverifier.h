#pragma once

#include <QByteArray>
#include <QObject>
#include <QThreadPool>

#include <functional>

namespace Admin {

// Checks admin passwords against their PBKDF2 hash off the event loop.
//
// A check costs tens of milliseconds of CPU on purpose; on the main thread a flood of guesses
// would stall session brokering and the health check (keepalived would fail the node over).
// Checks run on a fixed number of worker threads, and at most maxPending are queued or running:
// a check beyond that is refused at once without hashing (submit() returns false), so a flood
// costs neither unbounded CPU nor memory. Results come back on the thread that owns the verifier.
class PasswordVerifier final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PasswordVerifier)

public:
    enum class Result { Match, Mismatch, BadHash };
    // error: what is wrong with the stored hash (BadHash).
    using Done = std::function<void(Result result, const QString &error)>;

    static constexpr int DefaultThreads = 1;
    static constexpr int DefaultMaxPending = 8;

    explicit PasswordVerifier(int threads = DefaultThreads, int maxPending = DefaultMaxPending,
                              QObject *parent = nullptr);
    // Waits for the checks that are running; queued ones are dropped without calling back.
    ~PasswordVerifier() override;

    // Queues a check of password against storedHash. Returns false, without queueing or hashing,
    // when maxPending checks are already queued or running. done runs exactly once otherwise,
    // on this object's thread, unless context is destroyed first.
    bool submit(const QByteArray &password, const QString &storedHash, const QObject *context, Done done);

    int pending() const { return m_pending; }
    int maxPending() const { return m_maxPending; }

private:
    QThreadPool m_pool;
    int m_maxPending;
    int m_pending = 0;
};

} // namespace Admin
