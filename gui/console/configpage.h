#pragma once

#include <QMap>
#include <QMessageBox>
#include <QPointer>
#include <QWidget>

#include <functional>
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTimer;

namespace Console {

class Cluster;

// /vsmserver/terminalservers as an editable list. Apply checks it first (not empty, no entry
// twice), looks every host up in the background and warns, naming them, about entries that do
// not resolve from this computer (asking whether to write them anyway); then it writes the list
// on every connected node (a node with HA on refuses a loopback entry, with the seed's reason;
// every node refuses an agent listed twice), reads it back from each and says whether they are
// identical. The list then shows what the nodes really have, also after a refusal (the refused
// list is named in the outcome).
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
    // confirm: ask before writing entries that do not resolve (else write them, with the warning).
    void apply(bool confirm = true);
    // The open question about entries that do not resolve, if any (tests answer it).
    QMessageBox *confirmation() const { return m_confirmation; }
    // The host an entry names: "ts1:905" -> ts1, "[fe80::1]:905" -> fe80::1.
    static QString hostOf(const QString &entry);
    // How long Apply waits for the lookups before it counts a name as not resolving.
    static constexpr int LookupTimeoutMs = 5000;
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
    // Looks up every entry's host (asynchronously); done(names that did not resolve, with why).
    void lookUp(const QStringList &entries, std::function<void(const QStringList &unresolved)> done);
    void checked(const QStringList &wanted, const QStringList &unresolved, bool confirm);
    void write(const QStringList &wanted);
    QStringList applyNotes() const;

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
    QStringList m_applyWarnings; // entries written although they did not resolve here
    QStringList m_applied; // the list the last Apply wrote (or tried to)
    QPointer<QMessageBox> m_confirmation;
    QStringList m_loaded; // the list as last read back into the editor
    quint64 m_readGeneration = 0;
    bool m_applying = false;
    QTimer *m_readSoon;
};

} // namespace Console
