#pragma once

#include "session.h"

#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

#include <optional>

namespace Agent {

// The sessions this agent runs, one JSON file each under <dir>/<id>.json (written atomically),
// so that a restarted agent finds its sessions again. The folder also holds each session's
// password file, X authority file and logs.
class SessionRegistry final {
public:
    explicit SessionRegistry(QString dir);
    Q_DISABLE_COPY_MOVE(SessionRegistry)

    QString dir() const { return m_dir; }

    // Creates the folder (0711: users reach their own password file by name, nobody lists it).
    bool open(QString *error);

    // Loads every record; keeps those whose Xvnc is still running (same pid, same start time,
    // still an Xvnc for that display), deletes the files of the others. Returns the ids dropped.
    QStringList adopt();

    bool add(const Session &session, QString *error);
    // Removes the record and every file belonging to the session.
    void remove(const QString &id);

    std::optional<Session> find(const QString &id) const;
    QList<Session> all() const { return m_sessions.values(); }
    QSet<int> displays() const;
    int userCount() const;

    // Ends the session script's process group, if it is still there and still the session's.
    static void endSessionProgram(const Session &session);

    // Is the session's Xvnc process still the one that was started?
    static bool xvncRunning(const Session &session);

    // File names the agent uses for a session.
    QString recordPath(const QString &id) const;
    QString filePath(const QString &id, const QString &suffix) const;

private:
    QString m_dir;
    QMap<QString, Session> m_sessions;
};

} // namespace Agent
