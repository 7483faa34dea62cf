#include "shared/metrics/endpoint.h"

#include "shared/logging/logging.h"
#include "shared/metrics/exposition.h"
#include "shared/metrics/httprequest.h"
#include "shared/net/acceptor.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <unistd.h>

namespace Metrics {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    }
    return "Error";
}

QByteArray response(int status, const QByteArray &contentType, const QByteArray &body, bool keepAlive,
                    const QByteArray &extraHeaders = {})
{
    QByteArray r = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    r += "Content-Type: " + contentType + "\r\n";
    r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    r += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    r += extraHeaders;
    r += "\r\n";
    r += body;
    return r;
}

QByteArray errorResponse(int status, const QString &why, const QByteArray &extraHeaders = {})
{
    return response(status, "text/plain; charset=utf-8", why.toUtf8() + '\n', false, extraHeaders);
}

} // namespace

// QTcpServer binds and listens; Net::Acceptor accepts (see TlsServer).
class Endpoint::Listener final : public QTcpServer { };

// One client connection: reads request heads, answers them one at a time.
class Endpoint::Connection final : public QObject {
public:
    Connection(Endpoint *endpoint, QTcpSocket *socket)
        : QObject(endpoint), m_endpoint(endpoint), m_socket(socket), m_timer(new QTimer(this))
    {
        m_socket->setParent(this);
        // Qt stops reading from the kernel when this is full: a flood stays there.
        m_socket->setReadBufferSize(m_endpoint->m_options.maxHeadBytes + 1);
        m_peer
            = m_socket->peerAddress().toString() + QLatin1Char(':') + QString::number(m_socket->peerPort());
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &Connection::onTimeout);
        connect(m_socket, &QTcpSocket::readyRead, this, &Connection::process);
        connect(m_socket, &QTcpSocket::bytesWritten, this, &Connection::process);
        connect(m_socket, &QTcpSocket::disconnected, this, &Connection::finish);
        connect(m_socket, &QTcpSocket::errorOccurred, this, &Connection::finish);
        // Nothing came yet: the first request head is due within the header timeout.
        m_waitingForHead = true;
        m_timer->start(m_endpoint->m_options.headerTimeoutMs);
    }

private:
    void process()
    {
        if (m_closing || m_socket->bytesToWrite() > 0)
            return; // closing, or the previous answer is still being written
        const Options &o = m_endpoint->m_options;
        const qint64 room = o.maxHeadBytes + 1 - m_buffer.size();
        if (room > 0)
            m_buffer += m_socket->read(room);
        if (m_buffer.isEmpty())
            return;
        if (!m_waitingForHead) {
            m_waitingForHead = true; // the first byte of a request: its head is due
            m_timer->start(o.headerTimeoutMs);
        }
        const HttpParse parsed = parseHttpRequest(m_buffer, o.maxHeadBytes);
        switch (parsed.status) {
        case HttpParse::Status::Incomplete:
            return;
        case HttpParse::Status::Error:
            return fail(parsed.httpStatus, parsed.error);
        case HttpParse::Status::Ok:
            break;
        }
        m_buffer.remove(0, parsed.consumed);
        m_waitingForHead = false;
        const HttpRequest &request = parsed.request;
        if (request.method != "GET")
            return fail(405,
                        QStringLiteral("method %1 is not served; only GET /metrics")
                            .arg(QString::fromLatin1(request.method.left(32))),
                        "Allow: GET\r\n");
        if (request.path() != "/metrics")
            return fail(404,
                        QStringLiteral("%1 is not served; only GET /metrics")
                            .arg(QString::fromUtf8(request.path().left(128))));
        ++m_endpoint->m_scrapes;
        m_socket->write(response(200, Exposition::ContentType, m_endpoint->m_render(), request.keepAlive));
        // Until the next request: idle (also bounds how long an answer may wait to be read).
        m_timer->start(o.idleTimeoutMs);
        if (!request.keepAlive) {
            m_closing = true;
            m_socket->disconnectFromHost();
        }
        // A pipelined request is read when the answer is written out (bytesWritten).
    }

    void onTimeout()
    {
        if (!m_closing && m_waitingForHead)
            return fail(408,
                        QStringLiteral("no complete request within %1 ms (the header timeout)")
                            .arg(m_endpoint->m_options.headerTimeoutMs));
        finish(); // idle between requests, an answer nobody reads, or a close that did not finish
    }

    // Answers an error status, logs and counts the refusal, and closes.
    void fail(int status, const QString &why, const QByteArray &extraHeaders = {})
    {
        m_endpoint->refuse(
            Net::RefusalReason::BadRequest, m_peer,
            QStringLiteral("%1 %2: %3").arg(status).arg(QString::fromLatin1(reasonPhrase(status)), why));
        m_closing = true;
        m_socket->write(errorResponse(status, why, extraHeaders));
        m_socket->disconnectFromHost();
        m_timer->start(1000); // whether or not the client reads it
    }

    void finish()
    {
        if (m_done)
            return;
        m_done = true;
        m_timer->stop();
        m_socket->abort();
        --m_endpoint->m_connections;
        deleteLater();
    }

    Endpoint *m_endpoint;
    QTcpSocket *m_socket;
    QTimer *m_timer;
    QString m_peer;
    QByteArray m_buffer;
    bool m_waitingForHead = false;
    bool m_closing = false;
    bool m_done = false;
};

