#include "backend/agent/systemdscope.h"

#include "backend/agent/session.h"

#include <QFileInfo>
#include <QStandardPaths>

#include <unistd.h>

namespace Agent {
namespace {

struct Tools {
    QString systemdRun;
    QString setpriv;
};

Tools findTools()
{
    if (::geteuid() != 0 || qEnvironmentVariableIsEmpty("INVOCATION_ID")
        || !QFileInfo(QStringLiteral("/run/systemd/system")).isDir())
        return {};
    const QStringList dirs { QStringLiteral("/usr/bin"), QStringLiteral("/bin") };
    return { QStandardPaths::findExecutable(QStringLiteral("systemd-run"), dirs),
             QStandardPaths::findExecutable(QStringLiteral("setpriv"), dirs) };
}

const Tools &tools()
{
    static const Tools found = findTools();
    return found;
}

} // namespace

bool SystemdScope::available()
{
    return !tools().systemdRun.isEmpty() && !tools().setpriv.isEmpty();
}

QString SystemdScope::unitName(const Session &session, const QString &role)
{
    return QStringLiteral("openvsm-session-%1-%2.scope").arg(session.id, role);
}

QString SystemdScope::sliceName(uid_t uid)
{
    return QStringLiteral("openvsm-u%1.slice").arg(uid);
}

SpawnSpec SystemdScope::wrap(const SpawnSpec &spec, const QString &unit, const QString &slice,
                             const QString &description, const QString &systemdRun, const QString &setpriv)
{
    SpawnSpec wrapped = spec;
    QString program = spec.program;
    if (!program.contains(QLatin1Char('/'))) {
        program = QStandardPaths::findExecutable(program);
        if (program.isEmpty())
            return spec; // DetachedProcess::spawn names the missing program
    }
    wrapped.program = systemdRun;
    // --collect: the scope goes away when its processes have ended, even after a failure.
    wrapped.arguments = { QStringLiteral("--scope"),
                          QStringLiteral("--quiet"),
                          QStringLiteral("--collect"),
                          QStringLiteral("--unit=") + unit,
                          QStringLiteral("--slice=") + slice,
                          QStringLiteral("--description=") + description,
                          QStringLiteral("--") };
    if (spec.switchUser) {
        wrapped.arguments += { setpriv, QStringLiteral("--reuid=%1").arg(spec.uid),
                               QStringLiteral("--regid=%1").arg(spec.gid), QStringLiteral("--init-groups"),
                               QStringLiteral("--") };
        wrapped.switchUser = false; // root until the scope exists; setpriv switches
    }
    wrapped.arguments += program;
    wrapped.arguments += spec.arguments;
    return wrapped;
}

SpawnSpec SystemdScope::place(const SpawnSpec &spec, const Session &session, const QString &role)
{
    if (!available())
        return spec;
    const QString description = QStringLiteral("OpenVSM session %1 of %2 on display :%3 (%4)")
                                    .arg(session.id, session.user)
                                    .arg(session.display)
                                    .arg(role);
    return wrap(spec, unitName(session, role), sliceName(session.uid), description, tools().systemdRun,
                tools().setpriv);
}

} // namespace Agent
