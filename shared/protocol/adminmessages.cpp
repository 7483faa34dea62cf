#include "shared/protocol/adminmessages.h"

#include "shared/protocol/keys.h"

#include <QCryptographicHash>

namespace Protocol {

QCborMap AdminLogin::toCbor() const
{
    return { { Keys::password, password } };
}

std::optional<AdminLogin> AdminLogin::fromCbor(const Body &body, QString *error)
{
    AdminLogin m;
    FieldReader f(body, "admin login");
    f.required(Keys::password, &m.password);
    return f.finish(m, error);
}

QCborMap AdminLoginReply::toCbor() const
{
    return { { Keys::node, node }, { Keys::version, version } };
}

std::optional<AdminLoginReply> AdminLoginReply::fromCbor(const Body &body, QString *error)
{
    AdminLoginReply m;
    FieldReader f(body, "admin login reply");
    f.optional(Keys::node, &m.node);
    f.optional(Keys::version, &m.version);
    return f.finish(m, error);
}

QString AdminStatus::describeHa(bool haEnabled, const std::optional<HaStatus> &ha, const QString &error)
{
    if (!ha)
        return haEnabled
            ? QStringLiteral("unknown: %1").arg(error.isEmpty() ? QStringLiteral("no HA status") : error)
            : QStringLiteral("HA not enabled");
    if (!ha->enabled)
        return QStringLiteral("HA not enabled");
    if (!ha->active)
        return QStringLiteral("HA enabled but not running: %1").arg(ha->reason);
    return QStringLiteral("role %1").arg(haRoleName(ha->role));
}

QCborMap AdminStatus::toCbor() const
{
    QCborMap m;
    m.insert(Keys::node, node);
    m.insert(Keys::version, version);
    m.insert(Keys::started, started);
    m.insert(Keys::uptime, uptime);
    m.insert(Keys::sessions, sessions);
    m.insert(Keys::agents, agents);
    m.insert(Keys::agentsReachable, agentsReachable);
    m.insert(Keys::haEnabled, haEnabled);
    if (ha)
        m.insert(Keys::ha, ha->toCbor());
    m.insert(Keys::haState, haState);
    m.insert(Keys::fingerprint, fingerprint);
    return m;
}

std::optional<AdminStatus> AdminStatus::fromCbor(const Body &body, QString *error)
{
    AdminStatus m;
    FieldReader f(body, "node status");
    f.required(Keys::node, &m.node);
    f.optional(Keys::version, &m.version);
    f.optional(Keys::started, &m.started);
    f.optional(Keys::uptime, &m.uptime);
    f.optional(Keys::sessions, &m.sessions);
    f.optional(Keys::agents, &m.agents);
    f.optional(Keys::agentsReachable, &m.agentsReachable);
    f.optional(Keys::haEnabled, &m.haEnabled);
    f.optional(Keys::ha, &m.ha);
    f.optional(Keys::haState, &m.haState);
    f.optional(Keys::fingerprint, &m.fingerprint);
    return f.finish(m, error);
}

std::optional<AdminSessionQuery> AdminSessionQuery::next(const AdminSessionPage &page) const
{
    AdminSessionQuery query = *this;
    if (page.nextAfterId) {
        if (page.sessions.isEmpty() || (afterId && *page.nextAfterId <= *afterId))
            return std::nullopt; // no progress: never asked again and again
        query.afterId = page.nextAfterId;
        return query;
    }
    if (!page.nextOffset)
        return std::nullopt;
    const qint64 from = afterId ? 0 : offset; // a node that ignored afterId answered offset 0's page
    if (*page.nextOffset <= from)
        return std::nullopt;
    query.afterId.reset();
    query.offset = *page.nextOffset;
    return query;
}

QCborMap AdminSessionQuery::toCbor() const
{
    QCborMap m = filter.toCbor();
    insertIf(m, Keys::afterId, afterId);
    if (offset > 0)
        m.insert(Keys::offset, offset);
    insertIf(m, Keys::limit, limit);
    return m;
}

std::optional<AdminSessionQuery> AdminSessionQuery::fromCbor(const Body &body, QString *error)
{
    AdminSessionQuery m;
    const auto filter = CtlSessionFilter::fromCbor(body, error);
    if (!filter)
        return std::nullopt;
    m.filter = *filter;
    FieldReader f(body, "session query");
    f.optional(Keys::afterId, &m.afterId);
    f.optional(Keys::offset, &m.offset);
    f.optional(Keys::limit, &m.limit);
    if (f.ok() && m.offset < 0)
        f.fail(Keys::offset, QStringLiteral("negative"));
    if (f.ok() && m.afterId && m.offset > 0)
        f.fail(Keys::offset, QStringLiteral("not with %1").arg(Keys::afterId));
    if (f.ok() && m.limit && *m.limit < 1)
        f.fail(Keys::limit, QStringLiteral("must be at least 1"));
    return f.finish(m, error);
}

QCborMap AdminSessionPage::toCbor() const
{
    QCborMap m { { Keys::sessions, toCborArray(sessions) }, { Keys::total, total } };
    insertIf(m, Keys::nextAfterId, nextAfterId);
    insertIf(m, Keys::nextOffset, nextOffset);
    return m;
}

std::optional<AdminSessionPage> AdminSessionPage::fromCbor(const Body &body, QString *error)
{
    AdminSessionPage m;
    FieldReader f(body, "session page");
    f.required(Keys::sessions, &m.sessions);
    f.optional(Keys::total, &m.total);
    f.optional(Keys::nextAfterId, &m.nextAfterId);
    f.optional(Keys::nextOffset, &m.nextOffset);
    if (f.ok() && m.nextOffset && *m.nextOffset < 0)
        f.fail(Keys::nextOffset, QStringLiteral("negative"));
    return f.finish(m, error);
}

QCborMap AdminSessionVerify::toCbor() const
{
    return { { Keys::ids, QCborArray::fromStringList(ids) } };
}

std::optional<AdminSessionVerify> AdminSessionVerify::fromCbor(const Body &body, QString *error)
{
    AdminSessionVerify m;
    FieldReader f(body, "session verify");
    f.required(Keys::ids, &m.ids);
    if (f.ok() && m.ids.isEmpty())
        f.fail(Keys::ids, QStringLiteral("say which sessions to verify"));
    return f.finish(m, error);
}

QCborMap AdminVerifyResult::toCbor() const
{
    QCborMap m { { Keys::id, id }, { Keys::present, present }, { Keys::alive, alive } };
    if (!agent.isEmpty())
        m.insert(Keys::agent, agent);
    if (!reason.isEmpty())
        m.insert(Keys::reason, reason);
    return m;
}

std::optional<AdminVerifyResult> AdminVerifyResult::fromCbor(const Body &body, QString *error)
{
    AdminVerifyResult m;
    FieldReader f(body, "verify result");
    f.required(Keys::id, &m.id);
    f.required(Keys::present, &m.present);
    f.optional(Keys::agent, &m.agent);
    f.required(Keys::alive, &m.alive);
    f.optional(Keys::reason, &m.reason);
    return f.finish(m, error);
}

QCborMap AdminSessionVerifyReply::toCbor() const
{
    return { { Keys::results, toCborArray(results) } };
}

std::optional<AdminSessionVerifyReply> AdminSessionVerifyReply::fromCbor(const Body &body, QString *error)
{
    AdminSessionVerifyReply m;
    FieldReader f(body, "session verify reply");
    f.required(Keys::results, &m.results);
    return f.finish(m, error);
}

QCborMap AdminAgentConfig::toCbor() const
{
    QCborMap m = change.toCbor();
    m.insert(Keys::agent, agent);
    return m;
}

std::optional<AdminAgentConfig> AdminAgentConfig::fromCbor(const Body &body, QString *error)
{
    AdminAgentConfig m;
    FieldReader f(body, "agent configuration");
    f.required(Keys::agent, &m.agent);
    if (!f.ok())
        return f.finish(m, error);
    const auto change = AgentConfig::fromCbor(body, error);
    if (!change)
        return std::nullopt;
    m.change = *change;
    return m;
}

QCborMap AdminTerminalServers::toCbor() const
{
    QCborMap m { { Keys::terminalservers, QCborArray::fromStringList(terminalservers) } };
    if (haEnabled)
        m.insert(Keys::haEnabled, true);
    if (!definedAt.isEmpty())
        m.insert(Keys::definedAt, definedAt);
    if (!warning.isEmpty())
        m.insert(Keys::warning, warning);
    return m;
}

std::optional<AdminTerminalServers> AdminTerminalServers::fromCbor(const Body &body, QString *error)
{
    AdminTerminalServers m;
    FieldReader f(body, "terminalservers");
    f.required(Keys::terminalservers, &m.terminalservers);
    f.optional(Keys::haEnabled, &m.haEnabled);
    f.optional(Keys::definedAt, &m.definedAt);
    f.optional(Keys::warning, &m.warning);
    return f.finish(m, error);
}

QCborMap AdminHaConfig::toCbor() const
{
    QCborMap values;
    for (auto it = params.constBegin(); it != params.constEnd(); ++it)
        values.insert(it.key(), it.value());
    return { { Keys::params, values } };
}

std::optional<AdminHaConfig> AdminHaConfig::fromCbor(const Body &body, QString *error)
{
    AdminHaConfig m;
    QCborMap values;
    FieldReader f(body, "HA configuration");
    f.required(Keys::params, &values);
    for (auto it = values.constBegin(); f.ok() && it != values.constEnd(); ++it) {
        if (!it.key().isString() || !it.value().isString())
            f.fail(Keys::params, QStringLiteral("every parameter and value must be text"));
        else
            m.params.insert(it.key().toString(), it.value().toString());
    }
    return f.finish(m, error);
}

QCborMap AdminStepDown::toCbor() const
{
    QCborMap m;
    insertIf(m, Keys::seconds, seconds);
    return m;
}

std::optional<AdminStepDown> AdminStepDown::fromCbor(const Body &body, QString *error)
{
    AdminStepDown m;
    FieldReader f(body, "step-down");
    f.optional(Keys::seconds, &m.seconds);
    if (f.ok() && m.seconds && *m.seconds < 0)
        f.fail(Keys::seconds, QStringLiteral("negative"));
    return f.finish(m, error);
}

namespace {

// Text keyed by text (parameter -> value): a map of strings, anything else refused.
QCborMap textMap(const QMap<QString, QString> &values)
{
    QCborMap m;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        m.insert(it.key(), it.value());
    return m;
}

bool readTextMap(FieldReader &f, Key key, const QCborMap &values, QMap<QString, QString> *out)
{
    for (auto it = values.constBegin(); f.ok() && it != values.constEnd(); ++it) {
        if (!it.key().isString() || !it.value().isString())
            f.fail(key, QStringLiteral("every parameter and value must be text"));
        else
            out->insert(it.key().toString(), it.value().toString());
    }
    return f.ok();
}

} // namespace

QCborMap AdminNodeFactsQuery::toCbor() const
{
    QCborMap m { { Keys::names, QCborArray::fromStringList(names) } };
    if (!nodes.isEmpty())
        m.insert(Keys::nodes, QCborArray::fromStringList(nodes));
    if (scan)
        m.insert(Keys::scan, QCborArray::fromStringList(*scan));
    return m;
}

std::optional<AdminNodeFactsQuery> AdminNodeFactsQuery::fromCbor(const Body &body, QString *error)
{
    AdminNodeFactsQuery m;
    FieldReader f(body, "node facts query");
    f.required(Keys::names, &m.names);
    f.optional(Keys::nodes, &m.nodes);
    f.optional(Keys::scan, &m.scan);
    if (f.ok() && m.names.isEmpty())
        f.fail(Keys::names, QStringLiteral("say which names to resolve"));
    if (f.ok() && m.names.size() > MaxNames)
        f.fail(Keys::names, QStringLiteral("at most %1 names, got %2").arg(MaxNames).arg(m.names.size()));
    if (f.ok() && m.nodes.size() > MaxNames)
        f.fail(Keys::nodes, QStringLiteral("at most %1 nodes, got %2").arg(MaxNames).arg(m.nodes.size()));
    for (const auto &[key, list] :
         { std::pair { Keys::names, &m.names }, std::pair { Keys::nodes, &m.nodes } }) {
        for (const QString &name : std::as_const(*list)) {
            if (!f.ok())
                break;
            if (name.isEmpty() || name.size() > MaxNameLength)
                f.fail(key, QStringLiteral("a name must have 1..%1 characters").arg(MaxNameLength));
            else if (name.contains(QLatin1Char(' ')) || name.contains(QLatin1Char('\n')))
                f.fail(key, QStringLiteral("'%1' is not a host name").arg(name));
        }
    }
    for (const QString &name : m.scan.value_or(QStringList())) {
        if (f.ok() && !m.names.contains(name))
            f.fail(Keys::scan, QStringLiteral("'%1' is not one of the names to resolve").arg(name));
    }
    return f.finish(m, error);
}

QCborMap AdminResolvedAddress::toCbor() const
{
    QCborMap m { { Keys::address, address } };
    if (!reverse.isEmpty())
        m.insert(Keys::reverse, reverse);
    if (loopback)
        m.insert(Keys::loopback, true);
    return m;
}

std::optional<AdminResolvedAddress> AdminResolvedAddress::fromCbor(const Body &body, QString *error)
{
    AdminResolvedAddress m;
    FieldReader f(body, "resolved address");
    f.required(Keys::address, &m.address);
    f.optional(Keys::reverse, &m.reverse);
    f.optional(Keys::loopback, &m.loopback);
    return f.finish(m, error);
}

QCborMap AdminNameFacts::toCbor() const
{
    QCborMap m { { Keys::name, name }, { Keys::addresses, toCborArray(addresses) } };
    if (!reason.isEmpty())
        m.insert(Keys::reason, reason);
    if (!hostsLines.isEmpty())
        m.insert(Keys::hostsLine, QCborArray::fromStringList(hostsLines));
    return m;
}

std::optional<AdminNameFacts> AdminNameFacts::fromCbor(const Body &body, QString *error)
{
    AdminNameFacts m;
    FieldReader f(body, "name facts");
    f.required(Keys::name, &m.name);
    f.required(Keys::addresses, &m.addresses);
    f.optional(Keys::reason, &m.reason);
    f.optional(Keys::hostsLine, &m.hostsLines);
    return f.finish(m, error);
}

QCborMap AdminIdentityFacts::toCbor() const
{
    QCborMap m { { Keys::nodes, QCborArray::fromStringList(nodes) },
                 { Keys::valid, valid },
                 { Keys::explanation, explanation } };
    if (valid) {
        m.insert(Keys::local, local);
        m.insert(Keys::peer, peer);
    }
    return m;
}

std::optional<AdminIdentityFacts> AdminIdentityFacts::fromCbor(const Body &body, QString *error)
{
    AdminIdentityFacts m;
    FieldReader f(body, "identity facts");
    f.required(Keys::nodes, &m.nodes);
    f.required(Keys::valid, &m.valid);
    f.optional(Keys::explanation, &m.explanation);
    if (m.valid) {
        f.required(Keys::local, &m.local);
        f.required(Keys::peer, &m.peer);
    }
    return f.finish(m, error);
}

QCborMap AdminSshHostKey::toCbor() const
{
    return { { Keys::type, type }, { Keys::fingerprint, fingerprint }, { Keys::file, file } };
}

std::optional<AdminSshHostKey> AdminSshHostKey::fromCbor(const Body &body, QString *error)
{
    AdminSshHostKey m;
    FieldReader f(body, "ssh host key");
    f.required(Keys::type, &m.type);
    f.required(Keys::fingerprint, &m.fingerprint);
    f.optional(Keys::file, &m.file);
    if (f.ok() && !m.fingerprint.startsWith(QLatin1String("SHA256:")))
        f.fail(Keys::fingerprint, QStringLiteral("not a SHA256: fingerprint"));
    return f.finish(m, error);
}

QCborMap AdminSshHostKeyPair::toCbor() const
{
    return { { Keys::name, name }, { Keys::privateKey, privateKey }, { Keys::publicKey, publicKey } };
}

std::optional<AdminSshHostKeyPair> AdminSshHostKeyPair::fromCbor(const Body &body, QString *error)
{
    AdminSshHostKeyPair m;
    FieldReader f(body, "ssh host key pair");
    f.required(Keys::name, &m.name);
    f.required(Keys::privateKey, &m.privateKey);
    f.required(Keys::publicKey, &m.publicKey);
    return f.finish(m, error);
}

QCborMap AdminSshHostKeys::toCbor() const
{
    QCborMap m { { Keys::hostKeys, toCborArray(keys) } };
    if (!backup.isEmpty())
        m.insert(Keys::backup, backup);
    if (!sshd.isEmpty())
        m.insert(Keys::sshd, sshd);
    return m;
}

std::optional<AdminSshHostKeys> AdminSshHostKeys::fromCbor(const Body &body, QString *error)
{
    AdminSshHostKeys m;
    FieldReader f(body, "ssh host keys");
    f.optional(Keys::hostKeys, &m.keys);
    f.optional(Keys::backup, &m.backup);
    f.optional(Keys::sshd, &m.sshd);
    return f.finish(m, error);
}

QCborMap AdminKeepalivedConf::toCbor() const
{
    QCborMap m;
    for (const auto &[key, value] :
         { std::pair { Keys::text, text }, std::pair { Keys::file, file }, std::pair { Keys::backup, backup },
           std::pair { Keys::keepalived, keepalived } }) {
        if (!value.isEmpty())
            m.insert(key, value);
    }
    return m;
}

std::optional<AdminKeepalivedConf> AdminKeepalivedConf::fromCbor(const Body &body, QString *error)
{
    AdminKeepalivedConf m;
    FieldReader f(body, "keepalived.conf");
    f.optional(Keys::text, &m.text);
    if (m.text.size() > MaxText)
        f.fail(Keys::text, QStringLiteral("longer than %1 characters: not a keepalived.conf").arg(MaxText));
    f.optional(Keys::file, &m.file);
    f.optional(Keys::backup, &m.backup);
    f.optional(Keys::keepalived, &m.keepalived);
    return f.finish(m, error);
}

QCborMap AdminClusterKey::toCbor() const
{
    QCborMap m;
    if (!secret.isEmpty())
        m.insert(Keys::clusterKey, secret);
    if (!keyId.isEmpty())
        m.insert(Keys::clusterKeyId, keyId);
    if (!file.isEmpty())
        m.insert(Keys::file, file);
    insertIf(m, Keys::clusterKeyRequired, required);
    return m;
}

std::optional<AdminClusterKey> AdminClusterKey::fromCbor(const Body &body, QString *error)
{
    AdminClusterKey m;
    FieldReader f(body, "cluster key");
    f.optional(Keys::clusterKey, &m.secret);
    if (f.ok() && !m.secret.isEmpty() && m.secret.size() != ClusterKeySize)
        f.fail(Keys::clusterKey, QStringLiteral("not %1 bytes").arg(ClusterKeySize));
    f.optional(Keys::clusterKeyId, &m.keyId);
    f.optional(Keys::file, &m.file);
    f.optional(Keys::clusterKeyRequired, &m.required);
    return f.finish(m, error);
}

QList<AdminScannedKey> AdminScannedKey::parseKeyscan(const QString &output)
{
    QList<AdminScannedKey> keys;
    for (const QString &line : output.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QStringList f = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (f.size() < 3 || line.startsWith(QLatin1Char('#')))
            continue;
        const QByteArray blob = QByteArray::fromBase64(f.at(2).toLatin1());
        keys.append({ f.at(0), f.at(1),
                      QStringLiteral("SHA256:")
                          + QString::fromLatin1(QCryptographicHash::hash(blob, QCryptographicHash::Sha256)
                                                    .toBase64(QByteArray::OmitTrailingEquals)) });
    }
    return keys;
}

QCborMap AdminScannedKey::toCbor() const
{
    return { { Keys::host, host }, { Keys::type, type }, { Keys::fingerprint, fingerprint } };
}

std::optional<AdminScannedKey> AdminScannedKey::fromCbor(const Body &body, QString *error)
{
    AdminScannedKey m;
    FieldReader f(body, "scanned key");
    f.required(Keys::host, &m.host);
    f.required(Keys::type, &m.type);
    f.required(Keys::fingerprint, &m.fingerprint);
    return f.finish(m, error);
}

QCborMap AdminInterface::toCbor() const
{
    return { { Keys::name, name }, { Keys::addresses, QCborArray::fromStringList(addresses) } };
}

std::optional<AdminInterface> AdminInterface::fromCbor(const Body &body, QString *error)
{
    AdminInterface m;
    FieldReader f(body, "interface");
    f.required(Keys::name, &m.name);
    f.optional(Keys::addresses, &m.addresses);
    return f.finish(m, error);
}

QCborMap AdminNodeFacts::toCbor() const
{
    QCborMap m { { Keys::hostname, hostname },
                 { Keys::resolved, toCborArray(resolved) },
                 { Keys::sshHostKeys, toCborArray(sshHostKeys) },
                 { Keys::configuration, textMap(configuration) } };
    if (identity)
        m.insert(Keys::identity, identity->toCbor());
    if (!sshHostKeysError.isEmpty())
        m.insert(Keys::sshHostKeysError, sshHostKeysError);
    if (haEnabled)
        m.insert(Keys::haEnabled, true);
    if (!loopbackEntries.isEmpty()) {
        m.insert(Keys::loopbackEntries, QCborArray::fromStringList(loopbackEntries));
        m.insert(Keys::loopbackReason, loopbackReason);
    }
    if (!interfaces.isEmpty())
        m.insert(Keys::interfaces, toCborArray(interfaces));
    if (!keepalivedFile.isEmpty())
        m.insert(Keys::keepalivedFile, keepalivedFile);
    if (keepalivedConf)
        m.insert(Keys::keepalivedConf, *keepalivedConf);
    if (!healthCommand.isEmpty())
        m.insert(Keys::healthCommand, healthCommand);
    if (!notifyCommand.isEmpty())
        m.insert(Keys::notifyCommand, notifyCommand);
    if (!clusterKeyId.isEmpty())
        m.insert(Keys::clusterKeyId, clusterKeyId);
    if (!clusterKeyError.isEmpty())
        m.insert(Keys::clusterKeyError, clusterKeyError);
    if (!clusterKeyRequired)
        m.insert(Keys::clusterKeyRequired, false);
    if (keyscan)
        m.insert(Keys::keyscan, toCborArray(*keyscan));
    return m;
}

std::optional<AdminNodeFacts> AdminNodeFacts::fromCbor(const Body &body, QString *error)
{
    AdminNodeFacts m;
    QCborMap configuration;
    FieldReader f(body, "node facts");
    f.required(Keys::hostname, &m.hostname);
    f.required(Keys::resolved, &m.resolved);
    f.optional(Keys::identity, &m.identity);
    f.optional(Keys::sshHostKeys, &m.sshHostKeys);
    f.optional(Keys::sshHostKeysError, &m.sshHostKeysError);
    f.optional(Keys::configuration, &configuration);
    f.optional(Keys::haEnabled, &m.haEnabled);
    f.optional(Keys::loopbackEntries, &m.loopbackEntries);
    f.optional(Keys::loopbackReason, &m.loopbackReason);
    f.optional(Keys::interfaces, &m.interfaces);
    f.optional(Keys::keepalivedFile, &m.keepalivedFile);
    f.optional(Keys::keepalivedConf, &m.keepalivedConf);
    f.optional(Keys::healthCommand, &m.healthCommand);
    f.optional(Keys::notifyCommand, &m.notifyCommand);
    f.optional(Keys::clusterKeyId, &m.clusterKeyId);
    f.optional(Keys::clusterKeyError, &m.clusterKeyError);
    f.optional(Keys::clusterKeyRequired, &m.clusterKeyRequired);
    f.optional(Keys::keyscan, &m.keyscan);
    if (f.ok())
        readTextMap(f, Keys::configuration, configuration, &m.configuration);
    return f.finish(m, error);
}

namespace {

struct LogKindName {
    AdminLogEntry::Kind kind;
    Key name;
};
constexpr LogKindName LogKindNames[]
    = { { AdminLogEntry::Kind::Role, Keys::role },     { AdminLogEntry::Kind::Health, Keys::health },
        { AdminLogEntry::Kind::Resync, Keys::resync }, { AdminLogEntry::Kind::Refused, Keys::refused },
        { AdminLogEntry::Kind::Agent, Keys::agent },   { AdminLogEntry::Kind::Session, Keys::session },
        { AdminLogEntry::Kind::Config, Keys::config } };

} // namespace

QString AdminLogEntry::kindName(Kind kind)
{
    for (const LogKindName &k : LogKindNames) {
        if (k.kind == kind)
            return QString(k.name);
    }
    return {};
}

std::optional<AdminLogEntry::Kind> AdminLogEntry::kindFromName(const QString &name)
{
    for (const LogKindName &k : LogKindNames) {
        if (name == k.name)
            return k.kind;
    }
    return std::nullopt;
}

QList<AdminLogEntry::Kind> AdminLogEntry::kinds()
{
    QList<Kind> out;
    for (const LogKindName &k : LogKindNames)
        out.append(k.kind);
    return out;
}

AdminLogEntry AdminLogEntry::make(Kind kind, const QString &text, const QMap<QString, QString> &details)
{
    AdminLogEntry e;
    e.kind = kind;
    e.text = text;
    e.details = details;
    return e;
}

QCborMap AdminLogEntry::toCbor() const
{
    QCborMap m { { Keys::seq, seq },
                 { Keys::time, time },
                 { Keys::node, node },
                 { Keys::kind, kindName(kind) },
                 { Keys::text, text } };
    if (!details.isEmpty())
        m.insert(Keys::details, textMap(details));
    return m;
}

std::optional<AdminLogEntry> AdminLogEntry::fromCbor(const Body &body, QString *error)
{
    AdminLogEntry m;
    QString kind;
    QCborMap details;
    FieldReader f(body, "event log entry");
    f.required(Keys::seq, &m.seq);
    f.required(Keys::time, &m.time);
    f.optional(Keys::node, &m.node);
    f.required(Keys::kind, &kind);
    f.required(Keys::text, &m.text);
    f.optional(Keys::details, &details);
    if (f.ok()) {
        const auto known = kindFromName(kind);
        if (known)
            m.kind = *known;
        else
            f.fail(Keys::kind, QStringLiteral("unknown kind '%1'").arg(kind));
    }
    if (f.ok())
        readTextMap(f, Keys::details, details, &m.details);
    return f.finish(m, error);
}

QCborMap AdminReason::toCbor() const
{
    return { { Keys::code, code }, { Keys::args, QCborArray::fromStringList(args) } };
}

std::optional<AdminReason> AdminReason::fromCbor(const Body &body, QString *error)
{
    AdminReason m;
    FieldReader f(body, "reason");
    f.required(Keys::code, &m.code);
    f.optional(Keys::args, &m.args);
    return f.finish(m, error);
}

QCborMap AdminEventLogQuery::toCbor() const
{
    QCborMap m;
    if (after > 0)
        m.insert(Keys::after, after);
    return m;
}

std::optional<AdminEventLogQuery> AdminEventLogQuery::fromCbor(const Body &body, QString *error)
{
    AdminEventLogQuery m;
    FieldReader f(body, "event log query");
    f.optional(Keys::after, &m.after);
    if (f.ok() && m.after < 0)
        f.fail(Keys::after, QStringLiteral("must not be negative"));
    return f.finish(m, error);
}

QCborMap AdminEventLog::toCbor() const
{
    return { { Keys::entries, toCborArray(entries) } };
}

std::optional<AdminEventLog> AdminEventLog::fromCbor(const Body &body, QString *error)
{
    AdminEventLog m;
    FieldReader f(body, "event log");
    f.optional(Keys::entries, &m.entries);
    return f.finish(m, error);
}

namespace {

struct EventName {
    AdminEvent::Kind kind;
    Key name;
};
constexpr EventName EventNames[]
    = { { AdminEvent::Kind::Session, Keys::session },         { AdminEvent::Kind::Agents, Keys::agents },
        { AdminEvent::Kind::AgentConfig, Keys::agentConfig }, { AdminEvent::Kind::Config, Keys::config },
        { AdminEvent::Kind::Status, Keys::status },           { AdminEvent::Kind::Logged, Keys::logged } };

} // namespace

QString AdminEvent::kindName(Kind kind)
{
    for (const EventName &e : EventNames) {
        if (e.kind == kind)
            return QString(e.name);
    }
    return {};
}

QCborMap AdminEvent::toCbor() const
{
    QCborMap m;
    switch (kind) {
    case Kind::Session:
        if (session)
            m.insert(Keys::session, session->toCbor());
        m.insert(Keys::removed, removed);
        break;
    case Kind::Agents:
        if (agents)
            m = agents->toCbor();
        break;
    case Kind::AgentConfig:
        m.insert(Keys::agent, agent);
        break;
    case Kind::Config:
        insertIf(m, Keys::terminalservers, terminalservers);
        if (ha)
            m.insert(Keys::ha, true);
        if (reloaded)
            m.insert(Keys::reloaded, true);
        break;
    case Kind::Status:
        if (status)
            m.insert(Keys::status, status->toCbor());
        break;
    case Kind::Logged:
        if (logged)
            m.insert(Keys::logged, logged->toCbor());
        break;
    }
    m.insert(Keys::kind, kindName(kind));
    return m;
}

std::optional<AdminEvent> AdminEvent::fromCbor(const Body &body, QString *error)
{
    AdminEvent m;
    QString kind;
    FieldReader f(body, "admin event");
    f.required(Keys::kind, &kind);
    if (!f.ok())
        return f.finish(m, error);
    bool known = false;
    for (const EventName &e : EventNames) {
        if (kind == e.name) {
            m.kind = e.kind;
            known = true;
        }
    }
    if (!known)
        f.fail(Keys::kind, QStringLiteral("unknown event '%1'").arg(kind));
    switch (m.kind) {
    case Kind::Session: {
        CtlSession session;
        f.required(Keys::session, &session);
        f.optional(Keys::removed, &m.removed);
        if (f.ok())
            m.session = session;
        break;
    }
    case Kind::Agents:
        if (f.ok()) {
            QString why;
            m.agents = CtlLoadList::fromCbor(body, &why);
            if (!m.agents)
                f.fail(Keys::agents, why);
        }
        break;
    case Kind::AgentConfig:
        f.required(Keys::agent, &m.agent);
        break;
    case Kind::Config:
        f.optional(Keys::terminalservers, &m.terminalservers);
        f.optional(Keys::ha, &m.ha);
        f.optional(Keys::reloaded, &m.reloaded);
        break;
    case Kind::Status: {
        AdminStatus status;
        f.required(Keys::status, &status);
        if (f.ok())
            m.status = status;
        break;
    }
    case Kind::Logged:
        f.optional(Keys::logged, &m.logged);
        if (f.ok() && !m.logged)
            f.fail(Keys::logged, QStringLiteral("missing"));
        break;
    }
    return f.finish(m, error);
}

} // namespace Protocol
