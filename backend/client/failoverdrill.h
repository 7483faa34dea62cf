#pragma once

#include "shared/protocol/adminmessages.h"

#include <QCborMap>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

namespace Client {

class AdminClient;

// A failover drill over the admin API of both nodes of a cluster (tlctl ha drill, the console's
// drill page). Both AdminClients must be logged in.
//
//  1. AdminStatus of both: the active node is the one that holds the resource IP
//     (ha.resource_local; without HA/resource_address, the one whose notify hook said MASTER).
//  2. Its session list is recorded.
//  3. It is asked to step down (AdminHaStepDown): its health check reports "not fit", so
//     keepalived moves the resource IP to the peer.
//  4. Both nodes' status is polled every pollMs until the peer holds the resource IP (and, with
//     HA/resource_address set, its notify hook said MASTER).
//  5. Every recorded session must be present on the new active node (AdminSessionList) and
//     verified alive by its agent (AdminSessionVerify).
//  6. With moveBack: the original node's step-down is ended, once it is fit again (caught up)
//     the new active node steps down, the original must take the resource IP back, and the
//     sessions are checked there again; then the second step-down is ended.
// Every step is reported with the milliseconds since the start. A failure ends the drill with a
// reason naming what did not happen; a step-down the drill asked for is then ended, so that the
// node can serve again.
class FailoverDrill final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FailoverDrill)

public:
    struct Options {
        bool moveBack = false;
        int stepDownSeconds = 30; // how long a step-down lasts at most
        int pollMs = 100;
        int takeoverTimeoutMs = 30000; // until the peer holds the resource IP
        int sessionsTimeoutMs = 20000; // until every session is present and verified
        int fitTimeoutMs = 60000; // move-back: until the original node is fit again
        QString clusterName; // the report's "Cluster:" (the resource name); else the resource IP
    };

    struct Step {
        QString name; // active, step-down, released, takeover, present, verified, fit-again, ...
        qint64 ms = 0;
        bool ok = true;
        QString detail;
    };

    // The step names in the order a full drill reports them (for progress and labels).
    static QStringList stepNames(bool moveBack);

    FailoverDrill(AdminClient *first, AdminClient *second, const Options &options, QObject *parent = nullptr);
    ~FailoverDrill() override;

    void start();
    bool isRunning() const { return m_running; }
    bool succeeded() const { return m_finished && m_failure.isEmpty(); }
    QString failure() const { return m_failure; }
    QList<Step> steps() const { return m_steps; }
    // 0..100
    int progress() const;

    // A header (date, cluster, nodes with their OpenVSM versions, result), then
    // "+ 2310 ms  tlha-secondary holds 10.0.0.4" lines and the verdict. In English: reports are
    // compared and kept. The JSON has the same header fields (date, cluster, nodes, result).
    QString reportText() const;
    QJsonObject reportJson() const;

signals:
    void step(const QString &name, qint64 ms, bool ok, const QString &detail);
    void progressChanged(int percent);
    void finished(bool ok, const QString &report);

private:
    using Status = Protocol::AdminStatus;
    using StatusPair = std::function<void(const Status &first, const Status &second, const QString &error)>;
    using Done = std::function<void()>;

    AdminClient *client(int index) const;
    QString nodeName(int index) const;
    bool holds(const Status &status) const;
    void statusBoth(const StatusPair &done);
    void listSessions(int index, const std::function<void(QStringList, QString)> &done);

    void pickActive(const Status &first, const Status &second);
    void stepDown(int index, const Done &then);
    enum Seen { Released = 1, Taken = 2 };
    void waitTakeover(int from, int to, qint64 deadline, int seen, const Done &then);
    void checkPresent(int index, qint64 deadline, const Done &then);
    void checkVerified(int index, qint64 deadline, const Done &then);
    void waitFit(int index, qint64 deadline, const Done &then);
    void endStepDown(int index, const Done &then);
    void report(const QString &name, bool ok, const QString &detail);
    void fail(const QString &name, const QString &why);
    void succeed();
    void finish();
    void later(int ms, const Done &what);

    QString resultText() const;
    QString clusterText() const;

    QPointer<AdminClient> m_clients[2];
    Options m_options;
    QDateTime m_startedAt;
    struct NodeInfo {
        QString address, node, version; // node and version from its status, once known
    };
    NodeInfo m_nodeInfo[2];
    QElapsedTimer m_clock;
    bool m_running = false;
    bool m_finished = false;
    QString m_failure;
    QList<Step> m_steps;
    int m_active = -1;
    QString m_resource; // "10.0.0.4" or empty (role MASTER decides)
    QStringList m_sessions; // ids recorded on the active node
    bool m_steppingDown[2] = { false, false };
    quint64 m_generation = 0;
};

} // namespace Client
