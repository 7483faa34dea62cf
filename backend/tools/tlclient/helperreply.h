#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Tlclient {

// One session as tl-session-helper describes it.
struct RemoteSession {
    QString id;
    QString agentHostname; // where the client reaches the agent (SSH and the VNC tunnel)
    int display = 0;
    int vncPort = 0; // on the agent, bound to its localhost
    QString geometry;
    QString state;
    qint64 created = 0;
    bool isNew = false;
    QByteArray password; // the VNC password; only for get/new/replace
};

// tl-session-helper's answer: one JSON object on stdout.
struct HelperReply {
    bool ok = false;
    QString error;
    RemoteSession session; // get / new / replace
    QList<RemoteSession> sessions; // list
    QStringList terminated; // terminate / replace
};

// Parses the helper's stdout. Pure. A reply that is not the helper's JSON (ssh's own error,
// a login banner, an old helper) gives ok=false with an error that quotes what came back.
HelperReply parseHelperReply(const QByteArray &output, bool needSession);

} // namespace Tlclient
