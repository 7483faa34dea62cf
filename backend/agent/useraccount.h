#pragma once

#include <QByteArray>
#include <QString>

#include <sys/types.h>

#include <optional>

namespace Agent {

// A local (or NSS) account the agent starts sessions for.
struct UserAccount {
    QString name;
    uid_t uid = 0;
    gid_t gid = 0;
    QString home;
    QString shell;

    // Whether name may be looked up and handed to Xvnc, the session script and log lines: not
    // empty, at most 256 characters, no control character (C0, DEL, C1; NUL included) and no
    // '/'. Otherwise false, and *why names the problem (the offending character and where).
    static bool isValidName(const QString &name, QString *why);

    // Looks name up with getpwnam_r (after isValidName). Empty when no such user or the lookup
    // failed; *error says which.
    static std::optional<UserAccount> lookup(const QString &name, QString *error);
    // The account the agent itself runs as.
    static std::optional<UserAccount> current();

    // Makes sure the home folder exists. When it is missing and makeHomedir is true, creates it
    // (parents as root-owned 0755) with mode, owned by the user. Otherwise a clear error.
    bool ensureHome(bool makeHomedir, int mode, QString *error) const;
};

} // namespace Agent
