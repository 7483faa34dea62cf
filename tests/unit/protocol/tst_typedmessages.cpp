// The typed message contract (protocol/*messages.h): every message survives toCbor/fromCbor, a
// missing or ill-typed field is refused with the field's name, and the field reader keeps its
// promises (ranges, finiteness, first error wins).
#include "shared/protocol/adminmessages.h"
#include "shared/protocol/agentmessages.h"
#include "shared/protocol/clientmessages.h"
#include "shared/protocol/fields.h"
#include "shared/protocol/keys.h"
#include "shared/protocol/message.h"
#include "shared/protocol/replicationmessages.h"

#include <QTest>

#include <limits>

using namespace Protocol;

namespace {

// Keys of the field reader's own tests, not of any message.
constexpr Key whole("whole"), half("half"), notANumber("nan"), big("big"), small("small"), text("text"),
    absent("absent");

Store::SessionRecord sampleRecord(const QString &id)
{
    Store::SessionRecord r;
    r.id = id;
    r.user = QStringLiteral("alice");
    r.uid = 1001;
    r.agent = QStringLiteral("agent1");
    r.agentHostname = QStringLiteral("agent1.example.com");
    r.display = 12;
    r.vncPort = 5912;
    r.created = 1700000000;
    r.geometry = QStringLiteral("1280x800");
    r.version = { 7, QStringLiteral("node-a"), 1700000000123 };
    return r;
}

AgentSessionInfo sampleInfo()
{
    AgentSessionInfo info;
    info.id = QStringLiteral("s1");
    info.user = QStringLiteral("alice");
    info.uid = 1001;
    info.display = 10;
    info.vncPort = 5910;
    info.pid = 4242;
    info.created = 1700000000;
    info.agentHostname = QStringLiteral("agent1");
    return info;
}

// The body as a link receives it: the bytes of the map (FieldReader reads them without a map).
Body asReceived(const QCborMap &map)
{
    return Body::encoded(QCborValue(map).toCbor());
}

// fromCbor(toCbor(m)) encodes exactly as m did, read from the map and from its bytes.
template<typename T> void checkRoundTrip(const T &message)
{
    for (const Body &body : { Body(message.toCbor()), asReceived(message.toCbor()) }) {
        QString error;
        const std::optional<T> back = T::fromCbor(body, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->toCbor(), message.toCbor());
    }
}

// Why body is refused (empty when it is not), the same whether read from the map or its bytes.
template<typename T> QString refusal(const QCborMap &body)
{
    QString error;
    const std::optional<T> value = T::fromCbor(body, &error);
    QString fromBytes;
    const std::optional<T> valueFromBytes = T::fromCbor(asReceived(body), &fromBytes);
    if (value.has_value() != valueFromBytes.has_value() || error != fromBytes)
        return QStringLiteral("read differently from the bytes: '%1' against '%2'").arg(error, fromBytes);
    return value ? QString() : error;
}

} // namespace

class TestTypedMessages final : public QObject {
    Q_OBJECT

private slots:
    void agentMessagesRoundTrip()
    {
        checkRoundTrip(AgentSessionId { QStringLiteral("s1") });
        checkRoundTrip(AgentStartSession { QStringLiteral("s1"), QStringLiteral("alice"),
                                           QStringLiteral("1024x768"), QStringLiteral("xterm") });
        // Text beyond ASCII, read from the bytes too (as UTF-8, not as Latin-1).
        checkRoundTrip(AgentStartSession { QStringLiteral("s2"), QStringLiteral("jürgen"),
                                           QStringLiteral("1024x768"), QStringLiteral("xterm -T 世界") });
        AgentSessionInfo info = sampleInfo();
        info.connected = true;
        info.password = QByteArray("\x01\x02secret", 8);
        checkRoundTrip(AgentSessionReply { info });
        checkRoundTrip(AgentSessionList { { info, info } });
        checkRoundTrip(AgentVerifyReply { false, QStringLiteral("gone") });
        checkRoundTrip(AgentConfig { QStringList { QStringLiteral("a"), QStringLiteral("b") },
                                     QStringLiteral("tlha"), QByteArray(ClusterKeySize, 'k'),
                                     QStringLiteral("3f2a9c10"), false });
        checkRoundTrip(AgentConfig {});

        // Optional fields stay absent, and a list reply without "connected" says nothing about it.
        info.connected.reset();
        info.password.clear();
        const QCborMap plain = info.toCbor();
        QVERIFY(!plain.contains(Keys::connected));
        QVERIFY(!plain.contains(Keys::password));
        QVERIFY(!AgentSessionInfo::fromCbor(plain, nullptr)->connected);
    }

