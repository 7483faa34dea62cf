#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QTcpSocket;
class QTimer;

namespace Vnc {

// Asks host:port for its RFB banner without blocking the event loop: the asynchronous form of
// RfbClient::probe(), for daemons. One probe is one connection and one timer; a server that
// accepts and then says nothing (a stopped Xvnc) costs its caller nothing but the wait.
class RfbProbe final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RfbProbe)

public:
    enum class Outcome {
        Banner, // an RFB server answered
        NoBanner, // nothing answers, no banner within the time, or not an RFB server
        CannotAsk, // no socket could be made here (out of file descriptors, …): says nothing about the server
    };
    // The outcome, and why when it is not Banner.
    using Done = std::function<void(Outcome outcome, const QString &reason)>;

    // Connects to host (an address) and port, and calls done exactly once from the event loop
    // (never from inside start()), within about timeoutMs. Nothing is called when context is
    // destroyed first; context must not be destroyed from inside done.
    static void start(const QString &host, quint16 port, int timeoutMs, QObject *context, Done done);

private:
    RfbProbe(const QString &host, quint16 port, int timeoutMs, QObject *context, Done done);
    void begin();
    void onReadyRead();
    void finish(Outcome outcome, const QString &reason);

    QString m_host;
    quint16 m_port;
    int m_timeoutMs;
    Done m_done;
    QTcpSocket *m_socket;
    QTimer *m_timer;
    QByteArray m_data;
    bool m_finished = false;
};

} // namespace Vnc
