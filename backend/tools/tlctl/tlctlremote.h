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
namespace Tlctl {

// Whether args (without the program name) are for runRemote().
bool isRemoteCommand(const QStringList &args);
// Runs it; returns the exit code (0 ok, 1 refused/failed, 2 usage, 3 unreachable).
int runRemote(const QStringList &args);

// Reads a secret from the terminal without echo (prompt on stderr), or one line from stdin when
// it is not a terminal. Trailing newline removed. False at end of input.
bool readSecret(const QString &prompt, QByteArray *secret);

} // namespace Tlctl
