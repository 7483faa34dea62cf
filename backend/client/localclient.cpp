#include "backend/client/localclient.h"

#include "shared/protocol/link.h"

#include <QEventLoop>
#include <QLocalSocket>
#include <QPointer>
#include <QTimer>

namespace Client {

LocalClient::Result LocalClient::request(const QString &socketPath, const QString &program,
                                         Protocol::MessageType type, const QCborMap &body, int timeoutMs)
{
    Result result;
    auto *socket = new QLocalSocket;
    socket->connectToServer(socketPath);
    if (!socket->waitForConnected(std::min(timeoutMs, 5000))) {
        result.error = QStringLiteral("cannot reach vsmserver at %1: %2; is it running?")
                           .arg(socketPath, socket->errorString());
        delete socket;
        return result;
    }
    Protocol::Link::Options options;
    options.program = program;
    options.peerDescription = QStringLiteral("vsmserver at %1").arg(socketPath);
    options.autoDelete = false;
    Protocol::Link link(socket, options);
    QEventLoop loop;
    bool answered = false;
    QObject::connect(&link, &Protocol::Link::closed, &loop, [&](const QString &reason) {
        if (!answered) {
            result.error = QStringLiteral("vsmserver closed the connection: %1").arg(reason);
            loop.quit();
        }
    });
    link.start();
    link.request(type, body, timeoutMs, &loop, [&](const Protocol::Message &reply) {
        answered = true;
        if (reply.isError()) {
            const bool linkProblem = link.isClosed() || reply.error.startsWith(QLatin1String("timed out"));
            result.status = linkProblem ? Status::Unreachable : Status::Refused;
            result.error
                = linkProblem ? QStringLiteral("no answer from vsmserver: %1").arg(reply.error) : reply.error;
        } else {
            result.status = Status::Ok;
            result.body = reply.body.map();
        }
        loop.quit();
    });
    loop.exec();
    link.close(QStringLiteral("done"));
    return result;
}

} // namespace Client
