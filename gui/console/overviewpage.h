#pragma once

#include <QCborMap>
#include <QWidget>

class Cluster;
class LiveChart;
class QGroupBox;
class QLabel;
class QTimer;

// Both nodes side by side: reachable, version, uptime, sessions, agents, HA state, with
// problems spelled out in red; below, a live chart of each node's session count.
class OverviewPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    explicit OverviewPage(Cluster *cluster, QWidget *parent = nullptr);

    // The problems shown, one line each (tests read them).
    QStringList problems() const { return m_problems; }
    QString nodeText(int node) const;
    LiveChart *chart() const { return m_chart; }

    void sample(); // one chart sample per node now (status updates add samples too)
    // What the Configuration page read back from the nodes.
    void setConfigState(bool identical, const QString &text);

private:
    struct Panel {
        QGroupBox *box = nullptr;
        QLabel *state = nullptr;
        QLabel *details = nullptr;
    };
    void rebuild();
    // The HA part of a node's status in words; adds its problems.
    QString haSummary(const QString &node, const QCborMap &status);
    void update();

    Cluster *m_cluster;
    Panel m_panels[2];
    QLabel *m_problemLabel;
    LiveChart *m_chart;
    int m_series[2] = { -1, -1 };
    LiveChart *m_lagChart;
    int m_lagSeries[2] = { -1, -1 };
    QTimer *m_timer;
    QStringList m_problems;
    QString m_configProblem;
};
