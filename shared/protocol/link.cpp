#include "shared/protocol/link.h"

#include "shared/eventloop/afterturn.h"
#include "shared/logging/logging.h"

#include <QAbstractSocket>
#include <QCborValue>
#include <QCoreApplication>
#include <QIODevice>
#include <QLocalSocket>
#include <QTimer>

#include <utility>

#include <sys/socket.h>

namespace Protocol {

namespace {

const QString helloVersion = QStringLiteral("version");
const QString helloProgram = QStringLiteral("program");
const QString helloNode = QStringLiteral("node");

// Closes a device gracefully (pending writes, such as our Error message, are flushed first) and
// deletes it once it is gone, or after a grace period when the peer does not cooperate. Until then
// the application owns it: a program that ends before the event loop deleted it (a test whose
// last function closed a link, a daemon stopping) deletes it with the application object instead
// of leaking the socket and its TLS state. A link in another thread (a benchmark's server thread)
// cannot hand its device to the application object: there the device only leaves the link, and
// is deleted the same way.
void retireDevice(QIODevice *device)
{
    QObject *app = QCoreApplication::instance();
    device->setParent(app && device->thread() == app->thread() ? app : nullptr);
    constexpr int graceMs = 2000;
    if (auto *socket = qobject_cast<QAbstractSocket *>(device)) {
        if (socket->state() == QAbstractSocket::UnconnectedState) {
            socket->deleteLater();
            return;
        }
        QObject::connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(graceMs, socket, [socket] {
            socket->abort();
            socket->deleteLater();
        });
        socket->flush();
        socket->disconnectFromHost();
    } else if (auto *local = qobject_cast<QLocalSocket *>(device)) {
        if (local->state() == QLocalSocket::UnconnectedState) {
            local->deleteLater();
            return;
        }
        QObject::connect(local, &QLocalSocket::disconnected, local, &QObject::deleteLater);
        QTimer::singleShot(graceMs, local, [local] {
            local->abort();
            local->deleteLater();
        });
        local->flush();
        local->disconnectFromServer();
    } else {
        device->close();
        device->deleteLater();
    }
}

Message synthesizedReply(MessageType type, quint32 id, const QString &error)
{
    Message reply;
    reply.type = type;
    reply.id = id;
    reply.reply = true;
    reply.error = error;
    return reply;
}

} // namespace

QHostAddress normalizedAddress(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4);
    QHostAddress result = address;
    result.setScopeId(QString());
    return result;
}

Link::Link(QIODevice *device, const Options &options, QObject *parent)
    : QObject(parent), m_device(device), m_options(options)
{
    Q_ASSERT(device);
    device->setParent(this);
    if (auto *socket = qobject_cast<QAbstractSocket *>(device)) {
        m_peerAddress = normalizedAddress(socket->peerAddress());
        m_peerPort = socket->peerPort();
        if (m_options.peerDescription.isEmpty()) {
            const QString host = m_peerAddress.protocol() == QAbstractSocket::IPv6Protocol
                ? QLatin1Char('[') + m_peerAddress.toString() + QLatin1Char(']')
                : m_peerAddress.toString();
            m_options.peerDescription = host + QLatin1Char(':') + QString::number(m_peerPort);
        }
    } else if (auto *local = qobject_cast<QLocalSocket *>(device)) {
        if (m_options.peerDescription.isEmpty()) {
            m_options.peerDescription = local->fullServerName().isEmpty()
                ? QStringLiteral("local peer")
                : QStringLiteral("local socket %1").arg(local->fullServerName());
        }
    }
    if (m_options.peerDescription.isEmpty())
        m_options.peerDescription = QStringLiteral("peer");
}

Link::~Link()
{
    if (m_state != State::Closed)
        closeLink(QStringLiteral("link destroyed"), CloseKind::Destroyed);
}

