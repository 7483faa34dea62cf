#include "backend/server/admin/nodefacts.h"

#include "backend/server/admin/sshhostkeys.h"
#include "backend/server/ha/hasettings.h"
#include "backend/server/ha/nodeidentity.h"
#include "shared/config/tables.h"
#include "shared/config/values.h"
#include "shared/hiveconf/tree.h"
#include "shared/net/clusterkey.h"
#include "shared/paths/paths.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QTimer>

#include <sys/utsname.h>

namespace Admin {

using Server::TerminalServer;
using Server::TerminalServers;

namespace {

bool isLoopback(const QHostAddress &address)
{
    bool v4 = false;
    const quint32 ip = address.toIPv4Address(&v4);
    if (v4)
        return (ip >> 24) == 127;
    return address.isLoopback();
}

QString unameNodename()
{
    struct utsname u { };
    return ::uname(&u) == 0 ? QString::fromLocal8Bit(u.nodename) : QString();
}

} // namespace

QStringList NodeFacts::loopbackHostsLines(const QString &name, const QString &hostsText, const QString &file)
{
    QStringList out;
    const QStringList lines = hostsText.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString text = lines.at(i);
        const qsizetype hash = text.indexOf(QLatin1Char('#'));
        const QStringList fields = (hash >= 0 ? text.left(hash) : text)
                                       .split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (fields.size() < 2)
            continue;
        const QHostAddress address(fields.first());
        if (address.isNull() || !isLoopback(address))
            continue;
        for (qsizetype f = 1; f < fields.size(); ++f) {
            if (fields.at(f).compare(name, Qt::CaseInsensitive) == 0) {
                out.append(QStringLiteral("%1:%2: %3").arg(file).arg(i + 1).arg(text.trimmed()));
                break;
            }
        }
    }
    return out;
}

