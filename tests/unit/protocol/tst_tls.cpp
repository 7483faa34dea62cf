#include "shared/net/clusterkey.h"
#include "shared/net/tlsconnector.h"
#include "shared/net/tlsidentity.h"
#include "shared/net/tlsserver.h"

#include <QCryptographicHash>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QSslCipher>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <QtEndian>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

using Net::ClusterKey;
using Net::TlsConnector;
using Net::TlsServer;
using Net::TlsSettings;
using Protocol::Link;
using Protocol::Message;
using Protocol::MessageType;

namespace {

struct Outcome {
    bool done = false;
    QPointer<Link> link;
    QString error;
};

} // namespace

class TestTls final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void identityIsCreatedOnceAndKept();
    void identityRefusesReadableKey();
    void modes_data();
    void modes();
    void trustCheckRefusesBeforeTls();
    void silentPeerTimesOut();
    void pendingHandshakeCap();
    void plainTextOnTlsPortDisturbsNobody();
    void privilegedSourcePortProvesRoot();
    void privilegedPortHeldElsewhereIsSkipped();
    void requireProvenRefusesOrdinaryPorts();
    void perAddressCapKeepsReserveForRoot();
    void unprovenLinksGetSmallFramesAndIdleTimeout();
    void provenLinksGetFullFrames();

private:
    // 0: no key (certificate mode), 1/2: key A/B required, 3/4: key A/B not yet required (transition)
    TlsSettings settings(int keyNumber) const;
    std::unique_ptr<TlsServer> startServer(const TlsServer::Options &options);
    Outcome connectTo(quint16 port, const TlsSettings &tls, int timeoutMs = 5000, bool privileged = false);

    QTemporaryDir m_dir;
    std::optional<Net::TlsIdentity> m_identity;
    std::optional<ClusterKey> m_keyA;
    std::optional<ClusterKey> m_keyB;
};

void TestTls::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_identity = Net::TlsIdentity::loadOrCreate(m_dir.filePath(QStringLiteral("state")),
                                                QStringLiteral("test-node"), &error);
    QVERIFY2(m_identity, qPrintable(error));
    for (auto [name, key] : { std::pair { "a.key", &m_keyA }, std::pair { "b.key", &m_keyB } }) {
        const QString path = m_dir.filePath(QString::fromLatin1(name));
        QVERIFY2(ClusterKey::create(path, &error), qPrintable(error));
        *key = ClusterKey::load(path, &error);
        QVERIFY2(*key, qPrintable(error));
    }
    QVERIFY(m_keyA->secret() != m_keyB->secret());
}

TlsSettings TestTls::settings(int keyNumber) const
{
    TlsSettings s;
    s.identity = m_identity;
    if (keyNumber == 1 || keyNumber == 3)
        s.clusterKey = m_keyA;
    else if (keyNumber == 2 || keyNumber == 4)
        s.clusterKey = m_keyB;
    s.keyRequired = keyNumber < 3;
    return s;
}

