#pragma once

#include "backend/server/agentgateway.h"
#include "backend/server/loadbalancer.h"
#include "shared/protocol/adminmessages.h"
#include "shared/protocol/agentmessages.h"
#include "shared/protocol/clientmessages.h"
#include "shared/protocol/ctlmessages.h"
#include "shared/protocol/message.h"
#include "shared/store/sessionstore.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <deque>
#include <functional>
#include <sys/types.h>
#include <vector>

namespace Server {

struct BrokerSettings {
    int maxSessionsPerUser = 1; // 0 = unlimited
    QStringList allowedGroups; // empty = everyone
    int agentTimeoutMs = 10000; // verify, reconnect, terminate
    int startTimeoutMs = 60000; // start (the agent waits up to xvnc_start_timeout for Xvnc)
    // A record whose agent's session lists have not had it for this long is removed: the session
    // ended on its own (the user logged out). /vsmserver/HA/reconcile_grace; 0: at the first list.
    qint64 endedGraceMs = 60000;
};

// Who asks: known from the Unix socket's peer credentials, never from the request.
struct Caller {
    uid_t uid = 0;
    QString user;
    gid_t gid = 0;
    // Where the user's client connects from, as the user's session helper reported it: shown to the
    // admin, never used for trust.
    QString reportedClientAddress;
};

// Answers the client link (Client*: protocol/clientmessages.h) and the ctl link's session and
// load requests (Ctl*: protocol/ctlmessages.h); the messages and their fields are declared there.
//
// Requests of one user run one after the other, so two logins at once cannot make two sessions.
// Every store change goes through commit(): the one place where replication will send the change
// to the peer and wait for its acknowledgement before the user gets an answer.
//
// Group commit: the changes made in one pass of the event loop (many users' requests at once)
// are written together once the pass is over (EventLoop::afterTurn(): no posted event, no
// wake-up of the loop), in one transaction and one fsync: a lone write on a quick disk right
// here, others on the store's writer thread (SessionStore::writeGroupLater), where while it syncs
// this loop goes on serving, and the changes made meanwhile form the next group, written when
// this one is done.
// Each is answered only after its commit (and its acknowledgement); when the commit fails, every
// change of the group is answered with the error and none is written.
class SessionBroker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionBroker)

