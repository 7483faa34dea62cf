// libFuzzer target for one frame's payload: Protocol::Message::decode of arbitrary bytes, the
// re-encoding of what it accepts, and the typed body of every message type of the typed contract
// (protocol/*messages.h), read as the receiving side reads it: a body it accepts encodes to one
// it accepts again, the same way twice; a body it refuses has a reason.
#include "shared/protocol/adminmessages.h"
#include "shared/protocol/agentmessages.h"
#include "shared/protocol/clientmessages.h"
#include "shared/protocol/ctlmessages.h"
#include "shared/protocol/keys.h"
#include "shared/protocol/loadreport.h"
#include "shared/protocol/message.h"
#include "shared/protocol/replicationmessages.h"
#include "shared/store/sessionrecord.h"
#include "tests/fuzz/check.h"

#include <QCborArray>
#include <QCborValue>

#include <algorithm>
#include <cstring>

namespace {

namespace Keys = Protocol::Keys;

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

bool sameLoad(const Protocol::LoadReport &a, const Protocol::LoadReport &b)
{
    return a.users == b.users && a.sessions == b.sessions && a.memTotalKib == b.memTotalKib
        && a.memUsedKib == b.memUsedKib && a.swapTotalKib == b.swapTotalKib && a.swapUsedKib == b.swapUsedKib
        && a.cpus == b.cpus && sameBits(a.load1, b.load1) && sameBits(a.load5, b.load5)
        && sameBits(a.load15, b.load15) && sameBits(a.bogomips, b.bogomips)
        && a.agentHostname == b.agentHostname;
}

// Every integer the sender put in a field the contract knows is the integer the receiver holds:
// nothing is silently truncated or wrapped on the way in.
void checkIntegersKept(const QCborMap &sent, const QCborMap &held)
{
    for (auto it = sent.constBegin(); it != sent.constEnd(); ++it) {
        if (!it.value().isInteger())
            continue;
        const QCborValue kept = held.value(it.key());
        if (kept.isUndefined() || kept.isBool() || kept.isString())
            continue; // not a number field of the contract
        if (kept.isInteger())
            FUZZ_CHECK(kept.toInteger() == it.value().toInteger(), "an accepted integer changed");
        else
            FUZZ_CHECK(kept.toDouble() == double(it.value().toInteger()), "an accepted number changed");
    }
}

void checkLoadReport(const Protocol::Body &body)
{
    QString error;
    const std::optional<Protocol::LoadReport> load = Protocol::LoadReport::fromCbor(body, &error);
    QString mapError;
    const std::optional<Protocol::LoadReport> fromMap = Protocol::LoadReport::fromCbor(body.map(), &mapError);
    FUZZ_CHECK(load.has_value() == fromMap.has_value() && error == mapError
                   && (!load || sameLoad(*load, *fromMap)),
               "a load report is read the same from its bytes as from its map");
    if (!load) {
        FUZZ_CHECK(!error.isEmpty(), "a refused load report has a reason");
        return;
    }
    for (const double value : { load->load1, load->load5, load->load15, load->bogomips })
        FUZZ_CHECK(qIsFinite(value) && value >= 0, "an accepted load is a finite, non-negative number");
    FUZZ_CHECK(load->users >= 0 && load->sessions >= 0 && load->cpus >= 0 && load->memTotalKib >= 0
                   && load->memUsedKib >= 0 && load->swapTotalKib >= 0 && load->swapUsedKib >= 0,
               "accepted counts are not negative");
    const QCborMap encoded = load->toCbor();
    checkIntegersKept(body.map(), encoded);
    const std::optional<Protocol::LoadReport> again = Protocol::LoadReport::fromCbor(encoded, &error);
    FUZZ_CHECK(again && sameLoad(*load, *again), "a load report survives toCbor/fromCbor");
}

void checkRecord(const QCborMap &map)
{
    QString error;
    const std::optional<Store::SessionRecord> record = Store::SessionRecord::fromCbor(map, &error);
    if (!record) {
        FUZZ_CHECK(!error.isEmpty(), "a refused session record has a reason");
        return;
    }
    FUZZ_CHECK(!record->id.isEmpty(), "an accepted session record has an id");
    const QCborMap encoded = record->toCbor();
    checkIntegersKept(map, encoded);
    const std::optional<Store::SessionRecord> again = Store::SessionRecord::fromCbor(encoded, &error);
    FUZZ_CHECK(again && *again == *record, "a session record survives toCbor/fromCbor");
    FUZZ_CHECK(again->toCbor() == encoded, "a session record encodes the same way twice");
}

void checkChange(const QCborMap &map)
{
    QString error;
    const std::optional<Store::Change> change = Store::Change::fromCbor(map, &error);
    if (!change) {
        FUZZ_CHECK(!error.isEmpty(), "a refused change has a reason");
        return;
    }
    checkRecord(map.value(Keys::record).toMap());
    const QCborMap encoded = change->toCbor();
    FUZZ_CHECK(encoded.value(Keys::offset).toInteger() == map.value(Keys::offset).toInteger(),
               "an accepted change keeps its offset");
    const std::optional<Store::Change> again = Store::Change::fromCbor(encoded, &error);
    FUZZ_CHECK(again && again->kind == change->kind && again->offset == change->offset
                   && again->record == change->record,
               "a change survives toCbor/fromCbor");
}

// Any typed body: read from its bytes (as a link receives it) and from its decoded map, it is
// accepted or refused the same way, for the same reason, with the same fields; accepted, it
// re-encodes to a body that is accepted and encodes the same.
template<typename T> void checkTyped(const Protocol::Body &body)
{
    QString error;
    const std::optional<T> value = T::fromCbor(body, &error);
    QString mapError;
    const std::optional<T> fromMap = T::fromCbor(body.map(), &mapError);
    FUZZ_CHECK(value.has_value() == fromMap.has_value() && error == mapError,
               "a body is read the same from its bytes as from its map");
    if (!value) {
        FUZZ_CHECK(!error.isEmpty(), "a refused body has a reason");
        return;
    }
    const QCborMap encoded = value->toCbor();
    FUZZ_CHECK(QCborValue(encoded).toCbor() == QCborValue(fromMap->toCbor()).toCbor(),
               "a body gives the same fields from its bytes as from its map");
    const std::optional<T> again = T::fromCbor(encoded, &error);
    FUZZ_CHECK(again, "an accepted body re-encodes to one that is accepted");
    FUZZ_CHECK(QCborValue(again->toCbor()).toCbor() == QCborValue(encoded).toCbor(),
               "an accepted body encodes the same way twice");
}

// The agent link: vsmserver and vsmagent.
void checkAgentBody(const Protocol::Message &message)
{
    using namespace Protocol;
    const Body &body = message.body;
    switch (message.type) {
    case MessageType::AgentStartSession:
        return message.reply ? checkTyped<AgentSessionReply>(body) : checkTyped<AgentStartSession>(body);
    case MessageType::AgentReconnectSession:
        return message.reply ? checkTyped<AgentSessionReply>(body) : checkTyped<AgentSessionId>(body);
    case MessageType::AgentListSessions:
        return message.reply ? checkTyped<AgentSessionList>(body) : void();
    case MessageType::AgentVerifySession:
        return message.reply ? checkTyped<AgentVerifyReply>(body) : checkTyped<AgentSessionId>(body);
    case MessageType::AgentTerminateSession:
        return message.reply ? void() : checkTyped<AgentSessionId>(body);
    case MessageType::AgentLoad:
        return message.reply ? checkLoadReport(body) : void();
    case MessageType::AgentGetConfig:
        return message.reply ? checkTyped<AgentConfig>(body) : void();
    case MessageType::AgentSetConfig:
        return message.reply ? void() : checkTyped<AgentConfig>(body);
    default:
        return;
    }
}

// The local socket: tl-session-helper's Client* and tlctl's Ctl* requests.
void checkLocalBody(const Protocol::Message &message)
{
    using namespace Protocol;
    const Body &body = message.body;
    switch (message.type) {
    case MessageType::ClientListSessions:
        return message.reply ? checkTyped<ClientSessionList>(body) : checkTyped<ClientRequest>(body);
    case MessageType::ClientGetSession:
    case MessageType::ClientNewSession:
    case MessageType::ClientReplaceSession:
        return message.reply ? checkTyped<ClientSessionReply>(body) : checkTyped<ClientRequest>(body);
    case MessageType::ClientTerminateSession:
        return message.reply ? checkTyped<Terminated>(body) : checkTyped<ClientRequest>(body);
    case MessageType::CtlSessionList:
        return message.reply ? checkTyped<CtlSessionList>(body) : checkTyped<CtlSessionFilter>(body);
    case MessageType::CtlSessionTerminate:
        return message.reply ? checkTyped<Terminated>(body) : checkTyped<CtlTerminate>(body);
    case MessageType::CtlLoadList:
        return message.reply ? checkTyped<CtlLoadList>(body) : void();
    case MessageType::CtlHaStatus:
        return message.reply ? checkTyped<HaStatus>(body) : void();
    case MessageType::CtlHaRole:
        return checkTyped<CtlHaRole>(body);
    case MessageType::CtlHealth:
        return message.reply ? checkTyped<CtlHealth>(body) : void();
    case MessageType::CtlHaStepDown:
        return message.reply ? checkTyped<CtlStepDownReply>(body) : checkTyped<CtlStepDown>(body);
    default:
        return;
    }
}

// The replication link between the two servers.
void checkReplBody(const Protocol::Message &message)
{
    using namespace Protocol;
    const Body &body = message.body;
    switch (message.type) {
    case MessageType::ReplSync:
        return message.reply ? checkTyped<ReplSyncReply>(body) : checkTyped<ReplSync>(body);
    case MessageType::ReplPartialBegin:
        return message.reply ? void() : checkTyped<ReplPartialBegin>(body);
    case MessageType::ReplChange:
        if (message.reply)
            return checkTyped<ReplAck>(body);
        for (const QCborValue &change : body.value(Keys::changes).toArray())
            checkChange(change.toMap());
        if (const auto batch = ReplChangeBatch::fromCbor(body, nullptr); batch && batch->packed) {
            // A packed change is one its map would give.
            for (const Store::Change &change : batch->changes) {
                const auto asMap = Store::Change::fromCbor(change.toCbor(), nullptr);
                FUZZ_CHECK(asMap && asMap->kind == change.kind && asMap->offset == change.offset
                               && asMap->record == change.record,
                           "a packed change reads as its map does");
            }
        }
        return checkTyped<ReplChangeBatch>(body);
    case MessageType::ReplSnapshotBegin:
        return message.reply ? void() : checkTyped<ReplSnapshotBegin>(body);
    case MessageType::ReplSnapshotChunk:
        if (message.reply)
            return;
        for (const QCborValue &record : body.value(Keys::records).toArray())
            checkRecord(record.toMap());
        if (const auto chunk = ReplSnapshotChunk::fromCbor(body, nullptr); chunk && chunk->packed) {
            // A packed record is one its map would give.
            for (const Store::SessionRecord &record : chunk->records) {
                const auto asMap = Store::SessionRecord::fromCbor(record.toCbor(), nullptr);
                FUZZ_CHECK(asMap && *asMap == record, "a packed record reads as its map does");
            }
        }
        return checkTyped<ReplSnapshotChunk>(body);
    case MessageType::ReplSnapshotEnd:
        return message.reply ? void() : checkTyped<ReplSnapshotEnd>(body);
    default:
        return;
    }
}

// The admin API (tl-console, tlctl --node).
void checkAdminBody(const Protocol::Message &message)
{
    using namespace Protocol;
    const Body &body = message.body;
    switch (message.type) {
    case MessageType::AdminSessionTerminate:
        return message.reply ? checkTyped<Terminated>(body) : checkTyped<CtlTerminate>(body);
    case MessageType::AdminAgentList:
        return message.reply ? checkTyped<CtlLoadList>(body) : void();
    case MessageType::AdminLogin:
        return message.reply ? checkTyped<AdminLoginReply>(body) : checkTyped<AdminLogin>(body);
    case MessageType::AdminStatus:
        return message.reply ? checkTyped<AdminStatus>(body) : void();
    case MessageType::AdminSessionList:
        return message.reply ? checkTyped<AdminSessionPage>(body) : checkTyped<AdminSessionQuery>(body);
    case MessageType::AdminSessionVerify:
        return message.reply ? checkTyped<AdminSessionVerifyReply>(body)
                             : checkTyped<AdminSessionVerify>(body);
    case MessageType::AdminAgentGetConfig:
        return message.reply ? checkTyped<AgentConfig>(body) : checkTyped<AdminAgentConfig>(body);
    case MessageType::AdminAgentSetConfig:
        return message.reply ? void() : checkTyped<AdminAgentConfig>(body);
    case MessageType::AdminGetTerminalServers:
        return message.reply ? checkTyped<AdminTerminalServers>(body) : void();
    case MessageType::AdminSetTerminalServers:
        return checkTyped<AdminTerminalServers>(body);
    case MessageType::AdminGetHaConfig:
        return message.reply ? checkTyped<AdminHaConfig>(body) : void();
    case MessageType::AdminSetHaConfig:
        return message.reply ? void() : checkTyped<AdminHaConfig>(body);
    case MessageType::AdminHaStepDown:
        return message.reply ? checkTyped<CtlStepDownReply>(body) : checkTyped<AdminStepDown>(body);
    case MessageType::AdminEvent:
        return checkTyped<AdminEvent>(body);
    case MessageType::AdminNodeFacts:
        return message.reply ? checkTyped<AdminNodeFacts>(body) : checkTyped<AdminNodeFactsQuery>(body);
    case MessageType::AdminEventLog:
        return message.reply ? checkTyped<AdminEventLog>(body) : checkTyped<AdminEventLogQuery>(body);
    case MessageType::AdminSshHostKeysGet:
        return message.reply ? checkTyped<AdminSshHostKeys>(body) : void();
    case MessageType::AdminSshHostKeysSet:
        return checkTyped<AdminSshHostKeys>(body);
    case MessageType::AdminKeepalivedConfSet:
        return checkTyped<AdminKeepalivedConf>(body);
    case MessageType::AdminClusterKeyGet:
        return message.reply ? checkTyped<AdminClusterKey>(body) : void();
    case MessageType::AdminClusterKeySet:
        return checkTyped<AdminClusterKey>(body);
    default:
        return;
    }
}

// Every body of the typed contract, request or reply, as the receiving side reads it; the
// message types are numbered by link (messagetype.h).
void checkBody(const Protocol::Message &message)
{
    if (message.isError())
        return;
    const int type = static_cast<int>(message.type);
    if (type >= 100 && type < 200)
        checkAgentBody(message);
    else if (type >= 200 && type < 300)
        checkLocalBody(message);
    else if (type >= 300 && type < 400)
        checkReplBody(message);
    else if (type >= 400 && type < 500)
        checkAdminBody(message);
}

} // namespace

