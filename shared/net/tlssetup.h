#pragma once

#include "shared/net/clusterkey.h"
#include "shared/net/tlsidentity.h"

#include <QString>

#include <optional>

class QSslSocket;

namespace Net {

enum class TlsRole { Server, Client };

// How this process speaks TLS. Two modes:
// - Cluster key set (PSK mode): TLS 1.2 only, ECDHE-PSK ciphers only (forward secret), PSK
//   identity "openvsm", the cluster key as the pre-shared key. Both sides prove they hold the
//   key during the handshake; a peer with another key or none fails it. No certificates.
// - No cluster key (certificate mode): TLS 1.2 or later with this node's self-signed
//   certificate (servers need identity), peer certificates not verified: trust is by address.
struct TlsSettings {
    std::optional<ClusterKey> clusterKey;
    std::optional<TlsIdentity> identity;

    bool pskMode() const { return clusterKey.has_value(); }
    // For the daemons' start-up log line: "TLS with cluster key <id> (mutual PSK
    // authentication)" or "TLS with a self-signed certificate (SHA-256 AB:…); peers are
    // trusted by address only".
    QString describe() const;
};

// Configures socket (not yet encrypted) for role with settings: protocol versions, ciphers,
// certificate and key, peer verification, and the PSK handshake callback. The one place where
// both servers and connectors get their TLS setup. Returns false with *error when the settings
// cannot serve that role (a server in certificate mode without an identity).
bool configureTlsSocket(QSslSocket *socket, TlsRole role, const TlsSettings &settings, QString *error);

} // namespace Net
