#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Hiveconf {
class Tree;
}

namespace Admin {

// Where a node keeps its admin password hash (AdminPassword): a root-only file named by
// /vsmserver/admin/password_file (default admin-password.hash; a relative name is relative
// to the folder of the configuration's root file, <root>/etc), mode 0600, written atomically by
// `tlctl admin set-password`. The configuration itself (0644 and copied around) holds no hash.
//
// Older versions kept the hash in /vsmserver/admin/password_hash. While no hash file exists that
// value is still used, with a warning that says to run set-password, which moves it.
class PasswordHashFile final {
public:
    static QString fileParameter() { return QStringLiteral("/vsmserver/admin/password_file"); }
    static QString legacyParameter() { return QStringLiteral("/vsmserver/admin/password_hash"); }

    struct Stored {
        QString hash; // empty: no admin password is set
        QString source; // the hash file, or FILE:LINE of the legacy parameter
        QString warning; // what the operator should fix although the hash is usable; or empty
    };

    // The hash file the configuration names (absolute).
    static QString path(const Hiveconf::Tree &tree);

    // The stored hash. nullopt with *error when the hash file exists but must not be used:
    // group or others may access it ("run: chmod 600 FILE", and set a new password: it may have
    // been read), another user than root (or the caller) owns it, it is not a regular file, or it
    // cannot be read. A missing file falls back to the legacy parameter (with Stored::warning).
    static std::optional<Stored> load(const Hiveconf::Tree &tree, QString *error);

    // Writes hash to path(tree) atomically with mode 0600, then blanks every non-empty legacy
    // password_hash line in the configuration files (under the configuration's write lock).
    // *notes gets one line per thing done. False with *error when the file cannot be written; a
    // legacy value that cannot be blanked is an error too (it is then named in *error), although
    // the new file is in place and takes precedence.
    static bool store(const Hiveconf::Tree &tree, const QString &hash, QStringList *notes, QString *error);
};

} // namespace Admin
