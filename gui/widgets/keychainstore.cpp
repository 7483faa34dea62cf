#include "gui/widgets/keychainstore.h"

#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace Widgets {

namespace {

KeychainStore::Result resultOf(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return KeychainStore::Result::Ok;
    case QKeychain::EntryNotFound:
        return KeychainStore::Result::NotFound;
    case QKeychain::AccessDeniedByUser:
        return KeychainStore::Result::Cancelled;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError: // e.g. "Could not connect": no session bus or Secret Service
        return KeychainStore::Result::Unavailable;
    default:
        return KeychainStore::Result::Failed;
    }
}

} // namespace

KeychainStore::KeychainStore(const QString &service, QObject *parent) : QObject(parent), m_service(service)
{
    if (qEnvironmentVariable("OPENVSM_KEYCHAIN") == QLatin1String("off"))
        m_available = false;
}

KeychainStore::Result KeychainStore::outcome(int keychainError, const QString &errorString, QString *message)
{
    const Result result = resultOf(static_cast<QKeychain::Error>(keychainError));
    // Secret Service answers a dismissed unlock prompt with the prompt's object path; some
    // versions of QtKeychain report it as OtherError.
    static const QRegularExpression dbusPath(QStringLiteral("/org/freedesktop/[A-Za-z0-9_/]*"));
    const bool dismissed = result == Result::Cancelled
        || errorString.contains(QLatin1String("dismissed"), Qt::CaseInsensitive)
        || errorString.contains(QLatin1String("/org/freedesktop/secrets/prompt/"));
    if (dismissed) {
        if (message)
            *message = tr("the keychain was not unlocked (the prompt was cancelled)");
        return Result::Cancelled;
    }
    if (message && result != Result::Ok) {
        QString text = errorString;
        text.replace(dbusPath, QString());
        text = text.simplified();
        while (text.endsWith(QLatin1Char(':')))
            text.chop(1);
        *message = text.isEmpty() ? tr("the keychain did not answer") : text;
    }
    return result;
}

void KeychainStore::markUnavailable()
{
    if (!m_available)
        return;
    m_available = false;
    emit availabilityChanged(false);
}

void KeychainStore::read(const QString &key, const QObject *context, ReadCallback done)
{
    QPointer<const QObject> guard(context);
    if (!m_available) {
        QTimer::singleShot(0, this, [guard, done]() {
            if (guard)
                done(Result::Unavailable, {}, tr("no keychain service is available"));
        });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [this, job, guard, done]() {
        QString message;
        const Result r = outcome(job->error(), job->errorString(), &message);
        if (r == Result::Unavailable)
            markUnavailable();
        if (guard)
            done(r, r == Result::Ok ? job->textData() : QString(), r == Result::Ok ? QString() : message);
    });
    job->start();
}

void KeychainStore::write(const QString &key, const QString &secret, const QObject *context,
                          WriteCallback done)
{
    QPointer<const QObject> guard(context);
    if (!m_available) {
        QTimer::singleShot(0, this, [guard, done]() {
            if (guard)
                done(Result::Unavailable, tr("no keychain service is available"));
        });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(secret);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [this, job, guard, done]() {
        QString message;
        const Result r = outcome(job->error(), job->errorString(), &message);
        if (r == Result::Unavailable)
            markUnavailable();
        if (guard)
            done(r, r == Result::Ok ? QString() : message);
    });
    job->start();
}

void KeychainStore::remove(const QString &key, const QObject *context, WriteCallback done)
{
    QPointer<const QObject> guard(context);
    if (!m_available) {
        QTimer::singleShot(0, this, [guard, done]() {
            if (guard)
                done(Result::Unavailable, tr("no keychain service is available"));
        });
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [job, guard, done]() {
        QString message;
        const Result r = outcome(job->error(), job->errorString(), &message);
        if (guard)
            done(r, r == Result::Ok ? QString() : message);
    });
    job->start();
}

} // namespace Widgets
