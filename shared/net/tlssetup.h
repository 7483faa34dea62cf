#pragma once

#include "shared/net/clusterkey.h"
#include "shared/net/tlsidentity.h"

#include <QString>

#include <optional>

class QSslSocket;

namespace Net {

enum class TlsRole { Server, Client };

// How this process speaks TLS. Three modes:
// - Cluster key required (PSK mode): TLS 1.2 only, ECDHE-PSK ciphers only (forward secret),
//   PSK identity "openvsm", the cluster key as the pre-shared key. Both sides prove they hold
//   the key during the handshake; a peer with another key or none fails it. No certificates.
// - No cluster key (certificate mode): TLS 1.2 or later with this node's self-signed
//   certificate (servers need identity), peer certificates not verified: trust is by address.
// - Cluster key not yet required (/vsm/cluster_key_required=0, the transition while a key is
//   rolled out): TLS 1.2 offering the PSK suites first and the certificate suites after them. Two
//   peers that both hold the key use it; a peer without one still gets a certificate handshake
//   and is trusted by address, as in certificate mode. A peer with another key fails. Which one a
//   link used is Link::peerAuthenticated().
struct TlsSettings {
    std::optional<ClusterKey> clusterKey;
    std::optional<TlsIdentity> identity;
    bool keyRequired = true; // with clusterKey: refuse peers without it

    // Every peer must prove the cluster key: nobody is trusted by address.
    bool pskMode() const { return clusterKey.has_value() && keyRequired; }
    // Peers holding the key use it (PSK or transition mode).
    bool offersKey() const { return clusterKey.has_value(); }
    // A server needs a certificate unless every peer uses the key.
    bool needsIdentity() const { return !pskMode(); }
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

// After the handshake: whether it used the cluster key (a PSK suite), i.e. the peer proved it.
bool usedClusterKey(const QSslSocket *socket);

} // namespace Net
