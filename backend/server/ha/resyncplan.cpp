#include "backend/server/ha/resyncplan.h"

namespace Ha {

ResyncPlan ResyncPlan::decide(const QString &ourId, quint64 ourOffset, const QString &peerId,
                              quint64 peerOffset, quint64 oldestInBacklog)
{
    if (peerId.isEmpty())
        return { Kind::Full, QStringLiteral("the peer has no copy of this node's data set yet") };
    if (peerId != ourId)
        return { Kind::Full,
                 QStringLiteral(
                     "the peer knows data set %1, this node's is %2 (state folder wiped or replaced?)")
                     .arg(peerId, ourId) };
    if (peerOffset > ourOffset)
        return { Kind::Full,
                 QStringLiteral("the peer is at offset %1, beyond this node's last offset %2")
                     .arg(peerOffset)
                     .arg(ourOffset) };
    if (peerOffset == ourOffset)
        return { Kind::Partial, QStringLiteral("the peer has every change") };
    if (oldestInBacklog == 0 || peerOffset + 1 < oldestInBacklog)
        return { Kind::Full,
                 QStringLiteral("the peer missed %1 changes, more than the backlog holds (offsets %2..%3)")
                     .arg(ourOffset - peerOffset)
                     .arg(oldestInBacklog)
                     .arg(ourOffset) };
    return { Kind::Partial,
             QStringLiteral("%1 missed changes are in the backlog").arg(ourOffset - peerOffset) };
}

} // namespace Ha
