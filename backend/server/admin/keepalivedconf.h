#pragma once

#include "shared/protocol/adminmessages.h"

#include <QString>

#include <functional>

class QObject;

// The setup wizard's step 8 on the node (AdminKeepalivedConfSet): the keepalived.conf it
// generated is checked by keepalived itself, installed in place of the node's, and keepalived is
// told to use it. Root's vsmserver only; every step is logged by the caller.
namespace Admin::KeepalivedConf {

// Where keepalived reads its configuration and writes its pid (below $OPENVSM_ROOT when set).
QString configFile(); // /etc/keepalived/keepalived.conf
QString pidFile(); // /run/keepalived.pid

// 1. refused without a vrrp_instance, or when `keepalived -t -f` (when keepalived is installed)
//    finds fault with it, naming its complaint; nothing is written then;
// 2. the same text as installed: nothing written, keepalived left alone (reply.backup empty);
// 3. else the installed file is copied to FILE.openvsm-backup-STAMP (0600) and the new one
//    written atomically (0600: keepalived runs as root, and the file may one day hold a VRRP
//    password);
// 4. keepalived is told: SIGHUP to the keepalived whose pid pidFile() holds (it reloads its
//    configuration, starting VRRP if it had none), else `systemctl start keepalived` where
//    systemd runs; else the reply's error says to start it.
// done(reply, "") or (reply so far, why); always called, later, on context's thread.
void install(const QString &text, const QString &stamp, QObject *context,
             std::function<void(const Protocol::AdminKeepalivedConf &reply, const QString &error)> done);

} // namespace Admin::KeepalivedConf
