#pragma once

#include <QString>

namespace Agent {

// The folder where every X server of the host puts its socket (/tmp/.X11-unix). Sessions of
// different users share it, so it must be a real folder owned by root with mode 1777: anyone may
// add a socket, only its owner may remove or replace it. Owned by a user, that user could swap
// any session's socket for their own; without the sticky bit, anyone could.
class X11SocketDir final {
public:
    static QString defaultPath() { return QStringLiteral("/tmp/.X11-unix"); }

    // Checks path as above. Otherwise false, and *error names the folder, what is wrong and the
    // commands that fix it.
    static bool check(const QString &path, QString *error);

    // Creates path as root-owned 1777 when it does not exist (as systemd-tmpfiles would), then
    // check(). Never changes an existing folder: who made it so is for the administrator to find.
    static bool ensure(const QString &path, QString *error);
};

} // namespace Agent
