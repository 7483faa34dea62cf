#pragma once

// A real vsmserver in a throw-away OPENVSM_ROOT for the admin API's security tests, tlctl runs
// against it, and raw admin API connections from chosen source addresses: an attacker's view,
// any address of 127.0.0.0/8 works on Linux loopback, so one test can be many peers.

#include "shared/net/tlssetup.h"
#include "shared/protocol/link.h"
#include "tests/integration/support/daemonprocess.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <unistd.h>

namespace SecurityTest {

struct ToolRun {
    int code = -1;
    QString out;
    QString err;
    qint64 ms = 0;
};

// The sum of the delays LoginThrottle imposes after n failed logins in a row: the earliest
// time, from the first guess, at which guess n + 1 may be checked.
inline qint64 accumulatedDelayMs(int failures)
{
    qint64 total = 0;
    for (int i = 1; i <= failures; ++i)
        total += std::min<qint64>(30000, qint64(250) << std::min(i - 1, 20));
    return total;
}

class AdminServer {
public:
    static constexpr const char *Password = "security test password";

    QTemporaryDir dir;
    QString root;
    quint16 adminPort = 0;
    quint16 clientPort = 0;

    // The root with the shipped configuration, a free client and admin port, terminalservers
    // 127.0.0.1 (no agent needed) and extra hiveconf text appended to the overrides.
    bool setUp(QString *error, const QString &extra = {})
    {
        if (!dir.isValid()) {
            *error = QStringLiteral("no temporary folder");
            return false;
        }
        root = dir.filePath(QStringLiteral("root"));
        adminPort = TestSupport::freePort();
        clientPort = TestSupport::freePort();
        const QString overrides = QStringLiteral("[/vsmserver]\nlisten_port=%1\nterminalservers=127.0.0.1\n"
                                                 "[/vsmserver/admin]\nlisten_port=%2\n")
                                      .arg(clientPort)
                                      .arg(adminPort)
            + extra;
        if (!TestSupport::makeRoot(root, overrides)) {
            *error = QStringLiteral("cannot make the OPENVSM_ROOT %1").arg(root);
            return false;
        }
        return true;
    }

    QString etc() const { return root + QStringLiteral("/etc"); }
    QString hashFile() const { return etc() + QStringLiteral("/admin-password.hash"); }
    QString node() const { return QStringLiteral("127.0.0.1:%1").arg(adminPort); }
    QString knownNodes() const { return dir.filePath(QStringLiteral("config/openvsm/known_nodes")); }

    // A 0600 file holding password, for OPENVSM_ADMIN_PASSWORD_FILE.
    QString passwordFile(const QByteArray &password)
    {
        const QString file = dir.filePath(QStringLiteral("password-%1").arg(++m_files));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly) || f.write(password + '\n') != password.size() + 1)
            return {};
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        return file;
    }

    // tlctl with OPENVSM_ROOT, XDG_CONFIG_HOME (known_nodes) and OPENVSM_ADMIN_PASSWORD_FILE set
    // for this server; input on stdin (a pipe: never a terminal).
    ToolRun tlctl(const QStringList &args, const QByteArray &input = {}, const QString &passwordFile = {})
    {
        return run(TestSupport::bin(QStringLiteral("tlctl")), args, input, passwordFile);
    }

    ToolRun run(const QString &program, const QStringList &args, const QByteArray &input = {},
                const QString &passwordFile = {})
    {
        QProcess p;
        p.setProcessEnvironment(environment(passwordFile));
        QElapsedTimer timer;
        timer.start();
        p.start(program, args);
        p.waitForStarted();
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000))
            p.kill();
        p.waitForFinished();
        ToolRun r;
        r.ms = timer.elapsed();
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    QProcessEnvironment environment(const QString &passwordFile = {}) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENVSM_ROOT"), root);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        if (passwordFile.isEmpty())
            env.remove(QStringLiteral("OPENVSM_ADMIN_PASSWORD_FILE"));
        else
            env.insert(QStringLiteral("OPENVSM_ADMIN_PASSWORD_FILE"), passwordFile);
        return env;
    }

    // The real `tlctl admin set-password`, the password as one line on stdin.
    bool setPassword(const QByteArray &password, QString *error)
    {
        const ToolRun r = tlctl({ QStringLiteral("admin"), QStringLiteral("set-password") }, password + '\n');
        if (r.code != 0)
            *error = QStringLiteral("tlctl admin set-password: exit %1: %2").arg(r.code).arg(r.err);
        return r.code == 0;
    }

    // Starts vsmserver and waits until its admin port accepts connections.
    bool start(QString *error)
    {
        m_daemon = std::make_unique<TestSupport::DaemonProcess>(QStringLiteral("vsmserver"), root);
        if (!m_daemon->start()) {
            *error = QStringLiteral("vsmserver did not start");
            return false;
        }
        for (int i = 0; i < 150; ++i) {
            if (!m_daemon->running())
                break;
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, adminPort);
            if (probe.waitForConnected(100))
                return true;
            QTest::qWait(100);
        }
        *error
            = QStringLiteral("vsmserver does not listen on the admin port %1:\n%2").arg(adminPort).arg(log());
        return false;
    }

    bool running() const { return m_daemon && m_daemon->running(); }
    QString log() const { return m_daemon ? m_daemon->log() : QString(); }
    // The certificate fingerprint vsmserver logged at start.
    QString fingerprint() const
    {
        const auto match
            = QRegularExpression(QStringLiteral("certificate SHA-256 ([0-9A-F:]+)")).match(log());
        return match.hasMatch() ? match.captured(1) : QString();
    }