void Link::start()
{
    if (m_state != State::Created)
        return;
    m_state = State::AwaitingHello;

    if (auto *socket = qobject_cast<QAbstractSocket *>(m_device.data()))
        connect(socket, &QAbstractSocket::disconnected, this, &Link::onDeviceGone);
    else if (auto *local = qobject_cast<QLocalSocket *>(m_device.data()))
        connect(local, &QLocalSocket::disconnected, this, &Link::onDeviceGone);
    else
        connect(m_device.data(), &QIODevice::aboutToClose, this, &Link::onDeviceGone);
    connect(m_device.data(), &QIODevice::readyRead, this, &Link::onReadyRead);

    if (m_options.helloTimeoutMs > 0) {
        m_helloTimer = new QTimer(this);
        m_helloTimer->setSingleShot(true);
        connect(m_helloTimer, &QTimer::timeout, this, [this] {
            closeLink(QStringLiteral("no Hello from the peer within %1 ms").arg(m_options.helloTimeoutMs),
                      CloseKind::ProtocolError);
        });
        m_helloTimer->start(m_options.helloTimeoutMs);
    }

    Message hello;
    hello.type = MessageType::Hello;
    hello.body.insert(helloVersion, ProtocolVersion);
    hello.body.insert(helloProgram, m_options.program);
    hello.body.insert(helloNode, m_options.nodeName);
    QString error;
    if (!m_device->isOpen() || !write(hello, &error)) {
        QTimer::singleShot(0, this, [this] { onDeviceGone(); });
        return;
    }
    restartIdleTimer();
    // Bytes that arrived before start() (the peer's Hello right after the TLS handshake).
    QTimer::singleShot(0, this, &Link::onReadyRead);
}

void Link::setLimits(quint32 maxFrameSize, qsizetype maxBufferedBytes)
{
    m_options.maxFrameSize = maxFrameSize;
    m_options.maxBufferedBytes = maxBufferedBytes;
}

void Link::setIdleTimeout(int ms)
{
    m_options.idleTimeoutMs = ms;
    restartIdleTimer();
}

void Link::restartIdleTimer()
{
    if (m_options.idleTimeoutMs <= 0 || m_state == State::Closed || m_state == State::Created) {
        if (m_idleTimer)
            m_idleTimer->stop();
        return;
    }
    if (!m_idleTimer) {
        m_idleTimer = new QTimer(this);
        m_idleTimer->setSingleShot(true);
        connect(m_idleTimer, &QTimer::timeout, this, &Link::onIdle);
    }
    m_idleTimer->start(m_options.idleTimeoutMs);
}

void Link::onIdle()
{
    if (m_unanswered > 0) {
        restartIdleTimer(); // we owe the peer an answer: not its fault
        return;
    }
    closeLink(QStringLiteral("idle for %1 s").arg(m_options.idleTimeoutMs / 1000.0),
              CloseKind::ProtocolError);
}

quint32 Link::request(MessageType type, const Body &body, int timeoutMs, const QObject *context,
                      Callback callback)
{
    Q_ASSERT(context);
    if (!context)
        context = this;
    quint32 id = m_nextId++;
    if (m_nextId == 0)
        m_nextId = 1;

    const auto answerLater = [&](const QString &error) {
        QTimer::singleShot(0, context,
                           [callback, reply = synthesizedReply(type, id, error)] { callback(reply); });
        return id;
    };
    if (m_state == State::Closed)
        return answerLater(QStringLiteral("link closed: %1").arg(m_closeReason));
    if (m_state == State::Created)
        return answerLater(QStringLiteral("link not started"));

    Message message;
    message.type = type;
    message.id = id;
    message.body = body;
    QString error;
    if (!writeOrClose(message, &error))
        return answerLater(m_state == State::Closed ? QStringLiteral("link closed: %1").arg(m_closeReason)
                                                    : error);

    Pending pending;
    pending.type = type;
    pending.timeoutMs = timeoutMs;
    pending.context = context;
    pending.callback = std::move(callback);
    if (timeoutMs > 0) {
        pending.timer = new QTimer(this);
        pending.timer->setSingleShot(true);
        connect(pending.timer, &QTimer::timeout, this, [this, id, type, timeoutMs] {
            qCDebug(lcProtocol).noquote()
                << QStringLiteral("request %1 (type %2) to %3 timed out after %4 ms")
                       .arg(id)
                       .arg(static_cast<int>(type))
                       .arg(m_options.peerDescription)
                       .arg(timeoutMs);
            finishPending(id,
                          synthesizedReply(type, id, QStringLiteral("timed out after %1 ms").arg(timeoutMs)));
        });
        pending.timer->start(timeoutMs);
    }
    m_pending.insert(id, std::move(pending));
    return id;
}