std::unique_ptr<TlsServer> TestTls::startServer(const TlsServer::Options &options)
{
    auto server = std::make_unique<TlsServer>(options);
    QString error;
    if (!server->listen(QHostAddress::LocalHost, 0, &error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    connect(server.get(), &TlsServer::newLink, this, [](Link *link, const QHostAddress &) {
        QObject::connect(link, &Link::requestReceived, link, [link](const Message &request) {
            link->reply(request,
                        QCborMap { { QStringLiteral("echo"), request.body.value(QStringLiteral("x")) } });
        });
    });
    return server;
}

Outcome TestTls::connectTo(quint16 port, const TlsSettings &tls, int timeoutMs, bool privileged)
{
    TlsConnector::Options options;
    options.tls = tls;
    options.privilegedSourcePort = privileged;
    options.link.program = QStringLiteral("test-client");
    TlsConnector connector(options);
    Outcome outcome;
    connector.connectToHost(QStringLiteral("127.0.0.1"), port, timeoutMs, this,
                            [&outcome](Link *link, const QString &error) {
                                outcome.done = true;
                                outcome.link = link;
                                outcome.error = error;
                            });
    if (!QTest::qWaitFor([&] { return outcome.done; }, timeoutMs + 2000))
        outcome.error = QStringLiteral("test: no callback");
    return outcome;
}

void TestTls::identityIsCreatedOnceAndKept()
{
    const QString dir = m_dir.filePath(QStringLiteral("state"));
    struct stat st;
    QCOMPARE(::stat(QFile::encodeName(dir + QStringLiteral("/tls-key.pem")).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    QCOMPARE(::stat(QFile::encodeName(dir).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0077, 0u);

    const QSslCertificate certificate = m_identity->certificate();
    QVERIFY(!certificate.isNull());
    QVERIFY(certificate.isSelfSigned());
    QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName),
             QStringList { QStringLiteral("test-node") });
    QCOMPARE(m_identity->key().algorithm(), QSsl::Ec);
    QCOMPARE(m_identity->key().length(), 256);
    QCOMPARE(m_identity->fingerprint(),
             QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256));
    QCOMPARE(m_identity->fingerprintText().size(), 32 * 3 - 1);

    QString error;
    const auto again = Net::TlsIdentity::loadOrCreate(dir, QStringLiteral("other-name"), &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->fingerprint(), m_identity->fingerprint());
    QCOMPARE(again->key().toPem(), m_identity->key().toPem());

    // A second identity elsewhere is a different one.
    const auto other = Net::TlsIdentity::loadOrCreate(m_dir.filePath(QStringLiteral("other")),
                                                      QStringLiteral("x"), &error);
    QVERIFY2(other, qPrintable(error));
    QVERIFY(other->fingerprint() != m_identity->fingerprint());
}

void TestTls::identityRefusesReadableKey()
{
    const QString dir = m_dir.filePath(QStringLiteral("loose"));
    QString error;
    QVERIFY2(Net::TlsIdentity::loadOrCreate(dir, QStringLiteral("n"), &error), qPrintable(error));
    const QString key = dir + QStringLiteral("/tls-key.pem");
    QCOMPARE(::chmod(QFile::encodeName(key).constData(), 0644), 0);
    QVERIFY(!Net::TlsIdentity::loadOrCreate(dir, QStringLiteral("n"), &error));
    QVERIFY2(error.contains(QStringLiteral("chmod 600 ") + key), qPrintable(error));

    QVERIFY(QFile::remove(key));
    QVERIFY(!Net::TlsIdentity::loadOrCreate(dir, QStringLiteral("n"), &error));
    QVERIFY2(error.contains(QStringLiteral("does not")), qPrintable(error));
}

void TestTls::modes_data()
{
    QTest::addColumn<int>("serverKey");
    QTest::addColumn<int>("clientKey");
    QTest::addColumn<bool>("works");
    QTest::addColumn<bool>("psk"); // the link used the cluster key

    QTest::newRow("certificate mode") << 0 << 0 << true << false;
    QTest::newRow("PSK, same key") << 1 << 1 << true << true;
    QTest::newRow("PSK, wrong key") << 1 << 2 << false << false;
    QTest::newRow("PSK server, client without key") << 1 << 0 << false << false;
    QTest::newRow("server without key, PSK client") << 0 << 1 << false << false;
    // The transition (/vsm/cluster_key_required=0): the key where both hold it, else certificates;
    // never with another key.
    QTest::newRow("transition, same key") << 3 << 3 << true << true;
    QTest::newRow("transition server, client without key") << 3 << 0 << true << false;
    QTest::newRow("server without key, transition client") << 0 << 3 << true << false;
    QTest::newRow("transition server, PSK client") << 3 << 1 << true << true;
    QTest::newRow("PSK server, transition client") << 1 << 3 << true << true;
    QTest::newRow("transition, wrong key") << 3 << 4 << false << false;
    QTest::newRow("PSK server, transition client with wrong key") << 1 << 4 << false << false;
}

void TestTls::modes()
{
    QFETCH(int, serverKey);
    QFETCH(int, clientKey);
    QFETCH(bool, works);
    QFETCH(bool, psk);

    TlsServer::Options options;
    options.tls = settings(serverKey);
    options.link.program = QStringLiteral("test-server");
    options.handshakeTimeoutMs = 3000;
    const std::unique_ptr<TlsServer> server = startServer(options);
    QVERIFY(server);
    QSignalSpy newLinks(server.get(), &TlsServer::newLink);
    QSignalSpy refused(server.get(), &TlsServer::refused);

    TlsSettings clientTls = settings(clientKey);
    clientTls.identity.reset(); // clients need no certificate
    const Outcome outcome = connectTo(server->serverPort(), clientTls);
    QVERIFY(outcome.done);
    if (!works) {
        QVERIFY(!outcome.link);
        QVERIFY2(outcome.error.startsWith(
                     QStringLiteral("cannot connect to 127.0.0.1:%1: ").arg(server->serverPort())),
                 qPrintable(outcome.error));
        QTRY_COMPARE(refused.count(), 1);
        QCOMPARE(newLinks.count(), 0);
        QCOMPARE(refused.first().first().value<QHostAddress>(), QHostAddress(QHostAddress::LocalHost));
        if (serverKey != 0) {
            const QString why = refused.first().at(1).toString();
            QVERIFY2(why.contains(QStringLiteral("cluster key")), qPrintable(why));
        }
        QCOMPARE(server->pendingHandshakes(), 0);
        return;
    }
    QVERIFY2(outcome.link, qPrintable(outcome.error));
    QVERIFY(outcome.error.isEmpty());
    QTRY_COMPARE(newLinks.count(), 1);
    QCOMPARE(newLinks.first().at(1).value<QHostAddress>(), QHostAddress(QHostAddress::LocalHost));
    auto *serverLink = newLinks.first().first().value<Link *>();
    QCOMPARE(serverLink->peerProgram(), QStringLiteral("test-client"));
    QCOMPARE(serverLink->peerAddress(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(outcome.link->peerProgram(), QStringLiteral("test-server"));

    auto *socket = qobject_cast<QSslSocket *>(outcome.link->device());
    QVERIFY(socket);
    QVERIFY(socket->isEncrypted());
    const QString cipher = socket->sessionCipher().name();
    // Both ends without Nagle's algorithm: a small answer right after another would otherwise
    // wait for the peer's delayed ACK.
    auto *serverSocket = qobject_cast<QSslSocket *>(serverLink->device());
    QVERIFY(serverSocket);
    QCOMPARE(socket->socketOption(QAbstractSocket::LowDelayOption).toInt(), 1);
    QCOMPARE(serverSocket->socketOption(QAbstractSocket::LowDelayOption).toInt(), 1);
    QCOMPARE(serverLink->peerAuthenticated(), psk);
    QCOMPARE(outcome.link->peerAuthenticated(), psk);
    if (psk) {
        QVERIFY2(cipher.startsWith(QStringLiteral("ECDHE-PSK-")), qPrintable(cipher));
        QCOMPARE(socket->sessionProtocol(), QSsl::TlsV1_2);
    } else {
        QVERIFY2(!cipher.contains(QStringLiteral("PSK")), qPrintable(cipher));
        QCOMPARE(socket->peerCertificate(), m_identity->certificate());
    }

    std::optional<Message> reply;
    outcome.link->request(MessageType::AgentLoad, QCborMap { { QStringLiteral("x"), 17 } }, 3000, this,
                          [&](const Message &m) { reply = m; });
    QTRY_VERIFY(reply.has_value());
    QVERIFY2(!reply->isError(), qPrintable(reply->error));
    QCOMPARE(reply->body.value(QStringLiteral("echo")).toInteger(), 17);
    delete outcome.link.data();
}

void TestTls::trustCheckRefusesBeforeTls()
{
    TlsServer::Options options;
    options.tls = settings(0);
    int checks = 0;
    options.trustCheck = [&checks](const QHostAddress &peer, QString *why) {
        ++checks;
        *why = QStringLiteral("%1 is not in allowed_clients").arg(peer.toString());
        return false;
    };
    const std::unique_ptr<TlsServer> server = startServer(options);
    QVERIFY(server);
    QSignalSpy refused(server.get(), &TlsServer::refused);
    QSignalSpy newLinks(server.get(), &TlsServer::newLink);
    const Outcome outcome = connectTo(server->serverPort(), settings(0));
    QVERIFY(!outcome.link);
    QVERIFY(!outcome.error.isEmpty());
    QCOMPARE(checks, 1);
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused.first().at(1).toString(), QStringLiteral("127.0.0.1 is not in allowed_clients"));
    QCOMPARE(newLinks.count(), 0);

    // Allowing the address lets the same client in.
    server->setTrustCheck([](const QHostAddress &, QString *) { return true; });
    const Outcome second = connectTo(server->serverPort(), settings(0));
    QVERIFY2(second.link, qPrintable(second.error));
    delete second.link.data();
}

void TestTls::silentPeerTimesOut()
{
    TlsServer::Options options;
    options.tls = settings(1);
    options.handshakeTimeoutMs = 300;
    const std::unique_ptr<TlsServer> server = startServer(options);
    QVERIFY(server);
    QSignalSpy refused(server.get(), &TlsServer::refused);
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, server->serverPort());
    QVERIFY(silent.waitForConnected(2000));
    QTRY_COMPARE(server->pendingHandshakes(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, 3000);
    QVERIFY2(refused.first().at(1).toString().contains(QStringLiteral("not finished within 300 ms")),
             qPrintable(refused.first().at(1).toString()));
    QCOMPARE(server->pendingHandshakes(), 0);
    QTRY_COMPARE(silent.state(), QAbstractSocket::UnconnectedState);
}

void TestTls::pendingHandshakeCap()
{
    TlsServer::Options options;
    options.tls = settings(1);
    options.handshakeTimeoutMs = 5000;
    options.maxPendingHandshakes = 2;
    const std::unique_ptr<TlsServer> server = startServer(options);
    QVERIFY(server);
    QSignalSpy refused(server.get(), &TlsServer::refused);
    QTcpSocket silent[3];
    for (QTcpSocket &s : silent) {
        s.connectToHost(QHostAddress::LocalHost, server->serverPort());
        QVERIFY(s.waitForConnected(2000));
    }
    QTRY_COMPARE(refused.count(), 1);
    QVERIFY2(refused.first().at(1).toString().contains(QStringLiteral("limit")),
             qPrintable(refused.first().at(1).toString()));
    QCOMPARE(server->pendingHandshakes(), 2);
    QTRY_COMPARE(silent[2].state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(silent[0].state(), QAbstractSocket::ConnectedState);

    // Once they go away, a real client gets in again.
    silent[0].abort();
    silent[1].abort();
    QTRY_COMPARE(server->pendingHandshakes(), 0);
    const Outcome outcome = connectTo(server->serverPort(), settings(1));
    QVERIFY2(outcome.link, qPrintable(outcome.error));
    delete outcome.link.data();
}

void TestTls::plainTextOnTlsPortDisturbsNobody()
{
    TlsServer::Options options;
    options.tls = settings(1);
    const std::unique_ptr<TlsServer> server = startServer(options);
    QVERIFY(server);
    const Outcome good = connectTo(server->serverPort(), settings(1));
    QVERIFY2(good.link, qPrintable(good.error));

    QSignalSpy refused(server.get(), &TlsServer::refused);
    QTcpSocket garbage;
    garbage.connectToHost(QHostAddress::LocalHost, server->serverPort());
    QVERIFY(garbage.waitForConnected(2000));
    garbage.write("GET / HTTP/1.0\r\n\r\n" + QByteArray(5000, 'x'));
    QTRY_COMPARE(refused.count(), 1);
    QTRY_COMPARE(garbage.state(), QAbstractSocket::UnconnectedState);

    std::optional<Message> reply;
    good.link->request(MessageType::AgentLoad, QCborMap { { QStringLiteral("x"), 5 } }, 3000, this,
                       [&](const Message &m) { reply = m; });
    QTRY_VERIFY(reply.has_value());
    QVERIFY2(!reply->isError(), qPrintable(reply->error));
    QCOMPARE(reply->body.value(QStringLiteral("echo")).toInteger(), 5);
    delete good.link.data();
}

void TestTls::privilegedSourcePortProvesRoot()
{
    TlsServer::Options options;
    options.tls = settings(0);
    const std::unique_ptr<TlsServer> server = startServer(options);
    QVERIFY(server);
    QSignalSpy newLinks(server.get(), &TlsServer::newLink);

    // An ordinary client proves nothing.
    const Outcome plain = connectTo(server->serverPort(), settings(0));
    QVERIFY2(plain.link, qPrintable(plain.error));
    QTRY_COMPARE(newLinks.count(), 1);
    auto *serverSide = newLinks.first().first().value<Link *>();
    QVERIFY(serverSide->peerPort() >= 1024);
    QVERIFY(!serverSide->peerProvesRoot());
    QCOMPARE(newLinks.first().at(2).toBool(), false);
    delete plain.link.data();

    // A privileged source port: only root can bind one; without root the connection still
    // works, from an ordinary port.
    const Outcome root = connectTo(server->serverPort(), settings(0), 5000, true);
    QVERIFY2(root.link, qPrintable(root.error));
    QTRY_COMPARE(newLinks.count(), 2);
    serverSide = newLinks.at(1).first().value<Link *>();
    if (::geteuid() != 0) {
        QVERIFY(serverSide->peerPort() >= 1024);
        QCOMPARE(newLinks.at(1).at(2).toBool(), false);
        delete root.link.data();
        QSKIP("not root: a privileged source port cannot be bound (the fallback was checked)");
    }
    QVERIFY2(serverSide->peerPort() >= 512 && serverSide->peerPort() < 1024,
             qPrintable(QString::number(serverSide->peerPort())));
    QVERIFY(serverSide->peerProvesRoot());
    QCOMPARE(newLinks.at(1).at(2).toBool(), true);
    delete root.link.data();

    // With the cluster key, the key proves it from any port.
    TlsServer::Options pskOptions;
    pskOptions.tls = settings(1);
    const std::unique_ptr<TlsServer> pskServer = startServer(pskOptions);
    QSignalSpy pskLinks(pskServer.get(), &TlsServer::newLink);
    const Outcome keyed = connectTo(pskServer->serverPort(), settings(1));
    QVERIFY2(keyed.link, qPrintable(keyed.error));
    QTRY_COMPARE(pskLinks.count(), 1);
    QVERIFY(pskLinks.first().first().value<Link *>()->peerAuthenticated());
    QCOMPARE(pskLinks.first().at(2).toBool(), true);
    delete keyed.link.data();
}

namespace {

sockaddr_in loopbackAddress(quint16 port)
{
    sockaddr_in a {};
    a.sin_family = AF_INET;
    a.sin_port = qToBigEndian(port);
    a.sin_addr.s_addr = qToBigEndian(quint32(INADDR_LOOPBACK));
    return a;
}

// Plain sockets, closed with the test whatever it ends with.
struct Fds {
    std::vector<int> fds;
    ~Fds()
    {
        for (const int fd : fds)
            ::close(fd);
    }
    int add(int fd)
    {
        if (fd >= 0)
            fds.push_back(fd);
        return fd;
    }
};

} // namespace

void TestTls::privilegedPortHeldElsewhereIsSkipped()
{
    if (::geteuid() != 0)
        QSKIP("not root: no privileged source port can be bound (privilegedSourcePortProvesRoot checks the "
              "fallback)");
    // A listener that accepts in the kernel (no TLS: the TCP connection is what counts here).
    Fds fds;
    const int listener = fds.add(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    sockaddr_in address = loopbackAddress(0);
    socklen_t length = sizeof address;
    QVERIFY(listener >= 0);
    QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&address), length), 0);
    QCOMPARE(::listen(listener, 1024), 0);
    QCOMPARE(::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length), 0);
    const quint16 port = qFromBigEndian(address.sin_port);

    // Every privileged port but one is held by a connection to that listener, bound with
    // SO_REUSEADDR as this process's own links are: a port bound the same way would be taken,
    // and its connect would fail (EADDRNOTAVAIL, "Unknown error").
    // The free one: a port nothing holds, not even a TIME_WAIT of an earlier connection (a bound
    // socket that never connected leaves nothing behind when it closes).
    quint16 freePort = 0;
    for (int p = 700; p < 1024 && !freePort; ++p) {
        const int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in local = loopbackAddress(static_cast<quint16>(p));
        local.sin_addr.s_addr = INADDR_ANY;
        if (::bind(probe, reinterpret_cast<sockaddr *>(&local), sizeof local) == 0)
            freePort = static_cast<quint16>(p);
        ::close(probe);
    }
    QVERIFY(freePort);
    int held = 0;
    for (int p = 512; p < 1024; ++p) {
        if (p == freePort)
            continue;
        const int fd = fds.add(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in local = loopbackAddress(static_cast<quint16>(p));
        local.sin_addr.s_addr = INADDR_ANY;
        if (::bind(fd, reinterpret_cast<sockaddr *>(&local), sizeof local) != 0)
            continue; // in use here already: skipped either way
        const sockaddr_in remote = loopbackAddress(port);
        ::connect(fd, reinterpret_cast<const sockaddr *>(&remote), sizeof remote); // in progress
        ++held;
    }
    QVERIFY2(held > 400, qPrintable(QString::number(held)));

    const Outcome outcome = connectTo(port, settings(0), 1000, true);
    QVERIFY(!outcome.link);
    // Nobody speaks TLS there: the handshake runs out of time. Not "Unknown error" (a port taken
    // that its connect cannot use), nor "The bound address is already in use" (a held port tried
    // on the way to the free one, reported as the link's failure).
    QVERIFY2(outcome.error.contains(QStringLiteral("TLS handshake not finished")), qPrintable(outcome.error));
    // The connection came, from the one free port.
    bool fromFreePort = false;
    QList<quint16> ports;
    for (;;) {
        sockaddr_in peer {};
        socklen_t peerLength = sizeof peer;
        const int fd = ::accept4(listener, reinterpret_cast<sockaddr *>(&peer), &peerLength, SOCK_CLOEXEC);
        if (fd < 0)
            break;
        ::close(fd);
        ports.append(qFromBigEndian(peer.sin_port));
        fromFreePort = fromFreePort || ports.last() == freePort;
    }
    QVERIFY2(fromFreePort,
             qPrintable(QStringLiteral("%1 connections accepted, %2; the connector said: %3")
                            .arg(ports.size())
                            .arg(ports.contains(freePort))
                            .arg(outcome.error)));
}

void TestTls::requireProvenRefusesOrdinaryPorts()
{
    TlsServer::Options options;
    options.tls = settings(0);
    options.requireProven = true;
    const std::unique_ptr<TlsServer> server = startServer(options);
    QVERIFY(server);
    QSignalSpy refused(server.get(), &TlsServer::refused);
    const Outcome plain = connectTo(server->serverPort(), settings(0));
    QVERIFY(!plain.link);
    QTRY_COMPARE(refused.count(), 1);
    const QString why = refused.first().at(1).toString();
    QVERIFY2(why.contains(QStringLiteral("not below 1024")) && why.contains(QStringLiteral("cluster key")),
             qPrintable(why));
    if (::geteuid() == 0) {
        const Outcome root = connectTo(server->serverPort(), settings(0), 5000, true);
        QVERIFY2(root.link, qPrintable(root.error));
        delete root.link.data();
    }

    // With the cluster key, any port will do: the handshake proves the key.
    TlsServer::Options pskOptions = options;
    pskOptions.tls = settings(1);
    const std::unique_ptr<TlsServer> pskServer = startServer(pskOptions);
    const Outcome keyed = connectTo(pskServer->serverPort(), settings(1));
    QVERIFY2(keyed.link, qPrintable(keyed.error));
    delete keyed.link.data();

    // In the transition, a peer that holds the key proves itself by it; one that does not is
    // refused after its certificate handshake, as it would be without a key.
    TlsServer::Options transitionOptions = options;
    transitionOptions.tls = settings(3);
    const std::unique_ptr<TlsServer> transitionServer = startServer(transitionOptions);
    QSignalSpy transitionRefused(transitionServer.get(), &TlsServer::refused);
    const Outcome withKey = connectTo(transitionServer->serverPort(), settings(3));
    QVERIFY2(withKey.link, qPrintable(withKey.error));
    delete withKey.link.data();
    TlsSettings noKey = settings(0);
    noKey.identity.reset();
    const Outcome withoutKey = connectTo(transitionServer->serverPort(), noKey);
    QTRY_COMPARE(transitionRefused.count(), 1);
    const QString notProven = transitionRefused.first().at(1).toString();
    QVERIFY2(notProven.contains(QStringLiteral("neither a source port below 1024 nor the cluster key")),
             qPrintable(notProven));
    QTRY_VERIFY(!withoutKey.link || withoutKey.link->isClosed());
    if (::geteuid() != 0)
        QSKIP("not root: a privileged source port cannot be bound (the refusal was checked)");
}

void TestTls::perAddressCapKeepsReserveForRoot()
{
    TlsServer::Options options;
    options.tls = settings(0);
    options.maxPendingPerAddress = 2;
    const std::unique_ptr<TlsServer> server = startServer(options);
    QVERIFY(server);
    QSignalSpy refused(server.get(), &TlsServer::refused);
    QTcpSocket silent[3];
    for (QTcpSocket &s : silent) {
        s.connectToHost(QHostAddress::LocalHost, server->serverPort());
        QVERIFY(s.waitForConnected(2000));
    }
    QTRY_COMPARE(refused.count(), 1);
    QVERIFY2(refused.first().at(1).toString().contains(QStringLiteral("limit per address")),
             qPrintable(refused.first().at(1).toString()));
    QCOMPARE(server->pendingHandshakes(), 2);

    // Every ordinary slot is taken (total 2): root still gets in through the reserve.
    TlsServer::Options full = options;
    full.maxPendingPerAddress = 10;
    full.maxPendingHandshakes = 2;
    full.reservedHandshakes = 1;
    const std::unique_ptr<TlsServer> busy = startServer(full);
    QSignalSpy busyRefused(busy.get(), &TlsServer::refused);
    QTcpSocket stuck[3];
    for (QTcpSocket &s : stuck) {
        s.connectToHost(QHostAddress::LocalHost, busy->serverPort());
        QVERIFY(s.waitForConnected(2000));
    }
    QTRY_COMPARE(busyRefused.count(), 1);
    QCOMPARE(busy->pendingHandshakes(), 2);
    const Outcome ordinary = connectTo(busy->serverPort(), settings(0), 2000);
    QVERIFY(!ordinary.link);
    if (::geteuid() != 0)
        QSKIP("not root: the reserve for privileged source ports cannot be tried");
    const Outcome root = connectTo(busy->serverPort(), settings(0), 5000, true);
    QVERIFY2(root.link, qPrintable(root.error));
    delete root.link.data();
}

void TestTls::unprovenLinksGetSmallFramesAndIdleTimeout()
{
    TlsServer::Options options;
    options.tls = settings(0);
    options.unprovenFrameLimit = 1024;
    options.unprovenIdleTimeoutMs = 400;
    const std::unique_ptr<TlsServer> server = startServer(options);
    QVERIFY(server);
    QSignalSpy newLinks(server.get(), &TlsServer::newLink);

    // A frame over the limit closes the link at its header.
    const Outcome big = connectTo(server->serverPort(), settings(0));
    QVERIFY2(big.link, qPrintable(big.error));
    std::optional<Message> reply;
    big.link->request(MessageType::AgentLoad,
                      QCborMap { { QStringLiteral("x"), QString(4000, QLatin1Char('a')) } }, 3000, this,
                      [&](const Message &m) { reply = m; });
    QTRY_VERIFY(reply.has_value());
    QVERIFY(reply->isError());
    QVERIFY2(reply->error.contains(QStringLiteral("link closed")), qPrintable(reply->error));

    // A small request is answered; a link that then says nothing is closed.
    const Outcome idle = connectTo(server->serverPort(), settings(0));
    QVERIFY2(idle.link, qPrintable(idle.error));
    reply.reset();
    idle.link->request(MessageType::AgentLoad, QCborMap { { QStringLiteral("x"), 3 } }, 3000, this,
                       [&](const Message &m) { reply = m; });
    QTRY_VERIFY(reply.has_value());
    QVERIFY2(!reply->isError(), qPrintable(reply->error));
    QSignalSpy closed(idle.link.data(), &Link::closed);
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 3000);
    QVERIFY2(closed.first().first().toString().contains(QStringLiteral("idle")),
             qPrintable(closed.first().first().toString()));
    QTRY_COMPARE(server->links(), 0);
}

void TestTls::provenLinksGetFullFrames()
{
    // A proven peer (here by the cluster key) may send frames as large as the link allows once
    // its handshake is done: a replication snapshot chunk is far above the unproven limit.
    TlsServer::Options options;
    options.tls = settings(1);
    options.unprovenFrameLimit = 1024;
    const std::unique_ptr<TlsServer> server = startServer(options);
    QVERIFY(server);
    const Outcome keyed = connectTo(server->serverPort(), settings(1));
    QVERIFY2(keyed.link, qPrintable(keyed.error));
    std::optional<Message> reply;
    keyed.link->request(MessageType::AgentLoad,
                        QCborMap { { QStringLiteral("x"), QString(200 * 1024, QLatin1Char('a')) } }, 5000,
                        this, [&](const Message &m) { reply = m; });
    QTRY_VERIFY(reply.has_value());
    QVERIFY2(!reply->isError(), qPrintable(reply->error));
    // A destroyed link hands its socket over to the event loop (a graceful close, then
    // deleteLater): wait until it is gone, or the socket and its TLS state outlive the test
    // (LeakSanitizer reports them, tests/sanitize).
    const QPointer<QIODevice> socket = keyed.link->device();
    delete keyed.link.data();
    QTRY_VERIFY(socket.isNull());
    QTRY_COMPARE(server->links(), 0);
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
