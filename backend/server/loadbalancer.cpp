#include "backend/server/loadbalancer.h"

#include <algorithm>

namespace Server {

bool BalancerSettings::parseWeights(const QStringList &entries, QHash<QString, double> *weights,
                                    QString *error)
{
    weights->clear();
    for (const QString &entry : entries) {
        const int colon = entry.lastIndexOf(QLatin1Char(':'));
        bool ok = false;
        const double w = colon > 0 ? entry.mid(colon + 1).toDouble(&ok) : 0;
        if (colon <= 0 || !ok || w <= 0) {
            if (error)
                *error = QStringLiteral("/vsmserver/agent_weights: entry '%1' is not AGENT:WEIGHT with a "
                                        "positive number as weight")
                             .arg(entry);
            return false;
        }
        weights->insert(entry.left(colon), w);
    }
    return true;
}

double LoadBalancer::weight(const QString &agent) const
{
    return m_settings.weights.value(agent, 1.0);
}

double LoadBalancer::rating(const QString &agent, const std::optional<AgentLoad> &load) const
{
    if (!load)
        return 0;
    const double freeMib
        = static_cast<double>(std::max<qint64>(0, load->memTotalKib - load->memUsedKib)) / 1024.0;
    const double memCapacity = freeMib / static_cast<double>(std::max<qint64>(1, m_settings.ramPerUserMib));
    // bogomips is the machine's total (summed over its CPUs), as the agent reports it.
    const double cpuCapacity
        = load->bogomips / static_cast<double>(std::max<qint64>(1, m_settings.bogomipsPerUser));
    const double capacity = std::min(memCapacity, cpuCapacity);
    const double crowd = 1.0 + static_cast<double>(m_settings.existingUsersWeight) * std::max(0, load->users);
    return weight(agent) * capacity / crowd;
}

void LoadBalancer::penalize(const QString &agent, qint64 nowMs)
{
    m_penaltyUntil.insert(agent, nowMs + PenaltyMs);
}

bool LoadBalancer::isPenalized(const QString &agent, qint64 nowMs) const
{
    return m_penaltyUntil.value(agent, 0) > nowMs;
}

LoadBalancer::Ranking LoadBalancer::rank(const QList<AgentState> &agents, const QStringList &userAgents,
                                         qint64 nowMs) const
{
    struct Candidate {
        QString agent;
        bool penalized;
        bool users;
        double rating;
    };
    Ranking result;
    QList<Candidate> candidates;
    for (const AgentState &a : agents) {
        if (!a.reachable) {
            result.skipped.append(
                QStringLiteral("%1: not reachable (%2)")
                    .arg(a.agent, a.reason.isEmpty() ? QStringLiteral("no connection") : a.reason));
            continue;
        }
        candidates.append(
            { a.agent, isPenalized(a.agent, nowMs), userAgents.contains(a.agent), rating(a.agent, a.load) });
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate &x, const Candidate &y) {
        if (x.penalized != y.penalized)
            return !x.penalized;
        if (x.users != y.users)
            return x.users;
        if (x.rating != y.rating)
            return x.rating > y.rating;
        return x.agent < y.agent;
    });
    for (const Candidate &c : std::as_const(candidates))
        result.order.append(c.agent);
    return result;
}

} // namespace Server
