#pragma once

#include "backend/setup/checks.h"

#include <QObject>

#include <array>
#include <functional>

namespace Client {
class AdminClient;
}

// The setup wizard's admin API side: gathering what the checks need from both nodes, and
// applying an Action's operations. Asynchronous, no terminal and no Widgets: tl-ha-setup and
// the QWizard drive them with logged-in Client::AdminClients (index 0 the primary, 1 the secondary).
namespace Setup {

// One node's facts for every step: AdminNodeFacts, AdminStatus, AdminAgentList and each agent's
// AdminAgentGetConfig (whose refusal is step 4's finding, not an error). done(facts, "") or
// (partial facts, why) when the node could not be asked.
void gatherNode(Client::AdminClient *client, const QString &node, const Protocol::AdminNodeFactsQuery &query,
                const QObject *context,
                std::function<void(const NodeFacts &facts, const QString &error)> done);

class Applier final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Applier)

public:
    // Starts logging in to node again after a restart (its client's ready() or failed() follows).
    using Reconnect = std::function<void(int node)>;
    static constexpr int BackTimeoutMs = 60000; // a restarted node must be back within this
    static constexpr int LinkTimeoutMs = 60000; // and the replication link up within this
    static constexpr int ResourceTimeoutMs = 30000; // keepalived must give the primary the IP within this
    static constexpr int KeyLinksTimeoutMs = 30000; // every link must use the cluster key within this
    static constexpr int PollMs = 500;

    Applier(std::array<Client::AdminClient *, 2> clients, Reconnect reconnect, QObject *parent = nullptr);

    // Runs the action's operations in order; stops at the first that fails. One at a time.
    void apply(const Action &action);
    bool isRunning() const { return m_running; }

signals:
    void progress(const QString &what); // an operation starts, or a node's state while waiting
    void finished(const QString &error); // "" when every operation succeeded

private:
    void next();
    void done(const QString &error);
    void call(const Operation &op);
    void restart(const Operation &op);
    void waitUntilBack(int node, qint64 deadline);
    void waitForLink(qint64 deadline);
    void waitForResource(int node, qint64 deadline);
    void copySshHostKeys(const Operation &op);
    void fetchClusterKey(const Operation &op);
    void verifyClusterKey(qint64 deadline);

    std::array<Client::AdminClient *, 2> m_clients;
    Reconnect m_reconnect;
    Action m_action;
    int m_next = 0;
    bool m_running = false;
    quint64 m_generation = 0;
    QByteArray m_clusterKey; // FetchClusterKey's, until the action ends
};

} // namespace Setup
