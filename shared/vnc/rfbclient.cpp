#include "shared/vnc/rfbclient.h"

#include "shared/vnc/des.h"

#include <QDeadlineTimer>
#include <QStringList>
#include <QTcpSocket>
#include <QtEndian>

namespace Vnc {
namespace {

constexpr quint8 kSecurityNone = 1;
constexpr quint8 kSecurityVncAuth = 2;

class Reader {
public:
    Reader(QIODevice *device, int timeoutMs) : m_device(device), m_deadline(timeoutMs) { }

    bool readExactly(qsizetype n, QByteArray *out, QString *error, const QString &what)
    {
        out->clear();
        while (out->size() < n) {
            const QByteArray chunk = m_device->read(n - out->size());
            out->append(chunk);
            if (out->size() >= n)
                break;
            if (m_deadline.hasExpired()) {
                *error = QStringLiteral("timed out waiting for the server's %1").arg(what);
                return false;
            }
            if (!m_device->waitForReadyRead(static_cast<int>(qMax<qint64>(1, m_deadline.remainingTime())))) {
                if (m_deadline.hasExpired())
                    *error = QStringLiteral("timed out waiting for the server's %1").arg(what);
                else
                    *error
                        = QStringLiteral("the server closed the connection before sending its %1").arg(what);
                return false;
            }
        }
        return true;
    }

    bool write(const QByteArray &data, QString *error)
    {
        if (m_device->write(data) != data.size()) {
            *error = QStringLiteral("cannot send to the server: %1").arg(m_device->errorString());
            return false;
        }
        while (m_device->bytesToWrite() > 0) {
            if (!m_device->waitForBytesWritten(
                    static_cast<int>(qMax<qint64>(1, m_deadline.remainingTime())))) {
                *error = QStringLiteral("cannot send to the server: %1").arg(m_device->errorString());
                return false;
            }
        }
        return true;
    }

