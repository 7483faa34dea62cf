#pragma once

#include <QString>

// Where every OpenVSM program finds its configuration and keeps its state.
//
// The root is the install prefix (/opt/openvsm by default) unless the environment variable
// OPENVSM_ROOT names another folder; then config, state, logs and sockets all live under it.
// Tests rely on this to run several nodes on one machine; it is a fixed, documented interface.
namespace Paths {

// OPENVSM_ROOT when set and non-empty, else the compiled-in install prefix.
QString root();
// True when OPENVSM_ROOT is in force.
bool rootOverridden();

// <root>/etc: the hiveconf root file and conf.d/.
QString etcDir();
// <root>/etc/openvsm.hconf: the one root file that mounts conf.d/*.hconf.
QString configFile();
// <root>/var/lib/openvsm/<component>: persistent state (session store, keys, certificates).
QString stateDir(const QString &component);
// <root>/var/run/openvsm: sockets and pid files.
QString runDir();
// <root>/var/run/openvsm/vsmserver.sock: vsmserver's Unix socket (tl-session-helper, tlctl).
QString serverSocket();
// <root>/var/log/openvsm: log files when file logging is configured.
QString logDir();

// A file of the operating system (/etc/ssh/ssh_host_ed25519_key.pub, /run/sshd.pid):
// as given, or below OPENVSM_ROOT when that is set (each test-bed host keeps its own there).
QString systemPath(const QString &absolute);

// Creates dir (and parents) with the given permission bits if missing. Returns false and
// sets *error when it cannot.
bool ensureDir(const QString &dir, QString *error, int mode = 0755);

} // namespace Paths
