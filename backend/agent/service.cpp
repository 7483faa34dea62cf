#include "backend/agent/service.h"

#include "backend/agent/detachedprocess.h"
#include "backend/agent/loadreport.h"
#include "backend/agent/useraccount.h"
#include "backend/agent/vncconnections.h"
#include "backend/agent/x11socketdir.h"

#include "shared/logging/logging.h"
#include "shared/paths/paths.h"
#include "shared/protocol/agentmessages.h"
#include "shared/vnc/passwordfile.h"
#include "shared/vnc/rfbprobe.h"

#include <QCborArray>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <csignal>
#include <unistd.h>

namespace Agent {

Service::Service(const Settings &settings, QObject *parent)
    : QObject(parent),
      m_settings(settings),
      m_registry(Paths::stateDir(QStringLiteral("vsmagent")) + QStringLiteral("/sessions")),
      m_launcher(&m_registry, this)
{
    m_launcher.setSettings(m_settings);
    m_digestKey.resize(16);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(m_digestKey.data()),
                                          m_digestKey.size() / int(sizeof(quint32)));
    m_watch.setInterval(5000);
    connect(&m_watch, &QTimer::timeout, this, &Service::watchSessions);
}

QString Service::configDigest() const
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, m_digestKey);
    mac.addData(m_settings.allowedClients.join(QLatin1Char(' ')).toUtf8());
    mac.addData("\n", 1);
    mac.addData(m_settings.masterHostname.toUtf8());
    return QString::fromLatin1(mac.result().toHex().left(32));
}

void Service::setWatchInterval(int ms)
{
    m_watch.setInterval(ms);
}

void Service::watchSessions()
{
    m_registry.adoptDeferred();
    dropEndedSessions();
    const QList<Session> sessions = m_registry.all();
    for (const Session &s : sessions) {
        if (s.sessionPid <= 0 || m_ending.contains(s.id))
            continue;
        QString why;
        switch (DetachedProcess::status(s.sessionPid, &why)) {
        case ProcessStatus::Running:
            continue;
        case ProcessStatus::Unknown:
            noteUnknown(s, why);
            continue;
        case ProcessStatus::Gone:
            break;
        }
        // As with TigerVNC's vncsession and ThinLinc: when the session program ends (the user
        // logged out of the desktop), the session ends.
        qCInfo(lcSession).noquote() << QStringLiteral("the session program of session %1 of '%2' has exited "
                                                      "(the user logged out): ending the session")
                                           .arg(s.id, s.user);
        endSession(s, [](const QString &error) {
            if (!error.isEmpty())
                qCWarning(lcSession).noquote() << error;
        });
    }
}

void Service::noteUnknown(const Session &s, const QString &why)
{
    if (m_unknown.contains(s.id))
        return;
    m_unknown.insert(s.id);
    qCCritical(lcSession).noquote()
        << QStringLiteral(
               "cannot tell whether session %1 of '%2' on display :%3 still runs: %4; the session "
               "and its files are kept and checked again every %5 s (check the agent's open files: "
               "ls /proc/%6/fd | wc -l, and its LimitNOFILE)")
               .arg(s.id, s.user)
               .arg(s.display)
               .arg(why)
               .arg(m_watch.interval() / 1000)
               .arg(::getpid());
}

void Service::noteKnown(const Session &s)
{
    if (m_unknown.remove(s.id))
        qCInfo(lcSession).noquote()
            << QStringLiteral("session %1 of '%2' can be checked again: it still runs").arg(s.id, s.user);
}

