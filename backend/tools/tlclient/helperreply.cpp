#include "backend/tools/tlclient/helperreply.h"

#include "shared/protocol/keys.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Tlclient {
namespace {

// The reply's body as the client link's messages read it; false with reply->error otherwise.
bool readBody(const QCborMap &body, bool needSession, HelperReply *reply)
{
    QString error;
    if (needSession) {
        const auto r = Protocol::ClientSessionReply::fromCbor(body, &error);
        if (!r) {
            reply->error = QStringLiteral("the server's answer is incomplete: %1").arg(error);
            return false;
        }
        if (r->session.vncPort <= 0 || r->session.vncPort > 65535) {
            reply->error
                = QStringLiteral("the server's answer has no usable VNC port (%1)").arg(r->session.vncPort);
            return false;
        }
        if (r->session.password.isEmpty()) {
            reply->error = QStringLiteral("the server's answer has no usable VNC password");
            return false;
        }
        reply->session = r->session;
        reply->terminated = r->terminated;
    } else if (body.contains(Protocol::Keys::sessions)) {
        const auto list = Protocol::ClientSessionList::fromCbor(body, &error);
        if (!list) {
            reply->error = QStringLiteral("the server's answer is incomplete: %1").arg(error);
            return false;
        }
        reply->sessions = list->sessions;
    } else if (body.contains(Protocol::Keys::terminated)) {
        const auto t = Protocol::Terminated::fromCbor(body, &error);
        if (!t) {
            reply->error = QStringLiteral("the server's answer is incomplete: %1").arg(error);
            return false;
        }
        reply->terminated = t->terminated;
    }
    return true;
}

} // namespace

HelperReply parseHelperReply(const QByteArray &output, bool needSession)
{
    HelperReply reply;
    // The helper prints one JSON object on its last line; anything before it (a login banner
    // from the server's shell start-up) is skipped.
    const QList<QByteArray> lines = output.trimmed().split('\n');
    const QByteArray last = lines.isEmpty() ? QByteArray() : lines.last().trimmed();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(last, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        const QString shown = QString::fromUtf8(output.trimmed().left(300));
        reply.error = shown.isEmpty()
            ? QStringLiteral("the server gave no answer (is OpenVSM's tl-session-helper installed there?)")
            : QStringLiteral("the server's answer is not tl-session-helper's: %1").arg(shown);
        return reply;
    }
    const auto body = Protocol::fromHelperJson(doc.object(), &reply.error);
    if (!body || !readBody(*body, needSession, &reply))
        return reply;
    reply.ok = true;
    return reply;
}

} // namespace Tlclient
