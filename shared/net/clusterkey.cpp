#include "shared/net/clusterkey.h"

#include "shared/net/secretfile.h"
#include "shared/paths/paths.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>

#include <algorithm>

namespace Net {

namespace {

const QString what = QStringLiteral("cluster key file");

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

} // namespace

std::optional<ClusterKey> ClusterKey::load(const QString &path, QString *error)
{
    QString why;
    std::optional<QByteArray> content = readSecretFile(path, what, &why, 1024);
    if (!content) {
        if (error) {
            *error = why;
            if (why.contains(QStringLiteral("does not exist")))
                *error += QStringLiteral(
                              "; create it with: tl-cluster-key create %1 (and copy it to every server "
                              "and agent of the cluster)")
                              .arg(path);
        }
        return std::nullopt;
    }
    QByteArray text = *content;
    if (text.endsWith('\n'))
        text.chop(1);
    const bool wellFormed
        = text.size() == 2 * SecretSize && std::all_of(text.begin(), text.end(), isHexDigit);
    if (!wellFormed) {
        if (error)
            *error = QStringLiteral(
                         "%1 %2 is malformed: expected one line of %3 hexadecimal characters; create a "
                         "new key with: tl-cluster-key create --force %2")
                         .arg(what, path)
                         .arg(2 * SecretSize);
        return std::nullopt;
    }
    return ClusterKey(path, QByteArray::fromHex(text));
}

bool ClusterKey::create(const QString &path, QString *error, bool overwrite)
{
    if (!overwrite && QFileInfo::exists(path)) {
        if (error)
            *error = QStringLiteral(
                         "%1 already exists; use --force to replace it (then copy the new key to every "
                         "server and agent of the cluster)")
                         .arg(path);
        return false;
    }
    return write(path, randomSecret(), error);
}

bool ClusterKey::write(const QString &path, const QByteArray &secret, QString *error)
{
    if (secret.size() != SecretSize) {
        if (error)
            *error = QStringLiteral("a cluster key has %1 bytes, not %2").arg(SecretSize).arg(secret.size());
        return false;
    }
    return writeFileAtomically(path, secret.toHex() + '\n', 0600, error);
}

bool ClusterKey::install(const QString &path, const QByteArray &secret, QString *error)
{
    const auto old = load(path, nullptr);
    return (old && old->secret() == secret) || write(path, secret, error);
}

QString ClusterKey::resolvePath(const QString &configured)
{
    if (configured.isEmpty() || !QDir::isRelativePath(configured))
        return configured;
    return QDir(Paths::etcDir()).absoluteFilePath(configured);
}

QString ClusterKey::installPath(const QString &configured)
{
    return resolvePath(configured.isEmpty() ? QStringLiteral("cluster.key") : configured);
}

QByteArray ClusterKey::randomSecret()
{
    QByteArray secret(SecretSize, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(secret.data()), SecretSize / 4);
    return secret;
}

QString ClusterKey::idOf(const QByteArray &secret)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView("openvsm cluster key id\n"));
    hash.addData(secret);
    return QString::fromLatin1(hash.result().toHex().left(16));
}

} // namespace Net
