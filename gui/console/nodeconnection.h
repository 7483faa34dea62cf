#pragma once

#include "adminclient.h"

#include <QCborArray>
#include <QCborMap>
#include <QObject>

#include <memory>

// The console's view of one node: its admin connection, last status and agent list, and the
// events it pushes.
class NodeConnection final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NodeConnection)

public:
    explicit NodeConnection(const QString &address, QObject *parent = nullptr);

    QString address() const { return m_address; } // as typed: "host[:port]"
    QString host() const { return m_host; }
    Admin::AdminClient *client() const { return m_client; }

    // Connects and logs in; stateChanged() when done (isReady() or error()).
    void open(const QByteArray &password);
    void close();
    bool isReady() const { return m_client->isReady(); }
    bool isBusy() const { return m_busy; }
    QString error() const { return m_error; }

    QCborMap status() const { return m_status; }
    QCborArray agents() const { return m_agents; }

    void refreshStatus();
    void refreshAgents();
    void loadSessions();

signals:
    void stateChanged();
    void statusChanged();
    void agentsChanged();
    void sessionsLoaded(const QCborArray &sessions);
    void sessionChanged(const QCborMap &session, bool removed);
    void configChanged();
    void agentConfigChanged(const QString &agent);

private:
    void loadSessionPage(qint64 offset, std::shared_ptr<QCborArray> sessions);

    QString m_address;
    QString m_host;
    quint16 m_port = Admin::AdminClient::DefaultPort;
    Admin::AdminClient *m_client;
    bool m_busy = false;
    QString m_error;
    QCborMap m_status;
    QCborArray m_agents;
};
