#pragma once

#include "backend/agent/detachedprocess.h"
#include "backend/agent/session.h"

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
    // still an Xvnc for that display) or cannot be checked now, deletes the files of those
    // whose Xvnc is gone. A record that cannot be read now (as opposed to one that is garbage)
    // stays on disk and is tried again by adoptDeferred(). Returns the ids dropped.
    QStringList adopt();
    // Tries the records (or the folder) adopt() could not read again. Returns the ids dropped.
    QStringList adoptDeferred();
    QStringList deferred() const { return m_deferred; }

    bool add(const Session &session, QString *error);
    // Writes the session's record file only (a start in progress, session.starting): a
    // restarted agent then finds its Xvnc. add() makes it a session of the registry.
    bool write(const Session &session, QString *error) const;
    // Removes the record and every file belonging to the session.
    void remove(const QString &id);

    std::optional<Session> find(const QString &id) const;
    QList<Session> all() const { return m_sessions.values(); }
    QSet<int> displays() const;
    int userCount() const;

    // Ends the session script's process group, if it is still there and still the session's.
    static void endSessionProgram(const Session &session);

    // Is the session's Xvnc process still the one that was started? Gone only on evidence (no
    // such process, a zombie, another start time, another program); Unknown, with the reason in
    // *why, when /proc cannot be read. *why also says why it is Gone.
    static ProcessStatus xvncStatus(const Session &session, QString *why = nullptr);
    // The running Xvnc for the session's display started with its password file (-rfbauth), or
    // 0: for a record written just before the spawn, without a pid.
    static pid_t findXvnc(const Session &session);

    // File names the agent uses for a session.
    QString recordPath(const QString &id) const;
    QString filePath(const QString &id, const QString &suffix) const;

private:
    enum class Adoption { Adopted, Dropped, Deferred };
    Adoption adoptRecord(const QString &id);
    // The ids of the records in the folder; false with *error when it cannot be listed.
    bool listRecords(QStringList *ids, QString *error) const;

    QString m_dir;
    QMap<QString, Session> m_sessions;
    QStringList m_deferred; // ids of records that could not be read yet
    QSet<QString> m_reported; // of those, the ones already logged
    bool m_listed = true; // false until the folder could be listed
};

} // namespace Agent
