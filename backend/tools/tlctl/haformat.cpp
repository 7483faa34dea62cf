#include "backend/tools/tlctl/haformat.h"

#include "backend/tools/tlctl/tlctlformat.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <functional>

namespace Tlctl {

namespace {

QString yesNo(bool b)
{
    return b ? QStringLiteral("yes") : QStringLiteral("no");
}

QString when(qint64 secs)
{
    if (secs <= 0)
        return QStringLiteral("never");
    return QDateTime::fromSecsSinceEpoch(secs).toUTC().toString(Qt::ISODate) + QStringLiteral(" (")
        + formatAge(QDateTime::currentSecsSinceEpoch() - secs) + QStringLiteral(" ago)");
}

QString resync(const std::optional<Protocol::HaResync> &r)
{
    if (!r)
        return QStringLiteral("none");
    const bool full = r->kind == Protocol::ResyncKind::Full;
    return QStringLiteral("%1, %2, %3 %4, %5")
        .arg(Protocol::resyncKindName(r->kind), when(r->at), QString::number(r->changes),
             full ? QStringLiteral("records") : QStringLiteral("changes"),
             r->durationMs < 0 ? QStringLiteral("running") : QStringLiteral("%1 ms").arg(r->durationMs));
}

QString resourceText(const Protocol::HaStatus &s)
{
    if (s.resourceAddress.isEmpty())
        return QStringLiteral("not configured");
    return QStringLiteral("%1, %2").arg(s.resourceAddress,
                                        s.resourceLocal
                                            ? QStringLiteral("on this node (%1)").arg(s.resourceLocalAddress)
                                            : QStringLiteral("not on this node"));
}

QString configurationText(const Protocol::HaStatus &s)
{
    if (!s.configKnown)
        return QStringLiteral("not compared yet");
    if (s.configIdentical)
        return QStringLiteral("identical on both nodes");
    return QStringLiteral("DIFFERS in ") + s.configDiffers.join(QLatin1Char(' '));
}

// The rows only a running replicator has.
void replicationRows(const Protocol::HaStatus &s,
                     const std::function<void(const QString &, const QString &)> &row)
{
    QString link = s.link + QStringLiteral(" (to peer: ") + s.linkOut + QStringLiteral(", from peer: ")
        + s.linkIn + QLatin1Char(')');
    if (!s.linkTrust.isEmpty())
        link += QStringLiteral(", peer trusted by ") + s.linkTrust;
    if (!s.linkOutError.isEmpty())
        link += QStringLiteral("; ") + s.linkOutError;
    row(QStringLiteral("link"), link);
    row(QStringLiteral("replication"),
        QStringLiteral("%1 (sync_timeout %2 s)").arg(s.replication).arg(s.syncTimeout));
    row(QStringLiteral("lag"),
        QStringLiteral("%1 changes, %2 ms (last round trip %3 ms)")
            .arg(s.lagChanges)
            .arg(s.lagMs)
            .arg(s.lastRttMs));
    row(QStringLiteral("offsets"),
        QStringLiteral("local %1 %2, peer has up to %3; from peer %4 up to %5")
            .arg(s.replicationId, QString::number(s.offset), QString::number(s.ackedOffset),
                 s.peerReplicationId, QString::number(s.peerOffsetApplied)));
    row(QStringLiteral("last resync sent"), resync(s.lastResyncSent));
    row(QStringLiteral("last resync received"), resync(s.lastResyncReceived));
    row(QStringLiteral("caught up"), yesNo(s.caughtUp));
    row(QStringLiteral("degraded"),
        s.degraded ? QStringLiteral("yes: ") + s.degradedReason : QStringLiteral("no"));
    row(QStringLiteral("configuration"), configurationText(s));
}

} // namespace

QString haStatusText(const Protocol::HaStatus &s)
{
    QList<QStringList> rows;
    const auto row = [&rows](const QString &key, const QString &value) {
        rows.append({ key + QLatin1Char(':'), value });
    };
    row(QStringLiteral("HA"), s.active ? QStringLiteral("on") : QStringLiteral("off"));
    row(QStringLiteral("why"), s.reason);
    if (s.active) {
        row(QStringLiteral("local node"), s.local);
        row(QStringLiteral("peer node"),
            QStringLiteral("%1 (%2), port %3")
                .arg(s.peer, s.peerAddresses.join(QLatin1Char(' ')), QString::number(s.port)));
    }
    row(QStringLiteral("role"), Protocol::haRoleName(s.role) + QStringLiteral(" (notify hook)"));
    if (s.stepDownLeft > 0)
        row(QStringLiteral("stepping down"),
            QStringLiteral("yes, failover drill: health check not fit for %1 s more").arg(s.stepDownLeft));
    row(QStringLiteral("resource address"), resourceText(s));
    row(QStringLiteral("sessions"), QString::number(s.sessions));
    if (s.active)
        replicationRows(s, row);
    return table(rows);
}

QString haStatusJson(const Protocol::HaStatus &status)
{
    return QString::fromUtf8(QJsonDocument(status.toCbor().toJsonObject()).toJson(QJsonDocument::Indented));
}

} // namespace Tlctl
