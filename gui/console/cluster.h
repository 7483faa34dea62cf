#pragma once

#include "gui/console/nodeconnection.h"

#include <QList>
#include <QObject>

namespace Console {

// The cluster the console manages: the two nodes (either may be down) and the resource name
// (the address the HA engine moves; agents' master_hostname must be it).
class Cluster final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Cluster)

public:
    explicit Cluster(QObject *parent = nullptr);

    void setFingerprintCheck(Client::AdminClient::FingerprintCheck check) { m_check = std::move(check); }
    void setKnownNodesFile(const QString &file) { m_knownNodes = file; }

    // Drops the old nodes and connects to the new ones (empty names are skipped). Each node
    // then keeps itself connected (NodeConnection).
    void connectTo(const QStringList &nodes, const QString &resource, const QByteArray &password);
    void disconnectAll();
    // Logs in again, with password, on every node that refused the login.
    void retryLogin(const QByteArray &password);

    QList<NodeConnection *> nodes() const { return m_nodes; }
    QString resource() const { return m_resource; }
    // The first node that is logged in, or nullptr.
    NodeConnection *firstReady() const;
    bool anyBusy() const;
    // Host names of the nodes, as the agents must list them in allowed_clients.
    QStringList nodeHosts() const;

signals:
    void nodesChanged(); // a new set of nodes
    void stateChanged(); // a node connected, failed, was lost or is reconnecting
    void finished(); // every node's first connection attempt has an outcome (once per connectTo)
    void passwordRejected(); // a node said the password is wrong

private:
    QList<NodeConnection *> m_nodes;
    QString m_resource;
    QString m_knownNodes;
    bool m_finished = false;
    Client::AdminClient::FingerprintCheck m_check;
};

} // namespace Console
