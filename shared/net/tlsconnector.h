#pragma once

#include "shared/net/tlssetup.h"
#include "shared/protocol/link.h"

#include <QObject>

#include <functional>

namespace Net {

// Opens outgoing Links: TCP connect, TLS (PSK with the cluster key, else certificate mode; see
// tlssetup.h), Hello exchange — all within one timeout — then hands the ready Link to a
// callback. The same TLS setup as TlsServer, so two OpenVSM processes always agree.
class TlsConnector final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsConnector)

public:
    // Exactly one of link and error is set. The receiver owns the Link (it has no parent and
    // deletes itself after it closes).
    using Callback = std::function<void(Protocol::Link *link, const QString &error)>;

    struct Options {
        TlsSettings tls;
        Protocol::Link::Options link; // program, node name, limits
        // Connect from a port below 1024 (LinkHandshake::SourcePort::Privileged): for links
        // that make privileged calls (to agents, to the HA peer).
        bool privilegedSourcePort = false;
    };

    explicit TlsConnector(const Options &options, QObject *parent = nullptr);
    ~TlsConnector() override;

    // Connects to host:port. callback is invoked exactly once, never from inside this call,
    // unless context is destroyed first (then a Link that was made is closed). Errors read
    // "cannot connect to HOST:PORT: why". timeoutMs covers connect, TLS and Hello.
    // Destroying the connector cancels the attempts in progress without calling back.
    void connectToHost(const QString &host, quint16 port, int timeoutMs, const QObject *context,
                       Callback callback);

    void setTlsSettings(const TlsSettings &settings) { m_options.tls = settings; }

private:
    Options m_options;
};

} // namespace Net