    void replicationMessagesRoundTrip()
    {
        checkRoundTrip(ReplSync { QStringLiteral("n1"),
                                  QStringLiteral("tlha-primary"),
                                  { QStringLiteral("r1"), 99 },
                                  QCborMap { { QStringLiteral("x"), 1 } } });
        // An older receiver's reply has no "features": it reads no feature.
        const auto older = ReplSyncReply::fromCbor(QCborMap { { Keys::nodeId, QStringLiteral("n2") },
                                                              { Keys::haveId, QString() },
                                                              { Keys::haveOffset, 0 } },
                                                   nullptr);
        QVERIFY(older && older->features.isEmpty());
        checkRoundTrip(ReplSyncReply { QStringLiteral("n2"), { QStringLiteral("r1"), 42 }, {}, {} });
        checkRoundTrip(ReplSyncReply { QStringLiteral("n2"), {}, {}, { FeaturePackedRecords } });
        checkRoundTrip(ReplPartialBegin { QStringLiteral("r1"), 10, 20 });
        Store::Change change;
        change.record = sampleRecord(QStringLiteral("s1"));
        change.offset = 5;
        checkRoundTrip(ReplChangeBatch { QStringLiteral("r1"), { change }, 6 });
        checkRoundTrip(ReplChangeBatch { QStringLiteral("r1"), { change, change }, 6, true });
        checkRoundTrip(ReplChangeBatch { QStringLiteral("r1"), { change }, 6, true, true });
        // A batch whose sender waits for it says nothing ("async" absent: the version before).
        const ReplChangeBatch waited { QStringLiteral("r1"), { change }, 6 };
        QVERIFY(!waited.toCbor().contains(Keys::async));
        checkRoundTrip(ReplAck { std::numeric_limits<qint64>::max() });
        checkRoundTrip(ReplSnapshotBegin { QStringLiteral("r1"), 100, 2, 0 });
        checkRoundTrip(ReplSnapshotBegin { QStringLiteral("r1"), 100, 2, 4096 });
        // A begin of the version before images reads as a snapshot of records.
        QCOMPARE(ReplSnapshotBegin::fromCbor(ReplSnapshotBegin { QStringLiteral("r1"), 100, 2, 0 }.toCbor(),
                                             nullptr)
                     ->imageBytes,
                 0u);
        checkRoundTrip(ReplSnapshotChunk {
            { sampleRecord(QStringLiteral("a")), sampleRecord(QStringLiteral("b")) }, false, {} });
        checkRoundTrip(ReplSnapshotChunk {
            { sampleRecord(QStringLiteral("a")), sampleRecord(QStringLiteral("b")) }, true, {} });
        checkRoundTrip(ReplSnapshotChunk { {}, true, {} });
        const ReplSnapshotChunk part { {}, false, QByteArray("SQLite format 3\0", 16) };
        checkRoundTrip(part);
        QCOMPARE(ReplSnapshotChunk::fromCbor(part.toCbor(), nullptr)->image, part.image);
        checkRoundTrip(ReplSnapshotEnd { { QStringLiteral("r1"), 100 } });
    }

    // The broker's requests about a session and the agent's session answers are written
    // straight as bytes too: the bytes toCbor() encodes, for every optional part.
    void agentMessagesEncodeAsTheirMaps()
    {
        for (const QString &id : QStringList { QString(), QStringLiteral("s1"),
                                               QStringLiteral("sëssion-") + QString(30, QLatin1Char('x')) })
            QCOMPARE(AgentSessionId { id }.encode().toHex(' '),
                     AgentSessionId { id }.toCbor().toCborValue().toCbor().toHex(' '));
        AgentSessionInfo info = sampleInfo();
        info.user = QStringLiteral("jürgen");
        info.display = 70000;
        info.vncPort = 75900;
        info.pid = -1;
        info.agentHostname = QStringLiteral("agent1.example.com");
        QList<AgentSessionInfo> infos { info };
        info.connected = false;
        infos.append(info);
        info.connected = true;
        info.password = QByteArray("\x00\x01pw", 4);
        info.geometry = QStringLiteral("1280x800");
        info.command = QStringLiteral("xterm");
        infos.append(info);
        info.connected.reset();
        infos.append(info);
        for (const AgentSessionInfo &i : infos) {
            const AgentSessionReply reply { i };
            QCOMPARE(reply.encode().toHex(' '), reply.toCbor().toCborValue().toCbor().toHex(' '));
            QCOMPARE(AgentSessionReply::fromCbor(Body::encoded(reply.encode()), nullptr)->toCbor(),
                     reply.toCbor());
        }
    }

