#include "protocol/loadreport.h"

#include <cmath>
#include <limits>

namespace Protocol {

namespace {

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

bool refuse(QString *error, const char *name, const char *what)
{
    if (error)
        *error = QStringLiteral("load report: '%1' must be %2").arg(key(name), QString::fromLatin1(what));
    return false;
}

// A measurement: a finite number, not negative; absent means 0.
bool number(const QCborMap &m, const char *name, double *out, QString *error)
{
    const QCborValue v = m.value(key(name));
    *out = 0;
    if (v.isUndefined())
        return true;
    if (!v.isInteger() && !v.isDouble())
        return refuse(error, name, "a number");
    const double value = v.toDouble();
    if (!std::isfinite(value) || value < 0)
        return refuse(error, name, "a finite number, not negative");
    *out = value;
    return true;
}

// A count: a whole number from 0 to what T holds; absent means 0. Never truncated or wrapped.
template<typename T> bool count(const QCborMap &m, const char *name, T *out, QString *error)
{
    const QCborValue v = m.value(key(name));
    *out = 0;
    if (v.isUndefined())
        return true;
    qint64 value = -1;
    if (v.isInteger()) {
        value = v.toInteger();
    } else if (v.isDouble()) {
        // A whole number written as a double (below 2^53, where doubles are exact).
        const double d = v.toDouble();
        if (d >= 0 && d < 9007199254740992.0 && std::trunc(d) == d)
            value = static_cast<qint64>(d);
    }
    if (value < 0 || value > std::numeric_limits<T>::max())
        return refuse(error, name, "a whole number, not negative");
    *out = static_cast<T>(value);
    return true;
}

} // namespace

std::optional<LoadReport> LoadReport::fromCbor(const QCborMap &m, QString *error)
{
    LoadReport l;
    if (!count(m, "users", &l.users, error) || !count(m, "sessions", &l.sessions, error)
        || !count(m, "mem_total_kib", &l.memTotalKib, error)
        || !count(m, "mem_used_kib", &l.memUsedKib, error)
        || !count(m, "swap_total_kib", &l.swapTotalKib, error)
        || !count(m, "swap_used_kib", &l.swapUsedKib, error) || !count(m, "cpus", &l.cpus, error)
        || !number(m, "load1", &l.load1, error) || !number(m, "load5", &l.load5, error)
        || !number(m, "load15", &l.load15, error) || !number(m, "bogomips", &l.bogomips, error))
        return std::nullopt;
    l.agentHostname = m.value(key("agent_hostname")).toString();
    return l;
}

QCborMap LoadReport::toCbor() const
{
    QCborMap m;
    m.insert(QStringLiteral("users"), users);
    m.insert(QStringLiteral("sessions"), sessions);
    m.insert(QStringLiteral("mem_total_kib"), memTotalKib);
    m.insert(QStringLiteral("mem_used_kib"), memUsedKib);
    m.insert(QStringLiteral("swap_total_kib"), swapTotalKib);
    m.insert(QStringLiteral("swap_used_kib"), swapUsedKib);
    m.insert(QStringLiteral("cpus"), cpus);
    m.insert(QStringLiteral("load1"), load1);
    m.insert(QStringLiteral("load5"), load5);
    m.insert(QStringLiteral("load15"), load15);
    m.insert(QStringLiteral("bogomips"), bogomips);
    m.insert(QStringLiteral("agent_hostname"), agentHostname);
    return m;
}

} // namespace Protocol
