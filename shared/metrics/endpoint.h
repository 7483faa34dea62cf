#pragma once

#include "shared/net/refusallog.h"

#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>

class QTimer;

namespace Net {
class Acceptor;
}

namespace Metrics {

// The plain HTTP/1.1 listener Prometheus scrapes: GET /metrics answers 200 with the text that
// render() returns (Exposition::ContentType). Plain HTTP, no TLS: it is meant to be bound to
// localhost (docs/security.md), and it serves nothing but numbers.
//
// Limits, so that one bad client never stops or starves the daemon:
// - maxConnections at once; one more is answered 503 and closed;
// - a request head must arrive within headerTimeoutMs of its first byte (or of the connection,
//   when nothing came yet): else 408 and close; a head is at most maxHeadBytes (431);
// - a connection that sends nothing for idleTimeoutMs between requests is closed;
// - only GET /metrics is served: another method is 405 (Allow: GET), another path 404, a
//   malformed request 400, a request with a body 413, another HTTP version 505; each error
//   closes the connection;
// - the next request of a connection is read only after the answer to the previous one was
//   written out, so a client that never reads cannot make the daemon buffer answers.
// Refused connections are logged (RefusalLog, in openvsm.security) and counted by reason.
// Running out of file descriptors pauses accepting (Net::Acceptor); the listener never closes.
class Endpoint final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Endpoint)

public:
    using Render = std::function<QByteArray()>;

    struct Options {
        int maxConnections = 16;
        int headerTimeoutMs = 5000;
        int idleTimeoutMs = 60000;
        qsizetype maxHeadBytes = 8192;
    };

    explicit Endpoint(Render render, QObject *parent = nullptr);
    Endpoint(Render render, const Options &options, QObject *parent = nullptr);
    ~Endpoint() override;

    // Listens on address:port (port 0: any free port, see serverPort()).
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 serverPort() const;
    QHostAddress serverAddress() const;

    int connections() const { return m_connections; }
    quint64 scrapes() const { return m_scrapes; } // 200 answers so far
    const Net::RefusalLog &refusals() const { return m_refusals; }

private:
    class Connection;
    class Listener;
    void onIncoming(int descriptor);
    void refuse(Net::RefusalReason reason, const QString &peer, const QString &why);

    Render m_render;
    Options m_options;
    std::unique_ptr<Listener> m_listener;
    Net::Acceptor *m_acceptor = nullptr;
    Net::RefusalLog m_refusals;
    QTimer *m_flushTimer = nullptr;
    int m_connections = 0;
    quint64 m_scrapes = 0;
};

} // namespace Metrics
