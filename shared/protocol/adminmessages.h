#pragma once

#include "shared/protocol/agentmessages.h"
#include "shared/protocol/clientmessages.h"
#include "shared/protocol/ctlmessages.h"

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
//   AdminNodeFacts          AdminNodeFactsQuery        -> AdminNodeFacts
//   AdminRestart            {}                         -> {} (then the node restarts itself)
//   AdminEventLog           AdminEventLogQuery         -> AdminEventLog
//   AdminSshHostKeysGet     {}                         -> AdminSshHostKeys (keys)
//   AdminSshHostKeysSet     AdminSshHostKeys (keys)    -> AdminSshHostKeys (backup, sshd)
//   AdminKeepalivedConfSet  AdminKeepalivedConf (text) -> AdminKeepalivedConf (file, backup, keepalived)
//   AdminClusterKeyGet      {}                         -> AdminClusterKey (secret, id, file, required)
//   AdminClusterKeySet      AdminClusterKey (secret?, required?) -> AdminClusterKey (id, file, required)
//   AdminEvent              server -> client, unanswered: AdminEvent
namespace Protocol {

struct AdminLogin {
    QString password; // never logged

    QCborMap toCbor() const;
    static std::optional<AdminLogin> fromCbor(const Body &body, QString *error);
};

struct AdminLoginReply {
    QString node; // the node's host name
    QString version;

    QCborMap toCbor() const;
    static std::optional<AdminLoginReply> fromCbor(const Body &body, QString *error);
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
    static std::optional<AdminStatus> fromCbor(const Body &body, QString *error);
};

struct AdminSessionPage;

// One page of the session list: the filter, and where the page starts. With afterId (the page
// before's last id, "" for the first page) the node reads just that page from its store; without
// it, as nodes before 6 December 2026 were asked, the page from position offset of the whole
// sorted list, which the node builds for every page (a page's round trip about 0.7 s at 100,000
// sessions), and in which a session added or ended between two pages moves the others by one.
struct AdminSessionQuery {
    CtlSessionFilter filter;
    std::optional<QString> afterId;
    qint64 offset = 0; // without afterId
    std::optional<qint64> limit; // absent: the server's page size (at most 2,000)

    // The query of the page after page, this query's answer; nothing when page is the last (or
    // its node names no page after this one). From a node that answers only offsets (it ignored
    // afterId) the next query asks for an offset too.
    std::optional<AdminSessionQuery> next(const AdminSessionPage &page) const;

    QCborMap toCbor() const;
    static std::optional<AdminSessionQuery> fromCbor(const Body &body, QString *error);
};

struct AdminSessionPage {
    QList<CtlSession> sessions; // sorted by id
    qint64 total = 0; // sessions matching the filter, on every page
    std::optional<QString> nextAfterId; // asked with afterId: set while more pages follow
    std::optional<qint64> nextOffset; // asked with an offset: set while more pages follow

    QCborMap toCbor() const;
    static std::optional<AdminSessionPage> fromCbor(const Body &body, QString *error);
};

struct AdminSessionVerify {
    QStringList ids;

    QCborMap toCbor() const;
    static std::optional<AdminSessionVerify> fromCbor(const Body &body, QString *error);
};

// One session checked with its agent by the node.
struct AdminVerifyResult {
    QString id;
    bool present = false; // the node has a record of it
    QString agent;
    bool alive = false; // the agent says its Xvnc runs
    QString reason; // why not present or not alive

    QCborMap toCbor() const;
    static std::optional<AdminVerifyResult> fromCbor(const Body &body, QString *error);
};

struct AdminSessionVerifyReply {
    QList<AdminVerifyResult> results;

    QCborMap toCbor() const;
    static std::optional<AdminSessionVerifyReply> fromCbor(const Body &body, QString *error);
};

// An agent's trust settings through the node: the agent, and (to set) what changes.
struct AdminAgentConfig {
    QString agent;
    AgentConfig change; // empty for AdminAgentGetConfig

