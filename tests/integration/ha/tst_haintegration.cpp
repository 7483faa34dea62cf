// HA end to end: vsmserver A (tlha-primary) and B (tlha-secondary) and one vsmagent, each in a
// network namespace + UTS namespace of its own (distinct `uname -n` and addresses, as on real
// machines), joined by a bridge in a fourth namespace; a fifth namespace plays an intruder.
// Users get sessions through tl-session-helper as sshd would run it; the administrator's view is
// tlctl (session list, ha status --json). Everything the test creates (namespaces,
// /etc/netns/<ns>, users, processes) is removed also when a check fails.

#include "tests/integration/support/daemonprocess.h"
#include "tests/integration/support/testuser.h"
#include "tests/integration/support/verifylogged.h"

#include "backend/agent/detachedprocess.h"
#include "backend/agent/displayallocator.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>
#include <utility>

namespace {

using TestSupport::bin;
using TestSupport::run;

QString q(const char *s)
{
    return QString::fromUtf8(s);
}

bool sh(const QString &command, QByteArray *out = nullptr)
{
    int code = -1;
    return run(q("sh"), { q("-c"), command }, out, &code) && code == 0;
}

// The agent's displays.
constexpr int DisplayMin = 100;
constexpr int DisplayMax = 199;

// The agent's Xvnc servers that the final kill -9 ended leave their lock file and socket in /tmp,
// which the namespaces share with the host: removed with the rest of what the test made, where
// the lock names a process that has gone, as the agent itself decides (a live X server's lock
// stays; the killed ones are given 2 s to go).
void removeStaleXLocks(int min, int max)
{
    QDeadlineTimer deadline(2000);
    for (;;) {
        bool waiting = false;
        for (int display = min; display <= max; ++display) {
            const QString lock = QStringLiteral("/tmp/.X%1-lock").arg(display);
            const qint64 pid = Agent::DisplayAllocator::lockOwner(lock);
            if (pid <= 0)
                continue;
            if (Agent::DetachedProcess::status(static_cast<pid_t>(pid)) != Agent::ProcessStatus::Gone) {
                waiting = true;
                continue;
            }
            QFile::remove(QStringLiteral("/tmp/.X11-unix/X%1").arg(display));
            QFile::remove(lock);
        }
        if (!waiting || deadline.hasExpired())
            return;
        QThread::msleep(100);
    }
}

// A daemon inside a namespace with its own host name.
class NsDaemon : public TestSupport::DaemonProcess {
public:
    NsDaemon(const QString &ns, const QString &hostname, const QString &program, const QString &root)
        : DaemonProcess(program, root, inNamespace(ns, hostname))
    {
    }
};

} // namespace

class TestHaIntegration : public QObject {
    Q_OBJECT

    QTemporaryDir m_base;
    QString m_prefix; // namespace names: PREFIX-a, -b, -c, -x, -sw
    QString m_net; // "10.199.N"
    bool m_netUp = false;
    std::unique_ptr<NsDaemon> m_a, m_b, m_agent;
    QString m_helperError; // stderr of the last helper()
    std::unique_ptr<TestUser> m_user[2];
    QString m_serverConfig;

    QString ns(const char *n) const { return m_prefix + QLatin1Char('-') + q(n); }
    QString addr(int host) const { return m_net + QLatin1Char('.') + QString::number(host); }

    // The servers' and the agent's whole logs, for a failure (printed before it, never as its
    // message: see tests/integration/support/verifylogged.h).
    QString logs() const
    {
        QString out;
        for (const auto *d : { m_a.get(), m_b.get(), m_agent.get() }) {
            if (d)
                out += QStringLiteral("\n===== %1\n%2").arg(d->root(), d->log());
        }
        return out;
    }

    QJsonObject helper(int user, NsDaemon *server, const QStringList &args, int *code = nullptr)
    {
        QProcess p;
        p.start(q("runuser"),
                QStringList { q("-u"), m_user[user]->name(), q("--"), bin(q("tl-session-helper")),
                              q("--socket"), server->socket() }
                    + args);
        if (!p.waitForFinished(120000))
            p.kill();
        p.waitForFinished();
        m_helperError = QString::fromLocal8Bit(p.readAllStandardError()).trimmed();
        if (code)
            *code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object().value(q("session")).toObject();
    }

