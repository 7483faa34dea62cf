#pragma once

#include "shared/hiveconf/tree.h"
#include "tests/integration/support/processcontrol.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>

#include <csignal>

// A real vsmagent from the build tree, with its own OPENVSM_ROOT; stopped (SIGTERM, then
// SIGKILL) when the object dies. Optionally started inside a network namespace. It runs in a
// session of its own and dies with the test (TestSupport::ownSession()); signals go to its pid
// only, and one that ended while nobody stopped it has died() (diagnosis() says how).
class AgentProcess {
public:
    explicit AgentProcess(const QString &root) : m_root(root)
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
    }
    ~AgentProcess() { stop(); }

    static QString program()
    {
        return qEnvironmentVariable("OPENVSM_BUILD_BIN") + QStringLiteral("/vsmagent");
    }

    // Copies the shipped default configuration into <root>/etc, or writes a minimal one.
    static bool writeDefaultConfig(const QString &root, QString *error)
    {
        const QString etc = root + QStringLiteral("/etc");
        QDir().mkpath(etc + QStringLiteral("/conf.d"));
        const QString shipped = qEnvironmentVariable("OPENVSM_SOURCE_DIR") + QStringLiteral("/packaging/etc");
        if (QFile::exists(shipped + QStringLiteral("/openvsm.hconf"))) {
            const QStringList files = { QStringLiteral("openvsm.hconf"), QStringLiteral("conf.d/vsm.hconf"),
                                        QStringLiteral("conf.d/vsmagent.hconf") };
            for (const QString &f : files) {
                QFile::remove(etc + QLatin1Char('/') + f);
                if (!QFile::copy(shipped + QLatin1Char('/') + f, etc + QLatin1Char('/') + f)) {
                    *error = QStringLiteral("cannot copy %1").arg(f);
                    return false;
                }
                QFile::setPermissions(etc + QLatin1Char('/') + f,
                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            }
            return true;
        }
        QFile rootFile(etc + QStringLiteral("/openvsm.hconf"));
        if (!rootFile.open(QIODevice::WriteOnly)) {
            *error = rootFile.errorString();
            return false;
        }
        rootFile.write("%mount conf.d/*.hconf\n");
        QFile agent(etc + QStringLiteral("/conf.d/vsmagent.hconf"));
        if (!agent.open(QIODevice::WriteOnly)) {
            *error = agent.errorString();
            return false;
        }
        agent.write("[/vsmagent]\nlisten_port=0\n");
        return true;
    }

    static bool set(const QString &root, const QString &path, const QString &value, QString *error)
    {
        Hiveconf::Tree tree;
        return tree.load(root + QStringLiteral("/etc/openvsm.hconf"), error) && tree.set(path, value, error);
    }

    // Starts the agent (in namespace netns when given) and waits until port accepts TCP
    // connections at address. Returns false (and the output so far in *output) when the agent
    // exits or does not listen within 15 s.
    bool start(quint16 port, QString *output, const QString &netns = {},
               const QString &address = QStringLiteral("127.0.0.1"))
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENVSM_ROOT"), m_root);
        m_process.setProcessEnvironment(env);
        TestSupport::ownSession(&m_process);
        m_output.clear();
        m_stopped = false;
        if (netns.isEmpty())
            m_process.start(program(), { QStringLiteral("--foreground") });
        else
            m_process.start(QStringLiteral("ip"),
                            { QStringLiteral("netns"), QStringLiteral("exec"), netns, program(),
                              QStringLiteral("--foreground") });
        if (!m_process.waitForStarted(5000)) {
            *output = m_process.errorString();
            return false;
        }
        for (int i = 0; i < 150; ++i) {
            if (m_process.state() != QProcess::Running)
                break;
            QTcpSocket probe;
            probe.connectToHost(address, port);
            if (probe.waitForConnected(100)) {
                probe.abort();
                return true;
            }
            m_process.waitForReadyRead(100);
        }
        *output = this->output();
        return false;
    }

    // Runs the agent expecting it to fail at start; returns its exit code and output.
    int runToFailure(QString *output)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENVSM_ROOT"), m_root);
        m_process.setProcessEnvironment(env);
        TestSupport::ownSession(&m_process);
        m_output.clear();
        m_stopped = true; // its end is expected
        m_process.start(program(), { QStringLiteral("--foreground") });
        if (!m_process.waitForFinished(15000)) {
            *output = QStringLiteral("still running after 15 s");
            stop();
            return 0;
        }
        *output = this->output();
        return m_process.exitCode();
    }

    QString output()
    {
        m_output += QString::fromLocal8Bit(m_process.readAll());
        return m_output;
    }

    bool running() const { return m_process.state() == QProcess::Running; }
    // The agent ended although the test did not stop it.
    bool died() { return !m_stopped && TestSupport::ended(m_process); }
    // What became of the agent and its output, for a failure message.
    QString diagnosis()
    {
        return QStringLiteral("vsmagent in %1 %2\n--- its output ---\n%3")
            .arg(m_root, TestSupport::describeState(m_process), output().right(6000));
    }

    // Sends signo to the running agent, by its pid. False, with nothing sent, when it does not
    // run (see diagnosis()).
    [[nodiscard]] bool signal(int signo) { return TestSupport::signalProcess(m_process, signo); }

    // SIGTERM and wait; SIGKILL after 5 s. Returns the exit code (-1 when it had to be killed;
    // -2 when it had ended before while nobody stopped it: see diagnosis()).
    int stop()
    {
        if (TestSupport::ended(m_process)) {
            const bool diedBefore = !m_stopped;
            m_stopped = true;
            return diedBefore ? -2 : m_process.exitCode();
        }
        m_stopped = true;
        (void)signal(SIGTERM);
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(3000);
            return -1;
        }
        output();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

private:
    QString m_root;
    QProcess m_process;
    QString m_output;
    bool m_stopped = true;
};
