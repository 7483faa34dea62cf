#pragma once

#include "backend/agent/detachedprocess.h"

#include <QString>

namespace Agent {

struct Session;

// Sessions in systemd scopes of their own. Under systemd, a process the agent starts would
// live in vsmagent.service's control group: the unit's resource limits would count every
// user's desktop, and a stop with any KillMode but "process" would end them all. So when the
// agent runs as a systemd service, each Xvnc and each session script is started through
// `systemd-run --scope` as a transient unit openvsm-session-ID-ROLE.scope in the user's slice
// openvsm-uUID.slice (below openvsm.slice, where an administrator can set per-user limits),
// and `setpriv` switches to the user after the scope is made: the process keeps its pid
// through both execs. Without systemd (a test bed, a container, an agent started by hand) the
// spec is left as it is and DetachedProcess switches the user itself.
class SystemdScope final {
public:
    // True when this agent is a systemd service running as root (INVOCATION_ID is set and
    // /run/systemd/system exists) and systemd-run and setpriv are installed. Decided once.
    static bool available();

    // spec, run through systemdRun and setpriv in the scope unit in slice. Pure.
    static SpawnSpec wrap(const SpawnSpec &spec, const QString &unit, const QString &slice,
                          const QString &description, const QString &systemdRun, const QString &setpriv);

    // spec placed in session's scope for role ("xvnc", "desktop") when available(), else spec.
    static SpawnSpec place(const SpawnSpec &spec, const Session &session, const QString &role);

    // "openvsm-session-ID-ROLE.scope" and "openvsm-uUID.slice".
    static QString unitName(const Session &session, const QString &role);
    static QString sliceName(uid_t uid);
};

} // namespace Agent
