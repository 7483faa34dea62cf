#pragma once

#include <QByteArray>
#include <QString>

namespace Metrics {

// One HTTP/1.x request head (request line and header fields) as the metrics endpoint needs it.
struct HttpRequest {
    QByteArray method; // "GET"
    QByteArray target; // "/metrics?x=1"
    QByteArray version; // "HTTP/1.1"
    bool keepAlive = true; // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with keep-alive

    QByteArray path() const; // the target without its query
};

// The result of parsing the start of a connection's buffer.
struct HttpParse {
    enum class Status { Incomplete, Ok, Error };
    Status status = Status::Incomplete;
    HttpRequest request; // Ok
    qsizetype consumed = 0; // Ok: bytes of the request head (there is never a body)
    int httpStatus = 0; // Error: the status to answer with (400, 413, 431, 505)
    QString error; // Error: what was wrong, for the answer and the log
};

// Parses one request head from buffer: a pure function over bytes (unit-tested, fuzzable); the
// socket only feeds it. A head longer than maxHeadBytes is an error (431) as soon as the buffer
// holds more than that without its end. A request with a body (Content-Length other than 0, or
// Transfer-Encoding) is refused (413): GET /metrics has none. Lines may end in CRLF or LF;
// empty lines before the request line are skipped (RFC 9112 2.2).
HttpParse parseHttpRequest(const QByteArray &buffer, qsizetype maxHeadBytes);

} // namespace Metrics
