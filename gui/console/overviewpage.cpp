#include "gui/console/overviewpage.h"

#include "gui/console/cluster.h"
#include "gui/widgets/livechart.h"

#include <QCborArray>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QTimer>
#include <QVBoxLayout>

namespace Console {

namespace {

QString formatUptime(qint64 s)
{
    if (s < 3600)
        return OverviewPage::tr("%1 min").arg(s / 60);
    if (s < 86400)
        return OverviewPage::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return OverviewPage::tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString clockTime(const QDateTime &t)
{
    return QLocale().toString(t.time(), QStringLiteral("HH:mm:ss"));
}

QString age(const QDateTime &since)
{
    const qint64 s = std::max<qint64>(0, since.secsTo(QDateTime::currentDateTime()));
    if (s < 120)
        return OverviewPage::tr("%n s ago", nullptr, int(s));
    if (s < 7200)
        return OverviewPage::tr("%n min ago", nullptr, int(s / 60));
    return OverviewPage::tr("%n h ago", nullptr, int(s / 3600));
}

// The view is refreshed every second: a style sheet is only set when it changes (setting one
// re-polishes the widget).
void setSheet(QWidget *widget, const QString &sheet)
{
    if (widget->styleSheet() != sheet)
        widget->setStyleSheet(sheet);
}

const QString red = QStringLiteral("color: #b00020;");
const QString amber = QStringLiteral("color: #b36b00;");
const QString green = QStringLiteral("color: #1b7f3b;");

} // namespace

OverviewPage::OverviewPage(Cluster *cluster, QWidget *parent) : QWidget(parent), m_cluster(cluster)
{
    setObjectName(QStringLiteral("overviewPage"));
    auto *layout = new QVBoxLayout(this);
    auto *row = new QHBoxLayout;
    for (Panel &p : m_panels) {
        p.box = new QGroupBox(this);
        auto *v = new QVBoxLayout(p.box);
        p.state = new QLabel(p.box);
        QFont f = p.state->font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.2);
        p.state->setFont(f);
        p.state->setWordWrap(true);
        p.details = new QLabel(p.box);
        p.details->setTextFormat(Qt::PlainText);
        // Long lines (a degraded reason, an error) wrap: the window never grows by itself.
        p.details->setWordWrap(true);
        p.details->setTextInteractionFlags(Qt::TextSelectableByMouse);
        v->addWidget(p.state);
        v->addWidget(p.details);
        v->addStretch();
        row->addWidget(p.box);
    }
    layout->addLayout(row);
    m_problemLabel = new QLabel(this);
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setObjectName(QStringLiteral("problems"));
    layout->addWidget(m_problemLabel);
    m_chart = new Widgets::LiveChart(this);
    m_chart->setTitle(tr("Sessions"));
    m_chart->setUnit(tr("sessions", "the unit of the sessions chart's value axis"));
    m_chart->setSampleIntervalMs(SampleIntervalMs);
    m_chart->setMinimumHeight(140);
    m_chart->setMaximumHeight(260);
    layout->addWidget(m_chart);
    m_lagChart = new Widgets::LiveChart(this);
    m_lagChart->setTitle(tr("Replication lag"));
    m_lagChart->setUnit(tr("ms", "milliseconds: the unit of the replication lag chart's value axis"));
    m_lagChart->setSampleIntervalMs(SampleIntervalMs);
    m_lagChart->setMinimumHeight(120);
    m_lagChart->setMaximumHeight(200);
    m_lagChart->setVisible(false); // shown once a node reports running replication
    layout->addWidget(m_lagChart);
    layout->addStretch(1);

    connect(m_cluster, &Cluster::nodesChanged, this, &OverviewPage::rebuild);
    connect(m_cluster, &Cluster::stateChanged, this, &OverviewPage::updateView);
    // One sample a second, whatever arrived: the time axis stays even, and a node without
    // current data gets a gap. The ages in the panels move on with it.
    m_timer = new QTimer(this);
    m_timer->setInterval(SampleIntervalMs);
    connect(m_timer, &QTimer::timeout, this, [this]() {
        sample();
        updateView();
    });
    m_timer->start();
    rebuild();
}

void OverviewPage::rebuild()
{
    const QList<NodeConnection *> nodes = m_cluster->nodes();
    static const QColor colors[2] = { QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e) };
    for (int i = 0; i < 2; ++i) {
        NodeConnection *n = nodes.value(i);
        m_panels[i].box->setVisible(true);
        m_panels[i].box->setTitle(n ? n->address() : tr("(no second node)"));
        if (n) {
            connect(n, &NodeConnection::statusChanged, this, &OverviewPage::updateView);
            connect(n, &NodeConnection::agentsChanged, this, &OverviewPage::updateView);
            if (m_series[i] < 0)
                m_series[i] = m_chart->addSeries(n->address(), colors[i]);
        }
    }
    updateView();
}

