#pragma once

#include "backend/setup/checks.h"

#include <QWizardPage>

class QLabel;
class QProgressBar;
class QPushButton;
class QTextBrowser;
namespace Wizard {

class SetupRun;

// One step the checks library has (1 names, 2 identity, 3 SSH host keys, 4 agents,
// 5 configuration, 6 cluster key, 7 enable HA, 8 keepalived): the step's findings as tl-ha-setup words them
// (level, id, text, the lines side by side, the fix, the action proposed with every request it makes), "Check
// again" (asks both nodes again), "Apply…" (the step's actions, after a confirmation listing them) and a
// progress bar while the nodes answer or the actions run.
class StepPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StepPage)

public:
    StepPage(int step, SetupRun *run, QWidget *parent = nullptr);

    int step() const { return m_step; }
    QPushButton *checkAgainButton() const { return m_checkAgain; }
    QPushButton *applyButton() const { return m_apply; }
    // The step's proposed actions (none before a check).
    QList<Setup::Action> actions() const;
    // Applies them; confirm asks first (a dialog listing every request), as the button does.
    void apply(bool confirm = true);
    QProgressBar *progressBar() const { return m_progress; }
    // The findings as shown (plain text).
    QString findingsText() const;

    bool isComplete() const override;

private:
    void update();

    int m_step;
    SetupRun *m_run;
    QLabel *m_summary;
    QTextBrowser *m_findings;
    QProgressBar *m_progress;
    QPushButton *m_checkAgain;
    QPushButton *m_apply;
};

} // namespace Wizard
