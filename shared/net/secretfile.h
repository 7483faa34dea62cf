#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// Small helpers for files that hold secrets (cluster key, TLS private key).
namespace Net {

// Writes data to path atomically: a temporary file in the same folder, created with mode,
// written, fsync'ed, then renamed over path. Either the old or the new content is there,
// never a half-written file, and the content is never readable with looser permissions.
bool writeFileAtomically(const QString &path, const QByteArray &data, int mode, QString *error);

// Reads a secret file that must be a regular file that neither group nor others can access.
// what names the file in errors ("cluster key file"). Refuses, with the path and what to do:
// a missing file, an unreadable file, a file with group/other permission bits ("run chmod 600
// PATH"), a file larger than maxSize, and, when this process runs as root, a file that is not
// owned by root ("run chown root:root PATH").
std::optional<QByteArray> readSecretFile(const QString &path, const QString &what, QString *error,
                                         qsizetype maxSize = 64 * 1024);

// The size bytes an open file holds (its fstat size, checked by the caller), read whole, interrupted
// reads retried. nullopt when fewer could be read; *errorNumber is then errno (0 when the file got
// shorter meanwhile).
std::optional<QByteArray> readWhole(int fd, qsizetype size, int *errorNumber);
// Why readWhole() failed, for a message: the system's words for errorNumber, or that the file
// got shorter.
QString readError(int errorNumber);

} // namespace Net
