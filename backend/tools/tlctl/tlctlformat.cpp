#include "backend/tools/tlctl/tlctlformat.h"

#include <QCborMap>
#include <QJsonArray>
#include <QJsonDocument>

namespace Tlctl {

namespace {

QString field(const QCborMap &m, const char *name)
{
    return m.value(QString::fromLatin1(name)).toVariant().toString();
}

} // namespace

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

QString sessionTable(const QCborArray &sessions)
{
    QList<QStringList> rows { { QStringLiteral("USER"), QStringLiteral("DISPLAY"), QStringLiteral("AGENT"),
                                QStringLiteral("STATUS"), QStringLiteral("AGE") } };
    for (const QCborValue &v : sessions) {
        const QCborMap m = v.toMap();
        rows.append({ field(m, "user"), QStringLiteral(":") + field(m, "display"), field(m, "agent"),
                      field(m, "state"), formatAge(m.value(QStringLiteral("age")).toInteger()) });
    }
    return table(rows);
}

QString loadTable(const QCborArray &agents)
{
    QList<QStringList> rows { { QStringLiteral("AGENT"), QStringLiteral("USERS"), QStringLiteral("MEM"),
                                QStringLiteral("CPU"), QStringLiteral("RATING"),
                                QStringLiteral("REACHABLE") } };
    for (const QCborValue &v : agents) {
        const QCborMap m = v.toMap();
        const bool reachable = m.value(QStringLiteral("reachable")).toBool();
        const bool known = m.contains(QStringLiteral("mem_total_kib"));
        QString rating = reachable ? QString::number(m.value(QStringLiteral("rating")).toDouble(), 'f', 1)
                                   : QStringLiteral("-");
        if (m.value(QStringLiteral("penalized")).toBool())
            rating += QStringLiteral(" (penalized)");
        rows.append({ field(m, "agent"), known ? field(m, "users") : QStringLiteral("-"),
                      formatMemory(m.value(QStringLiteral("mem_used_kib")).toInteger(),
                                   m.value(QStringLiteral("mem_total_kib")).toInteger()),
                      formatCpu(m.value(QStringLiteral("load1")).toDouble(),
                                static_cast<int>(m.value(QStringLiteral("cpus")).toInteger())),
                      rating,
                      reachable
                          ? QStringLiteral("yes")
                          : QStringLiteral("no (%1)").arg(m.value(QStringLiteral("reason")).toString()) });
    }
    return table(rows);
}

QByteArray toJson(const QCborArray &array)
{
    return QJsonDocument(array.toJsonArray()).toJson(QJsonDocument::Indented);
}

} // namespace Tlctl
