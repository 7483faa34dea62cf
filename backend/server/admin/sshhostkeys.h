#pragma once

#include "shared/protocol/adminmessages.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// sshd's host keys for the setup wizard's step 3 (AdminSshHostKeysGet / AdminSshHostKeysSet): the
// primary's pairs are read, sent over the authenticated admin link and installed on the secondary,
// whose sshd is then told to load them. Private keys are never logged and never in argv.
namespace Admin::SshHostKeys {

// The key blob of an ssh public key line ("ssh-ed25519 AAAA… comment"), checked to start with the
// line's type; empty when it is not one. *type: the line's key type.
QByteArray publicBlob(const QString &line, QString *type = nullptr);
// The first public key blob an OpenSSH private key file ("openssh-key-v1") carries in the clear;
// empty when data is not such a file.
QByteArray privateKeysPublicBlob(const QByteArray &data);
// pair's name is ssh_host_TYPE_key and its private key belongs to its public line.
bool checkPair(const Protocol::AdminSshHostKeyPair &pair, QString *error);
// The pairs in dir (every ssh_host_*_key with its .pub), each checked; none with the reason.
std::optional<QList<Protocol::AdminSshHostKeyPair>> read(const QString &dir, QString *error);

struct Installed {
    bool changed = false; // false: dir held exactly these keys already
    QString backup; // the folder the replaced files were copied to first (changed only)
};
// Installs keys in dir in place of its pairs: private 0600, public 0644, each atomically, the
// replaced files first copied to dir/openvsm-backup-STAMP (0700). Refused (nothing written) when a
// pair does not check, or when dir's key names differ from keys' (a type one node has and the other
// lacks is the admin's decision, not the wizard's).
std::optional<Installed> install(const QString &dir, const QList<Protocol::AdminSshHostKeyPair> &keys,
                                 const QString &stamp, QString *error);
// Tells the sshd whose pid pidFile holds to load its host keys again: SIGHUP (sshd re-executes
// itself with its arguments and reads its configuration and host keys; `systemctl reload ssh` does
// the same). Only a process named sshd is signalled. "" when done, else why not.
QString reloadSshd(const QString &pidFile, QString *how);

} // namespace Admin::SshHostKeys
