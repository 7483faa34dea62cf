#pragma once

#include <QMap>
#include <QWidget>

class Cluster;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

// /vsmserver/terminalservers as an editable list. Apply writes it on every connected node
// (a node with HA on refuses a loopback entry, with the seed's reason), then reads it back from
// each and says whether they are identical.
class ConfigPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigPage)

public:
    explicit ConfigPage(Cluster *cluster, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    QStringList entries() const;
    void setEntries(const QStringList &entries);
    void addEntry(const QString &entry);
    void apply();
    void reload();
    QString result() const; // the outcome line (tests read it)
    bool identical() const { return m_identical; }

signals:
    void readBack(); // after Apply or Reload read every node

private:
    void readAll(const QStringList &errors);

    Cluster *m_cluster;
    QListWidget *m_list;
    QLineEdit *m_newEntry;
    QPushButton *m_apply;
    QLabel *m_result;
    bool m_identical = false;
};
