#pragma once

#include "shared/protocol/body.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The agent link, vsmserver (or the admin API through it) -> vsmagent (MessageType::Agent*).
// Every call but AgentLoad is privileged: a trusted address and proof of root (SECURITY.md).
//
//   AgentStartSession      AgentStartSession    -> AgentSessionReply (the new session)
//   AgentListSessions      {}                   -> AgentSessionList
//   AgentVerifySession     AgentSessionId       -> AgentVerifyReply
//   AgentTerminateSession  AgentSessionId       -> {}
//   AgentReconnectSession  AgentSessionId       -> AgentSessionReply (fresh connection details)
//   AgentLoad              {}                   -> Protocol::LoadReport (protocol/loadreport.h)
//   AgentGetConfig         {}                   -> AgentConfig (both fields)
//   AgentSetConfig         AgentConfig (the fields to change) -> {}
//   AgentConfigChanged     {} (vsmagent -> each connected vsmserver, unanswered: its
//                          allowed_clients or master_hostname changed; the server asks AgentLoad
//                          for the new config_digest at once)
namespace Protocol {

class CborWriter;

struct AgentSessionId {
    QString id;

    QCborMap toCbor() const;
    // toCbor() encoded, without the map (Body::encoded()): the broker's requests about one
    // session (tst_typedmessages compares the bytes).
    QByteArray encode() const;
    static std::optional<AgentSessionId> fromCbor(const Body &body, QString *error);
};

struct AgentStartSession {
    QString id; // chosen by the server
    QString user;
    QString geometry; // "WxH"; empty: the agent's default
    QString command; // empty: the user's default session

    QCborMap toCbor() const;
    static std::optional<AgentStartSession> fromCbor(const Body &body, QString *error);
};

// One session as the agent runs it.
struct AgentSessionInfo {
    QString id;
    QString user;
    qint64 uid = -1;
    int display = 0;
    int vncPort = 0;
    qint64 pid = 0; // Xvnc
    QString geometry;
    QString command;
    qint64 created = 0; // seconds since the epoch
    QString agentHostname; // the agent as clients reach it
    std::optional<bool> connected; // a VNC viewer is connected (AgentListSessions only)
    QByteArray password; // the VNC password (start and reconnect replies only)

    QCborMap toCbor() const;
    // toCbor()'s map written by writer, without the map.
    void writeTo(CborWriter &writer) const;
    static std::optional<AgentSessionInfo> fromCbor(const Body &body, QString *error);
};

struct AgentSessionReply {
    AgentSessionInfo session;

    QCborMap toCbor() const;
    QByteArray encode() const; // as AgentSessionId::encode(): the agent's answer to a start or reconnect
    static std::optional<AgentSessionReply> fromCbor(const Body &body, QString *error);
};

struct AgentSessionList {
    QList<AgentSessionInfo> sessions;

    QCborMap toCbor() const;
    static std::optional<AgentSessionList> fromCbor(const Body &body, QString *error);
};

struct AgentVerifyReply {
    bool alive = false;
    QString reason; // why not, when not

    QCborMap toCbor() const;
    static std::optional<AgentVerifyReply> fromCbor(const Body &body, QString *error);
};

// /vsmagent/allowed_clients and /vsmagent/master_hostname. A set request carries the fields to
// change; each name is one host name (no spaces, no line breaks).
// The cluster key's secret size in bytes (Net::ClusterKey::SecretSize).
inline constexpr int ClusterKeySize = 32;

struct AgentConfig {
    std::optional<QStringList> allowedClients;
    std::optional<QString> masterHostname;
    // Set: the cluster key's 32 secret bytes (written to the agent's key file, 0600; never logged
    // and never in a reply). Get: the key id of the agent's key, "" when it has none.
    std::optional<QByteArray> clusterKey;
    std::optional<QString> clusterKeyId;
    std::optional<bool> clusterKeyRequired; // /vsm/cluster_key_required

    bool isEmpty() const { return !allowedClients && !masterHostname && !clusterKey && !clusterKeyRequired; }
    QCborMap toCbor() const;
    static std::optional<AgentConfig> fromCbor(const Body &body, QString *error);
};

} // namespace Protocol