    // Why the last helper() failed: its own words in the failure's message (Qt Test cuts that
    // after about 1,000 characters), the servers' and the agent's logs printed whole before it.
    // Only on failure (not as a QVERIFY2 description, which is built on success too).
    QString helperFailure() const
    {
        qWarning().noquote() << logs();
        return QStringLiteral("tl-session-helper failed: %1 (the daemons' logs are printed above)")
            .arg(m_helperError.isEmpty() ? QStringLiteral("(nothing on stderr)") : m_helperError);
    }

    QJsonObject status(NsDaemon *server)
    {
        QByteArray out;
        int code = -1;
        run(bin(q("tlctl")), { q("ha"), q("status"), q("--json"), q("--socket"), server->socket() }, &out,
            &code);
        return code == 0 ? QJsonDocument::fromJson(out).object() : QJsonObject();
    }

    QStringList ids(NsDaemon *server)
    {
        QByteArray out;
        int code = -1;
        run(bin(q("tlctl")), { q("session"), q("list"), q("--json"), q("--socket"), server->socket() }, &out,
            &code);
        QStringList list;
        for (const QJsonValue &v : QJsonDocument::fromJson(out).array())
            list.append(v.toObject().value(q("id")).toString());
        list.sort();
        return list;
    }

    // The session list of a server, as tlctl session list --json prints it, being read.
    static std::unique_ptr<QProcess> startListing(NsDaemon *server)
    {
        auto p = std::make_unique<QProcess>();
        p->start(bin(q("tlctl")), { q("session"), q("list"), q("--json"), q("--socket"), server->socket() });
        return p;
    }

    // One session of such a list, without the age (which depends on the moment); empty when
    // the list does not have it.
    static QJsonObject recordIn(QProcess *listing, const QString &id)
    {
        if (!listing->waitForFinished(120000))
            listing->kill();
        listing->waitForFinished();
        for (const QJsonValue &v : QJsonDocument::fromJson(listing->readAllStandardOutput()).array()) {
            QJsonObject o = v.toObject();
            if (o.value(q("id")).toString() == id) {
                o.remove(q("age"));
                return o;
            }
        }
        return {};
    }

    QJsonObject record(NsDaemon *server, const QString &id)
    {
        return recordIn(startListing(server).get(), id);
    }

    // The session's record on A and on B, both read at once: a change that lands between two
    // reads one after the other would look like a difference.
    std::pair<QJsonObject, QJsonObject> records(const QString &id)
    {
        const auto onA = startListing(m_a.get());
        const auto onB = startListing(m_b.get());
        return { recordIn(onA.get(), id), recordIn(onB.get(), id) };
    }

    int agentSessions(NsDaemon *server)
    {
        QByteArray out;
        run(bin(q("tlctl")), { q("load"), q("list"), q("--json"), q("--socket"), server->socket() }, &out);
        const QJsonArray agents = QJsonDocument::fromJson(out).array();
        return agents.isEmpty() ? -1 : agents.first().toObject().value(q("sessions")).toInt(-1);
    }

    bool linkUp(NsDaemon *server)
    {
        const QJsonObject s = status(server);
        return s.value(q("link")).toString() == QLatin1String("up") && s.value(q("caught_up")).toBool();
    }

    bool writeServerRoot(const QString &root, const QString &extra)
    {
        return TestSupport::makeRoot(root, m_serverConfig + extra);
    }

