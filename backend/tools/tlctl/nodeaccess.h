#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// How tlctl (and tl-ha-setup) reach a node's admin API — certificate pinning, the admin
// password — and the commands that work on this node's files rather than through vsmserver.
namespace Client {
class AdminClient;
}

namespace Tlctl {

// Connects client to node ("HOST[:PORT]", checked with AdminClient::parseNode first) and logs
// in, as `tlctl --node` does: an unknown or changed certificate is asked about on a terminal or
// needs acceptNew; the password comes from OPENVSM_ADMIN_PASSWORD_FILE or the terminal, and is
// sent only once the certificate is trusted. With sharedPassword, the first password read is kept
// there and reused for the next node. Runs an event loop until ready or failed; on failure the
// reason is on stderr (prefixed with the program's name) and *rc is the exit code (1 refused,
// 2 usage, 3 unreachable).
bool connectToNode(Client::AdminClient *client, const QString &node, bool acceptNew, int *rc,
                   QByteArray *sharedPassword = nullptr);

// tlctl admin set-password: writes the root-only admin password hash file (on this node).
int setPassword();
// tlctl admin fingerprint: this node's admin API certificate's SHA-256.
int printFingerprint();
// tlctl --node A --node B ha drill: logs in to both, runs Client::FailoverDrill, prints its
// timeline (stderr with json, stdout else) and the result; exit 0 when the drill passed.
int drill(const QStringList &nodes, bool acceptNew, bool json, bool moveBack, const QString &reportFile,
          const QString &stepDownSeconds);

// Reads a secret from the terminal without echo (prompt on stderr), or one line from stdin when
// it is not a terminal. Trailing newline removed. False at end of input.
bool readSecret(const QString &prompt, QByteArray *secret);

} // namespace Tlctl
