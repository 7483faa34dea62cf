#include "shared/net/tlsidentity.h"

#include "shared/logging/logging.h"
#include "shared/net/secretfile.h"
#include "shared/paths/paths.h"

#include <QFile>
#include <QRandomGenerator>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace Net {

namespace {

struct OpenSslFree {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
};
template<typename T> using OpenSslPtr = std::unique_ptr<T, OpenSslFree>;

QString openSslError(const char *what)
{
    const unsigned long code = ERR_get_error();
    char buffer[256] = {};
    if (code != 0)
        ERR_error_string_n(code, buffer, sizeof buffer);
    ERR_clear_error();
    return QStringLiteral("%1 failed: %2").arg(QLatin1String(what), QString::fromLatin1(buffer));
}

QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data);
    return size > 0 && data ? QByteArray(data, static_cast<qsizetype>(size)) : QByteArray();
}

bool addExtension(X509 *certificate, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    OpenSslPtr<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

// Generates a key and a self-signed certificate; returns them as PEM.
bool generate(const QString &commonName, QByteArray *keyPem, QByteArray *certificatePem, QString *error)
{
    OpenSslPtr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) {
        *error = openSslError("EC P-256 key generation");
        return false;
    }
    OpenSslPtr<X509> certificate(X509_new());
    if (!certificate) {
        *error = openSslError("X509_new");
        return false;
    }
    const QByteArray cn = commonName.toUtf8().left(64);
    const auto text
        = [](const QByteArray &s) { return reinterpret_cast<const unsigned char *>(s.constData()); };
    X509_NAME *name = X509_get_subject_name(certificate.get());
    const bool ok = X509_set_version(certificate.get(), X509_VERSION_3) == 1
        && ASN1_INTEGER_set_uint64(X509_get_serialNumber(certificate.get()),
                                   QRandomGenerator::system()->generate64() >> 1)
            == 1
        && X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600) != nullptr
        && X509_time_adj_ex(X509_getm_notAfter(certificate.get()), 100 * 365, 0, nullptr) != nullptr
        && X509_set_pubkey(certificate.get(), key.get()) == 1
        && X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, text(QByteArrayLiteral("OpenVSM")), -1, -1, 0)
            == 1
        && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, text(cn), static_cast<int>(cn.size()), -1, 0)
            == 1
        && X509_set_issuer_name(certificate.get(), name) == 1
        && addExtension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE")
        && addExtension(certificate.get(), NID_ext_key_usage, "serverAuth,clientAuth")
        && addExtension(certificate.get(), NID_subject_key_identifier, "hash")
        && X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0;
    if (!ok) {
        *error = openSslError("creating the self-signed certificate");
        return false;
    }
    OpenSslPtr<BIO> keyBio(BIO_new(BIO_s_mem()));
    OpenSslPtr<BIO> certificateBio(BIO_new(BIO_s_mem()));
    if (!keyBio || !certificateBio
        || PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1
        || PEM_write_bio_X509(certificateBio.get(), certificate.get()) != 1) {
        *error = openSslError("writing PEM");
        return false;
    }
    *keyPem = bioContents(keyBio.get());
    *certificatePem = bioContents(certificateBio.get());
    return !keyPem->isEmpty() && !certificatePem->isEmpty();
}

} // namespace

QString TlsIdentity::fingerprintText(const QSslCertificate &certificate)
{
    const QByteArray hex = certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper();
    return QString::fromLatin1(hex);
}

std::optional<TlsIdentity> TlsIdentity::loadOrCreate(const QString &dir, const QString &commonName,
                                                     QString *error)
{
    const auto fail = [&](const QString &reason) -> std::optional<TlsIdentity> {
        if (error)
            *error = reason;
        return std::nullopt;
    };
    const QString keyPath = dir + QLatin1Char('/') + keyFileName();
    const QString certificatePath = dir + QLatin1Char('/') + certificateFileName();
    const bool haveKey = QFile::exists(keyPath);
    const bool haveCertificate = QFile::exists(certificatePath);

    QString why;
    if (!haveKey && !haveCertificate) {
        if (!Paths::ensureDir(dir, &why, 0700))
            return fail(why);
        QByteArray keyPem, certificatePem;
        if (!generate(commonName, &keyPem, &certificatePem, &why))
            return fail(QStringLiteral("cannot create a TLS identity: %1").arg(why));
        if (!writeFileAtomically(keyPath, keyPem, 0600, &why)
            || !writeFileAtomically(certificatePath, certificatePem, 0644, &why))
            return fail(why);
        qCInfo(lcSecurity).noquote()
            << QStringLiteral("created a self-signed TLS certificate in %1").arg(certificatePath);
    } else if (!haveKey || !haveCertificate) {
        return fail(QStringLiteral(
                        "%1 exists but %2 does not; remove the remaining file to create a new TLS identity")
                        .arg(haveKey ? keyPath : certificatePath, haveKey ? certificatePath : keyPath));
    }

    const std::optional<QByteArray> keyPem = readSecretFile(keyPath, QStringLiteral("TLS private key"), &why);
    if (!keyPem)
        return fail(why);
    QFile certificateFile(certificatePath);
    if (!certificateFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(certificatePath, certificateFile.errorString()));

    TlsIdentity identity;
    identity.m_key = QSslKey(*keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (identity.m_key.isNull())
        return fail(
            QStringLiteral("%1 is not a PEM EC private key; remove %1 and %2 to create a new TLS identity")
                .arg(keyPath, certificatePath));
    identity.m_certificate = QSslCertificate(certificateFile.readAll(), QSsl::Pem);
    if (identity.m_certificate.isNull())
        return fail(
            QStringLiteral("%1 is not a PEM certificate; remove %2 and %1 to create a new TLS identity")
                .arg(certificatePath, keyPath));
    return identity;
}

} // namespace Net
