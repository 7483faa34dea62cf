#include "cluster.h"

Cluster::Cluster(QObject *parent) : QObject(parent)
{
}

void Cluster::disconnectAll()
{
    for (NodeConnection *n : std::as_const(m_nodes)) {
        n->close();
        n->deleteLater();
    }
    m_nodes.clear();
}

void Cluster::connectTo(const QStringList &nodes, const QString &resource, const QByteArray &password)
{
    disconnectAll();
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
            if (!anyBusy())
                emit finished();
        });
        m_nodes.append(node);
    }
    emit nodesChanged();
    for (NodeConnection *node : std::as_const(m_nodes))
        node->open(password);
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
