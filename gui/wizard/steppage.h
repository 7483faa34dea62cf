#pragma once

#include <QWizardPage>

class QLabel;
class QProgressBar;
class QPushButton;
class QTextBrowser;
class SetupRun;

// One step the checks library has (1 names, 2 identity, 3 SSH host keys, 5 configuration): the
// step's findings as tl-ha-setup words them (level, id, text, the lines side by side, the fix),
// "Check again" (asks both nodes again) and a progress bar while they answer.
class StepPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StepPage)

public:
    StepPage(int step, SetupRun *run, QWidget *parent = nullptr);

    int step() const { return m_step; }
    QPushButton *checkAgainButton() const { return m_checkAgain; }
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
};
