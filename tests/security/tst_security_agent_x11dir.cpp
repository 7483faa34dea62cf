#include "tests/integration/support/testuser.h"
#include "tests/security/agentharness.h"

#include "backend/agent/x11socketdir.h"

#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using Protocol::MessageType;

namespace {

enum class Owner { Root, User };
enum class Kind { Folder, Symlink, File, Missing };

} // namespace

// Issue: "/tmp/.X11-unix must be root-owned with the sticky bit or the agent refuses to start
// sessions and says why." Owned by a user, that user can replace the X socket of every session
// (and so read its keystrokes); without the sticky bit, anyone can.
class TestSecurityAgentX11Dir : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestUser> m_user;

private slots:
    void initTestCase()
    {
        if (::getuid() != 0)
            QSKIP("needs root: the folder's owner is what is tested, and the agent checks it only as root");
        m_user = std::make_unique<TestUser>(QStringLiteral("ovsx1"));
        QVERIFY2(m_user->ok(), qPrintable(m_user->error()));
    }

    void check_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("owner");
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("problem"); // what the error says is wrong
        QTest::addColumn<QString>("fix"); // and how to fix it

        const QString chown = QStringLiteral("chown root:root %1 && chmod 1777 %1");
        const QString rm = QStringLiteral("rm %1");
        const int folder = int(Kind::Folder);
        const int root = int(Owner::Root);
        const int user = int(Owner::User);
        QTest::newRow("root 1777") << folder << root << 01777 << true << QString() << QString();
        QTest::newRow("root 0777: no sticky bit")
            << folder << root << 0777 << false << QStringLiteral("has mode 0777 without the sticky bit")
            << chown;
        QTest::newRow("user 1777") << folder << user << 01777 << false
                                   << QStringLiteral("is owned by '%1'").arg(m_user->name()) << chown;
        QTest::newRow("user 0777") << folder << user << 0777 << false
                                   << QStringLiteral("is owned by '%1'").arg(m_user->name()) << chown;
        QTest::newRow("user 0700") << folder << user << 0700 << false << QStringLiteral("not by root")
                                   << chown;
        QTest::newRow("root 1755: users cannot add sockets")
            << folder << root << 01755 << false << QStringLiteral("has mode 1755, not 1777") << chown;
        QTest::newRow("root 1770") << folder << root << 01770 << false << QStringLiteral("not 1777") << chown;
        QTest::newRow("symlink to a root 1777 folder")
            << int(Kind::Symlink) << root << 01777 << false << QStringLiteral("is a symbolic link") << rm;
        QTest::newRow("regular file")
            << int(Kind::File) << root << 0644 << false << QStringLiteral("is not a folder") << rm;
    }
    void check()
    {
        QFETCH(int, kind);
        QFETCH(int, owner);
        QFETCH(int, mode);
        QFETCH(bool, ok);
        QFETCH(QString, problem);
        QFETCH(QString, fix);
        QTemporaryDir scratch;
        const QString path = scratch.filePath(QStringLiteral(".X11-unix"));
        const QByteArray native = QFile::encodeName(path);
        if (Kind(kind) == Kind::Folder) {
            QCOMPARE(::mkdir(native.constData(), 0700), 0);
        } else if (Kind(kind) == Kind::Symlink) {
            const QString target = scratch.filePath(QStringLiteral("elsewhere"));
            QCOMPARE(::mkdir(QFile::encodeName(target).constData(), 0700), 0);
            QCOMPARE(::chmod(QFile::encodeName(target).constData(), 01777), 0);
            QVERIFY(QFile::link(target, path));
        } else {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        if (Kind(kind) != Kind::Symlink) {
            QCOMPARE(::chown(native.constData(), Owner(owner) == Owner::Root ? 0 : m_user->uid(), 0), 0);
            QCOMPARE(::chmod(native.constData(), static_cast<mode_t>(mode)), 0);
        }
        QString error;
        QCOMPARE(Agent::X11SocketDir::check(path, &error), ok);
        if (ok) {
            QVERIFY(error.isEmpty());
            return;
        }
        // Which folder, what is wrong, how to fix it.
        QVERIFY2(error.startsWith(QStringLiteral("X socket folder %1 ").arg(path)), qPrintable(error));
        QVERIFY2(error.contains(problem), qPrintable(error));
        QVERIFY2(error.contains(fix.arg(path)), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("no session is started")), qPrintable(error));
        // ensure() never repairs what someone else made.
        struct stat before { };
        ::lstat(native.constData(), &before);
        QVERIFY(!Agent::X11SocketDir::ensure(path, &error));
        struct stat after { };
        ::lstat(native.constData(), &after);
        QCOMPARE(after.st_uid, before.st_uid);
        QCOMPARE(after.st_mode, before.st_mode);
    }

    void missingFolderIsCreatedRoots()
    {
        QTemporaryDir scratch;
        const QString path = scratch.filePath(QStringLiteral(".X11-unix"));
        QString error;
        QVERIFY2(Agent::X11SocketDir::ensure(path, &error), qPrintable(error));
        struct stat st { };
        QCOMPARE(::lstat(QFile::encodeName(path).constData(), &st), 0);
        QVERIFY(S_ISDIR(st.st_mode));
        QCOMPARE(st.st_uid, uid_t(0));
        QCOMPARE(st.st_mode & 07777, mode_t(01777));
    }

    // The real agent, with /tmp/.X11-unix replaced by a scratch folder in a private mount
    // namespace (the host's folder is not touched).
    void realAgentRefusesSessions()
    {
        const QString missing = AgentHarness::missing();
        if (!missing.isEmpty())
            QSKIP(qPrintable(missing));
        if (QStandardPaths::findExecutable(QStringLiteral("unshare")).isEmpty())
            QSKIP("needs unshare (Debian package util-linux) for a private mount namespace");
        const QString real = Agent::X11SocketDir::defaultPath();
        QString error;
        if (!QFileInfo(real).isDir())
            QVERIFY2(Agent::X11SocketDir::ensure(real, &error), qPrintable(error));
        TestUser sessionUser(QStringLiteral("ovsx2"));
        QVERIFY2(sessionUser.ok(), qPrintable(sessionUser.error()));

        AgentHarness h(this);
        QVERIFY2(h.setUp(650, &error), qPrintable(error));
        // A folder the first test user made (as any user can in /tmp before the first X server).
        const QString fake = h.scratch() + QStringLiteral("/x11");
        const QByteArray native = QFile::encodeName(fake);
        QCOMPARE(::mkdir(native.constData(), 0700), 0);
        QCOMPARE(::chown(native.constData(), m_user->uid(), 0), 0);
        QCOMPARE(::chmod(native.constData(), 01777), 0);
        const QStringList launcher { QStringLiteral("unshare"),
                                     QStringLiteral("--mount"),
                                     QStringLiteral("--propagation"),
                                     QStringLiteral("private"),
                                     QStringLiteral("sh"),
                                     QStringLiteral("-c"),
                                     QStringLiteral("mount --bind \"$0\" %1 && exec \"$@\"").arg(real),
                                     fake };
        QVERIFY2(h.start(&error, launcher), qPrintable(error));
        // Said at start, and the agent keeps running.
        QTRY_VERIFY2(
            h.log().contains(QStringLiteral("X socket folder %1 is owned by '%2'").arg(real, m_user->name())),
            qPrintable(h.log()));
        QPointer<Protocol::Link> link = h.connect(&error);
        QVERIFY2(link, qPrintable(error));

        AgentHarness::Answer a = h.startSession(link, QStringLiteral("x11-1"), sessionUser.name());
        QVERIFY2(
            a.error.contains(QStringLiteral("X socket folder %1 is owned by '%2'").arg(real, m_user->name()))
                && a.error.contains(QStringLiteral("chown root:root %1 && chmod 1777 %1").arg(real)),
            qPrintable(a.error));
        QVERIFY(!QFile::exists(h.sessionFile(QStringLiteral("x11-1"), QStringLiteral("passwd"))));

        // Root's, but without the sticky bit.
        QCOMPARE(::chown(native.constData(), 0, 0), 0);
        QCOMPARE(::chmod(native.constData(), 0777), 0);
        a = h.startSession(link, QStringLiteral("x11-2"), sessionUser.name());
        QVERIFY2(a.error.contains(QStringLiteral("without the sticky bit")), qPrintable(a.error));

        // Fixed as the message says: sessions start (Xvnc puts its socket in the scratch folder).
        QCOMPARE(::chmod(native.constData(), 01777), 0);
        a = h.startSession(link, QStringLiteral("x11-3"), sessionUser.name());
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        const qint64 display = AgentHarness::session(a).value(QStringLiteral("display")).toInteger();
        QTRY_VERIFY(QFileInfo::exists(fake + QStringLiteral("/X%1").arg(display)));
        a = h.request(link, MessageType::AgentTerminateSession,
                      AgentHarness::idBody(QStringLiteral("x11-3")));
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QVERIFY(h.agent()->running());
    }

    void cleanupTestCase() { m_user.reset(); }
};

QTEST_GUILESS_MAIN(TestSecurityAgentX11Dir)
#include "tst_security_agent_x11dir.moc"
