#include "backend/tools/tlctl/tlctlformat.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace Tlctl {

QString formatAge(qint64 s)
{
    if (s < 0)
        s = 0;
    if (s < 60)
        return QStringLiteral("%1s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1m").arg(s / 60);
    if (s < 86400)
        return QStringLiteral("%1h %2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1d %2h").arg(s / 86400).arg((s % 86400) / 3600, 2, 10, QLatin1Char('0'));
}

QString formatMemory(qint64 usedKib, qint64 totalKib)
{
    if (totalKib <= 0)
        return QStringLiteral("-");
    const double gib = 1024.0 * 1024.0;
    return QStringLiteral("%1/%2 GiB (%3%)")
        .arg(static_cast<double>(usedKib) / gib, 0, 'f', 1)
        .arg(static_cast<double>(totalKib) / gib, 0, 'f', 1)
        .arg(qRound(100.0 * static_cast<double>(usedKib) / static_cast<double>(totalKib)));
}

QString formatCpu(double load1, int cpus)
{
    if (cpus <= 0)
        return QStringLiteral("-");
    return QStringLiteral("%1%").arg(qRound(100.0 * load1 / cpus));
}

QString table(const QList<QStringList> &rows)
{
    QList<int> widths;
    for (const QStringList &row : rows) {
        for (int i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = std::max(widths[i], static_cast<int>(row[i].size()));
        }
    }
    QString out;
    for (const QStringList &row : rows) {
        QString line;
        for (int i = 0; i < row.size(); ++i) {
            if (i + 1 < row.size())
                line += row[i].leftJustified(widths[i]) + QStringLiteral("  ");
            else
                line += row[i];
        }
        out += line + QLatin1Char('\n');
    }
    return out;
}

QString sessionTable(const QList<Protocol::CtlSession> &sessions)
{
    QList<QStringList> rows { { QStringLiteral("USER"), QStringLiteral("DISPLAY"), QStringLiteral("AGENT"),
                                QStringLiteral("STATUS"), QStringLiteral("AGE") } };
    for (const Protocol::CtlSession &s : sessions) {
        const Store::SessionRecord &r = s.record;
        // A tombstone (session list --terminated): its end, pending while the agent keeps its pid.
        const QString status = !r.deleted ? Store::sessionStateName(r.state)
            : r.pid != 0                  ? QStringLiteral("terminated (end pending)")
                                          : QStringLiteral("terminated");
        rows.append({ r.user, QStringLiteral(":%1").arg(r.display), r.agent, status, formatAge(s.age) });
    }
    return table(rows);
}

QString loadTable(const QList<Protocol::CtlAgentLoad> &agents)
{
    QList<QStringList> rows { { QStringLiteral("AGENT"), QStringLiteral("USERS"), QStringLiteral("MEM"),
                                QStringLiteral("CPU"), QStringLiteral("RATING"),
                                QStringLiteral("REACHABLE") } };
    for (const Protocol::CtlAgentLoad &a : agents) {
        QString rating = a.reachable ? QString::number(a.rating, 'f', 1) : QStringLiteral("-");
        if (a.penalized)
            rating += QStringLiteral(" (penalized)");
        const Protocol::LoadReport load = a.load.value_or(Protocol::LoadReport {});
        rows.append({ a.agent, a.load ? QString::number(load.users) : QStringLiteral("-"),
                      formatMemory(load.memUsedKib, load.memTotalKib), formatCpu(load.load1, load.cpus),
                      rating,
                      a.reachable ? QStringLiteral("yes") : QStringLiteral("no (%1)").arg(a.reason) });
    }
    return table(rows);
}

QString eventTable(const QList<Protocol::AdminLogEntry> &entries)
{
    QList<QStringList> rows { { QStringLiteral("N"), QStringLiteral("TIME"), QStringLiteral("KIND"),
                                QStringLiteral("WHAT") } };
    for (const Protocol::AdminLogEntry &e : entries)
        rows.append({ QString::number(e.seq),
                      QDateTime::fromMSecsSinceEpoch(e.time).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                      Protocol::AdminLogEntry::kindName(e.kind), e.text });
    return table(rows);
}

QByteArray toJson(const QCborArray &array)
{
    return QJsonDocument(array.toJsonArray()).toJson(QJsonDocument::Indented);
}

} // namespace Tlctl
