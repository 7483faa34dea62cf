#pragma once

#include "shared/net/refusallog.h"

#include <QObject>
#include <QString>

class QSocketNotifier;
class QTimer;

namespace Net {

// Accepts connections on a listening socket it does not own, and survives running out of file
// descriptors. Qt's listeners do not: QLocalServer closes itself when accept() fails, and
// QTcpServer (6.4) retries a failing accept() in a busy loop. Here a failed accept (EMFILE,
// ENFILE, ENOBUFS, ENOMEM) stops accepting for a moment, is logged (rate-limited, naming what
// to do), and accepting resumes; waiting connections stay in the kernel's backlog meanwhile.
class Acceptor final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Acceptor)

public:
    // what names the listener in log lines ("port 904", "/run/openvsm/vsmserver.sock").
    Acceptor(int listeningFd, const QString &what, QObject *parent = nullptr);
    ~Acceptor() override;

    void setEnabled(bool enabled);

signals:
    // A new connection (non-blocking, close-on-exec); the receiver owns fd.
    void accepted(int fd);

private:
    void onReadable();

    int m_fd;
    QString m_what;
    bool m_enabled = true;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_resume = nullptr;
    RefusalLog m_failures;
};

} // namespace Net
