#include "shared/hiveconf/tree.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using Hiveconf::Tree;

class TestHiveconfTree : public QObject {
    Q_OBJECT

private slots:
    void init();
    void mountGlobInSortedOrder();
    void laterFileWinsAndWriteGoesThere();
    void mountInsideSectionMountsAtFolder();
    void mountErrors_data();
    void mountErrors();
    void malformedMountedFileNamesFileAndLine();
    void entriesAndFolders();
    void newParameterGoesToSectionFile_data();
    void newParameterGoesToSectionFile();
    void writeRereadsUnderLock();
    void setSeveralAtOnce();
    void writeRefusedWhenFileMalformed();
    void badAssignmentsRefused_data();
    void badAssignmentsRefused();
    void concurrentWritersLoseNothing();

private:
    void write(const QString &relative, const QByteArray &content);
    QByteArray read(const QString &relative) const;
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    QString root() const { return path(QStringLiteral("root.hconf")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestHiveconfTree::write(const QString &relative, const QByteArray &content)
{
    const QString file = path(relative);
    QDir().mkpath(QFileInfo(file).absolutePath());
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(content);
}

QByteArray TestHiveconfTree::read(const QString &relative) const
{
    QFile f(path(relative));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

void TestHiveconfTree::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestHiveconfTree::mountGlobInSortedOrder()
{
    write(QStringLiteral("root.hconf"), "# root\n%mount conf.d/*.hconf\n");
    write(QStringLiteral("conf.d/b.hconf"), "[/b]\nx=from b\n");
    write(QStringLiteral("conf.d/a.hconf"), "[/a]\nx=from a\n");
    write(QStringLiteral("conf.d/c.txt"), "this is not hiveconf and not mounted\n");
    Tree tree;
    QString error;
    QVERIFY2(tree.load(root(), &error), qPrintable(error));
    QCOMPARE(tree.files(),
             (QStringList { root(), path(QStringLiteral("conf.d/a.hconf")),
                            path(QStringLiteral("conf.d/b.hconf")) }));
    QCOMPARE(tree.value(QStringLiteral("/a/x")), std::optional<QString>(QStringLiteral("from a")));
    QCOMPARE(tree.value(QStringLiteral("/b/x")), std::optional<QString>(QStringLiteral("from b")));
    QVERIFY(!tree.contains(QStringLiteral("/c/x")));
    QCOMPARE(tree.value(QStringLiteral("/a/missing")), std::nullopt);
}

void TestHiveconfTree::laterFileWinsAndWriteGoesThere()
{
    const QByteArray first(
        "# first file\n[/vsmserver]\n# comment kept\nterminalservers=ts1\nmax_sessions_per_user=1\n");
    const QByteArray second("# second file\n[/vsmserver]\nterminalservers=ts2   ts3\n# trailing\n");
    write(QStringLiteral("root.hconf"), "%mount conf.d/*.hconf\n");
    write(QStringLiteral("conf.d/10-first.hconf"), first);
    write(QStringLiteral("conf.d/20-second.hconf"), second);
    Tree tree;
    QString error;
    QVERIFY2(tree.load(root(), &error), qPrintable(error));
    QCOMPARE(tree.value(QStringLiteral("/vsmserver/terminalservers")),
             std::optional<QString>(QStringLiteral("ts2   ts3")));
    QCOMPARE(tree.definedAt(QStringLiteral("/vsmserver/terminalservers")),
             path(QStringLiteral("conf.d/20-second.hconf")) + QStringLiteral(":3"));

    QVERIFY2(tree.set(QStringLiteral("/vsmserver/terminalservers"), QStringLiteral("ts4 ts5"), &error),
             qPrintable(error));
    QCOMPARE(read(QStringLiteral("conf.d/10-first.hconf")), first);
    QCOMPARE(read(QStringLiteral("conf.d/20-second.hconf")),
             QByteArray("# second file\n[/vsmserver]\nterminalservers=ts4 ts5\n# trailing\n"));
    QCOMPARE(tree.value(QStringLiteral("/vsmserver/terminalservers")),
             std::optional<QString>(QStringLiteral("ts4 ts5")));

    // A parameter only the first file has is written there.
    QVERIFY2(tree.set(QStringLiteral("/vsmserver/max_sessions_per_user"), QStringLiteral("3"), &error),
             qPrintable(error));
    QCOMPARE(
        read(QStringLiteral("conf.d/10-first.hconf")),
        QByteArray(
            "# first file\n[/vsmserver]\n# comment kept\nterminalservers=ts1\nmax_sessions_per_user=3\n"));

    Tree again;
    QVERIFY2(again.load(root(), &error), qPrintable(error));
    QCOMPARE(again.value(QStringLiteral("/vsmserver/max_sessions_per_user")),
             std::optional<QString>(QStringLiteral("3")));
    QCOMPARE(again.value(QStringLiteral("/vsmserver/terminalservers")),
             std::optional<QString>(QStringLiteral("ts4 ts5")));
}

void TestHiveconfTree::mountInsideSectionMountsAtFolder()
{
    write(QStringLiteral("root.hconf"), "[/vsmagent]\n%mount sub/agent.hconf\n");
    write(QStringLiteral("sub/agent.hconf"), "display_min=20\n[/logging]\ndefaultlevel=DEBUG\n");
    Tree tree;
    QString error;
    QVERIFY2(tree.load(root(), &error), qPrintable(error));
    QCOMPARE(tree.value(QStringLiteral("/vsmagent/display_min")),
             std::optional<QString>(QStringLiteral("20")));
    QCOMPARE(tree.value(QStringLiteral("/vsmagent/logging/defaultlevel")),
             std::optional<QString>(QStringLiteral("DEBUG")));
    QVERIFY2(tree.set(QStringLiteral("/vsmagent/logging/logfile"), QStringLiteral("/tmp/x.log"), &error),
             qPrintable(error));
    QCOMPARE(read(QStringLiteral("sub/agent.hconf")),
             QByteArray("display_min=20\n[/logging]\ndefaultlevel=DEBUG\nlogfile=/tmp/x.log\n"));
}

void TestHiveconfTree::mountErrors_data()
{
    QTest::addColumn<QByteArray>("rootContent");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("what");
    QTest::newRow("missing plain file")
        << QByteArray("# x\n%mount conf.d/missing.hconf\n") << false
        << QStringLiteral("root.hconf:2: %mount of 'conf.d/missing.hconf': no such file");
    QTest::newRow("glob without match is fine")
        << QByteArray("%mount nothing/*.hconf\n") << true << QString();
    QTest::newRow("wildcard in folder") << QByteArray("%mount */x.hconf\n") << false
                                        << QStringLiteral("root.hconf:1: %mount wildcards are allowed only");
    QTest::newRow("mount loop") << QByteArray("%mount root.hconf\n") << false
                                << QStringLiteral("root.hconf:1: %mount of");
}

void TestHiveconfTree::mountErrors()
{
    QFETCH(QByteArray, rootContent);
    QFETCH(bool, ok);
    QFETCH(QString, what);
    write(QStringLiteral("root.hconf"), rootContent);
    Tree tree;
    QString error;
    QCOMPARE(tree.load(root(), &error), ok);
    if (!ok) {
        QVERIFY2(error.startsWith(m_dir->path()), qPrintable(error));
        QVERIFY2(error.contains(what), qPrintable(error));
    }
}

void TestHiveconfTree::malformedMountedFileNamesFileAndLine()
{
    write(QStringLiteral("root.hconf"), "%mount conf.d/*.hconf\n");
    write(QStringLiteral("conf.d/a.hconf"), "[/a]\nb=1\n");
    write(QStringLiteral("conf.d/b.hconf"), "# ok\n[/b]\n\nno equals sign here\n");
    Tree tree;
    QString error;
    QVERIFY(!tree.load(root(), &error));
    QVERIFY2(error.startsWith(path(QStringLiteral("conf.d/b.hconf")) + QStringLiteral(":4: ")),
             qPrintable(error));
    QVERIFY(!tree.contains(QStringLiteral("/a/b")));
}

void TestHiveconfTree::entriesAndFolders()
{
    write(QStringLiteral("root.hconf"),
          "[/vsmserver]\nterminalservers=a\nlisten_port=0\n[/vsmserver/HA]\nenabled=0\nnodes=\n[/"
          "vsmagent]\nx=1\n");
    Tree tree;
    QString error;
    QVERIFY2(tree.load(root(), &error), qPrintable(error));
    QCOMPARE(tree.entries(QStringLiteral("/vsmserver"), false),
             (QStringList { QStringLiteral("/vsmserver/listen_port"),
                            QStringLiteral("/vsmserver/terminalservers") }));
    QCOMPARE(tree.entries(QStringLiteral("/vsmserver"), true),
             (QStringList { QStringLiteral("/vsmserver/HA/enabled"), QStringLiteral("/vsmserver/HA/nodes"),
                            QStringLiteral("/vsmserver/listen_port"),
                            QStringLiteral("/vsmserver/terminalservers") }));
    QCOMPARE(tree.entries(QStringLiteral("/"), true).size(), 5);
    QCOMPARE(tree.entries(QStringLiteral("/"), false).size(), 0);
    QCOMPARE(tree.folders(QStringLiteral("/")),
             (QStringList { QStringLiteral("/vsmagent"), QStringLiteral("/vsmserver") }));
    QCOMPARE(tree.folders(QStringLiteral("/vsmserver")), QStringList { QStringLiteral("/vsmserver/HA") });
    QVERIFY(tree.isFolder(QStringLiteral("/vsmserver/HA")));
    QVERIFY(!tree.isFolder(QStringLiteral("/vsmserver/HA/enabled")));
    QVERIFY(!tree.isFolder(QStringLiteral("/nothing")));
}

void TestHiveconfTree::newParameterGoesToSectionFile_data()
{
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("exact section") << QStringLiteral("/vsmagent/new") << QStringLiteral("conf.d/agent.hconf")
                                   << QByteArray(
                                          "[/vsmagent]\n# c\nx=1\nnew=v\n\n[/vsmagent/logging]\ny=2\n");
    QTest::newRow("subsection") << QStringLiteral("/vsmagent/logging/new")
                                << QStringLiteral("conf.d/agent.hconf")
                                << QByteArray("[/vsmagent]\n# c\nx=1\n\n[/vsmagent/logging]\ny=2\nnew=v\n");
    QTest::newRow("nearest ancestor section")
        << QStringLiteral("/vsmagent/deep/er/new") << QStringLiteral("conf.d/agent.hconf")
        << QByteArray("[/vsmagent]\n# c\nx=1\n\n[/vsmagent/logging]\ny=2\n\n[/vsmagent/deep/er]\nnew=v\n");
    QTest::newRow("no section anywhere: root file")
        << QStringLiteral("/other/new") << QStringLiteral("root.hconf")
        << QByteArray("%mount conf.d/*.hconf\n\n[/other]\nnew=v\n");
}

void TestHiveconfTree::newParameterGoesToSectionFile()
{
    QFETCH(QString, parameter);
    QFETCH(QString, file);
    QFETCH(QByteArray, expected);
    const QByteArray rootContent("%mount conf.d/*.hconf\n");
    const QByteArray agent("[/vsmagent]\n# c\nx=1\n\n[/vsmagent/logging]\ny=2\n");
    const QByteArray server("[/vsmserver]\nz=3\n");
    write(QStringLiteral("root.hconf"), rootContent);
    write(QStringLiteral("conf.d/agent.hconf"), agent);
    write(QStringLiteral("conf.d/server.hconf"), server);
    Tree tree;
    QString error;
    QVERIFY2(tree.load(root(), &error), qPrintable(error));
    QVERIFY2(tree.set(parameter, QStringLiteral("v"), &error), qPrintable(error));
    QCOMPARE(read(file), expected);
    const QHash<QString, QByteArray> originals { { QStringLiteral("root.hconf"), rootContent },
                                                 { QStringLiteral("conf.d/agent.hconf"), agent },
                                                 { QStringLiteral("conf.d/server.hconf"), server } };
    for (auto it = originals.constBegin(); it != originals.constEnd(); ++it) {
        if (it.key() != file)
            QCOMPARE(read(it.key()), it.value());
    }
    QCOMPARE(tree.value(parameter), std::optional<QString>(QStringLiteral("v")));
    QCOMPARE(tree.value(QStringLiteral("/vsmagent/logging/y")), std::optional<QString>(QStringLiteral("2")));
    Tree again;
    QVERIFY2(again.load(root(), &error), qPrintable(error));
    QCOMPARE(again.value(parameter), std::optional<QString>(QStringLiteral("v")));
}

void TestHiveconfTree::writeRereadsUnderLock()
{
    write(QStringLiteral("root.hconf"), "[/a]\nb=1\nc=1\n");
    Tree first;
    Tree second;
    QString error;
    QVERIFY(first.load(root(), &error));
    QVERIFY(second.load(root(), &error));
    QVERIFY2(first.set(QStringLiteral("/a/b"), QStringLiteral("2"), &error), qPrintable(error));
    // second still holds the old content but must not overwrite first's change.
    QVERIFY2(second.set(QStringLiteral("/a/c"), QStringLiteral("3"), &error), qPrintable(error));
    QCOMPARE(read(QStringLiteral("root.hconf")), QByteArray("[/a]\nb=2\nc=3\n"));
    QCOMPARE(second.value(QStringLiteral("/a/b")), std::optional<QString>(QStringLiteral("2")));
    QVERIFY(QFile::exists(Tree::lockFileFor(root())));
}

void TestHiveconfTree::setSeveralAtOnce()
{
    write(QStringLiteral("root.hconf"), "%mount conf.d/*.hconf\n");
    write(QStringLiteral("conf.d/a.hconf"), "[/a]\nfirst=1\n\n[/a/sub]\nlast=1\n");
    write(QStringLiteral("conf.d/b.hconf"), "[/b]\nx=1\n");
    Tree tree;
    QString error;
    QVERIFY2(tree.load(root(), &error), qPrintable(error));
    // An insertion in the middle of a.hconf must not confuse the later update of a/sub/last.
    QVERIFY2(tree.set({ { QStringLiteral("/a/new"), QStringLiteral("n") },
                        { QStringLiteral("/a/sub/last"), QStringLiteral("2") },
                        { QStringLiteral("/b/x"), QStringLiteral("3") },
                        { QStringLiteral("/a/first"), QStringLiteral("4") } },
                      &error),
             qPrintable(error));
    QCOMPARE(read(QStringLiteral("conf.d/a.hconf")),
             QByteArray("[/a]\nfirst=4\nnew=n\n\n[/a/sub]\nlast=2\n"));
    QCOMPARE(read(QStringLiteral("conf.d/b.hconf")), QByteArray("[/b]\nx=3\n"));
    QCOMPARE(tree.value(QStringLiteral("/a/sub/last")), std::optional<QString>(QStringLiteral("2")));
    QCOMPARE(tree.definedAt(QStringLiteral("/a/sub/last")), path(QStringLiteral("conf.d/a.hconf:6")));
}

void TestHiveconfTree::writeRefusedWhenFileMalformed()
{
    write(QStringLiteral("root.hconf"), "[/a]\nb=1\n");
    Tree tree;
    QString error;
    QVERIFY(tree.load(root(), &error));
    write(QStringLiteral("root.hconf"), "[/a]\nb=1\nbroken\n");
    QVERIFY(!tree.set(QStringLiteral("/a/b"), QStringLiteral("2"), &error));
    QVERIFY2(error.startsWith(root() + QStringLiteral(":3: ")), qPrintable(error));
    QCOMPARE(read(QStringLiteral("root.hconf")), QByteArray("[/a]\nb=1\nbroken\n"));
}

void TestHiveconfTree::badAssignmentsRefused_data()
{
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<QString>("value");
    QTest::newRow("root") << QStringLiteral("/") << QStringLiteral("x");
    QTest::newRow("space in name") << QStringLiteral("/a/b c") << QStringLiteral("x");
    QTest::newRow("newline in value") << QStringLiteral("/a/b") << QStringLiteral("x\ny=1");
}

void TestHiveconfTree::badAssignmentsRefused()
{
    QFETCH(QString, parameter);
    QFETCH(QString, value);
    const QByteArray content("[/a]\nb=1\n");
    write(QStringLiteral("root.hconf"), content);
    Tree tree;
    QString error;
    QVERIFY(tree.load(root(), &error));
    QVERIFY(!tree.set(parameter, value, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(read(QStringLiteral("root.hconf")), content);
}

void TestHiveconfTree::concurrentWritersLoseNothing()
{
    write(QStringLiteral("root.hconf"), "# root\n%mount conf.d/*.hconf\n");
    // Both folders live in the same file, so the writers compete for it.
    write(QStringLiteral("conf.d/a.hconf"), "# a\n[/one]\n\n[/two]\n");
    const int writes = 50;
    QStringList errors[2];
    auto writer = [&](int id, const QString &folder) {
        Tree tree;
        QString error;
        if (!tree.load(root(), &error)) {
            errors[id].append(error);
            return;
        }
        for (int i = 0; i < writes; ++i) {
            if (!tree.set(QStringLiteral("%1/k%2").arg(folder).arg(i), QString::number(i), &error))
                errors[id].append(error);
        }
    };
    std::thread t1(writer, 0, QStringLiteral("/one"));
    std::thread t2(writer, 1, QStringLiteral("/two"));
    t1.join();
    t2.join();
    QCOMPARE(errors[0], QStringList());
    QCOMPARE(errors[1], QStringList());
    Tree tree;
    QString error;
    QVERIFY2(tree.load(root(), &error), qPrintable(error));
    QCOMPARE(tree.entries(QStringLiteral("/one"), false).size(), writes);
    QCOMPARE(tree.entries(QStringLiteral("/two"), false).size(), writes);
    for (int i = 0; i < writes; ++i) {
        QCOMPARE(tree.value(QStringLiteral("/one/k%1").arg(i)), std::optional<QString>(QString::number(i)));
        QCOMPARE(tree.value(QStringLiteral("/two/k%1").arg(i)), std::optional<QString>(QString::number(i)));
    }
    QVERIFY(read(QStringLiteral("conf.d/a.hconf")).startsWith("# a\n[/one]\nk0=0\nk1=1\n"));
    QCOMPARE(tree.files().size(), 2);
}

QTEST_GUILESS_MAIN(TestHiveconfTree)
#include "tst_hiveconftree.moc"
