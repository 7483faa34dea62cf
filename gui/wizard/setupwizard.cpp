#include "gui/wizard/setupwizard.h"

#include "gui/console/cluster.h"
#include "gui/console/fingerprintdialog.h"
#include "gui/console/mainwindow.h"
#include "gui/wizard/nodespage.h"
#include "gui/wizard/reportpage.h"
#include "gui/wizard/setuprun.h"
#include "gui/wizard/steppage.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QEventLoop>

namespace Wizard {

SetupWizard::SetupWizard(Console::Cluster *cluster, Widgets::KeychainStore *keychain, QWidget *parent)
    : QWizard(parent), m_cluster(cluster), m_shared(cluster != nullptr)
{
    setObjectName(QStringLiteral("setupWizard"));
    setWindowTitle(tr("OpenVSM HA setup wizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    if (!m_cluster) {
        m_cluster = new Console::Cluster(this);
        m_cluster->setFingerprintCheck([this](const QString &node, const QString &fingerprint,
                                              Client::KnownNodes::Status status, const QString &pinned) {
            Console::FingerprintDialog dialog(node, fingerprint, status, pinned, this);
            return dialog.exec() == QDialog::Accepted;
        });
    }
    m_run = new SetupRun(m_cluster, this);
    m_nodes = new NodesPage(m_cluster, m_shared, keychain, this);
    setPage(NodesId, m_nodes);
    const int steps[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    const int ids[] = { Step1Id, Step2Id, Step3Id, Step4Id, Step5Id, Step6Id, Step7Id, Step8Id };
    for (int i = 0; i < 8; ++i) {
        auto *page = new StepPage(steps[i], m_run, this);
        m_steps.append(page);
        setPage(ids[i], page);
    }
    m_report = new ReportPage(m_run, this);
    setPage(ReportId, m_report);
    setStartId(NodesId);
    connect(this, &QWizard::currentIdChanged, this, &SetupWizard::onPageChanged);
    resize(860, 620);
}

SetupWizard::~SetupWizard()
{
    if (!m_shared)
        m_cluster->disconnectAll();
}

StepPage *SetupWizard::stepPage(int step) const
{
    for (StepPage *p : m_steps) {
        if (p->step() == step)
            return p;
    }
    return nullptr;
}

void SetupWizard::onPageChanged(int id)
{
    const int from = std::exchange(m_lastId, id);
    if (from != NodesId || id != Step1Id)
        return;
    // Leaving the first page forwards: check what it names now (validatePage accepted it).
    QString error;
    const auto plan = m_nodes->plan(&error);
    if (!plan)
        return;
    m_run->setPlan(*plan);
    m_run->check();
}

QStringList SetupWizard::saveScreenshots(const QString &dir, QString *error)
{
    QStringList written;
    QDir().mkpath(dir);
    const QList<QPair<int, QString>> pages
        = { { NodesId, QStringLiteral("nodes") }, { Step1Id, QStringLiteral("step1") },
            { Step2Id, QStringLiteral("step2") }, { Step3Id, QStringLiteral("step3") },
            { Step4Id, QStringLiteral("step4") }, { Step5Id, QStringLiteral("step5") },
            { Step6Id, QStringLiteral("step6") }, { Step7Id, QStringLiteral("step7") },
            { Step8Id, QStringLiteral("step8") }, { ReportId, QStringLiteral("report") } };
    for (const auto &[id, name] : pages) {
        if (currentId() != id) {
            if (currentId() > id || !currentPage()->isComplete()) {
                *error = tr("cannot reach the %1 page").arg(name);
                return written;
            }
            next();
        }
        if (m_run->isRunning()) { // leaving the first page asks the nodes: wait for the answers
            QEventLoop wait;
            connect(m_run, &SetupRun::finished, &wait, &QEventLoop::quit);
            wait.exec();
        }
        QApplication::processEvents();
        const QString file = QDir(dir).filePath(QStringLiteral("wizard-%1.png").arg(name));
        if (!grab().save(file, "PNG")) {
            *error = tr("cannot write %1").arg(file);
            return written;
        }
        written.append(file);
    }
    return written;
}

void SetupWizard::installIn(Console::MainWindow *window)
{
    auto *action = new QAction(tr("Setup &wizard…"), window);
    action->setObjectName(QStringLiteral("setupWizardAction"));
    connect(action, &QAction::triggered, window, [window]() {
        auto *wizard = new SetupWizard(window->cluster(), window->keychain(), window);
        wizard->setAttribute(Qt::WA_DeleteOnClose);
        wizard->show();
    });
    window->addClusterAction(action);
}

} // namespace Wizard
