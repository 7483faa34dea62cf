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
// A scan that ended without a key before any pass could time out (within RetryWithinS: refused
// or dropped, not silent) runs once more: a busy sshd drops new connections past its
// MaxStartups, and a reloading one does not listen for a moment, and either would otherwise
// read as "this node presents no host key". A silent host is not asked twice.
class HostKeyScan final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostKeyScan)

public:
    static constexpr int TimeoutS = 3;
    static constexpr int LimitS = 8; // a loaded sshd is slow
    static constexpr int RetryWithinS = TimeoutS;
    static constexpr int RetryDelayMs = 250;

    // Starts the scans at once; finished() once every one has ended (or none could start).
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
        bool retried = false;
        bool waiting = false; // for the retry's turn: counts as running
    };
    void run(qsizetype index);
    void scanEnded(qsizetype index);
    void ended();

    QList<Scan> m_scans;
    QElapsedTimer m_started;
    bool m_collected = false;
};

} // namespace Net
