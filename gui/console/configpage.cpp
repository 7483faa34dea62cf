#include "gui/console/configpage.h"

#include "gui/console/cluster.h"
#include "gui/console/serverreason.h"

#include <QHBoxLayout>
#include <QHostInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QTimer>
#include <QVBoxLayout>

#include <memory>

namespace Console {

ConfigPage::ConfigPage(Cluster *cluster, QWidget *parent) : QWidget(parent), m_cluster(cluster)
{
    setObjectName(QStringLiteral("configPage"));
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(
        tr("Terminal servers (/vsmserver/terminalservers): the agents the nodes start sessions on. "
           "Use each agent's unique host name, never 127.0.0.1, when HA is on."),
        this);
    title->setWordWrap(true);
    layout->addWidget(title);
    m_list = new QListWidget(this);
    layout->addWidget(m_list, 1);
    auto *row = new QHBoxLayout;
    m_newEntry = new QLineEdit(this);
    m_newEntry->setPlaceholderText(tr("host or host:port"));
    auto *add = new QPushButton(tr("Add"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    auto *reloadButton = new QPushButton(tr("Reload"), this);
    m_apply = new QPushButton(tr("Apply to both nodes"), this);
    row->addWidget(m_newEntry, 1);
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch();
    row->addWidget(reloadButton);
    row->addWidget(m_apply);
    layout->addLayout(row);
    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    layout->addWidget(m_result);

    connect(add, &QPushButton::clicked, this, [this]() {
        addEntry(m_newEntry->text());
        m_newEntry->clear();
    });
    connect(m_newEntry, &QLineEdit::returnPressed, add, &QPushButton::click);
    connect(remove, &QPushButton::clicked, this, [this]() { qDeleteAll(m_list->selectedItems()); });
    connect(reloadButton, &QPushButton::clicked, this, &ConfigPage::reload);
    connect(m_apply, &QPushButton::clicked, this, [this]() { apply(); });
    // Both nodes push the same change when Apply wrote both: one read for the lot.
    m_readSoon = new QTimer(this);
    m_readSoon->setSingleShot(true);
    m_readSoon->setInterval(150);
    connect(m_readSoon, &QTimer::timeout, this, [this]() {
        if (!m_applying) // else the read after Apply covers it
            readAll(Read::Pushed);
    });
    connect(m_cluster, &Cluster::nodesChanged, this, &ConfigPage::attach);
}

void ConfigPage::attach()
{
    m_loaded.clear();
    m_list->clear();
    for (NodeConnection *n : m_cluster->nodes()) {
        connect(n, &NodeConnection::configChanged, m_readSoon, qOverload<>(&QTimer::start));
        auto wasReady = std::make_shared<bool>(n->isReady());
        connect(n, &NodeConnection::stateChanged, this, [this, n, wasReady]() {
            if (n->isReady() == *wasReady)
                return;
            *wasReady = n->isReady();
            m_readSoon->start(); // a node came (back) or went: what is read back changed
        });
    }
}

QStringList ConfigPage::entries() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i) {
        const QString t = m_list->item(i)->text().trimmed();
        if (!t.isEmpty())
            out.append(t);
    }
    return out;
}

void ConfigPage::setEntries(const QStringList &entries)
{
    m_list->clear();
    for (const QString &e : entries)
        addEntry(e);
}

void ConfigPage::addEntry(const QString &entry)
{
    const QString e = entry.trimmed();
    if (e.isEmpty())
        return;
    auto *item = new QListWidgetItem(e, m_list);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
}

QString ConfigPage::result() const
{
    return m_result->text();
}

void ConfigPage::reload()
{
    readAll(Read::Explicit);
}

QString ConfigPage::hostOf(const QString &entry)
{
    if (entry.startsWith(QLatin1Char('[')))
        return entry.mid(1, entry.indexOf(QLatin1Char(']')) - 1);
    if (entry.count(QLatin1Char(':')) == 1)
        return entry.left(entry.indexOf(QLatin1Char(':')));
    return entry; // a name, an IPv4 address or a bare IPv6 address
}

void ConfigPage::apply(bool confirm)
{
    const QStringList wanted = entries();
    if (wanted.isEmpty()) {
        m_result->setText(tr("The list is empty: no sessions could be started. Add at least one agent."));
        m_result->setStyleSheet(QStringLiteral("color: #b00020;"));
        return;
    }
    // The nodes refuse a list with an entry twice; say so before asking them.
    QStringList seen, twice;
    for (const QString &e : wanted) {
        if (seen.contains(e, Qt::CaseInsensitive) && !twice.contains(e, Qt::CaseInsensitive))
            twice.append(e);
        seen.append(e);
    }
    if (!twice.isEmpty()) {
        m_result->setText(tr("Listed twice: %1. Remove the duplicates first; nothing was changed.")
                              .arg(twice.join(QStringLiteral(", "))));
        m_result->setStyleSheet(QStringLiteral("color: #b00020;"));
        return;
    }
    m_apply->setEnabled(false);
    m_result->setText(tr("Looking the names up…"));
    m_result->setStyleSheet(QString());
    lookUp(wanted,
           [this, wanted, confirm](const QStringList &unresolved) { checked(wanted, unresolved, confirm); });
}

void ConfigPage::lookUp(const QStringList &entries, std::function<void(const QStringList &)> done)
{
    struct Pending {
        QMap<QString, QString> why; // entry -> why it did not resolve ("" while unanswered)
        QSet<QString> open;
        bool finished = false;
    };
    auto pending = std::make_shared<Pending>();
    auto finish = [pending, done]() {
        if (pending->finished)
            return;
        pending->finished = true;
        QStringList unresolved;
        for (auto it = pending->why.constBegin(); it != pending->why.constEnd(); ++it) {
            if (pending->open.contains(it.key()))
                unresolved.append(tr("%1 (no answer within %2 s)").arg(it.key()).arg(LookupTimeoutMs / 1000));
            else if (!it.value().isEmpty())
                unresolved.append(tr("%1 (%2)").arg(it.key(), it.value()));
        }
        done(unresolved);
    };
    for (const QString &e : entries) {
        pending->why.insert(e, QString());
        pending->open.insert(e);
    }
    for (const QString &e : entries) {
        QHostInfo::lookupHost(hostOf(e), this, [pending, e, finish](const QHostInfo &info) {
            pending->open.remove(e);
            if (info.error() != QHostInfo::NoError || info.addresses().isEmpty())
                pending->why[e] = info.errorString().isEmpty() ? tr("does not resolve") : info.errorString();
            if (pending->open.isEmpty())
                finish();
        });
    }
    QTimer::singleShot(LookupTimeoutMs, this, finish);
}

void ConfigPage::checked(const QStringList &wanted, const QStringList &unresolved, bool confirm)
{
    m_apply->setEnabled(true);
    if (wanted != entries()) // edited while the names were looked up: Apply again
        return (void)m_result->setText(tr("The list changed while it was checked; press Apply again."));
    m_applyWarnings = unresolved;
    if (!unresolved.isEmpty() && confirm) {
        QMessageBox box(QMessageBox::Warning, tr("Terminal servers"),
                        tr("These entries do not resolve from this computer:\n%1\n\nThe nodes may resolve "
                           "them differently, but a name they cannot resolve is an agent no session can "
                           "start on. Write the list anyway?")
                            .arg(unresolved.join(QLatin1Char('\n'))),
                        QMessageBox::Yes | QMessageBox::No, this);
        box.setDefaultButton(QMessageBox::No);
        m_confirmation = &box;
        const int answer = box.exec();
        m_confirmation = nullptr;
        if (answer != QMessageBox::Yes) {
            m_result->setText(
                tr("Nothing was written. Not resolving: %1").arg(unresolved.join(QStringLiteral(", "))));
            m_result->setStyleSheet(QStringLiteral("color: #b00020;"));
            return;
        }
    }
    write(wanted);
}

void ConfigPage::write(const QStringList &wanted)
{
    Protocol::AdminTerminalServers change;
    change.terminalservers = wanted;
    const QList<NodeConnection *> nodes = m_cluster->nodes();
    auto pending = std::make_shared<int>(0);
    auto errors = std::make_shared<QStringList>();
    for (NodeConnection *n : nodes) {
        if (!n->isReady()) {
            errors->append(tr("%1: not connected, not changed").arg(n->address()));
            continue;
        }
        ++*pending;
    }
    m_applyErrors.clear();
    m_applied = wanted;
    // Reads under way now would show the list from before Apply: the one after it counts.
    ++m_readGeneration;
    m_readSoon->stop();
    m_applying = true;
    m_apply->setEnabled(false);
    m_result->setText(tr("Applying…"));
    m_result->setStyleSheet(QString());
    if (*pending == 0) {
        m_apply->setEnabled(true);
        m_applying = false;
        m_applyErrors = *errors;
        readAll(Read::AfterApply);
        return;
    }
    for (NodeConnection *n : nodes) {
        if (!n->isReady())
            continue;
        const QString name = n->address();
        n->client()->request(Protocol::MessageType::AdminSetTerminalServers, change.toCbor(), this,
                             [this, pending, errors, name](const QCborMap &body, const QString &error) {
                                 if (!error.isEmpty())
                                     errors->append(
                                         tr("%1 refused: %2").arg(name, ServerReason::text(body, error)));
                                 if (--*pending == 0) {
                                     m_apply->setEnabled(true);
                                     m_applying = false;
                                     m_applyErrors = *errors;
                                     readAll(Read::AfterApply);
                                 }
                             });
    }
}

// What the last Apply left to say: the list a node refused, entries written unresolved.
QStringList ConfigPage::applyNotes() const
{
    QStringList notes;
    if (!m_applyErrors.isEmpty())
        notes.append(tr("Not applied everywhere: %1").arg(m_applied.join(QLatin1Char(' '))));
    if (!m_applyWarnings.isEmpty())
        notes.append(tr("Written although they do not resolve from this computer: %1")
                         .arg(m_applyWarnings.join(QStringLiteral(", "))));
    return notes;
}

void ConfigPage::readAll(Read why)
{
    const QList<NodeConnection *> nodes = m_cluster->nodes();
    const quint64 generation = ++m_readGeneration;
    auto pending = std::make_shared<int>(0);
    auto values = std::make_shared<QMap<QString, QStringList>>();
    auto readErrors = std::make_shared<QStringList>();
    for (NodeConnection *n : nodes)
        *pending += n->isReady() ? 1 : 0;
    // After Apply the list shows what the nodes have, also after a refusal (the outcome names
    // the list that was refused); a pushed change does not overwrite edits not applied yet.
    if (why == Read::Explicit) {
        m_applyErrors.clear();
        m_applyWarnings.clear();
    }
    const bool edited = entries() != m_loaded;
    const bool replaceList
        = why == Read::Explicit || why == Read::AfterApply || (why == Read::Pushed && !edited);
    auto finish = [this, values, readErrors, replaceList, generation]() {
        if (generation != m_readGeneration)
            return; // a newer read is under way
        const QStringList errors = m_applyErrors; // what Apply was told stays until the next one
        QStringList lines = errors + *readErrors;
        lines.append(applyNotes());
        const QList<QStringList> distinct = [&]() {
            QList<QStringList> d;
            for (const QStringList &v : std::as_const(*values)) {
                if (!d.contains(v))
                    d.append(v);
            }
            return d;
        }();
        m_identical = distinct.size() == 1 && values->size() == m_cluster->nodes().size();
        m_differs = distinct.size() > 1;
        m_readErrors = *readErrors;
        QStringList differences;
        if (distinct.size() == 1) {
            if (replaceList)
                setEntries(distinct.first());
            if (entries() == distinct.first())
                m_loaded = distinct.first();
            else
                lines.append(tr("Your edits are not applied yet; Reload shows the nodes' list."));
            lines.append(m_identical ? tr("Read back: identical on every node: %1")
                                           .arg(distinct.first().join(QLatin1Char(' ')))
                                     : tr("Read back from %n node(s): %1", nullptr, int(values->size()))
                                           .arg(distinct.first().join(QLatin1Char(' '))));
        } else if (distinct.size() > 1) {
            lines.append(tr("The nodes DIFFER:"));
            for (auto it = values->constBegin(); it != values->constEnd(); ++it)
                differences.append(tr("%1: %2").arg(it.key(), it.value().join(QLatin1Char(' '))));
            lines.append(differences);
        }
        m_differences = differences.join(QLatin1Char('\n'));
        m_result->setText(lines.join(QLatin1Char('\n')));
        m_result->setStyleSheet(m_identical && errors.isEmpty() && readErrors->isEmpty()
                                    ? QStringLiteral("color: #1b7f3b;")
                                    : QStringLiteral("color: #b00020;"));
        emit readBack();
    };
    if (*pending == 0) {
        finish();
        return;
    }
    for (NodeConnection *n : nodes) {
        if (!n->isReady())
            continue;
        const QString name = n->address();
        n->client()->call<Protocol::AdminTerminalServers>(
            Protocol::MessageType::AdminGetTerminalServers, {}, this,
            [pending, values, readErrors, name, finish](std::optional<Protocol::AdminTerminalServers> reply,
                                                        const QString &error) {
                if (!error.isEmpty() || !reply)
                    readErrors->append(tr("%1: %2").arg(name, error));
                else
                    values->insert(name, reply->terminalservers);
                if (--*pending == 0)
                    finish();
            });
    }
}

} // namespace Console
