#pragma once

#include "backend/setup/checks.h"

#include <QWizardPage>

class QCheckBox;
class QLabel;
class QFormLayout;
class QLineEdit;
class QPushButton;

namespace Console {
class Cluster;
}
namespace Widgets {
class KeychainStore;
}

namespace Wizard {

// The wizard's first page: the two nodes (primary first), the resource name and the proposed
// HA/nodes, and the login — through the console's Cluster and NodeConnection, the password
// from the desktop keychain as the console keeps it (ConnectDialog's key). Opened from the
// console, the console's own connected nodes are used and the fields are read-only.
// Says first that nothing is changed on any node unless the admin confirms it.
class NodesPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NodesPage)

public:
    NodesPage(Console::Cluster *cluster, bool shared, Widgets::KeychainStore *keychain,
              QWidget *parent = nullptr);

    void setNodes(const QStringList &nodes, const QString &resource);
    void setHaNodes(const QString &haNodes);
    void setPassword(const QString &password);

    // The plan the fields give, or an error naming what is wrong (as tl-ha-setup words it).
    std::optional<Setup::Plan> plan(QString *error) const;

    void connectNodes();
    QPushButton *connectButton() const { return m_connect; }
    QString problem() const; // what the page says is wrong (empty when nothing)

    bool isComplete() const override;
    bool validatePage() override;

private:
    QFormLayout *makeForm();
    void keepPassword();
    QStringList nodes() const;
    void loadPassword();
    void updateState();

    Console::Cluster *m_cluster;
    bool m_shared;
    Widgets::KeychainStore *m_keychain;
    QLineEdit *m_node[2];
    QLineEdit *m_resource;
    QLineEdit *m_haNodes;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QPushButton *m_connect;
    QLabel *m_state;
    QLabel *m_problem;
    bool m_storePassword = false;
};

} // namespace Wizard
