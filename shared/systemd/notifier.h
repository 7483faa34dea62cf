#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

class QTimer;

namespace Systemd {

// Tells the service manager how a Type=notify daemon is doing, over the datagram socket named
// by $NOTIFY_SOCKET (sd_notify(3)'s protocol: "KEY=VALUE" lines in one datagram), without
// libsystemd. READY=1 once every listener is up, STATUS= with a one-line state, RELOADING=1
// around a SIGHUP reload, STOPPING=1, and WATCHDOG=1 from the event loop at half of
// $WATCHDOG_USEC, so a hung loop is noticed and restarted. Without $NOTIFY_SOCKET (not started
// by systemd, or by a unit of another type) every call does nothing.
class Notifier final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)

public:
    using StatusLine = std::function<QString()>;

    // Takes $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID from the environment and removes
    // them, so that no program this daemon starts talks to the service manager in its name.
    explicit Notifier(QObject *parent = nullptr);
    ~Notifier() override;

    bool enabled() const { return !m_socket.isEmpty(); }
    // The watchdog interval the unit asked for (WatchdogSec=), 0 when none.
    qint64 watchdogMs() const { return m_watchdogMs; }

    // Where the STATUS= line comes from; it is sent with READY=1 and again with a watchdog
    // ping (or every 10 s without a watchdog) whenever it changed.
    void setStatusSource(StatusLine source) { m_statusSource = std::move(source); }

    // Every listener is up: READY=1 and the status; starts the watchdog pings.
    void ready();
    // SIGHUP: RELOADING=1 now, READY=1 again once the reload is done (call ready()).
    void reloading();
    // SIGTERM: STOPPING=1 and the given status.
    void stopping(const QString &status);
    // STATUS=line (one line: line breaks become blanks).
    void status(const QString &line);

    // Sends message as one datagram to socketPath ("/path" or "@abstract"). For tests.
    static bool send(const QByteArray &socketPath, const QByteArray &message, QString *error);

private:
    void sendNow(const QByteArray &message);
    void tick();
    QByteArray statusField();

    QByteArray m_socket;
    qint64 m_watchdogMs = 0;
    QTimer *m_timer = nullptr;
    StatusLine m_statusSource;
    QString m_lastStatus;
    bool m_failedOnce = false;
};

} // namespace Systemd