    bool readReason(QString *reason, QString *error)
    {
        QByteArray len;
        if (!readExactly(4, &len, error, QStringLiteral("failure reason")))
            return false;
        const quint32 n = qFromBigEndian<quint32>(len.constData());
        if (n > 65536) {
            *error = QStringLiteral("the server's failure reason is implausibly long (%1 bytes)").arg(n);
            return false;
        }
        QByteArray text;
        if (!readExactly(n, &text, error, QStringLiteral("failure reason")))
            return false;
        *reason = QString::fromUtf8(text);
        return true;
    }

private:
    QIODevice *m_device;
    QDeadlineTimer m_deadline;
};

// Reads the server's banner and answers with the version both speak: 3.8 and later speak 3.8;
// 3.7 speaks 3.7; anything else (3.3, 3.5, 3.6) is treated as 3.3. Returns the minor version
// (3, 7 or 8), 0 on failure.
int negotiateVersion(Reader &io, QByteArray *serverVersion, QString *error)
{
    QByteArray banner;
    if (!io.readExactly(12, &banner, error, QStringLiteral("RFB banner")))
        return 0;
    if (!RfbClient::isBanner(banner)) {
        *error = QStringLiteral("not an RFB server: it greeted with '%1'")
                     .arg(QString::fromLatin1(banner.toPercentEncoding(" .")).left(40));
        return 0;
    }
    *serverVersion = banner.left(11);
    const int minor = banner.at(10) - '0';
    const int version = minor >= 8 ? 8 : (minor == 7 ? 7 : 3);
    if (!io.write(QByteArray("RFB 003.00") + char('0' + version) + '\n', error))
        return 0;
    return version;
}

// RFB 3.7 and later: the server lists its security types, the client picks one (VNC
// authentication, else none). Returns the type, 0 on failure.
quint8 pickSecurityType(Reader &io, QString *error)
{
    QByteArray count;
    if (!io.readExactly(1, &count, error, QStringLiteral("list of security types")))
        return 0;
    const auto n = static_cast<quint8>(count.at(0));
    if (n == 0) {
        QString reason;
        if (io.readReason(&reason, error))
            *error = QStringLiteral("the server refused the connection: %1").arg(reason);
        return 0;
    }
    QByteArray types;
    if (!io.readExactly(n, &types, error, QStringLiteral("list of security types")))
        return 0;
    quint8 chosen = 0;
    if (types.contains(char(kSecurityVncAuth)))
        chosen = kSecurityVncAuth;
    else if (types.contains(char(kSecurityNone)))
        chosen = kSecurityNone;
    if (chosen == 0) {
        QStringList offered;
        for (char t : std::as_const(types))
            offered << QString::number(static_cast<quint8>(t));
        *error = QStringLiteral("the server offers no VNC authentication (security types %1)")
                     .arg(offered.join(QLatin1Char(' ')));
        return 0;
    }
    return io.write(QByteArray(1, char(chosen)), error) ? chosen : 0;
}

// RFB 3.3: the server decides the security type. Returns it, 0 on failure.
quint8 readSecurityType(Reader &io, QString *error)
{
    QByteArray type;
    if (!io.readExactly(4, &type, error, QStringLiteral("security type")))
        return 0;
    const quint32 t = qFromBigEndian<quint32>(type.constData());
    if (t == 0) {
        QString reason;
        if (io.readReason(&reason, error))
            *error = QStringLiteral("the server refused the connection: %1").arg(reason);
        return 0;
    }
    if (t != kSecurityVncAuth && t != kSecurityNone) {
        *error = QStringLiteral("the server demands security type %1, not VNC authentication").arg(t);
        return 0;
    }
    return static_cast<quint8>(t);
}

// Answers the VNC authentication challenge and reads the security result (which 3.8 sends
// for every type, with a reason when it refuses).
bool authenticate(Reader &io, int version, quint8 chosen, QByteArrayView password, QString *error)
{
    if (chosen == kSecurityVncAuth) {
        QByteArray challenge;
        if (!io.readExactly(16, &challenge, error, QStringLiteral("authentication challenge")))
            return false;
        if (!io.write(vncAuthResponse(password, challenge), error))
            return false;
    }
    if (chosen != kSecurityVncAuth && version < 8)
        return true;
    QByteArray status;
    if (!io.readExactly(4, &status, error, QStringLiteral("security result")))
        return false;
    if (qFromBigEndian<quint32>(status.constData()) == 0)
        return true;
    QString reason = QStringLiteral("authentication failed");
    if (version >= 8) {
        QString text;
        QString ignored;
        if (io.readReason(&text, &ignored) && !text.isEmpty())
            reason = text;
    }
    *error = QStringLiteral("VNC authentication was refused: %1").arg(reason);
    return false;
}

// ClientInit with the shared flag set (so that the check does not disconnect a user's viewer),
// then ServerInit: the desktop's size and name.
bool readServerInit(Reader &io, RfbLoginResult *result, QString *error)
{
    if (!io.write(QByteArray(1, '\x01'), error))
        return false;
    QByteArray init;
    if (!io.readExactly(24, &init, error, QStringLiteral("ServerInit")))
        return false;
    result->width = qFromBigEndian<quint16>(init.constData());
    result->height = qFromBigEndian<quint16>(init.constData() + 2);
    const quint32 nameLength = qFromBigEndian<quint32>(init.constData() + 20);
    if (nameLength > 65536) {
        *error = QStringLiteral("the server's desktop name is implausibly long (%1 bytes)").arg(nameLength);
        return false;
    }
    QByteArray name;
    if (!io.readExactly(nameLength, &name, error, QStringLiteral("desktop name")))
        return false;
    result->desktopName = QString::fromUtf8(name);
    return true;
}

} // namespace

bool RfbClient::isBanner(QByteArrayView data)
{
    if (data.size() < 12)
        return false;
    return data.first(10) == QByteArrayView("RFB 003.00") && data[10] >= '0' && data[10] <= '9'
        && data[11] == '\n';
}

RfbLoginResult RfbClient::login(QIODevice *device, QByteArrayView password, int timeoutMs)
{
    RfbLoginResult result;
    Reader io(device, timeoutMs);
    const int version = negotiateVersion(io, &result.serverVersion, &result.error);
    if (version == 0)
        return result;
    const quint8 chosen
        = version >= 7 ? pickSecurityType(io, &result.error) : readSecurityType(io, &result.error);
    if (chosen == 0)
        return result;
    if (!authenticate(io, version, chosen, password, &result.error)
        || !readServerInit(io, &result, &result.error))
        return result;
    result.ok = true;
    return result;
}

RfbLoginResult RfbClient::loginTcp(const QString &host, quint16 port, QByteArrayView password, int timeoutMs)
{
    QTcpSocket socket;
    QDeadlineTimer deadline(timeoutMs);
    socket.connectToHost(host, port);
    if (!socket.waitForConnected(timeoutMs)) {
        RfbLoginResult result;
        result.error = QStringLiteral("cannot connect to %1 port %2: %3")
                           .arg(host)
                           .arg(port)
                           .arg(socket.errorString());
        return result;
    }
    RfbLoginResult result
        = login(&socket, password, static_cast<int>(qMax<qint64>(1, deadline.remainingTime())));
    socket.abort();
    return result;
}

bool RfbClient::probe(const QString &host, quint16 port, int timeoutMs, QString *reason)
{
    QTcpSocket socket;
    QDeadlineTimer deadline(timeoutMs);
    socket.connectToHost(host, port);
    if (!socket.waitForConnected(timeoutMs)) {
        if (reason)
            *reason = QStringLiteral("nothing answers on %1 port %2 (%3)")
                          .arg(host)
                          .arg(port)
                          .arg(socket.errorString());
        return false;
    }
    QByteArray data;
    while (data.size() < 12) {
        if (socket.bytesAvailable() == 0
            && !socket.waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())))) {
            if (reason)
                *reason = QStringLiteral("%1 port %2 accepted a connection but sent no RFB banner")
                              .arg(host)
                              .arg(port);
            socket.abort();
            return false;
        }
        data += socket.read(12 - data.size());
    }
    socket.abort();
    if (!isBanner(data)) {
        if (reason)
            *reason = QStringLiteral("%1 port %2 is not a VNC server").arg(host).arg(port);
        return false;
    }
    return true;
}

} // namespace Vnc
