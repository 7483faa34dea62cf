#include "backend/server/admin/sshhostkeys.h"

#include "shared/net/secretfile.h"
#include "shared/paths/paths.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/types.h>

namespace Admin::SshHostKeys {

namespace {

constexpr qsizetype MaxKeyFile = 64 * 1024;
constexpr int MaxPairs = 8;

// An SSH string at *pos of data (4 bytes of length, then the bytes); false when it runs past the end.
bool sshString(const QByteArray &data, qsizetype *pos, QByteArray *out)
{
    if (data.size() - *pos < 4)
        return false;
    const quint32 length = (quint32(quint8(data[*pos])) << 24) | (quint32(quint8(data[*pos + 1])) << 16)
        | (quint32(quint8(data[*pos + 2])) << 8) | quint32(quint8(data[*pos + 3]));
    *pos += 4;
    if (length > quint32(data.size() - *pos))
        return false;
    *out = data.mid(*pos, length);
    *pos += length;
    return true;
}

bool validName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^ssh_host_[a-z0-9]{2,16}_key$"));
    return re.match(name).hasMatch();
}

std::optional<QByteArray> readFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    const QByteArray data = f.read(MaxKeyFile + 1);
    if (data.size() > MaxKeyFile) {
        *error = QStringLiteral("%1 is larger than %2 bytes: not a host key").arg(path).arg(MaxKeyFile);
        return std::nullopt;
    }
    return data;
}

QStringList namesIn(const QString &dir)
{
    QStringList names = QDir(dir).entryList({ QStringLiteral("ssh_host_*_key") }, QDir::Files, QDir::Name);
    names.erase(std::remove_if(names.begin(), names.end(), [](const QString &n) { return !validName(n); }),
                names.end());
    return names;
}

// Whether dir holds exactly keys already (private and public files byte for byte).
bool sameAsInstalled(const QString &dir, const QList<Protocol::AdminSshHostKeyPair> &keys)
{
    QString ignored;
    for (const Protocol::AdminSshHostKeyPair &k : keys) {
        const auto priv = readFile(dir + QLatin1Char('/') + k.name, &ignored);
        const auto pub = readFile(dir + QLatin1Char('/') + k.name + QStringLiteral(".pub"), &ignored);
        if (!priv || !pub || *priv != k.privateKey || *pub != k.publicKey)
            return false;
    }
    return true;
}

// Every file of names (private and public) copied to backup, with the modes they need.
bool backUp(const QString &dir, const QStringList &names, const QString &backup, QString *error)
{
    if (!Paths::ensureDir(backup, error, 0700))
        return false;
    for (const QString &name : names) {
        for (const QString &file : QStringList { name, name + QStringLiteral(".pub") }) {
            const QString from = dir + QLatin1Char('/') + file;
            if (!QFile::exists(from))
                continue;
            const auto data = readFile(from, error);
            const int mode = file.endsWith(QLatin1String(".pub")) ? 0644 : 0600;
            if (!data || !Net::writeFileAtomically(backup + QLatin1Char('/') + file, *data, mode, error))
                return false;
        }
    }
    return true;
}

} // namespace

