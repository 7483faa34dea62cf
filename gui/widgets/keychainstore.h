#pragma once

#include <QObject>

#include <functional>

namespace Widgets {

// The desktop keychain (Secret Service, KWallet, …) through QtKeychain, asynchronously. Secrets
// go to the keychain or nowhere: the insecure fallback (a plain settings file) is never used.
// When no keychain service answers, available() turns false and callers ask each time.
//
// OPENVSM_KEYCHAIN=off disables it (tests, screenshots).
class KeychainStore final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainStore)

public:
    // Cancelled: the user dismissed the keychain's unlock prompt (ask for the password instead).
    enum class Result { Ok, NotFound, Unavailable, Cancelled, Failed };
    using ReadCallback = std::function<void(Result result, const QString &secret, const QString &error)>;
    using WriteCallback = std::function<void(Result result, const QString &error)>;

    explicit KeychainStore(const QString &service, QObject *parent = nullptr);

    // False once a job found no keychain service (or when disabled).
    bool available() const { return m_available; }

    void read(const QString &key, const QObject *context, ReadCallback done);
    void write(const QString &key, const QString &secret, const QObject *context, WriteCallback done);
    void remove(const QString &key, const QObject *context, WriteCallback done);

    // A QtKeychain job's outcome (its QKeychain::Error and errorString()) as a Result and a
    // message for people: a dismissed prompt says so, and no raw D-Bus object path
    // ("/org/freedesktop/secrets/prompt/u3") is ever part of the message.
    static Result outcome(int keychainError, const QString &errorString, QString *message);

signals:
    void availabilityChanged(bool available);

private:
    void markUnavailable();

    QString m_service;
    bool m_available = true;
};

} // namespace Widgets
