#include "shared/protocol/link.h"

#include <QCborValue>
#include <QCoreApplication>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using Protocol::Link;
using Protocol::Message;
using Protocol::MessageType;

namespace {

Link::Options options(const QString &program)
{
    Link::Options o;
    o.program = program;
    o.nodeName = program + QStringLiteral("-node");
    o.helloTimeoutMs = 2000;
    return o;
}

QByteArray rawHello(int version)
{
    Message hello;
    hello.type = MessageType::Hello;
    hello.body.insert(QStringLiteral("version"), version);
    hello.body.insert(QStringLiteral("program"), QStringLiteral("raw"));
    return Protocol::encodeFrame(hello.encode());
}

QByteArray rawRequest(quint32 id)
{
    Message request;
    request.type = MessageType::AgentLoad;
    request.id = id;
    request.body.insert(QStringLiteral("n"), static_cast<qint64>(id));
    return Protocol::encodeFrame(request.encode());
}

QByteArray lengthHeader(quint32 length)
{
    QByteArray h(4, Qt::Uninitialized);
    for (int i = 0; i < 4; ++i)
        h[i] = static_cast<char>((length >> (8 * (3 - i))) & 0xff);
    return h;
}

} // namespace

class TestLink final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void requestAndReply();
    void messageLeavesWithItsTurn();
    void pingIsAnsweredByTheLink();
    void timeoutAnswersOnce();
    void closeAnswersPendingOnBothSides();
    void destroyedContextIsNotCalled();
    void requestOnClosedLinkIsAnsweredLater();
    void garbageClosesOnlyThatLink_data();
    void garbageClosesOnlyThatLink();
    void bufferCap();
    void replyOverTheFrameLimitSaysWhy();
    void messagesSentTogetherTakeOneTurnEach();
    void everythingBeforeTheDisconnectIsRead_data();
    void everythingBeforeTheDisconnectIsRead();
    void silentPeerGetsNoLink();
    void peerThatDoesNotReadIsClosed();
    void idlePeerIsClosedUnlessItWaitsForUs();

private:
    // A connected server-side socket for a fresh client socket.
    QLocalSocket *accept(QLocalSocket *client);
    // Connects two Links (server side and client side) and waits until both are ready.
    void linkPair(QPointer<Link> *serverLink, QPointer<Link> *clientLink,
                  Link::Options serverOptions = options(QStringLiteral("server")));

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QLocalServer> m_server;
};

void TestLink::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<QLocalServer>();
    QVERIFY2(m_server->listen(m_dir->filePath(QStringLiteral("s"))), qPrintable(m_server->errorString()));
}

void TestLink::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

QLocalSocket *TestLink::accept(QLocalSocket *client)
{
    client->connectToServer(m_server->fullServerName());
    if (!client->waitForConnected(2000))
        return nullptr;
    if (!m_server->hasPendingConnections() && !m_server->waitForNewConnection(2000))
        return nullptr;
    return m_server->nextPendingConnection();
}

void TestLink::linkPair(QPointer<Link> *serverLink, QPointer<Link> *clientLink, Link::Options serverOptions)
{
    auto *client = new QLocalSocket;
    QLocalSocket *serverSide = accept(client);
    QVERIFY(serverSide);
    *serverLink = new Link(serverSide, serverOptions, this);
    *clientLink = new Link(client, options(QStringLiteral("client")), this);
    QSignalSpy serverReady(serverLink->data(), &Link::ready);
    QSignalSpy clientReady(clientLink->data(), &Link::ready);
    (*serverLink)->start();
    (*clientLink)->start();
    QTRY_COMPARE(serverReady.count(), 1);
    QTRY_COMPARE(clientReady.count(), 1);
}

