#pragma once

#include <QString>

namespace Client {

// Pinned admin API certificate fingerprints, as ssh's known_hosts: one line per node,
// "HOST:PORT SHA256-FINGERPRINT" (fingerprint as "AB:CD:…"). Default file:
// ~/.config/openvsm/known_nodes (XDG_CONFIG_HOME respected). Written atomically, mode 0600.
class KnownNodes final {
public:
    enum class Status { Unknown, Match, Changed };

    explicit KnownNodes(const QString &file = defaultFile());

    static QString defaultFile();
    QString file() const { return m_file; }

    // What the file says about node ("host:port") presenting fingerprint; *pinned gets the
    // stored fingerprint when there is one.
    Status check(const QString &node, const QString &fingerprint, QString *pinned = nullptr) const;
    // Pins (or re-pins) node to fingerprint. False with *error when the file cannot be written.
    bool pin(const QString &node, const QString &fingerprint, QString *error);

private:
    QString m_file;
};

} // namespace Client
