#include "shared/store/sessionrecord.h"

#include "shared/protocol/cborreader.h"
#include "shared/protocol/cborwriter.h"
#include "shared/protocol/keys.h"

#include <QCborStreamReader>
#include <QDateTime>
#include <QRandomGenerator>
#include <QStringDecoder>
#include <QUuid>
#include <QVarLengthArray>

#include <algorithm>
#include <limits>
#include <utility>

namespace Store {

using namespace Protocol;

QString sessionStateName(SessionState state)
{
    return state == SessionState::Running ? QStringLiteral("running") : QStringLiteral("disconnected");
}

std::optional<SessionState> parseSessionState(const QString &name)
{
    if (name == QLatin1String("running"))
        return SessionState::Running;
    if (name == QLatin1String("disconnected"))
        return SessionState::Disconnected;
    return std::nullopt;
}

QString newSessionId()
{
    return newSessionId(QDateTime::currentMSecsSinceEpoch());
}

QString newSessionId(qint64 msecsSinceEpoch)
{
    const quint64 ms = quint64(msecsSinceEpoch) & 0xffff'ffff'ffffULL; // the 48 bits of unix_ts_ms
    quint32 random[3];
    QRandomGenerator::system()->fillRange(random);
    const QUuid id(quint32(ms >> 16), quint16(ms), quint16(0x7000 | (random[0] & 0x0fff)), // ver 7, rand_a
                   uchar(0x80 | ((random[0] >> 12) & 0x3f)), uchar(random[0] >> 18), // var 10, rand_b ...
                   uchar(random[1]), uchar(random[1] >> 8), uchar(random[1] >> 16), uchar(random[1] >> 24),
                   uchar(random[2]), uchar(random[2] >> 8));
    return id.toString(QUuid::WithoutBraces);
}

QCborMap SessionRecord::toCbor() const
{
    // Written once per record of every snapshot chunk, replication batch and journal entry. A
    // map that has every key already, copied and its values set in order, costs about 40 % less
    // than an insert per key (each looks its key up among those before it).
    const std::pair<Key, QCborValue> fields[] = {
        { Keys::id, id },
        { Keys::user, user },
        { Keys::uid, uid },
        { Keys::agent, agent },
        { Keys::agentHostname, agentHostname },
        { Keys::display, display },
        { Keys::vncPort, vncPort },
        { Keys::state, sessionStateName(state) },
        { Keys::created, created },
        { Keys::lastConnection, lastConnection },
        { Keys::lastClient, lastClient },
        { Keys::geometry, geometry },
        { Keys::command, command },
        { Keys::pid, pid },
        { Keys::version, static_cast<qint64>(version.counter) },
        { Keys::origin, version.origin },
        { Keys::updated, version.updated },
        { Keys::deleted, deleted },
    };
    static const QCborMap keys = [&fields]() {
        QCborMap m;
        for (const auto &field : fields)
            m.insert(field.first, QCborValue());
        return m;
    }();
    QCborMap m = keys;
    QCborMap::Iterator it = m.begin();
    for (const auto &field : fields)
        (it++).value() = field.second;
    return m;
}

std::optional<SessionRecord> SessionRecord::fromCbor(const Protocol::Body &m, QString *error)
{
    SessionRecord r;
    QString state;
    FieldReader f(m, "session record");
    f.required(Keys::id, &r.id);
    f.required(Keys::user, &r.user);
    f.optional(Keys::uid, &r.uid);
    f.required(Keys::agent, &r.agent);
    f.optional(Keys::agentHostname, &r.agentHostname);
    f.required(Keys::display, &r.display);
    f.optional(Keys::vncPort, &r.vncPort);
    f.optional(Keys::state, &state);
    f.optional(Keys::created, &r.created);
    f.optional(Keys::lastConnection, &r.lastConnection);
    f.optional(Keys::lastClient, &r.lastClient);
    f.optional(Keys::geometry, &r.geometry);
    f.optional(Keys::command, &r.command);
    f.optional(Keys::pid, &r.pid);
    f.optional(Keys::version, &r.version.counter);
    f.optional(Keys::origin, &r.version.origin);
    f.optional(Keys::updated, &r.version.updated);
    f.optional(Keys::deleted, &r.deleted);
    if (f.ok() && r.id.isEmpty())
        f.fail(Keys::id, QStringLiteral("empty"));
    if (f.ok() && !state.isEmpty()) {
        if (const auto s = parseSessionState(state))
            r.state = *s;
        else
            f.fail(Keys::state, QStringLiteral("unknown state '%1'").arg(state));
    }
    return f.finish(r, error);
}

namespace {

constexpr int PackedFieldCount = 18;

// One packed record's fields, read in order from a stream positioned in its array: the same
// types and ranges as FieldReader, and its way of naming what was wrong ("field 'display': not an
// integer"); the first error stops every later read.
class PackedFields {
public:
    // bytes: the size of all that is read; no text can be longer.
    PackedFields(QCborStreamReader &reader, qsizetype bytes) : m_reader(reader), m_bytes(bytes) { }