void TestLink::requestAndReply()
{
    QPointer<Link> server, client;
    linkPair(&server, &client);
    QCOMPARE(server->peerProgram(), QStringLiteral("client"));
    QCOMPARE(server->peerNodeName(), QStringLiteral("client-node"));
    QCOMPARE(client->peerProgram(), QStringLiteral("server"));
    QCOMPARE(client->peerVersion(), Protocol::ProtocolVersion);

    connect(server.data(), &Link::requestReceived, this, [&](const Message &request) {
        QCOMPARE(request.type, MessageType::AgentLoad);
        const qint64 n = request.body.value(QStringLiteral("n")).toInteger();
        if (n < 0)
            server->replyError(request, QStringLiteral("negative: %1").arg(n));
        else
            server->reply(request, QCborMap { { QStringLiteral("n"), n * 2 } });
    });

    QList<Message> replies;
    for (int n : { 21, -1, 5 }) {
        client->request(MessageType::AgentLoad, QCborMap { { QStringLiteral("n"), n } }, 2000, this,
                        [&](const Message &reply) { replies.append(reply); });
    }
    QTRY_COMPARE(replies.size(), 3);
    QCOMPARE(replies[0].body.value(QStringLiteral("n")).toInteger(), 42);
    QVERIFY(!replies[0].isError());
    QVERIFY(replies[1].isError());
    QCOMPARE(replies[1].error, QStringLiteral("negative: -1"));
    QCOMPARE(replies[2].body.value(QStringLiteral("n")).toInteger(), 10);
    QCOMPARE(client->pendingRequests(), 0);
    QVERIFY(!client->isClosed());
    QVERIFY(!server->isClosed());
}

// What a link writes to a local socket leaves when its loop's turn is over, right before the loop
// waits, not a turn later once poll() has said that the socket is writable: one pass of the loop
// after the send delivers the request to the peer's link (in this process, the same loop).
void TestLink::messageLeavesWithItsTurn()
{
    QPointer<Link> server, client;
    linkPair(&server, &client);
    QSignalSpy requests(server.data(), &Link::requestReceived);
    QCoreApplication::sendPostedEvents(); // nothing left over that keeps the pass from waiting
    client->request(MessageType::AgentLoad, QCborMap { { QStringLiteral("n"), 1 } }, 2000, this,
                    [](const Message &) {});
    QTimer guard; // a pass that finds nothing to do ends by then
    guard.setSingleShot(true);
    guard.start(2000);
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    QCOMPARE(requests.count(), 1);
}

void TestLink::pingIsAnsweredByTheLink()
{
    QPointer<Link> server, client;
    linkPair(&server, &client);
    QSignalSpy requests(server.data(), &Link::requestReceived);
    std::optional<Message> pong;
    client->request(MessageType::Ping, {}, 2000, this, [&](const Message &reply) { pong = reply; });
    QTRY_VERIFY(pong.has_value());
    QVERIFY(!pong->isError());
    QCOMPARE(pong->type, MessageType::Ping);
    QCOMPARE(requests.count(), 0);
}

void TestLink::timeoutAnswersOnce()
{
    QPointer<Link> server, client;
    linkPair(&server, &client);
    QSignalSpy requests(server.data(), &Link::requestReceived); // never answered
    int calls = 0;
    Message got;
    client->request(MessageType::AgentListSessions, {}, 100, this, [&](const Message &reply) {
        ++calls;
        got = reply;
    });
    QTRY_COMPARE(calls, 1);
    QCOMPARE(requests.count(), 1);
    QVERIFY(got.reply);
    QCOMPARE(got.type, MessageType::AgentListSessions);
    QCOMPARE(got.error, QStringLiteral("timed out after 100 ms"));
    // A late reply and the link closing must not call it again.
    server->reply(requests.first().first().value<Message>());
    QTest::qWait(100);
    client->close(QStringLiteral("test over"));
    QTest::qWait(50);
    QCOMPARE(calls, 1);
}

void TestLink::closeAnswersPendingOnBothSides()
{
    QPointer<Link> server, client;
    linkPair(&server, &client);
    QSignalSpy serverClosed(server.data(), &Link::closed);
    QSignalSpy clientClosed(client.data(), &Link::closed);
    connect(server.data(), &Link::requestReceived, this,
            [&](const Message &) { server->close(QStringLiteral("shutting down for maintenance")); });
    std::optional<Message> got;
    client->request(MessageType::AgentLoad, {}, 5000, this, [&](const Message &reply) { got = reply; });
    QTRY_VERIFY(got.has_value());
    QVERIFY(got->error.startsWith(QStringLiteral("link closed: ")));
    QVERIFY2(got->error.contains(QStringLiteral("shutting down for maintenance")), qPrintable(got->error));
    QCOMPARE(serverClosed.count(), 1);
    QTRY_COMPARE(clientClosed.count(), 1);
    QVERIFY(
        clientClosed.first().first().toString().contains(QStringLiteral("shutting down for maintenance")));
    // Closed links delete themselves.
    QTRY_VERIFY(server.isNull());
    QTRY_VERIFY(client.isNull());
}

