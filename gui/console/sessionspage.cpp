#include "gui/console/sessionspage.h"

#include "gui/console/cluster.h"
#include "gui/console/sessionmodel.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace Console {

namespace {

QString dateTime(qint64 secs)
{
    return QLocale().toString(QDateTime::fromSecsSinceEpoch(secs), QLocale::ShortFormat);
}

// The details pane's lines: label, value.
QList<QPair<QString, QString>> detailLines(const SessionModel::Details &d, const QString &nodes)
{
    QList<QPair<QString, QString>> out;
    out.append({ SessionsPage::tr("User"),
                 d.uid >= 0 ? SessionsPage::tr("%1 (uid %2)").arg(d.user).arg(d.uid) : d.user });
    out.append({ SessionsPage::tr("Session ID"), d.id });
    out.append({ SessionsPage::tr("Agent"),
                 d.agentHostname.isEmpty() || d.agentHostname == d.agent
                     ? d.agent
                     : SessionsPage::tr("%1 (clients reach it as %2)").arg(d.agent, d.agentHostname) });
    out.append({ SessionsPage::tr("Display"),
                 d.vncPort > 0 ? SessionsPage::tr(":%1 (VNC port %2)").arg(d.display).arg(d.vncPort)
                               : QStringLiteral(":%1").arg(d.display) });
    out.append(
        { SessionsPage::tr("Geometry"), d.geometry.isEmpty() ? SessionsPage::tr("(default)") : d.geometry });
    if (!d.command.isEmpty())
        out.append({ SessionsPage::tr("Command"), d.command });
    out.append({ SessionsPage::tr("State"),
                 d.state == QLatin1String("running")            ? SessionsPage::tr("running")
                     : d.state == QLatin1String("disconnected") ? SessionsPage::tr("disconnected")
                                                                : d.state });
    out.append({ SessionsPage::tr("Created"), dateTime(d.created) });
    out.append({ SessionsPage::tr("Last connection"),
                 d.lastConnection > 0 ? dateTime(d.lastConnection) : SessionsPage::tr("never") });
    out.append({ SessionsPage::tr("Last client"),
                 d.lastClient.isEmpty() ? SessionsPage::tr("none") : d.lastClient });
    out.append({ SessionsPage::tr("Record held by"), nodes });
    if (d.updated > 0)
        out.append({ SessionsPage::tr("Record changed"),
                     QLocale().toString(QDateTime::fromMSecsSinceEpoch(d.updated), QLocale::ShortFormat) });
    QStringList history;
    for (const auto &[ms, state] : d.history)
        history.append(QStringLiteral("%1 %2").arg(
            QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).time(), QStringLiteral("HH:mm:ss")),
            state));
    out.append({ SessionsPage::tr("State changes"),
                 history.isEmpty() ? SessionsPage::tr("none seen since the console connected "
                                                      "(the record keeps no history)")
                                   : history.join(QStringLiteral(", ")) });
    return out;
}

} // namespace

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

    layout->addWidget(makeTableAndDetails(), 1);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this]() { m_terminate->setEnabled(m_view->selectionModel()->hasSelection()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SessionsPage::showDetails);
    // The pane follows its session live: changes, and its end.
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to) {
                const int r = m_model->row(m_detailsId);
                if (r >= from.row() && r <= to.row())
                    showDetails();
            });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &SessionsPage::showDetails);
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
    showDetails();
}

// The sessions' table above the selected session's details.
QWidget *SessionsPage::makeTableAndDetails()
{
    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SessionModel::User, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    // Room for both nodes, one marked active, without measuring 10,000 rows.
    m_view->setColumnWidth(
        SessionModel::Node,
        m_view->fontMetrics().horizontalAdvance(QStringLiteral("tlha-secondary (active), tlha-primary")));
    m_view->setAlternatingRowColors(true);
    m_view->installEventFilter(this);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_view);
    m_detailsBox = new QGroupBox(tr("Session details"), splitter);
    m_detailsBox->setObjectName(QStringLiteral("sessionDetails"));
    m_details = new QFormLayout(m_detailsBox);
    m_details->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    splitter->addWidget(m_detailsBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    return splitter;
}

bool SessionsPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Delete)) {
        terminateSelected(true);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QString SessionsPage::countText() const
{
    return m_count->text();
}

void SessionsPage::updateActiveNode()
{
    // The node that holds the resource IP (or, without a resource_address, that its notify hook
    // made MASTER); none when it is not exactly one.
    QStringList active;
    for (NodeConnection *n : m_cluster->nodes()) {
        const auto &status = n->status();
        if (!n->isReady() || !status || !status->ha || !status->ha->active)
            continue;
        const Protocol::HaStatus &ha = *status->ha;
        const bool holds
            = ha.resourceAddress.isEmpty() ? ha.role == Protocol::HaRole::Master : ha.resourceLocal;
        if (holds)
            active.append(n->address());
    }
    m_model->setActiveNode(active.size() == 1 ? active.first() : QString());
}

void SessionsPage::showDetails()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    const int row = current.isValid() ? m_proxy->mapToSource(current).row() : -1;
    while (m_details->rowCount() > 0)
        m_details->removeRow(0);
    if (row < 0) {
        m_detailsId.clear();
        auto *none = new QLabel(tr("Select a session to see its details."), m_detailsBox);
        none->setEnabled(false);
        m_details->addRow(none);
        return;
    }
    m_detailsId = m_model->sessionId(row);
    for (const auto &[label, value] : detailLines(m_model->details(row), m_model->nodeText(row))) {
        auto *v = new QLabel(value, m_detailsBox);
        v->setTextFormat(Qt::PlainText);
        v->setWordWrap(true);
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_details->addRow(label + QLatin1Char(':'), v);
    }
}

