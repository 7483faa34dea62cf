#include "nodeconnection.h"

using Protocol::MessageType;

NodeConnection::NodeConnection(const QString &address, QObject *parent)
    : QObject(parent), m_address(address.trimmed()), m_client(new Admin::AdminClient(this))
{
    QString error;
    if (!Admin::AdminClient::parseNode(m_address, &m_host, &m_port, &error)) {
        m_error = error;
        m_host = m_address;
    }
    connect(m_client, &Admin::AdminClient::ready, this, [this]() {
        m_busy = false;
        m_error.clear();
        emit stateChanged();
        refreshStatus();
        refreshAgents();
        loadSessions();
    });
    connect(m_client, &Admin::AdminClient::failed, this, [this](const QString &why) {
        m_busy = false;
        m_error = why;
        emit stateChanged();
    });
    connect(m_client, &Admin::AdminClient::disconnected, this, [this](const QString &why) {
        m_error = tr("connection lost: %1").arg(why);
        emit stateChanged();
    });
    connect(m_client, &Admin::AdminClient::event, this, [this](const QString &kind, const QCborMap &body) {
        if (kind == QLatin1String("session")) {
            emit sessionChanged(body.value(QStringLiteral("session")).toMap(),
                                body.value(QStringLiteral("removed")).toBool());
            refreshStatus();
        } else if (kind == QLatin1String("agents")) {
            m_agents = body.value(QStringLiteral("agents")).toArray();
            emit agentsChanged();
            refreshStatus();
        } else if (kind == QLatin1String("agent_config")) {
            emit agentConfigChanged(body.value(QStringLiteral("agent")).toString());
        } else if (kind == QLatin1String("config")) {
            emit configChanged();
        }
    });
}

void NodeConnection::open(const QByteArray &password)
{
    if (!m_error.isEmpty() && m_host.isEmpty())
        return emit stateChanged();
    QString error;
    if (!Admin::AdminClient::parseNode(m_address, &m_host, &m_port, &error)) {
        m_error = error;
        emit stateChanged();
        return;
    }
    m_busy = true;
    m_error.clear();
    m_client->connectToNode(m_host, m_port, password);
}

void NodeConnection::close()
{
    m_client->disconnectFromNode();
}

void NodeConnection::refreshStatus()
{
    m_client->request(MessageType::AdminStatus, {}, this, [this](const QCborMap &body, const QString &error) {
        if (!error.isEmpty())
            return;
        m_status = body;
        emit statusChanged();
    });
}

void NodeConnection::refreshAgents()
{
    m_client->request(MessageType::AdminAgentList, {}, this,
                      [this](const QCborMap &body, const QString &error) {
                          if (!error.isEmpty())
                              return;
                          m_agents = body.value(QStringLiteral("agents")).toArray();
                          emit agentsChanged();
                      });
}

void NodeConnection::loadSessions()
{
    loadSessionPage(0, std::make_shared<QCborArray>());
}

void NodeConnection::loadSessionPage(qint64 offset, std::shared_ptr<QCborArray> sessions)
{
    m_client->request(MessageType::AdminSessionList, QCborMap { { QStringLiteral("offset"), offset } }, this,
                      [this, sessions](const QCborMap &body, const QString &error) {
                          if (!error.isEmpty())
                              return;
                          for (const QCborValue &v : body.value(QStringLiteral("sessions")).toArray())
                              sessions->append(v);
                          if (body.contains(QStringLiteral("next_offset")))
                              return loadSessionPage(body.value(QStringLiteral("next_offset")).toInteger(),
                                                     sessions);
                          emit sessionsLoaded(*sessions);
                      });
}
