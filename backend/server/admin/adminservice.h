#pragma once

#include "backend/server/admin/eventlog.h"
#include "backend/server/admin/loginthrottle.h"
#include "backend/server/admin/passwordverifier.h"
#include "shared/protocol/adminmessages.h"
#include "shared/protocol/message.h"

#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <optional>

class QTimer;

namespace Config {
class Values;
}
namespace Hiveconf {
class Tree;
}
namespace Net {
class TlsServer;
}
namespace Protocol {
class Link;
}
namespace Store {
class SessionStore;
struct Change;
} // namespace Store

namespace Server {
class AgentPool;
class SessionBroker;
} // namespace Server

namespace Admin {

// vsmserver's admin API (tl-console, tlctl --node) on /vsmserver/admin/listen_port.
//
// TLS with the server's own self-signed certificate (Net::TlsIdentity in the state folder,
// created at first start; clients pin its fingerprint). Any address may connect; nothing but
// AdminLogin is answered until the password matches the hash in the root-only file
// /vsmserver/admin/password_file (Admin::PasswordHashFile, read at every login, so `tlctl admin
// set-password` needs no restart).
//
// Logins: one at a time per connection and per peer address (a second is refused at once); the
// address's throttle delay (LoginThrottle) is waited out before the password is checked, on any
// connection; the PBKDF2 check runs on a worker thread with a bounded queue (PasswordVerifier;
// when full: "busy, try again", nothing hashed). Failed logins are logged in lcAdmin with the
// peer address. Changes (sessions, agents, configuration) are pushed to every logged-in link as
// AdminEvent messages.
class AdminService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminService)

public:
    struct Options {
        quint16 port = 9002;
        QString stateDir; // where tls-key.pem / tls-cert.pem live
        QString configFile; // the server's hiveconf root (password file, terminalservers)
        int verifierThreads = PasswordVerifier::DefaultThreads;
        int maxPendingChecks = PasswordVerifier::DefaultMaxPending;
        std::function<bool()> haEnabled;
        std::function<void()> reload; // re-read the configuration after a change
        // AdminRestart: stop as on SIGTERM (HA shutdown grace included) and start again. Unset:
        // the call is refused.
        std::function<void()> restart;
    };

    // One admin request, wherever it came from: an admin API link that has logged in, or root
    // on vsmserver's local socket (tlctl without --node). reply(body, "") answers, reply({}, why)
    // refuses; it may be called after the asker has gone (it then does nothing).
    struct Call {
        Protocol::MessageType type = Protocol::MessageType::AdminStatus;
        QCborMap body;
        QString peer; // who asks, for the log
        std::function<void(const QCborMap &body, const QString &error)> reply;

        void ok(const QCborMap &answer) const { reply(answer, {}); }
        void fail(const QString &why) const { reply({}, why); }
        // Refused with a reason a console can translate (why stays the English text).
        void fail(const QString &why, const Protocol::AdminReason &reason) const
        {
            reply(reason.toCbor(), why);
        }
    };

    AdminService(const Options &options, Server::SessionBroker *broker, Server::AgentPool *agents,
                 Store::SessionStore *store, QObject *parent = nullptr);
    ~AdminService() override;

    bool start(QString *error);
    quint16 port() const;
    // The /vsmserver/HA/ parameters AdminGetHaConfig / AdminSetHaConfig handle.
    static QStringList haParameters();
    // What AdminSetHaConfig may change: /vsmserver/HA/… and the other parameters the HA digest
    // compares (Ha::HaSettings::mustMatchParameters), terminalservers excepted.
    static bool settable(const QString &path);
    // Sessions per AdminSessionList reply (clients ask for the next page after the last id).
    static constexpr qint64 SessionPageSize = 2000;
    // A link must log in within this time (throttling delays included up to 30 s).
    static constexpr int LoginTimeoutMs = 60000;
    static constexpr int RestartDelayMs = 200; // AdminRestart's answer is sent first
    QString fingerprint() const { return m_fingerprint; }

    // The admin requests handle() serves: every Admin* type but AdminLogin and AdminEvent.
    static bool serves(Protocol::MessageType type);
    // Answers an authorised request (the caller has checked who asks).
    void handle(const Call &call);

    // Tells every logged-in console that something changed.
    void pushEvent(const Protocol::AdminEvent &event);
    // Keeps entry in the node's event log (its node and time filled in) and pushes it to every
    // logged-in console as an AdminEvent "logged". Connected to what the other parts report
    // (Ha::HaService::logged, SessionBroker::logged); the admin API's own entries (agents,
    // configuration changes, refused admin connections) are recorded here.
    void record(Protocol::AdminLogEntry entry);
    const EventLog &eventLog() const { return m_log; }
    // The server reloaded its configuration (SIGHUP after tl-config, or a change made here):
    // every console reads it again.
    void configurationReloaded();
    // The HA part's status may have changed (Ha::HaService::statusChanged): consoles get the new
    // AdminStatus body as an event "status" when it differs from the last one pushed. Role, link,
    // degraded, resource and configuration changes go out within StatusPushDelayMs; lag
    // and round-trip numbers at most once per StatusPushIntervalMs (and every that often while
    // there is lag, which grows without events).
    void haStatusChanged();
    static constexpr int StatusPushDelayMs = 100;
    static constexpr int StatusPushIntervalMs = 1000;

