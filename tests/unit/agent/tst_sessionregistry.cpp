#include "session.h"
#include "sessionregistry.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

class TestSessionRegistry : public QObject {
    Q_OBJECT

private:
    static Agent::Session sample()
    {
        Agent::Session s;
        s.id = QStringLiteral("0b6f3c1e-2a44-4c55-9a1b-1234567890ab");
        s.user = QStringLiteral("alice");
        s.uid = 1001;
        s.gid = 1001;
        s.display = 12;
        s.vncPort = 5912;
        s.pid = 4242;
        s.pidStartTime = 123456789012ULL;
        s.xvncProgram = QStringLiteral("/usr/bin/Xvnc");
        s.sessionPid = 4250;
        s.geometry = QStringLiteral("1024x768");
        s.command = QStringLiteral("firefox");
        s.created = 1764000000;
        s.passwordFile = QStringLiteral("/x/y.passwd");
        s.xauthFile = QStringLiteral("/x/y.xauth");
        return s;
    }

private slots:
    void ids_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("valid");
        QTest::newRow("uuid") << QStringLiteral("0b6f3c1e-2a44-4c55-9a1b-1234567890ab") << true;
        QTest::newRow("short") << QStringLiteral("s1") << true;
        QTest::newRow("dots inside") << QStringLiteral("a.b_c") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("leading dot") << QStringLiteral(".hidden") << false;
        QTest::newRow("dotdot") << QStringLiteral("..") << false;
        QTest::newRow("slash") << QStringLiteral("a/b") << false;
        QTest::newRow("blank") << QStringLiteral("a b") << false;
        QTest::newRow("too long") << QString(65, QLatin1Char('a')) << false;
        QTest::newRow("64") << QString(64, QLatin1Char('a')) << true;
    }
    void ids()
    {
        QFETCH(QString, id);
        QFETCH(bool, valid);
        QCOMPARE(Agent::Session::isValidId(id), valid);
    }

    void jsonRoundTrip()
    {
        const Agent::Session s = sample();
        Agent::Session back;
        QString error;
        QVERIFY2(Agent::Session::fromJson(s.toJson(), &back, &error), qPrintable(error));
        QCOMPARE(back.toJson(), s.toJson());
        QCOMPARE(back.pidStartTime, s.pidStartTime);
        QCOMPARE(back.sessionPid, s.sessionPid);
        QJsonObject broken = s.toJson();
        broken.remove(QStringLiteral("pid"));
        QVERIFY(!Agent::Session::fromJson(broken, &back, &error));
        QVERIFY(error.contains(s.id));
    }

    void infoCarriesNoSecrets()
    {
        const QCborMap info = sample().toInfo(QStringLiteral("10.0.0.5"));
        QCOMPARE(info.value(QStringLiteral("agent_hostname")).toString(), QStringLiteral("10.0.0.5"));
        QCOMPARE(info.value(QStringLiteral("vnc_port")).toInteger(), 5912);
        QCOMPARE(info.value(QStringLiteral("display")).toInteger(), 12);
        QCOMPARE(info.value(QStringLiteral("uid")).toInteger(), 1001);
        QVERIFY(!info.contains(QStringLiteral("password")));
        QVERIFY(!info.contains(QStringLiteral("password_file")));
    }

    void adoptDropsDeadAndBroken()
    {
        QTemporaryDir dir;
        ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
        const QString sessions = dir.filePath(QStringLiteral("sessions"));
        Agent::SessionRegistry registry(sessions);
        QString error;
        QVERIFY2(registry.open(&error), qPrintable(error));
        struct stat st { };
        QCOMPARE(::stat(QFile::encodeName(sessions).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0711u);
        // A session whose Xvnc is not running (pid of a process that is certainly not Xvnc).
        Agent::Session dead = sample();
        dead.pid = ::getpid();
        dead.sessionPid = 0;
        dead.passwordFile = registry.filePath(dead.id, QStringLiteral("passwd"));
        QVERIFY2(registry.add(dead, &error), qPrintable(error));
        QFile pw(dead.passwordFile);
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.close();
        QCOMPARE(::stat(QFile::encodeName(registry.recordPath(dead.id)).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QFile junk(registry.recordPath(QStringLiteral("junk")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("{ not json");
        junk.close();
        Agent::SessionRegistry again(sessions);
        QVERIFY(again.open(&error));
        const QStringList dropped = again.adopt();
        QCOMPARE(dropped.size(), 2);
        QVERIFY(again.all().isEmpty());
        QVERIFY(!QFile::exists(registry.recordPath(dead.id)));
        QVERIFY(!QFile::exists(dead.passwordFile));
        QVERIFY(!QFile::exists(registry.recordPath(QStringLiteral("junk"))));
    }

    void refusesUnsearchableParent()
    {
        if (::getuid() != 0)
            QSKIP("needs root: the check is for the root agent handing files to users");
        QTemporaryDir dir; // 0700
        Agent::SessionRegistry registry(dir.filePath(QStringLiteral("sessions")));
        QString error;
        QVERIFY(!registry.open(&error));
        QVERIFY2(error.contains(QStringLiteral("chmod o+x ") + dir.path()), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSessionRegistry)
#include "tst_sessionregistry.moc"