    void text(Key key, QString *out)
    {
        if (!next(key))
            return;
        if (!m_reader.isString())
            return fail(key, QStringLiteral("not text"));
        // Its UTF-8 bytes, then decoded (and checked) in one pass: readString() builds the text
        // a piece at a time, which cost about as much as the rest of a record's reading.
        m_utf8.clear();
        for (;;) {
            const qsizetype size = m_reader.currentStringChunkSize(); // 0 after the last chunk
            // Its length as written, not yet checked against the bytes there are: never taken
            // for an allocation beyond them.
            if (size < 0 || size > m_bytes - m_utf8.size())
                return fail(key, QStringLiteral("malformed text"));
            const qsizetype at = m_utf8.size();
            m_utf8.resize(at + size);
            const auto chunk = m_reader.readStringChunk(m_utf8.data() + at, size);
            if (chunk.status == QCborStreamReader::Error)
                return fail(key, QStringLiteral("malformed text"));
            if (chunk.status == QCborStreamReader::EndOfString)
                break;
        }
        m_decoder.resetState();
        QString value = m_decoder.decode(QByteArrayView(m_utf8.constData(), m_utf8.size()));
        if (m_decoder.hasError())
            return fail(key, QStringLiteral("not valid UTF-8"));
        *out = std::move(value);
    }
    template<typename T> void integer(Key key, T *out)
    {
        const qint64 min = std::numeric_limits<T>::min();
        const quint64 max
            = std::min<quint64>(std::numeric_limits<T>::max(), std::numeric_limits<qint64>::max());
        if (!next(key))
            return;
        qint64 value = 0;
        if (m_reader.isUnsignedInteger()) {
            const quint64 u = m_reader.toUnsignedInteger();
            if (u > max)
                return fail(key, QStringLiteral("%1 is out of range (%2..%3)").arg(u).arg(min).arg(max));
            value = static_cast<qint64>(u);
        } else if (m_reader.isNegativeInteger()) {
            // Its absolute value; 0 stands for 2^64.
            const auto magnitude = static_cast<quint64>(m_reader.toNegativeInteger());
            const quint64 limit = static_cast<quint64>(-(min + 1)) + 1; // |min|
            if (magnitude == 0 || magnitude > limit)
                return fail(key,
                            QStringLiteral("-%1 is out of range (%2..%3)")
                                .arg(magnitude == 0 ? QStringLiteral("18446744073709551616")
                                                    : QString::number(magnitude))
                                .arg(min)
                                .arg(max));
            value = magnitude == limit ? min : -static_cast<qint64>(magnitude);
        } else {
            return fail(key, QStringLiteral("not an integer"));
        }
        m_reader.next();
        *out = static_cast<T>(value);
    }
    void boolean(Key key, bool *out)
    {
        if (!next(key))
            return;
        if (!m_reader.isBool())
            return fail(key, QStringLiteral("not true or false"));
        *out = m_reader.toBool();
        m_reader.next();
    }
    void fail(Key key, const QString &reason)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("field '%1': %2").arg(key, reason);
    }
    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

private:
    // False, with the reason, when there is no next field or an earlier one failed.
    bool next(Key key)
    {
        if (!m_error.isEmpty())
            return false;
        if (m_reader.lastError() != QCborError::NoError) {
            fail(key, QStringLiteral("malformed CBOR: %1").arg(m_reader.lastError().toString()));
            return false;
        }
        if (!m_reader.hasNext()) {
            fail(key, QStringLiteral("missing"));
            return false;
        }
        return true;
    }

