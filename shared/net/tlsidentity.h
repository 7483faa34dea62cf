#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <optional>

namespace Net {

// This node's TLS identity: a self-signed EC P-256 key and X.509 certificate, created with
// OpenSSL on first use in a state folder and reused afterwards, so that its fingerprint is
// stable and can be pinned (the console will).
//
// Files: <dir>/tls-key.pem (mode 0600) and <dir>/tls-cert.pem. When both are missing they are
// created; when only one is there, or the key is readable by others, or either does not parse,
// loading fails with the reason (nothing is overwritten behind the administrator's back).
class TlsIdentity {
public:
    static std::optional<TlsIdentity> loadOrCreate(const QString &dir, const QString &commonName,
                                                   QString *error);

    QSslKey key() const { return m_key; }
    QSslCertificate certificate() const { return m_certificate; }
    // SHA-256 over the certificate's DER encoding.
    QByteArray fingerprint() const { return m_certificate.digest(QCryptographicHash::Sha256); }
    // The same as "AB:CD:…" (upper-case hex pairs), as openssl x509 -fingerprint -sha256 prints it.
    QString fingerprintText() const { return fingerprintText(m_certificate); }
    static QString fingerprintText(const QSslCertificate &certificate);

    static QString keyFileName() { return QStringLiteral("tls-key.pem"); }
    static QString certificateFileName() { return QStringLiteral("tls-cert.pem"); }

private:
    QSslKey m_key;
    QSslCertificate m_certificate;
};

} // namespace Net
