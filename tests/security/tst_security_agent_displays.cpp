#include "tests/integration/support/testuser.h"
#include "tests/security/agentharness.h"

#include "shared/vnc/rfbclient.h"

#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <vector>

using Protocol::MessageType;

namespace {

constexpr int kDisplayMin = 620;
constexpr int kPortBase = 5900;

// What a local user can hold that a new Xvnc on some display needs.
enum class Hold { Ipv4Loopback, Ipv6Loopback, Ipv4Any, Ipv6DualStack, AbstractX11Socket };

// A process of an unprivileged user holding ports and sockets, as any user of the terminal
// server could; killed when the object dies. Everything the child needs is prepared before fork,
// so that it only makes system calls.
class Squatter {
public:
    Squatter(uid_t uid, gid_t gid, const QList<QPair<Hold, int>> &holds)
    {
        struct Socket {
            int family;
            sockaddr_storage address;
            socklen_t length;
            int v6only;
        };
        std::vector<Socket> sockets;
        for (const auto &[hold, display] : holds) {
            Socket s {};
            const auto port = htons(static_cast<quint16>(kPortBase + display));
            if (hold == Hold::Ipv4Loopback || hold == Hold::Ipv4Any) {
                auto *in = reinterpret_cast<sockaddr_in *>(&s.address);
                in->sin_family = AF_INET;
                in->sin_port = port;
                in->sin_addr.s_addr = htonl(hold == Hold::Ipv4Loopback ? INADDR_LOOPBACK : INADDR_ANY);
                s.family = AF_INET;
                s.length = sizeof(sockaddr_in);
            } else if (hold == Hold::Ipv6Loopback || hold == Hold::Ipv6DualStack) {
                auto *in6 = reinterpret_cast<sockaddr_in6 *>(&s.address);
                in6->sin6_family = AF_INET6;
                in6->sin6_port = port;
                in6->sin6_addr = hold == Hold::Ipv6Loopback ? in6addr_loopback : in6addr_any;
                s.family = AF_INET6;
                s.length = sizeof(sockaddr_in6);
                s.v6only = hold == Hold::Ipv6Loopback ? 1 : 0;
            } else {
                auto *un = reinterpret_cast<sockaddr_un *>(&s.address);
                un->sun_family = AF_UNIX;
                const QByteArray name = "/tmp/.X11-unix/X" + QByteArray::number(display);
                std::memcpy(un->sun_path + 1, name.constData(), static_cast<size_t>(name.size()));
                s.family = AF_UNIX;
                s.length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
            }
            sockets.push_back(s);
        }
        int ready[2];
        if (::pipe2(ready, O_CLOEXEC) != 0)
            return;
        m_pid = ::fork();
        if (m_pid == 0) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)
                ::_exit(2);
            for (const Socket &s : sockets) {
                const int fd = ::socket(s.family, SOCK_STREAM, 0);
                if (s.family == AF_INET6)
                    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &s.v6only, sizeof s.v6only);
                if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr *>(&s.address), s.length) != 0
                    || ::listen(fd, 1) != 0)
                    ::_exit(3);
            }
            (void)!::write(ready[1], "R", 1);
            for (;;)
                ::pause();
        }
        ::close(ready[1]);
        char c = 0;
        m_ok = m_pid > 0 && ::read(ready[0], &c, 1) == 1 && c == 'R';
        ::close(ready[0]);
    }
    ~Squatter()
    {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    Squatter(const Squatter &) = delete;
    Squatter &operator=(const Squatter &) = delete;
    bool ok() const { return m_ok; }

private:
    pid_t m_pid = -1;
    bool m_ok = false;
};

} // namespace