    QCborMap toCbor() const;
    static std::optional<AdminAgentConfig> fromCbor(const Body &body, QString *error);
};

// /vsmserver/terminalservers: read (with where it is defined) or written (with a warning).
struct AdminTerminalServers {
    QStringList terminalservers;
    bool haEnabled = false; // get only
    QString definedAt; // get only: "FILE:LINE"
    QString warning; // set only: a loopback entry without HA

    QCborMap toCbor() const;
    static std::optional<AdminTerminalServers> fromCbor(const Body &body, QString *error);
};

// /vsmserver/HA/… parameters and their values (every one on get; those to change on set). A set
// may also name the other parameters both nodes of a pair must share
// (Ha::HaSettings::mustMatchParameters, but terminalservers: AdminSetTerminalServers).
struct AdminHaConfig {
    QMap<QString, QString> params;

    QCborMap toCbor() const;
    static std::optional<AdminHaConfig> fromCbor(const Body &body, QString *error);
};

struct AdminStepDown {
    std::optional<qint64> seconds; // absent: 30; 0 ends a step-down

    QCborMap toCbor() const;
    static std::optional<AdminStepDown> fromCbor(const Body &body, QString *error);
};

// AdminNodeFacts: what the setup wizard (tl-ha-setup) must learn on the node itself, never
// guess from the admin's desktop: names resolved there, `uname -n`, the identity the seed's rule
// gives it, its sshd host keys, the settings both nodes must share.
struct AdminNodeFactsQuery {
    static constexpr qsizetype MaxNames = 16;
    static constexpr qsizetype MaxNameLength = 253; // a DNS name
    QStringList names; // to resolve, forward and reverse (1..MaxNames)
    QStringList nodes; // a proposed /vsmserver/HA/nodes (empty: no identity asked for)
    // The names to ssh-keyscan, each one of names; none given: every name (as the wizard asked
    // before this field). Each scan is a few sshd key exchanges on the scanned host.
    std::optional<QStringList> scan;

    QStringList scanned() const { return scan.value_or(names); }

    QCborMap toCbor() const;
    static std::optional<AdminNodeFactsQuery> fromCbor(const Body &body, QString *error);
};

// One address a name resolved to on the node.
struct AdminResolvedAddress {
    QString address;
    QString reverse; // the reverse lookup's name; empty when there is none
    bool loopback = false; // 127.0.0.0/8 or ::1

    QCborMap toCbor() const;
    static std::optional<AdminResolvedAddress> fromCbor(const Body &body, QString *error);
};

struct AdminNameFacts {
    QString name;
    QList<AdminResolvedAddress> addresses; // empty: did not resolve (reason says why)
    QString reason;
    // When the name resolves to loopback: the /etc/hosts lines naming it with a loopback
    // address, as "/etc/hosts:LINE: TEXT" (what the admin must change).
    QStringList hostsLines;

    QCborMap toCbor() const;
    static std::optional<AdminNameFacts> fromCbor(const Body &body, QString *error);
};

// The identity Ha::NodeIdentity (the code vsmserver runs) gives the node for the proposed nodes.
struct AdminIdentityFacts {
    QStringList nodes;
    bool valid = false;
    QString local; // the entry the node takes as itself (valid only)
    QString peer;
    QString explanation; // NodeIdentity::explanation(): what matched, what to fix

    QCborMap toCbor() const;
    static std::optional<AdminIdentityFacts> fromCbor(const Body &body, QString *error);
};

// One sshd host key of the node: /etc/ssh/ssh_host_*_key.pub (below $OPENVSM_ROOT when set).
struct AdminSshHostKey {
    QString type; // ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ...
    QString fingerprint; // as ssh-keygen -l prints it: SHA256:base64 without padding
    QString file;

    QCborMap toCbor() const;
    static std::optional<AdminSshHostKey> fromCbor(const Body &body, QString *error);
};

// One sshd host key pair: /etc/ssh/NAME and NAME.pub (below $OPENVSM_ROOT when set). The private
// half travels only over the authenticated admin link (AdminSshHostKeysGet/Set, root's vsmserver)
// and is never logged.
struct AdminSshHostKeyPair {
    QString name; // ssh_host_ed25519_key: the private key's file name, the public one adds .pub
    QByteArray privateKey; // the file's bytes (OpenSSH's private key format)
    QByteArray publicKey; // the .pub file's line

