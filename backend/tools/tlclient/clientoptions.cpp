#include "clientoptions.h"

#include <QRegularExpression>

namespace Client {

QString ClientOptions::user() const
{
    const qsizetype at = target.lastIndexOf(QLatin1Char('@'));
    return at < 0 ? QString() : target.left(at);
}

QString ClientOptions::host() const
{
    const qsizetype at = target.lastIndexOf(QLatin1Char('@'));
    return at < 0 ? target : target.mid(at + 1);
}

QString ClientOptions::targetFor(const QString &otherHost) const
{
    const QString u = user();
    return u.isEmpty() ? otherHost : u + QLatin1Char('@') + otherHost;
}

QString clientUsage()
{
    return QStringLiteral(
        "Usage: tlclient [options] [user@]server\n"
        "\n"
        "Connects to your OpenVSM desktop session on server over SSH (your ~/.ssh/config,\n"
        "keys, agent and known_hosts apply): reconnects to your session or starts one,\n"
        "tunnels VNC to the agent that runs it, and starts TigerVNC's vncviewer.\n"
        "\n"
        "Options:\n"
        "  --geometry WxH          screen size of a new session (e.g. 1280x800)\n"
        "  --command PROG          program to run in a new session instead of a desktop\n"
        "  --new                   start another session even though you have one\n"
        "  --terminate-existing    end your existing session(s) and start a new one\n"
        "  --list                  list your sessions and exit\n"
        "  --terminate ID          end session ID and exit\n"
        "  --check                 do everything but the viewer: log in to the session over\n"
        "                          VNC through the tunnel, print one line, exit 0 (non-zero\n"
        "                          with the reason otherwise)\n"
        "  -o KEY=VALUE            ssh option for every ssh run (repeatable)\n"
        "  -p PORT                 ssh port of the server and of the agents\n"
        "  --ssh PROGRAM           the ssh program (default ssh)\n"
        "  --helper COMMAND        the helper run on the server (default tl-session-helper)\n"
        "  --viewer PROGRAM        the VNC viewer (default vncviewer)\n"
        "  --timeout SECONDS       give up after this long (default 60)\n"
        "  -h, --help              this text\n"
        "  --version               the version\n");
}

bool parseClientOptions(const QStringList &arguments, ClientOptions *options, QString *error)
{
    ClientOptions o;
    const auto needValue = [&](qsizetype &i, QString *out) {
        const QString name = arguments.at(i);
        if (i + 1 >= arguments.size()) {
            *error = QStringLiteral("%1 needs a value").arg(name);
            return false;
        }
        *out = arguments.at(++i);
        return true;
    };
    int actions = 0;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString a = arguments.at(i);
        QString value;
        if (a == QLatin1String("--geometry")) {
            if (!needValue(i, &o.geometry))
                return false;
            static const QRegularExpression geometry(QStringLiteral("^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$"));
            if (!geometry.match(o.geometry).hasMatch()) {
                *error = QStringLiteral("--geometry takes WIDTHxHEIGHT, e.g. 1280x800 (got '%1')")
                             .arg(o.geometry);
                return false;
            }
        } else if (a == QLatin1String("--command")) {
            if (!needValue(i, &o.command))
                return false;
        } else if (a == QLatin1String("--new")) {
            o.action = ClientOptions::Action::New;
            ++actions;
        } else if (a == QLatin1String("--terminate-existing")) {
            o.action = ClientOptions::Action::Replace;
            ++actions;
        } else if (a == QLatin1String("--list")) {
            o.action = ClientOptions::Action::List;
            ++actions;
        } else if (a == QLatin1String("--terminate")) {
            if (!needValue(i, &o.terminateId))
                return false;
            o.action = ClientOptions::Action::Terminate;
            ++actions;
        } else if (a == QLatin1String("--check")) {
            o.check = true;
        } else if (a == QLatin1String("-o")) {
            if (!needValue(i, &value))
                return false;
            o.sshOptions << value;
        } else if (a.startsWith(QLatin1String("-o")) && a.size() > 2) {
            o.sshOptions << a.mid(2);
        } else if (a == QLatin1String("-p")) {
            if (!needValue(i, &o.sshPort))
                return false;
        } else if (a == QLatin1String("--ssh")) {
            if (!needValue(i, &o.sshProgram))
                return false;
        } else if (a == QLatin1String("--helper")) {
            if (!needValue(i, &o.helper))
                return false;
        } else if (a == QLatin1String("--viewer")) {
            if (!needValue(i, &o.viewer))
                return false;
        } else if (a == QLatin1String("--timeout")) {
            if (!needValue(i, &value))
                return false;
            bool ok = false;
            o.timeoutSeconds = value.toInt(&ok);
            if (!ok || o.timeoutSeconds < 1 || o.timeoutSeconds > 3600) {
                *error = QStringLiteral("--timeout takes seconds from 1 to 3600 (got '%1')").arg(value);
                return false;
            }
        } else if (a.startsWith(QLatin1Char('-'))) {
            *error = QStringLiteral("unknown option %1 (see tlclient --help)").arg(a);
            return false;
        } else if (o.target.isEmpty()) {
            o.target = a;
        } else {
            *error = QStringLiteral("one server only (got '%1' and '%2')").arg(o.target, a);
            return false;
        }
    }
    if (actions > 1) {
        *error = QStringLiteral("--new, --terminate-existing, --list and --terminate exclude each other");
        return false;
    }
    if (o.target.isEmpty() || o.host().isEmpty()) {
        *error = QStringLiteral("name the server to connect to: tlclient [options] [user@]server");
        return false;
    }
    *options = o;
    return true;
}

} // namespace Client