void Link::reply(const Message &request, const QCborMap &body)
{
    replyWith(request, body);
}

void Link::replyWith(const Message &request, const Body &body)
{
    if (m_unanswered > 0)
        --m_unanswered;
    QString why;
    if (!send(Message::replyWith(request, body), &why) && m_state != State::Closed)
        send(Message::errorReplyTo(request, QStringLiteral("reply could not be sent: %1").arg(why)));
}

void Link::replyError(const Message &request, const QString &reason)
{
    if (m_unanswered > 0)
        --m_unanswered;
    send(Message::errorReplyTo(request, reason));
}

bool Link::send(const Message &message, QString *why)
{
    if (m_state == State::Closed || m_state == State::Created) {
        if (why)
            *why = QStringLiteral("link closed");
        return false;
    }
    QString error;
    if (!writeOrClose(message, &error)) {
        if (why)
            *why = error;
        if (m_state == State::Closed)
            return false;
        qCWarning(lcProtocol).noquote()
            << QStringLiteral("not sent to %1: %2").arg(m_options.peerDescription, error);
        return false;
    }
    return true;
}

void Link::close(const QString &reason)
{
    closeLink(reason, CloseKind::Local);
}

void Link::flush()
{
    if (auto *socket = qobject_cast<QAbstractSocket *>(m_device.data()))
        socket->flush();
}

bool Link::writeOrClose(const Message &message, QString *error)
{
    if (write(message, error))
        return true;
    if (m_overflow)
        closeLink(*error, CloseKind::ProtocolError);
    return false;
}

bool Link::write(const Message &message, QString *error)
{
    if (!m_device || !m_device->isOpen()) {
        *error = QStringLiteral("link closed: %1")
                     .arg(m_closeReason.isEmpty() ? QStringLiteral("device closed") : m_closeReason);
        return false;
    }
    const QByteArray frame = message.encodeFrame();
    if (frame.size() - FrameHeaderSize > static_cast<qsizetype>(m_options.maxFrameSize)) {
        *error = QStringLiteral("message of %1 bytes exceeds the frame limit of %2 bytes")
                     .arg(frame.size() - FrameHeaderSize)
                     .arg(m_options.maxFrameSize);
        return false;
    }
    if (m_device->bytesToWrite() + m_unsent.size() + frame.size() > m_options.maxUnsentBytes) {
        m_overflow = true;
        *error = QStringLiteral("the peer is not reading: more than %1 bytes unsent")
                     .arg(m_options.maxUnsentBytes);
        return false;
    }
    if (m_state != State::Closed && qobject_cast<QLocalSocket *>(m_device.data())) {
        // Sent once this pass of the loop is over (sendUnsent()): a QLocalSocket would only
        // buffer it and send it a pass later, once poll() has said that the socket is writable.
        // Not here: a peer gone meanwhile closes the link from the loop, as it would have, never
        // in the middle of a caller's send().
        m_unsent += frame;
        if (m_unsent.size() == frame.size())
            EventLoop::afterTurn(this, [this]() { sendUnsent(); });
        return true;
    }
    if (m_device->write(frame) != frame.size()) {
        *error = QStringLiteral("write failed: %1").arg(m_device->errorString());
        return false;
    }
    return true;
}