    // A replicated batch and its acknowledgement go out as bytes too: toCbor()'s bytes.
    void replicationMessagesEncodeAsTheirMaps()
    {
        const Store::Change upsert { Store::Change::Kind::Upsert, sampleRecord(QStringLiteral("a")), 41 };
        const Store::Change remove { Store::Change::Kind::Remove, sampleRecord(QStringLiteral("b")), 42 };
        for (const bool packed : { true, false }) {
            for (const bool async : { false, true }) {
                for (const QList<Store::Change> &changes :
                     { QList<Store::Change> {}, QList<Store::Change> { upsert, remove } }) {
                    const ReplChangeBatch batch { QStringLiteral("r-1"), changes, 42, packed, async };
                    QCOMPARE(batch.encode().toHex(' '), batch.toCbor().toCborValue().toCbor().toHex(' '));
                }
            }
        }
        for (const quint64 offset : { quint64(0), quint64(23), quint64(1) << 40 })
            QCOMPARE(ReplAck { offset }.encode().toHex(' '),
                     ReplAck { offset }.toCbor().toCborValue().toCbor().toHex(' '));
    }

    // The broker's answers to session requests are written straight as bytes (encode()), not
    // built as maps: the same bytes as toCbor() encoded, for every optional part, and read back
    // as the map, through a Body and a message.
    void clientAnswersEncodeAsTheirMaps()
    {
        ClientSession s = ClientSession::fromRecord(sampleRecord(QStringLiteral("s1")));
        ClientSession other = s;
        other.id = QStringLiteral("s2");
        other.agentHostname = QStringLiteral("agënt-2.example.com"); // beyond ASCII
        other.command = QStringLiteral("xterm -T 'Grüße'");
        other.state = Store::SessionState::Disconnected;
        other.lastConnection = -1;
        other.display = 70000;
        QList<ClientSessionReply> replies;
        replies.append({ s, {} });
        s.isNew = true;
        s.password = QByteArray("\x00\x01pw", 4);
        replies.append({ s, { QStringLiteral("old1"), QStringLiteral("old2") } });
        s.isNew = false;
        replies.append({ s, {} });
        replies.append({ other, { QString() } });
        for (const ClientSessionReply &reply : replies) {
            const QByteArray map = reply.toCbor().toCborValue().toCbor();
            QCOMPARE(reply.encode().toHex(' '), map.toHex(' '));
            QCOMPARE(Body::encoded(reply.encode()).map(), reply.toCbor());
        }
        for (const ClientSessionList &list :
             { ClientSessionList {}, ClientSessionList { { s } }, ClientSessionList { { s, other, s } } })
            QCOMPARE(list.encode().toHex(' '), list.toCbor().toCborValue().toCbor().toHex(' '));

        // In a reply, an encoded body reads as the map would.
        Message request;
        request.type = MessageType::ClientGetSession;
        request.id = 9;
        QString error;
        const std::optional<Message> back = Message::decode(
            Message::replyWith(request, Body::encoded(replies[1].encode())).encode(), &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(back->reply);
        QCOMPARE(back->id, 9u);
        QCOMPARE(back->body, replies[1].toCbor());
        QCOMPARE(Message::replyWith(request, Body::encoded(replies[1].encode())).encode(),
                 Message::replyTo(request, replies[1].toCbor()).encode());
    }

    void adminMessagesRoundTrip()
    {
        checkRoundTrip(AdminLogin { QStringLiteral("secret") });
        checkRoundTrip(AdminLoginReply { QStringLiteral("tlha-primary"), QStringLiteral("1.0") });
        HaStatus ha;
        ha.enabled = true;
        ha.active = true;
        ha.role = HaRole::Master;
        ha.resourceAddress = QStringLiteral("tlha");
        ha.peerAddresses = { QStringLiteral("10.0.0.3") };
        ha.link = QStringLiteral("up");
        ha.lagChanges = 3;
        ha.reconcileLast = 1700000000;
        ha.lastResyncReceived = HaResync { ResyncKind::Full, ResyncDirection::Received, 1700000000, 12, 400 };
        ha.degraded = true;
        ha.degradedReason = QStringLiteral("peer lost");
        ha.configDiffers = { QStringLiteral("terminalservers") };
        checkRoundTrip(ha);
        AdminStatus status;
        status.node = QStringLiteral("tlha-primary");
        status.agents = 2;
        status.agentsReachable = 1;
        status.haEnabled = true;
        status.ha = ha;
        status.haState = AdminStatus::describeHa(true, ha, {});
        QCOMPARE(status.haState, QStringLiteral("role MASTER"));
        checkRoundTrip(status);
        checkRoundTrip(AdminSessionQuery { CtlSessionFilter { QStringLiteral("alice"), {}, 10 }, std::nullopt,
                                           2000, 500 });
        checkRoundTrip(AdminSessionQuery { {}, QString(), 0, {} }); // the first page: "" is sent
        checkRoundTrip(AdminSessionQuery { {}, QStringLiteral("s1"), 0, 500 });
        checkRoundTrip(AdminSessionPage {
            { CtlSession { sampleRecord(QStringLiteral("s1")), 60 } }, 2001, std::nullopt, 2000 });
        checkRoundTrip(AdminSessionPage {
            { CtlSession { sampleRecord(QStringLiteral("s1")), 60 } }, 2001, QStringLiteral("s1"), {} });
        checkRoundTrip(AdminSessionVerify { { QStringLiteral("s1"), QStringLiteral("s2") } });
        checkRoundTrip(
            AdminSessionVerifyReply { { { QStringLiteral("s1"), true, QStringLiteral("agent1"), true, {} },
                                        { QStringLiteral("s2"),
                                          false,
                                          {},
                                          false,
                                          QStringLiteral("no record of this session on this node") } } });
        checkRoundTrip(AdminAgentConfig {
            QStringLiteral("agent1"), AgentConfig { QStringList { QStringLiteral("a") }, {}, {}, {}, {} } });
        checkRoundTrip(
            AdminTerminalServers { { QStringLiteral("agent1") }, true, QStringLiteral("f:3"), {} });
        checkRoundTrip(
            AdminHaConfig { { { QStringLiteral("/vsmserver/HA/enabled"), QStringLiteral("1") } } });
        checkRoundTrip(AdminStepDown { 0 });
        checkRoundTrip(AdminEventLogQuery { 41 });
        checkRoundTrip(AdminEventLog {
            { AdminLogEntry::make(AdminLogEntry::Kind::Refused, QStringLiteral("refused"),
                                  { { QStringLiteral("listener"), QStringLiteral("local") } }) } });
        checkRoundTrip(AdminSshHostKeys {
            { AdminSshHostKeyPair { QStringLiteral("ssh_host_ed25519_key"), "private", "ssh-ed25519 AAAA" } },
            QStringLiteral("/etc/ssh/openvsm-backup-1"),
            QStringLiteral("SIGHUP") });
        checkRoundTrip(AdminKeepalivedConf { QStringLiteral("vrrp_instance tlha {\n}\n"), {}, {}, {} });
        checkRoundTrip(
            AdminKeepalivedConf { {},
                                  QStringLiteral("/etc/keepalived/keepalived.conf"),
                                  QStringLiteral("/etc/keepalived/keepalived.conf.openvsm-backup-1"),
                                  QStringLiteral("SIGHUP to keepalived") });
        checkRoundTrip(AdminNodeFactsQuery {
            { QStringLiteral("tlha-primary"), QStringLiteral("tlha") },
            { QStringLiteral("tlha-primary.example.com"), QStringLiteral("tlha-secondary.example.com") },
            std::nullopt });
        checkRoundTrip(AdminNodeFactsQuery { { QStringLiteral("tlha-primary"), QStringLiteral("tlha") },
                                             {},
                                             QStringList { QStringLiteral("tlha") } });
        AdminEvent event;
        event.kind = AdminEvent::Kind::Session;
        event.session = CtlSession { sampleRecord(QStringLiteral("s1")), 5 };
        event.removed = true;
        checkRoundTrip(event);
        event = {};
        event.kind = AdminEvent::Kind::Config;
        event.reloaded = true;
        checkRoundTrip(event);
        QCOMPARE(event.toCbor().value(Keys::kind).toString(), QStringLiteral("config"));
    }

    // AdminNodeFacts: what a node tells the setup wizard about itself.
    // The next page's query: after the last id while the node names one; by offset from a node
    // that pages by offset only; none at the end or when a page would be asked again.
    void sessionQueryNext()
    {
        AdminSessionQuery first;
        first.filter.user = QStringLiteral("alice");
        first.afterId = QString();
        const CtlSession s1 { sampleRecord(QStringLiteral("s1")), 0 };

        std::optional<AdminSessionQuery> next
            = first.next(AdminSessionPage { { s1 }, 3, QStringLiteral("s1"), {} });
        QVERIFY(next);
        QCOMPARE(next->afterId, QStringLiteral("s1"));
        QCOMPARE(next->filter.user, QStringLiteral("alice"));
        QVERIFY(!next->next(AdminSessionPage { { s1 }, 3, {}, {} })); // the last page
        QVERIFY(!next->next(AdminSessionPage { { s1 }, 3, QStringLiteral("s1"), {} })); // no progress
        QVERIFY(!first.next(AdminSessionPage { {}, 3, QStringLiteral("s9"), {} })); // an empty page

        // A node that ignores after_id answers its first page by offset: the rest by offset too.
        next = first.next(AdminSessionPage { { s1 }, 3, {}, 2000 });
        QVERIFY(next);
        QVERIFY(!next->afterId);
        QCOMPARE(next->offset, 2000);
        QVERIFY(next->toCbor().value(Keys::afterId).isUndefined());
        next = next->next(AdminSessionPage { { s1 }, 3, {}, 4000 });
        QVERIFY(next);
        QCOMPARE(next->offset, 4000);
        QVERIFY(!next->next(AdminSessionPage { { s1 }, 3, {}, 4000 })); // no progress
    }

    void adminNodeFactsRoundTrip()
    {
        AdminNodeFacts facts;
        facts.hostname = QStringLiteral("tlha-secondary");
        facts.resolved = {
            AdminNameFacts { QStringLiteral("tlha-secondary.example.com"),
                             { AdminResolvedAddress { QStringLiteral("127.0.1.1"),
                                                      QStringLiteral("tlha-secondary.example.com"), true } },
                             {},
                             { QStringLiteral("/etc/hosts:3: 127.0.1.1 tlha-secondary.example.com") } },
            AdminNameFacts { QStringLiteral("nowhere"), {}, QStringLiteral("Host not found"), {} }
        };
        facts.identity = AdminIdentityFacts { { QStringLiteral("a"), QStringLiteral("b") },
                                              true,
                                              QStringLiteral("b"),
                                              QStringLiteral("a"),
                                              QStringLiteral("this node is b") };
        facts.sshHostKeys = { AdminSshHostKey { QStringLiteral("ssh-ed25519"), QStringLiteral("SHA256:abc"),
                                                QStringLiteral("/etc/ssh/ssh_host_ed25519_key.pub") } };
        facts.configuration
            = { { QStringLiteral("/vsmserver/terminalservers"), QStringLiteral("agent1 agent2") } };
        facts.haEnabled = true;
        facts.loopbackEntries = { QStringLiteral("127.0.0.1") };
        facts.loopbackReason = QStringLiteral("VERY IMPORTANT");
        facts.interfaces = { AdminInterface { QStringLiteral("eth0"), { QStringLiteral("10.0.0.3/24") } } };
        facts.keepalivedFile = QStringLiteral("/etc/keepalived/keepalived.conf");
        facts.keepalivedConf = QStringLiteral("vrrp_instance tlha {\n}\n");
        checkRoundTrip(facts);
        QCOMPARE(AdminNodeFacts::fromCbor(facts.toCbor(), nullptr)->keepalivedConf, facts.keepalivedConf);
        facts.identity
            = AdminIdentityFacts { { QStringLiteral("a") }, false, {}, {}, QStringLiteral("two nodes") };
        facts.sshHostKeys.clear();
        facts.sshHostKeysError = QStringLiteral("no ssh_host_*_key.pub in /etc/ssh");
        checkRoundTrip(facts);
    }

    void adminMessagesRefused_data()
    {
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("expected");
        QTest::newRow("login without password")
            << refusal<AdminLogin>({}) << "admin login: field 'password': missing";
        QTest::newRow("negative page offset") << refusal<AdminSessionQuery>({ { Keys::offset, -1 } })
                                              << "session query: field 'offset': negative";
        QTest::newRow("page after an id and at an offset")
            << refusal<AdminSessionQuery>({ { Keys::afterId, QStringLiteral("s1") }, { Keys::offset, 2000 } })
            << "session query: field 'offset': not with after_id";
        QTest::newRow("zero page size") << refusal<AdminSessionQuery>({ { Keys::limit, 0 } })
                                        << "session query: field 'limit': must be at least 1";
        QTest::newRow("verify nothing") << refusal<AdminSessionVerify>({ { Keys::ids, QCborArray() } })
                                        << "session verify: field 'ids': say which sessions to verify";
        QTest::newRow("HA value not text")
            << refusal<AdminHaConfig>(
                   { { Keys::params, QCborMap { { QStringLiteral("/vsmserver/HA/port"), 9003 } } } })
            << "HA configuration: field 'params': every parameter and value must be text";
        QTest::newRow("unknown event") << refusal<AdminEvent>({ { Keys::kind, QStringLiteral("weather") } })
                                       << "admin event: field 'kind': unknown event 'weather'";
        QTest::newRow("HA role nonsense")
            << refusal<HaStatus>({ { Keys::enabled, true }, { Keys::role, QStringLiteral("CAPTAIN") } })
            << "HA status: field 'role': 'CAPTAIN' is not MASTER, BACKUP, FAULT or STOP";
        QTest::newRow("keepalived.conf too long")
            << refusal<AdminKeepalivedConf>(
                   { { Keys::text, QString(AdminKeepalivedConf::MaxText + 1, QLatin1Char('x')) } })
            << "keepalived.conf: field 'text': longer than 65536 characters: not a keepalived.conf";
        QTest::newRow("node facts of nothing")
            << refusal<AdminNodeFactsQuery>({ { Keys::names, QCborArray() } })
            << "node facts query: field 'names': say which names to resolve";
        QCborArray many;
        for (int i = 0; i <= AdminNodeFactsQuery::MaxNames; ++i)
            many.append(QStringLiteral("n%1").arg(i));
        QTest::newRow("node facts of too many names")
            << refusal<AdminNodeFactsQuery>({ { Keys::names, many } })
            << "node facts query: field 'names': at most 16 names, got 17";
        QTest::newRow("node facts of a blank name")
            << refusal<AdminNodeFactsQuery>({ { Keys::names, QCborArray { QStringLiteral("a b") } } })
            << "node facts query: field 'names': 'a b' is not a host name";
        QTest::newRow("node facts with an empty node")
            << refusal<AdminNodeFactsQuery>({ { Keys::names, QCborArray { QStringLiteral("a") } },
                                              { Keys::nodes, QCborArray { QString() } } })
            << "node facts query: field 'nodes': a name must have 1..253 characters";
        QTest::newRow("node facts scan of a name not asked")
            << refusal<AdminNodeFactsQuery>({ { Keys::names, QCborArray { QStringLiteral("a") } },
                                              { Keys::scan, QCborArray { QStringLiteral("b") } } })
            << "node facts query: field 'scan': 'b' is not one of the names to resolve";
        QTest::newRow("node facts without uname")
            << refusal<AdminNodeFacts>({ { Keys::resolved, QCborArray() } })
            << "node facts: field 'hostname': missing";
        QTest::newRow("ssh host key without SHA256")
            << refusal<AdminNodeFacts>(
                   { { Keys::hostname, QStringLiteral("h") },
                     { Keys::resolved, QCborArray() },
                     { Keys::sshHostKeys,
                       QCborArray { QCborMap { { Keys::type, QStringLiteral("ssh-rsa") },
                                               { Keys::fingerprint, QStringLiteral("MD5:00") } } } } })
            << "node facts: field 'ssh_host_keys': entry 0: ssh host key: field 'fingerprint': not a SHA256: "
               "fingerprint";
        QTest::newRow("configuration value not text")
            << refusal<AdminNodeFacts>(
                   { { Keys::hostname, QStringLiteral("h") },
                     { Keys::resolved, QCborArray() },
                     { Keys::configuration, QCborMap { { QStringLiteral("/vsm/x"), 1 } } } })
            << "node facts: field 'configuration': every parameter and value must be text";
        QTest::newRow("valid identity without its entries")
            << refusal<AdminIdentityFacts>({ { Keys::nodes, QCborArray() }, { Keys::valid, true } })
            << "identity facts: field 'local': missing";
        QTest::newRow("agent config without agent")
            << refusal<AdminAgentConfig>({}) << "agent configuration: field 'agent': missing";
    }

    void adminMessagesRefused()
    {
        QFETCH(QString, error);
        QFETCH(QString, expected);
        QCOMPARE(error, expected);
    }

    void refusedWithTheFieldsName_data()
    {
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("expected");

        QTest::newRow("missing id") << refusal<AgentSessionId>({}) << "session: field 'id': missing";
        QTest::newRow("id not text") << refusal<AgentSessionId>({ { Keys::id, 5 } })
                                     << "session: field 'id': not text";
        QTest::newRow("start without user")
            << refusal<AgentStartSession>({ { Keys::id, QStringLiteral("s") } })
            << "start session: field 'user': missing";
        QTest::newRow("verify alive as text")
            << refusal<AgentVerifyReply>({ { Keys::alive, QStringLiteral("yes") } })
            << "verify reply: field 'alive': not true or false";
        QTest::newRow("allowed_clients not a list")
            << refusal<AgentConfig>({ { Keys::allowedClients, QStringLiteral("a b") } })
            << "agent configuration: field 'allowed_clients': not a list";
        QTest::newRow("allowed_clients with a space")
            << refusal<AgentConfig>(
                   { { Keys::allowedClients, QCborArray { QStringLiteral("a"), QStringLiteral("b c") } } })
            << "agent configuration: field 'allowed_clients': 'b c' is not a host name";
        QTest::newRow("master_hostname two names")
            << refusal<AgentConfig>({ { Keys::masterHostname, QStringLiteral("a b") } })
            << "agent configuration: field 'master_hostname': not one host name";
        QTest::newRow("display beyond int")
            << refusal<AgentSessionList>(
                   { { Keys::sessions,
                       QCborArray { QCborMap { { Keys::id, QStringLiteral("s") },
                                               { Keys::user, QStringLiteral("u") },
                                               { Keys::display, qint64(1) << 40 } } } } })
            << "agent session list: field 'sessions': entry 0: agent session: field 'display': 1099511627776 "
               "is out of range (-2147483648..2147483647)";
        QTest::newRow("list entry not a map")
            << refusal<ReplSnapshotChunk>({ { Keys::records, QCborArray { 1 } } })
            << "snapshot chunk: field 'records': entry 0: not a map";
        QTest::newRow("packed records not bytes")
            << refusal<ReplSnapshotChunk>({ { Keys::packedRecords, QCborArray {} } })
            << "snapshot chunk: field 'packed_records': not bytes";
        QTest::newRow("packed record of the wrong type")
            << refusal<ReplSnapshotChunk>(
                   { { Keys::packedRecords, QCborValue(QCborArray { QCborArray { 5 } }).toCbor() } })
            << "snapshot chunk: field 'packed_records': record 0: field 'id': not text";
        QTest::newRow("packed changes not bytes") << refusal<ReplChangeBatch>(
            { { Keys::replicationId, QStringLiteral("r") }, { Keys::packedChanges, 5 }, { Keys::to, 1 } })
                                                  << "replicated changes: field 'packed_changes': not bytes";
        QTest::newRow("changes both ways")
            << refusal<ReplChangeBatch>({ { Keys::replicationId, QStringLiteral("r") },
                                          { Keys::packedChanges, QCborValue(QCborArray {}).toCbor() },
                                          { Keys::changes, QCborArray {} },
                                          { Keys::to, 1 } })
            << "replicated changes: field 'changes': beside 'packed_changes'";
        QTest::newRow("records both ways") << refusal<ReplSnapshotChunk>(
            { { Keys::packedRecords, QCborValue(QCborArray {}).toCbor() }, { Keys::records, QCborArray {} } })
                                           << "snapshot chunk: field 'records': beside 'packed_records'";
        QTest::newRow("image part empty") << refusal<ReplSnapshotChunk>({ { Keys::image, QByteArray() } })
                                          << "snapshot chunk: field 'image': is empty";
        QTest::newRow("image part beside records") << refusal<ReplSnapshotChunk>(
            { { Keys::image, QByteArray("x") }, { Keys::records, QCborArray {} } })
                                                   << "snapshot chunk: field 'image': beside records";
        QTest::newRow("image size negative")
            << refusal<ReplSnapshotBegin>({ { Keys::replicationId, QStringLiteral("r") },
                                            { Keys::offset, 1 },
                                            { Keys::count, 1 },
                                            { Keys::imageBytes, -5 } })
            << "snapshot: field 'image_bytes': -5 is out of range (0..9223372036854775807)";
        QTest::newRow("negative offset")
            << refusal<ReplAck>({ { Keys::offset, -1 } })
            << "replication acknowledgement: field 'offset': -1 is out of range (0..9223372036854775807)";
        QTest::newRow("partial backwards") << refusal<ReplPartialBegin>(
            { { Keys::replicationId, QStringLiteral("r") }, { Keys::from, 9 }, { Keys::to, 3 } })
                                           << "partial resync: field 'to': before 'from'";
        QTest::newRow("resync kind unknown")
            << refusal<HaResync>({ { Keys::kind, QStringLiteral("incremental") } })
            << "resync: field 'kind': 'incremental' is not one of partial full";
        QTest::newRow("resync direction unknown")
            << refusal<HaResync>(
                   { { Keys::kind, QStringLiteral("full") }, { Keys::direction, QStringLiteral("up") } })
            << "resync: field 'direction': 'up' is not one of sent received";
        QTest::newRow("first error wins") << refusal<ReplSync>({ { Keys::nodeId, 1 }, { Keys::node, 2 } })
                                          << "replication sync: field 'node_id': not text";
    }

    void refusedWithTheFieldsName()
    {
        QFETCH(QString, error);
        QFETCH(QString, expected);
        QCOMPARE(error, expected);
    }

    // The same read from a map and from its bytes.
    void numbersAreKeptOrRefused_data()
    {
        QTest::addColumn<bool>("fromBytes");
        QTest::newRow("map") << false;
        QTest::newRow("bytes") << true;
    }
    void numbersAreKeptOrRefused()
    {
        QFETCH(bool, fromBytes);
        const QCborMap values { { whole, 3.0 }, { half, 2.5 }, { notANumber, qQNaN() },
                                { big, 1e300 }, { small, -3 }, { text, QStringLiteral("1") } };
        const Body body = fromBytes ? asReceived(values) : Body(values);
        auto readInt = [&body](Key key, QString *error) {
            int value = -99;
            FieldReader f(body, "test");
            f.required(key, &value);
            *error = f.error();
            return value;
        };
        QString error;
        QCOMPARE(readInt(whole, &error), 3);
        QVERIFY(error.isEmpty());
        readInt(half, &error);
        QCOMPARE(error, QStringLiteral("test: field 'half': not a whole number"));
        readInt(notANumber, &error);
        QCOMPARE(error, QStringLiteral("test: field 'nan': not a whole number"));
        readInt(big, &error);
        QCOMPARE(error, QStringLiteral("test: field 'big': not a whole number"));
        readInt(text, &error);
        QCOMPARE(error, QStringLiteral("test: field 'text': not an integer"));

        FieldReader f(body, "test");
        unsigned count = 7;
        f.optional(absent, &count);
        QVERIFY(f.ok());
        QCOMPARE(count, 7u); // absent: the default stays
        f.required(small, &count);
        QCOMPARE(f.error(), QStringLiteral("test: field 'small': -3 is out of range (0..4294967295)"));
        QCOMPARE(count, 7u); // refused: nothing written

        FieldReader d(body, "test");
        double value = 0;
        d.required(notANumber, &value);
        QCOMPARE(d.error(), QStringLiteral("test: field 'nan': not a finite number"));
    }

    void replicationPositionText()
    {
        const ReplicationPosition p { QStringLiteral("abc"), 42 };
        QCOMPARE(p.toText(), QStringLiteral("abc 42"));
        QVERIFY(ReplicationPosition::fromText(p.toText()) == p);
        QVERIFY(ReplicationPosition::fromText(QString()) == ReplicationPosition {});
        QVERIFY(ReplicationPosition::fromText(QStringLiteral("abc")) == ReplicationPosition {});
        QVERIFY(ReplicationPosition::fromText(QStringLiteral("abc -1")) == ReplicationPosition {});
        QVERIFY(ReplicationPosition::fromText(QStringLiteral("abc 1 2")) == ReplicationPosition {});
    }
};

QTEST_GUILESS_MAIN(TestTypedMessages)
#include "tst_typedmessages.moc"
