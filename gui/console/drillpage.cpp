#include "gui/console/drillpage.h"

#include "gui/console/cluster.h"

#include <QCheckBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Console {

DrillPage::DrillPage(Cluster *cluster, QWidget *parent) : QWidget(parent), m_cluster(cluster)
{
    setObjectName(QStringLiteral("drillPage"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("A failover drill makes the active node step down through its health check, waits until the "
           "peer holds the resource IP, and checks that every session is present on the new active node "
           "and alive on its agent. Users are moved to the other node: run it when that is acceptable."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *row = new QHBoxLayout;
    m_moveBack = new QCheckBox(tr("Move back to the original node afterwards"), this);
    m_moveBack->setObjectName(QStringLiteral("moveBack"));
    m_start = new QPushButton(tr("Start drill"), this);
    m_start->setObjectName(QStringLiteral("startDrill"));
    row->addWidget(m_moveBack);
    row->addStretch();
    row->addWidget(m_start);
    layout->addLayout(row);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("drillProgress"));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    layout->addWidget(m_progress);
    m_timeline = new QTableWidget(0, 4, this);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timeline->setHorizontalHeaderLabels({ tr("Time (ms)"), tr("Step"), tr("Result"), tr("Details") });
    m_timeline->verticalHeader()->hide();
    m_timeline->horizontalHeader()->setStretchLastSection(true);
    m_timeline->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_timeline->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_timeline, 1);
    auto *bottom = new QHBoxLayout;
    m_result = new QLabel(tr("No drill has run yet."), this);
    m_result->setObjectName(QStringLiteral("drillResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_save = new QPushButton(tr("Save report…"), this);
    m_save->setObjectName(QStringLiteral("saveReport"));
    bottom->addWidget(m_result, 1);
    bottom->addWidget(m_save);
    layout->addLayout(bottom);

    connect(m_start, &QPushButton::clicked, this, &DrillPage::onStartClicked);
    connect(m_save, &QPushButton::clicked, this, &DrillPage::onSaveClicked);
    connect(m_cluster, &Cluster::stateChanged, this, &DrillPage::updateButtons);
    connect(m_cluster, &Cluster::nodesChanged, this, &DrillPage::updateButtons);
    updateButtons();
}

DrillPage::~DrillPage() = default;

QString DrillPage::stepLabel(const QString &name)
{
    if (name == QLatin1String("active"))
        return tr("Active node");
    if (name == QLatin1String("step-down"))
        return tr("Step down");
    if (name == QLatin1String("released"))
        return tr("Resource released");
    if (name == QLatin1String("takeover"))
        return tr("Peer took over");
    if (name == QLatin1String("master"))
        return tr("Peer is MASTER");
    if (name == QLatin1String("back-master"))
        return tr("Original is MASTER again");
    if (name == QLatin1String("present"))
        return tr("Sessions present");
    if (name == QLatin1String("verified"))
        return tr("Sessions verified");
    if (name == QLatin1String("fit-again"))
        return tr("Original node fit again");
    if (name == QLatin1String("back-step-down"))
        return tr("Step down (move back)");
    if (name == QLatin1String("back-released"))
        return tr("Resource released (move back)");
    if (name == QLatin1String("back-takeover"))
        return tr("Moved back");
    if (name == QLatin1String("back-present"))
        return tr("Sessions present (move back)");
    if (name == QLatin1String("back-verified"))
        return tr("Sessions verified (move back)");
    if (name == QLatin1String("step-down-ended"))
        return tr("Step-down ended");
    if (name == QLatin1String("done"))
        return tr("Drill finished");
    return name;
}

bool DrillPage::isRunning() const
{
    return m_drill && m_drill->isRunning();
}

QString DrillPage::resultText() const
{
    return m_result->text();
}

void DrillPage::updateButtons()
{
    int ready = 0;
    for (NodeConnection *n : m_cluster->nodes())
        ready += n->isReady() ? 1 : 0;
    m_start->setEnabled(!isRunning() && ready == 2);
    m_moveBack->setEnabled(!isRunning());
    m_save->setEnabled(m_drill && !isRunning() && !m_drill->steps().isEmpty());
    if (!isRunning() && ready != 2 && !m_drill)
        m_result->setText(tr("Connect to both nodes to run a drill."));
    else if (!isRunning() && !m_drill)
        m_result->setText(tr("No drill has run yet."));
}

void DrillPage::onStartClicked()
{
    const auto answer = QMessageBox::question(
        this, tr("Failover drill"),
        tr("Move the resource IP to the other node now? Connected users reconnect to the new active node."),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        startDrill();
}

void DrillPage::startDrill()
{
    if (isRunning())
        return;
    const QList<NodeConnection *> nodes = m_cluster->nodes();
    if (nodes.size() != 2 || !nodes[0]->isReady() || !nodes[1]->isReady()) {
        m_result->setText(tr("Connect to both nodes to run a drill."));
        return;
    }
    delete m_drill;
    Client::FailoverDrill::Options options = m_options;
    options.moveBack = m_moveBack->isChecked();
    options.clusterName = m_cluster->resource();
    m_drill = new Client::FailoverDrill(nodes[0]->client(), nodes[1]->client(), options, this);
    connect(m_drill, &Client::FailoverDrill::step, this, &DrillPage::addStep);
    connect(m_drill, &Client::FailoverDrill::progressChanged, m_progress, &QProgressBar::setValue);
    connect(m_drill, &Client::FailoverDrill::finished, this, [this](bool ok) {
        m_result->setText(ok ? tr("Drill passed in %1 ms.").arg(m_drill->steps().last().ms)
                             : tr("Drill failed: %1").arg(m_drill->failure()));
        QPalette p = m_result->palette();
        p.setColor(QPalette::WindowText, ok ? QColor(0x1b, 0x7f, 0x2a) : QColor(0xb0, 0x1c, 0x1c));
        m_result->setPalette(p);
        updateButtons();
        emit drillFinished(ok);
    });
    m_timeline->setRowCount(0);
    m_progress->setValue(0);
    m_result->setPalette(QPalette());
    m_result->setText(tr("Drill running…"));
    m_drill->start();
    updateButtons();
}

void DrillPage::addStep(const QString &name, qint64 ms, bool ok, const QString &detail)
{
    const int row = m_timeline->rowCount();
    m_timeline->insertRow(row);
    auto *time = new QTableWidgetItem(QString::number(ms));
    time->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_timeline->setItem(row, 0, time);
    m_timeline->setItem(row, 1, new QTableWidgetItem(stepLabel(name)));
    auto *result = new QTableWidgetItem(ok ? tr("ok") : tr("failed"));
    result->setForeground(ok ? QColor(0x1b, 0x7f, 0x2a) : QColor(0xb0, 0x1c, 0x1c));
    m_timeline->setItem(row, 2, result);
    m_timeline->setItem(row, 3, new QTableWidgetItem(detail));
    m_timeline->resizeColumnsToContents();
    m_timeline->scrollToBottom();
}

bool DrillPage::saveReport(const QString &file, QString *error) const
{
    if (!m_drill || m_drill->steps().isEmpty()) {
        *error = tr("no drill has run yet");
        return false;
    }
    // The drill's report: a header (date, cluster, nodes with versions, result), the timeline.
    const QByteArray data = file.endsWith(QLatin1String(".json"))
        ? QJsonDocument(m_drill->reportJson()).toJson(QJsonDocument::Indented)
        : m_drill->reportText().toUtf8();
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size()) {
        *error = tr("cannot write %1: %2").arg(file, f.errorString());
        return false;
    }
    return true;
}

void DrillPage::onSaveClicked()
{
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save drill report"), QStringLiteral("drill-report.txt"), tr("Text (*.txt);;JSON (*.json)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!saveReport(file, &error))
        QMessageBox::warning(this, tr("Save drill report"), error);
}

} // namespace Console