QString SessionsPage::detailsText() const
{
    const int row = m_model->row(m_detailsId);
    if (m_detailsId.isEmpty() || row < 0)
        return {};
    QStringList lines;
    for (const auto &[label, value] : detailLines(m_model->details(row), m_model->nodeText(row)))
        lines.append(label + QStringLiteral(": ") + value);
    return lines.join(QLatin1Char('\n'));
}

QList<int> SessionsPage::selectedSourceRows() const
{
    QList<int> rows;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows())
        rows.append(m_proxy->mapToSource(i).row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString SessionsPage::confirmationText() const
{
    const QList<int> rows = selectedSourceRows();
    constexpr int Listed = 12;
    QStringList lines;
    for (int r : rows) {
        if (lines.size() == Listed)
            break;
        const SessionModel::Details d = m_model->details(r);
        lines.append(tr("%1: display :%2 on %3 (session %4)").arg(d.user).arg(d.display).arg(d.agent, d.id));
    }
    if (rows.size() > Listed)
        lines.append(tr("… and %n more", nullptr, int(rows.size() - Listed)));
    return tr("Terminate %n session(s)? Unsaved work in them is lost.", nullptr, int(rows.size()))
        + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n'));
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
        connect(n, &NodeConnection::statusChanged, this, &SessionsPage::updateActiveNode);
        connect(n, &NodeConnection::sessionsLoaded, this,
                [this, name](const QList<Protocol::CtlSession> &sessions) {
                    m_model->setSessions(name, sessions);
                });
        connect(n, &NodeConnection::sessionChanged, this,
                [this, name](const Protocol::CtlSession &s, bool removed) {
                    m_model->applyChange(name, s, removed);
                });
        // A node that is not connected has no current sessions to show: its rows go, and come
        // back (loaded again) when it does.
        connect(n, &NodeConnection::stateChanged, this, [this, n, name]() {
            if (!n->isReady())
                m_model->clearNode(name);
            updateActiveNode();
            updateCount();
        });
    }
    updateActiveNode();
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
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty())
        return;
    // Each through the node it is acted on through (the active one when it holds the record),
    // or another connected node that holds it.
    QHash<QString, QStringList> byNode;
    QStringList unreachable;
    for (int r : rows) {
        QStringList candidates { m_model->nodeOf(r) };
        candidates.append(m_model->nodesOf(r));
        QString through;
        for (NodeConnection *n : m_cluster->nodes()) {
            if (n->isReady() && candidates.contains(n->address())
                && (through.isEmpty() || n->address() == candidates.first()))
                through = n->address();
        }
        if (through.isEmpty())
            unreachable.append(m_model->sessionId(r));
        else
            byNode[through].append(m_model->sessionId(r));
    }
    if (confirm) {
        QMessageBox box(QMessageBox::Warning, tr("Terminate sessions"), confirmationText(),
                        QMessageBox::Yes | QMessageBox::No, this);
        box.setDefaultButton(QMessageBox::No);
        box.setEscapeButton(QMessageBox::No);
        m_confirmation = &box;
        const int answer = box.exec();
        m_confirmation = nullptr;
        if (answer != QMessageBox::Yes)
            return;
    }
    if (!unreachable.isEmpty()) {
        m_message->setText(tr("Not terminated: no node that holds them is connected: %1")
                               .arg(unreachable.join(QStringLiteral(", "))));
        m_message->setStyleSheet(QStringLiteral("color: #b00020;"));
    }
    for (NodeConnection *n : m_cluster->nodes()) {
        const QStringList ids = byNode.value(n->address());
        if (ids.isEmpty())
            continue;
        Protocol::CtlTerminate request;
        request.ids = ids;
        n->client()->call<Protocol::Terminated>(
            Protocol::MessageType::AdminSessionTerminate, request.toCbor(), this,
            [this, n](std::optional<Protocol::Terminated> reply, const QString &error) {
                QStringList errors;
                if (!error.isEmpty())
                    errors.append(error);
                if (reply)
                    errors.append(reply->errors);
                const qsizetype done = reply ? reply->terminated.size() : 0;
                m_message->setText(errors.isEmpty()
                                       ? tr("%n session(s) terminated.", nullptr, int(done))
                                       : tr("Terminating failed: %1").arg(errors.join(QStringLiteral("; "))));
                m_message->setStyleSheet(errors.isEmpty() ? QString() : QStringLiteral("color: #b00020;"));
                n->loadSessions();
            });
    }
}

} // namespace Console
