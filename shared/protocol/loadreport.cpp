#include "shared/protocol/loadreport.h"

#include "shared/protocol/keys.h"

#include <utility>

namespace Protocol {

std::optional<LoadReport> LoadReport::fromCbor(const Body &m, QString *error)
{
    LoadReport l;
    FieldReader f(m, "load report");
    f.optional(Keys::users, &l.users);
    f.optional(Keys::sessions, &l.sessions);
    f.optional(Keys::memTotalKib, &l.memTotalKib);
    f.optional(Keys::memUsedKib, &l.memUsedKib);
    f.optional(Keys::swapTotalKib, &l.swapTotalKib);
    f.optional(Keys::swapUsedKib, &l.swapUsedKib);
    f.optional(Keys::cpus, &l.cpus);
    f.optional(Keys::load1, &l.load1);
    f.optional(Keys::load5, &l.load5);
    f.optional(Keys::load15, &l.load15);
    f.optional(Keys::bogomips, &l.bogomips);
    f.optional(Keys::agentHostname, &l.agentHostname);
    f.optional(Keys::configDigest, &l.configDigest);
    // Counts and measurements are never negative.
    const std::pair<Key, double> values[] = {
        { Keys::users, double(l.users) },
        { Keys::sessions, double(l.sessions) },
        { Keys::memTotalKib, double(l.memTotalKib) },
        { Keys::memUsedKib, double(l.memUsedKib) },
        { Keys::swapTotalKib, double(l.swapTotalKib) },
        { Keys::swapUsedKib, double(l.swapUsedKib) },
        { Keys::cpus, double(l.cpus) },
        { Keys::load1, l.load1 },
        { Keys::load5, l.load5 },
        { Keys::load15, l.load15 },
        { Keys::bogomips, l.bogomips },
    };
    for (const auto &[key, value] : values) {
        if (f.ok() && value < 0)
            f.fail(key, QStringLiteral("negative"));
    }
    return f.finish(l, error);
}

QCborMap LoadReport::toCbor() const
{
    QCborMap m;
    m.insert(Keys::users, users);
    m.insert(Keys::sessions, sessions);
    m.insert(Keys::memTotalKib, memTotalKib);
    m.insert(Keys::memUsedKib, memUsedKib);
    m.insert(Keys::swapTotalKib, swapTotalKib);
    m.insert(Keys::swapUsedKib, swapUsedKib);
    m.insert(Keys::cpus, cpus);
    m.insert(Keys::load1, load1);
    m.insert(Keys::load5, load5);
    m.insert(Keys::load15, load15);
    m.insert(Keys::bogomips, bogomips);
    m.insert(Keys::agentHostname, agentHostname);
    if (!configDigest.isEmpty())
        m.insert(Keys::configDigest, configDigest);
    return m;
}

} // namespace Protocol
