#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace Widgets {
class KeychainStore;
}

namespace Console {

// Which cluster to manage: the two nodes ("host[:port]"), the resource name and the admin
// password. Recent clusters (never their password) are offered from QSettings; the password
// comes from the desktop keychain when there is one, else it is asked each time.
class ConnectDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectDialog)

public:
    ConnectDialog(Widgets::KeychainStore *keychain, QWidget *parent = nullptr);

    QStringList nodes() const;
    QString resource() const;
    QByteArray password() const;
    bool rememberPassword() const;

    void setCluster(const QStringList &nodes, const QString &resource);
    void setPassword(const QString &password);
    // Focuses the first field still to be filled in: node 1, node 2 (unless a recent cluster
    // filled the others), the resource name, the password.
    void focusFirstEmpty();
    // What the dialog says about the keychain (no keychain, a cancelled unlock); empty when
    // nothing.
    QString keychainNote() const;

    // The keychain key of a cluster: "openvsm-admin:NODE1,NODE2".
    static QString keychainKey(const QStringList &nodes);
    // Recent clusters in QSettings: "recentClusters" = ["node1|node2|resource", …], newest first.
    static void remember(const QStringList &nodes, const QString &resource);
    static QStringList recent();

private:
    void onRecentChosen(int index);
    void loadPassword();
    void updateKeychainNote();

    Widgets::KeychainStore *m_keychain;
    QComboBox *m_recent;
    QLineEdit *m_node1;
    QLineEdit *m_node2;
    QLineEdit *m_resource;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_keychainNote;
};

} // namespace Console
