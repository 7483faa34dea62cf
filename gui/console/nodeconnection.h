#pragma once

#include "backend/client/adminclient.h"

#include <QCborArray>
#include <QCborMap>
#include <QDateTime>
#include <QObject>

class QTimer;

namespace Console {

// The console's view of one node: its admin connection, last status and agent list, and the
// events it pushes. The node pushes what changes (sessions, agents, agent and node configuration,
// and its status whenever its HA role, replication link, lag, degraded state, resource IP or
// step-down change); the status and agents are also asked for every BackstopIntervalMs, for the
// uptime and anything a lost event would leave stale.
//
// The connection is watched (AdminClient's heartbeat: a Ping every second; after 2.5 s without
// an answer, two missed Pings, the node is unreachable: shown within 3 s of its last answer) and comes back
// on its own: after a loss or a failed attempt it tries again after 1, 2, 4, 8, then every 10 s. A returned
// node loads its status, agents and sessions again. A wrong password or a refused certificate is not retried:
// the node waits for a new password (retryLogin) or a new Connect.
class NodeConnection final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NodeConnection)

public:
    enum class State {
        Idle, // not opened, or closed
        Connecting, // TCP, TLS, Hello (a first attempt or a reconnect)
        CheckingCertificate, // the certificate is being checked (a dialog may be open)
        LoggingIn,
        Connected,
        Unreachable, // lost or never reached; the next attempt is scheduled
        LoginRefused, // wrong password, or the node refuses logins: not retried
        CertificateRefused, // not retried
        Invalid, // the address cannot be parsed
    };

    static constexpr int HeartbeatMs = 1000;
    static constexpr int HeartbeatDeadMs = 2500;
    static constexpr int ConnectTimeoutMs = 5000;
    static constexpr int BackstopIntervalMs = 10000;

    explicit NodeConnection(const QString &address, QObject *parent = nullptr);

    QString address() const { return m_address; } // as typed: "host[:port]"
    QString host() const { return m_host; }
    Client::AdminClient *client() const { return m_client; }

    // Connects and logs in; stateChanged() on every step. Keeps the password (in memory only)
    // to reconnect with.
    void open(const QByteArray &password);
    void close();
    // After LoginRefused: tries again with another password (a no-op when connected).
    void retryLogin(const QByteArray &password);

    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Connected; }
    // The first attempt has no outcome yet (reconnects later do not count as busy).
    bool isBusy() const { return !m_hadOutcome && m_state != State::Idle; }
    bool hadOutcome() const { return m_hadOutcome; }
    // The node said the password is wrong (state LoginRefused).
    bool passwordRefused() const { return m_passwordRefused; }
    // Why the node is not connected (empty when it is).
    QString error() const { return m_error; }
    // Since when the node has not answered (null while connected and before the first outcome);
    // stays set through reconnect attempts until a login succeeds.
    QDateTime unreachableSince() const { return m_unreachableSince; }
    // When the next reconnect attempt starts (null unless one is scheduled).
    QDateTime nextAttempt() const { return m_nextAttempt; }
    int failedAttempts() const { return m_failedAttempts; }
    // The node's state in a few words ("connected", "unreachable since 14:02:11, reconnecting",
    // "login refused", …), for the status bar and the overview.
    QString stateText() const;

    // The node's last status (none before the first, and after a reconnect until the new one).
    const std::optional<Protocol::AdminStatus> &status() const { return m_status; }
    const QList<Protocol::CtlAgentLoad> &agents() const { return m_agents; }
    // When the last status arrived (null before the first).
    QDateTime statusTime() const { return m_statusTime; }

    void refreshStatus();
    void refreshAgents();
    void loadSessions();
    // The node's event log (AdminEventLog): eventLogLoaded() with all it keeps.
    void loadEventLog();

signals:
    void stateChanged();
    void statusChanged();
    void agentsChanged();
    void sessionsLoaded(const QList<Protocol::CtlSession> &sessions);
    void sessionChanged(const Protocol::CtlSession &session, bool removed);
    void configChanged();
    void agentConfigChanged(const QString &agent);
    // The node's event log as loaded (after each login), and each new entry it pushes.
    void eventLogLoaded(const QList<Protocol::AdminLogEntry> &entries);
    void logged(const Protocol::AdminLogEntry &entry);
    // The node refused the password (LoginRefused with passwordRefused()).
    void passwordRejected();

private:
    void setState(State state);
    void attempt();
    void onPhase(Client::AdminClient::Phase phase);
    void onReady();
    void onEvent(const QCborMap &body);
    void onFailed(const QString &why);
    void onLost(const QString &why);
    void scheduleReconnect(State state);

    QString m_address;
    QString m_host;
    quint16 m_port = Client::AdminClient::DefaultPort;
    Client::AdminClient *m_client;
    QByteArray m_password;
    State m_state = State::Idle;
    bool m_hadOutcome = false;
    bool m_passwordRefused = false;
    QString m_error;
    QDateTime m_unreachableSince;
    QDateTime m_nextAttempt;
    int m_failedAttempts = 0;
    QTimer *m_reconnect;
    QTimer *m_poll; // status and agents while connected (a backstop: changes are pushed)
    QTimer *m_statusSoon; // coalesces status refreshes after pushed events
    std::optional<Protocol::AdminStatus> m_status;
    QDateTime m_statusTime;
    QList<Protocol::CtlAgentLoad> m_agents;
    quint64 m_generation = 0; // bumped per login: late answers from an older link are dropped
};

} // namespace Console
