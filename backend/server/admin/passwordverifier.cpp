#include "backend/server/admin/passwordverifier.h"

#include "shared/admin/adminpassword.h"

#include <QPointer>

namespace Admin {

PasswordVerifier::PasswordVerifier(int threads, int maxPending, QObject *parent)
    : QObject(parent), m_maxPending(std::max(1, maxPending))
{
    m_pool.setMaxThreadCount(std::max(1, threads));
}

PasswordVerifier::~PasswordVerifier()
{
    m_pool.clear();
    m_pool.waitForDone();
}

bool PasswordVerifier::submit(const QByteArray &password, const QString &storedHash, const QObject *context,
                              Done done)
{
    if (m_pending >= m_maxPending)
        return false;
    ++m_pending;
    QPointer<const QObject> guard(context);
    // The result is posted to this object, which outlives every job (the destructor waits for
    // them), never to context, which may be destroyed while the job runs.
    m_pool.start([this, password, storedHash, guard, done = std::move(done)]() {
        QString error;
        const bool match = Admin::AdminPassword::verify(password, storedHash, &error);
        const Result result = match ? Result::Match : (error.isEmpty() ? Result::Mismatch : Result::BadHash);
        QMetaObject::invokeMethod(
            this,
            [this, guard, result, error, done = std::move(done)]() {
                --m_pending;
                if (guard)
                    done(result, error);
            },
            Qt::QueuedConnection);
    });
    return true;
}

} // namespace Admin
