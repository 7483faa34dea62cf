#pragma once

#include "shared/store/sessionrecord.h"

#include <QByteArray>
#include <QCborMap>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The client link: tl-session-helper (run by sshd as the user) -> vsmserver over the Unix
// socket (MessageType::Client*). The user is the socket's peer credentials, never a field.
//
//   ClientListSessions      ClientRequest {}                    -> ClientSessionList
//   ClientGetSession        ClientRequest {geometry?, command?} -> ClientSessionReply
//       reconnects to the user's newest session whose agent says it is alive, else creates one
//   ClientNewSession        ClientRequest {geometry?, command?} -> ClientSessionReply (another one)
//   ClientReplaceSession    ClientRequest {geometry?, command?} -> ClientSessionReply + terminated
//       terminates all of the user's sessions, then creates one: works at max_sessions_per_user
//   ClientTerminateSession  ClientRequest {id}                  -> Terminated
namespace Protocol {

class CborWriter;

struct ClientRequest {
    QString geometry; // "WxH"; empty: the agent's default
    QString command; // empty: the user's default session
    QString id; // ClientTerminateSession: the session
    QString clientAddress; // where the user's client connects from, as sshd saw it: shown, never trusted

    QCborMap toCbor() const;
    static std::optional<ClientRequest> fromCbor(const Body &body, QString *error);
};

// One of the user's sessions, as the user may see it.
struct ClientSession {
    QString id;
    QString agentHostname; // the agent as clients reach it
    int display = 0;
    int vncPort = 0;
    QString geometry;
    QString command;
    Store::SessionState state = Store::SessionState::Running;
    qint64 created = 0; // seconds since the epoch
    qint64 lastConnection = 0;
    std::optional<bool> isNew; // get/new/replace: whether the session was just started
    QByteArray password; // the VNC password (get/new/replace only)

    static ClientSession fromRecord(const Store::SessionRecord &record);
    QCborMap toCbor() const;
    // toCbor()'s map written straight as bytes: the same keys in the same order, the same bytes
    // as toCbor() encoded (tst_typedmessages compares them).
    void writeTo(CborWriter &writer) const;
    static std::optional<ClientSession> fromCbor(const Body &body, QString *error);
};

struct ClientSessionReply {
    ClientSession session;
    QStringList terminated; // ClientReplaceSession: the sessions it ended first

    QCborMap toCbor() const;
    // toCbor() encoded, without the map (Body::encoded()): the broker's answers to a session
    // request, on the server's loop after the commit.
    QByteArray encode() const;
    static std::optional<ClientSessionReply> fromCbor(const Body &body, QString *error);
};

struct ClientSessionList {
    QList<ClientSession> sessions; // newest first

    QCborMap toCbor() const;
    QByteArray encode() const; // as ClientSessionReply::encode()
    static std::optional<ClientSessionList> fromCbor(const Body &body, QString *error);
};

// What a terminate request ended, and what it could not (CtlSessionTerminate names those).
struct Terminated {
    QStringList terminated;
    QStringList errors;

    QCborMap toCbor() const;
    static std::optional<Terminated> fromCbor(const Body &body, QString *error);
};

// tl-session-helper prints the client link's answer as ONE JSON object for tlclient, which runs
// it over SSH: the reply's fields in QCborValue's JSON mapping with the VNC password in
// hexadecimal, and "ok": true; a refusal is {"ok": false, "error": "why"}.
QJsonObject toHelperJson(QCborMap reply);
QJsonObject helperRefusal(const QString &why);
// The reply body back from the helper's object (the password as bytes again). Nullopt, with
// *error, for a refusal (its reason) or an object that is not the helper's.
std::optional<QCborMap> fromHelperJson(const QJsonObject &object, QString *error);

} // namespace Protocol
