#include "shared/vnc/rfbprobe.h"

#include "shared/vnc/rfbclient.h"

#include <QTcpSocket>
#include <QTimer>

namespace Vnc {

void RfbProbe::start(const QString &host, quint16 port, int timeoutMs, QObject *context, Done done)
{
    auto *probe = new RfbProbe(host, port, timeoutMs, context, std::move(done));
    QTimer::singleShot(0, probe, &RfbProbe::begin);
}

RfbProbe::RfbProbe(const QString &host, quint16 port, int timeoutMs, QObject *context, Done done)
    : QObject(context),
      m_host(host),
      m_port(port),
      m_timeoutMs(timeoutMs),
      m_done(std::move(done)),
      m_socket(new QTcpSocket(this)),
      m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            finish(Outcome::NoBanner,
                   QStringLiteral("%1 port %2 accepted a connection but sent no RFB banner within %3 ms")
                       .arg(m_host)
                       .arg(m_port)
                       .arg(m_timeoutMs));
        else
            finish(Outcome::NoBanner,
                   QStringLiteral("nothing answers on %1 port %2 within %3 ms")
                       .arg(m_host)
                       .arg(m_port)
                       .arg(m_timeoutMs));
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &RfbProbe::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::SocketResourceError)
            finish(Outcome::CannotAsk,
                   QStringLiteral("cannot make a socket to ask %1 port %2: %3 (this process is out of file "
                                  "descriptors or memory)")
                       .arg(m_host)
                       .arg(m_port)
                       .arg(m_socket->errorString()));
        else if (error == QAbstractSocket::RemoteHostClosedError)
            finish(Outcome::NoBanner,
                   QStringLiteral("%1 port %2 closed the connection without sending an RFB banner")
                       .arg(m_host)
                       .arg(m_port));
        else
            finish(Outcome::NoBanner,
                   QStringLiteral("nothing answers on %1 port %2 (%3)")
                       .arg(m_host)
                       .arg(m_port)
                       .arg(m_socket->errorString()));
    });
}

void RfbProbe::begin()
{
    m_timer->start(m_timeoutMs);
    m_socket->connectToHost(m_host, m_port);
}

void RfbProbe::onReadyRead()
{
    m_data += m_socket->read(12 - m_data.size());
    if (m_data.size() < 12)
        return;
    if (RfbClient::isBanner(m_data))
        finish(Outcome::Banner, {});
    else
        finish(Outcome::NoBanner, QStringLiteral("%1 port %2 is not a VNC server").arg(m_host).arg(m_port));
}

void RfbProbe::finish(Outcome outcome, const QString &reason)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer->stop();
    m_socket->disconnect(this);
    m_socket->abort();
    deleteLater();
    const Done done = std::move(m_done);
    done(outcome, reason);
}

} // namespace Vnc
