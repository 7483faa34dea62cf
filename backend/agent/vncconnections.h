#pragma once

#include <QSet>
#include <QString>

namespace Agent {

// Which VNC ports have a client connected right now: the local ports of ESTABLISHED TCP
// connections in /proc/net/tcp and /proc/net/tcp6 (the kernel's table for this network
// namespace, the one Xvnc listens in). A session whose port has one is "running" with a viewer
// (through the SSH tunnel, sshd is that client); one without is "disconnected".
class VncConnections final {
public:
    // The local ports of ESTABLISHED connections in the text of /proc/net/tcp or tcp6. Pure.
    static QSet<int> establishedLocalPorts(const QString &procNetTcpText);
    // Both tables of this machine (namespace).
    static QSet<int> establishedLocalPorts();
};

} // namespace Agent