void TestLink::destroyedContextIsNotCalled()
{
    QPointer<Link> server, client;
    linkPair(&server, &client);
    connect(server.data(), &Link::requestReceived, this, [&](const Message &request) {
        QTimer::singleShot(100, server, [&, request] { server->reply(request); });
    });
    bool calledDead = false;
    bool calledAlive = false;
    auto *context = new QObject;
    client->request(MessageType::AgentLoad, {}, 2000, context, [&](const Message &) { calledDead = true; });
    client->request(MessageType::AgentLoad, {}, 2000, this, [&](const Message &) { calledAlive = true; });
    delete context;
    QTRY_VERIFY(calledAlive);
    QTest::qWait(50);
    QVERIFY(!calledDead);
    // Also when the link closes with the request pending.
    auto *context2 = new QObject;
    client->request(MessageType::AgentLoad, {}, 2000, context2, [&](const Message &) { calledDead = true; });
    client->close(QStringLiteral("bye"));
    delete context2;
    QTest::qWait(50);
    QVERIFY(!calledDead);
}

void TestLink::requestOnClosedLinkIsAnsweredLater()
{
    {
        auto *link = new Link(new QLocalSocket, options(QStringLiteral("x")), this);
        std::optional<Message> got;
        link->request(MessageType::AgentLoad, {}, 1000, this, [&](const Message &reply) { got = reply; });
        QVERIFY(!got.has_value());
        QTRY_VERIFY(got.has_value());
        QCOMPARE(got->error, QStringLiteral("link not started"));
        delete link;
    }
    QPointer<Link> server, client;
    linkPair(&server, &client);
    client->close(QStringLiteral("gone fishing"));
    QVERIFY(client->isClosed());
    bool inside = true;
    std::optional<Message> got;
    client->request(MessageType::AgentLoad, {}, 1000, this, [&](const Message &reply) {
        QVERIFY(!inside);
        got = reply;
    });
    inside = false;
    QVERIFY(!got.has_value());
    QTRY_VERIFY(got.has_value());
    QCOMPARE(got->error, QStringLiteral("link closed: gone fishing"));
}

void TestLink::garbageClosesOnlyThatLink_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");

    QTest::newRow("zero-length frame")
        << rawHello(Protocol::ProtocolVersion) + lengthHeader(0) << QStringLiteral("zero length");
    QTest::newRow("oversized frame") << rawHello(Protocol::ProtocolVersion)
            + lengthHeader(Protocol::MaxFrameSize + 1)
                                     << QStringLiteral("exceeds the limit");
    QTest::newRow("not CBOR") << rawHello(Protocol::ProtocolVersion) + Protocol::encodeFrame("\xff\xff\xff")
                              << QStringLiteral("bad message");
    QTest::newRow("text instead of frames")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << QStringLiteral("exceeds the limit");
    Message request;
    request.type = MessageType::AgentLoad;
    request.id = 1;
    QTest::newRow("request before Hello")
        << Protocol::encodeFrame(request.encode()) << QStringLiteral("expected Hello first");
    QTest::newRow("wrong version") << rawHello(Protocol::ProtocolVersion + 1)
                                   << QStringLiteral("version mismatch");
    QTest::newRow("second Hello") << rawHello(Protocol::ProtocolVersion) + rawHello(Protocol::ProtocolVersion)
                                  << QStringLiteral("second Hello");
}

void TestLink::garbageClosesOnlyThatLink()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);

    QPointer<Link> goodServer, goodClient;
    linkPair(&goodServer, &goodClient);
    connect(goodServer.data(), &Link::requestReceived, this, [&](const Message &request) {
        goodServer->reply(request, QCborMap { { QStringLiteral("ok"), true } });
    });

    QLocalSocket raw;
    QLocalSocket *serverSide = accept(&raw);
    QVERIFY(serverSide);
    QPointer<Link> badServer = new Link(serverSide, options(QStringLiteral("server")), this);
    QSignalSpy closed(badServer.data(), &Link::closed);
    badServer->start();
    raw.write(bytes);
    raw.flush();
    QTRY_COMPARE(closed.count(), 1);
    const QString why = closed.first().first().toString();
    QVERIFY2(why.contains(reason), qPrintable(why));
    // The peer is told why before the connection goes away.
    QTRY_VERIFY(raw.state() == QLocalSocket::UnconnectedState || raw.bytesAvailable() > 0);

    std::optional<Message> got;
    goodClient->request(MessageType::AgentLoad, {}, 2000, this, [&](const Message &reply) { got = reply; });
    QTRY_VERIFY(got.has_value());
    QVERIFY2(!got->isError(), qPrintable(got->error));
    QVERIFY(got->body.value(QStringLiteral("ok")).toBool());
    QVERIFY(!goodServer->isClosed());
}

