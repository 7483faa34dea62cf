#pragma once

#include <QSet>
#include <QString>

#include <functional>

namespace Agent {

// Finds a free X display number in [min, max]: no X socket /tmp/.X11-unix/X<n>, no lock file
// /tmp/.X<n>-lock, its VNC port (portBase + n) free on the loopback address, and not used by a
// session the agent knows.
class DisplayAllocator final {
public:
    using PortCheck = std::function<bool(int port)>; // true when the port can be used

    DisplayAllocator(int min, int max, int portBase, QString tmpDir = QStringLiteral("/tmp"));

    // Replaces the real check (binding 127.0.0.1:port) in tests.
    void setPortCheck(PortCheck check) { m_portCheck = std::move(check); }

    // The lowest free display, or -1 with a reason naming the range and what to change.
    int allocate(const QSet<int> &inUse, QString *error) const;

    // Whether one display is free (same rules as allocate).
    bool isFree(int display, const QSet<int> &inUse) const;

    // True when nothing listens on 127.0.0.1:port and it can be bound.
    static bool portIsFree(int port);

private:
    int m_min;
    int m_max;
    int m_portBase;
    QString m_tmpDir;
    PortCheck m_portCheck;
};

} // namespace Agent
