#include "backend/server/tombstonepurge.h"

#include "shared/store/sessionstore.h"

#include <QSet>

namespace Server {

TombstonePurge::Result TombstonePurge::run(Store::SessionStore *store, const QList<TerminalServer> &agents,
                                           qint64 nowMs, qint64 lifetimeMs)
{
    Result result;
    const qint64 before = nowMs - lifetimeMs;
    result.dropped = store->purgeTombstones(before, &result.error, true);
    QSet<QString> configured;
    for (const TerminalServer &agent : agents)
        configured.insert(agent.entry);
    for (const Store::SessionRecord &r : store->list(true)) {
        if (!r.deleted || r.pid == 0 || r.version.updated >= before || configured.contains(r.agent))
            continue;
        QString error;
        if (store->confirmEnded(r.id, &error))
            result.givenUp.append(r.id);
        else if (result.error.isEmpty())
            result.error = error;
    }
    return result;
}

} // namespace Server
