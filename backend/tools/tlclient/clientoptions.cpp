#include "backend/tools/tlclient/clientoptions.h"

#include <QHash>
#include <QRegularExpression>

namespace Tlclient {

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
        "  --timeout SECONDS       give up after this long (default 60). The call to the\n"
        "                          server also ends when the server resets the link (a\n"
        "                          failover) or 4 ssh keepalives 3 s apart go unanswered\n"
        "                          (-o ServerAliveInterval/ServerAliveCountMax change it)\n"
        "  --retry SECONDS         when the server cannot be reached or the link to it\n"
        "                          breaks (a failover moving its address), try again once a\n"
        "                          second for this long (default 0: never); only to reconnect\n"
        "                          to or get your session and for --list, never for --new,\n"
        "                          --terminate-existing or --terminate. Each try has its own\n"
        "                          --timeout; with -o ConnectTimeout=2 a try at an address\n"
        "                          nobody holds yet gives up soon\n"
        "  -h, --help              this text\n"
        "  --version               the version\n");
}

namespace {

// The options that only store their value, and the ones that only choose the action.
const QHash<QString, QString ClientOptions::*> &plainValues()
{
    static const QHash<QString, QString ClientOptions::*> table {
        { QStringLiteral("--command"), &ClientOptions::command },
        { QStringLiteral("-p"), &ClientOptions::sshPort },
        { QStringLiteral("--ssh"), &ClientOptions::sshProgram },
        { QStringLiteral("--helper"), &ClientOptions::helper },
        { QStringLiteral("--viewer"), &ClientOptions::viewer },
    };
    return table;
}

const QHash<QString, ClientOptions::Action> &actionFlags()
{
    static const QHash<QString, ClientOptions::Action> table {
        { QStringLiteral("--new"), ClientOptions::Action::New },
        { QStringLiteral("--terminate-existing"), ClientOptions::Action::Replace },
        { QStringLiteral("--list"), ClientOptions::Action::List },
    };
    return table;
}

// Walks the arguments; each option's value is taken with value().
class ArgumentReader {
public:
    ArgumentReader(const QStringList &arguments, QString *error) : m_arguments(arguments), m_error(error) { }

    bool next(QString *argument)
    {
        if (++m_index >= m_arguments.size())
            return false;
        *argument = m_arguments.at(m_index);
        return true;
    }
    // The value of the option just read; false with the reason when there is none.
    bool value(QString *out)
    {
        if (m_index + 1 >= m_arguments.size()) {
            *m_error = QStringLiteral("%1 needs a value").arg(m_arguments.at(m_index));
            return false;
        }
        *out = m_arguments.at(++m_index);
        return true;
    }

private:
    const QStringList &m_arguments;
    QString *m_error;
    qsizetype m_index = -1;
};

bool checkGeometry(const QString &geometry, QString *error)
{
    static const QRegularExpression pattern(QStringLiteral("^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$"));
    if (pattern.match(geometry).hasMatch())
        return true;
    *error = QStringLiteral("--geometry takes WIDTHxHEIGHT, e.g. 1280x800 (got '%1')").arg(geometry);
    return false;
}

// --timeout (from 1) and --retry (from 0) SECONDS, up to an hour.
bool parseSeconds(const QString &option, const QString &value, int lowest, int *seconds, QString *error)
{
    bool ok = false;
    *seconds = value.toInt(&ok);
    if (ok && *seconds >= lowest && *seconds <= 3600)
        return true;
    *error = QStringLiteral("%1 takes seconds from %2 to 3600 (got '%3')").arg(option).arg(lowest).arg(value);
    return false;
}

// One option or the target; false with *error on bad usage.
bool parseArgument(const QString &a, ArgumentReader *reader, ClientOptions *o, int *actions, QString *error)
{
    QString value;
    if (const auto plain = plainValues().constFind(a); plain != plainValues().cend())
        return reader->value(&(o->*plain.value()));
    if (const auto flag = actionFlags().constFind(a); flag != actionFlags().cend()) {
        o->action = flag.value();
        ++*actions;
        return true;
    }
    if (a == QLatin1String("--geometry"))
        return reader->value(&o->geometry) && checkGeometry(o->geometry, error);
    if (a == QLatin1String("--terminate")) {
        o->action = ClientOptions::Action::Terminate;
        ++*actions;
        return reader->value(&o->terminateId);
    }
    if (a == QLatin1String("--check")) {
        o->check = true;
        return true;
    }
    if (a == QLatin1String("-o") || (a.startsWith(QLatin1String("-o")) && a.size() > 2)) {
        if (a.size() > 2)
            value = a.mid(2);
        else if (!reader->value(&value))
            return false;
        o->sshOptions << value;
        return true;
    }
    if (a == QLatin1String("--timeout"))
        return reader->value(&value) && parseSeconds(a, value, 1, &o->timeoutSeconds, error);
    if (a == QLatin1String("--retry"))
        return reader->value(&value) && parseSeconds(a, value, 0, &o->retrySeconds, error);
    if (a.startsWith(QLatin1Char('-'))) {
        *error = QStringLiteral("unknown option %1 (see tlclient --help)").arg(a);
        return false;
    }
    if (!o->target.isEmpty()) {
        *error = QStringLiteral("one server only (got '%1' and '%2')").arg(o->target, a);
        return false;
    }
    o->target = a;
    return true;
}

} // namespace

bool parseClientOptions(const QStringList &arguments, ClientOptions *options, QString *error)
{
    ClientOptions o;
    ArgumentReader reader(arguments, error);
    int actions = 0;
    QString argument;
    while (reader.next(&argument)) {
        if (!parseArgument(argument, &reader, &o, &actions, error))
            return false;
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

} // namespace Tlclient
