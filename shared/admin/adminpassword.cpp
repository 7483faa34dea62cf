#include "shared/admin/adminpassword.h"

#include <QStringList>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace Admin {

namespace {

const QString Scheme = QStringLiteral("pbkdf2-sha256");
constexpr int SaltBytes = 16;
constexpr int HashBytes = 32;
constexpr int MinIterations = 1000;
constexpr int MaxIterations = 10000000;

bool derive(const QByteArray &password, const QByteArray &salt, int iterations, QByteArray *out)
{
    out->resize(HashBytes);
    return PKCS5_PBKDF2_HMAC(password.constData(), static_cast<int>(password.size()),
                             reinterpret_cast<const unsigned char *>(salt.constData()),
                             static_cast<int>(salt.size()), iterations, EVP_sha256(), HashBytes,
                             reinterpret_cast<unsigned char *>(out->data()))
        == 1;
}

struct Parsed {
    int iterations = 0;
    QByteArray salt;
    QByteArray hash;
};

bool parse(const QString &stored, Parsed *parsed, QString *error)
{
    const QStringList parts = stored.trimmed().split(QLatin1Char('$'));
    if (parts.size() != 4 || parts[0] != Scheme) {
        if (error)
            *error
                = QStringLiteral("not a %1$ITERATIONS$SALT$HASH value; set it with: tlctl admin set-password")
                      .arg(Scheme);
        return false;
    }
    bool ok = false;
    parsed->iterations = parts[1].toInt(&ok);
    const auto salt
        = QByteArray::fromBase64Encoding(parts[2].toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const auto hash
        = QByteArray::fromBase64Encoding(parts[3].toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!ok || parsed->iterations < MinIterations || parsed->iterations > MaxIterations || !salt
        || salt.decoded.size() < 8 || !hash || hash.decoded.size() != HashBytes) {
        if (error)
            *error = QStringLiteral(
                         "malformed %1 value (iterations, salt or hash); set it again with: tlctl admin "
                         "set-password")
                         .arg(Scheme);
        return false;
    }
    parsed->salt = salt.decoded;
    parsed->hash = hash.decoded;
    return true;
}

} // namespace

QString AdminPassword::hash(const QByteArray &password, QString *error, int iterations)
{
    QByteArray salt(SaltBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(salt.data()), SaltBytes) != 1) {
        *error = QStringLiteral("cannot get random bytes for the salt (OpenSSL RAND_bytes failed)");
        return {};
    }
    QByteArray derived;
    if (!derive(password, salt, iterations, &derived)) {
        *error = QStringLiteral("PBKDF2 failed (OpenSSL)");
        return {};
    }
    return QStringLiteral("%1$%2$%3$%4")
        .arg(Scheme)
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(derived.toBase64()));
}

bool AdminPassword::verify(const QByteArray &password, const QString &storedHash, QString *error)
{
    Parsed parsed;
    if (!parse(storedHash, &parsed, error))
        return false;
    QByteArray derived;
    if (!derive(password, parsed.salt, parsed.iterations, &derived)) {
        if (error)
            *error = QStringLiteral("PBKDF2 failed (OpenSSL)");
        return false;
    }
    return CRYPTO_memcmp(derived.constData(), parsed.hash.constData(), HashBytes) == 0;
}

bool AdminPassword::isWellFormed(const QString &storedHash)
{
    Parsed parsed;
    return parse(storedHash, &parsed, nullptr);
}

} // namespace Admin