void TestLink::bufferCap()
{
    Link::Options small = options(QStringLiteral("server"));
    small.maxBufferedBytes = 256;
    QPointer<Link> server, client;
    linkPair(&server, &client, small);
    QSignalSpy closed(server.data(), &Link::closed);
    // A legitimate frame that fits the frame limit but not the buffer cap.
    client->request(MessageType::AgentLoad, QCborMap { { QStringLiteral("blob"), QByteArray(4096, 'x') } },
                    2000, this, [](const Message &) {});
    QTRY_COMPARE(closed.count(), 1);
    QVERIFY2(closed.first().first().toString().contains(QStringLiteral("unparsed bytes")),
             qPrintable(closed.first().first().toString()));
}

// A reply larger than the link's frame limit is not sent; the requester is told why (tlctl once
// got only "reply could not be sent" for a session list over 64 KiB) and the link stays up.
void TestLink::replyOverTheFrameLimitSaysWhy()
{
    Link::Options small = options(QStringLiteral("server"));
    small.maxFrameSize = 1024;
    QPointer<Link> server, client;
    linkPair(&server, &client, small);
    connect(server.data(), &Link::requestReceived, this, [&](const Message &request) {
        server->reply(request, QCborMap { { QStringLiteral("blob"), QByteArray(4096, 'x') } });
    });
    std::optional<Message> answer;
    client->request(MessageType::AgentLoad, {}, 2000, this, [&](const Message &reply) { answer = reply; });
    QTRY_VERIFY(answer.has_value());
    QVERIFY(answer->isError());
    QVERIFY2(answer->error.startsWith(QStringLiteral("reply could not be sent: "))
                 && answer->error.contains(QStringLiteral("exceeds the frame limit of 1024 bytes")),
             qPrintable(answer->error));
    QVERIFY(!server->isClosed());
}

// A peer that sends many messages at once (a resync's snapshot chunks, a flood) does not hold the
// event loop for all of them: each is handled in an event-loop turn of its own, in order, so what
// the first one's handler queued has run before the second is handled.
void TestLink::messagesSentTogetherTakeOneTurnEach()
{
    QLocalSocket raw;
    QLocalSocket *serverSide = accept(&raw);
    QVERIFY(serverSide);
    QPointer<Link> server = new Link(serverSide, options(QStringLiteral("server")), this);
    QList<qint64> handled;
    QList<bool> turnedBefore; // per request: had the previous handler's queued call run?
    bool turned = true;
    connect(server.data(), &Link::requestReceived, this, [&](const Message &request) {
        handled.append(request.body.value(QStringLiteral("n")).toInteger());
        turnedBefore.append(turned);
        turned = false;
        QMetaObject::invokeMethod(
            this, [&turned]() { turned = true; }, Qt::QueuedConnection);
    });
    server->start();
    raw.write(rawHello(Protocol::ProtocolVersion) + rawRequest(1) + rawRequest(2) + rawRequest(3));
    raw.flush();
    QTRY_COMPARE(handled.size(), 3);
    QCOMPARE(handled, (QList<qint64> { 1, 2, 3 }));
    QCOMPARE(turnedBefore, (QList<bool> { true, true, true }));
    QVERIFY(!server->isClosed());
}

// What a peer sent right before it went away is still read, every message of it: the requests,
// then its Error with the reason, which closes the link. Whether this side's loop polls (QTRY_*,
// which never emits aboutToBlock) or waits as a daemon's does; in both, this side's Hello is still
// waiting to go out and finds the peer gone, and what the peer said is read all the same.
void TestLink::everythingBeforeTheDisconnectIsRead_data()
{
    QTest::addColumn<bool>("loopWaits");
    QTest::newRow("loop that polls") << false;
    QTest::newRow("loop that waits") << true;
}