bool NodeFacts::sshFingerprint(const QString &line, QString *type, QString *fingerprint)
{
    const QByteArray blob = SshHostKeys::publicBlob(line, type);
    if (blob.isEmpty())
        return false;
    *fingerprint = QStringLiteral("SHA256:")
        + QString::fromLatin1(QCryptographicHash::hash(blob, QCryptographicHash::Sha256)
                                  .toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
    return true;
}

QList<Protocol::AdminSshHostKey> NodeFacts::sshHostKeys(const QString &dir, QString *error)
{
    QList<Protocol::AdminSshHostKey> keys;
    const QStringList files
        = QDir(dir).entryList({ QStringLiteral("ssh_host_*_key.pub") }, QDir::Files, QDir::Name);
    QStringList problems;
    for (const QString &name : files) {
        const QString path = dir + QLatin1Char('/') + name;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            problems.append(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
            continue;
        }
        Protocol::AdminSshHostKey key;
        key.file = path;
        if (!sshFingerprint(QString::fromLatin1(f.read(16384)), &key.type, &key.fingerprint)) {
            problems.append(QStringLiteral("%1 is not an ssh public key").arg(path));
            continue;
        }
        keys.append(key);
    }
    if (files.isEmpty())
        problems.append(
            QStringLiteral("no ssh_host_*_key.pub in %1 (is openssh-server installed?)").arg(dir));
    *error = problems.join(QStringLiteral("; "));
    return keys;
}

QList<Protocol::AdminInterface> NodeFacts::interfaces()
{
    QList<Protocol::AdminInterface> out;
    for (const QNetworkInterface &i : QNetworkInterface::allInterfaces()) {
        if (!i.flags().testFlag(QNetworkInterface::IsUp) || i.flags().testFlag(QNetworkInterface::IsLoopBack))
            continue;
        Protocol::AdminInterface entry { i.name(), {} };
        for (const QNetworkAddressEntry &a : i.addressEntries()) {
            if (!a.ip().isLoopback() && !a.ip().isLinkLocal())
                entry.addresses.append(QStringLiteral("%1/%2").arg(a.ip().toString()).arg(a.prefixLength()));
        }
        if (!entry.addresses.isEmpty())
            out.append(entry);
    }
    return out;
}

std::optional<QString> NodeFacts::readSmallFile(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return QString::fromUtf8(f.read(64 * 1024));
}

void NodeFacts::gather(const Protocol::AdminNodeFactsQuery &query, const QString &configFile,
                       QObject *context, Done done, int timeoutMs)
{
    auto *facts = new NodeFacts(query, configFile, context, std::move(done));
    facts->start(timeoutMs);
}

NodeFacts::NodeFacts(const Protocol::AdminNodeFactsQuery &query, const QString &configFile, QObject *context,
                     Done done)
    : QObject(context), m_query(query), m_configFile(configFile), m_done(std::move(done))
{
}

void NodeFacts::start(int timeoutMs)
{
    m_facts.hostname = unameNodename();
    QString error;
    m_facts.sshHostKeys = sshHostKeys(Paths::systemPath(QStringLiteral("/etc/ssh")), &error);
    m_facts.sshHostKeysError = error;
    // Step 8: where keepalived.conf's resource IP goes, and the file installed now.
    m_facts.interfaces = interfaces();
    m_facts.keepalivedFile = Paths::systemPath(QStringLiteral("/etc/keepalived/keepalived.conf"));
    m_facts.keepalivedConf = readSmallFile(m_facts.keepalivedFile);
    // The hooks beside this vsmserver (the package's sbin, or a build's bin), with this node's
    // OPENVSM_ROOT when it has one.
    const QString dir = QCoreApplication::applicationDirPath();
    const QString root = qEnvironmentVariable("OPENVSM_ROOT");
    const QString env
        = root.isEmpty() ? QString() : QStringLiteral("/usr/bin/env OPENVSM_ROOT=%1 ").arg(root);
    m_facts.healthCommand = env + dir + QStringLiteral("/tlctl ha health");
    m_facts.notifyCommand = env + dir + QStringLiteral("/openvsm-ha-notify");

    // The settings both nodes must share: the list the HA link's configuration digest compares.
    Hiveconf::Tree tree;
    if (tree.load(m_configFile, &error)) {
        QStringList errors;
        const auto values = Config::Values::load(Config::serverTable(), tree, &errors);
        for (const QString &p : Ha::HaSettings::mustMatchParameters())
            m_facts.configuration.insert(p, values.string(p));
        m_facts.haEnabled = values.boolean(QStringLiteral("/vsmserver/HA/enabled"));
        // Step 6: the cluster key this node's configuration names.
        m_facts.clusterKeyRequired = values.boolean(QStringLiteral("/vsm/cluster_key_required"));
        if (const QString keyFile
            = Net::ClusterKey::resolvePath(values.string(QStringLiteral("/vsm/cluster_key_file")));
            !keyFile.isEmpty()) {
            QString keyError;
            if (const auto key = Net::ClusterKey::load(keyFile, &keyError))
                m_facts.clusterKeyId = key->keyId();
            else
                m_facts.clusterKeyError
                    = QStringLiteral("/vsm/cluster_key_file %1: %2").arg(keyFile, keyError);
        }
        const auto parsed = TerminalServers::parse(
            values.list(QStringLiteral("/vsmserver/terminalservers")),
            static_cast<quint16>(values.integer(QStringLiteral("/vsm/vsm_agent_port"))), &error);
        if (parsed)
            m_terminalServers = *parsed;
    }

    m_timeout = new QTimer(this);
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, &NodeFacts::finish);
    m_timeout->start(timeoutMs);
    QStringList names = m_query.names + m_query.nodes;
    for (const TerminalServer &t : std::as_const(m_terminalServers))
        names.append(t.host);
    m_starting = true; // an answer that came at once must not end the gathering early
    m_keyscan = new Net::HostKeyScan(m_query.scanned(), this);
    connect(m_keyscan, &Net::HostKeyScan::finished, this, [this]() {
        if (!m_finished)
            finishIfDone();
    });
    for (const QString &name : std::as_const(names))
        lookUp(name);
    m_starting = false;
    finishIfDone();
}