void Service::endSession(const Session &s, Ended done)
{
    const auto waiting = m_ending.find(s.id);
    if (waiting != m_ending.end()) {
        waiting->append(std::move(done));
        return;
    }
    QString why;
    switch (SessionRegistry::xvncStatus(s, &why)) {
    case ProcessStatus::Unknown:
        noteUnknown(s, why);
        return done(QStringLiteral("cannot end session %1 now: cannot tell whether Xvnc pid %2 still is the "
                                   "session's (%3); nothing was stopped, try again later")
                        .arg(s.id)
                        .arg(s.pid)
                        .arg(why));
    case ProcessStatus::Gone:
        finishEnd(s);
        return done({});
    case ProcessStatus::Running:
        break;
    }
    m_ending[s.id].append(std::move(done));
    const Session session = s;
    DetachedProcess::stopAsync(s.pid, 3000, this, [this, session](bool gone) {
        const QList<Ended> callers = m_ending.take(session.id);
        QString error;
        if (gone) {
            finishEnd(session);
        } else {
            QString why;
            const ProcessStatus now = DetachedProcess::status(session.pid, &why);
            error = now == ProcessStatus::Unknown
                ? QStringLiteral(
                      "cannot tell whether Xvnc pid %1 of session %2 has stopped (%3); the session "
                      "is kept, try again later")
                      .arg(session.pid)
                      .arg(session.id, why)
                : QStringLiteral("Xvnc pid %1 of session %2 does not stop, even with SIGKILL; the session is "
                                 "kept (look at the process: ps -o stat,wchan -p %1)")
                      .arg(session.pid)
                      .arg(session.id);
        }
        for (const Ended &caller : callers)
            caller(error);
    });
}

void Service::finishEnd(const Session &s)
{
    // A killed Xvnc leaves its lock and socket behind; remove them only when they are its own.
    QFile lock(QStringLiteral("/tmp/.X%1-lock").arg(s.display));
    if (lock.open(QIODevice::ReadOnly) && lock.readAll().trimmed().toLongLong() == s.pid) {
        lock.close();
        lock.remove();
        QFile::remove(X11SocketDir::defaultPath() + QStringLiteral("/X%1").arg(s.display));
    }
    if (!m_registry.find(s.id))
        return;
    qCInfo(lcSession).noquote()
        << QStringLiteral("ended session %1 of '%2' on display :%3").arg(s.id, s.user).arg(s.display);
    m_registry.remove(s.id);
    m_unknown.remove(s.id);
}

bool Service::open(QString *error)
{
    if (!Paths::ensureDir(Paths::stateDir(QStringLiteral("vsmagent")), error, 0755))
        return false;
    if (!m_registry.open(error))
        return false;
    const QStringList dropped = m_registry.adopt();
    m_watch.start();
    for (const Session &s : m_registry.all()) {
        if (!s.starting)
            continue;
        // The agent stopped between starting this Xvnc and answering the start: the server has
        // no record of it here (it got no answer, and may have started the session elsewhere).
        qCWarning(lcSession).noquote()
            << QStringLiteral("session %1 of '%2' on display :%3 was being started when the agent stopped; "
                              "its start was never answered, so it is ended")
                   .arg(s.id, s.user)
                   .arg(s.display);
        endSession(s, [](const QString &error) {
            if (!error.isEmpty())
                qCWarning(lcSession).noquote() << error;
        });
    }
    QString why;
    if (::getuid() == 0 && !X11SocketDir::ensure(X11SocketDir::defaultPath(), &why))
        qCCritical(lcSecurity).noquote() << why;
    qCInfo(lcAgent).noquote()
        << QStringLiteral("%1 running session(s) found in %2%3")
               .arg(m_registry.all().size())
               .arg(m_registry.dir(),
                    dropped.isEmpty()
                        ? QString()
                        : QStringLiteral(", %1 ended while the agent was away").arg(dropped.size()));
    return true;
}

void Service::setSettings(const Settings &settings)
{
    m_settings = settings;
    m_launcher.setSettings(settings);
    m_agentHostname.clear();
}

QString Service::agentHostname()
{
    bool known = false;
    const QString host = m_settings.effectiveAgentHostname(&known);
    if (known)
        m_agentHostname = host;
    return m_agentHostname.isEmpty() ? host : m_agentHostname;
}

void Service::setTrust(TrustCheck check, Describe describe)
{
    m_trust = std::move(check);
    m_describe = std::move(describe);
}

void Service::setConfigHandlers(ConfigGetter getter, ConfigSetter setter)
{
    m_getConfig = std::move(getter);
    m_setConfig = std::move(setter);
}

