// Regression test: a flood of admin login guesses does not stall vsmserver. Before the fix each
// PBKDF2 check (200,000 iterations, ~0.1 s) ran on the main thread: 200 guesses made
// `tlctl ha health` time out, and keepalived failed the node over because of an unauthenticated
// client.
//
// Now checks run on a worker thread with a bounded queue; beyond it a guess is answered "busy,
// try again" without hashing. Here 100 peers (100 source addresses, so that the per-address
// throttle does not hold them back) guess at once and resend whatever was answered "busy", for
// up to 10 s, while `tlctl ha health` and `tlctl session list` are timed in a loop over the
// local socket: every answer must come within 1 s.
#include "tests/integration/support/sanitizer.h"
#include "tests/security/adminserverfixture.h"

#include <QScopeGuard>
#include <QTest>

using SecurityTest::LoginAnswer;

namespace {

// tlctl over the local socket, one run after the other while the flood lasts, each timed.
class TlctlLoop {
public:
    struct Timing {
        QString command;
        qint64 ms;
        int code;
    };

    void start(const QProcessEnvironment &environment)
    {
        m_process.setProcessEnvironment(environment);
        QObject::connect(&m_process, &QProcess::finished, [this](int code) {
            m_timings.append({ command().join(QLatin1Char(' ')), m_clock.elapsed(), code });
            if (m_running)
                next();
        });
        next();
    }
    // Lets the current run finish and starts no other.
    bool stop(int timeoutMs)
    {
        m_running = false;
        return QTest::qWaitFor([this]() { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
    }
    const QList<Timing> &timings() const { return m_timings; }
    qint64 slowestMs() const
    {
        qint64 slowest = 0;
        for (const Timing &t : m_timings)
            slowest = std::max(slowest, t.ms);
        return slowest;
    }

private:
    QStringList command() const
    {
        return m_timings.size() % 2 == 0 ? QStringList { QStringLiteral("ha"), QStringLiteral("health") }
                                         : QStringList { QStringLiteral("session"), QStringLiteral("list") };
    }
    void next()
    {
        m_clock.start();
        m_process.start(TestSupport::bin(QStringLiteral("tlctl")), command());
    }

    QProcess m_process;
    QElapsedTimer m_clock;
    QList<Timing> m_timings;
    bool m_running = true;
};

struct Flood {
    int sent = 0;
    int busy = 0;
    int checked = 0;
    qint64 ms = 0;
};

} // namespace

class TestSecurityAdminFlood : public QObject {
    Q_OBJECT

private:
    SecurityTest::AdminServer m_server;
    QElapsedTimer m_clock;

    // Every peer sends a wrong guess; the ones answered "busy" resend until every peer's guess
    // was checked, or for FloodMs.
    void flood(const QList<Protocol::Link *> &links, Flood *result)
    {
        constexpr qint64 FloodMs = 10000;
        const qsizetype peers = links.size();
        QElapsedTimer clock;
        clock.start();
        QList<LoginAnswer> answers(peers);
        // The context of every guess: answers still on their way when the flood ends are dropped
        // with it (declared after answers and clock, so it goes first), never written into
        // this function's ended locals.
        QObject pending;
        for (qsizetype i = 0; i < peers; ++i, ++result->sent)
            SecurityTest::sendLogin(links[i], "guess " + QByteArray::number(i), clock, &answers[i], &pending);
        while (clock.elapsed() < FloodMs && result->checked < peers) {
            QTest::qWait(50);
            result->checked = 0;
            for (qsizetype i = 0; i < peers; ++i) {
                LoginAnswer &a = answers[i];
                if (!a.done)
                    continue;
                QVERIFY2(!a.ok, "a wrong guess was accepted");
                if (a.error.contains(QLatin1String("wrong admin password"))) {
                    ++result->checked;
                    continue;
                }
                QVERIFY2(a.error.contains(QLatin1String("busy")), qPrintable(a.error));
                ++result->busy;
                a = LoginAnswer();
                SecurityTest::sendLogin(links[i], "guess " + QByteArray::number(i), clock, &a, &pending);
                ++result->sent;
            }
        }
        result->ms = clock.elapsed();
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: vsmserver's admin API runs as root");
        QString error;
        QVERIFY2(m_server.setUp(&error), qPrintable(error));
        // The real hash: tlctl writes the default 200,000 iterations.
        QVERIFY2(m_server.setPassword(SecurityTest::AdminServer::Password, &error), qPrintable(error));
        QVERIFY2(m_server.start(&error), qPrintable(error));
        m_clock.start();
    }

