#pragma once

#include <QProcess>
#include <QString>

#include <csignal>
#include <pwd.h>
#include <unistd.h>

// A throw-away local account for tests that run as root: created with useradd -m, removed
// (with its home and any process left) when the object dies, also when the test fails.
class TestUser {
public:
    explicit TestUser(const QString &prefix)
        : m_name(QStringLiteral("%1%2").arg(prefix).arg(::getpid() % 100000))
    {
        remove();
        QProcess p;
        p.start(QStringLiteral("useradd"),
                { QStringLiteral("-m"), QStringLiteral("-s"), QStringLiteral("/bin/sh"), m_name });
        p.waitForFinished(30000);
        m_ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        if (!m_ok)
            m_error = QString::fromLocal8Bit(p.readAllStandardError());
    }
    ~TestUser() { remove(); }
    TestUser(const TestUser &) = delete;
    TestUser &operator=(const TestUser &) = delete;

    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    QString name() const { return m_name; }
    uid_t uid() const
    {
        const passwd *pw = ::getpwnam(m_name.toLocal8Bit().constData());
        return pw ? pw->pw_uid : uid_t(-1);
    }
    QString home() const
    {
        const passwd *pw = ::getpwnam(m_name.toLocal8Bit().constData());
        return pw ? QString::fromLocal8Bit(pw->pw_dir) : QString();
    }

private:
    void remove()
    {
        // Whatever this account still runs was started by the test that created it.
        if (const passwd *pw = ::getpwnam(m_name.toLocal8Bit().constData())) {
            QProcess pgrep;
            pgrep.start(QStringLiteral("pgrep"), { QStringLiteral("-u"), QString::number(pw->pw_uid) });
            pgrep.waitForFinished(10000);
            for (const QByteArray &pid : pgrep.readAllStandardOutput().split('\n')) {
                if (pid.toInt() > 0)
                    ::kill(pid.toInt(), SIGKILL);
            }
        }
        QProcess p;
        p.start(QStringLiteral("userdel"), { QStringLiteral("-r"), QStringLiteral("-f"), m_name });
        p.waitForFinished(30000);
    }

    QString m_name;
    bool m_ok = false;
    QString m_error;
};
