#pragma once

namespace Posix {

// For a daemon, before its QCoreApplication: every thread of the process runs Qt's own poll()
// event dispatcher instead of GLib's main loop. A daemon has no use for GLib's (no GTK, no
// libsecret), and GLib's costs a wake-up write and read for every event posted within a thread
// (QSslSocket posts one per write, a queued call one each), where Qt's writes once per loop
// turn: a third fewer system calls on vsmserver's request path (docs/benchmarks-history.md). Set through
// QT_NO_GLIB, which Qt reads for the application and again for every QThread it starts. Programs
// the daemon runs inherit it: not for vsmagent, whose children are the users' desktops (their Qt
// programs would lose GLib's main loop).
void useQtEventDispatcher();

} // namespace Posix
