#pragma once

// A real vsmagent and two real vsmservers from OPENVSM_BUILD_BIN, each with its own temporary
// OPENVSM_ROOT and high ports, for the console tests and the screenshots. Each is a
// TestSupport::DaemonProcess, as in the integration and security tests: a session of its own,
// dies with the test; stop() reports any that had ended while nobody stopped it, with its log.

#include "shared/admin/adminpassword.h"
#include "shared/hiveconf/tree.h"
#include "shared/store/sessionstore.h"
#include "tests/integration/support/daemonprocess.h"

#include <QDir>
#include <QFile>
#include <QNetworkInterface>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <unistd.h>

class DaemonFixture {
public:
    static constexpr const char *Password = "console-test-password";

    QTemporaryDir dir;
    QString localAddress; // a non-loopback address of this machine: the agent's name
    quint16 agentPort = 0;
    quint16 adminPort[2] = { 0, 0 };
    QString agentRoot;
    QString serverRoot[2];

    ~DaemonFixture() { (void)stop(); }

    static QString firstNonLoopbackAddress()
    {
        for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
            if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback() && !a.isLinkLocal())
                return a.toString();
        }
        return {};
    }

    static bool copyShipped(const QString &root, const QStringList &files, QString *error)
    {
        const QString shipped
            = qEnvironmentVariable("OPENVSM_SOURCE_DIR") + QStringLiteral("/packaging/etc/");
        QDir().mkpath(root + QStringLiteral("/etc/conf.d"));
        for (const QString &f : files) {
            const QString to = root + QStringLiteral("/etc/") + f;
            if (!QFile::copy(shipped + f, to)) {
                *error = QStringLiteral("cannot copy %1").arg(f);
                return false;
            }
            QFile::setPermissions(to, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
        return true;
    }

    static bool writeFile(const QString &path, const QByteArray &text)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    }

    static QString value(const QString &root, const QString &path)
    {
        Hiveconf::Tree tree;
        QString error;
        if (!tree.load(root + QStringLiteral("/etc/openvsm.hconf"), &error))
            return QStringLiteral("ERROR: ") + error;
        return tree.value(path).value_or(QString());
    }

    // Sets up the roots; seeds server 0's store with session records on the agent (and server
    // 1's with bulkSessionsOnSecond more).
    bool setUp(bool haEnabled, QString *error, int sessions = 1, int bulkSessionsOnSecond = 0)
    {
        localAddress = firstNonLoopbackAddress();
        if (localAddress.isEmpty()) {
            *error = QStringLiteral("no non-loopback IPv4 address");
            return false;
        }
        // vsmagent wants the folders above its session state searchable by session users.
        QFile::setPermissions(dir.path(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                  | QFileDevice::ExeGroup | QFileDevice::ExeOther);
        const quint16 base = static_cast<quint16>(21000 + (::getpid() % 1500) * 10);
        agentPort = base;
        adminPort[0] = base + 1;
        adminPort[1] = base + 2;
        return setUpAgent(error) && setUpServers(haEnabled, error) && seedSessions(0, sessions, error)
            && seedBulkSessions(1, bulkSessionsOnSecond, error);
    }

private:
    bool setUpAgent(QString *error)
    {
        agentRoot = dir.filePath(QStringLiteral("agent"));
        if (!copyShipped(agentRoot,
                         { QStringLiteral("openvsm.hconf"), QStringLiteral("conf.d/vsm.hconf"),
                           QStringLiteral("conf.d/vsmagent.hconf") },
                         error))
            return false;
        return writeFile(agentRoot + QStringLiteral("/etc/conf.d/zz-test.hconf"),
                         QStringLiteral("[/vsm]\nvsm_agent_port=%1\n[/vsmagent]\nlisten_port=%1\n")
                             .arg(agentPort)
                             .toUtf8());
    }

    // Both servers' roots, with the admin password's hash as tlctl admin set-password writes it:
    // root's, 0600, outside the configuration.
    bool setUpServers(bool haEnabled, QString *error)
    {
        const QString hash = Admin::AdminPassword::hash(QByteArray(Password), error, 1000);
        if (hash.isEmpty())
            return false;
        for (int i = 0; i < 2; ++i) {
            serverRoot[i] = dir.filePath(QStringLiteral("server%1").arg(i));
            if (!copyShipped(serverRoot[i],
                             { QStringLiteral("openvsm.hconf"), QStringLiteral("conf.d/vsm.hconf"),
                               QStringLiteral("conf.d/vsmserver.hconf") },
                             error))
                return false;
            writeFile(serverRoot[i] + QStringLiteral("/etc/conf.d/zz-test.hconf"),
                      QStringLiteral("[/vsm]\nvsm_agent_port=%1\n[/vsmserver]\nterminalservers=%2\n"
                                     "[/vsmserver/HA]\nenabled=%3\n[/vsmserver/admin]\nlisten_port=%4\n")
                          .arg(agentPort)
                          .arg(localAddress)
                          .arg(haEnabled ? 1 : 0)
                          .arg(adminPort[i])
                          .toUtf8());
            const QString hashFile = serverRoot[i] + QStringLiteral("/etc/admin-password.hash");
            if (!writeFile(hashFile, hash.toUtf8() + '\n')
                || !QFile::setPermissions(hashFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
                *error = QStringLiteral("cannot write %1").arg(hashFile);
                return false;
            }
        }
        return true;
    }

    // Server i's session store, opened in its state folder.
    bool openStore(int i, Store::SessionStore *store, QString *error)
    {
        const QString state = serverRoot[i] + QStringLiteral("/var/lib/openvsm/vsmserver");
        QDir().mkpath(state);
        QFile::setPermissions(state,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        return store->open(state + QStringLiteral("/sessions.db"), error);
    }

    // Session records of a few users (the agent does not run them: terminating one removes the
    // record).
    bool seedSessions(int server, int sessions, QString *error)
    {
        Store::SessionStore store;
        if (!openStore(server, &store, error))
            return false;
        static const char *const users[]
            = { "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi" };
        for (int i = 0; i < sessions; ++i) {
            Store::SessionRecord r;
            r.id = QStringLiteral("0a1b2c3d-0000-4000-8000-%1").arg(i + 1, 12, 10, QLatin1Char('0'));
            r.user = QString::fromLatin1(users[i % 8]) + (i < 8 ? QString() : QString::number(i / 8));
            r.uid = 1001 + i;
            r.agent = localAddress;
            r.agentHostname = localAddress;
            r.display = 11 + i;
            r.vncPort = 5911 + i;
            r.created = QDateTime::currentSecsSinceEpoch() - 600 - 1500 * i;
            r.lastClient = QStringLiteral("10.1.0.%1").arg(20 + i);
            r.lastConnection = r.created + 60;
            if (i % 3 == 2)
                r.state = Store::SessionState::Disconnected;
            if (!store.upsert(r, error))
                return false;
        }
        return true;
    }

    bool seedBulkSessions(int server, int count, QString *error)
    {
        if (count <= 0)
            return true;
        Store::SessionStore bulk;
        if (!openStore(server, &bulk, error))
            return false;
        QList<Store::SessionRecord> records;
        for (int i = 0; i < count; ++i) {
            Store::SessionRecord r;
            r.id = QStringLiteral("bbbbbbbb-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0'));
            r.user = QStringLiteral("bulk%1").arg(i);
            r.uid = 20000 + i;
            r.agent = localAddress;
            r.agentHostname = localAddress;
            r.display = 100 + i;
            r.vncPort = 6000 + i;
            r.created = QDateTime::currentSecsSinceEpoch() - i;
            records.append(r);
        }
        return bulk.upsertAll(records, error).size() == count;
    }

public:
    // Starts program in root (TestSupport::DaemonProcess: its own session, log in root/log) and
    // waits until it listens on port.
    bool startDaemon(std::unique_ptr<TestSupport::DaemonProcess> *daemon, const QString &program,
                     const QString &root, quint16 port, QString *error)
    {
        *daemon = std::make_unique<TestSupport::DaemonProcess>(program, root);
        if (!(*daemon)->start()) {
            *error = (*daemon)->diagnosis();
            return false;
        }
        m_started.prepend(daemon->get());
        for (int i = 0; i < 150 && (*daemon)->running(); ++i) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            if (probe.waitForConnected(100))
                return true;
            QTest::qWait(100);
        }
        *error = QStringLiteral("%1 did not listen on %2: %3")
                     .arg(program)
                     .arg(port)
                     .arg((*daemon)->diagnosis());
        return false;
    }

    bool start(QString *error)
    {
        if (!startDaemon(&m_agent, QStringLiteral("vsmagent"), agentRoot, agentPort, error))
            return false;
        for (int i = 0; i < 2; ++i) {
            if (!startDaemon(&m_server[i], QStringLiteral("vsmserver"), serverRoot[i], adminPort[i], error))
                return false;
        }
        return true;
    }

    // Stops the daemons, newest first. Returns what went wrong: for each one that had ended
    // before, while nobody stopped it, how it ended and its log; empty when all ran to the end
    // (or none ran).
    [[nodiscard]] QString stop()
    {
        QString problems;
        for (TestSupport::DaemonProcess *daemon : std::as_const(m_started)) {
            if (daemon->died())
                problems += daemon->diagnosis() + QLatin1Char('\n');
            else
                (void)daemon->stop(SIGTERM);
        }
        m_started.clear();
        return problems;
    }

    QString node(int i) const { return QStringLiteral("127.0.0.1:%1").arg(adminPort[i]); }
    [[nodiscard]] bool signalServer(int i, int signal) { return m_server[i] && m_server[i]->signal(signal); }
    [[nodiscard]] bool signalAgent(int signal) { return m_agent && m_agent->signal(signal); }

    // Runs tl-config PATH=VALUE... on the configuration under root (as the administrator does
    // before a SIGHUP); empty when it worked, else what it said.
    static QString tlConfig(const QString &root, const QStringList &assignments)
    {
        QProcess config;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPENVSM_ROOT"), root);
        config.setProcessEnvironment(env);
        config.start(qEnvironmentVariable("OPENVSM_BUILD_BIN") + QStringLiteral("/tl-config"), assignments);
        if (!config.waitForFinished(30000))
            return QStringLiteral("tl-config did not finish");
        if (config.exitStatus() != QProcess::NormalExit || config.exitCode() != 0)
            return QStringLiteral("tl-config failed: ")
                + QString::fromLocal8Bit(config.readAllStandardError());
        return {};
    }

private:
    QList<TestSupport::DaemonProcess *> m_started; // newest first
    std::unique_ptr<TestSupport::DaemonProcess> m_agent;
    std::unique_ptr<TestSupport::DaemonProcess> m_server[2];
};
