#include "shared/hiveconf/tree.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// tl-config as an administrator uses it: the real program from the build tree, with
// OPENVSM_ROOT pointing at a copy of the default configuration from packaging/etc.
class TestTlConfig : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void seedCommands_data();
    void seedCommands();
    void allSeedCommandsTogether();
    void printMissingParameter();
    void printFolderWithoutList();
    void severalArguments();
    void listFolder();
    void exportFolder();
    void helpAndVersion();
    void malformedFileWritesNothing();
    void invalidValueWritesNothing();
    void unknownOption();
    void importFile();
    void concurrentWriters();

private:
    struct Result {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Result run(const QStringList &arguments);
    QHash<QString, QByteArray> snapshot() const;
    QString etc(const QString &relative) const { return m_root->path() + QStringLiteral("/etc/") + relative; }

    QString m_program;
    std::unique_ptr<QTemporaryDir> m_root;
};

void TestTlConfig::initTestCase()
{
    const QString bin = qEnvironmentVariable("OPENVSM_BUILD_BIN");
    if (bin.isEmpty() || qEnvironmentVariableIsEmpty("OPENVSM_SOURCE_DIR"))
        QSKIP("OPENVSM_BUILD_BIN and OPENVSM_SOURCE_DIR are not set: run through ctest");
    m_program = bin + QStringLiteral("/tl-config");
    QVERIFY2(QFileInfo(m_program).isExecutable(), qPrintable(m_program));
}

void TestTlConfig::init()
{
    // A fresh installed-like tree: <root>/etc/openvsm.hconf and <root>/etc/conf.d/*.hconf.
    m_root = std::make_unique<QTemporaryDir>();
    QVERIFY(m_root->isValid());
    const QString source = qEnvironmentVariable("OPENVSM_SOURCE_DIR") + QStringLiteral("/packaging/etc");
    QVERIFY(QDir().mkpath(etc(QStringLiteral("conf.d"))));
    QDirIterator it(source, QDir::Files, QDirIterator::Subdirectories);
    int copied = 0;
    while (it.hasNext()) {
        const QString file = it.next();
        QVERIFY(QFile::copy(file, etc(QDir(source).relativeFilePath(file))));
        ++copied;
    }
    QCOMPARE(copied, 4);
}

TestTlConfig::Result TestTlConfig::run(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OPENVSM_ROOT"), m_root->path());
    process.setProcessEnvironment(env);
    process.start(m_program, arguments);
    Result result;
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit)
        return result;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QHash<QString, QByteArray> TestTlConfig::snapshot() const
{
    QHash<QString, QByteArray> files;
    QDirIterator it(etc(QString()), QStringList { QStringLiteral("*.hconf") }, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            files.insert(file.fileName(), file.readAll());
    }
    return files;
}

// Lines (1-based) that differ between two versions of a file with the same number of lines.
static QList<int> changedLines(const QByteArray &before, const QByteArray &after,
                               QByteArray *newLine = nullptr)
{
    const QList<QByteArray> a = before.split('\n');
    const QList<QByteArray> b = after.split('\n');
    QList<int> changed;
    if (a.size() != b.size())
        return { -1 };
    for (int i = 0; i < a.size(); ++i) {
        if (a.at(i) != b.at(i)) {
            changed.append(i + 1);
            if (newLine)
                *newLine = b.at(i);
        }
    }
    return changed;
}

void TestTlConfig::seedCommands_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("line");
    QTest::newRow("allowed_clients") << QStringLiteral(
        "/vsmagent/allowed_clients=tlha-primary tlha-secondary")
                                     << QStringLiteral("/vsmagent/allowed_clients")
                                     << QStringLiteral("tlha-primary tlha-secondary")
                                     << QStringLiteral("conf.d/vsmagent.hconf")
                                     << QStringLiteral("allowed_clients=tlha-primary tlha-secondary");
    QTest::newRow("master_hostname") << QStringLiteral("/vsmagent/master_hostname=tlha")
                                     << QStringLiteral("/vsmagent/master_hostname") << QStringLiteral("tlha")
                                     << QStringLiteral("conf.d/vsmagent.hconf")
                                     << QStringLiteral("master_hostname=tlha");
    QTest::newRow("HA enabled") << QStringLiteral("/vsmserver/HA/enabled=1")
                                << QStringLiteral("/vsmserver/HA/enabled") << QStringLiteral("1")
                                << QStringLiteral("conf.d/vsmserver.hconf") << QStringLiteral("enabled=1");
    QTest::newRow("HA nodes") << QStringLiteral(
        "/vsmserver/HA/nodes=tlha-primary.example.com tlha-secondary.example.com")
                              << QStringLiteral("/vsmserver/HA/nodes")
                              << QStringLiteral("tlha-primary.example.com tlha-secondary.example.com")
                              << QStringLiteral("conf.d/vsmserver.hconf")
                              << QStringLiteral("nodes=tlha-primary.example.com tlha-secondary.example.com");
}

