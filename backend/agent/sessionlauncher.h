#pragma once

#include "backend/agent/session.h"
#include "backend/agent/settings.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>

namespace Agent {

class SessionRegistry;

struct StartRequest {
    QString id;
    QString user;
    QString geometry; // "WxH" or "W H"; empty: the default geometry
    QString command;
};

struct StartResult {
    bool ok = false;
    QString error;
    Session session;
    QByteArray password;
};

// Starts one session: Xvnc as the user (localhost only, VNC authentication with a fresh random
// password in a 0600 file the user owns), waits until it answers with an RFB banner, then runs
// the session script as the user. Asynchronous: the result arrives through a callback, the
// event loop keeps running meanwhile.
class SessionLauncher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionLauncher)

public:
    using Done = std::function<void(const StartResult &)>;

    SessionLauncher(SessionRegistry *registry, QObject *parent = nullptr);
    ~SessionLauncher() override;

    void setSettings(const Settings &settings) { m_settings = settings; }

    // Starts the session; done is called exactly once (maybe before start returns, on errors
    // found up front). The session is added to the registry on success.
    void start(const StartRequest &request, Done done);

    bool isPending(const QString &id) const { return m_pendingIds.contains(id); }

    // Parses "WxH" or "W H" (16..16384 each). Pure.
    static bool parseGeometry(const QString &text, QSize *size);
    // Where the Xvnc program is, or a reason naming the package to install. Pure but for PATH.
    static QString findXvnc(const QString &configured, QString *error);
    // 8 random characters from [A-Za-z0-9].
    static QByteArray randomPassword();
    // The Xauthority file content with one MIT-MAGIC-COOKIE-1 for display (any host).
    static QByteArray xauthData(int display, const QByteArray &cookie);

private:
    // How often a start moves on to the next display when another program grabs the chosen one
    // (or its VNC port) between the allocator's check and Xvnc's start.
    static constexpr int kMaxDisplayRetries = 10;

    struct Pending;
    // Picks a display and starts Xvnc on it; polling then waits for its RFB banner.
    void spawnXvnc(Pending *p);
    void poll(quint64 serial);
    void fail(Pending *p, const QString &why);
    void finish(Pending *p, const StartResult &result);
    void launchSession(Pending *p);
    // Ends the Xvnc of a failed start without blocking.
    void stopXvnc(const Session &session);

    SessionRegistry *m_registry;
    Settings m_settings;
    QHash<quint64, Pending *> m_pending; // by serial: callbacks find a start only while it runs
    quint64 m_nextSerial = 0;
    QSet<int> m_pendingDisplays; // taken by starts still in progress
    QSet<QString> m_pendingIds;
};

} // namespace Agent
