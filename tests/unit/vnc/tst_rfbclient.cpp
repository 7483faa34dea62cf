#include "shared/vnc/des.h"
#include "shared/vnc/rfbclient.h"

#include <QTest>
#include <QtEndian>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace {

// A scripted RFB server on loopback, in its own thread (the client under test blocks).
class FakeRfbServer {
public:
    enum class Mode { Good, NoVncAuth, Refuse, NotRfb, CloseAfterBanner, Rfb33 };

    FakeRfbServer(Mode mode, QByteArray password) : m_mode(mode), m_password(std::move(password))
    {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr {};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listen, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
        ::listen(m_listen, 1);
        socklen_t len = sizeof addr;
        ::getsockname(m_listen, reinterpret_cast<sockaddr *>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { run(); });
    }
    ~FakeRfbServer()
    {
        ::shutdown(m_listen, SHUT_RDWR);
        m_thread.join();
        ::close(m_listen);
    }
    quint16 port() const { return m_port; }
    bool authOk() const { return m_authOk; }

private:
    bool readN(int fd, char *buf, size_t n)
    {
        size_t got = 0;
        while (got < n) {
            const ssize_t r = ::read(fd, buf + got, n - got);
            if (r <= 0)
                return false;
            got += static_cast<size_t>(r);
        }
        return true;
    }
    void send(int fd, const QByteArray &data)
    {
        (void)!::write(fd, data.constData(), static_cast<size_t>(data.size()));
    }
    static QByteArray u32(quint32 v)
    {
        QByteArray b(4, '\0');
        qToBigEndian(v, b.data());
        return b;
    }

    void run()
    {
        const int fd = ::accept(m_listen, nullptr, nullptr);
        if (fd < 0)
            return;
        char buf[64];
        switch (m_mode) {
        case Mode::NotRfb:
            send(fd, "SSH-2.0-OpenSSH_9.2\r\n");
            break;
        case Mode::CloseAfterBanner:
            send(fd, "RFB 003.008\n");
            readN(fd, buf, 12);
            break;
        case Mode::Refuse:
            send(fd, "RFB 003.008\n");
            readN(fd, buf, 12);
            send(fd, QByteArray(1, '\0') + u32(16) + "Too many clients");
            break;
        case Mode::NoVncAuth:
            send(fd, "RFB 003.008\n");
            readN(fd, buf, 12);
            send(fd, QByteArray("\x02\x13\x10", 3));
            break;
        case Mode::Good:
        case Mode::Rfb33: {
            const bool v33 = m_mode == Mode::Rfb33;
            send(fd, v33 ? "RFB 003.003\n" : "RFB 003.008\n");
            if (!readN(fd, buf, 12) || QByteArray(buf, 12) != (v33 ? "RFB 003.003\n" : "RFB 003.008\n"))
                break;
            if (v33) {
                send(fd, u32(2));
            } else {
                send(fd, QByteArray("\x02\x01\x02", 3));
                if (!readN(fd, buf, 1) || buf[0] != 2)
                    break;
            }
            const QByteArray challenge = QByteArray::fromHex("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
            send(fd, challenge);
            if (!readN(fd, buf, 16))
                break;
            m_authOk = QByteArray(buf, 16) == Vnc::vncAuthResponse(m_password, challenge);
            if (!m_authOk) {
                send(fd, u32(1) + (v33 ? QByteArray() : u32(21) + "Authentication failed"));
                break;
            }
            send(fd, u32(0));
            if (!readN(fd, buf, 1))
                break;
            QByteArray init;
            init += char(0x05) + QByteArray(1, char(0x00)) + char(0x03)
                + QByteArray(1, char(0x00)); // 1280x768
            init += QByteArray(16, '\0');
            init += u32(9) + "test:10.0";
            send(fd, init);
            break;
        }
        }
        ::close(fd);
    }

    Mode m_mode;
    QByteArray m_password;
    int m_listen = -1;
    quint16 m_port = 0;
    std::thread m_thread;
    bool m_authOk = false;
};

} // namespace

