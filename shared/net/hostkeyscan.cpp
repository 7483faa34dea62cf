#include "shared/net/hostkeyscan.h"

#include <QProcess>
#include <QTimer>

namespace Net {

HostKeyScan::HostKeyScan(const QStringList &names, QObject *parent) : QObject(parent)
{
    for (const QString &name : names) {
        if (name.isEmpty() || name.startsWith(QLatin1Char('-'))) // never read as an option
            continue;
        auto *scan = new QProcess(this);
        scan->setStandardErrorFile(QProcess::nullDevice());
        connect(scan, &QProcess::finished, this, &HostKeyScan::ended);
        connect(scan, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
            if (e == QProcess::FailedToStart)
                ended(); // not installed here: nothing scanned
        });
        m_scans.append(scan);
        scan->start(QStringLiteral("ssh-keyscan"),
                    { QStringLiteral("-T"), QString::number(TimeoutS), QStringLiteral("-t"),
                      QString::fromLatin1(Protocol::AdminScannedKey::HostKeyTypes), QStringLiteral("--"),
                      name });
        // -T bounds each key type's pass; this bounds the whole scan of a host that does not answer.
        QTimer::singleShot(LimitS * 1000, scan, [scan]() { scan->kill(); });
    }
    if (m_scans.isEmpty())
        QTimer::singleShot(0, this, &HostKeyScan::finished);
}

bool HostKeyScan::isRunning() const
{
    for (const QProcess *scan : m_scans) {
        if (scan->state() != QProcess::NotRunning)
            return true;
    }
    return false;
}

void HostKeyScan::ended()
{
    if (!isRunning())
        Q_EMIT finished();
}

std::optional<QList<Protocol::AdminScannedKey>> HostKeyScan::collect()
{
    QList<Protocol::AdminScannedKey> keys;
    for (QProcess *scan : std::as_const(m_scans)) {
        if (scan->error() == QProcess::FailedToStart)
            return std::nullopt;
        if (scan->state() != QProcess::NotRunning) {
            scan->kill();
            scan->waitForFinished(1000);
        }
        keys += Protocol::AdminScannedKey::parseKeyscan(QString::fromLatin1(scan->readAllStandardOutput()));
    }
    return keys;
}

} // namespace Net