// Issue: "Display allocation skips ports some local process has bound (a user binding
// 5950-5999 caused 'no free display')." A display whose VNC port (on either loopback address)
// or X socket another program holds is skipped, up to display_max; a full range says so.
class TestSecurityAgentDisplays : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const QString missing = AgentHarness::missing();
        if (!missing.isEmpty())
            QSKIP(qPrintable(missing));
    }

    void displaysHeldByAUserAreSkipped()
    {
        TestUser user(QStringLiteral("ovsdp"));
        QVERIFY2(user.ok(), qPrintable(user.error()));
        const passwd *pw = ::getpwnam(user.name().toLocal8Bit().constData());
        QVERIFY(pw);
        // The user holds the next displays every way Xvnc -localhost would collide with.
        const QList<QPair<Hold, int>> holds {
            { Hold::Ipv4Loopback, kDisplayMin },          { Hold::Ipv6Loopback, kDisplayMin + 1 },
            { Hold::Ipv4Any, kDisplayMin + 2 },           { Hold::Ipv6DualStack, kDisplayMin + 3 },
            { Hold::AbstractX11Socket, kDisplayMin + 4 }, { Hold::Ipv6Loopback, kDisplayMin + 5 },
        };
        Squatter squatter(pw->pw_uid, pw->pw_gid, holds);
        QVERIFY2(squatter.ok(), "the test user cannot bind the ports (is something else using 6520-6525?)");

        AgentHarness h(this);
        QString error;
        QVERIFY2(h.setUp(kDisplayMin, &error), qPrintable(error));
        QVERIFY2(h.start(&error), qPrintable(error));
        QPointer<Protocol::Link> link = h.connect(&error);
        QVERIFY2(link, qPrintable(error));

        AgentHarness::Answer a = h.startSession(link, QStringLiteral("displays-1"), user.name());
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        const QCborMap session = AgentHarness::session(a);
        QCOMPARE(session.value(QStringLiteral("display")).toInteger(), kDisplayMin + 6);
        const Vnc::RfbLoginResult login = Vnc::RfbClient::loginTcp(
            QStringLiteral("127.0.0.1"), quint16(session.value(QStringLiteral("vnc_port")).toInteger()),
            session.value(QStringLiteral("password")).toByteArray(), 10000);
        QVERIFY2(login.ok, qPrintable(login.error));

        // The rest of the range taken too: a clear refusal, not a broken session.
        Squatter rest(pw->pw_uid, pw->pw_gid,
                      { { Hold::Ipv4Loopback, kDisplayMin + 7 },
                        { Hold::Ipv6Loopback, kDisplayMin + 8 },
                        { Hold::AbstractX11Socket, kDisplayMin + 9 } });
        QVERIFY(rest.ok());
        a = h.startSession(link, QStringLiteral("displays-2"), user.name());
        QVERIFY2(a.error.contains(QStringLiteral("no free display"))
                     && a.error.contains(QStringLiteral("/vsmagent/display_max"))
                     && a.error.contains(QString::number(kDisplayMin)),
                 qPrintable(a.error));
        QVERIFY(!QFile::exists(h.sessionFile(QStringLiteral("displays-2"), QStringLiteral("passwd"))));

        a = h.request(link, MessageType::AgentTerminateSession,
                      AgentHarness::idBody(QStringLiteral("displays-1")));
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QVERIFY(h.agent()->running());
    }

    void displayTakenAsXvncStartsMovesOn()
    {
        // Another program binds the display's port, or takes its X socket or lock file, between
        // the allocator's look and Xvnc's start. A stand-in for Xvnc fails on the first three
        // displays as Xvnc then does (the lock file's words as Xvnc writes them, the evening of 6
        // December 2026, when an agent of another test took the display first).
        TestUser user(QStringLiteral("ovsdr"));
        QVERIFY2(user.ok(), qPrintable(user.error()));
        AgentHarness h(this);
        QString error;
        const QString xvnc = h.scratch() + QStringLiteral("/racy-Xvnc");
        QFile script(xvnc);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(
            QStringLiteral("#!/bin/sh\n"
                           "case \"$1\" in\n"
                           ":%1) echo '(EE) vncExtInit: failed to bind socket: Address already in use (98)'; "
                           "exit 1;;\n"
                           ":%2) echo '_XSERVTransMakeAllCOTSServerListeners: server already running'; "
                           "exit 1;;\n"
                           ":%3) printf '(EE) \\nFatal server error:\\n(EE) Server is already active for "
                           "display %3\\n\\tIf this server is no longer running, remove /tmp/.X%3-lock\\n"
                           "\\tand start again.\\n(EE) \\n'; exit 1;;\n"
                           "esac\n"
                           "exec Xvnc \"$@\"\n")
                .arg(kDisplayMin)
                .arg(kDisplayMin + 1)
                .arg(kDisplayMin + 2)
                .toUtf8());
        script.close();
        QVERIFY(script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                      | QFileDevice::ReadOther | QFileDevice::ExeOther));
        QVERIFY2(h.setUp(kDisplayMin, &error, QStringLiteral("[/vsmagent]\nxvnc_path=%1\n").arg(xvnc)),
                 qPrintable(error));
        QVERIFY2(h.start(&error), qPrintable(error));
        QPointer<Protocol::Link> link = h.connect(&error);
        QVERIFY2(link, qPrintable(error));
        AgentHarness::Answer a = h.startSession(link, QStringLiteral("race-1"), user.name());
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QCOMPARE(AgentHarness::session(a).value(QStringLiteral("display")).toInteger(), kDisplayMin + 3);
        QVERIFY2(
            h.log().contains(QStringLiteral("display :%1 or VNC port %2 was taken by another program")
                                 .arg(kDisplayMin)
                                 .arg(kPortBase + kDisplayMin))
                && h.log().contains(QStringLiteral("display :%1 or VNC port %2 was taken by another program")
                                        .arg(kDisplayMin + 2)
                                        .arg(kPortBase + kDisplayMin + 2)),
            qPrintable(h.log()));
        a = h.request(link, MessageType::AgentTerminateSession,
                      AgentHarness::idBody(QStringLiteral("race-1")));
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
    }
};

QTEST_GUILESS_MAIN(TestSecurityAgentDisplays)
#include "tst_security_agent_displays.moc"