// What this pass sent on a local socket, with one send() straight to the socket when the
// QLocalSocket holds nothing unsent of ours (one poll() less per message on both ends, and the
// answer leaves with the pass that made it). What the socket does not take, or everything when it
// fails, goes to the QLocalSocket, which writes it when poll() says it can: after reading what the
// peer sent, so that a peer that wrote and hung up (a server's Error before it stops) is still
// heard; a failed write makes QLocalSocket drop the connection and whatever it has not read yet.
void Link::sendUnsent()
{
    QByteArray data = std::exchange(m_unsent, {});
    auto *local = qobject_cast<QLocalSocket *>(m_device.data());
    if (data.isEmpty() || !local || local->state() != QLocalSocket::ConnectedState)
        return;
    if (local->bytesToWrite() == 0) {
        const ssize_t sent = ::send(static_cast<int>(local->socketDescriptor()), data.constData(),
                                    static_cast<size_t>(data.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (sent > 0)
            data.remove(0, sent);
    }
    if (!data.isEmpty())
        local->write(data);
}

// Before the device leaves the link or gets a last write of the link's own: what waits for the
// end of the pass goes first, through the device.
void Link::handOverUnsent()
{
    const QByteArray unsent = std::exchange(m_unsent, {});
    if (!unsent.isEmpty() && m_device && m_device->isOpen())
        m_device->write(unsent);
}

void Link::onReadyRead()
{
    readInput(Drain::OneMessage);
}

void Link::readInput(Drain drain)
{
    bool handled = false;
    while (m_state != State::Closed && m_state != State::Created && m_device) {
        const QByteArrayView unparsed = QByteArrayView(m_buffer).sliced(m_parsed);
        if (handled && drain == Drain::OneMessage && frameIsWhole(unparsed)) {
            // The next one in a turn of its own: a peer that sent many at once (a resync's
            // chunks, a flood) does not hold the loop for all of them. Not parsed here: that
            // copies its payload, which the next turn would copy again.
            if (!m_readScheduled) {
                m_readScheduled = true;
                QMetaObject::invokeMethod(
                    this,
                    [this]() {
                        m_readScheduled = false;
                        readInput(Drain::OneMessage);
                    },
                    Qt::QueuedConnection);
            }
            return;
        }
        const ParseResult result = parseFrame(unparsed, m_options.maxFrameSize);
        if (result.status == ParseStatus::Error) {
            closeLink(QStringLiteral("bad frame: %1").arg(result.error), CloseKind::ProtocolError);
            return;
        }
        if (result.status == ParseStatus::Ok) {
            m_parsed += result.consumed;
            QString error;
            const std::optional<Message> message = Message::decode(result.payload, &error);
            if (!message) {
                closeLink(QStringLiteral("bad message: %1").arg(error), CloseKind::ProtocolError);
                return;
            }
            handleMessage(*message);
            handled = true;
            continue;
        }
        // Not a whole frame yet: read what the device has (the complete frames are handled
        // before, so only this frame's beginning counts against the buffer's limit).
        m_buffer.remove(0, m_parsed);
        m_parsed = 0;
        const qint64 available = m_device->bytesAvailable();
        if (available <= 0)
            return;
        const qsizetype room = m_options.maxBufferedBytes - m_buffer.size();
        if (room <= 0) {
            closeLink(QStringLiteral("more than %1 unparsed bytes buffered").arg(m_options.maxBufferedBytes),
                      CloseKind::ProtocolError);
            return;
        }
        // What is there, not all the room: QIODevice::read(n) allocates n bytes first (the room
        // is a whole frame's, 4 MiB on most links) and keeps that capacity in what it returns.
        m_buffer += m_device->read(std::min<qint64>(room, available));
    }
}

void Link::onDeviceGone()
{
    if (m_state == State::Closed)
        return;
    readInput(Drain::All); // whatever the peer said last, such as its Error message
    if (m_state == State::Closed)
        return;
    QString reason = QStringLiteral("peer disconnected");
    if (auto *socket = qobject_cast<QAbstractSocket *>(m_device.data())) {
        if (socket->error() != QAbstractSocket::RemoteHostClosedError
            && socket->error() != QAbstractSocket::UnknownSocketError)
            reason = QStringLiteral("connection lost: %1").arg(socket->errorString());
    }
    closeLink(reason, CloseKind::PeerGone);
}

void Link::handleMessage(const Message &message)
{
    restartIdleTimer();
    if (m_state == State::AwaitingHello) {
        if (message.type == MessageType::Error && !message.reply) {
            closeLink(QStringLiteral("peer refused the link: %1").arg(message.error), CloseKind::PeerGone);
            return;
        }
        if (message.type != MessageType::Hello || message.reply) {
            closeLink(QStringLiteral("expected Hello first, got message type %1")
                          .arg(static_cast<int>(message.type)),
                      CloseKind::ProtocolError);
            return;
        }
        handleHello(message);
        return;
    }
    if (message.reply) {
        if (m_pending.contains(message.id))
            finishPending(message.id, message);
        else
            qCDebug(lcProtocol).noquote() << QStringLiteral("late or unknown reply %1 from %2 ignored")
                                                 .arg(message.id)
                                                 .arg(m_options.peerDescription);
        return;
    }
    switch (message.type) {
    case MessageType::Hello:
        closeLink(QStringLiteral("second Hello from the peer"), CloseKind::ProtocolError);
        return;
    case MessageType::Error:
        closeLink(QStringLiteral("peer closed the link: %1").arg(message.error), CloseKind::PeerGone);
        return;
    case MessageType::Ping:
        send(Message::replyTo(message, {}));
        return;
    default:
        ++m_unanswered;
        emit requestReceived(message);
        return;
    }
}

void Link::handleHello(const Message &message)
{
    const QCborValue version = message.body.value(helloVersion);
    m_peerProgram = message.body.value(helloProgram).toString();
    m_peerNodeName = message.body.value(helloNode).toString();
    if (!version.isInteger()) {
        closeLink(QStringLiteral("peer's Hello carries no protocol version"), CloseKind::ProtocolError);
        return;
    }
    m_peerVersion = static_cast<int>(version.toInteger());
    if (m_peerVersion != ProtocolVersion) {
        closeLink(
            QStringLiteral("protocol version mismatch: peer %1 speaks version %2, this side speaks version "
                           "%3; run the same OpenVSM version on every node")
                .arg(m_peerProgram.isEmpty() ? QStringLiteral("(unnamed)") : m_peerProgram)
                .arg(m_peerVersion)
                .arg(ProtocolVersion),
            CloseKind::ProtocolError);
        return;
    }
    if (m_helloTimer)
        m_helloTimer->stop();
    m_state = State::Ready;
    qCDebug(lcProtocol).noquote() << QStringLiteral("link to %1 ready (%2 on %3)")
                                         .arg(m_options.peerDescription, m_peerProgram, m_peerNodeName);
    emit ready();
}

void Link::finishPending(quint32 id, const Message &reply)
{
    Pending pending = m_pending.take(id);
    delete pending.timer;
    if (pending.context && pending.callback)
        pending.callback(reply);
}

void Link::closeLink(const QString &reason, CloseKind kind)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_closeReason = reason;
    if (m_helloTimer)
        m_helloTimer->stop();
    if (m_idleTimer)
        m_idleTimer->stop();

    const QString line = QStringLiteral("link to %1 closed: %2").arg(m_options.peerDescription, reason);
    if (kind == CloseKind::ProtocolError)
        qCWarning(lcProtocol).noquote() << line;
    else if (kind == CloseKind::Destroyed || m_options.quietClose)
        qCDebug(lcProtocol).noquote() << line;
    else
        qCInfo(lcProtocol).noquote() << line;

    if (m_device) {
        m_device->disconnect(this);
        handOverUnsent();
        if (kind == CloseKind::Local || kind == CloseKind::ProtocolError) {
            Message error;
            error.type = MessageType::Error;
            error.error = reason;
            QString ignored;
            write(error, &ignored);
        }
        retireDevice(m_device.data());
        m_device.clear();
    }
    m_buffer.clear();
    m_parsed = 0;

    // Answer what is pending, asynchronously so that nobody is called back from inside close().
    const QString answer = QStringLiteral("link closed: %1").arg(reason);
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        delete it->timer;
        if (it->context && it->callback)
            QTimer::singleShot(0, it->context.data(),
                               [callback = it->callback,
                                reply = synthesizedReply(it->type, it.key(), answer)] { callback(reply); });
    }
    m_pending.clear();

    if (kind == CloseKind::Destroyed)
        return;
    emit closed(reason);
    if (m_options.autoDelete)
        deleteLater();
}

} // namespace Protocol
