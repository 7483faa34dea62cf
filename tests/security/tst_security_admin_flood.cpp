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
#include "adminserverfixture.h"
#include "sanitizer.h"

#include <QTest>

using SecurityTest::LoginAnswer;

class TestSecurityAdminFlood : public QObject {
    Q_OBJECT

private:
    SecurityTest::AdminServer m_server;

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
    }

    void localSocketAnswersDuringAGuessingFlood()
    {
        constexpr int Peers = 100; // under the admin port's 128 links
        constexpr qint64 FloodMs = 10000;
        QList<Protocol::Link *> links;
        for (int i = 0; i < Peers; ++i) {
            QString error;
            const QHostAddress source(QStringLiteral("127.0.1.%1").arg(i + 1));
            Protocol::Link *link = SecurityTest::openAdminLink(source, m_server.adminPort, this, &error);
            QVERIFY2(link, qPrintable(error));
            links.append(link);
        }

        // tlctl over the local socket, timed, one after the other for as long as the flood lasts.
        struct Timing {
            QString command;
            qint64 ms;
            int code;
        };
        QList<Timing> timings;
        bool flooding = true;
        QProcess tlctl;
        tlctl.setProcessEnvironment(m_server.environment());
        QElapsedTimer tlctlClock;
        const QList<QStringList> commands { { QStringLiteral("ha"), QStringLiteral("health") },
                                            { QStringLiteral("session"), QStringLiteral("list") } };
        auto startTlctl = [&]() {
            tlctlClock.start();
            tlctl.start(TestSupport::bin(QStringLiteral("tlctl")), commands.at(timings.size() % 2));
        };
        connect(&tlctl, &QProcess::finished, this, [&](int code) {
            timings.append(
                { commands.at(timings.size() % 2).join(QLatin1Char(' ')), tlctlClock.elapsed(), code });
            if (flooding)
                startTlctl();
        });
        startTlctl();
        QTest::qWait(300);

        QElapsedTimer clock;
        clock.start();
        QList<LoginAnswer> answers(Peers);
        int sent = 0;
        int busy = 0;
        for (int i = 0; i < Peers; ++i) {
            SecurityTest::sendLogin(links[i], "guess " + QByteArray::number(i), clock, &answers[i], this);
            ++sent;
        }
        // Resend the ones answered "busy" until every peer's guess was checked, or 10 s.
        int checked = 0;
        while (clock.elapsed() < FloodMs) {
            QTest::qWait(50);
            checked = 0;
            for (int i = 0; i < Peers; ++i) {
                LoginAnswer &a = answers[i];
                if (!a.done)
                    continue;
                QVERIFY2(!a.ok, "a wrong guess was accepted");
                if (a.error.contains(QLatin1String("wrong admin password"))) {
                    ++checked;
                    continue;
                }
                QVERIFY2(a.error.contains(QLatin1String("busy")), qPrintable(a.error));
                ++busy;
                a = LoginAnswer();
                SecurityTest::sendLogin(links[i], "guess " + QByteArray::number(i), clock, &a, this);
                ++sent;
            }
            if (checked == Peers)
                break;
        }
        const qint64 floodMs = clock.elapsed();
        flooding = false;
        QVERIFY(QTest::qWaitFor([&]() { return tlctl.state() == QProcess::NotRunning; }, 30000));

        qint64 slowest = 0;
        for (const Timing &t : std::as_const(timings))
            slowest = std::max(slowest, t.ms);
        qInfo(
            "%d guesses sent by %d peers in %lld ms: %d checked, %d answered busy; %lld tlctl runs over the "
            "local socket, the slowest %lld ms",
            sent, Peers, floodMs, checked, busy, qint64(timings.size()), slowest);
        for (const Timing &t : std::as_const(timings)) {
            QVERIFY2(t.code == 0 || (t.code == 1 && t.command == QLatin1String("ha health")),
                     qPrintable(QStringLiteral("tlctl %1: exit %2").arg(t.command).arg(t.code)));
            QVERIFY2(
                t.ms < TestSupport::scaledMs(1000),
                qPrintable(QStringLiteral("tlctl %1 took %2 ms during the flood").arg(t.command).arg(t.ms)));
        }
        QVERIFY2(sent >= Peers, "fewer guesses than peers were sent");
        QVERIFY2(busy > 0, "no guess was answered busy: the queue of password checks is not bounded");
        QVERIFY2(checked >= 10, "hardly any guess was checked: the flood did not make vsmserver hash");
        QVERIFY2(timings.size() >= 5, qPrintable(QStringLiteral("only %1 tlctl runs").arg(timings.size())));
        const QString log = m_server.log();
        QVERIFY2(log.contains(QLatin1String("admin login(s) refused as busy, the latest from 127.0.1.")),
                 qPrintable(log.right(3000)));
        QVERIFY(m_server.running());
        qDeleteAll(links);

        // The flood is over: the administrator gets in (resending while the queue drains).
        LoginAnswer right;
        QString error;
        Protocol::Link *link = SecurityTest::openAdminLink(QHostAddress(QStringLiteral("127.0.0.1")),
                                                           m_server.adminPort, this, &error);
        QVERIFY2(link, qPrintable(error));
        for (int attempt = 0; attempt < 50 && !right.ok; ++attempt) {
            right = LoginAnswer();
            SecurityTest::sendLogin(link, SecurityTest::AdminServer::Password, clock, &right, this);
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
