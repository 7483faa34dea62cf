#include "setup/localnames.h"

#include <QCryptographicHash>
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
    // ssh-keyscan of every name at once (port 22, each host within ScanTimeoutS); a name that
    // could be read as an option is not passed. Without ssh-keyscan nothing is scanned.
    void startScan()
    {
        QStringList hosts;
        for (const QString &name : std::as_const(m_names)) {
            if (!name.isEmpty() && !name.startsWith(QLatin1Char('-')))
                hosts.append(name);
        }
        m_scan = new QProcess(this);
        connect(m_scan, &QProcess::finished, this, [this]() {
            m_scanned = parseScan(QString::fromLatin1(m_scan->readAllStandardOutput()));
            m_scanDone = true;
            finishIfDone();
        });
        connect(m_scan, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
            if (e != QProcess::FailedToStart)
                return;
            m_scanDone = true; // not installed: not scanned
            finishIfDone();
        });
        m_scan->start(
            QStringLiteral("ssh-keyscan"),
            QStringList { QStringLiteral("-T"), QString::number(ScanTimeoutS), QStringLiteral("--") }
                + hosts);
    }

    // "host type base64" lines -> keys with SHA256 fingerprints (as ssh-keygen -l prints them).
    static QList<ScannedKey> parseScan(const QString &out)
    {
        QList<ScannedKey> keys;
        for (const QString &line : out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QStringList f = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (f.size() < 3 || line.startsWith(QLatin1Char('#')))
                continue;
            const QByteArray blob = QByteArray::fromBase64(f.at(2).toLatin1());
            keys.append({ f.at(0), f.at(1),
                          QStringLiteral("SHA256:")
                              + QString::fromLatin1(QCryptographicHash::hash(blob, QCryptographicHash::Sha256)
                                                        .toBase64(QByteArray::OmitTrailingEquals)) });
        }
        return keys;
    }

    void finishIfDone()
    {
        if (m_open == 0 && m_scanDone)
            finish();
    }

    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        if (m_scan && m_scan->state() != QProcess::NotRunning) {
            m_scan->kill(); // the time is up: what it printed so far counts
            m_scan->waitForFinished(1000);
            m_scanned = parseScan(QString::fromLatin1(m_scan->readAllStandardOutput()));
            m_scanDone = true;
        }
        NodeFacts here;
        if (m_scanDone && m_scan && m_scan->error() != QProcess::FailedToStart)
            here.scanned = m_scanned;
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
    QProcess *m_scan = nullptr;
    bool m_scanDone = false;
    QList<ScannedKey> m_scanned;
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
