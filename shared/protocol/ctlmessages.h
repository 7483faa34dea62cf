#pragma once

#include "shared/protocol/loadreport.h"
#include "shared/store/sessionrecord.h"

#include <QCborMap>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The ctl link: tlctl (root), the HA engine's health check and notify hook -> vsmserver over the
// Unix socket (MessageType::Ctl*). Only root may send these.
//
//   CtlSessionList       CtlSessionFilter          -> CtlSessionList
//   CtlSessionTerminate  CtlTerminate              -> Protocol::Terminated (clientmessages.h)
//   CtlLoadList          {}                        -> CtlLoadList
//   CtlHealth            {}                        -> CtlHealth
//   CtlHaRole            CtlHaRole                 -> CtlHaRole
//   CtlHaStepDown        CtlStepDown               -> CtlStepDownReply
//   CtlHaStatus          {}                        -> HaStatus (backend/server/ha/README.md)
namespace Protocol {

// A node's part in the HA engine, as its notify hook reports it.
enum class HaRole { Unknown, Master, Backup, Fault, Stop };
QString haRoleName(HaRole role); // "MASTER", "BACKUP", "FAULT", "STOP", "UNKNOWN"
std::optional<HaRole> parseHaRole(const QString &name); // case-insensitive; "" is UNKNOWN

struct CtlSessionFilter {
    QString user; // empty: every user
    QString agent; // empty: every agent
    std::optional<int> display;
    // Also the records of terminated sessions the node still keeps (tombstones: how replication
    // remembers an end; one whose end is pending on an unreachable agent keeps the Xvnc's pid).
    bool terminated = false;

    bool matches(const Store::SessionRecord &record) const;
    QCborMap toCbor() const;
    static std::optional<CtlSessionFilter> fromCbor(const Body &body, QString *error);
};

// A session record as the administrator sees it: the whole record and its age.
struct CtlSession {
    Store::SessionRecord record;
    qint64 age = 0; // seconds since it was created

    QCborMap toCbor() const; // the record's fields and "age"
    static std::optional<CtlSession> fromCbor(const Body &body, QString *error);
};

struct CtlSessionList {
    QList<CtlSession> sessions;

    QCborMap toCbor() const;
    static std::optional<CtlSessionList> fromCbor(const Body &body, QString *error);
};

// Which sessions to terminate: all, a user's, or these ids (checked in that order).
struct CtlTerminate {
    bool all = false;
    QString user;
    QStringList ids;

    QCborMap toCbor() const;
    static std::optional<CtlTerminate> fromCbor(const Body &body, QString *error);
};

// One agent as the load balancer sees it; its last load report, if it has one.
struct CtlAgentLoad {
    QString agent;
    bool reachable = false;
    QString reason; // why not reachable
    double rating = 0;
    double weight = 1;
    bool penalized = false;
    qint64 sessionsHere = 0; // records on this server for the agent
    qint64 updated = 0; // when the load was reported, seconds since the epoch
    // How the agent proved itself on this server's link: "cluster key" or "address" (certificate
    // TLS; the agent is trusted as the terminalservers entry); "" no link.
    QString linkTrust;
    std::optional<LoadReport> load;

    QCborMap toCbor() const; // the load report's fields are inline
    static std::optional<CtlAgentLoad> fromCbor(const Body &body, QString *error);
};

struct CtlLoadList {
    QList<CtlAgentLoad> agents;

    QCborMap toCbor() const;
    static std::optional<CtlLoadList> fromCbor(const Body &body, QString *error);
};

// Fit to serve: the health check keepalived or Pacemaker runs.
struct CtlHealth {
    bool fit = false;
    QString reason; // why not

    QCborMap toCbor() const;
    static std::optional<CtlHealth> fromCbor(const Body &body, QString *error);
};

struct CtlHaRole {
    HaRole role = HaRole::Unknown;

    QCborMap toCbor() const;
    static std::optional<CtlHaRole> fromCbor(const Body &body, QString *error);
};

// Report "not fit" for seconds (0 ends a step-down), for a failover drill.
struct CtlStepDown {
    std::optional<qint64> seconds; // absent: the server's default
    QString by; // who asks, for the log

    QCborMap toCbor() const;
    static std::optional<CtlStepDown> fromCbor(const Body &body, QString *error);
};

struct CtlStepDownReply {
    qint64 seconds = 0;
    qint64 until = 0; // seconds since the epoch; 0: not stepping down

    QCborMap toCbor() const;
    static std::optional<CtlStepDownReply> fromCbor(const Body &body, QString *error);
};

// How a resync brought a node up to date (partial: the changes after the peer's offset; full: a
// snapshot the peer merges), and which way it went as this node saw it.
enum class ResyncKind { Partial, Full };
enum class ResyncDirection { Sent, Received };
QString resyncKindName(ResyncKind kind); // "partial", "full"
QString resyncDirectionName(ResyncDirection direction); // "sent", "received"

// One resync as the replicator saw it (sent or received).
struct HaResync {
    ResyncKind kind = ResyncKind::Full;
    ResyncDirection direction = ResyncDirection::Received;
    qint64 at = 0; // when it began, seconds since the epoch
    qint64 durationMs = 0;
    qint64 changes = 0;

    QCborMap toCbor() const;
    static std::optional<HaResync> fromCbor(const Body &body, QString *error);
};

// The HA engine's state on one node: what `tlctl ha status` prints, the console's HA panel and
// the failover drill read. The replication fields are set only while HA runs (active).
struct HaStatus {
    bool enabled = false; // /vsmserver/HA/enabled
    bool active = false; // the replicator runs
    QString reason; // why HA is enabled but not running
    HaRole role = HaRole::Unknown; // as the notify hook said
    qint64 roleSince = 0; // seconds since the epoch
    QString resourceAddress; // HA/resource_address
    bool resourceLocal = false; // the resource IP is on a local interface
    QString resourceLocalAddress;
    qint64 sessions = 0; // records in the store
    qint64 stepDownLeft = 0; // seconds
    qint64 stepDownUntil = 0; // when the step-down ends, seconds since the epoch; 0: none
    std::optional<qint64> reconcileLast; // seconds since the epoch
    qint64 reconcileRemoved = 0;
    qint64 reconcileAdopted = 0;

    // Replication (active only).
    QString local; // this node's HA/nodes entry
    QString peer;
    QStringList peerAddresses;
    qint64 port = 0;
    QString replication; // "sync" or "async"
    qint64 syncTimeout = 0; // seconds
    QString linkOut; // the outgoing link's state
    QString linkOutError;
    QString linkIn; // "up" or "down"
    QString link; // "up" when both directions stream
    // How the peer proved itself on the replication links: "cluster key" (both links used it),
    // "address" (one did not: certificate TLS, trusted by address and source port); "" no link.
    QString linkTrust;
    QString replicationId;
    qint64 offset = 0;
    qint64 ackedOffset = 0;
    qint64 lagChanges = 0;
    qint64 lagMs = 0;
    qint64 lastRttMs = 0;
    QString peerReplicationId;
    qint64 peerOffsetApplied = 0;
    bool caughtUp = false;
    std::optional<HaResync> lastResyncSent;
    std::optional<HaResync> lastResyncReceived;
    qint64 tombstonesCollected = 0;
    bool degraded = false;
    QString degradedReason;
    bool configKnown = false;
    bool configIdentical = false;
    QStringList configDiffers; // what differs from the peer's configuration

    bool linkUp() const { return link == QLatin1String("up"); }
    QCborMap toCbor() const;
    static std::optional<HaStatus> fromCbor(const Body &body, QString *error);
};

} // namespace Protocol
