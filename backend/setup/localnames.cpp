#include "backend/setup/localnames.h"

#include <QHash>
#include <QHostInfo>
#include <QPointer>
#include <QProcess>
#include <QTimer>

namespace Setup {

namespace {

// The lookups of one resolveHere(): answers collected until all are in or the time is up.
class PendingLookups final : public QObject {
public:
    PendingLookups(const QStringList &names, const QObject *context,
                   std::function<void(const NodeFacts &)> done)
        : m_names(names), m_context(context), m_done(std::move(done)), m_open(names.size())
    {
    }

    void start()
    {
        QTimer::singleShot(LocalResolveTimeoutMs, this, &PendingLookups::finish);
        for (const QString &name : std::as_const(m_names)) {
            QHostInfo::lookupHost(name, this, [this, name](const QHostInfo &info) {
                m_answers.insert(name, info);
                --m_open;
                finishIfDone();
            });
        }
        startScan();
        if (m_names.isEmpty())
            QTimer::singleShot(0, this, &PendingLookups::finish);
    }

private:
    // ssh-keyscan of each name (port 22, at most ScanLimitS), one process per name: it tries the key
    // types one after the other, each waiting for every host it was given, so a host that does not
    // answer would hold up the others. A name that could be read as an option is not passed.
    void startScan()
    {
        for (const QString &name : std::as_const(m_names)) {
            if (name.isEmpty() || name.startsWith(QLatin1Char('-')))
                continue;
            auto *scan = new QProcess(this);
            scan->setStandardErrorFile(QProcess::nullDevice());
            connect(scan, &QProcess::finished, this, [this]() { finishIfDone(); });
            connect(scan, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
                if (e == QProcess::FailedToStart)
                    finishIfDone(); // not installed: not scanned
            });
            m_scans.append(scan);
            scan->start(QStringLiteral("ssh-keyscan"),
                        { QStringLiteral("-T"), QString::number(ScanTimeoutS), QStringLiteral("-t"),
                          QString::fromLatin1(Protocol::AdminScannedKey::HostKeyTypes), QStringLiteral("--"),
                          name });
            // -T bounds each key type's pass; this bounds the whole scan of a host that does not answer.
            QTimer::singleShot(ScanLimitS * 1000, scan, [scan]() { scan->kill(); });
        }
    }

    // What every scan printed (a scan still running is stopped: the time is up); none when
    // ssh-keyscan is not installed.
    std::optional<QList<ScannedKey>> collectScans()
    {
        QList<ScannedKey> keys;
        for (QProcess *scan : std::as_const(m_scans)) {
            if (scan->error() == QProcess::FailedToStart)
                return std::nullopt;
            if (scan->state() != QProcess::NotRunning) {
                scan->kill();
                scan->waitForFinished(1000);
            }
            keys += Protocol::AdminScannedKey::parseKeyscan(
                QString::fromLatin1(scan->readAllStandardOutput()));
        }
        return keys;
    }

    void finishIfDone()
    {
        if (m_open > 0)
            return;
        for (const QProcess *scan : std::as_const(m_scans)) {
            if (scan->state() != QProcess::NotRunning)
                return;
        }
        finish();
    }

    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        NodeFacts here;
        here.scanned = collectScans();
        here.node = QStringLiteral("this machine");
        for (const QString &name : std::as_const(m_names)) {
            Protocol::AdminNameFacts n;
            n.name = name;
            if (!m_answers.contains(name)) {
                n.reason = QStringLiteral("no answer from the resolver within %1 s")
                               .arg(LocalResolveTimeoutMs / 1000);
            } else if (m_answers.value(name).error() != QHostInfo::NoError) {
                n.reason = m_answers.value(name).errorString();
            } else {
                for (const QHostAddress &a : m_answers.value(name).addresses())
                    n.addresses.append({ a.toString(), {}, a.isLoopback() });
            }
            here.facts.resolved.append(n);
        }
        if (m_context)
            m_done(here);
        deleteLater();
    }

    QStringList m_names;
    QPointer<const QObject> m_context;
    std::function<void(const NodeFacts &)> m_done;
    qsizetype m_open;
    bool m_finished = false;
    QList<QProcess *> m_scans; // one ssh-keyscan per name
    QHash<QString, QHostInfo> m_answers;
};

} // namespace

void resolveHere(const QStringList &names, const QObject *context,
                 std::function<void(const NodeFacts &)> done)
{
    auto *pending = new PendingLookups(names, context, std::move(done));
    pending->start();
}

} // namespace Setup
