#pragma once

#include "shared/protocol/ctlmessages.h"

#include <QString>

namespace Ha {

// How a sender brings a peer up to date, in the manner of Redis' PSYNC: the peer says which of
// our data sets it has (our replication id) and up to which offset. When that is our current
// data set and our journal (the bounded backlog) still holds every change after that offset,
// only those changes are sent (partial); otherwise a full snapshot, which the peer merges.
struct ResyncPlan {
    using Kind = Protocol::ResyncKind;
    Kind kind = Kind::Full;
    QString reason;

    // ourId/ourOffset: our replication id and last offset. peerId/peerOffset: what the peer has
    // of our stream (empty id: nothing). oldestInBacklog: the lowest offset our journal holds
    // (0 when empty). The journal holds offsets oldestInBacklog..ourOffset without gaps.
    static ResyncPlan decide(const QString &ourId, quint64 ourOffset, const QString &peerId,
                             quint64 peerOffset, quint64 oldestInBacklog);

    static QString kindName(Kind kind) { return Protocol::resyncKindName(kind); }
};

} // namespace Ha
