#pragma once

#include <QFileDialog>
#include <QPointer>
#include <QWizardPage>

class QLabel;
class QPlainTextEdit;
class QPushButton;
namespace Wizard {

class SetupRun;

// The wizard's last page: the whole report exactly as tl-ha-setup prints it (the steps not
// checked yet included), "Save report…" (FILE.txt and FILE.json, as tl-ha-setup --report FILE)
// "Check again" and "Run the failover drill…" (step 9, once nothing needs fixing).
class ReportPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportPage)

public:
    explicit ReportPage(SetupRun *run, QWidget *parent = nullptr);

    QString reportText() const;
    QPushButton *saveButton() const { return m_save; }
    QPushButton *drillButton() const { return m_drill; }
    // Step 9: asks (unless confirm is false), then runs the failover drill (SetupRun::drill).
    void runDrill(bool confirm = true);
    // The open save dialog, if any (tests answer it).
    QFileDialog *saveDialog() const { return m_dialog; }
    // Writes FILE.txt and FILE.json (a .txt or .json ending of file dropped first); returns the
    // files written, or an empty list with the reason in error.
    QStringList save(const QString &file, QString *error);
    QString saveState() const;

    bool isComplete() const override;

private:
    void update();
    void chooseFile();

    SetupRun *m_run;
    QLabel *m_summary;
    QPlainTextEdit *m_text;
    QPushButton *m_save;
    QPushButton *m_checkAgain;
    QPushButton *m_drill;
    QLabel *m_saved;
    QPointer<QFileDialog> m_dialog;
};

} // namespace Wizard
