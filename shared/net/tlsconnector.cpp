#include "shared/net/tlsconnector.h"

#include "shared/logging/logging.h"
#include "shared/net/linkhandshake.h"

#include <QPointer>
#include <QSslSocket>

namespace Net {

TlsConnector::TlsConnector(const Options &options, QObject *parent) : QObject(parent), m_options(options)
{
}

TlsConnector::~TlsConnector() = default;

void TlsConnector::connectToHost(const QString &host, quint16 port, int timeoutMs, const QObject *context,
                                 Callback callback)
{
    Q_ASSERT(context);
    const QString target
        = (host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host)
        + QLatin1Char(':') + QString::number(port);
    Protocol::Link::Options linkOptions = m_options.link;
    if (linkOptions.peerDescription.isEmpty())
        linkOptions.peerDescription = target;

    auto *handshake
        = new LinkHandshake(new QSslSocket, TlsRole::Client, m_options.tls, linkOptions, timeoutMs, this);
    QPointer<const QObject> guard(context);
    connect(handshake, &LinkHandshake::finished, this,
            [guard, callback = std::move(callback), target](Protocol::Link *link, const QString &error) {
                if (!link) {
                    const QString line = QStringLiteral("cannot connect to %1: %2").arg(target, error);
                    if (error.contains(QLatin1String("cluster key")))
                        qCWarning(lcSecurity).noquote() << line;
                    else
                        qCWarning(lcProtocol).noquote() << line;
                }
                if (!guard) {
                    if (link) {
                        link->setAutoDelete(true);
                        link->close(QStringLiteral("nobody is waiting for this link any more"));
                    }
                    return;
                }
                if (link)
                    callback(link, QString());
                else
                    callback(nullptr, QStringLiteral("cannot connect to %1: %2").arg(target, error));
            });
    handshake->startClient(host, port,
                           m_options.privilegedSourcePort ? LinkHandshake::SourcePort::Privileged
                                                          : LinkHandshake::SourcePort::Any);
}

} // namespace Net
