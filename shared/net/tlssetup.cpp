#include "shared/net/tlssetup.h"

#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslPreSharedKeyAuthenticator>
#include <QSslSocket>

namespace Net {

namespace {

// TLS 1.2 ECDHE-PSK suites, strongest first. TLS 1.3 PSK through QSslSocket's PSK signal does
// not work with Qt 6.4 + OpenSSL 3, so PSK mode is TLS 1.2 only.
QList<QSslCipher> pskCiphers()
{
    static const char *const names[] = {
        "ECDHE-PSK-CHACHA20-POLY1305",
        "ECDHE-PSK-AES256-CBC-SHA384",
        "ECDHE-PSK-AES128-CBC-SHA256",
    };
    const QList<QSslCipher> supported = QSslConfiguration::supportedCiphers();
    QList<QSslCipher> result;
    for (const char *name : names) {
        for (const QSslCipher &cipher : supported) {
            if (cipher.name() == QLatin1String(name)) {
                result.append(cipher);
                break;
            }
        }
    }
    return result;
}

// The default ciphers without any PSK suite, so that certificate mode never negotiates PSK.
QList<QSslCipher> certificateCiphers()
{
    QList<QSslCipher> result;
    const QList<QSslCipher> defaults = QSslConfiguration::defaultConfiguration().ciphers();
    for (const QSslCipher &cipher : defaults) {
        if (!cipher.name().contains(QLatin1String("PSK")))
            result.append(cipher);
    }
    return result;
}

} // namespace

QString TlsSettings::describe() const
{
    if (clusterKey && keyRequired)
        return QStringLiteral("TLS with cluster key %1 from %2 (mutual PSK authentication)")
            .arg(clusterKey->keyId(), clusterKey->path());
    if (clusterKey)
        return QStringLiteral("TLS with cluster key %1 from %2 where the peer holds it too, else a "
                              "self-signed certificate and trust by address "
                              "(/vsm/cluster_key_required=0: the transition)")
            .arg(clusterKey->keyId(), clusterKey->path());
    if (identity)
        return QStringLiteral(
                   "TLS with a self-signed certificate (SHA-256 %1); no cluster key, peers are trusted "
                   "by address only")
            .arg(identity->fingerprintText());
    return QStringLiteral("TLS without a certificate; no cluster key, peers are trusted by address only");
}

namespace {

void usePsk(QSslSocket *socket, TlsRole role, const ClusterKey &key, QSslConfiguration *configuration)
{
    if (role == TlsRole::Server)
        configuration->setPreSharedKeyIdentityHint(ClusterKey::pskIdentity());
    const QByteArray secret = key.secret();
    QObject::connect(socket, &QSslSocket::preSharedKeyAuthenticationRequired, socket,
                     [role, secret](QSslPreSharedKeyAuthenticator *authenticator) {
                         if (role == TlsRole::Client) {
                             authenticator->setIdentity(ClusterKey::pskIdentity());
                         } else if (authenticator->identity() != ClusterKey::pskIdentity()) {
                             return; // no key: the handshake fails
                         }
                         authenticator->setPreSharedKey(secret);
                     });
}

// Certificates are not verified (trust is by address), so the verification errors Qt still
// reports for self-signed certificates (host name, issuer) are expected.
bool useCertificate(QSslSocket *socket, TlsRole role, const TlsSettings &settings,
                    QSslConfiguration *configuration, QString *error)
{
    QObject::connect(socket, &QSslSocket::sslErrors, socket, [socket] { socket->ignoreSslErrors(); });
    if (settings.identity) {
        configuration->setLocalCertificate(settings.identity->certificate());
        configuration->setPrivateKey(settings.identity->key());
    } else if (role == TlsRole::Server) {
        if (error)
            *error = QStringLiteral("a TLS server without a cluster key needs a certificate and key");
        return false;
    }
    return true;
}

} // namespace

bool configureTlsSocket(QSslSocket *socket, TlsRole role, const TlsSettings &settings, QString *error)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setSslOption(QSsl::SslOptionDisableCompression, true);
    configuration.setSslOption(QSsl::SslOptionDisableSessionTickets, true);
    configuration.setSslOption(QSsl::SslOptionDisableLegacyRenegotiation, true);

    if (!settings.clusterKey) {
        configuration.setProtocol(QSsl::TlsV1_2OrLater);
        configuration.setCiphers(certificateCiphers());
        if (!useCertificate(socket, role, settings, &configuration, error))
            return false;
        socket->setSslConfiguration(configuration);
        return true;
    }
    const QList<QSslCipher> ciphers = pskCiphers();
    if (ciphers.isEmpty()) {
        if (error)
            *error = QStringLiteral(
                "this OpenSSL build offers no ECDHE-PSK cipher; a cluster key cannot be used");
        return false;
    }
    // PSK is TLS 1.2 here; in the transition the certificate suites follow the PSK ones, and
    // the server's order (Qt keeps the server's preference) picks PSK whenever the client offers it.
    configuration.setProtocol(QSsl::TlsV1_2);
    configuration.setCiphers(settings.keyRequired ? ciphers : ciphers + certificateCiphers());
    usePsk(socket, role, *settings.clusterKey, &configuration);
    if (!settings.keyRequired && !useCertificate(socket, role, settings, &configuration, error))
        return false;
    socket->setSslConfiguration(configuration);
    return true;
}

bool usedClusterKey(const QSslSocket *socket)
{
    return socket->sessionCipher().name().contains(QLatin1String("PSK"));
}

} // namespace Net
