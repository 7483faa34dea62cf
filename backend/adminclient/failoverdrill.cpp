#include "failoverdrill.h"

#include "adminclient.h"

#include <QCborArray>
#include <QJsonArray>
#include <QTimer>

#include <algorithm>

#include <memory>

namespace Admin {

using Protocol::MessageType;

namespace {

QString k(const char *key)
{
    return QString::fromLatin1(key);
}

QCborMap haOf(const QCborMap &status)
{
    return status.value(k("ha")).toMap();
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
    QStringList names { k("active"), k("step-down"), k("released"), k("takeover"),
                        k("master"), k("present"),   k("verified") };
    if (moveBack)
        names << k("fit-again") << k("back-step-down") << k("back-released") << k("back-takeover")
              << k("back-master") << k("back-present") << k("back-verified") << k("step-down-ended");
    names << k("done");
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

bool FailoverDrill::holds(const QCborMap &status) const
{
    const QCborMap ha = haOf(status);
    if (!m_resource.isEmpty())
        return ha.value(k("resource_local")).toBool();
    return ha.value(k("role")).toString() == QLatin1String("MASTER");
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
    emit progressChanged(0);
    for (int i = 0; i < 2; ++i) {
        if (!client(i) || !client(i)->isReady()) {
            fail(k("active"), QStringLiteral("not connected to %1").arg(nodeName(i)));
            return;
        }
    }
    statusBoth([this](const QCborMap &a, const QCborMap &b, const QString &error) {
        if (!error.isEmpty())
            return fail(k("active"), error);
        pickActive(a, b);
    });
}

void FailoverDrill::statusBoth(const StatusPair &done)
{
    struct Pair {
        QCborMap status[2];
        QString error;
        int open = 2;
    };
    auto pair = std::make_shared<Pair>();
    const quint64 generation = m_generation;
    for (int i = 0; i < 2; ++i) {
        AdminClient *c = client(i);
        auto answer = [this, pair, i, done, generation](const QCborMap &body, const QString &error) {
            pair->status[i] = body;
            if (!error.isEmpty() && pair->error.isEmpty())
                pair->error = QStringLiteral("status of %1: %2").arg(nodeName(i), error);
            if (--pair->open == 0 && generation == m_generation && m_running)
                done(pair->status[0], pair->status[1], pair->error);
        };
        if (!c)
            answer({}, QStringLiteral("not connected"));
        else
            c->request(MessageType::AdminStatus, {}, this, answer);
    }
}

void FailoverDrill::pickActive(const QCborMap &first, const QCborMap &second)
{
    const QCborMap status[2] = { first, second };
    for (int i = 0; i < 2; ++i) {
        const QCborMap ha = haOf(status[i]);
        if (!status[i].value(k("ha_enabled")).toBool() || !ha.value(k("active")).toBool())
            return fail(k("active"),
                        QStringLiteral("%1 does not run HA (%2)")
                            .arg(nodeName(i), status[i].value(k("ha_state")).toString()));
        if (const qint64 left = ha.value(k("step_down_left")).toInteger(); left > 0)
            return fail(k("active"),
                        QStringLiteral("%1 is already stepping down (%2 s left); wait and try again")
                            .arg(nodeName(i))
                            .arg(left));
    }
    if (first.value(k("node")).toString() == second.value(k("node")).toString()
        && first.value(k("fingerprint")).toString() == second.value(k("fingerprint")).toString())
        return fail(k("active"),
                    QStringLiteral("both connections reach the same node %1; give the two nodes")
                        .arg(first.value(k("node")).toString()));
    m_resource = haOf(first).value(k("resource_address")).toString();
    const bool h0 = holds(first);
    const bool h1 = holds(second);
    if (h0 && h1)
        return fail(k("active"),
                    QStringLiteral("both nodes hold %1; fix the cluster before a drill")
                        .arg(resourceText(m_resource)));
    if (!h0 && !h1)
        return fail(k("active"),
                    QStringLiteral("neither %1 nor %2 holds %3; is keepalived running?")
                        .arg(nodeName(0), nodeName(1), resourceText(m_resource)));
    m_active = h0 ? 0 : 1;
    listSessions(m_active, 0, {}, [this](const QStringList &ids, const QString &error) {
        if (!error.isEmpty())
            return fail(k("active"), QStringLiteral("session list of %1: %2").arg(nodeName(m_active), error));
        m_sessions = ids;
        report(k("active"), true,
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

void FailoverDrill::listSessions(int index, qint64 offset, QStringList ids,
                                 const std::function<void(QStringList, QString)> &done)
{
    AdminClient *c = client(index);
    if (!c)
        return done({}, QStringLiteral("not connected"));
    const quint64 generation = m_generation;
    c->request(MessageType::AdminSessionList, QCborMap { { k("offset"), offset } }, this,
               [this, index, ids, done, generation](const QCborMap &body, const QString &error) mutable {
                   if (generation != m_generation || !m_running)
                       return;
                   if (!error.isEmpty())
                       return done({}, error);
                   for (const QCborValue &v : body.value(k("sessions")).toArray())
                       ids.append(v.toMap().value(k("id")).toString());
                   if (body.contains(k("next_offset")))
                       return listSessions(index, body.value(k("next_offset")).toInteger(), ids, done);
                   done(ids, {});
               });
}

void FailoverDrill::stepDown(int index, const Done &then)
{
    const bool back = index != m_active;
    const QString name = back ? k("back-step-down") : k("step-down");
    const quint64 generation = m_generation;
    m_steppingDown[index] = true; // also when the answer is lost: end it on failure
    client(index)->request(
        MessageType::AdminHaStepDown, QCborMap { { k("seconds"), m_options.stepDownSeconds } }, this,
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
    const QString prefix = back ? k("back-") : QString();
    const qint64 asked = m_clock.elapsed();
    statusBoth([=](const QCborMap &a, const QCborMap &b, const QString &error) {
        const QCborMap status[2] = { a, b };
        int now = seen;
        const QString role = haOf(status[to]).value(k("role")).toString();
        if (error.isEmpty()) {
            const bool fromHolds = holds(status[from]);
            const bool toHolds = holds(status[to]);
            if (!fromHolds && !(now & Released)) {
                now |= Released;
                report(prefix + k("released"), true,
                       QStringLiteral("%1 released %2").arg(nodeName(from), resourceText(m_resource)));
            }
            if (toHolds && !fromHolds && !(now & Taken)) {
                now |= Taken;
                report(prefix + k("takeover"), true,
                       QStringLiteral("%1 holds %2").arg(nodeName(to), resourceText(m_resource)));
            }
            if ((now & Taken) && (m_resource.isEmpty() || role == QLatin1String("MASTER"))) {
                if (!m_resource.isEmpty())
                    report(prefix + k("master"), true,
                           QStringLiteral("%1 is MASTER (notify hook)").arg(nodeName(to)));
                return then();
            }
        }
        if (m_clock.elapsed() >= deadline) {
            const QString after = QStringLiteral("%1 s").arg(m_options.takeoverTimeoutMs / 1000.0, 0, 'f', 1);
            if (now & Taken)
                return fail(
                    prefix + k("master"),
                    QStringLiteral("%1 holds %2 but its notify hook has not said MASTER after %3 (role %4); "
                                   "is keepalived's notify script openvsm-ha-notify?")
                        .arg(nodeName(to), resourceText(m_resource), after, role));
            QString where;
            if (!error.isEmpty())
                where = error;
            else if (holds(status[from]))
                where = QStringLiteral("%1 still holds it").arg(nodeName(from));
            else
                where = QStringLiteral("nobody holds it");
            return fail(
                prefix + k("takeover"),
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
    const QString prefix = index == m_active ? k("back-") : QString();
    if (m_sessions.isEmpty()) {
        report(prefix + k("present"), true,
               QStringLiteral("no sessions to check on %1").arg(nodeName(index)));
        report(prefix + k("verified"), true, QStringLiteral("no sessions to verify"));
        return then();
    }
    listSessions(index, 0, {}, [=](const QStringList &ids, const QString &error) {
        QStringList missing;
        for (const QString &id : std::as_const(m_sessions)) {
            if (!ids.contains(id))
                missing.append(id);
        }
        if (error.isEmpty() && missing.isEmpty()) {
            report(
                prefix + k("present"), true,
                QStringLiteral("all %1 sessions present on %2").arg(m_sessions.size()).arg(nodeName(index)));
            return checkVerified(index, deadline, then);
        }
        if (m_clock.elapsed() >= deadline)
            return fail(prefix + k("present"),
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
    const QString prefix = index == m_active ? k("back-") : QString();
    QCborArray ids;
    for (const QString &id : std::as_const(m_sessions))
        ids.append(id);
    const quint64 generation = m_generation;
    client(index)->request(
        MessageType::AdminSessionVerify, QCborMap { { k("ids"), ids } }, this,
        [=](const QCborMap &body, const QString &error) {
            if (generation != m_generation || !m_running)
                return;
            QStringList bad;
            if (error.isEmpty()) {
                for (const QCborValue &v : body.value(k("results")).toArray()) {
                    const QCborMap r = v.toMap();
                    if (!r.value(k("alive")).toBool())
                        bad.append(QStringLiteral("%1: %2").arg(r.value(k("id")).toString(),
                                                                r.value(k("reason")).toString()));
                }
            }
            if (error.isEmpty() && bad.isEmpty()) {
                report(prefix + k("verified"), true,
                       QStringLiteral("all %1 sessions verified alive with their agents by %2")
                           .arg(m_sessions.size())
                           .arg(nodeName(index)));
                return then();
            }
            if (m_clock.elapsed() >= deadline)
                return fail(
                    prefix + k("verified"),
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
    statusBoth([=](const QCborMap &a, const QCborMap &b, const QString &error) {
        const QCborMap ha = haOf(index == 0 ? a : b);
        QString why;
        if (!error.isEmpty())
            why = error;
        else if (ha.value(k("step_down_left")).toInteger() > 0)
            why = QStringLiteral("still stepping down");
        else if (!ha.value(k("caught_up")).toBool())
            why = QStringLiteral("not caught up with %1").arg(nodeName(1 - index));
        if (why.isEmpty()) {
            report(k("fit-again"), true, QStringLiteral("%1 is fit again (caught up)").arg(nodeName(index)));
            return then();
        }
        if (m_clock.elapsed() >= deadline)
            return fail(k("fit-again"),
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
        MessageType::AdminHaStepDown, QCborMap { { k("seconds"), 0 } }, this,
        [this, index, then, generation, cleanup](const QCborMap &, const QString &error) {
            if (generation != m_generation)
                return;
            if (!error.isEmpty()) {
                // Not fatal: the step-down ends by itself.
                report(k("step-down-ended"), false,
                       QStringLiteral("could not end the step-down of %1 (%2); it ends by itself within "
                                      "%3 s")
                           .arg(nodeName(index), error)
                           .arg(m_options.stepDownSeconds));
            } else if (cleanup || index != m_active) {
                report(k("step-down-ended"), true,
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
    report(k("done"), true, detail);
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

QString FailoverDrill::reportText() const
{
    QString out;
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
        steps.append(QJsonObject {
            { k("name"), s.name }, { k("ms"), s.ms }, { k("ok"), s.ok }, { k("detail"), s.detail } });
    QJsonObject o { { k("ok"), succeeded() },
                    { k("finished"), m_finished },
                    { k("move_back"), m_options.moveBack },
                    { k("resource_address"), m_resource },
                    { k("sessions"), QJsonArray::fromStringList(m_sessions) },
                    { k("steps"), steps } };
    if (m_active >= 0) {
        o.insert(k("active"), nodeName(m_active));
        o.insert(k("peer"), nodeName(1 - m_active));
    }
    if (!m_failure.isEmpty())
        o.insert(k("failure"), m_failure);
    if (!m_steps.isEmpty())
        o.insert(k("total_ms"), m_steps.last().ms);
    return o;
}

} // namespace Admin
