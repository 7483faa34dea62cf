#pragma once

#include "backend/server/terminalservers.h"
#include "shared/net/hostkeyscan.h"
#include "shared/protocol/adminmessages.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class QTimer;

namespace Admin {

// Gathers AdminNodeFacts on this node for the setup wizard (AdminNodeFacts): every asked name
// (and every proposed HA/nodes entry and /vsmserver/terminalservers host) is resolved with
// QHostInfo::lookupHost, then each address found is looked up in reverse, all asynchronously:
// the event loop never blocks. What has not answered within timeoutMs is reported as timed out.
// The identity comes from Ha::NodeIdentity::determine(), the rule vsmserver itself applies at
// start, fed with these lookups. The asked names are also scanned with ssh-keyscan (port 22;
// keyscan, none when ssh-keyscan is not installed). Deletes itself after done() ran.
class NodeFacts final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NodeFacts)

public:
    using Done = std::function<void(const Protocol::AdminNodeFacts &facts)>;
    static constexpr int DefaultTimeoutMs = 10000;

    // configFile: the server's hiveconf root (configuration, terminalservers).
    static void gather(const Protocol::AdminNodeFactsQuery &query, const QString &configFile,
                       QObject *context, Done done, int timeoutMs = DefaultTimeoutMs);

    // The lines of an /etc/hosts text that give name a loopback address, as "FILE:LINE: TEXT".
    static QStringList loopbackHostsLines(const QString &name, const QString &hostsText,
                                          const QString &file = QStringLiteral("/etc/hosts"));
    // One line of an ssh_host_*_key.pub file -> type and SHA256 fingerprint (as ssh-keygen -l);
    // false when it is not a public key line.
    static bool sshFingerprint(const QString &line, QString *type, QString *fingerprint);
    // The sshd host keys in dir (ssh_host_*_key.pub, sorted by file name).
    static QList<Protocol::AdminSshHostKey> sshHostKeys(const QString &dir, QString *error);
    // The interfaces that are up, with their non-loopback addresses (ADDRESS/PREFIX).
    static QList<Protocol::AdminInterface> interfaces();
    // file's text (at most 64 KiB), or none when it does not exist.
    static std::optional<QString> readSmallFile(const QString &file);

private:
    NodeFacts(const Protocol::AdminNodeFactsQuery &query, const QString &configFile, QObject *context,
              Done done);
    void start(int timeoutMs);
    void lookUp(const QString &name);
    void reverseLookUp(const QHostAddress &address);
    void finishIfDone();
    void finish();

    struct Lookup {
        bool done = false;
        QList<QHostAddress> addresses;
        QString reason; // when it failed
    };

    Protocol::AdminNodeFactsQuery m_query;
    QString m_configFile;
    Done m_done;
    QHash<QString, Lookup> m_forward; // name -> addresses
    QHash<QString, QString> m_reverse; // address -> name ("" when none)
    QHash<QString, bool> m_reverseDone;
    QList<int> m_lookupIds;
    QTimer *m_timeout = nullptr;
    bool m_starting = false;
    bool m_finished = false;
    Net::HostKeyScan *m_keyscan = nullptr; // of the asked names
    QList<Server::TerminalServer> m_terminalServers; // their hosts are resolved too (loopback entries)
    Protocol::AdminNodeFacts m_facts;
};

} // namespace Admin
