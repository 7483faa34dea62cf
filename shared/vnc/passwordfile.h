#pragma once

#include <QByteArray>
#include <QString>

#include <sys/types.h>

namespace Vnc {

// The vncpasswd file format Xvnc's -rfbauth reads: the password (at most 8 bytes, zero padded)
// DES-encrypted with VNC's fixed, public obfuscation key. It hides the password from a casual
// look only; the file's permissions (0600, owned by the session's user) are the protection.
class PasswordFile final {
public:
    // The 8 obfuscated bytes for password, and back.
    static QByteArray obfuscate(QByteArrayView password);
    static QByteArray deobfuscate(QByteArrayView obfuscated);

    // Creates path (which must not exist yet; symbolic links are never followed) with mode 0600
    // and the obfuscated password. When owner/group are not -1 the file is handed to them (the
    // caller must be root for another user). Returns false with a reason otherwise.
    static bool write(const QString &path, QByteArrayView password, QString *error, uid_t owner = uid_t(-1),
                      gid_t group = gid_t(-1));

    // Reads the password back (trailing zero bytes removed).
    static bool read(const QString &path, QByteArray *password, QString *error);
};

} // namespace Vnc
