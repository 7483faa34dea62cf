#pragma once

#include "shared/protocol/adminmessages.h"

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
class HostKeyScan final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostKeyScan)

public:
    static constexpr int TimeoutS = 3;
    static constexpr int LimitS = 8; // a loaded sshd is slow

    // Starts the scans at once; finished() once every one has ended (or none could start).
    explicit HostKeyScan(const QStringList &names, QObject *parent = nullptr);

    bool isRunning() const;
    // What every scan printed (one still running is stopped: the time is up); none when
    // ssh-keyscan is not installed.
    std::optional<QList<Protocol::AdminScannedKey>> collect();

Q_SIGNALS:
    void finished();

private:
    void ended();

    QList<QProcess *> m_scans;
};

} // namespace Net
