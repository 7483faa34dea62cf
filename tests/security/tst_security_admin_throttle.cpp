// Regression test: password guessing against vsmserver's admin API is slowed down per address,
// however the guesses are sent. Before the fix 40 wrong guesses pipelined on one connection, and
// then the right password, were all checked at once: the right one succeeded after 3 s.
//
// Now one login per connection and per address is in progress at a time, and the address's
// delay after failures is waited out before a password is checked, on any connection. So the
// right password, however it follows the wrong ones, is not accepted before the accumulated
// delay of the failures checked before it, and the log names the address.
#include "tests/security/adminserverfixture.h"

#include <QTest>

#include <deque>

using SecurityTest::LoginAnswer;

class TestSecurityAdminThrottle : public QObject {
    Q_OBJECT

private:
    SecurityTest::AdminServer m_server;

    // Every answer is a failure or a refusal that says why; returns how many guesses were
    // checked (answered "wrong admin password").
    static int checkedGuesses(const QList<LoginAnswer> &answers, int right)
    {
        int wrong = 0;
        for (int i = 0; i < answers.size(); ++i) {
            if (i == right)
                continue;
            const LoginAnswer &a = answers.at(i);
            if (a.ok)
                qFatal("a wrong password was accepted");
            if (a.error.contains(QLatin1String("wrong admin password")))
                ++wrong;
            else if (!a.error.contains(QLatin1String("in progress")))
                qWarning("unexpected answer: %s", qPrintable(a.error));
        }
        return wrong;
    }

    // The right password (answers[right]) was not accepted before the delay the wrong guesses
    // checked before it have earned.
    static void verifyRightOneWaited(const QList<LoginAnswer> &answers, int right)
    {
        const LoginAnswer &a = answers.at(right);
        QVERIFY(a.done);
        if (!a.ok) {
            QVERIFY2(a.error.contains(QLatin1String("in progress")), qPrintable(a.error));
            return;
        }
        int before = 0;
        for (int i = 0; i < answers.size(); ++i) {
            if (i != right && answers.at(i).error.contains(QLatin1String("wrong admin password"))
                && answers.at(i).atMs <= a.atMs)
                ++before;
        }
        const qint64 earliest = SecurityTest::accumulatedDelayMs(before);
        QVERIFY2(
            a.atMs >= earliest,
            qPrintable(QStringLiteral("the right password was accepted after %1 ms, after %2 wrong guesses "
                                      "that earn %3 ms of delay")
                           .arg(a.atMs)
                           .arg(before)
                           .arg(earliest)));
    }

    void verifyLogged(const QString &address)
    {
        const QString log = m_server.log();
        QVERIFY2(log.contains(QStringLiteral("failed admin login from %1 ").arg(address)), qPrintable(log));
        QVERIFY2(
            log.contains(QStringLiteral("admin login(s) from %1 refused while one from there was in progress")
                             .arg(address)),
            qPrintable(log));
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: vsmserver's admin API runs as root");
        QString error;
        QVERIFY2(m_server.setUp(&error), qPrintable(error));
        QVERIFY2(m_server.setPassword(SecurityTest::AdminServer::Password, &error), qPrintable(error));
        QVERIFY2(m_server.start(&error), qPrintable(error));
    }

    // 40 wrong guesses and the right password pipelined on one connection.
    void pipelinedOnOneConnection()
    {
        const QString address = QStringLiteral("127.0.0.11");
        QString error;
        Protocol::Link *link
            = SecurityTest::openAdminLink(QHostAddress(address), m_server.adminPort, this, &error);
        QVERIFY2(link, qPrintable(error));
        QList<LoginAnswer> answers(41);
        QElapsedTimer clock;
        clock.start();
        QObject pending; // the context of the guesses: answers still on their way when this test ends are
                         // dropped with it
        for (int i = 0; i < 40; ++i)
            SecurityTest::sendLogin(link, "wrong guess " + QByteArray::number(i), clock, &answers[i],
                                    &pending);
        SecurityTest::sendLogin(link, SecurityTest::AdminServer::Password, clock, &answers[40], &pending);
        QVERIFY(QTest::qWaitFor(
            [&]() {
                return std::all_of(answers.cbegin(), answers.cend(),
                                   [](const LoginAnswer &a) { return a.done; });
            },
            60000));
        const int wrong = checkedGuesses(answers, 40);
        qInfo("pipelined: %d of 40 wrong guesses checked; the right one: %s after %lld ms", wrong,
              answers[40].ok ? "accepted" : qPrintable(answers[40].error), answers[40].atMs);
        QVERIFY2(wrong <= 1, qPrintable(QStringLiteral("%1 guesses were checked at once").arg(wrong)));
        verifyRightOneWaited(answers, 40);
        for (int i = 1; i < 41; ++i)
            QVERIFY2(answers[i].error.contains(QLatin1String("already in progress on this connection")),
                     qPrintable(answers[i].error));
        verifyLogged(address);
        QVERIFY(m_server.running());
    }