void TestTlConfig::seedCommands()
{
    QFETCH(QString, argument);
    QFETCH(QString, path);
    QFETCH(QString, value);
    QFETCH(QString, file);
    QFETCH(QString, line);
    const QHash<QString, QByteArray> before = snapshot();
    const Result set = run({ argument });
    QCOMPARE(set.exitCode, 0);
    QCOMPARE(set.out, QByteArray());
    QCOMPARE(set.err, QByteArray());

    const QHash<QString, QByteArray> after = snapshot();
    QCOMPARE(after.keys().size(), before.keys().size());
    for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
        if (it.key() == etc(file)) {
            QByteArray newLine;
            QCOMPARE(changedLines(it.value(), after.value(it.key()), &newLine).size(), 1);
            QCOMPARE(QString::fromUtf8(newLine), line);
        } else {
            QCOMPARE(after.value(it.key()), it.value());
        }
    }
    const Result get = run({ path });
    QCOMPARE(get.exitCode, 0);
    QCOMPARE(QString::fromUtf8(get.out), value + QLatin1Char('\n'));

    Hiveconf::Tree tree;
    QString error;
    QVERIFY2(tree.load(etc(QStringLiteral("openvsm.hconf")), &error), qPrintable(error));
    QCOMPARE(tree.value(path), std::optional<QString>(value));
}

void TestTlConfig::allSeedCommandsTogether()
{
    const QHash<QString, QByteArray> before = snapshot();
    // Exactly as the seed types them, one after the other.
    QCOMPARE(run({ QStringLiteral("/vsmagent/allowed_clients=tlha-primary tlha-secondary") }).exitCode, 0);
    QCOMPARE(run({ QStringLiteral("/vsmagent/master_hostname=tlha") }).exitCode, 0);
    QCOMPARE(run({ QStringLiteral("/vsmserver/HA/enabled=1") }).exitCode, 0);
    QCOMPARE(
        run({ QStringLiteral("/vsmserver/HA/nodes=tlha-primary.example.com tlha-secondary.example.com") })
            .exitCode,
        0);
    const QHash<QString, QByteArray> after = snapshot();
    const QString agent = etc(QStringLiteral("conf.d/vsmagent.hconf"));
    const QString server = etc(QStringLiteral("conf.d/vsmserver.hconf"));
    QCOMPARE(changedLines(before.value(agent), after.value(agent)).size(), 2);
    QCOMPARE(changedLines(before.value(server), after.value(server)).size(), 2);
    QCOMPARE(after.value(etc(QStringLiteral("openvsm.hconf"))),
             before.value(etc(QStringLiteral("openvsm.hconf"))));
    QCOMPARE(after.value(etc(QStringLiteral("conf.d/vsm.hconf"))),
             before.value(etc(QStringLiteral("conf.d/vsm.hconf"))));

    const Result get
        = run({ QStringLiteral("/vsmagent/allowed_clients"), QStringLiteral("/vsmagent/master_hostname"),
                QStringLiteral("/vsmserver/HA/enabled"), QStringLiteral("/vsmserver/HA/nodes") });
    QCOMPARE(get.exitCode, 0);
    QCOMPARE(get.out,
             QByteArray("tlha-primary tlha-secondary\ntlha\n1\ntlha-primary.example.com "
                        "tlha-secondary.example.com\n"));
}

void TestTlConfig::printMissingParameter()
{
    const Result result = run({ QStringLiteral("/vsmagent/no_such_parameter") });
    QVERIFY(result.exitCode != 0);
    QCOMPARE(result.out, QByteArray());
    QVERIFY2(result.err.contains("/vsmagent/no_such_parameter does not exist"), result.err.constData());
}

void TestTlConfig::printFolderWithoutList()
{
    const Result result = run({ QStringLiteral("/vsmserver") });
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.err.contains("is a folder"), result.err.constData());
}