    QCborStreamReader &m_reader;
    const qsizetype m_bytes;
    QString m_error;
    QVarLengthArray<char, 256> m_utf8;
    QStringDecoder m_decoder { QStringDecoder::Utf8, QStringConverter::Flag::Stateless };
};

// The same reading from the fields of an entry already walked (CborItem), for the forms packAll()
// writes: text in ASCII, integers in the field's range, booleans. Anything else, too few
// fields, or a rule broken (fail()) leaves it not ok() without a reason: the entry is then read
// by PackedFields, which names what is wrong.
class PlainFields {
public:
    PlainFields(const CborItem *fields, qsizetype count) : m_fields(fields), m_count(count) { }

    void text(Key, QString *out)
    {
        const CborItem *item = next();
        std::optional<QString> value = item ? item->asciiText() : std::nullopt;
        if (!value)
            return fail();
        *out = std::move(*value);
    }
    template<typename T> void integer(Key, T *out)
    {
        const qint64 min = std::numeric_limits<T>::min();
        const quint64 max
            = std::min<quint64>(std::numeric_limits<T>::max(), std::numeric_limits<qint64>::max());
        const CborItem *item = next();
        const std::optional<qint64> value = item ? item->integer() : std::nullopt;
        if (!value || *value < min || (*value > 0 && static_cast<quint64>(*value) > max))
            return fail();
        *out = static_cast<T>(*value);
    }
    void boolean(Key, bool *out)
    {
        const CborItem *item = next();
        const std::optional<bool> value = item ? item->boolean() : std::nullopt;
        if (!value)
            return fail();
        *out = *value;
    }
    void fail(Key, const QString &) { fail(); }
    bool ok() const { return m_ok; }
    bool allRead() const { return m_at == m_count; }

private:
    void fail() { m_ok = false; }
    const CborItem *next() { return m_ok && m_at < m_count ? &m_fields[m_at++] : nullptr; }

