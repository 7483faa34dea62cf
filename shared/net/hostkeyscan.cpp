#include "shared/net/hostkeyscan.h"

#include <QProcess>
#include <QTimer>

namespace Net {

HostKeyScan::HostKeyScan(const QStringList &names, QObject *parent) : QObject(parent)
{
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
        connect(process, &QProcess::errorOccurred, this, [this, i](QProcess::ProcessError e) {
            if (e != QProcess::FailedToStart)
                return;
            // Not installed here: nothing is scanned, the queued scans are not tried.
            m_noProgram = true;
            releaseTurn(i);
            for (const qsizetype queued : std::as_const(m_queue))
                m_scans[queued].waiting = false;
            m_queue.clear();
            ended();
        });
        m_queue.append(i);
    }
    startQueued();
    if (m_scans.isEmpty())
        QTimer::singleShot(0, this, &HostKeyScan::finished);
}

void HostKeyScan::startQueued()
{
    while (m_turnsHeld < MaxParallel && !m_queue.isEmpty() && !m_collected && !m_noProgram)
        run(m_queue.takeFirst());
}

void HostKeyScan::run(qsizetype index)
{
    Scan &scan = m_scans[index];
    scan.waiting = false;
    if (scan.started.isValid() && scan.started.elapsed() >= LimitS * 1000) {
        ended(); // a retry whose turn came too late
        return;
    }
    if (!scan.started.isValid()) {
        scan.started.start();
        // -T bounds each key type's pass; this bounds the whole scan (a retry included) of a
        // host that does not answer.
        QTimer::singleShot(LimitS * 1000, scan.process, [this, index]() {
            m_scans[index].retried = true; // the time is up: no more attempts
            m_scans.at(index).process->kill();
        });
    }
    scan.holdsTurn = true;
    ++m_turnsHeld;
    const int attempt = ++scan.attempts;
    QTimer::singleShot(TimeoutS * 1000, scan.process, [this, index, attempt]() {
        if (m_scans.at(index).attempts == attempt) { // still this attempt: a silent host
            releaseTurn(index);
            startQueued();
        }
    });
    scan.process->start(QStringLiteral("ssh-keyscan"),
                        { QStringLiteral("-T"), QString::number(TimeoutS), QStringLiteral("-t"),
                          QString::fromLatin1(Protocol::AdminScannedKey::HostKeyTypes), QStringLiteral("--"),
                          scan.name });
}

void HostKeyScan::releaseTurn(qsizetype index)
{
    Scan &scan = m_scans[index];
    if (scan.holdsTurn) {
        scan.holdsTurn = false;
        --m_turnsHeld;
    }
}

void HostKeyScan::scanEnded(qsizetype index)
{
    Scan &scan = m_scans[index];
    releaseTurn(index);
    scan.output += scan.process->readAllStandardOutput();
    const bool gotKey = !Protocol::AdminScannedKey::parseKeyscan(QString::fromLatin1(scan.output)).isEmpty();
    if (!gotKey && !scan.retried && scan.started.elapsed() < RetryWithinS * 1000) {
        scan.retried = true;
        scan.waiting = true;
        QTimer::singleShot(RetryDelayMs, scan.process, [this, index]() {
            m_queue.append(index);
            startQueued();
        });
    }
    startQueued(); // the turn this scan held
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
    m_collected = true; // a queued scan or a retry still waiting does not start
    if (m_noProgram)
        return std::nullopt;
    QList<Protocol::AdminScannedKey> keys;
    for (Scan &scan : m_scans) {
        scan.waiting = false;
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
