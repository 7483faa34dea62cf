#include "backend/client/failoverdrill.h"

#include "backend/client/adminclient.h"

#include <QJsonArray>
#include <QTimer>

#include <algorithm>

#include <memory>

namespace Client {

using Protocol::MessageType;

namespace {

// The drill's steps, as the report names them; a move back repeats some, prefixed "back-".
const QString StepActive = QStringLiteral("active");
const QString StepDone = QStringLiteral("done");
const QString StepFitAgain = QStringLiteral("fit-again");
const QString StepMaster = QStringLiteral("master");
const QString StepPresent = QStringLiteral("present");
const QString StepReleased = QStringLiteral("released");
const QString StepStepDown = QStringLiteral("step-down");
const QString StepStepDownEnded = QStringLiteral("step-down-ended");
const QString StepTakeover = QStringLiteral("takeover");
const QString StepVerified = QStringLiteral("verified");
const QString BackPrefix = QStringLiteral("back-");
const QString StepBackMaster = QStringLiteral("back-master");
const QString StepBackPresent = QStringLiteral("back-present");
const QString StepBackReleased = QStringLiteral("back-released");
const QString StepBackStepDown = QStringLiteral("back-step-down");
const QString StepBackTakeover = QStringLiteral("back-takeover");
const QString StepBackVerified = QStringLiteral("back-verified");

// The node's HA status; an empty one (not enabled, not running) when it sent none.
Protocol::HaStatus haOf(const Protocol::AdminStatus &status)
{
    return status.ha.value_or(Protocol::HaStatus());
}

QString firstFew(const QStringList &list, int n = 5)
{
    QString out = list.mid(0, n).join(QStringLiteral(", "));
    if (list.size() > n)
        out += QStringLiteral(" and %1 more").arg(list.size() - n);
    return out;
}

QString resourceText(const QString &resource)
{
    return resource.isEmpty() ? QStringLiteral("the MASTER role") : resource;
}

} // namespace

QStringList FailoverDrill::stepNames(bool moveBack)
{
    QStringList names { StepActive, StepStepDown, StepReleased, StepTakeover,
                        StepMaster, StepPresent,  StepVerified };
    if (moveBack)
        names << StepFitAgain << StepBackStepDown << StepBackReleased << StepBackTakeover << StepBackMaster
              << StepBackPresent << StepBackVerified << StepStepDownEnded;
    names << StepDone;
    return names;
}

FailoverDrill::FailoverDrill(AdminClient *first, AdminClient *second, const Options &options, QObject *parent)
    : QObject(parent), m_options(options)
{
    m_clients[0] = first;
    m_clients[1] = second;
}

FailoverDrill::~FailoverDrill() = default;

AdminClient *FailoverDrill::client(int index) const
{
    return m_clients[index].data();
}

QString FailoverDrill::nodeName(int index) const
{
    const AdminClient *c = client(index);
    if (!c)
        return QStringLiteral("node %1").arg(index + 1);
    return c->nodeName().isEmpty() ? c->nodeAddress() : c->nodeName();
}

bool FailoverDrill::holds(const Status &status) const
{
    const Protocol::HaStatus ha = haOf(status);
    if (!m_resource.isEmpty())
        return ha.resourceLocal;
    return ha.role == Protocol::HaRole::Master;
}

void FailoverDrill::later(int ms, const Done &what)
{
    const quint64 generation = m_generation;
    QTimer::singleShot(std::max(0, ms), this, [this, generation, what]() {
        if (generation == m_generation && m_running)
            what();
    });
}

void FailoverDrill::start()
{
    if (m_running)
        return;
    ++m_generation;
    m_running = true;
    m_finished = false;
    m_failure.clear();
    m_steps.clear();
    m_sessions.clear();
    m_active = -1;
    m_resource.clear();
    m_steppingDown[0] = m_steppingDown[1] = false;
    m_clock.start();
    m_startedAt = QDateTime::currentDateTime();
    for (int i = 0; i < 2; ++i)
        m_nodeInfo[i] = { client(i) ? client(i)->nodeAddress() : nodeName(i), {}, {} };
    emit progressChanged(0);
    for (int i = 0; i < 2; ++i) {
        if (!client(i) || !client(i)->isReady()) {
            fail(StepActive, QStringLiteral("not connected to %1").arg(nodeName(i)));
            return;
        }
    }
    statusBoth([this](const Status &a, const Status &b, const QString &error) {
        if (!error.isEmpty())
            return fail(StepActive, error);
        m_nodeInfo[0].node = a.node;
        m_nodeInfo[0].version = a.version;
        m_nodeInfo[1].node = b.node;
        m_nodeInfo[1].version = b.version;
        pickActive(a, b);
    });
}

void FailoverDrill::statusBoth(const StatusPair &done)
{
    struct Pair {
        Status status[2];
        QString error;
        int open = 2;
    };
    auto pair = std::make_shared<Pair>();
    const quint64 generation = m_generation;
    for (int i = 0; i < 2; ++i) {
        AdminClient *c = client(i);
        auto answer = [this, pair, i, done, generation](std::optional<Status> status, const QString &error) {
            pair->status[i] = status.value_or(Status());
            if (!error.isEmpty() && pair->error.isEmpty())
                pair->error = QStringLiteral("status of %1: %2").arg(nodeName(i), error);
            if (--pair->open == 0 && generation == m_generation && m_running)
                done(pair->status[0], pair->status[1], pair->error);
        };
        if (!c)
            answer({}, QStringLiteral("not connected"));
        else
            c->status(this, answer);
    }
}

void FailoverDrill::pickActive(const Status &first, const Status &second)
{
    const Status status[2] = { first, second };
    for (int i = 0; i < 2; ++i) {
        const Protocol::HaStatus ha = haOf(status[i]);
        if (!status[i].haEnabled || !ha.active)
            return fail(StepActive,
                        QStringLiteral("%1 does not run HA (%2)").arg(nodeName(i), status[i].haState));
        if (const qint64 left = ha.stepDownLeft; left > 0)
            return fail(StepActive,
                        QStringLiteral("%1 is already stepping down (%2 s left); wait and try again")
                            .arg(nodeName(i))
                            .arg(left));
    }
    if (first.node == second.node && first.fingerprint == second.fingerprint)
        return fail(
            StepActive,
            QStringLiteral("both connections reach the same node %1; give the two nodes").arg(first.node));
    m_resource = haOf(first).resourceAddress;
    const bool h0 = holds(first);
    const bool h1 = holds(second);
    if (h0 && h1)
        return fail(StepActive,
                    QStringLiteral("both nodes hold %1; fix the cluster before a drill")
                        .arg(resourceText(m_resource)));
    if (!h0 && !h1)
        return fail(StepActive,
                    QStringLiteral("neither %1 nor %2 holds %3; is keepalived running?")
                        .arg(nodeName(0), nodeName(1), resourceText(m_resource)));
    m_active = h0 ? 0 : 1;
    listSessions(m_active, [this](const QStringList &ids, const QString &error) {
        if (!error.isEmpty())
            return fail(StepActive, QStringLiteral("session list of %1: %2").arg(nodeName(m_active), error));
        m_sessions = ids;
        report(StepActive, true,
               QStringLiteral("active is %1 (%2 sessions)").arg(nodeName(m_active)).arg(ids.size()));
        const int original = m_active;
        const int peer = 1 - original;
        stepDown(original, [this, original, peer]() {
            waitTakeover(
                original, peer, m_clock.elapsed() + m_options.takeoverTimeoutMs, 0, [this, original, peer]() {
                    checkPresent(
                        peer, m_clock.elapsed() + m_options.sessionsTimeoutMs, [this, original, peer]() {
                            if (!m_options.moveBack)
                                return succeed();
                            endStepDown(original, [this, original, peer]() {
                                waitFit(original, m_clock.elapsed() + m_options.fitTimeoutMs,
                                        [this, original, peer]() {
                                            stepDown(peer, [this, original, peer]() {
                                                waitTakeover(
                                                    peer, original,
                                                    m_clock.elapsed() + m_options.takeoverTimeoutMs, 0,
                                                    [this, original, peer]() {
                                                        checkPresent(
                                                            original,
                                                            m_clock.elapsed() + m_options.sessionsTimeoutMs,
                                                            [this, peer]() {
                                                                endStepDown(peer, [this]() { succeed(); });
                                                            });
                                                    });
                                            });
                                        });
                            });
                        });
                });
        });
    });
}

void FailoverDrill::listSessions(int index, const std::function<void(QStringList, QString)> &done)
{
    AdminClient *c = client(index);
    if (!c)
        return done({}, QStringLiteral("not connected"));
    const quint64 generation = m_generation;
    c->listAllSessions(
        {}, this,
        [this, done, generation](std::optional<QList<Protocol::CtlSession>> sessions, const QString &error) {
            if (generation != m_generation || !m_running)
                return;
            if (!sessions)
                return done({}, error);
            QStringList ids;
            for (const Protocol::CtlSession &s : std::as_const(*sessions))
                ids.append(s.record.id);
            done(ids, {});
        });
}

void FailoverDrill::stepDown(int index, const Done &then)
{
    const bool back = index != m_active;
    const QString name = back ? StepBackStepDown : StepStepDown;
    const quint64 generation = m_generation;
    m_steppingDown[index] = true; // also when the answer is lost: end it on failure
    client(index)->request(
        MessageType::AdminHaStepDown, Protocol::AdminStepDown { m_options.stepDownSeconds }.toCbor(), this,
        [this, index, name, then, generation](const QCborMap &, const QString &error) {
            if (generation != m_generation || !m_running)
                return;
            if (!error.isEmpty())
                return fail(name, QStringLiteral("%1 refused to step down: %2").arg(nodeName(index), error));
            report(name, true,
                   QStringLiteral("%1 steps down (health check not fit for %2 s)")
                       .arg(nodeName(index))
                       .arg(m_options.stepDownSeconds));
            then();
        });
}

void FailoverDrill::waitTakeover(int from, int to, qint64 deadline, int seen, const Done &then)
{
    // seen: Released once `from` no longer holds the resource, Taken once `to` holds it; with a
    // resource address the drill then also waits for `to`'s notify hook to say MASTER (the role
    // that makes it reconcile with the agents).
    const bool back = from != m_active;
    const QString prefix = back ? BackPrefix : QString();
    const qint64 asked = m_clock.elapsed();
    statusBoth([=](const Status &a, const Status &b, const QString &error) {
        const Status status[2] = { a, b };
        int now = seen;
        const Protocol::HaRole role = haOf(status[to]).role;
        if (error.isEmpty()) {
            const bool fromHolds = holds(status[from]);
            const bool toHolds = holds(status[to]);
            if (!fromHolds && !(now & Released)) {
                now |= Released;
                report(prefix + StepReleased, true,
                       QStringLiteral("%1 released %2").arg(nodeName(from), resourceText(m_resource)));
            }
            if (toHolds && !fromHolds && !(now & Taken)) {
                now |= Taken;
                report(prefix + StepTakeover, true,
                       QStringLiteral("%1 holds %2").arg(nodeName(to), resourceText(m_resource)));
            }
            if ((now & Taken) && (m_resource.isEmpty() || role == Protocol::HaRole::Master)) {
                if (!m_resource.isEmpty())
                    report(prefix + StepMaster, true,
                           QStringLiteral("%1 is MASTER (notify hook)").arg(nodeName(to)));
                return then();
            }
        }
        if (m_clock.elapsed() >= deadline) {
            const QString after = QStringLiteral("%1 s").arg(m_options.takeoverTimeoutMs / 1000.0, 0, 'f', 1);
            if (now & Taken)
                return fail(
                    prefix + StepMaster,
                    QStringLiteral("%1 holds %2 but its notify hook has not said MASTER after %3 (role %4); "
                                   "is keepalived's notify script openvsm-ha-notify?")
                        .arg(nodeName(to), resourceText(m_resource), after, Protocol::haRoleName(role)));
            QString where;
            if (!error.isEmpty())
                where = error;
            else if (holds(status[from]))
                where = QStringLiteral("%1 still holds it").arg(nodeName(from));
            else
                where = QStringLiteral("nobody holds it");
            return fail(
                prefix + StepTakeover,
                QStringLiteral("peer did not take over: %1 does not hold %2 after %3 (%4); is keepalived "
                               "running on both nodes with `tlctl ha health` as its check script?")
                    .arg(nodeName(to), resourceText(m_resource), after, where));
        }
        later(m_options.pollMs - static_cast<int>(m_clock.elapsed() - asked),
              [=]() { waitTakeover(from, to, deadline, now, then); });
    });
}

void FailoverDrill::checkPresent(int index, qint64 deadline, const Done &then)
{
    // The first check is on the peer; after moving back, on the original node.
    const QString prefix = index == m_active ? BackPrefix : QString();
    if (m_sessions.isEmpty()) {
        report(prefix + StepPresent, true, QStringLiteral("no sessions to check on %1").arg(nodeName(index)));
        report(prefix + StepVerified, true, QStringLiteral("no sessions to verify"));
        return then();
    }
    listSessions(index, [=](const QStringList &ids, const QString &error) {
        QStringList missing;
        for (const QString &id : std::as_const(m_sessions)) {
            if (!ids.contains(id))
                missing.append(id);
        }
        if (error.isEmpty() && missing.isEmpty()) {
            report(
                prefix + StepPresent, true,
                QStringLiteral("all %1 sessions present on %2").arg(m_sessions.size()).arg(nodeName(index)));
            return checkVerified(index, deadline, then);
        }
        if (m_clock.elapsed() >= deadline)
            return fail(prefix + StepPresent,
                        error.isEmpty()
                            ? QStringLiteral("%1 of %2 sessions missing on %3: %4")
                                  .arg(missing.size())
                                  .arg(m_sessions.size())
                                  .arg(nodeName(index), firstFew(missing))
                            : QStringLiteral("session list of %1: %2").arg(nodeName(index), error));
        later(200, [=]() { checkPresent(index, deadline, then); });
    });
}

void FailoverDrill::checkVerified(int index, qint64 deadline, const Done &then)
{
    const QString prefix = index == m_active ? BackPrefix : QString();
    const quint64 generation = m_generation;
    client(index)->call<Protocol::AdminSessionVerifyReply>(
        MessageType::AdminSessionVerify, Protocol::AdminSessionVerify { m_sessions }.toCbor(), this,
        [=](const std::optional<Protocol::AdminSessionVerifyReply> &reply, const QString &error) {
            if (generation != m_generation || !m_running)
                return;
            QStringList bad;
            if (reply) {
                for (const Protocol::AdminVerifyResult &r : reply->results) {
                    if (!r.alive)
                        bad.append(QStringLiteral("%1: %2").arg(r.id, r.reason));
                }
            }
            if (error.isEmpty() && bad.isEmpty()) {
                report(prefix + StepVerified, true,
                       QStringLiteral("all %1 sessions verified alive with their agents by %2")
                           .arg(m_sessions.size())
                           .arg(nodeName(index)));
                return then();
            }
            if (m_clock.elapsed() >= deadline)
                return fail(
                    prefix + StepVerified,
                    error.isEmpty()
                        ? QStringLiteral("%1 of %2 sessions not verified by their agents on %3: %4")
                              .arg(bad.size())
                              .arg(m_sessions.size())
                              .arg(nodeName(index), firstFew(bad, 3))
                        : QStringLiteral("%1 cannot verify sessions: %2").arg(nodeName(index), error));
            later(500, [=]() { checkVerified(index, deadline, then); });
        });
}

void FailoverDrill::waitFit(int index, qint64 deadline, const Done &then)
{
    const qint64 asked = m_clock.elapsed();
    statusBoth([=](const Status &a, const Status &b, const QString &error) {
        const Protocol::HaStatus ha = haOf(index == 0 ? a : b);
        QString why;
        if (!error.isEmpty())
            why = error;
        else if (ha.stepDownLeft > 0)
            why = QStringLiteral("still stepping down");
        else if (!ha.caughtUp)
            why = QStringLiteral("not caught up with %1").arg(nodeName(1 - index));
        if (why.isEmpty()) {
            report(StepFitAgain, true, QStringLiteral("%1 is fit again (caught up)").arg(nodeName(index)));
            return then();
        }
        if (m_clock.elapsed() >= deadline)
            return fail(StepFitAgain,
                        QStringLiteral("%1 did not become fit again within %2 s: %3")
                            .arg(nodeName(index))
                            .arg(m_options.fitTimeoutMs / 1000)
                            .arg(why));
        later(m_options.pollMs - static_cast<int>(m_clock.elapsed() - asked),
              [=]() { waitFit(index, deadline, then); });
    });
}

void FailoverDrill::endStepDown(int index, const Done &then)
{
    AdminClient *c = client(index);
    m_steppingDown[index] = false;
    if (!c)
        return then();
    const quint64 generation = m_generation;
    const bool cleanup = !m_failure.isEmpty();
    c->request(
        MessageType::AdminHaStepDown, Protocol::AdminStepDown { 0 }.toCbor(), this,
        [this, index, then, generation, cleanup](const QCborMap &, const QString &error) {
            if (generation != m_generation)
                return;
            if (!error.isEmpty()) {
                // Not fatal: the step-down ends by itself.
                report(StepStepDownEnded, false,
                       QStringLiteral("could not end the step-down of %1 (%2); it ends by itself within "
                                      "%3 s")
                           .arg(nodeName(index), error)
                           .arg(m_options.stepDownSeconds));
            } else if (cleanup || index != m_active) {
                report(StepStepDownEnded, true,
                       QStringLiteral("%1's step-down ended; it is fit to serve again").arg(nodeName(index)));
            }
            then();
        });
}

void FailoverDrill::report(const QString &name, bool ok, const QString &detail)
{
    Step s;
    s.name = name;
    s.ms = m_clock.isValid() ? m_clock.elapsed() : 0;
    s.ok = ok;
    s.detail = detail;
    m_steps.append(s);
    emit step(s.name, s.ms, s.ok, s.detail);
    emit progressChanged(progress());
}

int FailoverDrill::progress() const
{
    if (m_finished)
        return 100;
    const QStringList names = stepNames(m_options.moveBack);
    int last = -1;
    for (const Step &s : m_steps)
        last = std::max(last, static_cast<int>(names.indexOf(s.name)));
    return static_cast<int>((last + 1) * 100 / names.size());
}

void FailoverDrill::fail(const QString &name, const QString &why)
{
    if (!m_running)
        return;
    if (m_failure.isEmpty()) {
        m_failure = why;
        report(name, false, why);
    }
    // Give back what the drill took: a node it asked to step down may serve again.
    for (int i = 0; i < 2; ++i) {
        if (m_steppingDown[i])
            return endStepDown(i, [this, name]() { fail(name, m_failure); });
    }
    finish();
}

void FailoverDrill::succeed()
{
    QString detail = QStringLiteral("drill passed in %1 ms").arg(m_clock.elapsed());
    if (!m_options.moveBack && m_active >= 0)
        detail
            += QStringLiteral("; %1 stays stepped down for at most %2 s, then it may take the resource back")
                   .arg(nodeName(m_active))
                   .arg(m_options.stepDownSeconds);
    report(StepDone, true, detail);
    finish();
}

void FailoverDrill::finish()
{
    m_running = false;
    m_finished = true;
    ++m_generation;
    emit progressChanged(100);
    emit finished(m_failure.isEmpty(), reportText());
}

QString FailoverDrill::resultText() const
{
    if (!m_finished)
        return QStringLiteral("not finished");
    return m_failure.isEmpty() ? QStringLiteral("passed") : QStringLiteral("FAILED: %1").arg(m_failure);
}

QString FailoverDrill::clusterText() const
{
    if (!m_options.clusterName.isEmpty())
        return m_options.clusterName;
    return m_resource.isEmpty() ? QStringLiteral("(no resource name)") : m_resource;
}

QString FailoverDrill::reportText() const
{
    QStringList nodes;
    for (const NodeInfo &n : m_nodeInfo)
        nodes.append(QStringLiteral("%1%2, OpenVSM %3")
                         .arg(n.address, n.node.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(n.node),
                              n.version.isEmpty() ? QStringLiteral("?") : n.version));
    QString out
        = QStringLiteral("OpenVSM failover drill report\nDate: %1\nCluster: %2\nNodes: %3\nResult: %4\n\n")
              .arg(m_startedAt.toOffsetFromUtc(m_startedAt.offsetFromUtc()).toString(Qt::ISODate),
                   clusterText(), nodes.join(QStringLiteral("; ")), resultText());
    for (const Step &s : m_steps) {
        if (s.name == QLatin1String("done"))
            continue;
        out += QStringLiteral("+%1 ms  %2%3\n")
                   .arg(s.ms, 5)
                   .arg(s.ok ? QString() : QStringLiteral("FAILED: "), s.detail);
    }
    if (m_finished) {
        if (m_failure.isEmpty())
            out += QStringLiteral("drill passed in %1 ms\n").arg(m_steps.isEmpty() ? 0 : m_steps.last().ms);
        else
            out += QStringLiteral("drill FAILED: %1\n").arg(m_failure);
    }
    return out;
}

QJsonObject FailoverDrill::reportJson() const
{
    QJsonArray steps;
    for (const Step &s : m_steps)
        steps.append(QJsonObject { { QStringLiteral("name"), s.name },
                                   { QStringLiteral("ms"), s.ms },
                                   { QStringLiteral("ok"), s.ok },
                                   { QStringLiteral("detail"), s.detail } });
    QJsonObject o { { QStringLiteral("ok"), succeeded() },
                    { QStringLiteral("finished"), m_finished },
                    { QStringLiteral("move_back"), m_options.moveBack },
                    { QStringLiteral("resource_address"), m_resource },
                    { QStringLiteral("sessions"), QJsonArray::fromStringList(m_sessions) },
                    { QStringLiteral("steps"), steps } };
    if (m_active >= 0) {
        o.insert(QStringLiteral("active"), nodeName(m_active));
        o.insert(QStringLiteral("peer"), nodeName(1 - m_active));
    }
    if (!m_failure.isEmpty())
        o.insert(QStringLiteral("failure"), m_failure);
    if (!m_steps.isEmpty())
        o.insert(QStringLiteral("total_ms"), m_steps.last().ms);
    QJsonArray nodes;
    for (const NodeInfo &n : m_nodeInfo)
        nodes.append(QJsonObject { { QStringLiteral("address"), n.address },
                                   { QStringLiteral("node"), n.node },
                                   { QStringLiteral("version"), n.version } });
    o.insert(QStringLiteral("date"),
             m_startedAt.toOffsetFromUtc(m_startedAt.offsetFromUtc()).toString(Qt::ISODate));
    o.insert(QStringLiteral("cluster"), clusterText());
    o.insert(QStringLiteral("nodes"), nodes);
    o.insert(QStringLiteral("result"), resultText());
    return o;
}

} // namespace Client
