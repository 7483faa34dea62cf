#include "gui/wizard/steppage.h"

#include "gui/wizard/setuprun.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Wizard {

namespace {

// The level as tl-ha-setup's text report prints it.
QString levelWord(Setup::Finding::Level level)
{
    switch (level) {
    case Setup::Finding::Level::Ok:
        return QStringLiteral("ok");
    case Setup::Finding::Level::Warn:
        return QStringLiteral("WARNING");
    case Setup::Finding::Level::Error:
        return QStringLiteral("ERROR");
    }
    return {};
}

QString levelColour(Setup::Finding::Level level)
{
    switch (level) {
    case Setup::Finding::Level::Ok:
        return QStringLiteral("#1b7f3b");
    case Setup::Finding::Level::Warn:
        return QStringLiteral("#a05a00");
    case Setup::Finding::Level::Error:
        return QStringLiteral("#b00020");
    }
    return {};
}

} // namespace

StepPage::StepPage(int step, SetupRun *run, QWidget *parent) : QWizardPage(parent), m_step(step), m_run(run)
{
    setObjectName(QStringLiteral("step%1Page").arg(step));
    setTitle(tr("Step %1: %2").arg(step).arg(Setup::Report::stepTitle(step)));
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_findings = new QTextBrowser(this);
    m_findings->setObjectName(QStringLiteral("findings"));
    m_findings->setOpenLinks(false);
    layout->addWidget(m_findings, 1);
    auto *row = new QHBoxLayout;
    m_checkAgain = new QPushButton(tr("Check again"), this);
    m_checkAgain->setObjectName(QStringLiteral("checkAgain"));
    m_checkAgain->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    connect(m_checkAgain, &QPushButton::clicked, m_run, &SetupRun::check);
    m_apply = new QPushButton(tr("Apply…"), this);
    m_apply->setObjectName(QStringLiteral("apply"));
    m_apply->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    connect(m_apply, &QPushButton::clicked, this, [this]() { apply(true); });
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, SetupRun::Parts);
    m_progress->setFormat(tr("asking the nodes… %v of %m answered"));
    row->addWidget(m_checkAgain);
    row->addWidget(m_apply);
    row->addWidget(m_progress, 1);
    row->addStretch(0);
    layout->addLayout(row);
    connect(m_run, &SetupRun::started, this, &StepPage::update);
    connect(m_run, &SetupRun::progress, this, &StepPage::update);
    connect(m_run, &SetupRun::finished, this, &StepPage::update);
    connect(m_run, &SetupRun::applying, this, [this](const QString &what) { m_summary->setText(what); });
    update();
}

QList<Setup::Action> StepPage::actions() const
{
    QList<Setup::Action> out;
    if (m_run->isRunning() || !m_run->report())
        return out;
    for (const Setup::StepReport &s : m_run->report()->steps) {
        for (const Setup::Finding &f : s.findings) {
            if (s.number == m_step && f.action)
                out.append(*f.action);
        }
    }
    return out;
}

void StepPage::apply(bool confirm)
{
    const QList<Setup::Action> todo = actions();
    if (todo.isEmpty())
        return;
    QStringList lines;
    for (const Setup::Action &a : todo)
        lines += a.lines();
    if (confirm
        && QMessageBox::question(this, tr("Apply the changes?"),
                                 tr("These changes will be made through the nodes' admin API:\n\n%1")
                                     .arg(lines.join(QLatin1Char('\n'))))
            != QMessageBox::Yes)
        return;
    m_run->apply(todo);
}

void StepPage::update()
{
    m_progress->setVisible(m_run->isRunning());
    m_checkAgain->setEnabled(!m_run->isRunning());
    m_apply->setEnabled(!actions().isEmpty());
    emit completeChanged();
    if (m_run->isApplying()) {
        m_progress->setRange(0, 0); // busy: the summary says what is being done
        return;
    }
    m_progress->setRange(0, SetupRun::Parts);
    m_progress->setValue(m_run->answered());
    if (m_run->isRunning()) {
        m_summary->setText(tr("Asking both nodes and resolving the names on this machine…"));
        m_findings->clear();
        return;
    }
    if (!m_run->error().isEmpty()) {
        m_summary->setText(tr("The nodes could not be asked:"));
        m_findings->setPlainText(m_run->error());
        return;
    }
    if (!m_run->report()) {
        m_summary->setText(tr("Not checked yet."));
        m_findings->clear();
        return;
    }
    const Setup::StepReport *found = nullptr;
    for (const Setup::StepReport &s : m_run->report()->steps) {
        if (s.number == m_step)
            found = &s;
    }
    if (!found) {
        m_summary->setText(tr("This step was not checked."));
        m_findings->clear();
        return;
    }
    int errors = 0;
    int warnings = 0;
    QString html;
    for (const Setup::Finding &f : found->findings) {
        errors += f.level == Setup::Finding::Level::Error ? 1 : 0;
        warnings += f.level == Setup::Finding::Level::Warn ? 1 : 0;
        html += QStringLiteral("<p><b style=\"color:%1\">%2</b> [%3] %4")
                    .arg(levelColour(f.level), levelWord(f.level), f.id.toHtmlEscaped(),
                         f.text.toHtmlEscaped());
        for (const QString &d : f.details)
            html += QStringLiteral("<br>&nbsp;&nbsp;&nbsp;&nbsp;%1").arg(d.toHtmlEscaped());
        if (!f.fix.isEmpty())
            html += QStringLiteral("<br>&nbsp;&nbsp;&nbsp;&nbsp;<b>fix:</b> %1").arg(f.fix.toHtmlEscaped());
        if (f.action) {
            html += QStringLiteral("<br>&nbsp;&nbsp;&nbsp;&nbsp;<b>action [%1]:</b> %2")
                        .arg(f.action->id.toHtmlEscaped(), f.action->text.toHtmlEscaped());
            for (const Setup::Operation &op : f.action->operations)
                html += QStringLiteral("<br>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;- %1")
                            .arg(op.what.toHtmlEscaped());
        }
        html += QStringLiteral("</p>");
    }
    if (!m_run->applyError().isEmpty())
        html.prepend(QStringLiteral("<p><b style=\"color:#b00020\">%1</b></p>")
                         .arg(tr("Applying failed: %1").arg(m_run->applyError()).toHtmlEscaped()));
    m_findings->setHtml(html);
    m_summary->setText(errors > 0 ? tr("%n error(s) to fix before HA can be enabled.", nullptr, errors)
                           : warnings > 0 ? tr("No errors; %n warning(s).", nullptr, warnings)
                                          : tr("All fine."));
}

QString StepPage::findingsText() const
{
    return m_findings->toPlainText();
}

bool StepPage::isComplete() const
{
    return !m_run->isRunning();
}

} // namespace Wizard
