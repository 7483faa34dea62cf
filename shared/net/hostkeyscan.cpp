#include "shared/net/hostkeyscan.h"

#include <QProcess>
#include <QTimer>

namespace Net {

HostKeyScan::HostKeyScan(const QStringList &names, QObject *parent) : QObject(parent)
{
    m_started.start();
    for (const QString &name : names) {
        if (name.isEmpty() || name.startsWith(QLatin1Char('-'))) // never read as an option
            continue;
        Scan scan;
        scan.process = new QProcess(this);
        scan.name = name;
        scan.process->setStandardErrorFile(QProcess::nullDevice());
        m_scans.append(scan);
    }
    for (qsizetype i = 0; i < m_scans.size(); ++i) {
        QProcess *process = m_scans.at(i).process;
        connect(process, &QProcess::finished, this, [this, i]() { scanEnded(i); });
        connect(process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
            if (e == QProcess::FailedToStart)
                ended(); // not installed here: nothing scanned
        });
        // -T bounds each key type's pass; this bounds the whole scan (a retry included) of a
        // host that does not answer.
        QTimer::singleShot(LimitS * 1000, process, [this, i]() {
            m_scans[i].retried = true; // the time is up: no more attempts
            m_scans.at(i).process->kill();
        });
        run(i);
    }
    if (m_scans.isEmpty())
        QTimer::singleShot(0, this, &HostKeyScan::finished);
}

void HostKeyScan::run(qsizetype index)
{
    Scan &scan = m_scans[index];
    scan.waiting = false;
    if (m_collected)
        return;
    scan.process->start(QStringLiteral("ssh-keyscan"),
                        { QStringLiteral("-T"), QString::number(TimeoutS), QStringLiteral("-t"),
                          QString::fromLatin1(Protocol::AdminScannedKey::HostKeyTypes), QStringLiteral("--"),
                          scan.name });
}

void HostKeyScan::scanEnded(qsizetype index)
{
    Scan &scan = m_scans[index];
    scan.output += scan.process->readAllStandardOutput();
    const bool gotKey = !Protocol::AdminScannedKey::parseKeyscan(QString::fromLatin1(scan.output)).isEmpty();
    if (!gotKey && !scan.retried && m_started.elapsed() < RetryWithinS * 1000) {
        scan.retried = true;
        scan.waiting = true;
        QTimer::singleShot(RetryDelayMs, scan.process, [this, index]() { run(index); });
        return;
    }
    ended();
}

bool HostKeyScan::isRunning() const
{
    for (const Scan &scan : m_scans) {
        if (scan.process->state() != QProcess::NotRunning || scan.waiting)
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
    m_collected = true; // a retry still waiting does not start
    QList<Protocol::AdminScannedKey> keys;
    for (Scan &scan : m_scans) {
        scan.waiting = false;
        if (scan.process->error() == QProcess::FailedToStart)
            return std::nullopt;
        if (scan.process->state() != QProcess::NotRunning) {
            scan.process->kill();
            scan.process->waitForFinished(1000);
        }
        scan.output += scan.process->readAllStandardOutput();
        keys += Protocol::AdminScannedKey::parseKeyscan(QString::fromLatin1(scan.output));
    }
    return keys;
}

} // namespace Net