    void localSocketAnswersDuringAGuessingFlood()
    {
        constexpr int Peers = 100; // under the admin port's 128 links
        QList<Protocol::Link *> links;
        const auto closeLinks = qScopeGuard([&links] { qDeleteAll(links); });
        for (int i = 0; i < Peers; ++i) {
            QString error;
            const QHostAddress source(QStringLiteral("127.0.1.%1").arg(i + 1));
            Protocol::Link *link = SecurityTest::openAdminLink(source, m_server.adminPort, this, &error);
            QVERIFY2(link, qPrintable(error));
            links.append(link);
        }
        TlctlLoop tlctl;
        tlctl.start(m_server.environment());
        QTest::qWait(300);
        Flood result;
        flood(links, &result);
        QVERIFY(tlctl.stop(30000));
        if (QTest::currentTestFailed())
            return;

        qInfo(
            "%d guesses sent by %d peers in %lld ms: %d checked, %d answered busy; %lld tlctl runs over the "
            "local socket, the slowest %lld ms",
            result.sent, Peers, result.ms, result.checked, result.busy, qint64(tlctl.timings().size()),
            tlctl.slowestMs());
        for (const TlctlLoop::Timing &t : tlctl.timings()) {
            QVERIFY2(t.code == 0 || (t.code == 1 && t.command == QLatin1String("ha health")),
                     qPrintable(QStringLiteral("tlctl %1: exit %2").arg(t.command).arg(t.code)));
            QVERIFY2(
                t.ms < TestSupport::scaledMs(1000),
                qPrintable(QStringLiteral("tlctl %1 took %2 ms during the flood").arg(t.command).arg(t.ms)));
        }
        QVERIFY2(result.sent >= Peers, "fewer guesses than peers were sent");
        QVERIFY2(result.busy > 0, "no guess was answered busy: the queue of password checks is not bounded");
        QVERIFY2(result.checked >= 10, "hardly any guess was checked: the flood did not make vsmserver hash");
        QVERIFY2(tlctl.timings().size() >= 5,
                 qPrintable(QStringLiteral("only %1 tlctl runs").arg(tlctl.timings().size())));
        const QString log = m_server.log();
        QVERIFY2(log.contains(QLatin1String("admin login(s) refused as busy, the latest from 127.0.1.")),
                 qPrintable(log.right(3000)));
        QVERIFY(m_server.running());
    }

    // The flood is over: the administrator gets in (resending while the queue drains).
    void administratorGetsInAfterTheFlood()
    {
        LoginAnswer right;
        QString error;
        Protocol::Link *link = SecurityTest::openAdminLink(QHostAddress(QStringLiteral("127.0.0.1")),
                                                           m_server.adminPort, this, &error);
        QVERIFY2(link, qPrintable(error));
        for (int attempt = 0; attempt < 50 && !right.ok; ++attempt) {
            right = LoginAnswer();
            SecurityTest::sendLogin(link, SecurityTest::AdminServer::Password, m_clock, &right, this);
            QVERIFY(QTest::qWaitFor([&]() { return right.done; }, 30000));
            if (!right.ok) {
                QVERIFY2(right.error.contains(QLatin1String("busy")), qPrintable(right.error));
                QTest::qWait(200);
            }
        }
        QVERIFY2(right.ok, qPrintable(right.error));
    }
};

QTEST_MAIN(TestSecurityAdminFlood)
#include "tst_security_admin_flood.moc"
