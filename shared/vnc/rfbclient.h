#pragma once

#include <QByteArray>
#include <QString>

class QIODevice;

namespace Vnc {

// The result of an RFB handshake: ok with the framebuffer size and desktop name the server
// announced, or a reason saying where and why it failed.
struct RfbLoginResult {
    bool ok = false;
    QString error;
    QByteArray serverVersion; // "RFB 003.008"
    int width = 0;
    int height = 0;
    QString desktopName;
};

// A minimal RFB (VNC) client that logs in and stops: it reads the server's banner, answers
// with protocol 3.8 (or 3.7/3.3 when the server is older), picks VNC authentication (type 2),
// answers the 16-byte challenge with DES of the password, reads SecurityResult, sends ClientInit
// and reads ServerInit. It proves that a password really opens a VNC server. Blocking, with one
// deadline for the whole handshake; use it from tests, CLIs, or with a short timeout.
class RfbClient final {
public:
    // Runs the handshake over an already connected device (QTcpSocket, or anything that
    // supports waitForReadyRead/waitForBytesWritten).
    static RfbLoginResult login(QIODevice *device, QByteArrayView password, int timeoutMs);
    // Connects to host:port and runs the handshake.
    static RfbLoginResult loginTcp(const QString &host, quint16 port, QByteArrayView password, int timeoutMs);

    // True when data starts with a complete RFB banner "RFB 003.00x\n" (x = a digit). Pure.
    static bool isBanner(QByteArrayView data);

    // Connects to host:port and reads the banner only: true when an RFB server answers there.
    // On false, *reason (if given) says what happened.
    static bool probe(const QString &host, quint16 port, int timeoutMs, QString *reason = nullptr);
};

} // namespace Vnc
