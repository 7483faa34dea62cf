#pragma once

#include <QByteArray>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>

namespace Agent {

// Finds a free X display number in [min, max] for a new Xvnc: no X socket
// <tmp>/.X11-unix/X<n> and no abstract socket @/tmp/.X11-unix/X<n> (in /proc/net/unix), no lock
// file <tmp>/.X<n>-lock, its VNC port (portBase + n) free on both loopback addresses (Xvnc
// -localhost listens on 127.0.0.1 and ::1), and not used by a session the agent knows. Anything
// another local process holds is skipped, up to max. When a check cannot be made at all (out of
// file descriptors, /proc unreadable), allocation fails with that reason instead of guessing.
//
// An X server killed with SIGKILL (by the OOM killer, say) leaves its lock file and socket behind.
// X removes a lock whose process has gone when it starts, but /tmp is sticky: only the lock's
// owner or root can remove it, and the next session's Xvnc runs as another user. So allocate()
// removes such a lock and the socket beside it itself (the agent runs as root); where it cannot,
// the display stays taken, as before.
class DisplayAllocator final {
public:
    enum class PortState { Free, Busy, Unknown };
    // *error says why when Unknown.
    using PortCheck = std::function<PortState(int port, QString *error)>;

    DisplayAllocator(int min, int max, int portBase, QString tmpDir = QStringLiteral("/tmp"));

    // Replaces the real check (binding port on 127.0.0.1 and ::1) in tests.
    void setPortCheck(PortCheck check) { m_portCheck = std::move(check); }
    // Where the table of Unix sockets is (default /proc/net/unix); tests point it at a file.
    void setUnixSocketTable(const QString &path) { m_unixSocketTable = path; }

    // The lowest free display, or -1 with a reason naming the range and what to change. Removes
    // the stale lock and socket of an X server that has gone on the way (see above); each one
    // removed is added to *reclaimed as a sentence for the log.
    int allocate(const QSet<int> &inUse, QString *error, QStringList *reclaimed = nullptr);

    // Whether one display is free (same rules as allocate, but a stale lock holds: nothing is
    // removed).
    bool isFree(int display, const QSet<int> &inUse) const;

    // Whether port can be bound on 127.0.0.1 and on ::1 (when this host has IPv6).
    static PortState portState(int port, QString *error);
    static bool portIsFree(int port) { return portState(port, nullptr) == PortState::Free; }

    // The displays whose abstract X socket "@/tmp/.X11-unix/X<n>" is in a /proc/net/unix text. Pure.
    static QSet<int> abstractX11Displays(const QByteArray &procNetUnix);
    // The pid an X lock file names ("%10d\n", as X writes it), or 0 when the file is missing, not
    // a regular file (never opened when it is a FIFO or a symbolic link) or names no pid.
    static qint64 lockOwner(const QString &lockFile);

private:
    enum class State { Free, Taken, Unknown };
    // reclaimed: where to say what was removed; null means remove nothing.
    State displayState(int display, const QSet<int> &inUse, const QSet<int> &abstractTaken, QString *error,
                       QStringList *reclaimed) const;
    bool removeStaleLock(int display, QStringList *reclaimed) const;
    QString lockFile(int display) const { return m_tmpDir + QStringLiteral("/.X%1-lock").arg(display); }
    QString socketFile(int display) const { return m_tmpDir + QStringLiteral("/.X11-unix/X%1").arg(display); }
    bool readAbstractX11Displays(QSet<int> *displays, QString *error) const;

    int m_min;
    int m_max;
    int m_portBase;
    QString m_tmpDir;
    QString m_unixSocketTable = QStringLiteral("/proc/net/unix");
    PortCheck m_portCheck;
};

} // namespace Agent
