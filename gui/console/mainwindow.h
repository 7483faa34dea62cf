#pragma once

#include <QMainWindow>
#include <QPointer>

class QInputDialog;
class QAction;
class QLabel;
class QMenu;
class QTabWidget;

namespace Widgets {
class KeychainStore;
}

namespace Console {

class AgentsPage;
class Cluster;
class ConfigPage;
class DrillPage;
class EventsPage;
class OverviewPage;
class SessionsPage;

// tl-console's window: Overview, Sessions, Agents, Configuration, Failover drill and Events
// pages over one Cluster.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Cluster *cluster() const { return m_cluster; }
    Widgets::KeychainStore *keychain() const { return m_keychain; }
    QTabWidget *tabs() const { return m_tabs; }
    OverviewPage *overview() const { return m_overview; }
    SessionsPage *sessions() const { return m_sessions; }
    AgentsPage *agents() const { return m_agents; }
    ConfigPage *config() const { return m_config; }
    DrillPage *drill() const { return m_drill; }
    EventsPage *events() const { return m_events; }

    // Shows the connect dialog (modal) and connects when it is accepted.
    void showConnectDialog();
    void connectToCluster(const QStringList &nodes, const QString &resource, const QByteArray &password);
    // Saves a PNG of every page (overview.png, sessions.png, agents.png, configuration.png,
    // drill.png) in dir; returns the files written or an error.
    QStringList saveScreenshots(const QString &dir, QString *error);
    // The status bar's text: every node's state in a few words.
    QString stateText() const;
    // Adds an action to the Cluster menu, above Quit (the setup wizard's, gui/wizard).
    void addClusterAction(QAction *action);
    QMenu *clusterMenu() const { return m_clusterMenu; }
    // The open "enter the password again" dialog, if any (tests answer it).
    QInputDialog *passwordDialog() const;

private:
    void updateTitle();
    // A node refused the password: ask again (one dialog for all), then log in again.
    void askPasswordAgain();

    Widgets::KeychainStore *m_keychain;
    Cluster *m_cluster;
    QTabWidget *m_tabs;
    OverviewPage *m_overview;
    SessionsPage *m_sessions;
    AgentsPage *m_agents;
    ConfigPage *m_config;
    DrillPage *m_drill;
    EventsPage *m_events;
    QLabel *m_state;
    QMenu *m_clusterMenu;
    QAction *m_quitSeparator;
    QPointer<QInputDialog> m_passwordDialog;
};

} // namespace Console