void NodeFacts::lookUp(const QString &name)
{
    if (m_forward.contains(name))
        return;
    m_forward.insert(name, {});
    m_lookupIds.append(QHostInfo::lookupHost(name, this, [this, name](const QHostInfo &info) {
        if (m_finished)
            return;
        Lookup &l = m_forward[name];
        l.done = true;
        if (info.error() != QHostInfo::NoError) {
            l.reason = info.errorString();
        } else {
            for (const QHostAddress &a : info.addresses()) {
                if (!l.addresses.contains(a))
                    l.addresses.append(a);
            }
        }
        // Reverse names only for what the admin asked about.
        if (m_query.names.contains(name)) {
            for (const QHostAddress &a : std::as_const(l.addresses))
                reverseLookUp(a);
        }
        finishIfDone();
    }));
}

void NodeFacts::reverseLookUp(const QHostAddress &address)
{
    const QString text = address.toString();
    if (m_reverseDone.contains(text))
        return;
    m_reverseDone.insert(text, false);
    m_lookupIds.append(QHostInfo::lookupHost(text, this, [this, text](const QHostInfo &info) {
        if (m_finished)
            return;
        m_reverseDone[text] = true;
        // Without a name QHostInfo gives the address back as the "name".
        if (info.error() == QHostInfo::NoError && info.hostName() != text)
            m_reverse.insert(text, info.hostName());
        finishIfDone();
    }));
}

void NodeFacts::finishIfDone()
{
    if (m_starting)
        return;
    for (const Lookup &l : std::as_const(m_forward)) {
        if (!l.done)
            return;
    }
    for (const bool done : std::as_const(m_reverseDone)) {
        if (!done)
            return;
    }
    if (m_keyscan && m_keyscan->isRunning())
        return;
    finish();
}

void NodeFacts::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout->stop();
    for (const int id : std::as_const(m_lookupIds))
        QHostInfo::abortHostLookup(id);
    const QString timedOut
        = QStringLiteral("no answer from the resolver within %1 s").arg(m_timeout->interval() / 1000.0);

    QString hostsText;
    QFile hosts(QStringLiteral("/etc/hosts"));
    if (hosts.open(QIODevice::ReadOnly))
        hostsText = QString::fromUtf8(hosts.read(1 << 20));
    for (const QString &name : std::as_const(m_query.names)) {
        const Lookup l = m_forward.value(name);
        Protocol::AdminNameFacts n;
        n.name = name;
        n.reason = l.done ? l.reason : timedOut;
        bool loopback = false;
        for (const QHostAddress &a : l.addresses) {
            Protocol::AdminResolvedAddress r;
            r.address = a.toString();
            r.reverse = m_reverse.value(r.address);
            r.loopback = isLoopback(a);
            loopback = loopback || r.loopback;
            n.addresses.append(r);
        }
        if (loopback)
            n.hostsLines = loopbackHostsLines(name, hostsText);
        m_facts.resolved.append(n);
    }

    const auto resolve = [this](const QString &name) { return m_forward.value(name).addresses; };
    if (!m_query.nodes.isEmpty()) {
        const Ha::NodeIdentity id = Ha::NodeIdentity::determine(m_query.nodes, m_facts.hostname,
                                                                QNetworkInterface::allAddresses(), resolve);
        Protocol::AdminIdentityFacts identity;
        identity.nodes = m_query.nodes;
        identity.valid = id.isValid();
        if (id.isValid()) {
            identity.local = id.local().name;
            identity.peer = id.peer().name;
        }
        identity.explanation = id.explanation();
        m_facts.identity = identity;
    }
    if (m_keyscan)
        m_facts.keyscan = m_keyscan->collect();
    m_facts.loopbackEntries = TerminalServers::loopbackEntries(m_terminalServers, resolve);
    if (!m_facts.loopbackEntries.isEmpty())
        m_facts.loopbackReason = TerminalServers::loopbackMessage(m_facts.loopbackEntries, true);

    m_done(m_facts);
    deleteLater();
}

} // namespace Admin