    // The same guesses, each on a connection of its own from one address: as many connections
    // as the admin port lets one unauthenticated address hold (16); the next one is refused.
    void spreadOverConnections()
    {
        constexpr int Connections = 16;
        constexpr int Right = Connections - 1;
        const QString address = QStringLiteral("127.0.0.12");
        QList<Protocol::Link *> links;
        for (int i = 0; i < Connections; ++i) {
            QString error;
            Protocol::Link *link
                = SecurityTest::openAdminLink(QHostAddress(address), m_server.adminPort, this, &error);
            QVERIFY2(link, qPrintable(error));
            links.append(link);
        }
        QString refused;
        QVERIFY(!SecurityTest::openAdminLink(QHostAddress(address), m_server.adminPort, this, &refused));
        QList<LoginAnswer> answers(Connections);
        QElapsedTimer clock;
        clock.start();
        QObject pending; // the context of the guesses: answers still on their way when this test ends are
                         // dropped with it
        for (int i = 0; i < Right; ++i)
            SecurityTest::sendLogin(links[i], "wrong guess " + QByteArray::number(i), clock, &answers[i],
                                    &pending);
        SecurityTest::sendLogin(links[Right], SecurityTest::AdminServer::Password, clock, &answers[Right],
                                &pending);
        QVERIFY(QTest::qWaitFor(
            [&]() {
                return std::all_of(answers.cbegin(), answers.cend(),
                                   [](const LoginAnswer &a) { return a.done; });
            },
            60000));
        const int wrong = checkedGuesses(answers, Right);
        qInfo("spread over %d connections: %d of %d wrong guesses checked; the right one: %s after %lld ms",
              Connections, wrong, Right, answers[Right].ok ? "accepted" : qPrintable(answers[Right].error),
              answers[Right].atMs);
        QVERIFY2(wrong <= 1, qPrintable(QStringLiteral("%1 guesses were checked at once").arg(wrong)));
        verifyRightOneWaited(answers, Right);
        verifyLogged(address);
        qDeleteAll(links);
    }

    // An attacker who resends whatever was refused, on several connections from one address, for
    // 4 s: no more guesses are checked than the delays allow, and the right password sent
    // afterwards is accepted only once the accumulated delay has passed.
    void guessRateIsBounded()
    {
        const QString address = QStringLiteral("127.0.0.13");
        constexpr int Connections = 8;
        constexpr qint64 WindowMs = 4000;
        QList<Protocol::Link *> links;
        for (int i = 0; i < Connections; ++i) {
            QString error;
            Protocol::Link *link
                = SecurityTest::openAdminLink(QHostAddress(address), m_server.adminPort, this, &error);
            QVERIFY2(link, qPrintable(error));
            links.append(link);
        }
        QElapsedTimer clock;
        clock.start();
        QObject pending; // the context of the guesses: answers still on their way when this test ends are
                         // dropped with it
        std::deque<LoginAnswer> answers; // stable addresses: replies write into them
        QList<int> current(Connections, -1);
        int sent = 0;
        while (clock.elapsed() < WindowMs) {
            for (int c = 0; c < Connections; ++c) {
                if (current[c] >= 0 && !answers[current[c]].done)
                    continue;
                answers.emplace_back();
                current[c] = int(answers.size() - 1);
                SecurityTest::sendLogin(links[c], "wrong guess " + QByteArray::number(++sent), clock,
                                        &answers[current[c]], &pending);
            }
            QTest::qWait(5);
        }
        QVERIFY(QTest::qWaitFor(
            [&]() {
                return std::all_of(answers.cbegin(), answers.cend(),
                                   [](const LoginAnswer &a) { return a.done; });
            },
            60000));
        int wrong = 0;
        for (const LoginAnswer &a : std::as_const(answers)) {
            QVERIFY(!a.ok);
            wrong += a.error.contains(QLatin1String("wrong admin password")) ? 1 : 0;
        }
        // Guess n + 1 is checked no earlier than accumulatedDelayMs(n) after the first.
        int allowed = 0;
        while (SecurityTest::accumulatedDelayMs(allowed) <= WindowMs)
            ++allowed;
        qInfo("%d guesses sent in %lld ms, %d checked (at most %d allowed)", sent, WindowMs, wrong, allowed);
        QVERIFY2(wrong >= 1 && wrong <= allowed,
                 qPrintable(QStringLiteral("%1 guesses checked in %2 ms").arg(wrong).arg(WindowMs)));
        // The right password, resent while refused: accepted only after the earned delay.
        LoginAnswer right;
        while (!right.ok && clock.elapsed() < 120000) {
            right = LoginAnswer();
            SecurityTest::sendLogin(links[0], SecurityTest::AdminServer::Password, clock, &right, &pending);
            QVERIFY(QTest::qWaitFor([&]() { return right.done; }, 60000));
            if (!right.ok) {
                QVERIFY2(right.error.contains(QLatin1String("in progress")), qPrintable(right.error));
                QTest::qWait(20);
            }
        }
        QVERIFY2(right.ok, qPrintable(right.error));
        qInfo("the right password was accepted after %lld ms", right.atMs);
        QVERIFY2(right.atMs >= SecurityTest::accumulatedDelayMs(wrong),
                 qPrintable(QStringLiteral("accepted after %1 ms; %2 failures earn %3 ms")
                                .arg(right.atMs)
                                .arg(wrong)
                                .arg(SecurityTest::accumulatedDelayMs(wrong))));
        verifyLogged(address);
        qDeleteAll(links);
    }
};

QTEST_MAIN(TestSecurityAdminThrottle)
#include "tst_security_admin_throttle.moc"
