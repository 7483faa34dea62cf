#pragma once

#include <QMap>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTimer;

namespace Console {

class Cluster;

// /vsmserver/terminalservers as an editable list. Apply writes it on every connected node
// (a node with HA on refuses a loopback entry, with the seed's reason), then reads it back from
// each and says whether they are identical.
//
// It reads the nodes again by itself whenever a node pushes a configuration change (another
// console, tlctl --node) and whenever a node connects or is lost, so that what it says is never
// older than the nodes' last change. A list being edited is not overwritten by a pushed change.
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
    // The last read-back: the nodes' lists differ (differences: "node: list" per line), and
    // what could not be read from connected nodes.
    bool differs() const { return m_differs; }
    QString differences() const { return m_differences; }
    QStringList readErrors() const { return m_readErrors; }

signals:
    void readBack(); // after Apply or Reload read every node

private:
    enum class Read { Explicit, AfterApply, Pushed };
    void attach();
    void readAll(Read why);

    Cluster *m_cluster;
    QListWidget *m_list;
    QLineEdit *m_newEntry;
    QPushButton *m_apply;
    QLabel *m_result;
    bool m_identical = false;
    bool m_differs = false;
    QString m_differences;
    QStringList m_readErrors;
    QStringList m_applyErrors; // what the last Apply was refused
    QStringList m_loaded; // the list as last read back into the editor
    quint64 m_readGeneration = 0;
    bool m_applying = false;
    QTimer *m_readSoon;
};

} // namespace Console