QByteArray publicBlob(const QString &line, QString *type)
{
    const QStringList fields
        = line.trimmed().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (fields.size() < 2)
        return {};
    const QByteArray blob
        = QByteArray::fromBase64(fields.at(1).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    // The blob starts with the key type as an SSH string.
    qsizetype pos = 0;
    QByteArray name;
    if (!sshString(blob, &pos, &name) || name.isEmpty() || name != fields.at(0).toLatin1())
        return {};
    if (type)
        *type = fields.at(0);
    return blob;
}

QByteArray privateKeysPublicBlob(const QByteArray &data)
{
    static const QByteArray begin("-----BEGIN OPENSSH PRIVATE KEY-----");
    static const QByteArray end("-----END OPENSSH PRIVATE KEY-----");
    const qsizetype from = data.indexOf(begin);
    const qsizetype to = data.indexOf(end);
    if (from < 0 || to < from)
        return {};
    QByteArray base64 = data.mid(from + begin.size(), to - from - begin.size());
    base64.replace('\n', QByteArray()).replace('\r', QByteArray());
    const QByteArray raw = QByteArray::fromBase64(base64.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    static const QByteArray magic("openssh-key-v1", 15); // with its NUL
    if (!raw.startsWith(magic))
        return {};
    // ciphername, kdfname, kdfoptions, the number of keys, then the first public key.
    qsizetype pos = magic.size();
    QByteArray skip, blob;
    for (int i = 0; i < 3; ++i) {
        if (!sshString(raw, &pos, &skip))
            return {};
    }
    if (raw.size() - pos < 4)
        return {};
    pos += 4;
    return sshString(raw, &pos, &blob) ? blob : QByteArray();
}

bool checkPair(const Protocol::AdminSshHostKeyPair &pair, QString *error)
{
    if (!validName(pair.name)) {
        *error = QStringLiteral("'%1' is not an sshd host key name (ssh_host_TYPE_key)").arg(pair.name);
        return false;
    }
    if (pair.privateKey.size() > MaxKeyFile || pair.publicKey.size() > MaxKeyFile) {
        *error = QStringLiteral("%1 is larger than %2 bytes: not a host key").arg(pair.name).arg(MaxKeyFile);
        return false;
    }
    const QByteArray blob = publicBlob(QString::fromLatin1(pair.publicKey));
    if (blob.isEmpty()) {
        *error = QStringLiteral("%1.pub is not an ssh public key line").arg(pair.name);
        return false;
    }
    if (privateKeysPublicBlob(pair.privateKey) != blob) {
        *error = QStringLiteral("%1 is not an OpenSSH private key belonging to %1.pub").arg(pair.name);
        return false;
    }
    return true;
}

std::optional<QList<Protocol::AdminSshHostKeyPair>> read(const QString &dir, QString *error)
{
    QList<Protocol::AdminSshHostKeyPair> pairs;
    for (const QString &name : namesIn(dir)) {
        Protocol::AdminSshHostKeyPair pair;
        pair.name = name;
        const auto priv = readFile(dir + QLatin1Char('/') + name, error);
        const auto pub
            = priv ? readFile(dir + QLatin1Char('/') + name + QStringLiteral(".pub"), error) : std::nullopt;
        if (!pub)
            return std::nullopt;
        pair.privateKey = *priv;
        pair.publicKey = *pub;
        if (!checkPair(pair, error))
            return std::nullopt;
        pairs.append(pair);
    }
    if (pairs.isEmpty()) {
        *error = QStringLiteral("no sshd host key (ssh_host_*_key) in %1").arg(dir);
        return std::nullopt;
    }
    return pairs;
}

std::optional<Installed> install(const QString &dir, const QList<Protocol::AdminSshHostKeyPair> &keys,
                                 const QString &stamp, QString *error)
{
    if (keys.isEmpty() || keys.size() > MaxPairs) {
        *error = QStringLiteral("give 1 to %1 host key pairs (got %2)").arg(MaxPairs).arg(keys.size());
        return std::nullopt;
    }
    QStringList given;
    for (const Protocol::AdminSshHostKeyPair &k : keys) {
        if (!checkPair(k, error))
            return std::nullopt;
        given.append(k.name);
    }
    given.sort();
    const QStringList here = namesIn(dir);
    if (given.removeDuplicates() > 0 || given != here) {
        *error = QStringLiteral("the host key types differ: %1 has %2, the keys given are %3; make the key "
                                "types the same on both nodes by hand first (nothing was changed)")
                     .arg(dir, here.isEmpty() ? QStringLiteral("none") : here.join(QLatin1Char(' ')),
                          given.join(QLatin1Char(' ')));
        return std::nullopt;
    }
    if (sameAsInstalled(dir, keys))
        return Installed {};
    const QString backup = dir + QStringLiteral("/openvsm-backup-") + stamp;
    if (!backUp(dir, here, backup, error))
        return std::nullopt;
    for (const Protocol::AdminSshHostKeyPair &k : keys) {
        const QString path = dir + QLatin1Char('/') + k.name;
        if (!Net::writeFileAtomically(path, k.privateKey, 0600, error)
            || !Net::writeFileAtomically(path + QStringLiteral(".pub"), k.publicKey, 0644, error)) {
            *error += QStringLiteral(" (the replaced keys are in %1)").arg(backup);
            return std::nullopt;
        }
    }
    return Installed { true, backup };
}

QString reloadSshd(const QString &pidFile, QString *how)
{
    QString error;
    const auto text = readFile(pidFile, &error);
    bool ok = false;
    const qint64 pid = text ? text->trimmed().toLongLong(&ok) : 0;
    if (!ok || pid <= 1)
        return QStringLiteral("no sshd pid in %1 (%2): restart sshd on the node (systemctl restart ssh)")
            .arg(pidFile, text ? QStringLiteral("not a pid") : error);
    const auto comm = readFile(QStringLiteral("/proc/%1/comm").arg(pid), &error);
    if (!comm || comm->trimmed() != "sshd")
        return QStringLiteral(
                   "process %1 of %2 is not sshd: restart sshd on the node (systemctl restart ssh)")
            .arg(pid)
            .arg(pidFile);
    if (::kill(static_cast<pid_t>(pid), SIGHUP) != 0)
        return QStringLiteral("cannot signal sshd (pid %1): %2")
            .arg(pid)
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    *how
        = QStringLiteral("SIGHUP to sshd (pid %1 from %2): it loads the new host keys").arg(pid).arg(pidFile);
    return {};
}

} // namespace Admin::SshHostKeys
