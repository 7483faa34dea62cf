#pragma once

#include "backend/server/agentstate.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace Server {

// Where a new session goes. Pure logic: the caller passes the agents' states and the time.
//
// Rating (higher is better), a variant of ThinLinc's:
//
//     capacity = min(free RAM MiB / ram_per_user, bogomips / bogomips_per_user)
//     rating   = weight × capacity / (1 + existing_users_weight × users)
//
// capacity estimates how many more users the machine can take by memory and by CPU, as ThinLinc
// does with the same two parameters; dividing by (1 + existing_users_weight × users) instead of
// subtracting keeps the rating positive and makes the number of users count even on a machine
// with lots of headroom, so users are spread rather than piled onto the biggest agent until it is
// "full". weight comes from /vsmserver/agent_weights (AGENT:WEIGHT, default 1).
//
// Order of candidates: an agent that already runs one of the user's sessions first (one user's
// sessions stay on one agent), then by rating, then by name (deterministic). An agent that failed
// to start a session in the last 5 minutes goes to the back; an unreachable one is skipped and
// the reason is reported.
struct BalancerSettings {
    qint64 ramPerUserMib = 100;
    qint64 bogomipsPerUser = 600;
    qint64 existingUsersWeight = 4;
    QHash<QString, double> weights; // agent -> weight

    // Parses /vsmserver/agent_weights entries "AGENT:WEIGHT" (the agent may itself carry a
    // ":port"; the weight is after the last colon). Returns false with the bad entry named.
    static bool parseWeights(const QStringList &entries, QHash<QString, double> *weights, QString *error);
};

class LoadBalancer final {
public:
    static constexpr qint64 PenaltyMs = 5 * 60 * 1000;

    void setSettings(const BalancerSettings &settings) { m_settings = settings; }
    const BalancerSettings &settings() const { return m_settings; }

    double weight(const QString &agent) const;
    // The rating of an agent with this load (0 when no load is known).
    double rating(const QString &agent, const std::optional<AgentLoad> &load) const;

    // An agent that failed to start a session goes to the back for PenaltyMs.
    void penalize(const QString &agent, qint64 nowMs);
    void clearPenalty(const QString &agent) { m_penaltyUntil.remove(agent); }
    bool isPenalized(const QString &agent, qint64 nowMs) const;

    struct Ranking {
        QStringList order; // agents to try, best first
        QStringList skipped; // "AGENT: reason" for each agent left out
    };
    Ranking rank(const QList<AgentState> &agents, const QStringList &userAgents, qint64 nowMs) const;

private:
    BalancerSettings m_settings;
    QHash<QString, qint64> m_penaltyUntil;
};

} // namespace Server
