#include "overviewpage.h"

#include "cluster.h"
#include "livechart.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

namespace {

QString formatUptime(qint64 s)
{
    if (s < 3600)
        return OverviewPage::tr("%1 min").arg(s / 60);
    if (s < 86400)
        return OverviewPage::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return OverviewPage::tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

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
        p.details = new QLabel(p.box);
        p.details->setTextFormat(Qt::PlainText);
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
    m_chart = new LiveChart(this);
    m_chart->setTitle(tr("Sessions"));
    m_chart->setMinimumHeight(140);
    m_chart->setMaximumHeight(260);
    layout->addWidget(m_chart);
    m_lagChart = new LiveChart(this);
    m_lagChart->setTitle(tr("Replication lag (ms)"));
    m_lagChart->setMinimumHeight(120);
    m_lagChart->setMaximumHeight(200);
    m_lagChart->setVisible(false); // shown once a node reports running replication
    layout->addWidget(m_lagChart);
    layout->addStretch(1);

    connect(m_cluster, &Cluster::nodesChanged, this, &OverviewPage::rebuild);
    connect(m_cluster, &Cluster::stateChanged, this, &OverviewPage::update);
    m_timer = new QTimer(this);
    m_timer->setInterval(5000);
    connect(m_timer, &QTimer::timeout, this, [this]() {
        for (NodeConnection *n : m_cluster->nodes()) {
            if (n->isReady())
                n->refreshStatus();
        }
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
            connect(n, &NodeConnection::statusChanged, this, &OverviewPage::update);
            connect(n, &NodeConnection::statusChanged, this, [this, i, n]() {
                if (m_series[i] >= 0)
                    m_chart->addSample(m_series[i],
                                       double(n->status().value(QStringLiteral("sessions")).toInteger()));
                const QCborMap ha = n->status().value(QStringLiteral("ha")).toMap();
                if (ha.value(QStringLiteral("active")).toBool()) {
                    if (m_lagSeries[i] < 0)
                        m_lagSeries[i] = m_lagChart->addSeries(
                            n->address(), i == 0 ? QColor(0x1f, 0x77, 0xb4) : QColor(0xff, 0x7f, 0x0e));
                    m_lagChart->setVisible(true);
                    m_lagChart->addSample(m_lagSeries[i],
                                          double(ha.value(QStringLiteral("lag_ms")).toInteger()));
                }
            });
            connect(n, &NodeConnection::agentsChanged, this, &OverviewPage::update);
            if (m_series[i] < 0)
                m_series[i] = m_chart->addSeries(n->address(), colors[i]);
        }
    }
    update();
}

QString OverviewPage::nodeText(int node) const
{
    return m_panels[node].state->text() + QLatin1Char('\n') + m_panels[node].details->text();
}

void OverviewPage::sample()
{
    const QList<NodeConnection *> nodes = m_cluster->nodes();
    for (int i = 0; i < 2 && i < nodes.size(); ++i) {
        if (nodes[i]->isReady() && m_series[i] >= 0)
            m_chart->addSample(m_series[i],
                               double(nodes[i]->status().value(QStringLiteral("sessions")).toInteger()));
    }
}

QString OverviewPage::haSummary(const QString &node, const QCborMap &status)
{
    const auto str
        = [](const QCborMap &m, const char *key) { return m.value(QString::fromLatin1(key)).toString(); };
    if (!status.contains(QStringLiteral("ha")))
        return status.value(QStringLiteral("ha_enabled")).toBool() ? tr("enabled; state unknown")
                                                                   : tr("not enabled");
    const QCborMap ha = status.value(QStringLiteral("ha")).toMap();
    if (!ha.value(QStringLiteral("enabled")).toBool())
        return tr("not enabled");
    if (!ha.value(QStringLiteral("active")).toBool()) {
        m_problems.append(tr("%1: HA is enabled but not running: %2").arg(node, str(ha, "reason")));
        return tr("enabled but not running");
    }
    QStringList lines;
    lines.append(
        tr("role %1, resource address %2")
            .arg(str(ha, "role"),
                 ha.value(QStringLiteral("resource_local")).toBool() ? tr("held here") : tr("not here")));
    lines.append(tr("replication link %1 (%2), lag %3 changes / %4 ms")
                     .arg(str(ha, "link"), str(ha, "replication"))
                     .arg(ha.value(QStringLiteral("lag_changes")).toInteger())
                     .arg(ha.value(QStringLiteral("lag_ms")).toInteger()));
    if (str(ha, "link") != QLatin1String("up"))
        m_problems.append(tr("%1: the replication link to %2 is down").arg(node, str(ha, "peer")));
    if (ha.value(QStringLiteral("degraded")).toBool()) {
        lines.append(tr("DEGRADED: %1").arg(str(ha, "degraded_reason")));
        m_problems.append(tr("%1: degraded: %2").arg(node, str(ha, "degraded_reason")));
    }
    if (!ha.value(QStringLiteral("config_known")).toBool()) {
        lines.append(tr("configuration of the peer not known yet"));
    } else if (ha.value(QStringLiteral("config_identical")).toBool()) {
        lines.append(tr("configuration identical on both nodes"));
    } else {
        QStringList differ;
        for (const QCborValue &v : ha.value(QStringLiteral("config_differs")).toArray())
            differ.append(v.toString());
        lines.append(tr("configuration differs: %1").arg(differ.join(QStringLiteral(", "))));
        m_problems.append(
            tr("%1: configuration differs from the peer: %2").arg(node, differ.join(QStringLiteral(", "))));
    }
    return lines.join(QStringLiteral("\n    "));
}

void OverviewPage::update()
{
    m_problems.clear();
    const QList<NodeConnection *> nodes = m_cluster->nodes();
    if (nodes.size() < 2)
        m_problems.append(tr("Only one node is configured: there is no failover partner."));
    for (int i = 0; i < 2; ++i) {
        NodeConnection *n = nodes.value(i);
        Panel &p = m_panels[i];
        if (!n) {
            p.state->setText(tr("not configured"));
            p.state->setStyleSheet(QString());
            p.details->clear();
            continue;
        }
        if (n->isBusy()) {
            p.state->setText(tr("connecting…"));
            p.state->setStyleSheet(QString());
            p.details->clear();
            continue;
        }
        if (!n->isReady()) {
            p.state->setText(tr("unreachable"));
            p.state->setStyleSheet(QStringLiteral("color: #b00020;"));
            p.details->setText(n->error());
            m_problems.append(tr("%1: %2").arg(n->address(), n->error()));
            continue;
        }
        const QCborMap s = n->status();
        if (s.isEmpty()) {
            p.state->setText(tr("logged in, waiting for the status…"));
            p.state->setStyleSheet(QString());
            p.details->clear();
            continue;
        }
        const qint64 agents = s.value(QStringLiteral("agents")).toInteger();
        const qint64 reachable = s.value(QStringLiteral("agents_reachable")).toInteger();
        const QString haText = haSummary(n->address(), s);
        p.state->setText(tr("connected to %1").arg(s.value(QStringLiteral("node")).toString()));
        p.details->setText(tr("Version: %1\nUp: %2\nSessions: %3\nAgents reachable: %4 of %5\nHA: %6")
                               .arg(s.value(QStringLiteral("version")).toString(),
                                    formatUptime(s.value(QStringLiteral("uptime")).toInteger()))
                               .arg(s.value(QStringLiteral("sessions")).toInteger())
                               .arg(reachable)
                               .arg(agents)
                               .arg(haText));
        const bool bad = reachable < agents || agents == 0;
        p.state->setStyleSheet(bad ? QStringLiteral("color: #b36b00;") : QStringLiteral("color: #1b7f3b;"));
        if (agents == 0)
            m_problems.append(
                tr("%1: no agents are configured (/vsmserver/terminalservers is empty)").arg(n->address()));
        for (const QCborValue &v : n->agents()) {
            const QCborMap a = v.toMap();
            if (!a.value(QStringLiteral("reachable")).toBool())
                m_problems.append(tr("%1: agent %2 is unreachable: %3")
                                      .arg(n->address(), a.value(QStringLiteral("agent")).toString(),
                                           a.value(QStringLiteral("reason")).toString()));
        }
    }
    if (!m_configProblem.isEmpty())
        m_problems.append(m_configProblem);
    if (m_problems.isEmpty()) {
        m_problemLabel->setText(tr("No problems."));
        m_problemLabel->setStyleSheet(QStringLiteral("color: #1b7f3b;"));
    } else {
        m_problemLabel->setText(tr("Problems:") + QStringLiteral("\n• ")
                                + m_problems.join(QStringLiteral("\n• ")));
        m_problemLabel->setStyleSheet(QStringLiteral("color: #b00020;"));
    }
}

void OverviewPage::setConfigState(bool identical, const QString &text)
{
    m_configProblem = identical || m_cluster->nodes().size() < 2
        ? QString()
        : tr("terminalservers: %1").arg(QString(text).replace(QLatin1Char('\n'), QStringLiteral("; ")));
    update();
}
