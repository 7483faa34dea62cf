#pragma once

#include "protocol/loadreport.h"
#include "session/sessionrecord.h"

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
//   CtlHaStatus          {}                        -> the HA status map (backend/server/ha/README.md)
namespace Protocol {

// A node's part in the HA engine, as its notify hook reports it.
enum class HaRole { Unknown, Master, Backup, Fault, Stop };
QString haRoleName(HaRole role); // "MASTER", "BACKUP", "FAULT", "STOP", "UNKNOWN"
std::optional<HaRole> parseHaRole(const QString &name); // case-insensitive; "" is UNKNOWN

struct CtlSessionFilter {
    QString user; // empty: every user
    QString agent; // empty: every agent
    std::optional<int> display;

    bool matches(const Store::SessionRecord &record) const;
    QCborMap toCbor() const;
    static std::optional<CtlSessionFilter> fromCbor(const QCborMap &body, QString *error);
};

// A session record as the administrator sees it: the whole record and its age.
struct CtlSession {
    Store::SessionRecord record;
    qint64 age = 0; // seconds since it was created

    QCborMap toCbor() const; // the record's fields and "age"
    static std::optional<CtlSession> fromCbor(const QCborMap &body, QString *error);
};

struct CtlSessionList {
    QList<CtlSession> sessions;

    QCborMap toCbor() const;
    static std::optional<CtlSessionList> fromCbor(const QCborMap &body, QString *error);
};

// Which sessions to terminate: all, a user's, or these ids (checked in that order).
struct CtlTerminate {
    bool all = false;
    QString user;
    QStringList ids;

    QCborMap toCbor() const;
    static std::optional<CtlTerminate> fromCbor(const QCborMap &body, QString *error);
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
    std::optional<LoadReport> load;

    QCborMap toCbor() const; // the load report's fields are inline
    static std::optional<CtlAgentLoad> fromCbor(const QCborMap &body, QString *error);
};

struct CtlLoadList {
    QList<CtlAgentLoad> agents;

    QCborMap toCbor() const;
    static std::optional<CtlLoadList> fromCbor(const QCborMap &body, QString *error);
};

// Fit to serve: the health check keepalived or Pacemaker runs.
struct CtlHealth {
    bool fit = false;
    QString reason; // why not

    QCborMap toCbor() const;
    static std::optional<CtlHealth> fromCbor(const QCborMap &body, QString *error);
};

struct CtlHaRole {
    HaRole role = HaRole::Unknown;

    QCborMap toCbor() const;
    static std::optional<CtlHaRole> fromCbor(const QCborMap &body, QString *error);
};

// Report "not fit" for seconds (0 ends a step-down), for a failover drill.
struct CtlStepDown {
    std::optional<qint64> seconds; // absent: the server's default
    QString by; // who asks, for the log

    QCborMap toCbor() const;
    static std::optional<CtlStepDown> fromCbor(const QCborMap &body, QString *error);
};

struct CtlStepDownReply {
    qint64 seconds = 0;
    qint64 until = 0; // seconds since the epoch; 0: not stepping down

    QCborMap toCbor() const;
    static std::optional<CtlStepDownReply> fromCbor(const QCborMap &body, QString *error);
};

} // namespace Protocol