QString OverviewPage::nodeText(int node) const
{
    return m_panels[node].state->text() + QLatin1Char('\n') + m_panels[node].details->text();
}

bool OverviewPage::nodeGreyed(int node) const
{
    return !m_panels[node].details->isEnabled();
}

QString OverviewPage::problemText() const
{
    return m_problemLabel->text();
}

void OverviewPage::sample()
{
    const QList<NodeConnection *> nodes = m_cluster->nodes();
    for (int i = 0; i < 2 && i < nodes.size(); ++i) {
        NodeConnection *n = nodes[i];
        const auto &status = n->status();
        const bool current = n->isReady() && status;
        if (m_series[i] >= 0) {
            if (current)
                m_chart->addSample(m_series[i], double(status->sessions));
            else if (m_chart->sampleCount(m_series[i]) > 0)
                m_chart->addGap(m_series[i]);
        }
        if (current && status->ha && status->ha->active) {
            if (m_lagSeries[i] < 0)
                m_lagSeries[i] = m_lagChart->addSeries(
                    n->address(), i == 0 ? QColor(0x1f, 0x77, 0xb4) : QColor(0xff, 0x7f, 0x0e));
            m_lagChart->setVisible(true);
            m_lagChart->addSample(m_lagSeries[i], double(status->ha->lagMs));
        } else if (m_lagSeries[i] >= 0) {
            m_lagChart->addGap(m_lagSeries[i]);
        }
    }
}

QString OverviewPage::haSummary(const QString &node, const Protocol::AdminStatus &status,
                                bool terminalServersDiffer, QStringList *problems)
{
    if (!status.ha)
        return status.haEnabled ? tr("enabled; state unknown") : tr("not enabled");
    const Protocol::HaStatus &ha = *status.ha;
    if (!ha.enabled)
        return tr("not enabled");
    QStringList lines;
    // A failover drill (or tlctl ha step-down) makes the health check say "not fit" for a while.
    const QString stepDown = ha.stepDownLeft > 0 && ha.stepDownUntil > 0
        ? tr("stepping down (failover drill) until %1: its health check says \"not fit\"")
              .arg(clockTime(QDateTime::fromSecsSinceEpoch(ha.stepDownUntil)))
        : QString();
    if (!ha.active) {
        problems->append(tr("%1: HA is enabled but not running: %2").arg(node, ha.reason));
        lines.append(tr("enabled but not running"));
        if (!stepDown.isEmpty())
            lines.append(stepDown);
        return lines.join(QStringLiteral("\n    "));
    }
    if (!stepDown.isEmpty())
        lines.append(stepDown);
    // The resource IP: where it is on a local interface (HA/resource_address), beside what the
    // HA engine's notify hook last said; they must agree.
    const bool master = ha.role == Protocol::HaRole::Master;
    const QString roleText
        = ha.role == Protocol::HaRole::Unknown ? tr("nothing yet") : Protocol::haRoleName(ha.role);
    const QString &resource = ha.resourceAddress;
    if (resource.isEmpty()) {
        lines.append(
            tr("role %1 (notify hook); no HA/resource_address to check which node holds the resource IP")
                .arg(roleText));
    } else if (ha.resourceLocal) {
        const QString &address = ha.resourceLocalAddress;
        const QString held = address.isEmpty() || address == resource
            ? resource
            : QStringLiteral("%1 %2").arg(resource, address);
        lines.append(tr("holds %1, role %2 (notify hook)").arg(held, roleText));
        if (!master)
            problems->append(tr("%1 holds %2 but its notify hook did not say MASTER (it said: %3)")
                                 .arg(node, held, roleText));
    } else {
        lines.append(tr("does not hold %1, role %2 (notify hook)").arg(resource, roleText));
        if (master)
            problems->append(tr("%1: its notify hook said MASTER but %2 is not on any of its interfaces")
                                 .arg(node, resource));
    }
    lines.append(tr("replication link %1 (%2), lag %3 changes / %4 ms")
                     .arg(ha.link, ha.replication)
                     .arg(ha.lagChanges)
                     .arg(ha.lagMs));
    if (!ha.linkUp())
        problems->append(tr("%1: the replication link to %2 is down").arg(node, ha.peer));
    if (ha.degraded) {
        lines.append(tr("DEGRADED: %1").arg(ha.degradedReason));
        problems->append(tr("%1: degraded: %2").arg(node, ha.degradedReason));
    }
    const QString differ = ha.configDiffers.join(QStringLiteral(", "));
    const bool haIdentical = ha.configKnown && ha.configIdentical;
    if (ha.configKnown && !haIdentical) {
        lines.append(tr("configuration differs: %1").arg(differ));
        problems->append(tr("%1: configuration differs from the peer: %2").arg(node, differ));
    } else if (terminalServersDiffer) {
        // The console's own read-back is newer than the HA part's last comparison: never
        // "identical" beside "the nodes DIFFER". (The Configuration problem is listed once.)
        lines.append(tr("configuration differs: terminalservers (read back by the console)"));
    } else if (!ha.configKnown) {
        lines.append(tr("configuration of the peer not known yet"));
    } else {
        lines.append(tr("configuration identical on both nodes"));
    }
    return lines.join(QStringLiteral("\n    "));
}

