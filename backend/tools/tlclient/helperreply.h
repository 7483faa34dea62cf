#pragma once

#include "shared/protocol/clientmessages.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Tlclient {

// tl-session-helper's answer: one JSON object on stdout, the client link's reply
// (Protocol::fromHelperJson).
struct HelperReply {
    bool ok = false;
    QString error;
    Protocol::ClientSession session; // get / new / replace
    QList<Protocol::ClientSession> sessions; // list
    QStringList terminated; // terminate / replace
};

// Parses the helper's stdout. Pure. A reply that is not the helper's JSON (ssh's own error,
// a login banner, an old helper) gives ok=false with an error that quotes what came back;
// a reply the client link's messages do not accept names the field.
HelperReply parseHelperReply(const QByteArray &output, bool needSession);

} // namespace Tlclient
