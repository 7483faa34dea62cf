// vsmattack: what an unprivileged user on a trusted host can try against OpenVSM's daemons.
// The security tests run it as a throw-away user (setpriv) against real vsmagent and vsmserver
// processes and assert that every attempt fails. It speaks the real protocol through the
// project's own Link, from whatever source port the kernel gives an ordinary user.
//
//   vsmattack agent-call HOST PORT TYPE [KEY=VALUE...]   one call; prints "ok <json>" or "error <reason>"
//   vsmattack repl-forge HOST PORT USER                  a forged full snapshot holding one session of USER
//   vsmattack hold-local SOCKET COUNT SECONDS            COUNT idle connections to the Unix socket
//   vsmattack big-local SOCKET BYTES                     one request of about BYTES on the Unix socket;
//                                                        prints "ok" when answered, "error <reason>"
//
// --privileged (first argument) connects from a source port below 1024, as root does.
//
// Exit code: 0 when the daemon accepted the attempt (the attack worked), 1 when it was refused,
// 2 on a usage error.

#include "shared/net/tlsconnector.h"
#include "shared/protocol/link.h"
#include "shared/store/sessionrecord.h"

#include <QCborArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QTimer>

#include <cstdio>

using Protocol::Link;
using Protocol::Message;
using Protocol::MessageType;