    QCborMap toCbor() const;
    static std::optional<AdminSshHostKeyPair> fromCbor(const Body &body, QString *error);
};

// AdminSshHostKeysGet's reply (keys) and AdminSshHostKeysSet's request (keys) and reply (backup:
// where the replaced keys were kept, "" when nothing changed; sshd: how sshd was told).
struct AdminSshHostKeys {
    QList<AdminSshHostKeyPair> keys;
    QString backup;
    QString sshd;

    QCborMap toCbor() const;
    static std::optional<AdminSshHostKeys> fromCbor(const Body &body, QString *error);
};

// AdminKeepalivedConfSet's request (text: the whole keepalived.conf the setup wizard generated
// for the node) and reply (file: where it was installed; backup: the copy of the file it
// replaced, "" when there was none or nothing changed; keepalived: how keepalived was told).
struct AdminKeepalivedConf {
    static constexpr qsizetype MaxText = 64 * 1024;
    QString text;
    QString file;
    QString backup;
    QString keepalived;

    QCborMap toCbor() const;
    static std::optional<AdminKeepalivedConf> fromCbor(const Body &body, QString *error);
};

// The setup wizard's step 6: the node's cluster key. AdminClusterKeyGet answers with the secret
// (empty when the node has no key) so that the wizard can give the same key to the other node
// and the agents; AdminClusterKeySet writes a secret (when given) to the node's key file (0600)
// and sets /vsm/cluster_key_file and /vsm/cluster_key_required (when given); vsmserver uses them
// after a restart. The secret is never logged.
struct AdminClusterKey {
    QByteArray secret;
    QString keyId;
    QString file;
    std::optional<bool> required;

    QCborMap toCbor() const;
    static std::optional<AdminClusterKey> fromCbor(const Body &body, QString *error);
};

// One host key as ssh-keyscan got it (port 22): the setup wizard's step 3, on a node
// (AdminNodeFacts::keyscan) and on the admin's machine.
struct AdminScannedKey {
    QString host; // as asked
    QString type; // ssh-ed25519, ...
    QString fingerprint; // SHA256:… as ssh-keygen -l prints it

    // The key types an sshd host key can have, as ssh-keyscan -t takes them (the security-key
    // types it also tries by default are never host keys: each would be one more connection).
    static constexpr char HostKeyTypes[] = "rsa,ecdsa,ed25519";

    // ssh-keyscan's output ("host type base64" lines; comments skipped) as keys.
    static QList<AdminScannedKey> parseKeyscan(const QString &output);
    QCborMap toCbor() const;
    static std::optional<AdminScannedKey> fromCbor(const Body &body, QString *error);
};

// One network interface of the node that is up, with its addresses ("10.0.0.2/24"): where the
// setup wizard's keepalived.conf puts the resource IP.
struct AdminInterface {
    QString name;
    QStringList addresses; // ADDRESS/PREFIX, loopback left out

    QCborMap toCbor() const;
    static std::optional<AdminInterface> fromCbor(const Body &body, QString *error);
};

struct AdminNodeFacts {
    QString hostname; // uname -n
    QList<AdminNameFacts> resolved; // one per name asked, in the order asked
    std::optional<AdminIdentityFacts> identity; // when nodes were proposed
    QList<AdminSshHostKey> sshHostKeys;
    QString sshHostKeysError; // why none could be read
    QMap<QString, QString> configuration; // the parameters the HA digest compares, as set here
    bool haEnabled = false;
    QStringList loopbackEntries; // /vsmserver/terminalservers entries that are loopback here
    QString loopbackReason; // the seed's reason to refuse them with HA (when there are any)
    QList<AdminInterface> interfaces; // up, not loopback
    QString keepalivedFile; // /etc/keepalived/keepalived.conf (below $OPENVSM_ROOT when set)
    std::optional<QString> keepalivedConf; // its text; none when there is no such file
    // keepalived's hooks as this node's OpenVSM is installed: "/opt/openvsm/sbin/tlctl ha health"
    // and "/opt/openvsm/sbin/openvsm-ha-notify" (with OPENVSM_ROOT through /usr/bin/env when the
    // node's vsmserver runs with one); empty from an older node.
    QString healthCommand;
    QString notifyCommand;
    // Step 6: the key id of the cluster key /vsm/cluster_key_file names ("" without one), or why
    // that file cannot be used.
    QString clusterKeyId;
    QString clusterKeyError;
    bool clusterKeyRequired = true; // /vsm/cluster_key_required
    // ssh-keyscan of the asked names, run on the node (none: ssh-keyscan is not installed there)
    std::optional<QList<AdminScannedKey>> keyscan;

