#include "backend/setup/localnames.h"

#include "shared/net/hostkeyscan.h"

#include <QHash>
#include <QHostInfo>
#include <QPointer>
#include <QTimer>

namespace Setup {

namespace {

// The lookups of one resolveHere(): answers collected until all are in or the time is up.
class PendingLookups final : public QObject {
public:
    PendingLookups(const Protocol::AdminNodeFactsQuery &query, const QObject *context,
                   std::function<void(const NodeFacts &)> done)
        : m_names(query.names),
          m_scanned(query.scanned()),
          m_context(context),
          m_done(std::move(done)),
          m_open(query.names.size())
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
        m_scan = new Net::HostKeyScan(m_scanned, this);
        connect(m_scan, &Net::HostKeyScan::finished, this, [this]() { finishIfDone(); });
        if (m_names.isEmpty())
            QTimer::singleShot(0, this, &PendingLookups::finish);
    }

private:
    void finishIfDone()
    {
        if (m_open > 0)
            return;
        if (m_scan && m_scan->isRunning())
            return;
        finish();
    }

    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        NodeFacts here;
        here.scanned = m_scan->collect();
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
    QStringList m_scanned; // of m_names
    QPointer<const QObject> m_context;
    std::function<void(const NodeFacts &)> m_done;
    qsizetype m_open;
    bool m_finished = false;
    Net::HostKeyScan *m_scan = nullptr; // ssh-keyscan of each name of m_scanned
    QHash<QString, QHostInfo> m_answers;
};

} // namespace

void resolveHere(const Protocol::AdminNodeFactsQuery &query, const QObject *context,
                 std::function<void(const NodeFacts &)> done)
{
    auto *pending = new PendingLookups(query, context, std::move(done));
    pending->start();
}

} // namespace Setup