QString Service::callName(Protocol::MessageType type)
{
    switch (type) {
    case Protocol::MessageType::AgentStartSession:
        return QStringLiteral("StartSession");
    case Protocol::MessageType::AgentListSessions:
        return QStringLiteral("ListSessions");
    case Protocol::MessageType::AgentVerifySession:
        return QStringLiteral("VerifySession");
    case Protocol::MessageType::AgentTerminateSession:
        return QStringLiteral("TerminateSession");
    case Protocol::MessageType::AgentReconnectSession:
        return QStringLiteral("ReconnectSession");
    case Protocol::MessageType::AgentLoad:
        return QStringLiteral("Load");
    case Protocol::MessageType::AgentGetConfig:
        return QStringLiteral("GetConfig");
    case Protocol::MessageType::AgentSetConfig:
        return QStringLiteral("SetConfig");
    default:
        return QStringLiteral("message type %1").arg(int(type));
    }
}

void Service::dropEndedSessions()
{
    const QList<Session> sessions = m_registry.all();
    for (const Session &s : sessions) {
        if (m_ending.contains(s.id))
            continue; // endSession() finishes it
        QString why;
        switch (SessionRegistry::xvncStatus(s, &why)) {
        case ProcessStatus::Running:
            noteKnown(s);
            break;
        case ProcessStatus::Unknown:
            noteUnknown(s, why);
            break;
        case ProcessStatus::Gone:
            qCInfo(lcSession).noquote() << QStringLiteral("session %1 of '%2' on display :%3 has ended (%4)")
                                               .arg(s.id, s.user)
                                               .arg(s.display)
                                               .arg(why);
            m_registry.remove(s.id);
            m_unknown.remove(s.id);
            break;
        }
    }
}

bool Service::isPrivileged(Protocol::MessageType type)
{
    return type != Protocol::MessageType::AgentLoad;
}

QString Service::refusal(Protocol::MessageType type, const Caller &caller) const
{
    if (!isPrivileged(type))
        return {};
    const QString peer = caller.address.toString();
    const bool trusted = m_trust ? m_trust(caller.address) : caller.address.isLoopback();
    if (!trusted) {
        const QString trustedList = m_describe ? m_describe() : QStringLiteral("localhost only");
        qCWarning(lcSecurity).noquote()
            << QStringLiteral(
                   "refused %1 from %2: privileged calls need the peer in /vsmagent/allowed_clients "
                   "or /vsmagent/master_hostname (trusted: %3)")
                   .arg(callName(type), peer, trustedList);
        return QStringLiteral(
                   "refused: %1 is not in /vsmagent/allowed_clients (trusted: %2); "
                   "add it there with tl-config '/vsmagent/allowed_clients=...' and reload the agent")
            .arg(peer, trustedList);
    }
    if (!caller.provesRoot) {
        qCWarning(lcSecurity).noquote()
            << QStringLiteral("refused %1 from %2: the caller did not prove it is root there (its source "
                              "port is not below 1024 and it has no cluster key)")
                   .arg(callName(type), peer);
        return QStringLiteral("refused: %1 is a privileged call; only root on a trusted host may make "
                              "it: connect from a source port below 1024 (vsmserver does when it runs "
                              "as root) or use the cluster key (/vsm/cluster_key_file)")
            .arg(callName(type));
    }
    return {};
}

void Service::handle(Protocol::MessageType type, const Protocol::Body &body, const Caller &caller,
                     Reply reply)
{
    if (const QString why = refusal(type, caller); !why.isEmpty())
        return reply({}, why);

    switch (type) {
    case Protocol::MessageType::AgentStartSession:
        return startSession(body, std::move(reply));
    case Protocol::MessageType::AgentListSessions:
        return reply(sessionList().toCbor(), {});
    case Protocol::MessageType::AgentVerifySession:
    case Protocol::MessageType::AgentTerminateSession:
    case Protocol::MessageType::AgentReconnectSession:
        return handleSessionCall(type, body, std::move(reply));
    case Protocol::MessageType::AgentLoad:
        return reply(load().toCbor(), {});
    case Protocol::MessageType::AgentGetConfig: {
        if (m_getConfig)
            return reply(m_getConfig().toCbor(), {});
        return reply(
            Protocol::AgentConfig { m_settings.allowedClients, m_settings.masterHostname, {}, {}, {} }
                .toCbor(),
            {});
    }
    case Protocol::MessageType::AgentSetConfig: {
        if (!m_setConfig)
            return reply({}, QStringLiteral("this agent cannot change its configuration over the link"));
        QString error;
        const auto change = Protocol::AgentConfig::fromCbor(body, &error);
        if (!change || !m_setConfig(*change, &error))
            return reply({}, error);
        return reply({}, {});
    }
    default:
        return reply({},
                     QStringLiteral("message type %1 is not something a VSM agent answers").arg(int(type)));
    }
}