namespace {

int usage()
{
    std::fprintf(stderr,
                 "usage: vsmattack agent-call HOST PORT TYPE [KEY=VALUE...]\n"
                 "       vsmattack repl-forge HOST PORT USER\n"
                 "       vsmattack hold-local SOCKET COUNT SECONDS\n"
                 "       vsmattack big-local SOCKET BYTES\n");
    return 2;
}

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

// Connects (certificate mode, ordinary source port) and runs then() on the ready link.
void connectThen(Net::TlsConnector *connector, const QString &host, quint16 port,
                 const std::function<void(Link *)> &then)
{
    connector->connectToHost(host, port, 10000, qApp, [then](Link *link, const QString &error) {
        if (!link) {
            print(QStringLiteral("error %1").arg(error));
            QCoreApplication::exit(1);
            return;
        }
        then(link);
    });
}

void agentCall(Net::TlsConnector *connector, const QStringList &args)
{
    QCborMap body;
    for (const QString &pair : args.mid(3)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        body.insert(pair.left(eq), pair.mid(eq + 1));
    }
    const auto type = static_cast<MessageType>(args.at(2).toInt());
    connectThen(connector, args.at(0), static_cast<quint16>(args.at(1).toInt()), [type, body](Link *link) {
        link->request(type, body, 30000, qApp, [](const Message &reply) {
            if (reply.isError()) {
                print(QStringLiteral("error %1").arg(reply.error));
                QCoreApplication::exit(1);
                return;
            }
            print(QStringLiteral("ok %1").arg(QString::fromUtf8(
                QJsonDocument(reply.body.map().toJsonObject()).toJson(QJsonDocument::Compact))));
            QCoreApplication::exit(0);
        });
    });
}

void replForge(Net::TlsConnector *connector, const QStringList &args)
{
    Store::SessionRecord forged;
    forged.id = QStringLiteral("forged-1");
    forged.user = args.at(2);
    forged.agent = QStringLiteral("127.0.0.1");
    forged.uid = 0;
    forged.display = 99;
    forged.vncPort = 5999;
    forged.created = QDateTime::currentSecsSinceEpoch();
    forged.version = { 1000000, QStringLiteral("forged"), QDateTime::currentMSecsSinceEpoch() };
    const QCborMap begin { { QStringLiteral("replication_id"), QStringLiteral("forged") },
                           { QStringLiteral("offset"), 1 },
                           { QStringLiteral("count"), 1 } };
    connectThen(connector, args.at(0), static_cast<quint16>(args.at(1).toInt()), [begin, forged](Link *link) {
        link->request(MessageType::ReplSnapshotBegin, begin, 10000, qApp, [link, forged](const Message &r) {
            if (r.isError()) {
                print(QStringLiteral("error %1").arg(r.error));
                QCoreApplication::exit(1);
                return;
            }
            const QCborMap chunk { { QStringLiteral("records"), QCborArray { forged.toCbor() } } };
            link->request(MessageType::ReplSnapshotChunk, chunk, 10000, qApp, [link](const Message &r) {
                if (r.isError()) {
                    print(QStringLiteral("error %1").arg(r.error));
                    QCoreApplication::exit(1);
                    return;
                }
                link->request(MessageType::ReplSnapshotEnd, QCborMap { { QStringLiteral("offset"), 1 } },
                              10000, qApp, [](const Message &r) {
                                  print(r.isError() ? QStringLiteral("error %1").arg(r.error)
                                                    : QStringLiteral("ok snapshot accepted"));
                                  QCoreApplication::exit(r.isError() ? 1 : 0);
                              });
            });
        });
    });
}

// Opens count connections that say Hello and then nothing; prints how many became ready.
void holdLocal(const QStringList &args)
{
    const QString path = args.at(0);
    const int count = args.at(1).toInt();
    const int seconds = args.at(2).toInt();
    auto *ready = new int(0);
    for (int i = 0; i < count; ++i) {
        auto *socket = new QLocalSocket(qApp);
        socket->connectToServer(path);
        if (!socket->waitForConnected(2000))
            continue;
        Link::Options options;
        options.program = QStringLiteral("vsmattack");
        auto *link = new Link(socket, options, qApp);
        link->setAutoDelete(false);
        QObject::connect(link, &Link::ready, qApp, [ready] { ++*ready; });
        link->start();
    }
    QTimer::singleShot(1000, qApp, [ready] { print(QStringLiteral("ready %1").arg(*ready)); });
    QTimer::singleShot(seconds * 1000, qApp, [] { QCoreApplication::exit(0); });
}

// One request (a session list, with a blob the server ignores) of about bytes: answered, or the
// link closed for it.
void bigLocal(const QStringList &args)
{
    auto *socket = new QLocalSocket(qApp);
    socket->connectToServer(args.at(0));
    if (!socket->waitForConnected(2000)) {
        print(QStringLiteral("error cannot connect: %1").arg(socket->errorString()));
        QCoreApplication::exit(1);
        return;
    }
    Link::Options options;
    options.program = QStringLiteral("vsmattack");
    auto *link = new Link(socket, options, qApp);
    QObject::connect(link, &Link::ready, qApp, [link, bytes = args.at(1).toInt()] {
        const QCborMap body { { QStringLiteral("blob"), QByteArray(bytes, 'x') } };
        link->request(MessageType::ClientListSessions, body, 10000, qApp, [](const Message &reply) {
            print(reply.isError() ? QStringLiteral("error %1").arg(reply.error) : QStringLiteral("ok"));
            QCoreApplication::exit(reply.isError() ? 1 : 0);
        });
    });
    link->start();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList all = app.arguments().mid(1);
    const bool privileged = !all.isEmpty() && all.first() == QLatin1String("--privileged");
    if (privileged)
        all.removeFirst();
    if (all.isEmpty())
        return usage();
    const QString command = all.first();
    const QStringList args = all.mid(1);
    Net::TlsConnector::Options options;
    options.link.program = QStringLiteral("vsmattack");
    options.link.nodeName = QStringLiteral("attacker");
    options.privilegedSourcePort = privileged;
    Net::TlsConnector connector(options);
    if (command == QLatin1String("agent-call") && args.size() >= 3)
        agentCall(&connector, args);
    else if (command == QLatin1String("repl-forge") && args.size() == 3)
        replForge(&connector, args);
    else if (command == QLatin1String("hold-local") && args.size() == 3)
        holdLocal(args);
    else if (command == QLatin1String("big-local") && args.size() == 2)
        bigLocal(args);
    else
        return usage();
    return app.exec();
}
