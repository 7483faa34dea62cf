#include "shared/net/refusallog.h"

#include <QRegularExpression>

namespace Net {

namespace {

// The kind of a reason: its text without numbers (ports, counts, milliseconds), cut short.
QString reasonKind(const QString &why)
{
    static const QRegularExpression digits(QStringLiteral("[0-9]+"));
    return QString(why).remove(digits).left(80);
}

} // namespace

QString refusalReasonName(RefusalReason reason)
{
    switch (reason) {
    case RefusalReason::AddressNotAllowed:
        return QStringLiteral("address_not_allowed");
    case RefusalReason::NotRoot:
        return QStringLiteral("not_root");
    case RefusalReason::ConnectionLimit:
        return QStringLiteral("connection_limit");
    case RefusalReason::HandshakeFailed:
        return QStringLiteral("handshake_failed");
    case RefusalReason::NoCredentials:
        return QStringLiteral("no_credentials");
    case RefusalReason::AcceptFailed:
        return QStringLiteral("accept_failed");
    case RefusalReason::BadRequest:
        return QStringLiteral("bad_request");
    }
    return QStringLiteral("unknown");
}

RefusalLog::RefusalLog(Sink sink, qint64 windowMs, Clock clock)
    : m_sink(std::move(sink)), m_windowMs(windowMs), m_clock(std::move(clock))
{
    m_elapsed.start();
}

qint64 RefusalLog::now() const
{
    return m_clock ? m_clock() : m_elapsed.elapsed();
}

bool RefusalLog::refused(RefusalReason reason, const QString &key, const QString &what, const QString &why)
{
    ++m_counts.at(static_cast<size_t>(reason));
    flush();
    const qint64 now = this->now();
    const QString windowKey = key + QLatin1Char('\n') + reasonKind(why);
    auto it = m_windows.find(windowKey);
    if (it == m_windows.end()) {
        m_windows.insert(windowKey, Window { now, 0, why });
        m_sink(QStringLiteral("refused %1: %2").arg(what, why));
        return true;
    }
    ++it->suppressed;
    it->lastReason = why;
    return false;
}

bool RefusalLog::flush()
{
    const qint64 now = this->now();
    for (auto it = m_windows.begin(); it != m_windows.end();) {
        if (now - it->startMs < m_windowMs) {
            ++it;
            continue;
        }
        summarize(it.key(), *it);
        it = m_windows.erase(it);
    }
    return !m_windows.isEmpty();
}

void RefusalLog::summarize(const QString &key, const Window &window)
{
    if (window.suppressed == 0)
        return;
    m_sink(QStringLiteral("refused %1 more connection(s) from %2 in the last %3 s; last reason: %4")
               .arg(window.suppressed)
               .arg(key.section(QLatin1Char('\n'), 0, 0))
               .arg(m_windowMs / 1000)
               .arg(window.lastReason));
}

} // namespace Net