QString OverviewPage::statusDetails(const QString &node, const Protocol::AdminStatus &s,
                                    QStringList *problems) const
{
    const QString haText = haSummary(node, s, m_configDiffers, problems);
    return tr("Version: %1\nUp: %2\nSessions: %3\nAgents reachable: %4 of %5\nHA: %6")
        .arg(s.version, formatUptime(s.uptime))
        .arg(s.sessions)
        .arg(s.agentsReachable)
        .arg(s.agents)
        .arg(haText);
}

void OverviewPage::updateView()
{
    m_problems.clear();
    const QList<NodeConnection *> nodes = m_cluster->nodes();
    if (nodes.size() < 2)
        m_problems.append(tr("Only one node is configured: there is no failover partner."));
    for (int i = 0; i < 2; ++i)
        showNode(&m_panels[i], nodes.value(i));
    m_problems.append(resourceProblems(nodes));
    m_problems.append(m_configProblems);
    m_problems.append(m_agentProblems);
    if (m_problems.isEmpty()) {
        m_problemLabel->setText(tr("No problems."));
        setSheet(m_problemLabel, green);
    } else {
        m_problemLabel->setText(tr("Problems:") + QStringLiteral("\n• ")
                                + m_problems.join(QStringLiteral("\n• ")));
        setSheet(m_problemLabel, red);
    }
}

// One node's panel, and its problems.
void OverviewPage::showNode(Panel *p, NodeConnection *n)
{
    if (!n) {
        p->details->setEnabled(true);
        showState(p, tr("not configured"), QString(), QString());
        return;
    }
    using State = NodeConnection::State;
    const State state = n->state();
    const bool lost
        = n->unreachableSince().isValid() && (state == State::Unreachable || state == State::Connecting);
    p->details->setEnabled(!lost); // greyed: nothing in it is current
    if (lost)
        showLost(p, n);
    else
        showConnection(p, n);
}

void OverviewPage::showState(Panel *p, const QString &state, const QString &sheet, const QString &details)
{
    p->state->setText(state);
    setSheet(p->state, sheet);
    p->details->setText(details);
}

// Unreachable after it was reached: since when, the next attempt, and its last data, greyed.
void OverviewPage::showLost(Panel *p, NodeConnection *n)
{
    const QString since = clockTime(n->unreachableSince());
    QStringList lines;
    if (n->state() == NodeConnection::State::Connecting || !n->nextAttempt().isValid()
        || n->nextAttempt() <= QDateTime::currentDateTime())
        lines.append(tr("reconnecting…"));
    else
        lines.append(tr(
            "reconnecting: next attempt in %n s", nullptr,
            int(std::max<qint64>(1, (QDateTime::currentDateTime().msecsTo(n->nextAttempt()) + 999) / 1000))));
    if (!n->error().isEmpty())
        lines.append(n->error());
    if (n->statusTime().isValid() && n->status()) {
        QStringList ignored; // the old status's problems are not current
        lines.append(QString());
        lines.append(tr("Last data at %1 (%2):").arg(clockTime(n->statusTime()), age(n->statusTime())));
        lines.append(statusDetails(n->address(), *n->status(), &ignored));
    }
    showState(p, tr("unreachable since %1").arg(since), red, lines.join(QLatin1Char('\n')));
    m_problems.append(n->error().isEmpty()
                          ? tr("%1: unreachable since %2").arg(n->address(), since)
                          : tr("%1: unreachable since %2: %3").arg(n->address(), since, n->error()));
}

