#pragma once

#include <QtGlobal>

// Every message type of every OpenVSM link, in one place. This enum is only ever appended to:
// a number, once released, keeps its meaning forever. Each link owns a range.
namespace Protocol {

// The comments stay aligned, one message a line.
// clang-format off
enum class MessageType : quint16 {
    // Any link (1..99)
    Hello = 1,       // first message on every link, both directions: version, program, node
    Error = 2,       // unsolicited error; the sender closes the link after it
    Ping = 3,
    Pong = 4,

    // vsmserver / admin -> vsmagent (100..199). Privileged ones are marked (P).
    AgentStartSession = 100,     // (P) user, geometry, command -> session
    AgentListSessions = 101,     // (P) -> sessions the agent runs
    AgentVerifySession = 102,    // (P) session id -> alive or not
    AgentTerminateSession = 103, // (P) session id
    AgentReconnectSession = 104, // (P) session id -> session (fresh connection details)
    AgentLoad = 105,             //     -> load report
    AgentGetConfig = 106,        // (P) -> allowed_clients, master_hostname, ...
    AgentSetConfig = 107,        // (P) allowed_clients / master_hostname
    AgentConfigChanged = 108,    // vsmagent -> its links, unanswered: allowed_clients /
                                 //     master_hostname changed (AgentLoad has the new config_digest)

    // session helper -> vsmserver over the Unix socket (200..249); the user is the socket's
    // peer credentials, never a field of the message.
    ClientListSessions = 200,
    ClientGetSession = 201,       // reconnect to mine or create one
    ClientNewSession = 202,       // another session even though one exists (when allowed)
    ClientTerminateSession = 203,
    ClientReplaceSession = 204,   // terminate my existing session(s) and start a new one

    // tlctl (root) -> vsmserver over the Unix socket (250..299)
    CtlSessionList = 250,
    CtlSessionTerminate = 251,
    CtlLoadList = 252,
    CtlHaStatus = 253,
    CtlHaRole = 254,              // notify hook: MASTER / BACKUP / FAULT
    CtlHealth = 255,              // health check: fit to serve?
    CtlHaStepDown = 256,          // seconds -> health not fit for that long (failover drill)

    // vsmserver <-> vsmserver replication (300..399)
    ReplSync = 300,               // PSYNC: replication id + offset
    ReplChange = 301,             // one create/change/delete, with its offset
    ReplAck = 302,                // applied durably up to offset
    ReplSnapshotBegin = 303,
    ReplSnapshotChunk = 304,
    ReplSnapshotEnd = 305,
    // 306 is not used (the configuration digest travels in ReplSync); not to be reused.
    ReplPartialBegin = 307,       // partial resync follows: from offset, to offset

    // tl-console / tlctl --node -> vsmserver admin API (400..499)
    AdminLogin = 400,              // password -> node, version (nothing else before it succeeds)
    AdminStatus = 401,             // -> node status: version, uptime, sessions, agents, HA
    AdminSessionList = 402,        // -> sessions
    AdminSessionTerminate = 403,   // ids -> terminated, errors
    AdminAgentList = 404,          // -> agents: load, reachable
    AdminAgentGetConfig = 405,     // agent -> allowed_clients, master_hostname (AgentGetConfig)
    AdminAgentSetConfig = 406,     // agent, allowed_clients?, master_hostname? (AgentSetConfig)
    AdminGetTerminalServers = 407, // -> terminalservers, ha_enabled
    AdminSetTerminalServers = 408, // terminalservers -> terminalservers (written, reloaded)
    AdminEvent = 409,              // server -> console, unanswered: kind (sessions|agents|config)
    AdminGetHaConfig = 410,        // -> params: /vsmserver/HA/* -> value
    AdminSetHaConfig = 411,        // params: /vsmserver/HA/* -> value (validated, written, reloaded)
    AdminHaStepDown = 412,         // seconds -> step down through the health check (CtlHaStepDown)
    AdminSessionVerify = 413,      // ids -> results: id, present, alive, reason (AgentVerifySession)
    AdminNodeFacts = 414,          // names, nodes? -> uname -n, resolution, identity, ssh host keys, config
    AdminRestart = 415,            // {} -> {}; vsmserver then stops as on SIGTERM and starts again (re-exec)
    AdminEventLog = 416,           // after? -> entries: the node's event log (role, health, resync, refused, ...)
    AdminSshHostKeysGet = 417,     // {} -> host_keys: sshd's host key pairs, private halves included (root)
    AdminSshHostKeysSet = 418,     // host_keys -> backup, sshd: installed 0600/0644, sshd reloaded (root)
    AdminKeepalivedConfSet = 419,  // text -> file, backup, keepalived: checked, installed, keepalived reloaded (root)
    AdminClusterKeyGet = 420,      // {} -> cluster_key, cluster_key_id, file, cluster_key_required
    AdminClusterKeySet = 421,      // cluster_key?, cluster_key_required? -> cluster_key_id, file (key file 0600, config)
};
// clang-format on

} // namespace Protocol
