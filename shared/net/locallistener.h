#pragma once

#include <QObject>
#include <QString>

class QLocalSocket;

namespace Net {

class Acceptor;

// A listening Unix socket that survives running out of file descriptors. QLocalServer closes
// itself (and so the socket file is gone for good) when accept() fails; this listener accepts
// through Net::Acceptor, which pauses for a moment instead. Each accepted connection is handed
// over as a connected QLocalSocket.
class LocalListener final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalListener)

public:
    explicit LocalListener(QObject *parent = nullptr);
    ~LocalListener() override;

    // Binds path (which must not exist; remove a stale one first), sets its mode, listens.
    bool listen(const QString &path, int mode, QString *error);
    void close();
    bool isListening() const { return m_fd >= 0; }

signals:
    // socket is a child of the listener until the receiver reparents it.
    void newConnection(QLocalSocket *socket);

private:
    void onAccepted(int fd);

    int m_fd = -1;
    QString m_path;
    Acceptor *m_acceptor = nullptr;
};

} // namespace Net
