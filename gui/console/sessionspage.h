#pragma once

#include <QWidget>

class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace Console {

class Cluster;
class NodeConnection;
class SessionModel;

// Every session, sortable and filterable (user, agent, display, state, age, node), with
// Terminate (or the Delete key) for the selected ones, after a confirmation that names them and
// defaults to No. The Node column says which nodes hold each record and which is active (holds
// the resource IP). Below the table, the details of the current session: user, agent, display,
// geometry, created, last connection, last client, the nodes, and the state changes seen.
class SessionsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionsPage)

public:
    explicit SessionsPage(Cluster *cluster, QWidget *parent = nullptr);

    SessionModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QLineEdit *filter() const { return m_filter; }
    QPushButton *terminateButton() const { return m_terminate; }
    QString message() const;
    QString countText() const;
    // The details pane as text ("User: alice (uid 1001)\n…"); empty when no session is current.
    QString detailsText() const;
    // The open confirmation, if any (tests answer it).
    QMessageBox *confirmation() const { return m_confirmation; }

    // Terminates the selected sessions; with confirm, asks first.
    void terminateSelected(bool confirm = true);
    // What the confirmation asks for the selected sessions (users, displays, agents, ids).
    QString confirmationText() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *makeTableAndDetails();
    void attach();
    void updateCount();
    void updateActiveNode();
    void showDetails();
    QList<int> selectedSourceRows() const;

    Cluster *m_cluster;
    SessionModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLineEdit *m_filter;
    QPushButton *m_terminate;
    QLabel *m_count;
    QLabel *m_message;
    QGroupBox *m_detailsBox;
    QFormLayout *m_details;
    QString m_detailsId; // the session the pane shows
    QMessageBox *m_confirmation = nullptr;
};

} // namespace Console
