#pragma once

#include "backend/client/failoverdrill.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace Console {

class Cluster;

// The failover drill: the active node steps down through its health check, the peer must take
// the resource IP, every session must be present and verified there; optionally it moves back.
// A progress bar, a timeline with milliseconds, and the report can be saved (text or JSON).
class DrillPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DrillPage)

public:
    explicit DrillPage(Cluster *cluster, QWidget *parent = nullptr);
    ~DrillPage() override;

    // Timeouts and step-down length (tests shorten them).
    void setOptions(const Client::FailoverDrill::Options &options) { m_options = options; }
    // Starts without asking (the button asks first).
    void startDrill();
    bool isRunning() const;
    Client::FailoverDrill *drill() const { return m_drill; }
    // The result line as shown, and the timeline table.
    QString resultText() const;
    QTableWidget *timeline() const { return m_timeline; }
    QProgressBar *progressBar() const { return m_progress; }
    // Writes the report: JSON when file ends in .json, else text.
    bool saveReport(const QString &file, QString *error) const;
    // The label a step name is shown with.
    static QString stepLabel(const QString &name);

signals:
    void drillFinished(bool ok);

private:
    void updateButtons();
    void onStartClicked();
    void onSaveClicked();
    void addStep(const QString &name, qint64 ms, bool ok, const QString &detail);

    Cluster *m_cluster;
    Client::FailoverDrill::Options m_options;
    Client::FailoverDrill *m_drill = nullptr;
    QPushButton *m_start;
    QCheckBox *m_moveBack;
    QProgressBar *m_progress;
    QTableWidget *m_timeline;
    QLabel *m_result;
    QPushButton *m_save;
};

} // namespace Console
