#include "gui/console/eventspage.h"

#include "gui/console/cluster.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace Console {

using Protocol::AdminLogEntry;

namespace {

// A node keeps at most a few hundred entries; the console no more than this per node.
constexpr qsizetype MaxEntriesPerNode = 2000;

QString detailsText(const AdminLogEntry &e)
{
    QStringList lines;
    for (auto it = e.details.constBegin(); it != e.details.constEnd(); ++it) {
        if (!it.value().isEmpty())
            lines.append(QStringLiteral("%1: %2").arg(it.key(), it.value()));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

EventsPage::EventsPage(Cluster *cluster, QWidget *parent)
    : QWidget(parent),
      m_cluster(cluster),
      m_nodeFilter(new QComboBox(this)),
      m_kindFilter(new QComboBox(this)),
      m_count(new QLabel(this)),
      m_table(new QTableWidget(0, ColumnCount, this)),
      m_redraw(new QTimer(this))
{
    setObjectName(QStringLiteral("eventsPage"));
    m_nodeFilter->setObjectName(QStringLiteral("eventsNodeFilter"));
    m_kindFilter->setObjectName(QStringLiteral("eventsKindFilter"));
    m_table->setObjectName(QStringLiteral("eventsTable"));
    m_kindFilter->addItem(tr("All kinds"), QString());
    for (AdminLogEntry::Kind kind : AdminLogEntry::kinds())
        m_kindFilter->addItem(kindText(kind), AdminLogEntry::kindName(kind));
    m_table->setHorizontalHeaderLabels({ tr("Time"), tr("Node"), tr("Kind"), tr("Event") });
    m_table->horizontalHeader()->setSectionResizeMode(Event, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(true);
    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Node:"), this));
    filters->addWidget(m_nodeFilter);
    filters->addWidget(new QLabel(tr("Kind:"), this));
    filters->addWidget(m_kindFilter);
    filters->addStretch();
    filters->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table);
    m_redraw->setSingleShot(true);
    m_redraw->setInterval(100);
    connect(m_redraw, &QTimer::timeout, this, &EventsPage::redraw);
    connect(m_nodeFilter, &QComboBox::currentIndexChanged, this, &EventsPage::redraw);
    connect(m_kindFilter, &QComboBox::currentIndexChanged, this, &EventsPage::redraw);
    connect(m_cluster, &Cluster::nodesChanged, this, &EventsPage::watch);
    watch();
}

QString EventsPage::kindText(AdminLogEntry::Kind kind)
{
    switch (kind) {
    case AdminLogEntry::Kind::Role:
        return tr("Role");
    case AdminLogEntry::Kind::Health:
        return tr("Health");
    case AdminLogEntry::Kind::Resync:
        return tr("Resync");
    case AdminLogEntry::Kind::Refused:
        return tr("Refused connection");
    case AdminLogEntry::Kind::Agent:
        return tr("Agent");
    case AdminLogEntry::Kind::Session:
        return tr("Session");
    case AdminLogEntry::Kind::Config:
        return tr("Configuration");
    }
    return {};
}

void EventsPage::watch()
{
    m_entries.clear();
    for (NodeConnection *node : m_cluster->nodes()) {
        m_entries.insert(node, {});
        connect(node, &NodeConnection::eventLogLoaded, this,
                [this, node](const QList<AdminLogEntry> &entries) { loaded(node, entries); });
        connect(node, &NodeConnection::logged, this,
                [this, node](const AdminLogEntry &entry) { append(node, entry); });
    }
    updateNodeFilter();
    m_redraw->start();
}

// A node's whole log, read at login: it replaces what the console had of that node (the node
// may have restarted and counts from 1 again), but entries pushed meanwhile are kept.
void EventsPage::loaded(NodeConnection *node, QList<AdminLogEntry> entries)
{
    for (AdminLogEntry &e : entries)
        e.node = node->address();
    QList<AdminLogEntry> &list = m_entries[node];
    const qint64 last = entries.isEmpty() ? 0 : entries.constLast().seq;
    QList<AdminLogEntry> pushed;
    for (const AdminLogEntry &e : std::as_const(list)) {
        if (e.seq > last && (entries.isEmpty() || e.time >= entries.constFirst().time))
            pushed.append(e);
    }
    list = entries + pushed;
    updateNodeFilter();
    m_redraw->start();
}

void EventsPage::append(NodeConnection *node, AdminLogEntry entry)
{
    entry.node = node->address();
    QList<AdminLogEntry> &list = m_entries[node];
    list.append(entry);
    if (list.size() > MaxEntriesPerNode)
        list.remove(0, list.size() - MaxEntriesPerNode);
    updateNodeFilter();
    m_redraw->start();
}

void EventsPage::updateNodeFilter()
{
    QStringList names;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        for (const AdminLogEntry &e : it.value()) {
            if (!names.contains(e.node))
                names.append(e.node);
        }
    }
    names.sort();
    const QString current = m_nodeFilter->currentData().toString();
    QStringList have;
    for (int i = 1; i < m_nodeFilter->count(); ++i)
        have.append(m_nodeFilter->itemData(i).toString());
    if (have == names && m_nodeFilter->count() > 0)
        return;
    const QSignalBlocker blocker(m_nodeFilter);
    m_nodeFilter->clear();
    m_nodeFilter->addItem(tr("All nodes"), QString());
    for (const QString &name : std::as_const(names))
        m_nodeFilter->addItem(name, name);
    m_nodeFilter->setCurrentIndex(std::max(0, m_nodeFilter->findData(current)));
}

void EventsPage::setFilter(const QString &node, std::optional<AdminLogEntry::Kind> kind)
{
    updateNodeFilter();
    m_nodeFilter->setCurrentIndex(std::max(0, m_nodeFilter->findData(node)));
    m_kindFilter->setCurrentIndex(
        std::max(0, m_kindFilter->findData(kind ? AdminLogEntry::kindName(*kind) : QString())));
    redraw();
}

QList<AdminLogEntry> EventsPage::shown() const
{
    const QString node = m_nodeFilter->currentData().toString();
    const QString kind = m_kindFilter->currentData().toString();
    QList<AdminLogEntry> out;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        for (const AdminLogEntry &e : it.value()) {
            if ((node.isEmpty() || e.node == node)
                && (kind.isEmpty() || AdminLogEntry::kindName(e.kind) == kind))
                out.append(e);
        }
    }
    // Newest first; entries of one node in the same millisecond by their order there.
    std::stable_sort(out.begin(), out.end(), [](const AdminLogEntry &a, const AdminLogEntry &b) {
        return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    });
    return out;
}

void EventsPage::redraw()
{
    m_redraw->stop();
    const QList<AdminLogEntry> entries = shown();
    m_table->setUpdatesEnabled(false);
    m_table->setRowCount(static_cast<int>(entries.size()));
    for (int row = 0; row < entries.size(); ++row) {
        const AdminLogEntry &e = entries.at(row);
        const QString time
            = QDateTime::fromMSecsSinceEpoch(e.time).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        const QString cells[ColumnCount] = { time, e.node, kindText(e.kind), e.text };
        for (int column = 0; column < ColumnCount; ++column) {
            auto *item = new QTableWidgetItem(cells[column]);
            item->setToolTip(column == Event ? detailsText(e) : cells[column]);
            m_table->setItem(row, column, item);
        }
    }
    m_table->resizeColumnToContents(Time);
    m_table->resizeColumnToContents(Node);
    m_table->resizeColumnToContents(Kind);
    m_table->setUpdatesEnabled(true);
    m_count->setText(tr("%n event(s)", nullptr, static_cast<int>(entries.size())));
}

} // namespace Console
