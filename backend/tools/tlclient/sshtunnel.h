#pragma once

#include "backend/tools/tlclient/clientoptions.h"

#include <QProcess>
#include <QString>

#include <memory>

namespace Tlclient {

// Quotes one word for the remote shell that ssh hands the command to.
QString shellQuote(const QString &word);

// The keepalives of the call to the server (ssh's ServerAliveInterval and ServerAliveCountMax,
// unless the caller gives them with -o): a reset ends the call at the next keepalive, silence
// after Seconds * CountMax.
constexpr int ServerAliveSeconds = 3;
constexpr int ServerAliveCountMax = 4;

// The ssh argument list that runs `remote` (already quoted words) on target, with the keepalives.
QStringList sshCommandArguments(const ClientOptions &options, const QString &target,
                                const QStringList &remote);

// Whether ssh's message (its stderr when it exited 255) tells of a failure a moment may cure:
// nothing listening yet, no route to the address, the link reset, closed or silent (a failover
// moves the server's address; the new holder resets the connections to the old one). Never a
// refused login or a host key that does not match known_hosts.
bool sshFailureMayPass(const QString &sshError);

// The ssh argument list for a tunnel: 127.0.0.1:localPort here -> localhost:remotePort on target.
QStringList sshTunnelArguments(const ClientOptions &options, const QString &target, quint16 localPort,
                               int remotePort);

// An `ssh -N -L` tunnel to a VNC port on an agent. Stops (and its ssh with it) when destroyed.
class SshTunnel final {
public:
    SshTunnel() = default;
    ~SshTunnel();
    Q_DISABLE_COPY_MOVE(SshTunnel)

    // Starts ssh and waits until an RFB server answers on the local end, or fails with the
    // reason (ssh's own message when it exits).
    bool open(const ClientOptions &options, const QString &target, int remotePort, int timeoutMs,
              QString *error);
    quint16 localPort() const { return m_localPort; }
    void close();

private:
    std::unique_ptr<QProcess> m_ssh;
    quint16 m_localPort = 0;
};

} // namespace Tlclient
