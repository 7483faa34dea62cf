#pragma once

#include "knownnodes.h"
#include "protocol/messagetype.h"

#include <QCborMap>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace Net {
class TlsConnector;
}
namespace Protocol {
class Link;
}

namespace Admin {

// One authenticated connection to a vsmserver's admin API (/vsmserver/admin/listen_port).
//
// connectToNode(): TLS to the node, then its certificate's SHA-256 fingerprint is checked
// against the known-nodes file BEFORE the password is sent. An unknown or changed fingerprint
// is put to the FingerprintCheck (tlctl asks on a terminal, the console shows a dialog); without
// one nothing unknown is trusted. An accepted fingerprint is pinned. Only then is the password
// taken (a PasswordSource may ask for it at that point) and sent in AdminLogin; ready() or
// failed(why).
// Events the server pushes (sessions, agents, config changed) arrive as event().
class AdminClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminClient)

public:
    // Returns whether to trust fingerprint for node ("host:port"); status says whether it is
    // new or differs from pinned. Runs synchronously (a modal dialog may be shown in it).
    using FingerprintCheck = std::function<bool(const QString &node, const QString &fingerprint,
                                                KnownNodes::Status status, const QString &pinned)>;
    using Reply = std::function<void(const QCborMap &body, const QString &error)>;
    // Gives the password once the node's certificate is trusted; nullopt (with *error) ends the
    // attempt without a login.
    using PasswordSource = std::function<std::optional<QByteArray>(QString *error)>;

    static constexpr quint16 DefaultPort = 9002;

    explicit AdminClient(QObject *parent = nullptr);
    ~AdminClient() override;

    void setKnownNodesFile(const QString &file) { m_knownNodesFile = file; }
    void setFingerprintCheck(FingerprintCheck check) { m_check = std::move(check); }
    void setTimeout(int ms) { m_timeoutMs = ms; }

    // "host", "host:port" or "[v6]:port" -> host and port (DefaultPort when none).
    static bool parseNode(const QString &node, QString *host, quint16 *port, QString *error);

    void connectToNode(const QString &host, quint16 port, const QByteArray &password);
    void connectToNode(const QString &host, quint16 port, PasswordSource password);
    void disconnectFromNode();
    bool isReady() const { return m_ready; }

    // What the server said at login.
    QString nodeName() const { return m_nodeName; }
    QString serverVersion() const { return m_version; }
    QString fingerprint() const { return m_fingerprint; }
    QString nodeAddress() const { return m_node; } // "host:port"

    // One admin request; reply runs exactly once (with an error when not connected) unless
    // context is destroyed first.
    void request(Protocol::MessageType type, const QCborMap &body, const QObject *context, Reply reply);

signals:
    void ready();
    void failed(const QString &error);
    void disconnected(const QString &reason);
    void event(const QString &kind, const QCborMap &body);

private:
    void onLink(Protocol::Link *link, const QString &error, const PasswordSource &password);
    void fail(const QString &error);

    QString m_knownNodesFile = KnownNodes::defaultFile();
    FingerprintCheck m_check;
    int m_timeoutMs = 10000;
    Net::TlsConnector *m_connector = nullptr;
    QPointer<Protocol::Link> m_link;
    bool m_ready = false;
    quint64 m_attempt = 0;
    QString m_node;
    QString m_nodeName;
    QString m_version;
    QString m_fingerprint;
};

} // namespace Admin