    void partition(bool on)
    {
        const char *verb = on ? "add" : "del";
        QVERIFY(sh(QStringLiteral("ip -n %1 route %2 blackhole %3/32 && ip -n %4 route %2 blackhole %5/32")
                       .arg(ns("a"), q(verb), addr(3), ns("b"), addr(2))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (::getuid() != 0)
            QSKIP("needs root: creates network namespaces, users and runs daemons in them");
        if (!sh(q("command -v ip && command -v unshare && command -v runuser")))
            QSKIP("needs ip (iproute2), unshare and runuser");
        QVERIFY(m_base.isValid());
        ::chmod(QFile::encodeName(m_base.path()).constData(), 0755);
        const int id = static_cast<int>(::getpid() % 100000);
        m_prefix = QStringLiteral("oh%1").arg(id);
        m_net = QStringLiteral("10.199.%1").arg(id % 250);
        // Namespaces a (primary), b (secondary), c (agent), x (intruder) on a bridge in sw.
        QString script = QStringLiteral("set -e; ip netns add %1; ip -n %1 link add br0 type bridge; "
                                        "ip -n %1 link set br0 up; ")
                             .arg(ns("sw"));
        const char *names[] = { "a", "b", "c", "x" };
        const int hosts[] = { 2, 3, 4, 9 };
        m_netUp = true;
        for (int i = 0; i < 4; ++i) {
            const QString n = ns(names[i]);
            const QString v0 = QStringLiteral("%1%2a").arg(m_prefix, q(names[i]));
            const QString v1 = QStringLiteral("%1%2b").arg(m_prefix, q(names[i]));
            script += QStringLiteral("ip netns add %1; ip link add %2 type veth peer name %3; "
                                     "ip link set %2 netns %1; ip link set %3 netns %4; "
                                     "ip -n %4 link set %3 master br0; ip -n %4 link set %3 up; "
                                     "ip -n %1 addr add %5/24 dev %2; ip -n %1 link set %2 up; "
                                     "ip -n %1 link set lo up; mkdir -p /etc/netns/%1; "
                                     "printf '127.0.0.1 localhost\\n%6 tlha-primary\\n%7 tlha-secondary\\n"
                                     "%8 tlha-agent\\n' > /etc/netns/%1/hosts; ")
                          .arg(n, v0, v1, ns("sw"), addr(hosts[i]), addr(2), addr(3), addr(4));
        }
        QByteArray out;
        QVERIFY2(sh(script + q(" 2>&1"), &out), out.constData());

        for (int i = 0; i < 2; ++i) {
            m_user[i] = std::make_unique<TestUser>(QStringLiteral("ovha%1x").arg(i + 1));
            QVERIFY2(m_user[i]->ok(), qPrintable(m_user[i]->error()));
        }
        const QString script2 = m_base.filePath(q("xsession"));
        QFile s(script2);
        QVERIFY(s.open(QIODevice::WriteOnly));
        s.write("#!/bin/sh\nexec sleep 3600\n");
        s.close();
        ::chmod(QFile::encodeName(script2).constData(), 0755);

        // One cluster key for all (PSK mode); a second one for the "wrong key" check.
        const QString key = m_base.filePath(q("cluster.key"));
        QVERIFY(run(bin(q("tl-cluster-key")), { q("create"), key }));
        QVERIFY(run(bin(q("tl-cluster-key")), { q("create"), m_base.filePath(q("wrong.key")) }));

        const QString agentRoot = m_base.filePath(q("agent"));
        QVERIFY(TestSupport::makeRoot(
            agentRoot,
            QStringLiteral("[/vsm]\ncluster_key_file=%1\n[/vsmagent]\nallowed_clients=tlha-primary "
                           "tlha-secondary\nagent_hostname=%2\nxsession_script=%3\n"
                           "display_min=%4\ndisplay_max=%5\nxvnc_start_timeout=30\n")
                .arg(key, addr(4), script2)
                .arg(DisplayMin)
                .arg(DisplayMax)));
        m_agent = std::make_unique<NsDaemon>(ns("c"), q("tlha-agent"), q("vsmagent"), agentRoot);
        QVERIFY(m_agent->start());

        m_serverConfig
            = QStringLiteral(
                  "[/vsm]\ncluster_key_file=%1\n[/vsmserver]\nterminalservers=tlha-agent\n"
                  "load_update_cycle=1\nmax_sessions_per_user=0\n[/vsmserver/HA]\nenabled=1\n"
                  "nodes=tlha-primary tlha-secondary\nsync_timeout=2\nreconcile_grace=2\nbacklog=10\n")
                  .arg(key);
        QVERIFY(writeServerRoot(m_base.filePath(q("a")), {}));
        QVERIFY(writeServerRoot(m_base.filePath(q("b")), {}));
        m_a = std::make_unique<NsDaemon>(ns("a"), q("tlha-primary"), q("vsmserver"), m_base.filePath(q("a")));
        m_b = std::make_unique<NsDaemon>(ns("b"), q("tlha-secondary"), q("vsmserver"),
                                         m_base.filePath(q("b")));
        QVERIFY(m_a->start());
        QVERIFY(m_b->start());
        TRY_VERIFY_LOGGED(linkUp(m_a.get()) && linkUp(m_b.get()), logs(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(agentSessions(m_a.get()) == 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(agentSessions(m_b.get()) == 0, 20000);
    }

    // A daemon that ended while no test stopped it fails the test that was running, with its log.
    void cleanup()
    {
        for (NsDaemon *d : { m_a.get(), m_b.get(), m_agent.get() }) {
            if (d && d->died())
                QFAIL(qPrintable(d->diagnosis()));
        }
    }

    void cleanupTestCase()
    {
        for (NsDaemon *s : { m_a.get(), m_b.get() }) {
            if (s && s->running())
                run(bin(q("tlctl")),
                    { q("session"), q("terminate"), q("--all"), q("-y"), q("--socket"), s->socket() });
        }
        m_a.reset();
        m_b.reset();
        m_agent.reset();
        if (m_netUp) {
            for (const char *n : { "a", "b", "c", "x", "sw" }) {
                sh(QStringLiteral("ip netns pids %1 2>/dev/null | xargs -r kill -9; ip netns del %1; rm -rf "
                                  "/etc/netns/%1")
                       .arg(ns(n)));
            }
        }
        removeStaleXLocks(DisplayMin, DisplayMax);
        m_user[0].reset();
        m_user[1].reset();
    }

    void identityAndStatus()
    {
        // Nothing from Qt itself in the servers' logs: vsmserver resolves its configuration's
        // names before it creates its application, where resolving through QHostInfo made Qt
        // warn at every start ("QObject::connect(QObject, QThreadPool): invalid nullptr
        // parameter"). Names, not addresses (which Qt answers without a lookup), as here.
        for (const NsDaemon *d : { m_a.get(), m_b.get() }) {
            const QString log = d->log();
            QVERIFY2(!log.contains(q("QObject::")) && !log.contains(q("[default]"))
                         && !log.contains(q("[qt.")),
                     qPrintable(log));
        }
        const QJsonObject a = status(m_a.get());
        QCOMPARE(a.value(q("active")).toBool(), true);
        QCOMPARE(a.value(q("local")).toString(), q("tlha-primary"));
        QCOMPARE(a.value(q("peer")).toString(), q("tlha-secondary"));
        QCOMPARE(a.value(q("config_identical")).toBool(), true);
        QCOMPARE(status(m_b.get()).value(q("local")).toString(), q("tlha-secondary"));
        int code = -1;
        run(bin(q("tlctl")), { q("ha"), q("health"), q("--socket"), m_a->socket() }, nullptr, &code);
        QCOMPARE(code, 0);
        run(bin(q("tlctl")),
            { q("ha"), q("notify"), q("INSTANCE"), q("VI_1"), q("MASTER"), q("100"), q("--socket"),
              m_a->socket() },
            nullptr, &code);
        QCOMPARE(code, 0);
        QCOMPARE(status(m_a.get()).value(q("role")).toString(), q("MASTER"));
    }

    // Sync mode: the session is on B before A answers; changes and deletes follow.
    void createChangeDeleteFollow()
    {
        int code = -1;
        const QJsonObject s = helper(0, m_a.get(), { q("get") }, &code);
        if (code != 0)
            QFAIL(qPrintable(helperFailure()));
        const QString id = s.value(q("id")).toString();
        QVERIFY(ids(m_b.get()).contains(id)); // no waiting: A answered after B acknowledged
        QTest::qWait(1100); // the reconnect's last_connection is a later second
        const QJsonObject again = helper(0, m_a.get(), { q("get") }, &code);
        QCOMPARE(again.value(q("id")).toString(), id);
        // The change (reconnect: new last_connection, new version) is on B when A answers.
        const QJsonObject onA = record(m_a.get(), id), onB = record(m_b.get(), id);
        QVERIFY(!onA.isEmpty());
        QCOMPARE(onB.value(q("last_connection")), onA.value(q("last_connection")));
        QVERIFY(onA.value(q("last_connection")).toInteger() > s.value(q("last_connection")).toInteger());
        // Both nodes poll the agent every second (load_update_cycle=1) and record the viewer's
        // coming and going, so either may have written the session's state since: the records
        // are identical once that change has travelled too. With the whole suite on two cores
        // the polls, the replication and each tlctl come late: 20 s at most.
        QDeadlineTimer deadline(20000);
        auto [onA2, onB2] = records(id);
        while (onA2 != onB2 && !deadline.hasExpired()) {
            QTest::qWait(200);
            std::tie(onA2, onB2) = records(id);
        }
        if (onA2 != onB2) {
            qWarning().noquote() << logs();
            QFAIL(
                qPrintable(QStringLiteral("the records on A and B still differ after 20 s (the logs are "
                                          "above):\nA: %1\nB: %2")
                               .arg(QString::fromUtf8(QJsonDocument(onA2).toJson(QJsonDocument::Compact)),
                                    QString::fromUtf8(QJsonDocument(onB2).toJson(QJsonDocument::Compact)))));
        }
        QVERIFY(run(bin(q("tlctl")), { q("session"), q("terminate"), id, q("--socket"), m_a->socket() }));
        QVERIFY(!ids(m_b.get()).contains(id));
        QVERIFY(!ids(m_a.get()).contains(id));
    }

    // kill -9 of A right after it answered: B has the session, the user reconnects to it on B.
    void killPrimaryAfterAnswer()
    {
        int code = -1;
        const QJsonObject s = helper(0, m_a.get(), { q("get") }, &code);
        if (code != 0)
            QFAIL(qPrintable(helperFailure()));
        QVERIFY2(m_a->stop(SIGKILL), qPrintable(m_a->diagnosis()));
        const QString id = s.value(q("id")).toString();
        QVERIFY(ids(m_b.get()).contains(id));
        // The reconnect changes the record: B waits sync_timeout (2 s) for A, then answers degraded.
        QElapsedTimer t;
        t.start();
        const QJsonObject onB = helper(0, m_b.get(), { q("get") }, &code);
        QCOMPARE(code, 0);
        QVERIFY2(t.elapsed() >= 1500, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(status(m_b.get()).value(q("degraded")).toBool(), true);
        QVERIFY(m_b->log().contains(q("HA degraded")));
        QCOMPARE(onB.value(q("id")).toString(), id);
        QCOMPARE(onB.value(q("new")), QJsonValue(false));
        QCOMPARE(onB.value(q("display")).toInt(), s.value(q("display")).toInt());
    }

    // A restarted after B took writes: a short outage resyncs partially.
    void restartedPrimaryCatchesUpPartially()
    {
        QVERIFY(!m_a->running());
        int code = -1;
        // Degraded already: B answers at once.
        QElapsedTimer t;
        t.start();
        const QJsonObject s = helper(1, m_b.get(), { q("get") }, &code);
        if (code != 0)
            QFAIL(qPrintable(helperFailure()));
        QVERIFY2(t.elapsed() < 1500, qPrintable(QString::number(t.elapsed())));
        QVERIFY(m_a->start());
        TRY_VERIFY_LOGGED(linkUp(m_a.get()), logs(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(status(m_b.get()).value(q("degraded")) == QJsonValue(false), 10000);
        const QJsonObject a = status(m_a.get());
        QCOMPARE(a.value(q("last_resync_received")).toObject().value(q("kind")).toString(), q("partial"));
        QVERIFY(ids(m_a.get()).contains(s.value(q("id")).toString()));
        QCOMPARE(ids(m_a.get()), ids(m_b.get()));
        QTRY_VERIFY(run(bin(q("tlctl")), { q("ha"), q("health"), q("--socket"), m_a->socket() }));
    }

    // A's state folder lost (disk replaced): it gets everything back by a full resync.
    void wipedPrimaryGetsFullResync()
    {
        QVERIFY2(m_a->stop(SIGKILL), qPrintable(m_a->diagnosis()));
        QVERIFY(QDir(m_a->root() + q("/var/lib/openvsm/vsmserver")).removeRecursively());
        QVERIFY(m_a->start());
        TRY_VERIFY_LOGGED(linkUp(m_a.get()) && linkUp(m_b.get()), logs(), 15000);
        const QJsonObject a = status(m_a.get());
        QCOMPARE(a.value(q("last_resync_received")).toObject().value(q("kind")).toString(), q("full"));
        QTRY_COMPARE(ids(m_a.get()), ids(m_b.get()));
        QCOMPARE(ids(m_a.get()).size(), 2);
    }

    // A away while B makes more changes than its backlog (HA/backlog=10) holds: A cannot get
    // only what it missed and gets a full snapshot, which it merges. The journal is trimmed
    // every 10 changes down to the last 10, so it holds up to 19: 24 changes are always more,
    // wherever A's offset falls.
    void longOutageResyncsFully()
    {
        QVERIFY2(m_a->stop(SIGTERM), qPrintable(m_a->diagnosis()));
        int code = -1;
        for (int i = 0; i < 12; ++i) {
            const QJsonObject s = helper(1, m_b.get(), { q("new") }, &code);
            if (code != 0)
                QFAIL(qPrintable(helperFailure()));
            helper(1, m_b.get(), { q("terminate"), s.value(q("id")).toString() }, &code);
            if (code != 0)
                QFAIL(qPrintable(helperFailure()));
        }
        QVERIFY(m_a->start());
        TRY_VERIFY_LOGGED(linkUp(m_a.get()) && linkUp(m_b.get()), logs(), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(
            status(m_a.get()).value(q("last_resync_received")).toObject().value(q("kind")).toString(),
            q("full"), 10000);
        QTRY_COMPARE(ids(m_a.get()), ids(m_b.get()));
    }

    // Cable cut between the servers (both still reach the agent), both take writes, then heal:
    // both end with the union, no duplicates, and it matches what the agent runs.
    void partitionHeals()
    {
        partition(true);
        int code = -1;
        const QJsonObject onA = helper(0, m_a.get(), { q("new") }, &code);
        if (code != 0)
            QFAIL(qPrintable(helperFailure()));
        const QJsonObject onB = helper(1, m_b.get(), { q("new") }, &code);
        if (code != 0)
            QFAIL(qPrintable(helperFailure()));
        QVERIFY(!ids(m_b.get()).contains(onA.value(q("id")).toString()));
        partition(false);
        TRY_VERIFY_LOGGED(linkUp(m_a.get()) && linkUp(m_b.get()), logs(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(ids(m_a.get()), ids(m_b.get()), 10000);
        const QStringList all = ids(m_a.get());
        QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), all.size());
        QVERIFY(all.contains(onA.value(q("id")).toString()));
        QVERIFY(all.contains(onB.value(q("id")).toString()));
        QCOMPARE(all.size(), 4);
        QTRY_COMPARE_WITH_TIMEOUT(agentSessions(m_a.get()), all.size(), 10000);
    }

    // The agents are the ground truth: a record of a session the agent does not run goes away
    // after the grace period, on the node that is MASTER (no resource_address configured).
    void agentIsGroundTruth()
    {
        const QStringList before = ids(m_a.get());
        // Kill one session's Xvnc on the agent behind the servers' backs (by its pid).
        qint64 pid = 0;
        QString killed;
        for (const QString &id : before) {
            const QJsonObject r = record(m_a.get(), id);
            if (r.value(q("user")).toString() == m_user[1]->name()) {
                pid = r.value(q("pid")).toInteger();
                killed = id;
            }
        }
        QVERIFY(pid > 1);
        QCOMPARE(::kill(static_cast<pid_t>(pid), SIGKILL), 0);
        QTest::qWait(500);
        int code = -1;
        QVERIFY(run(bin(q("tlctl")), { q("ha"), q("notify"), q("MASTER"), q("--socket"), m_a->socket() },
                    nullptr, &code));
        // Exactly that session's record goes, on both nodes (removed by the reconciler or by the
        // agent's next session lists, whichever comes first); the others stay.
        QStringList expected = before;
        expected.removeAll(killed);
        QTRY_COMPARE_WITH_TIMEOUT(ids(m_a.get()), expected, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(ids(m_b.get()), expected, 10000);
        // A session that ended on its own is an event of the event log (tlctl event list) of the
        // node that removed its record: either, whichever's agent list or reconciler came first.
        QByteArray out;
        QJsonArray events;
        for (const auto *node : { m_a.get(), m_b.get() }) {
            QByteArray log;
            QVERIFY(run(bin(q("tlctl")),
                        { q("event"), q("list"), q("--json"), q("--socket"), node->socket() }, &log));
            out += log;
            for (const QJsonValue &v : QJsonDocument::fromJson(log).array())
                events.append(v);
        }
        bool ended = false;
        for (const QJsonValue &v : std::as_const(events)) {
            const QJsonObject e = v.toObject();
            const QJsonObject details = e.value(q("details")).toObject();
            ended = ended
                || (e.value(q("kind")).toString() == q("session")
                    && details.value(q("ended")).toString() == q("yes")
                    && details.value(q("user")).toString() == m_user[1]->name()
                    && e.value(q("text")).toString().contains(q("no longer runs it")));
        }
        QVERIFY2(ended, out.constData());
    }

    // Only the peer may use the replication port; garbage there disturbs nothing.
    void strangersRefused()
    {
        // From an address that is not the peer.
        sh(QStringLiteral(
               "ip netns exec %1 bash -c 'exec 3<>/dev/tcp/%2/9000; echo hello >&3; sleep 0.3' 2>/dev/null")
               .arg(ns("x"), addr(2)));
        QTRY_VERIFY2(m_a->log().contains(addr(9)) && m_a->log().contains(q("not allowed")),
                     qPrintable(m_a->log().right(3000)));
        // Garbage from the peer's own address (not TLS at all).
        sh(QStringLiteral("ip netns exec %1 bash -c 'exec 3<>/dev/tcp/%2/9000; head -c 5000 /dev/urandom "
                          ">&3; sleep 0.3' "
                          "2>/dev/null")
               .arg(ns("b"), addr(2)));
        // Replication still works.
        int code = -1;
        const QJsonObject s = helper(0, m_a.get(), { q("new") }, &code);
        if (code != 0)
            QFAIL(qPrintable(helperFailure()));
        QVERIFY(ids(m_b.get()).contains(s.value(q("id")).toString()));
        QCOMPARE(status(m_a.get()).value(q("degraded")), QJsonValue(false));
    }

    // SIGTERM: the health check says "not fit" at once, so that keepalived moves the resource
    // IP away while the server still serves; the server stops after HA/shutdown_grace (3 s).
    void sigtermReportsNotFitFirst()
    {
        QVERIFY(m_b->running());
        QElapsedTimer t;
        t.start();
        QVERIFY(m_b->signal(SIGTERM));
        QString said;
        const auto notFit = [&] {
            QProcess p;
            p.start(bin(q("tlctl")), { q("ha"), q("health"), q("--socket"), m_b->socket() });
            p.waitForFinished(5000);
            said = QString::fromLocal8Bit(p.readAllStandardError());
            return p.exitCode() == 1 && said.contains(q("shutting down"));
        };
        QTRY_VERIFY2_WITH_TIMEOUT(notFit(), qPrintable(said), 2000);
        QVERIFY2(t.elapsed() < 2500, qPrintable(QString::number(t.elapsed())));
        QVERIFY(m_b->running());
        QVERIFY(m_b->log().contains(q("shutdown_grace")));
        QTRY_VERIFY_WITH_TIMEOUT(!m_b->running(), 10000);
        QVERIFY2(t.elapsed() >= 2900, qPrintable(QString::number(t.elapsed())));
        QVERIFY(m_b->start());
        TRY_VERIFY_LOGGED(linkUp(m_a.get()) && linkUp(m_b.get()), logs(), 20000);
    }

    // Both nodes restarted (kill -9) with HA/replication=async: a change is answered after A's
    // own commit and streamed to B in batches marked async, which B holds for a moment and
    // applies together, then acknowledges; a peer that does not answer (B stopped) does not make
    // A degraded, and gets what it missed once it runs again. Both go back to sync mode at the
    // end (the test after this one compares the configurations).
    void asyncModeReplicates()
    {
        const auto restartBoth = [&](const QString &extra) {
            for (NsDaemon *d : { m_a.get(), m_b.get() }) {
                QVERIFY2(d->stop(SIGKILL), qPrintable(d->diagnosis()));
                QVERIFY(writeServerRoot(d->root(), extra));
            }
            QVERIFY(m_a->start());
            QVERIFY(m_b->start());
            TRY_VERIFY_LOGGED(linkUp(m_a.get()) && linkUp(m_b.get()), logs(), 20000);
        };
        restartBoth(q("[/vsmserver/HA]\nreplication=async\n[/vsmserver/logging]\ndefaultlevel=DEBUG\n"));
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(status(m_a.get()).value(q("replication")).toString(), q("async"));
        QCOMPARE(status(m_b.get()).value(q("replication")).toString(), q("async"));

        int code = -1;
        const QJsonObject s = helper(0, m_a.get(), { q("new") }, &code);
        if (code != 0)
            QFAIL(qPrintable(helperFailure()));
        const QString id = s.value(q("id")).toString();
        QTRY_VERIFY_WITH_TIMEOUT(ids(m_b.get()).contains(id), 10000);
        // B acknowledged it: A's acknowledged offset reaches its own.
        const auto ackedAll = [&]() {
            const QJsonObject st = status(m_a.get());
            return !st.isEmpty()
                && st.value(q("acked_offset")).toInteger() == st.value(q("offset")).toInteger();
        };
        // Both nodes log each batch at this level (restartBoth() above): on failure their logs
        // come with both statuses.
        const auto statuses = [&]() {
            return q("\n===== status of A\n") + QString::fromUtf8(QJsonDocument(status(m_a.get())).toJson())
                + q("\n===== status of B\n") + QString::fromUtf8(QJsonDocument(status(m_b.get())).toJson());
        };
        TRY_VERIFY_LOGGED(ackedAll(), logs() + statuses(), 10000);
        QCOMPARE(status(m_a.get()).value(q("degraded")), QJsonValue(false));

        // B stopped for more than three heartbeats (which in sync mode make A degraded, its
        // writes no longer waiting for B): A answers, and stays healthy.
        const qsizetype logSize = m_a->log().size();
        QVERIFY(m_b->signal(SIGSTOP));
        QTest::qWait(600);
        const QJsonObject whileAway = helper(1, m_a.get(), { q("new") }, &code);
        QVERIFY(m_b->signal(SIGCONT));
        if (code != 0)
            QFAIL(qPrintable(helperFailure()));
        QCOMPARE(status(m_a.get()).value(q("degraded")), QJsonValue(false));
        QVERIFY2(!m_a->log().mid(logSize).contains(q("HA degraded")), qPrintable(m_a->log().mid(logSize)));
        const QString awayId = whileAway.value(q("id")).toString();
        TRY_VERIFY_LOGGED(ids(m_b.get()).contains(awayId), logs(), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(ids(m_b.get()), ids(m_a.get()), 10000);

        // Changes and deletes follow too.
        QVERIFY(run(bin(q("tlctl")), { q("session"), q("terminate"), id, q("--socket"), m_a->socket() }));
        QTRY_VERIFY_WITH_TIMEOUT(!ids(m_b.get()).contains(id), 10000);

        restartBoth({});
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(status(m_a.get()).value(q("replication")).toString(), q("sync"));
    }

    // B with a different terminalservers, then with a wrong cluster key.
    void mismatchAndWrongKey()
    {
        QVERIFY2(m_b->stop(SIGTERM), qPrintable(m_b->diagnosis()));
        QVERIFY(writeServerRoot(m_b->root(), q("[/vsmserver]\nterminalservers=tlha-agent tlha-primary\n")));
        QVERIFY(m_b->start());
        TRY_VERIFY_LOGGED(
            status(m_a.get()).value(q("config_differs")).toArray().contains(q("/vsmserver/terminalservers")),
            logs(), 15000);
        QCOMPARE(status(m_a.get()).value(q("config_differs")).toArray().size(), 1);
        QVERIFY(m_a->log().contains(
            q("configuration differs from the peer tlha-secondary in: /vsmserver/terminalservers")));

        QVERIFY2(m_b->stop(SIGTERM), qPrintable(m_b->diagnosis()));
        const QString wrong = m_base.filePath(q("wrong.key"));
        QVERIFY(writeServerRoot(m_b->root(), QStringLiteral("[/vsm]\ncluster_key_file=%1\n").arg(wrong)));
        const qsizetype logSize = m_a->log().size();
        QVERIFY(m_b->start());
        QTRY_VERIFY2_WITH_TIMEOUT(m_a->log().mid(logSize).contains(addr(3))
                                      && m_a->log().mid(logSize).contains(q("handshake")),
                                  qPrintable(m_a->log().mid(logSize)), 15000);
        QTest::qWait(1000);
        QCOMPARE(status(m_a.get()).value(q("link_in")).toString(), q("down"));
    }
};

QTEST_GUILESS_MAIN(TestHaIntegration)
#include "tst_haintegration.moc"