// The calls about one session, which name it.
void Service::handleSessionCall(Protocol::MessageType type, const Protocol::Body &body, Reply reply)
{
    QString error;
    const auto session = Protocol::AgentSessionId::fromCbor(body, &error);
    if (!session)
        return reply({}, error);
    switch (type) {
    case Protocol::MessageType::AgentVerifySession:
        return verifySession(session->id, std::move(reply));
    case Protocol::MessageType::AgentTerminateSession:
        return terminateSession(session->id, std::move(reply));
    default:
        return reconnectSession(session->id, std::move(reply));
    }
}

Protocol::AgentSessionList Service::sessionList()
{
    Protocol::AgentSessionList list;
    const QString host = agentHostname();
    dropEndedSessions();
    const QList<Session> sessions = m_registry.all();
    const QSet<int> connected = VncConnections::establishedLocalPorts();
    for (const Session &s : sessions) {
        if (s.starting)
            continue; // an unanswered start found at start-up, being ended (open())
        Protocol::AgentSessionInfo info = s.toInfo(host);
        info.connected = connected.contains(s.vncPort);
        list.sessions.append(info);
    }
    return list;
}

LoadReport Service::load()
{
    QString error;
    LoadReport load = LoadReport::collect(QStringLiteral("/proc"), &error);
    if (!error.isEmpty())
        qCWarning(lcLoadInfo).noquote() << error;
    dropEndedSessions();
    load.sessions = static_cast<int>(m_registry.all().size());
    load.users = m_registry.userCount();
    load.agentHostname = agentHostname();
    load.configDigest = configDigest();
    return load;
}

void Service::startSession(const Protocol::Body &body, Reply reply)
{
    QString error;
    const auto start = Protocol::AgentStartSession::fromCbor(body, &error);
    if (!start)
        return reply({}, error);
    StartRequest request;
    request.id = start->id;
    request.user = start->user;
    request.geometry = start->geometry;
    request.command = start->command;
    if (!Session::isValidId(request.id))
        return reply({},
                     QStringLiteral("session id '%1' is not valid (1..64 of A-Z a-z 0-9 . _ -)")
                         .arg(request.id.left(80)));
    if (request.command.size() > 4096 || request.user.size() > 256 || request.geometry.size() > 32)
        return reply({}, QStringLiteral("session %1: user, geometry or command is too long").arg(request.id));
    if (request.user.isEmpty())
        return reply({}, QStringLiteral("no user given for session %1").arg(request.id));
    QString why;
    if (!UserAccount::isValidName(request.user, &why)) {
        qCWarning(lcSecurity).noquote()
            << QStringLiteral("refused to start session %1: %2").arg(request.id, why);
        return reply({}, QStringLiteral("session %1 not started: %2").arg(request.id, why));
    }
    if (m_registry.find(request.id) || m_launcher.isPending(request.id))
        return reply({}, QStringLiteral("session %1 already exists on this agent").arg(request.id));
    const QString host = agentHostname();
    m_launcher.start(request, [reply, host](const StartResult &result) {
        if (!result.ok)
            return reply({}, result.error);
        Protocol::AgentSessionReply r { result.session.toInfo(host) };
        r.session.password = result.password;
        reply(Protocol::Body::encoded(r.encode()), {});
    });
}