private:
    void onLink(Protocol::Link *link);
    void onRequest(Protocol::Link *link, const Protocol::Message &request);
    void login(Protocol::Link *link, const Protocol::Message &request);
    void checkLogin(const QPointer<Protocol::Link> &link, const QHostAddress &peer,
                    const QByteArray &password, const Protocol::Message &request);
    void loginChecked(const QPointer<Protocol::Link> &link, const QHostAddress &peer,
                      const Protocol::Message &request, PasswordVerifier::Result result,
                      const QString &error);
    void refuseBusy(Protocol::Link *link, const QHostAddress &peer, const Protocol::Message &request);
    void endLogin(Protocol::Link *link, const QHostAddress &peer);
    void logHashWarning(const QString &warning);
    void status(const Call &call);
    void listSessions(const Call &call);
    // The node's status, with the HA part's status when it answers.
    void statusBody(const std::function<void(const Protocol::AdminStatus &)> &done);
    void pushStatus();
    void getTerminalServers(const Call &call);
    void setTerminalServers(const Call &call);
    void agentCall(const Call &call);
    void getHaConfig(const Call &call);
    void setHaConfig(const Call &call);
    void restart(const Call &call);
    void getSshHostKeys(const Call &call);
    void setSshHostKeys(const Call &call);
    void setKeepalivedConf(const Call &call);
    // The configuration file for a call that reads or changes it: *tree loaded, its values with
    // their defaults. nullopt, with the call failed, when the file cannot be read.
    std::optional<Config::Values> readConfig(const Call &call, Hiveconf::Tree *tree);
    void getClusterKey(const Call &call);
    void setClusterKey(const Call &call);
    void verifySessions(const Call &call);
    void recordChange(const Call &call, const QString &what);
    void reloadForChange();
    void onStoreChange(const Store::Change &change);
    // Connected to the store's applied() while a console is logged in, not otherwise.
    void followApplied();

    Options m_options;
    Server::SessionBroker *m_broker;
    Server::AgentPool *m_agents;
    Store::SessionStore *m_store;
    Net::TlsServer *m_server = nullptr;
    QString m_fingerprint;
    qint64 m_startedMs = 0;
    LoginThrottle m_throttle;
    PasswordVerifier *m_verifier = nullptr;
    QSet<Protocol::Link *> m_loginInProgress;
    QString m_hashWarning; // logged once until it changes
    qint64 m_busySinceLogMs = 0;
    int m_busyRefused = 0;
    QSet<Protocol::Link *> m_authenticated;
    QMetaObject::Connection m_appliedConnection; // see followApplied()
    QTimer *m_agentsTimer = nullptr;
    QTimer *m_statusTimer = nullptr;
    std::optional<Protocol::AdminStatus> m_pushedStatus; // the last one pushed, to push only changes
    qint64 m_pushedStatusMs = 0;
    EventLog m_log;
    bool m_changing = false; // a change made here reloads the configuration: not logged twice
};

} // namespace Admin
