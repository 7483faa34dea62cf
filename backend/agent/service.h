#pragma once

#include "backend/agent/loadreport.h"
#include "backend/agent/sessionlauncher.h"
#include "backend/agent/sessionregistry.h"
#include "backend/agent/settings.h"
#include "shared/protocol/agentmessages.h"

#include "shared/protocol/messagetype.h"

#include <QCborMap>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

namespace Agent {

// Everything the agent answers on its link, independent of sockets and TLS: one request in
// (type, body, the peer's address), one reply or error out through a callback. The daemon feeds
// it from Protocol::Link; tests call it directly with any peer address they like.
class Service final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Service)

public:
    // body is the reply body when error is empty (a map, or a typed answer's encode()).
    using Reply = std::function<void(const Protocol::Body &body, const QString &error)>;
    using TrustCheck = std::function<bool(const QHostAddress &peer)>;
    using Describe = std::function<QString()>;
    using ConfigGetter = std::function<Protocol::AgentConfig()>;
    using ConfigSetter = std::function<bool(const Protocol::AgentConfig &change, QString *error)>;

    explicit Service(const Settings &settings, QObject *parent = nullptr);

    // Opens the state folder and adopts the sessions that still run.
    bool open(QString *error);
    void setSettings(const Settings &settings);
    const Settings &settings() const { return m_settings; }

    // Decides which addresses may make privileged calls. Without a check, only loopback may.
    void setTrust(TrustCheck check, Describe describe);
    void setConfigHandlers(ConfigGetter getter, ConfigSetter setter);

    // Who is calling. provesRoot: the link proved root on the calling host (the cluster key, or a
    // source port below 1024; Protocol::Link::peerProvesRoot()).
    struct Caller {
        QHostAddress address;
        bool provesRoot = false;
    };

    void handle(Protocol::MessageType type, const Protocol::Body &body, const Caller &caller, Reply reply);

    // Every call but Load is privileged: it must come from a trusted address (allowed_clients,
    // master_hostname, localhost, the agent's own addresses) AND prove root there. Session
    // lists, verifications and the configuration name users, uids, pids and commands.
    static bool isPrivileged(Protocol::MessageType type);
    // "StartSession", … for log lines.
    static QString callName(Protocol::MessageType type);
    // The load report's config_digest: a hash of allowed_clients and master_hostname keyed with
    // a secret of this process, so that it changes with them and reveals nothing of them.
    QString configDigest() const;

    SessionRegistry &registry() { return m_registry; }

    // How often sessions are checked for an ended Xvnc or session program (default 5 s).
    void setWatchInterval(int ms);

private:
    using Ended = std::function<void(const QString &error)>;

    // Forgets sessions whose Xvnc is gone (the user logged out, or it crashed). A session whose
    // state cannot be read now (out of file descriptors, …) is kept and logged.
    void dropEndedSessions();
    // Ends sessions whose session program has exited.
    void watchSessions();
    // Stops Xvnc (SIGTERM, then SIGKILL, without blocking the event loop) and removes everything
    // of the session; done gets an empty error on success. Refuses when it cannot tell whether
    // the pid still is the session's Xvnc.
    void endSession(const Session &session, Ended done);
    void finishEnd(const Session &session);
    // Settings::effectiveAgentHostname(), or the last one known when the host's addresses
    // cannot be read now.
    QString agentHostname();
    // Logs a session whose liveness cannot be read, once per spell.
    void noteUnknown(const Session &session, const QString &why);
    void noteKnown(const Session &session);
    // Why the caller may not make this call (untrusted address, not proven root); empty if it may.
    QString refusal(Protocol::MessageType type, const Caller &caller) const;
    void handleSessionCall(Protocol::MessageType type, const Protocol::Body &body, Reply reply);
    Protocol::AgentSessionList sessionList();
    LoadReport load();
    void startSession(const Protocol::Body &body, Reply reply);
    void terminateSession(const QString &id, Reply reply);
    void reconnectSession(const QString &id, Reply reply);
    void verifySession(const QString &id, Reply reply);

    Settings m_settings;
    SessionRegistry m_registry;
    SessionLauncher m_launcher;
    TrustCheck m_trust;
    Describe m_describe;
    ConfigGetter m_getConfig;
    ConfigSetter m_setConfig;
    QTimer m_watch;
    int m_probeTimeoutMs = 2000; // how long VerifySession waits for Xvnc's RFB banner
    QHash<QString, QList<Reply>> m_probing; // session id -> VerifySession callers waiting for a probe
    QHash<QString, QList<Ended>> m_ending; // session id -> callers waiting for the session to end
    QSet<QString> m_unknown; // sessions whose Xvnc could not be checked last time
    QString m_agentHostname; // the last effective agent host name that was known
    QByteArray m_digestKey; // random, per process (configDigest)
};

} // namespace Agent
