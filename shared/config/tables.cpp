#include "shared/config/tables.h"

namespace Config {
namespace {

const QStringList logLevels { QStringLiteral("ERROR"), QStringLiteral("WARNING"), QStringLiteral("INFO"),
                              QStringLiteral("DEBUG"), QStringLiteral("DEBUG2") };

Parameter param(const char *path, Type type, const char *defaultValue, const char *doc)
{
    Parameter p;
    p.path = QString::fromUtf8(path);
    p.type = type;
    p.defaultValue = QString::fromUtf8(defaultValue);
    p.doc = QString::fromUtf8(doc);
    return p;
}

Parameter intParam(const char *path, qint64 min, qint64 max, const char *defaultValue, const char *doc)
{
    Parameter p = param(path, Type::Int, defaultValue, doc);
    p.min = min;
    p.max = max;
    return p;
}

Parameter enumParam(const char *path, const QStringList &choices, const char *defaultValue, const char *doc)
{
    Parameter p = param(path, Type::Enum, defaultValue, doc);
    p.choices = choices;
    return p;
}

Table makeCommon()
{
    Table t(QStringLiteral("vsm"));
    t.add(param("/vsm/vsm_server_port", Type::Port, "9000",
                "TCP port vsmserver listens on for clients and peers"));
    t.add(
        param("/vsm/vsm_agent_port", Type::Port, "904", "TCP port vsmagent listens on for the VSM servers"));
    t.add(param("/vsm/vnc_port_base", Type::Port, "5900",
                "VNC port of display 0; a session on display N listens on vnc_port_base + N"));
    t.add(param("/vsm/cluster_key_file", Type::Path, "",
                "File with the shared cluster key for TLS-PSK between nodes; empty: no cluster key, "
                "peers are trusted by address alone"));
    t.add(param("/vsm/cluster_key_required", Type::Bool, "1",
                "With a cluster key: 1 every link must use it; 0 the transition while a key is rolled out, "
                "links use it where the peer holds it too and fall back to certificate TLS and trust by "
                "address where it does not"));
    return t;
}

Table makeAgent()
{
    Table t(QStringLiteral("vsmagent"));
    t.add(commonTable());
    t.add(intParam("/vsmagent/listen_port", 0, 65535, "0",
                   "Port vsmagent listens on; 0 uses /vsm/vsm_agent_port"));
    t.add(
        param("/vsmagent/allowed_clients", Type::List, "",
              "Hosts besides localhost allowed to make privileged calls (the VSM servers), space-separated"));
    t.add(param("/vsmagent/master_hostname", Type::String, "",
                "DNS name of the VSM server's resource IP (the HA interface); always allowed"));
    t.add(param("/vsmagent/agent_hostname", Type::String, "",
                "Address given to clients for reaching this agent; empty: this host's primary IP address"));
    t.add(intParam("/vsmagent/display_min", 1, 65535, "10", "Lowest X display number used for sessions"));
    t.add(intParam("/vsmagent/display_max", 1, 65535, "2000", "Highest X display number used for sessions"));
    t.add(param("/vsmagent/default_geometry", Type::Geometry, "1024 768",
                "Session screen size when the client asks for none, 'WIDTH HEIGHT'"));
    t.add(param("/vsmagent/xserver_args", Type::String, "-br -verbose 3", "Extra arguments for Xvnc"));
    t.add(param("/vsmagent/xvnc_path", Type::Path, "Xvnc",
                "The Xvnc program: a path, or a name looked up in PATH"));
    t.add(param("/vsmagent/xsession_script", Type::Path, "",
                "Script that starts the user's desktop; empty: the built-in default"));
    t.add(intParam("/vsmagent/xvnc_start_timeout", 1, 600, "25",
                   "Seconds to wait for Xvnc to accept connections before the start fails"));
    t.add(param("/vsmagent/make_homedir", Type::Bool, "0", "Create a missing home folder at session start"));
    t.add(
        param("/vsmagent/make_homedir_mode", Type::Mode, "0700", "Permission bits of a created home folder"));
    t.add(intParam("/vsmagent/metrics/listen_port", 0, 65535, "0",
                   "Port of the Prometheus metrics endpoint (GET /metrics, plain HTTP); 0: off"));
    t.add(param("/vsmagent/metrics/listen_address", Type::Address, "127.0.0.1",
                "Address the metrics endpoint listens on; it has no TLS and no login, so keep it on "
                "localhost unless the way to the scraper is trusted"));
    t.add(param("/vsmagent/logging/logfile", Type::Path, "",
                "Also log to this file; empty: stderr/journal only"));
    t.add(enumParam("/vsmagent/logging/defaultlevel", logLevels, "INFO",
                    "Log level: ERROR, WARNING, INFO, DEBUG or DEBUG2"));
    return t;
}

Table makeServer()
{
    Table t(QStringLiteral("vsmserver"));
    t.add(commonTable());
    t.add(intParam("/vsmserver/listen_port", 0, 65535, "0",
                   "Port vsmserver listens on (clients and HA replication); 0 uses /vsm/vsm_server_port"));
    t.add(param("/vsmserver/terminalservers", Type::List, "127.0.0.1",
                "Every VSM agent, space-separated; identical on both HA nodes and without 127.0.0.1 there"));
    t.add(intParam("/vsmserver/max_sessions_per_user", 0, 1000, "1",
                   "Sessions one user may have; 0: unlimited"));
    t.add(param("/vsmserver/allowed_groups", Type::List, "",
                "Groups whose members may get a session, space-separated; empty: everyone"));
    t.add(intParam("/vsmserver/ram_per_user", 0, 1048576, "100",
                   "MiB of memory one session is expected to use, for load balancing"));
    t.add(intParam("/vsmserver/bogomips_per_user", 0, 100000000, "600",
                   "CPU bogomips one session is expected to use, for load balancing"));
    t.add(intParam("/vsmserver/existing_users_weight", 0, 1000, "4",
                   "Weight of the sessions already on an agent when rating its load"));
    t.add(intParam("/vsmserver/load_update_cycle", 1, 3600, "40",
                   "Seconds between load updates from each agent"));
    t.add(param(
        "/vsmserver/agent_weights", Type::List, "",
        "Relative capacity per agent as AGENT:WEIGHT entries, space-separated; unlisted agents weigh 1"));
    t.add(param("/vsmserver/HA/enabled", Type::Bool, "0", "Run as one node of a two-node HA cluster"));
    t.add(param("/vsmserver/HA/nodes", Type::List, "",
                "The two HA nodes' host names, space-separated; one must be this machine"));
    t.add(intParam("/vsmserver/HA/sync_timeout", 0, 600, "5",
                   "Seconds to wait for the peer to acknowledge a change in sync replication"));
    t.add(enumParam("/vsmserver/HA/replication", { QStringLiteral("sync"), QStringLiteral("async") }, "sync",
                    "sync: a change is acknowledged after the peer has it; async: without waiting"));
    t.add(param("/vsmserver/HA/resource_address", Type::String, "",
                "The resource IP (or its DNS name) the HA engine moves between the nodes"));
    t.add(intParam("/vsmserver/HA/reconcile_grace", 0, 86400, "60",
                   "Seconds a session record its agent no longer runs is kept before it is removed (the "
                   "session ended there; also after an HA resync)"));
    t.add(intParam("/vsmserver/HA/shutdown_grace", 0, 300, "3",
                   "Seconds vsmserver keeps serving after SIGTERM while its health check already reports "
                   "'not fit', so that the HA engine moves the resource IP before the server stops"));
    t.add(intParam("/vsmserver/HA/backlog", 1, 10000000, "10000",
                   "Changes kept for a partial resync; a peer that missed more gets a full snapshot"));
    t.add(param("/vsmserver/admin/listen_port", Type::Port, "9002",
                "Port of the admin API used by tlctl and the console"));
    t.add(param("/vsmserver/admin/password_file", Type::Path, "admin-password.hash",
                "Root-only file (0600) with the salted hash of the admin password, written by tlctl admin "
                "set-password; relative to the configuration folder. No file: admin API logins refused"));
    t.add(intParam("/vsmserver/metrics/listen_port", 0, 65535, "0",
                   "Port of the Prometheus metrics endpoint (GET /metrics, plain HTTP); 0: off"));
    t.add(param("/vsmserver/metrics/listen_address", Type::Address, "127.0.0.1",
                "Address the metrics endpoint listens on; it has no TLS and no login, so keep it on "
                "localhost unless the way to the scraper is trusted"));
    t.add(param("/vsmserver/logging/logfile", Type::Path, "",
                "Also log to this file; empty: stderr/journal only"));
    t.add(enumParam("/vsmserver/logging/defaultlevel", logLevels, "INFO",
                    "Log level: ERROR, WARNING, INFO, DEBUG or DEBUG2"));
    return t;
}

} // namespace

const Table &commonTable()
{
    static const Table table = makeCommon();
    return table;
}

const Table &agentTable()
{
    static const Table table = makeAgent();
    return table;
}

const Table &serverTable()
{
    static const Table table = makeServer();
    return table;
}

const Parameter *findKnownParameter(const QString &path)
{
    if (const Parameter *p = agentTable().find(path))
        return p;
    return serverTable().find(path);
}

} // namespace Config