void TestLink::everythingBeforeTheDisconnectIsRead()
{
    QFETCH(bool, loopWaits);
    QLocalSocket raw;
    QLocalSocket *serverSide = accept(&raw);
    QVERIFY(serverSide);
    QPointer<Link> server = new Link(serverSide, options(QStringLiteral("server")), this);
    QList<qint64> handled;
    connect(server.data(), &Link::requestReceived, this, [&](const Message &request) {
        handled.append(request.body.value(QStringLiteral("n")).toInteger());
    });
    QSignalSpy closed(server.data(), &Link::closed);
    server->start();
    Message goodbye;
    goodbye.type = MessageType::Error;
    goodbye.error = QStringLiteral("going away for maintenance");
    raw.write(rawHello(Protocol::ProtocolVersion) + rawRequest(1) + rawRequest(2) + rawRequest(3)
              + Protocol::encodeFrame(goodbye.encode()));
    raw.flush();
    raw.disconnectFromServer();
    if (loopWaits)
        QVERIFY(closed.wait(5000));
    else
        QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(handled, (QList<qint64> { 1, 2, 3 }));
    const QString why = closed.first().first().toString();
    QVERIFY2(why.contains(QStringLiteral("going away for maintenance")), qPrintable(why));
}

void TestLink::silentPeerGetsNoLink()
{
    QLocalSocket raw;
    QLocalSocket *serverSide = accept(&raw);
    QVERIFY(serverSide);
    Link::Options o = options(QStringLiteral("server"));
    o.helloTimeoutMs = 200;
    QPointer<Link> link = new Link(serverSide, o, this);
    QSignalSpy ready(link.data(), &Link::ready);
    QSignalSpy closed(link.data(), &Link::closed);
    link->start();
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(closed.first().first().toString(), QStringLiteral("no Hello from the peer within 200 ms"));
    QCOMPARE(ready.count(), 0);
    // Our Hello and then the Error with the reason reached the peer.
    QTRY_VERIFY(raw.bytesAvailable() > 0);
    const Protocol::ParseResult first = Protocol::parseFrame(raw.peek(1 << 16));
    QCOMPARE(first.status, Protocol::ParseStatus::Ok);
    QString why;
    const std::optional<Message> hello = Message::decode(first.payload, &why);
    QVERIFY2(hello, qPrintable(why));
    QCOMPARE(hello->type, MessageType::Hello);
    QCOMPARE(hello->body.value(QStringLiteral("version")).toInteger(), Protocol::ProtocolVersion);
    QCOMPARE(hello->body.value(QStringLiteral("program")).toString(), QStringLiteral("server"));
}

void TestLink::peerThatDoesNotReadIsClosed()
{
    QLocalSocket raw; // says Hello, sends requests, never reads the replies
    QLocalSocket *serverSide = accept(&raw);
    QVERIFY(serverSide);
    Link::Options o = options(QStringLiteral("server"));
    o.maxUnsentBytes = 2 * 1024 * 1024;
    QPointer<Link> link = new Link(serverSide, o, this);
    QSignalSpy closed(link.data(), &Link::closed);
    connect(link.data(), &Link::requestReceived, this, [&](const Message &request) {
        link->reply(request, QCborMap { { QStringLiteral("blob"), QByteArray(256 * 1024, 'b') } });
    });
    link->start();
    raw.write(rawHello(Protocol::ProtocolVersion));
    for (quint32 id = 1; id <= 64; ++id) {
        Message request;
        request.type = MessageType::AgentLoad;
        request.id = id;
        raw.write(Protocol::encodeFrame(request.encode()));
    }
    raw.flush();
    QTRY_COMPARE(closed.count(), 1);
    QVERIFY2(closed.first().first().toString().contains(QStringLiteral("not reading")),
             qPrintable(closed.first().first().toString()));
}

void TestLink::idlePeerIsClosedUnlessItWaitsForUs()
{
    Link::Options serverOptions = options(QStringLiteral("server"));
    serverOptions.idleTimeoutMs = 300;
    QPointer<Link> server, client;
    linkPair(&server, &client, serverOptions);

    // A request we take long to answer keeps the link open past the idle timeout.
    std::optional<Message> held;
    connect(server.data(), &Link::requestReceived, this, [&](const Message &request) { held = request; });
    std::optional<Message> reply;
    client->request(MessageType::AgentLoad, {}, 5000, this, [&](const Message &m) { reply = m; });
    QTRY_VERIFY(held.has_value());
    QTest::qWait(800);
    QVERIFY(!server->isClosed());
    server->reply(*held, QCborMap { { QStringLiteral("late"), true } });
    QTRY_VERIFY(reply.has_value());
    QVERIFY2(!reply->isError(), qPrintable(reply->error));

    // Then silence closes it, and the peer learns why.
    QSignalSpy closed(client.data(), &Link::closed);
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 3000);
    QVERIFY2(closed.first().first().toString().contains(QStringLiteral("idle for 0.3 s")),
             qPrintable(closed.first().first().toString()));
}

QTEST_GUILESS_MAIN(TestLink)
#include "tst_link.moc"