void TestTlConfig::severalArguments()
{
    const Result set
        = run({ QStringLiteral("/vsmagent/display_min=20"), QStringLiteral("/vsmagent/display_max=30") });
    QCOMPARE(set.exitCode, 0);
    const Result get = run({ QStringLiteral("/vsmagent/display_min"), QStringLiteral("/vsmagent/display_max"),
                             QStringLiteral("/vsm/vsm_agent_port") });
    QCOMPARE(get.exitCode, 0);
    QCOMPARE(get.out, QByteArray("20\n30\n904\n"));
    // A new parameter and a changed one in one call, then read back in the same call.
    const Result both = run({ QStringLiteral("/vsmagent/display_min=21"), QStringLiteral("/vsmagent/extra=e"),
                              QStringLiteral("/vsmagent/extra"), QStringLiteral("/vsmagent/display_min") });
    QCOMPARE(both.exitCode, 0);
    QCOMPARE(both.out, QByteArray("e\n21\n"));
    QVERIFY2(both.err.contains("/vsmagent/extra is not a parameter OpenVSM reads"), both.err.constData());
    // One missing parameter among several: the others still print, the exit status says so.
    const Result mixed = run({ QStringLiteral("/vsmagent/display_min"), QStringLiteral("/nope/x") });
    QVERIFY(mixed.exitCode != 0);
    QCOMPARE(mixed.out, QByteArray("21\n"));
}

void TestTlConfig::listFolder()
{
    const Result recursive = run({ QStringLiteral("-Ra"), QStringLiteral("/vsmserver") });
    QCOMPARE(recursive.exitCode, 0);
    const QList<QByteArray> lines = recursive.out.trimmed().split('\n');
    QVERIFY(lines.contains("/vsmserver/HA/enabled = 0"));
    QVERIFY(lines.contains("/vsmserver/terminalservers = 127.0.0.1"));
    QVERIFY(lines.contains("/vsmserver/logging/defaultlevel = INFO"));
    for (const QByteArray &line : lines)
        QVERIFY2(line.startsWith("/vsmserver/") && line.contains(" = "), line.constData());

    const Result flat = run({ QStringLiteral("--all-entries"), QStringLiteral("/vsmserver") });
    QCOMPARE(flat.exitCode, 0);
    QVERIFY(flat.out.contains("/vsmserver/terminalservers = 127.0.0.1\n"));
    QVERIFY(!flat.out.contains("/vsmserver/HA/"));
    QVERIFY(flat.out.split('\n').size() < lines.size());

    const Result everything = run({ QStringLiteral("-R"), QStringLiteral("-a"), QStringLiteral("/") });
    QCOMPARE(everything.exitCode, 0);
    QVERIFY(everything.out.contains("/vsm/vsm_server_port = 9000\n"));
    QVERIFY(everything.out.contains("/vsmagent/display_min = 10\n"));

    const Result missing = run({ QStringLiteral("-a"), QStringLiteral("/nothing") });
    QVERIFY(missing.exitCode != 0);
}

void TestTlConfig::exportFolder()
{
    const Result result = run({ QStringLiteral("-Rx"), QStringLiteral("/vsmserver") });
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("[/vsmserver/HA]\n"), result.out.constData());
    Hiveconf::Document document;
    QString error;
    QVERIFY2(document.parse(QStringLiteral("export"), result.out, &error), qPrintable(error));
    const int index = document.findParameter(QStringLiteral("/vsmserver/HA/enabled"));
    QVERIFY(index >= 0);
    QCOMPARE(document.lines().at(index).value, QStringLiteral("0"));
}

void TestTlConfig::helpAndVersion()
{
    const Result help = run({ QStringLiteral("--help") });
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--all-entries"));
    QVERIFY(help.out.contains("--recursive"));
    const Result version = run({ QStringLiteral("--version") });
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.out, QByteArray("tl-config (OpenVSM) " OPENVSM_VERSION "\n"));
    const Result none = run({});
    QVERIFY(none.exitCode != 0);
}

void TestTlConfig::malformedFileWritesNothing()
{
    const QString agent = etc(QStringLiteral("conf.d/vsmagent.hconf"));
    QFile file(agent);
    QVERIFY(file.open(QIODevice::Append));
    file.write("this line has no equals sign\n");
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    const int badLine = int(file.readAll().count('\n'));
    file.close();

    const QHash<QString, QByteArray> before = snapshot();
    const Result set = run({ QStringLiteral("/vsmserver/HA/enabled=1") });
    QVERIFY(set.exitCode != 0);
    QVERIFY2(set.err.contains(QStringLiteral("%1:%2: ").arg(agent).arg(badLine).toUtf8()),
             set.err.constData());
    QCOMPARE(snapshot(), before);
    const Result get = run({ QStringLiteral("/vsmserver/HA/enabled") });
    QVERIFY(get.exitCode != 0);
    QVERIFY2(get.err.contains(QStringLiteral("%1:%2: ").arg(agent).arg(badLine).toUtf8()),
             get.err.constData());
}