public:
    using Reply = std::function<void(const QCborMap &body, const QString &error)>;
    // The answer to a client's session request: its body may come encoded already
    // (Protocol::Body::encoded(), written into the frame as it is), so it is not a QCborMap.
    using ClientReply = std::function<void(const Protocol::Body &body, const QString &error)>;
    // Called with each committed change; must call acknowledged() once (replication waits for
    // the peer here). Without a hook a change counts as acknowledged once it is on disk.
    using AckHook = std::function<void(const Store::Change &change, std::function<void()> acknowledged)>;
    using GroupLookup = std::function<QStringList(const QString &user, gid_t gid)>;
    // Answers Ctl requests the broker does not know (HA status, role, health); returns false for
    // the ones it does not serve either.
    using CtlHandler
        = std::function<bool(Protocol::MessageType type, const QCborMap &body, const Reply &reply)>;
    // Told of every answered client request (metrics): its type, how long it took from arrival
    // to answer (waiting for the user's earlier requests and the peer's acknowledgement
    // included), and whether the answer was an error.
    using RequestObserver = std::function<void(Protocol::MessageType type, qint64 elapsedMs, bool ok)>;
    // True while this node's store may be behind the peer's (HA: a resync into it runs, or it
    // has just started and the peer has not brought it up to date yet).
    using CatchingUp = std::function<bool()>;

    SessionBroker(Store::SessionStore *store, AgentGateway *agents, LoadBalancer *balancer,
                  QObject *parent = nullptr);

    void setSettings(const BrokerSettings &settings) { m_settings = settings; }
    const BrokerSettings &settings() const { return m_settings; }
    void setAckHook(AckHook hook) { m_ackHook = std::move(hook); }
    // Sync replication: a group written on the loop is committed without its fsync, its changes
    // go to the peer (the store's changed(), which the replicator streams and flushes to the
    // link), and the fsync follows, so that the peer applies the changes while this disk syncs
    // them; every answer still waits for both. Only after the store's beginSendingAhead().
    void setSendAhead(bool on) { m_sendAhead = on; }
    void setCtlHandler(CtlHandler handler) { m_ctlHandler = std::move(handler); }
    void setRequestObserver(RequestObserver observer) { m_requestObserver = std::move(observer); }
    void setCatchingUp(CatchingUp catchingUp) { m_catchingUp = std::move(catchingUp); }
    // Defaults to the system's group database (getgrouplist).
    void setGroupLookup(GroupLookup lookup) { m_groups = std::move(lookup); }

    void handleClient(Protocol::MessageType type, const Caller &caller, const Protocol::Body &body,
                      ClientReply reply);
    void handleCtl(Protocol::MessageType type, const QCborMap &body, Reply reply);

    // The one place every store change goes through. done(error) runs once the change is durable
    // (and, with an AckHook, acknowledged); never before the event loop has turned (the change is
    // committed with the others of its turn).
    void commit(const Store::SessionRecord &record, bool remove,
                std::function<void(const QString &error)> done);

    Protocol::CtlLoadList loadList() const;
    // Copies where an agent runs a session (its address, display, port, pid, geometry, start)
    // into record; without an address from the agent, the host part of record->agent.
    static void applySessionInfo(Store::SessionRecord *record, const Protocol::AgentSessionInfo &info);

    // What a session an agent reports running (AgentListSessions) is for this server.
    enum class Reported {
        Recorded, // a live record names this agent
        Starting, // this server is starting it right now: its record is not written yet
        Ended, // over for the cluster: the store has its tombstone, or a live record of it on
               // another agent, or this server gave up its start; it is ended on the agent
        Unknown, // no record and no tombstone: the reconciler adopts it
    };
    // Classifies one reported session; for Ended it asks the agent to end the session (once at a
    // time) and, when the agent confirms, marks a tombstone whose end was pending as ended.
    Reported reported(const QString &agent, const Protocol::AgentSessionInfo &info);

    // An agent's session list (AgentPool::sessionsListed): each of its sessions that this
    // store knows becomes "running" when a VNC client is connected and "disconnected" when
    // none is; a change is committed (and replicated) like any other, as a State write (the
    // state alone, over the record as stored when it is written). Sessions that are over
    // for the cluster are ended on the agent (reported()). Ignored while the store is catching
    // up: its records may be older than the peer's (a session terminated there meanwhile), and
    // a state written over them would race the peer's newer versions; the agent's next list
    // comes after the catch-up. A record of this agent that its lists have not had for
    // BrokerSettings::endedGraceMs is removed (the session ended there on its own), with an
    // entry in the event log.
    void updateConnectionStates(const QString &agent, const QList<Protocol::AgentSessionInfo> &sessions);

    static QStringList systemGroups(const QString &user, gid_t gid);
    // The event log's entry for a session that began here (what: "started", "adopted: …") or
    // ended (how: "terminated", "is gone: why", ...); its "ended" detail says which.
    enum class SessionEvent { Began, Ended };
    static Protocol::AdminLogEntry logEntry(const Store::SessionRecord &record, SessionEvent event,
                                            const QString &what);

Q_SIGNALS:
    // For the node's event log: a session started here, or ended (terminated, found gone).
    void logged(const Protocol::AdminLogEntry &entry);

