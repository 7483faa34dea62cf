#include "gui/widgets/keychainstore.h"

#include <QPointer>
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
        const Result r = resultOf(job->error());
        if (r == Result::Unavailable)
            markUnavailable();
        if (guard)
            done(r, r == Result::Ok ? job->textData() : QString(), job->errorString());
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
        const Result r = resultOf(job->error());
        if (r == Result::Unavailable)
            markUnavailable();
        if (guard)
            done(r, job->errorString());
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
        if (guard)
            done(resultOf(job->error()), job->errorString());
    });
    job->start();
}

} // namespace Widgets
