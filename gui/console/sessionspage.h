#pragma once

#include <QWidget>

class Cluster;
class NodeConnection;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class SessionModel;

// Every session, sortable and filterable (user, agent, display, state, age, node), with
// Terminate for the selected ones.
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

    // Terminates the selected sessions; with confirm, asks first.
    void terminateSelected(bool confirm = true);

private:
    void attach();
    void updateCount();

    Cluster *m_cluster;
    SessionModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLineEdit *m_filter;
    QPushButton *m_terminate;
    QLabel *m_count;
    QLabel *m_message;
};