// Whether a map in value (at any depth) holds a key twice, compared by the keys' encodings: the
// slow and plain answer to what Message::decode() refuses, beside its quicker scan of the bytes.
bool holdsAKeyTwice(const QCborValue &value)
{
    if (value.isArray()) {
        const QCborArray array = value.toArray();
        return std::any_of(array.begin(), array.end(), [](const QCborValue &v) { return holdsAKeyTwice(v); });
    }
    if (!value.isMap())
        return value.isTag() && holdsAKeyTwice(value.taggedValue());
    const QCborMap map = value.toMap();
    QList<QByteArray> keys;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (holdsAKeyTwice(it.value()))
            return true;
        keys.append(it.key().toCbor());
    }
    std::sort(keys.begin(), keys.end());
    return std::adjacent_find(keys.cbegin(), keys.cend()) != keys.cend();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray payload = Fuzz::bytes(data, size);
    QString error;
    const std::optional<Protocol::Message> message = Protocol::Message::decode(payload, &error);
    if (!message) {
        FUZZ_CHECK(!error.isEmpty(), "a refused message has a reason");
        return 0;
    }
    const QCborValue value = QCborValue::fromCbor(payload);
    FUZZ_CHECK(!holdsAKeyTwice(value), "an accepted message holds no key twice");
    // Read from its bytes or through a QCborValue, the body is the map the payload holds.
    FUZZ_CHECK(QCborValue(message->body.map()).toCbor()
                   == value.toMap().value(QLatin1StringView("b")).toMap().toCborValue().toCbor(),
               "the body is the payload's map");
    // What decodes re-encodes to a message that decodes to the same thing, and encoding is stable.
    const QByteArray encoded = message->encode();
    const std::optional<Protocol::Message> again = Protocol::Message::decode(encoded, &error);
    FUZZ_CHECK(again, "an encoded message decodes");
    // Bodies are compared by their encoding: QCborValue writes every NaN as the same NaN.
    FUZZ_CHECK(again->type == message->type && again->id == message->id && again->reply == message->reply
                   && again->error == message->error
                   && QCborValue(again->body.map()).toCbor() == QCborValue(message->body.map()).toCbor(),
               "a message survives encode/decode");
    FUZZ_CHECK(again->encode() == encoded, "a message encodes the same way twice");
    checkBody(*message);
    return 0;
}
