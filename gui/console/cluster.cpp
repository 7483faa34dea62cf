#include "gui/console/cluster.h"

#include <utility>

namespace Console {

Cluster::Cluster(QObject *parent) : QObject(parent)
{
}

void Cluster::disconnectAll()
{
    const QList<NodeConnection *> old = std::exchange(m_nodes, {});
    for (NodeConnection *n : old) {
        n->disconnect(); // the pages hear of the new set through nodesChanged()
        n->close();
        n->deleteLater();
    }
}

void Cluster::connectTo(const QStringList &nodes, const QString &resource, const QByteArray &password)
{
    disconnectAll();
    m_finished = false;
    m_resource = resource.trimmed();
    for (const QString &address : nodes) {
        if (address.trimmed().isEmpty())
            continue;
        auto *node = new NodeConnection(address, this);
        if (!m_knownNodes.isEmpty())
            node->client()->setKnownNodesFile(m_knownNodes);
        node->client()->setFingerprintCheck(m_check);
        connect(node, &NodeConnection::stateChanged, this, [this]() {
            emit stateChanged();
            if (m_finished || m_nodes.isEmpty())
                return;
            for (NodeConnection *n : std::as_const(m_nodes)) {
                if (!n->hadOutcome())
                    return;
            }
            m_finished = true;
            emit finished();
        });
        connect(node, &NodeConnection::passwordRejected, this, &Cluster::passwordRejected);
        m_nodes.append(node);
    }
    emit nodesChanged();
    for (NodeConnection *node : std::as_const(m_nodes))
        node->open(password);
}

void Cluster::retryLogin(const QByteArray &password)
{
    for (NodeConnection *n : std::as_const(m_nodes)) {
        if (n->state() == NodeConnection::State::LoginRefused)
            n->retryLogin(password);
    }
}

NodeConnection *Cluster::firstReady() const
{
    for (NodeConnection *n : m_nodes) {
        if (n->isReady())
            return n;
    }
    return nullptr;
}

bool Cluster::anyBusy() const
{
    for (NodeConnection *n : m_nodes) {
        if (n->isBusy())
            return true;
    }
    return false;
}

QStringList Cluster::nodeHosts() const
{
    QStringList hosts;
    for (NodeConnection *n : m_nodes)
        hosts.append(n->host());
    return hosts;
}

} // namespace Console
