#pragma once

#include "backend/server/terminalservers.h"

#include <QList>

namespace Store {
class SessionStore;
}

namespace Server {

// The hourly collection of tombstones (records of ended sessions), as backend/server/ha/README.md
// describes it. Tombstones last written more than lifetimeMs ago go, except those whose end is
// pending (terminated while the agent could not be reached, see SessionStore::remove): they stay
// while their agent is in terminalservers, however long it is away, so that an agent that comes
// back ends the session instead of having it adopted again. A pending one whose agent is no
// longer configured is given up: written again as ended (replicated), it goes one lifetime later.
class TombstonePurge final {
public:
    struct Result {
        int dropped = 0; // tombstones removed
        QStringList givenUp; // ids whose end is no longer awaited
        QString error; // the first error; the rest still ran
    };

    static Result run(Store::SessionStore *store, const QList<TerminalServer> &agents, qint64 nowMs,
                      qint64 lifetimeMs);
};

} // namespace Server
