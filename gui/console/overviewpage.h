#pragma once

#include "shared/protocol/adminmessages.h"

#include <QWidget>

class QGroupBox;
class QLabel;
class QTimer;

namespace Widgets {
class LiveChart;
}

namespace Console {

class Cluster;
class NodeConnection;

// Both nodes side by side: reachable, version, uptime, sessions, agents, HA state, with
// problems spelled out in red; below, a live chart of each node's session count.
//
// Only what is current is shown as current: a node that stopped answering is "unreachable
// since HH:MM:SS" with its last data greyed and dated, its chart has a gap, and its problems
// are the connection's, not its stale ones. The problems list also carries what the
// Configuration page (the nodes' terminalservers differ) and the Agents page (an agent's
// check fails) found, so that it never says "No problems." beside a failed check.
class OverviewPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    static constexpr int SampleIntervalMs = 1000;

    explicit OverviewPage(Cluster *cluster, QWidget *parent = nullptr);

    // The problems shown, one line each (tests read them).
    QStringList problems() const { return m_problems; }
    QString problemText() const;
    QString nodeText(int node) const;
    bool nodeGreyed(int node) const;
    Widgets::LiveChart *chart() const { return m_chart; }
    Widgets::LiveChart *lagChart() const { return m_lagChart; }
    int series(int node) const { return m_series[node]; }

    void sample(); // one chart sample (or gap) per node now; a timer calls it every second
    // What the Configuration page read back from the nodes: whether their terminalservers
    // differ (differences: one line per node) and what could not be read.
    void setConfigState(bool differ, const QString &differences, const QStringList &errors);
    // What the Agents page's checks found, one line each.
    void setAgentProblems(const QStringList &problems);

    // The HA part of a node's status in words (lines joined for the panel); appends its
    // problems. terminalServersDiffer: the console read both nodes' terminalservers back and
    // they differ, whatever the HA part's last comparison said. The node that holds the
    // resource IP says so ("holds tlha 10.0.0.4"), with what its notify hook said; a
    // disagreement is a problem. Public for tests.
    static QString haSummary(const QString &node, const Protocol::AdminStatus &status,
                             bool terminalServersDiffer, QStringList *problems);
    // The resource IP on both connected nodes or on neither (with HA and a resource_address).
    static QStringList resourceProblems(const QList<NodeConnection *> &nodes);

private:
    struct Panel {
        QGroupBox *box = nullptr;
        QLabel *state = nullptr;
        QLabel *details = nullptr;
    };
    void rebuild();
    void updateView();
    void showNode(Panel *panel, NodeConnection *node);
    void showState(Panel *panel, const QString &state, const QString &sheet, const QString &details);
    void showLost(Panel *panel, NodeConnection *node);
    void showConnection(Panel *panel, NodeConnection *node);
    void showConnected(Panel *panel, NodeConnection *node);
    QString statusDetails(const QString &node, const Protocol::AdminStatus &status,
                          QStringList *problems) const;

    Cluster *m_cluster;
    Panel m_panels[2];
    QLabel *m_problemLabel;
    Widgets::LiveChart *m_chart;
    int m_series[2] = { -1, -1 };
    Widgets::LiveChart *m_lagChart;
    int m_lagSeries[2] = { -1, -1 };
    QTimer *m_timer;
    QStringList m_problems;
    bool m_configDiffers = false;
    QStringList m_configProblems;
    QStringList m_agentProblems;
};

} // namespace Console