Endpoint::Endpoint(Render render, QObject *parent) : Endpoint(std::move(render), Options(), parent)
{
}

Endpoint::Endpoint(Render render, const Options &options, QObject *parent)
    : QObject(parent),
      m_render(std::move(render)),
      m_options(options),
      m_listener(std::make_unique<Listener>()),
      m_refusals([](const QString &line) { qCWarning(lcSecurity).noquote() << "metrics endpoint:" << line; })
{
    m_flushTimer = new QTimer(this);
    m_flushTimer->setInterval(5000);
    connect(m_flushTimer, &QTimer::timeout, this, [this] {
        if (!m_refusals.flush())
            m_flushTimer->stop();
    });
}

Endpoint::~Endpoint()
{
    m_refusals.flush();
}

bool Endpoint::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_listener->listen(address, port)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1 port %2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(m_listener->errorString());
        return false;
    }
    m_listener->pauseAccepting(); // for good: the Acceptor accepts
    m_acceptor = new Net::Acceptor(static_cast<int>(m_listener->socketDescriptor()),
                                   QStringLiteral("metrics port %1").arg(m_listener->serverPort()), this);
    connect(m_acceptor, &Net::Acceptor::accepted, this, &Endpoint::onIncoming);
    return true;
}

quint16 Endpoint::serverPort() const
{
    return m_listener->serverPort();
}

QHostAddress Endpoint::serverAddress() const
{
    return m_listener->serverAddress();
}

void Endpoint::refuse(Net::RefusalReason reason, const QString &peer, const QString &why)
{
    m_refusals.refused(reason, peer.section(QLatin1Char(':'), 0, -2),
                       QStringLiteral("request from %1").arg(peer), why);
    m_flushTimer->start();
}

void Endpoint::onIncoming(int descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcProtocol).noquote()
            << QStringLiteral("metrics endpoint: cannot take an incoming connection: %1")
                   .arg(socket->errorString());
        ::close(descriptor);
        delete socket;
        return;
    }
    if (m_connections >= m_options.maxConnections) {
        const QString peer
            = socket->peerAddress().toString() + QLatin1Char(':') + QString::number(socket->peerPort());
        const QString why = QStringLiteral("%1 connections are open (the limit)").arg(m_connections);
        m_refusals.refused(Net::RefusalReason::ConnectionLimit, socket->peerAddress().toString(),
                           QStringLiteral("connection from %1").arg(peer), why);
        m_flushTimer->start();
        // A short answer that fits the socket buffer, then close.
        socket->write(errorResponse(503, why));
        socket->flush();
        socket->abort();
        socket->deleteLater();
        return;
    }
    ++m_connections;
    new Connection(this, socket);
}

} // namespace Metrics
