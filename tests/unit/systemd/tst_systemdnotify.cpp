// Systemd::Notifier speaks sd_notify's datagram protocol: READY, STATUS, RELOADING, STOPPING and
// watchdog pings from the event loop, to a socket this test binds in place of systemd's.
#include "shared/systemd/notifier.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

class TestSystemdNotify : public QObject {
    Q_OBJECT

private:
    // A datagram socket bound at path ("@name": abstract). Returns the fd.
    static int bindSocket(const QByteArray &path)
    {
        const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un address {};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, path.constData(), static_cast<size_t>(path.size()));
        if (path.startsWith('@'))
            address.sun_path[0] = '\0';
        const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size());
        if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), length) != 0) {
            ::close(fd);
            return -1;
        }
        return fd;
    }

    // The datagrams that arrive within ms, in order.
    static QList<QByteArray> receive(int fd, int ms)
    {
        QList<QByteArray> got;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < ms) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            char buffer[4096];
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n > 0)
                got.append(QByteArray(buffer, static_cast<int>(n)));
            else
                QThread::msleep(5);
        }
        return got;
    }

private Q_SLOTS:
    void withoutSocketNothingHappens()
    {
        qunsetenv("NOTIFY_SOCKET");
        qputenv("WATCHDOG_USEC", "1000000");
        Systemd::Notifier notifier;
        QVERIFY(!notifier.enabled());
        QCOMPARE(notifier.watchdogMs(), 0);
        notifier.ready();
        notifier.reloading();
        notifier.stopping(QStringLiteral("bye"));
    }

    void readyStatusWatchdog()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("notify")));
        const int fd = bindSocket(path);
        QVERIFY(fd >= 0);
        qputenv("NOTIFY_SOCKET", path);
        qputenv("WATCHDOG_USEC", "200000");
        qputenv("WATCHDOG_PID", QByteArray::number(::getpid()));
        Systemd::Notifier notifier;
        // Nothing the daemon starts inherits the conversation.
        QVERIFY(qEnvironmentVariableIsEmpty("NOTIFY_SOCKET"));
        QVERIFY(qEnvironmentVariableIsEmpty("WATCHDOG_USEC"));
        QVERIFY(qEnvironmentVariableIsEmpty("WATCHDOG_PID"));
        QVERIFY(notifier.enabled());
        QCOMPARE(notifier.watchdogMs(), 200);

        QString state = QStringLiteral("2 sessions\nHA on");
        notifier.setStatusSource([&state] { return state; });
        notifier.ready();
        QList<QByteArray> got = receive(fd, 50);
        QVERIFY(got.size() >= 2);
        QCOMPARE(got.at(0), QByteArray("READY=1\nSTATUS=2 sessions HA on\n"));
        QCOMPARE(got.at(1), QByteArray("WATCHDOG=1\n"));

        // The event loop pings at half the interval; a changed status rides along.
        got = receive(fd, 250);
        QVERIFY2(got.size() >= 2, qPrintable(QString::number(got.size())));
        QVERIFY(got.contains(QByteArray("WATCHDOG=1\n")));
        state = QStringLiteral("3 sessions");
        got = receive(fd, 250);
        QVERIFY(got.contains(QByteArray("WATCHDOG=1\nSTATUS=3 sessions\n")));

        notifier.reloading();
        got = receive(fd, 20);
        QCOMPARE(got.value(0), QByteArray("RELOADING=1\nSTATUS=reloading the configuration\n"));
        notifier.stopping(QStringLiteral("stopping"));
        got = receive(fd, 20);
        QCOMPARE(got.value(0), QByteArray("STOPPING=1\nSTATUS=stopping\n"));
        ::close(fd);
    }

    void abstractSocket()
    {
        const QByteArray name = "@openvsm-tst-notify-" + QByteArray::number(::getpid());
        const int fd = bindSocket(name);
        QVERIFY(fd >= 0);
        QString error;
        QVERIFY2(Systemd::Notifier::send(name, "READY=1\n", &error), qPrintable(error));
        QCOMPARE(receive(fd, 20).value(0), QByteArray("READY=1\n"));
        ::close(fd);
    }

    void anotherProcessesWatchdogIsNotOurs()
    {
        qputenv("NOTIFY_SOCKET", "/nonexistent/notify");
        qputenv("WATCHDOG_USEC", "1000000");
        qputenv("WATCHDOG_PID", "1");
        Systemd::Notifier notifier;
        QCOMPARE(notifier.watchdogMs(), 0);
        QString error;
        QVERIFY(!Systemd::Notifier::send("relative", "READY=1\n", &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!Systemd::Notifier::send("/nonexistent/notify", "READY=1\n", &error));
        notifier.ready(); // warns once, does not fail
    }
};

QTEST_GUILESS_MAIN(TestSystemdNotify)
#include "tst_systemdnotify.moc"
