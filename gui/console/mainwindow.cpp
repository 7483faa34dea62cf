#include "gui/console/mainwindow.h"

#include "gui/console/agentspage.h"
#include "gui/console/cluster.h"
#include "gui/console/configpage.h"
#include "gui/console/connectdialog.h"
#include "gui/console/drillpage.h"
#include "gui/console/eventspage.h"
#include "gui/console/fingerprintdialog.h"
#include "gui/console/overviewpage.h"
#include "gui/console/sessionspage.h"
#include "gui/widgets/keychainstore.h"

#include <QApplication>
#include <QDir>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

namespace Console {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent),
      m_keychain(new Widgets::KeychainStore(QStringLiteral("OpenVSM console"), this)),
      m_cluster(new Cluster(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_cluster->setFingerprintCheck([this](const QString &node, const QString &fingerprint,
                                          Client::KnownNodes::Status status, const QString &pinned) {
        FingerprintDialog dialog(node, fingerprint, status, pinned, this);
        return dialog.exec() == QDialog::Accepted;
    });
    m_tabs = new QTabWidget(this);
    m_overview = new OverviewPage(m_cluster, m_tabs);
    m_sessions = new SessionsPage(m_cluster, m_tabs);
    m_agents = new AgentsPage(m_cluster, m_tabs);
    m_config = new ConfigPage(m_cluster, m_tabs);
    m_drill = new DrillPage(m_cluster, m_tabs);
    m_events = new EventsPage(m_cluster, m_tabs);
    m_tabs->addTab(m_overview, tr("Overview"));
    m_tabs->addTab(m_sessions, tr("Sessions"));
    m_tabs->addTab(m_agents, tr("Agents"));
    m_tabs->addTab(m_config, tr("Configuration"));
    m_tabs->addTab(m_drill, tr("Failover drill"));
    m_tabs->addTab(m_events, tr("Events"));
    setCentralWidget(m_tabs);
    connect(m_config, &ConfigPage::readBack, this, [this]() {
        m_overview->setConfigState(m_config->differs(), m_config->differences(), m_config->readErrors());
    });
    connect(m_agents, &AgentsPage::problemsChanged, m_overview, &OverviewPage::setAgentProblems);
    connect(m_cluster, &Cluster::passwordRejected, this, &MainWindow::askPasswordAgain);

    auto *menu = menuBar()->addMenu(tr("&Cluster"));
    m_clusterMenu = menu;
    QAction *connectAction = menu->addAction(tr("&Connect…"), this, &MainWindow::showConnectDialog);
    connectAction->setShortcut(QKeySequence::Open);
    menu->addAction(tr("&Refresh"), QKeySequence(QKeySequence::Refresh), this, [this]() {
        for (NodeConnection *n : m_cluster->nodes()) {
            if (n->isReady()) {
                n->refreshStatus();
                n->refreshAgents();
                n->loadSessions();
            }
        }
        m_agents->refresh();
        m_config->reload();
    });
    m_quitSeparator = menu->addSeparator();
    menu->addAction(tr("&Quit"), QKeySequence(QKeySequence::Quit), qApp, &QApplication::quit);

    m_state = new QLabel(this);
    statusBar()->addWidget(m_state, 1);
    connect(m_cluster, &Cluster::stateChanged, this, &MainWindow::updateTitle);
    connect(m_cluster, &Cluster::nodesChanged, this, &MainWindow::updateTitle);
    resize(1000, 640);
    updateTitle();
}

MainWindow::~MainWindow() = default;

QString MainWindow::stateText() const
{
    return m_state->text();
}

void MainWindow::updateTitle()
{
    QStringList parts;
    for (NodeConnection *n : m_cluster->nodes())
        parts.append(tr("%1: %2").arg(n->address(), n->stateText()));
    m_state->setText(parts.isEmpty() ? tr("Not connected. Use Cluster → Connect.")
                                     : parts.join(QStringLiteral("   ")));
    setWindowTitle(m_cluster->resource().isEmpty() ? tr("OpenVSM console")
                                                   : tr("OpenVSM console – %1").arg(m_cluster->resource()));
}

void MainWindow::showConnectDialog()
{
    ConnectDialog dialog(m_keychain, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QStringList nodes = dialog.nodes();
    if (nodes.isEmpty()) {
        QMessageBox::warning(this, tr("Connect"), tr("Give at least one node."));
        return;
    }
    ConnectDialog::remember(nodes, dialog.resource());
    const QByteArray password = dialog.password();
    connectToCluster(nodes, dialog.resource(), password);
    if (!dialog.rememberPassword())
        return;
    // Kept in the keychain once a node accepted it, not before.
    auto *once = new QObject(this);
    connect(m_cluster, &Cluster::finished, once, [this, once, nodes, password]() {
        once->deleteLater();
        if (!m_cluster->firstReady())
            return;
        m_keychain->write(ConnectDialog::keychainKey(nodes), QString::fromUtf8(password), this,
                          [this](Widgets::KeychainStore::Result result, const QString &error) {
                              if (result != Widgets::KeychainStore::Result::Ok)
                                  statusBar()->showMessage(
                                      tr("The password was not stored in the keychain: %1").arg(error),
                                      10000);
                          });
    });
}

void MainWindow::addClusterAction(QAction *action)
{
    m_clusterMenu->insertAction(m_quitSeparator, action);
}

QInputDialog *MainWindow::passwordDialog() const
{
    return m_passwordDialog;
}

void MainWindow::askPasswordAgain()
{
    QStringList refused;
    for (NodeConnection *n : m_cluster->nodes()) {
        if (n->passwordRefused())
            refused.append(n->address());
    }
    if (refused.isEmpty())
        return;
    const QString label = tr("%1 refused the admin password. Enter it again:").arg(refused.join(tr(" and ")));
    if (m_passwordDialog) { // one question for every node that refused
        m_passwordDialog->setLabelText(label);
        return;
    }
    auto *dialog = new QInputDialog(this);
    m_passwordDialog = dialog;
    dialog->setObjectName(QStringLiteral("passwordAgain"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Login refused"));
    dialog->setLabelText(label);
    dialog->setTextEchoMode(QLineEdit::Password);
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this](const QString &text) { m_cluster->retryLogin(text.toUtf8()); });
    dialog->open();
}

void MainWindow::connectToCluster(const QStringList &nodes, const QString &resource,
                                  const QByteArray &password)
{
    m_cluster->connectTo(nodes, resource, password);
}

QStringList MainWindow::saveScreenshots(const QString &dir, QString *error)
{
    static const char *const names[] = { "overview", "sessions", "agents", "configuration", "drill" };
    QStringList written;
    QDir().mkpath(dir);
    for (int i = 0; i < m_tabs->count() && i < 5; ++i) {
        m_tabs->setCurrentIndex(i);
        QApplication::processEvents();
        const QString file = QDir(dir).filePath(QString::fromLatin1(names[i]) + QStringLiteral(".png"));
        if (!grab().save(file, "PNG")) {
            *error = tr("cannot write %1").arg(file);
            return written;
        }
        written.append(file);
    }
    m_tabs->setCurrentIndex(0);
    return written;
}

} // namespace Console