private:
    std::unique_ptr<TestSupport::DaemonProcess> m_daemon;
    int m_files = 0;
};

// A ready admin API link to 127.0.0.1:port from source, the certificate not checked (as an
// attacker would). nullptr with *error when it cannot be made.
inline Protocol::Link *openAdminLink(const QHostAddress &source, quint16 port, QObject *parent,
                                     QString *error)
{
    auto *socket = new QSslSocket;
    if (!Net::configureTlsSocket(socket, Net::TlsRole::Client, {}, error)) {
        delete socket;
        return nullptr;
    }
    if (!socket->bind(source, 0)) {
        *error = QStringLiteral("cannot bind to %1: %2").arg(source.toString(), socket->errorString());
        delete socket;
        return nullptr;
    }
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    if (!socket->waitForEncrypted(10000)) {
        *error = QStringLiteral("TLS from %1: %2").arg(source.toString(), socket->errorString());
        delete socket;
        return nullptr;
    }
    Protocol::Link::Options options;
    options.program = QStringLiteral("tst_security_admin");
    options.nodeName = QStringLiteral("attacker");
    auto *link = new Protocol::Link(socket, options, parent);
    link->start();
    if (!QTest::qWaitFor([link]() { return link->isReady() || link->isClosed(); }, 10000)
        || !link->isReady()) {
        *error = QStringLiteral("no Hello from the admin API (from %1): %2")
                     .arg(source.toString(), link->closeReason());
        delete link;
        return nullptr;
    }
    return link;
}

// One AdminLogin's answer, as the attacker sees it.
struct LoginAnswer {
    bool done = false;
    bool ok = false;
    QString error;
    qint64 atMs = -1; // since the clock the sender passed
};

// Sends AdminLogin with password on link; *answer is filled in when the reply arrives, unless
// context is gone by then: give one that goes with *answer and clock (a local of the test that
// owns them), so that an answer arriving after the test has ended writes nothing.
inline void sendLogin(Protocol::Link *link, const QByteArray &password, const QElapsedTimer &clock,
                      LoginAnswer *answer, const QObject *context)
{
    link->request(Protocol::MessageType::AdminLogin,
                  QCborMap { { QStringLiteral("password"), QString::fromUtf8(password) } }, 120000, context,
                  [answer, &clock](const Protocol::Message &reply) {
                      answer->done = true;
                      answer->ok = reply.error.isEmpty();
                      answer->error = reply.error;
                      answer->atMs = clock.elapsed();
                  });
}

} // namespace SecurityTest
