#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// tlctl's commands that do not use the local Unix socket:
//   tlctl admin set-password        writes the root-only admin password hash file (local, root)
//   tlctl admin fingerprint         prints this node's admin API certificate fingerprint
//   tlctl --node HOST[:PORT] ...    the same operations over a node's admin API; a node whose
//                                   certificate is not pinned yet is asked about on a terminal,
//                                   else needs --accept-new-fingerprint
namespace Client {
class AdminClient;
}

namespace Tlctl {

// Whether args (without the program name) are for runRemote().
bool isRemoteCommand(const QStringList &args);
// Runs it; returns the exit code (0 ok, 1 refused/failed, 2 usage, 3 unreachable).
int runRemote(const QStringList &args);

// Connects client to node ("HOST[:PORT]", checked with AdminClient::parseNode first) and logs
// in, as `tlctl --node` does: an unknown or changed certificate is asked about on a terminal or
// needs acceptNew; the password comes from OPENVSM_ADMIN_PASSWORD_FILE or the terminal, and is
// sent only once the certificate is trusted. With sharedPassword, the first password read is kept
// there and reused for the next node. Runs an event loop until ready or failed; on failure the
// reason is on stderr (prefixed with the program's name) and *rc is the exit code (1 refused,
// 2 usage, 3 unreachable).
bool connectToNode(Client::AdminClient *client, const QString &node, bool acceptNew, int *rc,
                   QByteArray *sharedPassword = nullptr);

// Reads a secret from the terminal without echo (prompt on stderr), or one line from stdin when
// it is not a terminal. Trailing newline removed. False at end of input.
bool readSecret(const QString &prompt, QByteArray *secret);

} // namespace Tlctl