void Service::verifySession(const QString &id, Reply reply)
{
    const auto s = m_registry.find(id);
    if (!s)
        return reply(
            Protocol::AgentVerifyReply { false, QStringLiteral("no session %1 on this agent").arg(id) }
                .toCbor(),
            {});
    QString why;
    switch (SessionRegistry::xvncStatus(*s, &why)) {
    case ProcessStatus::Gone:
        qCInfo(lcSession).noquote()
            << QStringLiteral("session %1 of '%2' has ended: %3").arg(id, s->user, why);
        m_registry.remove(id);
        m_unknown.remove(id);
        return reply(
            Protocol::AgentVerifyReply { false, QStringLiteral("session %1 has ended: %2").arg(id, why) }
                .toCbor(),
            {});
    case ProcessStatus::Unknown:
        noteUnknown(*s, why);
        return reply({},
                     QStringLiteral("cannot verify session %1 now: %2; the session is kept, ask again later")
                         .arg(id, why));
    case ProcessStatus::Running:
        break;
    }
    // One probe per session at a time: callers asking meanwhile get the same answer.
    const auto waiting = m_probing.find(id);
    if (waiting != m_probing.end()) {
        waiting->append(std::move(reply));
        return;
    }
    m_probing[id].append(std::move(reply));
    Vnc::RfbProbe::start(
        QStringLiteral("127.0.0.1"), static_cast<quint16>(s->vncPort), m_probeTimeoutMs, this,
        [this, id, pid = s->pid](Vnc::RfbProbe::Outcome outcome, const QString &reason) {
            const QList<Reply> callers = m_probing.take(id);
            if (outcome == Vnc::RfbProbe::Outcome::CannotAsk) {
                const QString error
                    = QStringLiteral("cannot verify session %1 now: %2; the session is kept, ask again later")
                          .arg(id, reason);
                qCWarning(lcSession).noquote() << error;
                for (const Reply &caller : callers)
                    caller({}, error);
                return;
            }
            const bool ok = outcome == Vnc::RfbProbe::Outcome::Banner;
            QString text;
            const auto now = m_registry.find(id);
            QString why;
            if (!ok && now && SessionRegistry::xvncStatus(*now, &why) == ProcessStatus::Gone) {
                qCInfo(lcSession).noquote()
                    << QStringLiteral("session %1 of '%2' has ended: %3").arg(id, now->user, why);
                m_registry.remove(id);
                m_unknown.remove(id);
                text = QStringLiteral("session %1 has ended: %2").arg(id, why);
            } else if (!ok) {
                text = QStringLiteral("Xvnc (pid %1) of session %2 does not answer: %3")
                           .arg(pid)
                           .arg(id, reason);
                qCWarning(lcSession).noquote()
                    << QStringLiteral("%1 (it may be stopped or overloaded; the session is kept)").arg(text);
            }
            const QCborMap r = Protocol::AgentVerifyReply { ok, text }.toCbor();
            for (const Reply &caller : callers)
                caller(r, {});
        });
}

void Service::terminateSession(const QString &id, Reply reply)
{
    const auto s = m_registry.find(id);
    if (!s)
        return reply({}, QStringLiteral("no session %1 on this agent").arg(id));
    endSession(*s, [reply](const QString &error) { reply({}, error); });
}

void Service::reconnectSession(const QString &id, Reply reply)
{
    const auto s = m_registry.find(id);
    if (!s)
        return reply({}, QStringLiteral("no session %1 on this agent").arg(id));
    QString why;
    switch (SessionRegistry::xvncStatus(*s, &why)) {
    case ProcessStatus::Gone:
        qCInfo(lcSession).noquote()
            << QStringLiteral("session %1 of '%2' has ended: %3").arg(id, s->user, why);
        m_registry.remove(id);
        m_unknown.remove(id);
        return reply({}, QStringLiteral("session %1 is no longer running (%2)").arg(id, why));
    case ProcessStatus::Unknown:
        noteUnknown(*s, why);
        return reply(
            {},
            QStringLiteral("cannot reconnect session %1 now: %2; the session is kept, try again later")
                .arg(id, why));
    case ProcessStatus::Running:
        break;
    }
    QByteArray password;
    QString error;
    if (!Vnc::PasswordFile::read(s->passwordFile, &password, &error))
        return reply(
            {},
            QStringLiteral("cannot reconnect session %1 now: %2; the session is kept, try again later")
                .arg(id, error));
    Protocol::AgentSessionReply r { s->toInfo(agentHostname()) };
    r.session.password = password;
    reply(Protocol::Body::encoded(r.encode()), {});
}

} // namespace Agent