class TestRfbClient : public QObject {
    Q_OBJECT

private slots:
    void banner_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<bool>("ok");
        QTest::newRow("3.8") << QByteArray("RFB 003.008\n") << true;
        QTest::newRow("3.3 and more") << QByteArray("RFB 003.003\nxyz") << true;
        QTest::newRow("short") << QByteArray("RFB 003.00") << false;
        QTest::newRow("no newline") << QByteArray("RFB 003.008 ") << false;
        QTest::newRow("ssh") << QByteArray("SSH-2.0-OpenSSH") << false;
        QTest::newRow("empty") << QByteArray() << false;
    }
    void banner()
    {
        QFETCH(QByteArray, data);
        QFETCH(bool, ok);
        QCOMPARE(Vnc::RfbClient::isBanner(data), ok);
    }

    void goodLogin()
    {
        FakeRfbServer server(FakeRfbServer::Mode::Good, "s3cret!!");
        const auto r = Vnc::RfbClient::loginTcp(QStringLiteral("127.0.0.1"), server.port(), "s3cret!!", 5000);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.serverVersion, QByteArray("RFB 003.008"));
        QCOMPARE(r.width, 1280);
        QCOMPARE(r.height, 768);
        QCOMPARE(r.desktopName, QStringLiteral("test:10.0"));
    }

    void goodLogin33()
    {
        FakeRfbServer server(FakeRfbServer::Mode::Rfb33, "pw");
        const auto r = Vnc::RfbClient::loginTcp(QStringLiteral("127.0.0.1"), server.port(), "pw", 5000);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.width, 1280);
    }

    void wrongPassword()
    {
        FakeRfbServer server(FakeRfbServer::Mode::Good, "right");
        const auto r = Vnc::RfbClient::loginTcp(QStringLiteral("127.0.0.1"), server.port(), "wrong", 5000);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QStringLiteral("refused"))
                     && r.error.contains(QStringLiteral("Authentication failed")),
                 qPrintable(r.error));
    }

    void failures_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not rfb") << int(FakeRfbServer::Mode::NotRfb) << QStringLiteral("not an RFB server");
        QTest::newRow("closed") << int(FakeRfbServer::Mode::CloseAfterBanner)
                                << QStringLiteral("closed the connection");
        QTest::newRow("refused") << int(FakeRfbServer::Mode::Refuse) << QStringLiteral("Too many clients");
        QTest::newRow("no vnc auth") << int(FakeRfbServer::Mode::NoVncAuth)
                                     << QStringLiteral("security types 19 16");
    }
    void failures()
    {
        QFETCH(int, mode);
        QFETCH(QString, expected);
        FakeRfbServer server(static_cast<FakeRfbServer::Mode>(mode), "pw");
        const auto r = Vnc::RfbClient::loginTcp(QStringLiteral("127.0.0.1"), server.port(), "pw", 5000);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(expected), qPrintable(r.error));
    }

    void probe()
    {
        {
            FakeRfbServer server(FakeRfbServer::Mode::CloseAfterBanner, "pw");
            QString reason;
            QVERIFY2(Vnc::RfbClient::probe(QStringLiteral("127.0.0.1"), server.port(), 3000, &reason),
                     qPrintable(reason));
        }
        {
            FakeRfbServer server(FakeRfbServer::Mode::NotRfb, "pw");
            QString reason;
            QVERIFY(!Vnc::RfbClient::probe(QStringLiteral("127.0.0.1"), server.port(), 3000, &reason));
            QVERIFY2(reason.contains(QStringLiteral("not a VNC server")), qPrintable(reason));
        }
        QString reason;
        QVERIFY(!Vnc::RfbClient::probe(QStringLiteral("127.0.0.1"), 1, 3000, &reason));
        QVERIFY2(reason.contains(QStringLiteral("nothing answers")), qPrintable(reason));
    }
};

QTEST_GUILESS_MAIN(TestRfbClient)
#include "tst_rfbclient.moc"
