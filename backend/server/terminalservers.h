#pragma once

#include <QHostAddress>
#include <QList>
#include <QStringList>

#include <functional>
#include <optional>

namespace Server {

// One /vsmserver/terminalservers entry: "host", "host:port", "[v6]:port" or a bare IPv6 address.
struct TerminalServer {
    QString entry; // as configured: the agent's name everywhere in the server
    QString host;
    quint16 port = 0;
};

using Resolver = std::function<QList<QHostAddress>(const QString &host)>;

class TerminalServers final {
public:
    // Parses the list; defaultPort is /vsm/vsm_agent_port. Duplicates and bad ports are errors.
    static std::optional<QList<TerminalServer>> parse(const QStringList &entries, quint16 defaultPort,
                                                      QString *error);

    // Entries that are loopback: 127.0.0.0/8, ::1, "localhost", or a name resolving to loopback.
    static QStringList loopbackEntries(const QList<TerminalServer> &servers, const Resolver &resolve);

    // The message for loopback entries: a warning on a lone server, the reason to refuse to start
    // with HA enabled (the seed's words).
    static QString loopbackMessage(const QStringList &entries, bool haEnabled);
    // The first entry that names an agent already listed, and the entry that listed it first
    // (the same host in any case, the same port): empty when none is.
    static QStringList listedTwice(const QStringList &entries, quint16 defaultPort);

    // QHostInfo-based resolver (blocking; used at start and reload only).
    static QList<QHostAddress> systemResolve(const QString &host);
};

} // namespace Server
