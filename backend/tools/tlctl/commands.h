#pragma once

#include <QString>
#include <QStringList>

// tlctl's commands, one table: every command has one name (older names stay as aliases), one
// synopsis and help text (`tlctl help COMMAND`), and runs on this node's vsmserver over its Unix
// socket (as root: the peer credentials are the authorisation) or, with --node HOST[:PORT], on
// any node over the admin API (TLS, pinned certificate, admin password) — the same request, the
// same output, the same --json. A few commands belong to one machine (the keepalived hooks, the
// admin password file) or need both nodes (the failover drill); the table says which.
//
// Exit codes: 0 success, 1 the server refused or something failed, 2 usage error, 3 vsmserver
// (or the node) could not be reached.
namespace Tlctl {

enum Exit { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitUnreachable = 3 };

// Runs tlctl with arguments (without the program name); returns the exit code.
int run(const QStringList &arguments);

// The table as text: every command's synopsis (and, with details, its help), for `tlctl help`
// and the man page.
QString commandList(bool details);

// The table as data, for what is generated from it (the bash completion).
struct CommandInfo {
    QString name; // "session list"
    QStringList aliases; // "load list"
    QString synopsis; // what follows the name: "[--user USER] ... [--json]"
    bool withNode = false; // runs with --node (false: this machine only)
};
QList<CommandInfo> commandInfo();
// Every option, as typed ("--node", "-y"); valuesOnly: those that take a value.
QStringList optionNames(bool valuesOnly);
// tlctl's bash completion, generated from the table and the options (completion.cpp; written by
// openvsm-mangen at build time).
QString bashCompletion();

} // namespace Tlctl
