#include "gui/wizard/reportpage.h"

#include "gui/wizard/setuprun.h"

#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

namespace Wizard {

ReportPage::ReportPage(SetupRun *run, QWidget *parent) : QWizardPage(parent), m_run(run)
{
    setObjectName(QStringLiteral("reportPage"));
    setTitle(tr("Report"));
    setSubTitle(tr("Every step, as tl-ha-setup reports it. Step 6 is not checked yet; step 9 is the failover "
                   "drill, once nothing needs fixing."));
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("report"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_text, 1);
    auto *row = new QHBoxLayout;
    m_save = new QPushButton(tr("Save report…"), this);
    m_save->setObjectName(QStringLiteral("saveReport"));
    connect(m_save, &QPushButton::clicked, this, &ReportPage::chooseFile);
    m_checkAgain = new QPushButton(tr("Check again"), this);
    m_checkAgain->setObjectName(QStringLiteral("checkAgain"));
    connect(m_checkAgain, &QPushButton::clicked, m_run, &SetupRun::check);
    m_drill = new QPushButton(tr("Run the failover drill…"), this);
    m_drill->setObjectName(QStringLiteral("runDrill"));
    connect(m_drill, &QPushButton::clicked, this, [this]() { runDrill(); });
    m_saved = new QLabel(this);
    m_saved->setObjectName(QStringLiteral("saved"));
    m_saved->setWordWrap(true);
    row->addWidget(m_save);
    row->addWidget(m_checkAgain);
    row->addWidget(m_drill);
    row->addWidget(m_saved, 1);
    layout->addLayout(row);
    connect(m_run, &SetupRun::started, this, &ReportPage::update);
    connect(m_run, &SetupRun::finished, this, &ReportPage::update);
    update();
}

void ReportPage::update()
{
    const bool have = !m_run->isRunning() && m_run->report().has_value();
    m_save->setEnabled(have);
    m_checkAgain->setEnabled(!m_run->isRunning());
    m_drill->setEnabled(m_run->canDrill());
    emit completeChanged();
    if (m_run->isDrilling()) {
        m_summary->setText(
            tr("The failover drill runs: the primary steps down, the secondary takes over, then "
               "the same back…"));
        return;
    }
    if (m_run->isRunning()) {
        m_saved->clear(); // a saved file holds the report before this run
        m_summary->setText(tr("Asking both nodes…"));
        m_text->clear();
    } else if (!m_run->error().isEmpty()) {
        m_summary->setText(tr("The nodes could not be asked:"));
        m_text->setPlainText(m_run->error());
    } else if (have) {
        const Setup::Report &r = *m_run->report();
        m_summary->setText(r.allFine() ? tr("All fine: the pair is ready for the steps not checked yet.")
                                       : tr("Something needs fixing: see the errors below."));
        m_text->setPlainText(r.text());
    }
}

QString ReportPage::reportText() const
{
    return m_text->toPlainText();
}

QString ReportPage::saveState() const
{
    return m_saved->text();
}

void ReportPage::chooseFile()
{
    if (m_dialog)
        return;
    auto *dialog = new QFileDialog(this, tr("Save report"), QString(),
                                   tr("Report (FILE.txt and FILE.json) (*.txt *.json);;All files (*)"));
    m_dialog = dialog;
    dialog->setObjectName(QStringLiteral("saveReportDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setOption(QFileDialog::DontConfirmOverwrite); // two files are written: said below
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
        QString error;
        const QStringList written = save(file, &error);
        m_saved->setText(written.isEmpty() ? tr("The report was not saved: %1").arg(error)
                                           : tr("Saved to %1").arg(written.join(tr(" and "))));
    });
    dialog->open();
}

QStringList ReportPage::save(const QString &file, QString *error)
{
    if (!m_run->report()) {
        *error = tr("there is no report yet");
        return {};
    }
    const QString base = Setup::Report::fileBase(file);
    if (base.isEmpty()) {
        *error = tr("give a file name");
        return {};
    }
    const Setup::Report &r = *m_run->report();
    const QList<QPair<QString, QByteArray>> files = { { base + QStringLiteral(".txt"), r.text().toUtf8() },
                                                      { base + QStringLiteral(".json"), r.jsonText() } };
    QStringList written;
    for (const auto &[name, data] : files) {
        QSaveFile f(name);
        if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
            *error = tr("cannot write %1: %2").arg(name, f.errorString());
            return {};
        }
        written.append(name);
    }
    return written;
}

bool ReportPage::isComplete() const
{
    return !m_run->isRunning();
}

void ReportPage::runDrill(bool confirm)
{
    if (!m_run->canDrill())
        return;
    if (confirm
        && QMessageBox::question(
               this, tr("Run the failover drill?"),
               tr("The primary steps down: the secondary must take the resource IP and every "
                  "session, then the same back. Sessions stay up; new logins wait a few "
                  "seconds while the resource IP moves."))
            != QMessageBox::Yes)
        return;
    m_run->drill();
}

} // namespace Wizard