// By the state of the connection to it: on the way, refused, or connected.
void OverviewPage::showConnection(Panel *p, NodeConnection *n)
{
    using State = NodeConnection::State;
    switch (n->state()) {
    case State::Idle:
        return showState(p, tr("not connected"), QString(), QString());
    case State::Connecting:
        return showState(p, tr("connecting…"), QString(), QString());
    case State::CheckingCertificate:
        return showState(
            p, tr("checking the certificate…"), QString(),
            tr("Compare the fingerprint with the one the node logged at start before trusting it."));
    case State::LoggingIn:
        return showState(p, tr("logging in…"), QString(), n->error());
    case State::LoginRefused:
        showState(p, tr("login refused"), red,
                  n->passwordRefused() ? n->error() + QLatin1Char('\n')
                          + tr("Enter the password again, or use Cluster → Connect.")
                                       : n->error());
        m_problems.append(tr("%1: login refused: %2").arg(n->address(), n->error()));
        return;
    case State::CertificateRefused:
        showState(p, tr("certificate refused"), red, n->error());
        m_problems.append(tr("%1: %2").arg(n->address(), n->error()));
        return;
    case State::Invalid:
    case State::Unreachable: // never reached and no time known: not expected
        showState(p, tr("unreachable"), red, n->error());
        m_problems.append(tr("%1: %2").arg(n->address(), n->error()));
        return;
    case State::Connected:
        return showConnected(p, n);
    }
}

// Logged in: its status, and what in it is a problem.
void OverviewPage::showConnected(Panel *p, NodeConnection *n)
{
    if (!n->status())
        return showState(p, tr("logged in, waiting for the status…"), QString(), QString());
    const Protocol::AdminStatus &s = *n->status();
    const bool bad = s.agentsReachable < s.agents || s.agents == 0;
    showState(p, tr("connected to %1").arg(s.node), bad ? amber : green,
              statusDetails(n->address(), s, &m_problems));
    if (s.agents == 0)
        m_problems.append(
            tr("%1: no agents are configured (/vsmserver/terminalservers is empty)").arg(n->address()));
    for (const Protocol::CtlAgentLoad &a : n->agents()) {
        if (!a.reachable)
            m_problems.append(tr("%1: agent %2 is unreachable: %3").arg(n->address(), a.agent, a.reason));
    }
}

QStringList OverviewPage::resourceProblems(const QList<NodeConnection *> &nodes)
{
    // Exactly one node must hold the resource IP, when both are connected and run HA with a
    // resource_address (during a failover this is briefly not so, and then it is said).
    QStringList holders;
    QString resource;
    int checked = 0;
    for (NodeConnection *n : nodes) {
        const auto &status = n->status();
        if (!n->isReady() || !status || !status->ha || !status->ha->active
            || status->ha->resourceAddress.isEmpty())
            continue;
        ++checked;
        resource = status->ha->resourceAddress;
        if (status->ha->resourceLocal)
            holders.append(n->address());
    }
    if (holders.size() > 1)
        return { tr("both nodes hold %1: the resource IP must be on one node only (is keepalived running "
                    "on both, and can they see each other?)")
                     .arg(resource) };
    if (checked == 2 && holders.isEmpty())
        return { tr("neither node holds %1: clients cannot reach the broker (is keepalived running?)")
                     .arg(resource) };
    return {};
}

void OverviewPage::setConfigState(bool differ, const QString &differences, const QStringList &errors)
{
    m_configDiffers = differ;
    m_configProblems.clear();
    if (differ)
        m_configProblems.append(
            tr("terminalservers: the nodes DIFFER: %1")
                .arg(QString(differences).replace(QLatin1Char('\n'), QStringLiteral("; "))));
    for (const QString &e : errors)
        m_configProblems.append(tr("terminalservers: %1").arg(e));
    updateView();
}

void OverviewPage::setAgentProblems(const QStringList &problems)
{
    if (problems == m_agentProblems)
        return;
    m_agentProblems = problems;
    updateView();
}

} // namespace Console
