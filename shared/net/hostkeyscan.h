#pragma once

#include "shared/protocol/adminmessages.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QStringList>

#include <optional>

class QProcess;

namespace Net {

// ssh-keyscan (port 22) of some names, for the setup wizard's step 3: one process per name, since
// ssh-keyscan tries the key types one after the other, each waiting for every host it was given,
// so a host that does not answer would hold up the others. A name that could be read as an option
// is not passed. Each scan is bounded: TimeoutS per key type's pass (-T), LimitS in all.
// At most MaxParallel scans run at once: each key type is a connection of its own and a fresh
// sshd process with a key exchange on the scanned host, and the wizard asks both nodes and the
// admin's machine at once, so all at once would be dozens of sshd processes on two nodes, seconds
// of a small node's CPU (enough to make keepalived's health check time out there) and past sshd's
// MaxStartups. A scan that has not ended within TimeoutS waits on a silent host and gives its
// turn to the next one, so a node that is down delays the others by TimeoutS, not LimitS.
// A scan that ended without a key before any pass could time out (within RetryWithinS of its
// start: refused or dropped, not silent) runs once more, at the end of the queue: a busy sshd
// drops new connections past its MaxStartups, and a reloading one does not listen for a moment,
// and either would otherwise read as "this node presents no host key". A silent host is not
// asked twice.
class HostKeyScan final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostKeyScan)

public:
    static constexpr int TimeoutS = 3;
    static constexpr int LimitS = 8; // a loaded sshd is slow
    static constexpr int RetryWithinS = TimeoutS;
    static constexpr int RetryDelayMs = 250;
    static constexpr int MaxParallel = 2;

    // Starts the first MaxParallel scans at once, the others as turns come free; finished() once
    // every one has ended (or ssh-keyscan could not start).
    explicit HostKeyScan(const QStringList &names, QObject *parent = nullptr);

    bool isRunning() const;
    // What every scan printed (one still running is stopped: the time is up); none when
    // ssh-keyscan is not installed.
    std::optional<QList<Protocol::AdminScannedKey>> collect();

Q_SIGNALS:
    void finished();

private:
    struct Scan {
        QProcess *process = nullptr;
        QString name;
        QByteArray output; // of the attempts that ended
        QElapsedTimer started; // the first attempt's start
        int attempts = 0;
        bool retried = false;
        bool waiting = true; // queued or waiting for the retry: counts as running
        bool holdsTurn = false;
    };
    void startQueued();
    void run(qsizetype index);
    void scanEnded(qsizetype index);
    void releaseTurn(qsizetype index);
    void ended();

    QList<Scan> m_scans;
    QList<qsizetype> m_queue; // scans waiting for a turn, in order
    int m_turnsHeld = 0;
    bool m_collected = false;
    bool m_noProgram = false; // ssh-keyscan could not start: nothing more is tried
};

} // namespace Net