void TestTlConfig::invalidValueWritesNothing()
{
    const QHash<QString, QByteArray> before = snapshot();
    const Result port
        = run({ QStringLiteral("/vsmagent/display_min=11"), QStringLiteral("/vsm/vsm_server_port=70000") });
    QVERIFY(port.exitCode != 0);
    QVERIFY2(port.err.contains("/vsm/vsm_server_port: must be a port number from 1 to 65535 (got '70000')"),
             port.err.constData());
    const Result flag = run({ QStringLiteral("/vsmserver/HA/enabled=maybe") });
    QVERIFY(flag.exitCode != 0);
    QVERIFY2(flag.err.contains("/vsmserver/HA/enabled"), flag.err.constData());
    const Result name = run({ QStringLiteral("/vsm agent/x=1") });
    QVERIFY(name.exitCode != 0);
    // A second line would be a parameter of its own in the file.
    const Result lines = run({ QStringLiteral("/vsmagent/x=1\n[/vsmserver]\nadmin=1") });
    QCOMPARE(lines.exitCode, 1);
    QVERIFY2(lines.err.contains("/vsmagent/x: a value must be a single line; nothing was written"),
             lines.err.constData());
    QCOMPARE(snapshot(), before);
}

void TestTlConfig::unknownOption()
{
    const Result result = run({ QStringLiteral("--frobnicate") });
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.err.contains("frobnicate"));
}

void TestTlConfig::importFile()
{
    const QString import = m_root->path() + QStringLiteral("/import.hconf");
    QFile file(import);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# settings for the HA pair\n[/vsmserver/HA]\nenabled=1\nnodes=a "
               "b\n[/vsmagent]\nmaster_hostname=m\n");
    file.close();
    QCOMPARE(run({ QStringLiteral("--import=") + import }).exitCode, 0);
    const Result get = run({ QStringLiteral("/vsmserver/HA/enabled"), QStringLiteral("/vsmserver/HA/nodes"),
                             QStringLiteral("/vsmagent/master_hostname") });
    QCOMPARE(get.out, QByteArray("1\na b\nm\n"));
}

void TestTlConfig::concurrentWriters()
{
    // Two shells each run tl-config 50 times at once, each writing new parameters of its own into
    // the same file; with the lock and the re-read under it, none of the 100 writes may be lost.
    const int writes = 50;
    const QString script
        = QStringLiteral("i=1; while [ $i -le %1 ]; do \"$0\" \"$1/k$i=$i\" 2>/dev/null || exit 1; "
                         "i=$((i+1)); done")
              .arg(writes);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OPENVSM_ROOT"), m_root->path());
    QProcess first;
    QProcess second;
    first.setProcessEnvironment(env);
    second.setProcessEnvironment(env);
    first.start(QStringLiteral("/bin/sh"),
                { QStringLiteral("-c"), script, m_program, QStringLiteral("/vsmagent/test_a") });
    second.start(QStringLiteral("/bin/sh"),
                 { QStringLiteral("-c"), script, m_program, QStringLiteral("/vsmagent/test_b") });
    QVERIFY(first.waitForFinished(120000));
    QVERIFY(second.waitForFinished(120000));
    QCOMPARE(first.exitCode(), 0);
    QCOMPARE(second.exitCode(), 0);

    Hiveconf::Tree tree;
    QString error;
    QVERIFY2(tree.load(etc(QStringLiteral("openvsm.hconf")), &error), qPrintable(error));
    QCOMPARE(tree.entries(QStringLiteral("/vsmagent/test_a"), false).size(), writes);
    QCOMPARE(tree.entries(QStringLiteral("/vsmagent/test_b"), false).size(), writes);
    for (int i = 1; i <= writes; ++i) {
        QCOMPARE(tree.value(QStringLiteral("/vsmagent/test_a/k%1").arg(i)),
                 std::optional<QString>(QString::number(i)));
        QCOMPARE(tree.value(QStringLiteral("/vsmagent/test_b/k%1").arg(i)),
                 std::optional<QString>(QString::number(i)));
    }
    // Both writers changed the same file (the one holding /vsmagent), so they really competed.
    QCOMPARE(tree.definedAt(QStringLiteral("/vsmagent/test_a/k1")).section(QLatin1Char(':'), 0, 0),
             etc(QStringLiteral("conf.d/vsmagent.hconf")));
    QCOMPARE(tree.definedAt(QStringLiteral("/vsmagent/test_b/k1")).section(QLatin1Char(':'), 0, 0),
             etc(QStringLiteral("conf.d/vsmagent.hconf")));
}

QTEST_GUILESS_MAIN(TestTlConfig)
#include "tst_tlconfig.moc"
