#pragma once

#include <QByteArray>
#include <QString>

namespace Admin {

// The admin password as stored in /vsmserver/admin/password_hash: salted PBKDF2-HMAC-SHA256,
// written as "pbkdf2-sha256$ITERATIONS$SALT$HASH" (salt and hash in base64). The password itself
// is never stored.
class AdminPassword final {
public:
    static constexpr int DefaultIterations = 200000;

    // A new hash with a random 16-byte salt. Empty on failure (*error says why).
    static QString hash(const QByteArray &password, QString *error, int iterations = DefaultIterations);
    // Whether password matches storedHash (constant-time comparison). A malformed hash never
    // matches; *error then says what is wrong with it.
    static bool verify(const QByteArray &password, const QString &storedHash, QString *error = nullptr);
    // Whether storedHash has the expected form (for configuration checks).
    static bool isWellFormed(const QString &storedHash);
};

} // namespace Admin
