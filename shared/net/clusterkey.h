#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Net {

// The optional cluster key: a secret shared by every server and agent of one cluster. When it
// is configured, every TLS connection uses it as a pre-shared key, so both sides prove they
// hold it (see tlssetup.h).
//
// File format: one line of 64 hexadecimal characters (32 random bytes), optionally followed by a
// newline. The file must be a regular file that neither group nor others can access.
class ClusterKey {
public:
    static constexpr int SecretSize = 32;

    // Loads path. Refuses, with the path and what to do in *error: a missing or unreadable
    // file, a file group or others may access ("run: chmod 600 PATH"), a malformed file.
    static std::optional<ClusterKey> load(const QString &path, QString *error);

    // Creates a new random key in path (mode 0600, written atomically). Refuses to replace an
    // existing file unless overwrite is true.
    static bool create(const QString &path, QString *error, bool overwrite = false);
    // Writes secret (SecretSize bytes, from another node's key) to path the same way.
    static bool write(const QString &path, const QByteArray &secret, QString *error);
    // Writes secret to path unless the file already holds exactly that key (installing the same
    // key again changes nothing on disk).
    static bool install(const QString &path, const QByteArray &secret, QString *error);
    // /vsm/cluster_key_file as configured: a relative path names a file in the configuration
    // folder (ROOT/etc/openvsm), for every program alike; empty stays empty (no key).
    static QString resolvePath(const QString &configured);
    // Where a key given over a link or the admin API is installed: the configured file, else
    // cluster.key in the configuration folder.
    static QString installPath(const QString &configured);
    // A new random secret, for create() and for the setup wizard's step 6.
    static QByteArray randomSecret();

    // The 32 secret bytes. Never log them.
    QByteArray secret() const { return m_secret; }
    QString path() const { return m_path; }
    // A short, non-secret identifier of the key (16 hex digits of a hash), to compare keys in
    // logs and status output without revealing them.
    QString keyId() const { return idOf(m_secret); }
    static QString idOf(const QByteArray &secret);

    // The PSK identity every OpenVSM peer uses.
    static QByteArray pskIdentity() { return QByteArrayLiteral("openvsm"); }

private:
    ClusterKey(const QString &path, const QByteArray &secret) : m_path(path), m_secret(secret) { }

    QString m_path;
    QByteArray m_secret;
};

} // namespace Net
