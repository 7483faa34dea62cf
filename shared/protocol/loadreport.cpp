#include "protocol/loadreport.h"

namespace Protocol {

namespace {

bool number(const QCborMap &m, const char *name, double *out, QString *error)
{
    const QCborValue v = m.value(QString::fromLatin1(name));
    if (v.isUndefined()) {
        *out = 0;
        return true;
    }
    if (!v.isInteger() && !v.isDouble()) {
        if (error)
            *error = QStringLiteral("load report: '%1' must be a number").arg(QString::fromLatin1(name));
        return false;
    }
    *out = v.toDouble();
    if (*out < 0) {
        if (error)
            *error = QStringLiteral("load report: '%1' must not be negative").arg(QString::fromLatin1(name));
        return false;
    }
    return true;
}

} // namespace

std::optional<LoadReport> LoadReport::fromCbor(const QCborMap &m, QString *error)
{
    LoadReport l;
    double users, sessions, memTotal, memUsed, swapTotal, swapUsed, cpus;
    if (!number(m, "users", &users, error) || !number(m, "sessions", &sessions, error)
        || !number(m, "mem_total_kib", &memTotal, error) || !number(m, "mem_used_kib", &memUsed, error)
        || !number(m, "swap_total_kib", &swapTotal, error) || !number(m, "swap_used_kib", &swapUsed, error)
        || !number(m, "cpus", &cpus, error) || !number(m, "load1", &l.load1, error)
        || !number(m, "load5", &l.load5, error) || !number(m, "load15", &l.load15, error)
        || !number(m, "bogomips", &l.bogomips, error))
        return std::nullopt;
    l.users = static_cast<int>(users);
    l.sessions = static_cast<int>(sessions);
    l.memTotalKib = static_cast<qint64>(memTotal);
    l.memUsedKib = static_cast<qint64>(memUsed);
    l.swapTotalKib = static_cast<qint64>(swapTotal);
    l.swapUsedKib = static_cast<qint64>(swapUsed);
    l.cpus = static_cast<int>(cpus);
    l.agentHostname = m.value(QStringLiteral("agent_hostname")).toString();
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
