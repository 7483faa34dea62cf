#include "backend/agent/loadreport.h"

#include <QFile>
#include <QStringList>

namespace Agent {
namespace {

QString readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(f.readAll());
}

} // namespace

bool LoadReport::parseMeminfo(const QString &text, LoadReport *report)
{
    qint64 total = -1, available = -1, free = -1, buffers = 0, cached = 0, swapTotal = -1, swapFree = -1;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const QString key = line.left(colon).trimmed();
        const QStringList rest = line.mid(colon + 1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (rest.isEmpty())
            continue;
        bool ok = false;
        const qint64 v = rest.first().toLongLong(&ok);
        if (!ok)
            continue;
        if (key == QLatin1String("MemTotal"))
            total = v;
        else if (key == QLatin1String("MemAvailable"))
            available = v;
        else if (key == QLatin1String("MemFree"))
            free = v;
        else if (key == QLatin1String("Buffers"))
            buffers = v;
        else if (key == QLatin1String("Cached"))
            cached = v;
        else if (key == QLatin1String("SwapTotal"))
            swapTotal = v;
        else if (key == QLatin1String("SwapFree"))
            swapFree = v;
    }
    if (total < 0)
        return false;
    if (available < 0) // kernels before 3.14
        available = free >= 0 ? free + buffers + cached : 0;
    report->memTotalKib = total;
    report->memUsedKib = qBound<qint64>(0, total - available, total);
    report->swapTotalKib = qMax<qint64>(0, swapTotal);
    report->swapUsedKib
        = swapTotal > 0 && swapFree >= 0 ? qBound<qint64>(0, swapTotal - swapFree, swapTotal) : 0;
    return true;
}

bool LoadReport::parseLoadavg(const QString &text, LoadReport *report)
{
    const QStringList parts = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.size() < 3)
        return false;
    bool ok1 = false, ok5 = false, ok15 = false;
    const double l1 = parts.at(0).toDouble(&ok1);
    const double l5 = parts.at(1).toDouble(&ok5);
    const double l15 = parts.at(2).toDouble(&ok15);
    if (!ok1 || !ok5 || !ok15)
        return false;
    report->load1 = l1;
    report->load5 = l5;
    report->load15 = l15;
    return true;
}

bool LoadReport::parseCpuinfo(const QString &text, LoadReport *report)
{
    int processors = 0;
    double bogomips = 0;
    int bogomipsLines = 0;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const QString key = line.left(colon).trimmed().toLower();
        if (key == QLatin1String("processor")) {
            ++processors;
        } else if (key == QLatin1String("bogomips")) {
            bool ok = false;
            const double v = line.mid(colon + 1).trimmed().toDouble(&ok);
            if (ok) {
                bogomips += v;
                ++bogomipsLines;
            }
        }
    }
    if (processors == 0)
        return false;
    // Some ARM kernels print one BogoMIPS line per CPU, older ones one line for all.
    if (bogomipsLines == 1 && processors > 1)
        bogomips *= processors;
    report->cpus = processors;
    report->bogomips = bogomips;
    return true;
}

LoadReport LoadReport::collect(const QString &procDir, QString *error)
{
    LoadReport report;
    QStringList missing;
    if (!parseMeminfo(readText(procDir + QStringLiteral("/meminfo")), &report))
        missing << QStringLiteral("meminfo");
    if (!parseLoadavg(readText(procDir + QStringLiteral("/loadavg")), &report))
        missing << QStringLiteral("loadavg");
    if (!parseCpuinfo(readText(procDir + QStringLiteral("/cpuinfo")), &report))
        missing << QStringLiteral("cpuinfo");
    if (error)
        *error = missing.isEmpty()
            ? QString()
            : QStringLiteral("cannot read %1 under %2").arg(missing.join(QStringLiteral(", ")), procDir);
    return report;
}

} // namespace Agent
