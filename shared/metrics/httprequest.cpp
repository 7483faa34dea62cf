#include "shared/metrics/httprequest.h"

#include <QByteArrayList>

namespace Metrics {

namespace {

HttpParse error(int status, const QString &why)
{
    HttpParse p;
    p.status = HttpParse::Status::Error;
    p.httpStatus = status;
    p.error = why;
    return p;
}

bool isToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

bool isVisible(const QByteArray &text)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f)
            return false;
    }
    return !text.isEmpty();
}

} // namespace

QByteArray HttpRequest::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

HttpParse parseHttpRequest(const QByteArray &buffer, qsizetype maxHeadBytes)
{
    qsizetype start = 0;
    // Empty lines before the request line are skipped.
    while (start < buffer.size() && (buffer.at(start) == '\r' || buffer.at(start) == '\n'))
        ++start;
    // The head ends at the first empty line.
    qsizetype end = -1;
    qsizetype pos = start;
    while (true) {
        const qsizetype nl = buffer.indexOf('\n', pos);
        if (nl < 0)
            break;
        const qsizetype next = nl + 1;
        if (next < buffer.size() && buffer.at(next) == '\n') {
            end = next + 1;
            break;
        }
        if (next + 1 < buffer.size() && buffer.at(next) == '\r' && buffer.at(next + 1) == '\n') {
            end = next + 2;
            break;
        }
        pos = next;
    }
    if (end < 0) {
        if (buffer.size() > maxHeadBytes)
            return error(431, QStringLiteral("the request head is longer than %1 bytes").arg(maxHeadBytes));
        return {};
    }
    if (end > maxHeadBytes)
        return error(431, QStringLiteral("the request head is longer than %1 bytes").arg(maxHeadBytes));

    QList<QByteArray> lines = buffer.mid(start, end - start).split('\n');
    for (QByteArray &l : lines) {
        if (l.endsWith('\r'))
            l.chop(1);
    }
    const QList<QByteArray> requestLine = lines.first().split(' ');
    if (requestLine.size() != 3 || !isToken(requestLine.at(0)) || !isVisible(requestLine.at(1)))
        return error(400, QStringLiteral("the request line is not 'METHOD TARGET HTTP/1.1'"));
    HttpParse p;
    p.request.method = requestLine.at(0);
    p.request.target = requestLine.at(1);
    p.request.version = requestLine.at(2);
    if (p.request.version == "HTTP/1.0")
        p.request.keepAlive = false;
    else if (p.request.version != "HTTP/1.1")
        return error(505, QStringLiteral("only HTTP/1.0 and HTTP/1.1 are served"));

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &l = lines.at(i);
        if (l.isEmpty())
            continue;
        const qsizetype colon = l.indexOf(':');
        if (colon <= 0 || !isToken(l.left(colon)))
            return error(400, QStringLiteral("header line %1 is not 'Name: value'").arg(i + 1));
        const QByteArray name = l.left(colon).toLower();
        const QByteArray value = l.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qulonglong n = value.toULongLong(&ok);
            if (!ok)
                return error(400, QStringLiteral("Content-Length is not a number"));
            if (n != 0)
                return error(413, QStringLiteral("a request body is not accepted"));
        } else if (name == "transfer-encoding") {
            return error(413, QStringLiteral("a request body is not accepted"));
        } else if (name == "connection") {
            for (const QByteArray &option : value.toLower().split(',')) {
                if (option.trimmed() == "close")
                    p.request.keepAlive = false;
                else if (option.trimmed() == "keep-alive")
                    p.request.keepAlive = true;
            }
        }
    }
    p.status = HttpParse::Status::Ok;
    p.consumed = end;
    return p;
}

} // namespace Metrics
