#include "backend/tools/tlctl/haformat.h"

#include "backend/tools/tlctl/tlctlformat.h"

#include <QCborArray>
#include <QCborValue>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tlctl {

namespace {

QString v(const QCborMap &m, const char *key)
{
    const QCborValue x = m.value(QString::fromLatin1(key));
    if (x.isBool())
        return x.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    if (x.isInteger())
        return QString::number(x.toInteger());
    if (x.isArray()) {
        QStringList items;
        for (const QCborValue &i : x.toArray())
            items.append(i.toString());
        return items.join(QLatin1Char(' '));
    }
    return x.toString();
}

QString when(qint64 secs)
{
    if (secs <= 0)
        return QStringLiteral("never");
    return QDateTime::fromSecsSinceEpoch(secs).toUTC().toString(Qt::ISODate) + QStringLiteral(" (")
        + formatAge(QDateTime::currentSecsSinceEpoch() - secs) + QStringLiteral(" ago)");
}

QString resync(const QCborMap &r)
{
    if (r.isEmpty())
        return QStringLiteral("none");
    const qint64 d = r.value(QStringLiteral("duration_ms")).toInteger();
    return QStringLiteral("%1, %2, %3 %4, %5")
        .arg(v(r, "kind"), when(r.value(QStringLiteral("at")).toInteger()), v(r, "changes"),
             v(r, "kind") == QLatin1String("full") ? QStringLiteral("records") : QStringLiteral("changes"),
             d < 0 ? QStringLiteral("running") : QStringLiteral("%1 ms").arg(d));
}

} // namespace

QString haStatusText(const QCborMap &s)
{
    QList<QStringList> rows;
    const auto row = [&rows](const QString &key, const QString &value) {
        rows.append({ key + QLatin1Char(':'), value });
    };
    const bool active = s.value(QStringLiteral("active")).toBool();
    row(QStringLiteral("HA"), active ? QStringLiteral("on") : QStringLiteral("off"));
    row(QStringLiteral("why"), v(s, "reason"));
    if (active) {
        row(QStringLiteral("local node"), v(s, "local"));
        row(QStringLiteral("peer node"),
            QStringLiteral("%1 (%2), port %3").arg(v(s, "peer"), v(s, "peer_addresses"), v(s, "port")));
    }
    row(QStringLiteral("role"), v(s, "role") + QStringLiteral(" (notify hook)"));
    if (const qint64 left = s.value(QStringLiteral("step_down_left")).toInteger(); left > 0)
        row(QStringLiteral("stepping down"),
            QStringLiteral("yes, failover drill: health check not fit for %1 s more").arg(left));
    row(QStringLiteral("resource address"),
        s.value(QStringLiteral("resource_address")).toString().isEmpty()
            ? QStringLiteral("not configured")
            : QStringLiteral("%1, %2").arg(
                v(s, "resource_address"),
                s.value(QStringLiteral("resource_local")).toBool()
                    ? QStringLiteral("on this node (%1)").arg(v(s, "resource_local_address"))
                    : QStringLiteral("not on this node")));
    row(QStringLiteral("sessions"), v(s, "sessions"));
    if (active) {
        QString link = v(s, "link") + QStringLiteral(" (to peer: ") + v(s, "link_out")
            + QStringLiteral(", from peer: ") + v(s, "link_in") + QLatin1Char(')');
        if (s.contains(QStringLiteral("link_out_error")))
            link += QStringLiteral("; ") + v(s, "link_out_error");
        row(QStringLiteral("link"), link);
        row(QStringLiteral("replication"),
            QStringLiteral("%1 (sync_timeout %2 s)").arg(v(s, "replication"), v(s, "sync_timeout")));
        row(QStringLiteral("lag"),
            QStringLiteral("%1 changes, %2 ms (last round trip %3 ms)")
                .arg(v(s, "lag_changes"), v(s, "lag_ms"), v(s, "last_rtt_ms")));
        row(QStringLiteral("offsets"),
            QStringLiteral("local %1 %2, peer has up to %3; from peer %4 up to %5")
                .arg(v(s, "replication_id"), v(s, "offset"), v(s, "acked_offset"),
                     v(s, "peer_replication_id"), v(s, "peer_offset_applied")));
        row(QStringLiteral("last resync sent"), resync(s.value(QStringLiteral("last_resync_sent")).toMap()));
        row(QStringLiteral("last resync received"),
            resync(s.value(QStringLiteral("last_resync_received")).toMap()));
        row(QStringLiteral("caught up"), v(s, "caught_up"));
        row(QStringLiteral("degraded"),
            s.value(QStringLiteral("degraded")).toBool() ? QStringLiteral("yes: ") + v(s, "degraded_reason")
                                                         : QStringLiteral("no"));
        row(QStringLiteral("configuration"),
            !s.value(QStringLiteral("config_known")).toBool() ? QStringLiteral("not compared yet")
                : s.value(QStringLiteral("config_identical")).toBool()
                ? QStringLiteral("identical on both nodes")
                : QStringLiteral("DIFFERS in ") + v(s, "config_differs"));
    }
    return table(rows);
}

QString haStatusJson(const QCborMap &status)
{
    return QString::fromUtf8(QJsonDocument(status.toJsonObject()).toJson(QJsonDocument::Indented));
}

} // namespace Tlctl
