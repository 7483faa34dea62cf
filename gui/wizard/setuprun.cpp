#include "gui/wizard/setuprun.h"

#include "backend/client/failoverdrill.h"
#include "backend/setup/localnames.h"
#include "gui/console/cluster.h"

namespace Wizard {

SetupRun::SetupRun(Console::Cluster *cluster, QObject *parent) : QObject(parent), m_cluster(cluster)
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
    const QList<Console::NodeConnection *> nodes = m_cluster->nodes();
    const Protocol::AdminNodeFactsQuery query = m_plan.query();
    const QString hosts[2] = { m_plan.primary, m_plan.secondary };
    for (int i = 0; i < 2; ++i) {
        m_facts[i] = {};
        m_facts[i].node = hosts[i];
        Console::NodeConnection *node = nodes.value(i);
        if (!node || !node->isReady()) {
            m_errors.append(node ? tr("%1: %2").arg(node->address(), node->stateText())
                                 : tr("the second node is missing"));
            partDone();
            continue;
        }
        Setup::gatherNode(node->client(), hosts[i], query, this,
                          [this, generation, i, address = node->address()](const Setup::NodeFacts &facts,
                                                                           const QString &error) {
                              if (generation != m_generation)
                                  return;
                              m_facts[i] = facts;
                              if (!error.isEmpty())
                                  m_errors.append(tr("%1: %2").arg(address, error)); // as tl-ha-setup says it
                              partDone();
                          });
    }
    Setup::resolveHere(query, this, [this, generation](const Setup::NodeFacts &here) {
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
    if (m_errors.isEmpty()) {
        m_report = Setup::Report::check(m_plan, m_facts[0], m_facts[1], &m_here);
        m_report->changed = m_changed;
        if (m_drill)
            m_report->setDrill(*m_drill);
    } else
        m_error = m_errors.join(QLatin1Char('\n'));
    emit finished();
}

void SetupRun::apply(const QList<Setup::Action> &actions)
{
    if (m_applying || m_open > 0 || actions.isEmpty())
        return;
    const QList<Console::NodeConnection *> nodes = m_cluster->nodes();
    if (nodes.size() < 2)
        return;
    if (!m_applier) {
        // The console's connections log in again by themselves after a restart.
        m_applier = new Setup::Applier(
            { nodes[0]->client(), nodes[1]->client() }, [](int) {}, this);
        connect(m_applier, &Setup::Applier::progress, this, &SetupRun::applying);
        connect(m_applier, &Setup::Applier::finished, this, [this](const QString &error) {
            if (!error.isEmpty()) {
                m_applyError = tr("%1: %2").arg(m_pending.first().id, error);
                m_pending.clear();
            } else {
                m_changed += m_pending.takeFirst().lines();
            }
            applyNext();
        });
    }
    m_applyError.clear();
    m_pending = actions;
    m_applying = true;
    emit started();
    applyNext();
}

void SetupRun::applyNext()
{
    if (m_pending.isEmpty()) {
        m_applying = false;
        check();
        return;
    }
    m_applier->apply(m_pending.first());
}

void SetupRun::drill()
{
    const QList<Console::NodeConnection *> nodes = m_cluster->nodes();
    if (!canDrill() || nodes.size() < 2)
        return;
    Client::FailoverDrill::Options options;
    options.moveBack = true;
    options.clusterName = m_plan.resource;
    auto *drill = new Client::FailoverDrill(nodes[0]->client(), nodes[1]->client(), options, this);
    connect(drill, &Client::FailoverDrill::step, this,
            [this](const QString &, qint64 ms, bool, const QString &detail) {
                emit applying(QStringLiteral("+%1 ms  %2").arg(ms).arg(detail));
            });
    connect(drill, &Client::FailoverDrill::finished, this, [this, drill]() {
        m_drill = Setup::DrillResult { drill->succeeded(), drill->reportText(), drill->reportJson() };
        if (m_report)
            m_report->setDrill(*m_drill);
        m_drilling = false;
        drill->deleteLater();
        emit finished();
    });
    m_drilling = true;
    emit started();
    drill->start();
}

} // namespace Wizard
