#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

namespace Agent {

// The agent's parameters (/vsmagent/... and the /vsm/... it uses), already validated.
struct Settings {
    int listenPort = 904; // effective: /vsmagent/listen_port or /vsm/vsm_agent_port
    int vncPortBase = 5900; // /vsm/vnc_port_base
    QString clusterKeyFile; // /vsm/cluster_key_file
    bool clusterKeyRequired = true; // /vsm/cluster_key_required
    QStringList allowedClients; // /vsmagent/allowed_clients
    QString masterHostname; // /vsmagent/master_hostname
    QString agentHostname; // /vsmagent/agent_hostname (empty: primary address)
    int displayMin = 10;
    int displayMax = 2000;
    QSize defaultGeometry { 1024, 768 };
    QString xserverArgs = QStringLiteral("-br -verbose 3");
    QString xvncPath = QStringLiteral("Xvnc");
    QString xsessionScript; // empty: the built-in default
    int xvncStartTimeout = 25; // seconds
    bool makeHomedir = false;
    int makeHomedirMode = 0700;
    int metricsPort = 0; // /vsmagent/metrics/listen_port; 0: no metrics endpoint
    QString metricsAddress = QStringLiteral("127.0.0.1"); // /vsmagent/metrics/listen_address
    QString logFile;
    QString logLevel = QStringLiteral("INFO");

    // The address given to clients: agent_hostname, or this host's first non-loopback IPv4
    // (then IPv6) address, or 127.0.0.1. *known (if given) is false when the host's addresses
    // could not be read at all (out of file descriptors): the answer is then only a guess.
    QString effectiveAgentHostname(bool *known = nullptr) const;
    // The session script to run: xsession_script, else the default shipped next to the program
    // (<bindir>/../libexec/openvsm/xsession), else under the install prefix.
    QString effectiveXsessionScript() const;
};

} // namespace Agent
