#pragma once

#include "tests/integration/support/daemonprocess.h"

#include "shared/net/clusterkey.h"
#include "shared/net/tlsconnector.h"
#include "shared/protocol/link.h"

#include <QCborMap>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <optional>

// A real vsmagent from the build tree for the agent's security regression tests, run as root in
// its own OPENVSM_ROOT: the shipped configuration, a cluster key (every link proves it, so
// privileged calls pass on the key whatever the address rule), displays displayMin..+9, and a
// session script that records its pid and sleeps. The agent is stopped, and every process it
// started for the test is killed, when the object dies.
//
// Display ranges in use by tests/security (keep them apart; other tests use 10..499):
// fds 600, stall 610, displays 620, user names 640, X socket folder 650.
class AgentHarness {
public:
    struct Answer {
        bool done = false;
        QCborMap body;
        QString error;
        qint64 ms = 0; // how long the answer took
    };

    explicit AgentHarness(QObject *context) : m_context(context) { }
    ~AgentHarness()
    {
        if (m_agent)
            (void)m_agent->stop(SIGTERM); // cleanup: the tests check the agent while they run
        for (pid_t pid : std::as_const(m_pids)) {
            if (pid > 0) {
                ::kill(pid, SIGCONT);
                ::kill(pid, SIGKILL);
            }
        }
        const QStringList pidFiles
            = QDir(m_scratch.path()).entryList({ QStringLiteral("pid-*") }, QDir::Files);
        for (const QString &name : pidFiles) {
            QFile f(m_scratch.filePath(name));
            const int pid = f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toInt() : 0;
            if (pid > 0)
                ::kill(-pid, SIGKILL);
        }
        QDeadlineTimer reaped(3000);
        for (pid_t pid : std::as_const(m_pids)) {
            while (pid > 0 && ::kill(pid, 0) == 0 && !reaped.hasExpired())
                QThread::msleep(20);
        }
        // A killed Xvnc leaves its lock file and socket behind; the next run would skip them.
        for (int d = m_displayMin; m_displayMin > 0 && d <= m_displayMin + 9; ++d) {
            QFile lock(QStringLiteral("/tmp/.X%1-lock").arg(d));
            const int pid = lock.open(QIODevice::ReadOnly) ? lock.readAll().trimmed().toInt() : 0;
            if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) {
                QFile::remove(lock.fileName());
                QFile::remove(QStringLiteral("/tmp/.X11-unix/X%1").arg(d));
            }
        }
    }
    AgentHarness(const AgentHarness &) = delete;
    AgentHarness &operator=(const AgentHarness &) = delete;

    // Why this machine cannot run the tests, or empty.
    static QString missing()
    {
        if (::getuid() != 0)
            return QStringLiteral(
                "needs root: starts the real vsmagent as root and sessions as throw-away users");
        if (!QFile::exists(TestSupport::bin(QStringLiteral("vsmagent"))))
            return QStringLiteral("vsmagent is not built");
        if (QStandardPaths::findExecutable(QStringLiteral("Xvnc")).isEmpty())
            return QStringLiteral("needs Xvnc (Debian package tigervnc-standalone-server)");
        if (QStandardPaths::findExecutable(QStringLiteral("useradd")).isEmpty())
            return QStringLiteral("needs useradd (Debian package passwd)");
        return {};
    }

    // Writes the configuration (extraConfig is appended, so its values win) and the cluster key.
    bool setUp(int displayMin, QString *error, const QString &extraConfig = {})
    {
        if (!m_root.isValid() || !m_scratch.isValid()) {
            *error = QStringLiteral("cannot create temporary folders");
            return false;
        }
        // As under the install prefix: users reach their session's files by name.
        ::chmod(QFile::encodeName(m_root.path()).constData(), 0755);
        ::chmod(QFile::encodeName(m_scratch.path()).constData(), 01777);
        QFile script(m_scratch.filePath(QStringLiteral("xsession")));
        if (!script.open(QIODevice::WriteOnly)) {
            *error = script.errorString();
            return false;
        }
        script.write(
            "#!/bin/sh\necho \"$$\" > \"$(dirname \"$0\")/pid-$OPENVSM_SESSION_ID\"\nexec sleep 600\n");
        script.close();
        script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ReadOther | QFileDevice::ExeOther);
        m_port = TestSupport::freePort();
        m_displayMin = displayMin;
        const QString keyFile = m_root.filePath(QStringLiteral("cluster.key"));
        const QString config = QStringLiteral("[/vsm]\ncluster_key_file=%1\n"
                                              "[/vsmagent]\nlisten_port=%2\ndisplay_min=%3\ndisplay_max=%4\n"
                                              "xsession_script=%5\n"
                                              "[/vsmagent/logging]\ndefaultlevel=DEBUG\n")
                                   .arg(keyFile)
                                   .arg(m_port)
                                   .arg(displayMin)
                                   .arg(displayMin + 9)
                                   .arg(m_scratch.filePath(QStringLiteral("xsession")))
            + extraConfig;
        if (!TestSupport::makeRoot(m_root.path(), config)) {
            *error = QStringLiteral("cannot write the configuration under %1").arg(m_root.path());
            return false;
        }
        if (!Net::ClusterKey::create(keyFile, error))
            return false;
        m_key = Net::ClusterKey::load(keyFile, error);
        return m_key.has_value();
    }

    // Starts the agent (through launcher, see DaemonProcess) and waits until it listens.
    bool start(QString *error, const QStringList &launcher = {})
    {
        m_agent = std::make_unique<TestSupport::DaemonProcess>(QStringLiteral("vsmagent"), m_root.path(),
                                                               launcher);
        if (!m_agent->start()) {
            *error = QStringLiteral("vsmagent does not start");
            return false;
        }
        QDeadlineTimer deadline(15000);
        while (!deadline.hasExpired() && m_agent->running()) {
            QTcpSocket probe;
            probe.connectToHost(QStringLiteral("127.0.0.1"), m_port);
            if (probe.waitForConnected(100)) {
                probe.abort();
                return true;
            }
            QTest::qWait(100);
        }
        *error = QStringLiteral("vsmagent does not listen on port %1:\n%2").arg(m_port).arg(m_agent->log());
        return false;
    }

    // A link to the agent that proves the cluster key. Owned by the context.
    Protocol::Link *connect(QString *error)
    {
        Net::TlsConnector::Options options;
        options.tls.clusterKey = m_key;
        options.link.program = QStringLiteral("tst_security_agent");
        options.link.nodeName = QStringLiteral("test");
        Net::TlsConnector connector(options);
        Protocol::Link *link = nullptr;
        bool done = false;
        connector.connectToHost(QStringLiteral("127.0.0.1"), m_port, 10000, m_context,
                                [&](Protocol::Link *l, const QString &e) {
                                    link = l;
                                    *error = e;
                                    done = true;
                                });
        QDeadlineTimer deadline(15000);
        while (!done && !deadline.hasExpired())
            QTest::qWait(20);
        if (link)
            link->setParent(m_context);
        return link;
    }

    // Sends a request without waiting; *answer is filled in when the reply comes.
    void send(Protocol::Link *link, Protocol::MessageType type, const QCborMap &body,
              const std::shared_ptr<Answer> &answer, int timeoutMs = 30000)
    {
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        link->request(type, body, timeoutMs, m_context, [answer, clock](const Protocol::Message &reply) {
            answer->done = true;
            answer->body = reply.body.map();
            answer->error = reply.error;
            answer->ms = clock->elapsed();
        });
    }

    // Sends a request and waits for its answer.
    Answer request(Protocol::Link *link, Protocol::MessageType type, const QCborMap &body = {},
                   int timeoutMs = 30000)
    {
        auto answer = std::make_shared<Answer>();
        if (!link) {
            answer->error = QStringLiteral("test: no link");
            return *answer;
        }
        send(link, type, body, answer, timeoutMs);
        QDeadlineTimer deadline(timeoutMs + 2000);
        while (!answer->done && !deadline.hasExpired())
            QTest::qWait(10);
        if (!answer->done)
            answer->error = QStringLiteral("test: no answer");
        return *answer;
    }

    static QCborMap idBody(const QString &id)
    {
        QCborMap m;
        m.insert(QStringLiteral("id"), id);
        return m;
    }

    // StartSession for user; remembers the session's Xvnc to kill it at the end.
    Answer startSession(Protocol::Link *link, const QString &id, const QString &user)
    {
        QCborMap body = idBody(id);
        body.insert(QStringLiteral("user"), user);
        const Answer a = request(link, Protocol::MessageType::AgentStartSession, body, 60000);
        const pid_t pid = static_cast<pid_t>(
            a.body.value(QStringLiteral("session")).toMap().value(QStringLiteral("pid")).toInteger());
        if (pid > 0)
            m_pids << pid;
        return a;
    }

    static QCborMap session(const Answer &a) { return a.body.value(QStringLiteral("session")).toMap(); }

    QString sessionFile(const QString &id, const QString &suffix) const
    {
        return m_root.filePath(QStringLiteral("var/lib/openvsm/vsmagent/sessions/%1.%2").arg(id, suffix));
    }

    TestSupport::DaemonProcess *agent() const { return m_agent.get(); }
    QString log() const { return m_agent ? m_agent->log() : QString(); }
    QString root() const { return m_root.path(); }
    QString scratch() const { return m_scratch.path(); }
    quint16 port() const { return m_port; }

private:
    QObject *m_context;
    QTemporaryDir m_root;
    QTemporaryDir m_scratch;
    quint16 m_port = 0;
    int m_displayMin = 0;
    std::optional<Net::ClusterKey> m_key;
    std::unique_ptr<TestSupport::DaemonProcess> m_agent;
    QList<pid_t> m_pids;
};