    const CborItem *m_fields;
    qsizetype m_count;
    qsizetype m_at = 0;
    bool m_ok = true;
};

// A record's fields, in toCbor()'s key order, read from f (PackedFields or PlainFields).
template<typename Fields> void readRecordFields(Fields &f, SessionRecord *r)
{
    QString state;
    f.text(Keys::id, &r->id);
    f.text(Keys::user, &r->user);
    f.integer(Keys::uid, &r->uid);
    f.text(Keys::agent, &r->agent);
    f.text(Keys::agentHostname, &r->agentHostname);
    f.integer(Keys::display, &r->display);
    f.integer(Keys::vncPort, &r->vncPort);
    f.text(Keys::state, &state);
    f.integer(Keys::created, &r->created);
    f.integer(Keys::lastConnection, &r->lastConnection);
    f.text(Keys::lastClient, &r->lastClient);
    f.text(Keys::geometry, &r->geometry);
    f.text(Keys::command, &r->command);
    f.integer(Keys::pid, &r->pid);
    f.integer(Keys::version, &r->version.counter);
    f.text(Keys::origin, &r->version.origin);
    f.integer(Keys::updated, &r->version.updated);
    f.boolean(Keys::deleted, &r->deleted);
    if (f.ok() && r->id.isEmpty())
        f.fail(Keys::id, QStringLiteral("empty"));
    if (f.ok()) {
        if (const auto s = parseSessionState(state))
            r->state = *s;
        else
            f.fail(Keys::state, QStringLiteral("unknown state '%1'").arg(state));
    }
}

void writeRecordFields(Protocol::CborWriter &w, const SessionRecord &r)
{
    w.append(r.id);
    w.append(r.user);
    w.append(r.uid);
    w.append(r.agent);
    w.append(r.agentHostname);
    w.append(static_cast<qint64>(r.display));
    w.append(static_cast<qint64>(r.vncPort));
    w.append(r.state == SessionState::Running ? QLatin1StringView("running")
                                              : QLatin1StringView("disconnected"));
    w.append(r.created);
    w.append(r.lastConnection);
    w.append(r.lastClient);
    w.append(r.geometry);
    w.append(r.command);
    w.append(r.pid);
    w.append(static_cast<qint64>(r.version.counter));
    w.append(r.version.origin);
    w.append(r.version.updated);
    w.append(r.deleted);
}

// One entry (an array of fields) from a stream positioned on it, the stream left after it:
// readFields reads the known fields; fields after them, from a later version, are skipped.
template<typename T, typename ReadFields>
std::optional<T> readEntry(QCborStreamReader &reader, qsizetype bytes, ReadFields &&readFields,
                           QString *error)
{
    if (!reader.isArray() || !reader.enterContainer()) {
        *error = QStringLiteral("not a list");
        return std::nullopt;
    }
    T entry;
    PackedFields f(reader, bytes);
    readFields(f, &entry);
    while (f.ok() && reader.hasNext()) {
        if (!reader.next())
            f.fail(Keys::deleted, QStringLiteral("malformed field after it"));
    }
    if (f.ok() && (reader.lastError() != QCborError::NoError || !reader.leaveContainer()))
        f.fail(Keys::deleted, reader.lastError().toString());
    if (!f.ok()) {
        *error = f.error();
        return std::nullopt;
    }
    return entry;
}

// What packAll() wrote, read from the encoding itself (CborItem, PlainFields): every entry an
// array of fieldCount fields of the plain forms, every rule met. Nothing for anything else:
// unpackList() then reads the list with a QCborStreamReader and names what is wrong. A third of
// applying a replicated change was the stream reader's reading of its fields.
template<typename T, typename ReadFields>
std::optional<QList<T>> unpackPlain(const QByteArray &packed, int fieldCount, ReadFields &readFields)
{
    // One pass: the list's head, each entry's head, its fields.
    const char *at = packed.constData();
    const char *const end = at + packed.size();
    const CborItem list = CborItem::headAt(&at, end);
    if (!list.isArray() || list.length() > static_cast<quint64>(packed.size()))
        return std::nullopt;
    QList<T> out;
    out.reserve(static_cast<qsizetype>(list.length()));
    QVarLengthArray<CborItem, 24> fields;
    for (quint64 i = 0; i < list.length(); ++i) {
        const CborItem entry = CborItem::headAt(&at, end);
        if (!entry.isArray() || entry.length() != static_cast<quint64>(fieldCount))
            return std::nullopt;
        fields.clear();
        for (int k = 0; k < fieldCount; ++k) {
            fields.append(CborItem::readAt(&at, end));
            if (!fields.back().isValid())
                return std::nullopt;
        }
        PlainFields f(fields.constData(), fields.size());
        T value;
        readFields(f, &value);
        if (!f.ok() || !f.allRead())
            return std::nullopt;
        out.append(std::move(value));
    }
    if (at != end)
        return std::nullopt;
    return out;
}

// A list of entries packed as one CBOR array, each entry read by readFields; what is wrong is
// named with the entry's index ("what 3: field 'display': not an integer").
template<typename T, typename ReadFields>
std::optional<QList<T>> unpackList(const QByteArray &packed, const char *what, int fieldCount,
                                   ReadFields &&readFields, QString *error)
{
    if (std::optional<QList<T>> plain = unpackPlain<T>(packed, fieldCount, readFields))
        return plain;
    const int minEntryBytes = fieldCount + 1;
    const auto fail = [error](const QString &reason) -> std::optional<QList<T>> {
        if (error)
            *error = reason;
        return std::nullopt;
    };
    QCborStreamReader reader(packed);
    if (!reader.isArray())
        return fail(QStringLiteral("not a CBOR list"));
    QList<T> entries;
    // The announced length is not trusted beyond what the bytes can hold.
    if (reader.isLengthKnown())
        entries.reserve(static_cast<qsizetype>(
            std::min<quint64>(reader.length(), static_cast<quint64>(packed.size()) / minEntryBytes)));
    if (!reader.enterContainer())
        return fail(reader.lastError().toString());
    while (reader.hasNext()) {
        QString why;
        std::optional<T> entry = readEntry<T>(reader, packed.size(), readFields, &why);
        if (!entry)
            return fail(
                QStringLiteral("%1 %2: %3").arg(QLatin1StringView(what)).arg(entries.size()).arg(why));
        entries.append(std::move(*entry));
    }
    if (reader.lastError() != QCborError::NoError || !reader.leaveContainer())
        return fail(QStringLiteral("malformed CBOR: %1").arg(reader.lastError().toString()));
    if (reader.currentOffset() != packed.size())
        return fail(QStringLiteral("%1 bytes after the %2s")
                        .arg(packed.size() - reader.currentOffset())
                        .arg(QLatin1StringView(what)));
    return entries;
}

// unpackList()'s counterpart: the entries as one CBOR array, each an array of fieldCount fields
// written by writeFields.
template<typename T, typename WriteFields>
QByteArray packList(const QList<T> &entries, int fieldCount, WriteFields &&writeFields)
{
    QByteArray bytes;
    bytes.reserve(entries.size() * 256);
    {
        Protocol::CborWriter w(&bytes);
        w.startArray(static_cast<quint64>(entries.size()));
        for (const T &entry : entries) {
            w.startArray(static_cast<quint64>(fieldCount));
            writeFields(w, entry);
        }
    }
    return bytes;
}

} // namespace

