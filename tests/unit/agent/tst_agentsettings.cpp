#include "backend/agent/daemon.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestAgentSettings : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_root;

    QString writeConfig(const QByteArray &agentSection, const QByteArray &vsmSection = {})
    {
        const QString etc = m_root.filePath(QStringLiteral("etc"));
        QDir().mkpath(etc);
        QFile f(etc + QStringLiteral("/openvsm.hconf"));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write("[/vsm]\n" + vsmSection + "\n[/vsmagent]\n" + agentSection);
        return f.fileName();
    }

private slots:
    void initTestCase() { qputenv("OPENVSM_ROOT", m_root.path().toLocal8Bit()); }

    void defaults()
    {
        Agent::Settings s;
        QStringList errors;
        QVERIFY2(Agent::Daemon::loadSettings(writeConfig(""), &s, &errors),
                 qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(s.listenPort, 904);
        QCOMPARE(s.vncPortBase, 5900);
        QCOMPARE(s.displayMin, 10);
        QCOMPARE(s.displayMax, 2000);
        QCOMPARE(s.defaultGeometry, QSize(1024, 768));
        QCOMPARE(s.xserverArgs, QStringLiteral("-br -verbose 3"));
        QCOMPARE(s.xvncPath, QStringLiteral("Xvnc"));
        QCOMPARE(s.xvncStartTimeout, 25);
        QCOMPARE(s.makeHomedir, false);
        QCOMPARE(s.makeHomedirMode, 0700);
        QVERIFY(s.clusterKeyFile.isEmpty());
        QVERIFY(s.allowedClients.isEmpty());
    }

    void values()
    {
        Agent::Settings s;
        QStringList errors;
        const QString file = writeConfig(
            "listen_port=4904\nallowed_clients=tlha-primary tlha-secondary\nmaster_hostname=tlha\n"
            "display_min=20\ndisplay_max=30\ndefault_geometry=1280 800\nmake_homedir=1\n"
            "make_homedir_mode=0750\nxserver_args=-br \"-desktop\" 'a b'\n",
            "vnc_port_base=6000\ncluster_key_file=cluster.key\n");
        QVERIFY2(Agent::Daemon::loadSettings(file, &s, &errors), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(s.listenPort, 4904);
        QCOMPARE(s.vncPortBase, 6000);
        QCOMPARE(s.allowedClients,
                 (QStringList { QStringLiteral("tlha-primary"), QStringLiteral("tlha-secondary") }));
        QCOMPARE(s.masterHostname, QStringLiteral("tlha"));
        QCOMPARE(s.displayMin, 20);
        QCOMPARE(s.displayMax, 30);
        QCOMPARE(s.defaultGeometry, QSize(1280, 800));
        QCOMPARE(s.makeHomedir, true);
        QCOMPARE(s.makeHomedirMode, 0750);
        QCOMPARE(s.xserverArgs, QStringLiteral("-br \"-desktop\" 'a b'"));
        // A relative key file is relative to the configuration folder.
        QCOMPARE(s.clusterKeyFile, m_root.filePath(QStringLiteral("etc/cluster.key")));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("agent");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("not a number")
            << QByteArray("display_min=abc\n") << QStringList { QStringLiteral("/vsmagent/display_min") };
        QTest::newRow("two bad") << QByteArray("display_max=0\nmake_homedir=perhaps\n")
                                 << QStringList { QStringLiteral("/vsmagent/display_max"),
                                                  QStringLiteral("/vsmagent/make_homedir") };
        QTest::newRow("min above max")
            << QByteArray("display_min=50\ndisplay_max=40\n")
            << QStringList { QStringLiteral("must not be above /vsmagent/display_max") };
        QTest::newRow("bad geometry") << QByteArray("default_geometry=big\n")
                                      << QStringList { QStringLiteral("/vsmagent/default_geometry") };
    }
    void errors()
    {
        QFETCH(QByteArray, agent);
        QFETCH(QStringList, expected);
        Agent::Settings s;
        QStringList errors;
        QVERIFY(!Agent::Daemon::loadSettings(writeConfig(agent), &s, &errors));
        const QString all = errors.join(QLatin1Char('\n'));
        for (const QString &e : std::as_const(expected))
            QVERIFY2(all.contains(e), qPrintable(all));
    }

    void missingFile()
    {
        Agent::Settings s;
        QStringList errors;
        QVERIFY(!Agent::Daemon::loadSettings(m_root.filePath(QStringLiteral("nope.hconf")), &s, &errors));
        QVERIFY2(errors.join(QLatin1Char(' ')).contains(QStringLiteral("nope.hconf")),
                 qPrintable(errors.join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(TestAgentSettings)
#include "tst_agentsettings.moc"