    QCborMap toCbor() const;
    static std::optional<AdminNodeFacts> fromCbor(const Body &body, QString *error);
};

// One entry of a node's event log: what happened on the node that an admin looks for later
// (AdminEventLog; new entries are pushed as AdminEvent "logged").
struct AdminLogEntry {
    enum class Kind {
        Role, // the HA role changed (failover, step-down): from, to
        Health, // replication degraded or healthy again: degraded, reason
        Resync, // a resync finished: type (partial/full), direction, records, ms
        Refused, // a connection refused: listener, address, reason
        Agent, // an agent lost or back: agent, reachable, reason
        Session, // a session created or ended: id, user, agent, ended
        Config, // the configuration changed: who, what
    };
    qint64 seq = 0; // 1, 2, 3 ... since the node's vsmserver started
    qint64 time = 0; // milliseconds since the epoch
    QString node; // the node's host name
    Kind kind = Kind::Config;
    QString text; // what happened, in English (tlctl, the log)
    QMap<QString, QString> details; // the kind's fields (above), as text

    // The wire name: "role", "health", "resync", "refused", "agent", "session", "config".
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
    static QList<Kind> kinds();
    static AdminLogEntry make(Kind kind, const QString &text, const QMap<QString, QString> &details = {});
    QCborMap toCbor() const;
    static std::optional<AdminLogEntry> fromCbor(const Body &body, QString *error);
};

struct AdminEventLogQuery {
    qint64 after = 0; // only entries with a larger seq (0: all the node keeps)

    QCborMap toCbor() const;
    static std::optional<AdminEventLogQuery> fromCbor(const Body &body, QString *error);
};

struct AdminEventLog {
    QList<AdminLogEntry> entries; // oldest first

    QCborMap toCbor() const;
    static std::optional<AdminEventLog> fromCbor(const Body &body, QString *error);
};

// Why the node refused a request, for a console to say in its own language: a code and its
// arguments, in the body of the error reply, beside the English reason (the reply's error, what
// tlctl and older consoles show). Only ever appended to:
//   loopback_with_ha  [entries]        a loopback terminalservers entry while HA is on
//   listed_twice      [entry, first]   an agent listed twice in terminalservers
//   wrong_password    []               the admin password is wrong
//   agent_unreachable [agent]          the agent did not answer the node
//   not_allowed       [agent]          the agent refused the node (allowed_clients, not root)
struct AdminReason {
    QString code;
    QStringList args;

    QCborMap toCbor() const;
    // None when the body carries no reason (an older node, or a reason without a code).
    static std::optional<AdminReason> fromCbor(const Body &body, QString *error);
};

// What the node pushes to logged-in clients when something changes.
struct AdminEvent {
    enum class Kind {
        Session, // session, removed
        Agents, // agents
        AgentConfig, // agent
        Config, // what changed: terminalservers, ha or reloaded
        Status, // status: the node's AdminStatus, when its HA state changed
        Logged, // logged: a new entry of the node's event log
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
    std::optional<AdminLogEntry> logged;

    // The wire name: "session", "agents", "agent_config", "config", "status", "logged".
    static QString kindName(Kind kind);
    QCborMap toCbor() const;
    static std::optional<AdminEvent> fromCbor(const Body &body, QString *error);
};

} // namespace Protocol
