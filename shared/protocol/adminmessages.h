#pragma once

#include "protocol/agentmessages.h"
#include "protocol/clientmessages.h"
#include "protocol/ctlmessages.h"

#include <QCborMap>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

// The admin link: tl-console, `tlctl --node` and the failover drill -> vsmserver's admin API over
// TLS (MessageType::Admin*, backend/server/admin/README.md). Only AdminLogin before the login.
//
//   AdminLogin              AdminLogin                 -> AdminLoginReply
//   AdminStatus             {}                         -> AdminStatus
//   AdminSessionList        AdminSessionQuery          -> AdminSessionPage
//   AdminSessionTerminate   CtlTerminate               -> Terminated
//   AdminSessionVerify      AdminSessionVerify         -> AdminSessionVerifyReply
//   AdminAgentList          {}                         -> CtlLoadList
//   AdminAgentGetConfig     AdminAgentConfig (no change) -> AgentConfig
//   AdminAgentSetConfig     AdminAgentConfig           -> {}
//   AdminGetTerminalServers {}                         -> AdminTerminalServers
//   AdminSetTerminalServers AdminTerminalServers       -> AdminTerminalServers (with warning)
//   AdminGetHaConfig        {}                         -> AdminHaConfig
//   AdminSetHaConfig        AdminHaConfig              -> {}
//   AdminHaStepDown         AdminStepDown              -> CtlStepDownReply
//   AdminEvent              server -> client, unanswered: AdminEvent
namespace Protocol {

struct AdminLogin {
    QString password; // never logged

    QCborMap toCbor() const;
    static std::optional<AdminLogin> fromCbor(const QCborMap &body, QString *error);
};

struct AdminLoginReply {
    QString node; // the node's host name
    QString version;

    QCborMap toCbor() const;
    static std::optional<AdminLoginReply> fromCbor(const QCborMap &body, QString *error);
};

// A node at a glance: the console's node panel, `tlctl --node N status`.
struct AdminStatus {
    QString node;
    QString version;
    qint64 started = 0; // seconds since the epoch
    qint64 uptime = 0; // seconds
    qint64 sessions = 0;
    qint64 agents = 0;
    qint64 agentsReachable = 0;
    bool haEnabled = false;
    std::optional<HaStatus> ha; // absent when the HA status could not be had
    QString haState; // "HA not enabled", "HA enabled but not running: WHY", "role ROLE"
    QString fingerprint; // the admin API certificate's SHA-256

    // haState from the HA status (or the reason it is missing).
    static QString describeHa(bool haEnabled, const std::optional<HaStatus> &ha, const QString &error);
    QCborMap toCbor() const;
    static std::optional<AdminStatus> fromCbor(const QCborMap &body, QString *error);
};

// One page of the session list: the filter, and where the page starts.
struct AdminSessionQuery {
    CtlSessionFilter filter;
    qint64 offset = 0;
    std::optional<qint64> limit; // absent: the server's page size (at most 2,000)

    QCborMap toCbor() const;
    static std::optional<AdminSessionQuery> fromCbor(const QCborMap &body, QString *error);
};

struct AdminSessionPage {
    QList<CtlSession> sessions; // sorted by id
    qint64 total = 0; // sessions matching the filter, on every page
    std::optional<qint64> nextOffset; // set while more pages follow

    QCborMap toCbor() const;
    static std::optional<AdminSessionPage> fromCbor(const QCborMap &body, QString *error);
};

struct AdminSessionVerify {
    QStringList ids;

    QCborMap toCbor() const;
    static std::optional<AdminSessionVerify> fromCbor(const QCborMap &body, QString *error);
};

// One session checked with its agent by the node.
struct AdminVerifyResult {
    QString id;
    bool present = false; // the node has a record of it
    QString agent;
    bool alive = false; // the agent says its Xvnc runs
    QString reason; // why not present or not alive

    QCborMap toCbor() const;
    static std::optional<AdminVerifyResult> fromCbor(const QCborMap &body, QString *error);
};

struct AdminSessionVerifyReply {
    QList<AdminVerifyResult> results;

    QCborMap toCbor() const;
    static std::optional<AdminSessionVerifyReply> fromCbor(const QCborMap &body, QString *error);
};

// An agent's trust settings through the node: the agent, and (to set) what changes.
struct AdminAgentConfig {
    QString agent;
    AgentConfig change; // empty for AdminAgentGetConfig

    QCborMap toCbor() const;
    static std::optional<AdminAgentConfig> fromCbor(const QCborMap &body, QString *error);
};

// /vsmserver/terminalservers: read (with where it is defined) or written (with a warning).
struct AdminTerminalServers {
    QStringList terminalservers;
    bool haEnabled = false; // get only
    QString definedAt; // get only: "FILE:LINE"
    QString warning; // set only: a loopback entry without HA

    QCborMap toCbor() const;
    static std::optional<AdminTerminalServers> fromCbor(const QCborMap &body, QString *error);
};

// /vsmserver/HA/… parameters and their values (every one on get; those to change on set).
struct AdminHaConfig {
    QMap<QString, QString> params;

    QCborMap toCbor() const;
    static std::optional<AdminHaConfig> fromCbor(const QCborMap &body, QString *error);
};

struct AdminStepDown {
    std::optional<qint64> seconds; // absent: 30; 0 ends a step-down

    QCborMap toCbor() const;
    static std::optional<AdminStepDown> fromCbor(const QCborMap &body, QString *error);
};

// What the node pushes to logged-in clients when something changes.
struct AdminEvent {
    enum class Kind {
        Session, // session, removed
        Agents, // agents
        AgentConfig, // agent
        Config, // what changed: terminalservers, ha or reloaded
        Status, // status: the node's AdminStatus, when its HA state changed
    };
    Kind kind = Kind::Session;
    std::optional<CtlSession> session;
    bool removed = false;
    std::optional<CtlLoadList> agents;
    QString agent;
    std::optional<QStringList> terminalservers;
    bool ha = false; // HA parameters changed
    bool reloaded = false; // the configuration was reloaded on the node
    std::optional<AdminStatus> status;

    // The wire name: "session", "agents", "agent_config", "config", "status".
    static QString kindName(Kind kind);
    QCborMap toCbor() const;
    static std::optional<AdminEvent> fromCbor(const QCborMap &body, QString *error);
};

} // namespace Protocol
