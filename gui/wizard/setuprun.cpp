#include "setuprun.h"

#include "cluster.h"
#include "setup/localnames.h"

SetupRun::SetupRun(Cluster *cluster, QObject *parent) : QObject(parent), m_cluster(cluster)
{
}

void SetupRun::check()
{
    const quint64 generation = ++m_generation;
    m_open = Parts;
    m_errors.clear();
    m_report.reset();
    m_error.clear();
    emit started();
    emit progress(0);
    const QList<NodeConnection *> nodes = m_cluster->nodes();
    const Protocol::AdminNodeFactsQuery query = m_plan.query();
    const QString hosts[2] = { m_plan.primary, m_plan.secondary };
    for (int i = 0; i < 2; ++i) {
        m_facts[i] = { hosts[i], {} };
        NodeConnection *node = nodes.value(i);
        if (!node || !node->isReady()) {
            m_errors.append(node ? tr("%1: %2").arg(node->address(), node->stateText())
                                 : tr("the second node is missing"));
            partDone();
            continue;
        }
        node->client()->call<Protocol::AdminNodeFacts>(
            Protocol::MessageType::AdminNodeFacts, query.toCbor(), this,
            [this, generation, i, address = node->address()](std::optional<Protocol::AdminNodeFacts> reply,
                                                             const QString &error) {
                if (generation != m_generation)
                    return;
                if (reply)
                    m_facts[i].facts = *reply;
                else
                    m_errors.append(tr("%1: %2").arg(address, error)); // as tl-ha-setup says it
                partDone();
            });
    }
    Setup::resolveHere(query.names, this, [this, generation](const Setup::NodeFacts &here) {
        if (generation != m_generation)
            return;
        m_here = here;
        partDone();
    });
}

void SetupRun::partDone()
{
    --m_open;
    emit progress(answered());
    if (m_open > 0)
        return;
    if (m_errors.isEmpty())
        m_report = Setup::Report::check(m_plan, m_facts[0], m_facts[1], &m_here);
    else
        m_error = m_errors.join(QLatin1Char('\n'));
    emit finished();
}