QByteArray SessionRecord::packAll(const QList<SessionRecord> &records)
{
    return packList(records, PackedFieldCount, writeRecordFields);
}

std::optional<QList<SessionRecord>> SessionRecord::unpackAll(const QByteArray &packed, QString *error)
{
    return unpackList<SessionRecord>(
        packed, "record", PackedFieldCount, [](auto &f, SessionRecord *r) { readRecordFields(f, r); }, error);
}

bool SessionRecord::newer(const SessionRecord &a, const SessionRecord &b)
{
    if (a.version.counter != b.version.counter)
        return a.version.counter > b.version.counter;
    // The same number of changes: written without knowing of each other. A delete wins over a
    // concurrent change, however late: a terminate has ended (or will end) the session's Xvnc
    // on its agent, which no change of the record brings back.
    if (a.deleted != b.deleted)
        return a.deleted;
    if (a.version.updated != b.version.updated)
        return a.version.updated > b.version.updated;
    return a.version.origin > b.version.origin;
}

bool SessionRecord::operator==(const SessionRecord &o) const
{
    return id == o.id && user == o.user && uid == o.uid && agent == o.agent
        && agentHostname == o.agentHostname && display == o.display && vncPort == o.vncPort
        && state == o.state && created == o.created && lastConnection == o.lastConnection
        && lastClient == o.lastClient && geometry == o.geometry && command == o.command && pid == o.pid
        && version.counter == o.version.counter && version.origin == o.version.origin
        && version.updated == o.version.updated && deleted == o.deleted;
}

QCborMap Change::toCbor() const
{
    QCborMap m;
    m.insert(Keys::kind, kind == Kind::Upsert ? QStringLiteral("upsert") : QStringLiteral("remove"));
    m.insert(Keys::offset, static_cast<qint64>(offset));
    m.insert(Keys::record, record.toCbor());
    return m;
}

std::optional<Change> Change::fromCbor(const Protocol::Body &m, QString *error)
{
    Change c;
    QString kind;
    FieldReader f(m, "change");
    f.required(Keys::kind, &kind);
    f.required(Keys::offset, &c.offset);
    f.required(Keys::record, &c.record);
    if (f.ok() && kind == QLatin1String("remove"))
        c.kind = Kind::Remove;
    else if (f.ok() && kind != QLatin1String("upsert"))
        f.fail(Keys::kind, QStringLiteral("unknown kind '%1'").arg(kind));
    return f.finish(c, error);
}

QByteArray Change::packAll(const QList<Change> &changes)
{
    return packList(changes, PackedFieldCount + 2, [](Protocol::CborWriter &w, const Change &c) {
        w.append(c.kind == Kind::Upsert ? QLatin1StringView("upsert") : QLatin1StringView("remove"));
        w.append(static_cast<qint64>(c.offset));
        writeRecordFields(w, c.record);
    });
}

std::optional<QList<Change>> Change::unpackAll(const QByteArray &packed, QString *error)
{
    const auto readChange = [](auto &f, Change *c) {
        QString kind;
        f.text(Keys::kind, &kind);
        f.integer(Keys::offset, &c->offset);
        if (f.ok() && kind == QLatin1String("remove"))
            c->kind = Kind::Remove;
        else if (f.ok() && kind != QLatin1String("upsert"))
            f.fail(Keys::kind, QStringLiteral("unknown kind '%1'").arg(kind));
        readRecordFields(f, &c->record);
    };
    return unpackList<Change>(packed, "change", PackedFieldCount + 2, readChange, error);
}

} // namespace Store