private:
    using Write = Store::SessionStore::LocalWrite::Kind;
    // commit() with every kind of write: a record written back over its own tombstone (an agent
    // refused the terminate), a tombstone whose end is pending (the agent could not be
    // reached), and the confirmation that such a session has ended. An Upsert of a session
    // terminated meanwhile answers "session S has been terminated" and writes nothing.
    // Queued for the turn's group commit.
    void write(const Store::SessionRecord &record, Write kind,
               std::function<void(const QString &error)> done);
    struct PendingWrite {
        Store::SessionStore::LocalWrite write;
        std::function<void(const QString &error)> done;
    };
    // The writes queued since the last group commit, in one transaction (on the store's writer
    // thread, or here when the store says a lone write is quicker here); then each answered.
    void commitGroup();
    void groupWritten(const std::vector<PendingWrite> &group,
                      const std::optional<QList<Store::SessionStore::WriteResult>> &results,
                      const QString &error);
    void written(const PendingWrite &pending, const Store::SessionStore::WriteResult &result);
    // A start whose outcome this server no longer waits for (the agent did not answer, or the
    // record could not be written): a report of it from any agent ends it.
    void abandon(const QString &id);
    void endReported(const QString &agent, const QString &id, bool confirmTombstone);

    using Job = std::function<void(std::function<void()> finished)>;
    void serialize(const QString &user, Job job);
    void runQueue(const QString &user);

    bool allowed(const Caller &caller, QString *error) const;
    Protocol::ClientSessionList sessionsOf(const QString &user) const;
    void runClient(Protocol::MessageType type, const Caller &caller, const Protocol::ClientRequest &request,
                   const ClientReply &done);
    void get(const Caller &caller, const Protocol::ClientRequest &request, ClientReply reply);
    void tryReconnect(const Caller &caller, QList<Store::SessionRecord> candidates, QStringList problems,
                      const Protocol::ClientRequest &request, ClientReply reply);
    // A reconnect in progress: the user's sessions still to try, what went wrong with the others.
    struct Reconnect {
        Caller caller;
        QList<Store::SessionRecord> candidates;
        QStringList problems;
        Protocol::ClientRequest request;
        ClientReply reply;
    };
    void nextCandidate(Reconnect r);
    void verified(Reconnect r, const Store::SessionRecord &record, const AgentReply &verify);
    void reconnected(Reconnect r, const Store::SessionRecord &record, const AgentReply &rc);
    void create(const Caller &caller, const Protocol::ClientRequest &request, bool ignoreLimit,
                QStringList terminated, ClientReply reply);
    void removeEnded(const QString &agent, const QSet<QString> &listed);
    void listAgainAt(const QString &agent, qint64 dueMs);
    void giveUp(const Caller &caller, const Store::SessionRecord &base, const QStringList &problems,
                const ClientReply &reply);
    void tryStart(const Caller &caller, const Store::SessionRecord &base, QStringList order,
                  QStringList problems, QStringList terminated, ClientReply reply);
    void terminateAll(QList<Store::SessionRecord> sessions, QStringList done, QStringList errors,
                      std::function<void(QStringList terminated, QStringList errors)> finished);
    void terminateOne(const Store::SessionRecord &record, std::function<void(const QString &error)> done);

    // The agents' load reports count users only as of their last poll: sessions started since
    // then are added, so a burst of logins is spread instead of piling onto one agent.
    QList<AgentState> withRecentSessions(QList<AgentState> states) const;

    Store::SessionStore *m_store;
    AgentGateway *m_agents;
    LoadBalancer *m_balancer;
    BrokerSettings m_settings;
    AckHook m_ackHook;
    bool m_sendAhead = false;
    CtlHandler m_ctlHandler;
    RequestObserver m_requestObserver;
    CatchingUp m_catchingUp;
    GroupLookup m_groups;
    QHash<QString, std::deque<Job>> m_queues;
    std::vector<PendingWrite> m_group; // the next group commit's writes
    bool m_committing = false; // a group is being written on the store's writer thread
    QHash<QString, qint64> m_starting; // session id -> ms since the epoch, while a start runs
    QHash<QString, qint64> m_abandoned; // session id -> ms since the epoch (kept for an hour)
    QSet<QString> m_ending; // "agent id" of reported sessions being ended
    QHash<QString, QString> m_unremoved; // session id -> agent: found gone, removal not written
    QHash<QString, qint64> m_unlistedSince; // session id -> ms since the epoch: its agent's lists lack it
    QSet<QString> m_relisting; // agents whose sessions listAgainAt() will ask for
};

} // namespace Server
