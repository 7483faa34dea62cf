#include "sessionspage.h"

#include "cluster.h"
#include "sessionmodel.h"

#include <QCborArray>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

SessionsPage::SessionsPage(Cluster *cluster, QWidget *parent) : QWidget(parent), m_cluster(cluster)
{
    setObjectName(QStringLiteral("sessionsPage"));
    m_model = new SessionModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SessionModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);

    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter: user, agent, display, state, client, node…"));
    m_filter->setClearButtonEnabled(true);
    m_terminate = new QPushButton(tr("Terminate…"), this);
    m_terminate->setEnabled(false);
    m_count = new QLabel(this);
    top->addWidget(m_filter, 1);
    top->addWidget(m_count);
    top->addWidget(m_terminate);
    layout->addLayout(top);

    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SessionModel::User, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);
    layout->addWidget(m_view, 1);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this]() { m_terminate->setEnabled(m_view->selectionModel()->hasSelection()); });
    connect(m_terminate, &QPushButton::clicked, this, [this]() { terminateSelected(true); });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &SessionsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &SessionsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &SessionsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &SessionsPage::updateCount);
    connect(m_cluster, &Cluster::nodesChanged, this, &SessionsPage::attach);
    auto *ageTimer = new QTimer(this);
    ageTimer->setInterval(30000);
    connect(ageTimer, &QTimer::timeout, this, [this]() {
        if (m_model->rowCount() > 0)
            emit m_model->dataChanged(m_model->index(0, SessionModel::Age),
                                      m_model->index(m_model->rowCount() - 1, SessionModel::Age));
    });
    ageTimer->start();
    updateCount();
}

QString SessionsPage::message() const
{
    return m_message->text();
}

void SessionsPage::attach()
{
    while (m_model->rowCount() > 0)
        m_model->clearNode(m_model->nodeOf(0));
    for (NodeConnection *n : m_cluster->nodes()) {
        const QString name = n->address();
        connect(n, &NodeConnection::sessionsLoaded, this,
                [this, name](const QCborArray &sessions) { m_model->setSessions(name, sessions); });
        connect(n, &NodeConnection::sessionChanged, this,
                [this, name](const QCborMap &s, bool removed) { m_model->applyChange(name, s, removed); });
        // A node that is not connected has no current sessions to show: its rows go, and come
        // back (loaded again) when it does.
        connect(n, &NodeConnection::stateChanged, this, [this, n, name]() {
            if (!n->isReady())
                m_model->clearNode(name);
            updateCount();
        });
    }
    updateCount();
}

void SessionsPage::updateCount()
{
    QString text = tr("%n session(s) shown", nullptr, m_proxy->rowCount()) + QStringLiteral(" / ")
        + tr("%n in total", nullptr, m_model->rowCount());
    QStringList missing;
    for (NodeConnection *n : m_cluster->nodes()) {
        if (n->hadOutcome() && !n->isReady())
            missing.append(n->address());
    }
    if (!missing.isEmpty())
        text += QStringLiteral(" – ")
            + tr("not shown: the sessions of %1 (not connected)").arg(missing.join(QStringLiteral(", ")));
    m_count->setText(text);
}

void SessionsPage::terminateSelected(bool confirm)
{
    QHash<QString, QStringList> byNode;
    int count = 0;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows()) {
        const QModelIndex s = m_proxy->mapToSource(i);
        byNode[m_model->nodeOf(s.row())].append(m_model->sessionId(s.row()));
        ++count;
    }
    if (count == 0)
        return;
    if (confirm
        && QMessageBox::question(this, tr("Terminate sessions"),
                                 tr("Terminate %n session(s)? Unsaved work in them is lost.", nullptr, count))
            != QMessageBox::Yes)
        return;
    for (NodeConnection *n : m_cluster->nodes()) {
        const QStringList ids = byNode.value(n->address());
        if (ids.isEmpty())
            continue;
        QCborArray list;
        for (const QString &id : ids)
            list.append(id);
        n->client()->request(
            Protocol::MessageType::AdminSessionTerminate, QCborMap { { QStringLiteral("ids"), list } }, this,
            [this, n](const QCborMap &body, const QString &error) {
                QStringList errors;
                if (!error.isEmpty())
                    errors.append(error);
                for (const QCborValue &e : body.value(QStringLiteral("errors")).toArray())
                    errors.append(e.toString());
                const qsizetype done = body.value(QStringLiteral("terminated")).toArray().size();
                m_message->setText(errors.isEmpty()
                                       ? tr("%n session(s) terminated.", nullptr, int(done))
                                       : tr("Terminating failed: %1").arg(errors.join(QStringLiteral("; "))));
                m_message->setStyleSheet(errors.isEmpty() ? QString() : QStringLiteral("color: #b00020;"));
                n->loadSessions();
            });
    }
}
