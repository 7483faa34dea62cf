#include "backend/tools/tlclient/helperreply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tlclient {
namespace {

bool parseSession(const QJsonObject &o, bool needPassword, RemoteSession *s, QString *error)
{
    s->id = o.value(QStringLiteral("id")).toString();
    s->agentHostname = o.value(QStringLiteral("agent_hostname")).toString();
    s->display = o.value(QStringLiteral("display")).toInt();
    s->vncPort = o.value(QStringLiteral("vnc_port")).toInt();
    s->geometry = o.value(QStringLiteral("geometry")).toString();
    s->state = o.value(QStringLiteral("state")).toString();
    s->created = o.value(QStringLiteral("created")).toInteger();
    s->isNew = o.value(QStringLiteral("new")).toBool();
    if (s->id.isEmpty() || s->agentHostname.isEmpty() || s->vncPort <= 0 || s->vncPort > 65535) {
        *error = QStringLiteral("the server's answer lacks the session's id, agent or VNC port");
        return false;
    }
    if (needPassword) {
        const QString hex = o.value(QStringLiteral("password")).toString();
        s->password = QByteArray::fromHex(hex.toLatin1());
        if (hex.isEmpty() || s->password.size() * 2 != hex.size()) {
            *error = QStringLiteral("the server's answer has no usable VNC password");
            return false;
        }
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
    const QJsonObject o = doc.object();
    if (!o.value(QStringLiteral("ok")).toBool()) {
        reply.error = o.value(QStringLiteral("error")).toString();
        if (reply.error.isEmpty())
            reply.error = QStringLiteral("the server refused without a reason");
        return reply;
    }
    for (const QJsonValue &v : o.value(QStringLiteral("terminated")).toArray())
        reply.terminated << v.toString();
    if (o.contains(QStringLiteral("sessions"))) {
        for (const QJsonValue &v : o.value(QStringLiteral("sessions")).toArray()) {
            RemoteSession s;
            QString error;
            if (!parseSession(v.toObject(), false, &s, &error)) {
                reply.error = error;
                return reply;
            }
            reply.sessions << s;
        }
    }
    if (needSession
        && !parseSession(o.value(QStringLiteral("session")).toObject(), true, &reply.session, &reply.error))
        return reply;
    reply.ok = true;
    return reply;
}

} // namespace Tlclient
