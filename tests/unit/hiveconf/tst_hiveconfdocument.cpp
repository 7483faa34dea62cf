#include "shared/hiveconf/document.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using Hiveconf::Document;

class TestHiveconfDocument : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void findParameterMatchesWholePaths();
    void malformed_data();
    void malformed();
    void setValueKeepsOtherBytes_data();
    void setValueKeepsOtherBytes();
    void insertParameter_data();
    void insertParameter();
    void saveIsAtomicAndKeepsMode();
    void saveRefusesUnwritableFolder();
    void saveThroughSymlinkKeepsLink();
};

static const QString fileName = QStringLiteral("/etc/test.hconf");

void TestHiveconfDocument::parse_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << QByteArray("[/vsmagent]\ndisplay_min=10\n")
                           << QStringLiteral("/vsmagent/display_min") << QStringLiteral("10");
    QTest::newRow("spaces around =") << QByteArray("[/vsmagent]\ndisplay_min  =   10  \n")
                                     << QStringLiteral("/vsmagent/display_min") << QStringLiteral("10");
    QTest::newRow("tabs and indent") << QByteArray("  [ /vsm ]  \n\tvsm_server_port\t=\t9000\n")
                                     << QStringLiteral("/vsm/vsm_server_port") << QStringLiteral("9000");
    QTest::newRow("list with several spaces")
        << QByteArray("[/vsmserver]\nterminalservers=ts1   ts2  ts3\n")
        << QStringLiteral("/vsmserver/terminalservers") << QStringLiteral("ts1   ts2  ts3");
    QTest::newRow("empty value") << QByteArray("[/vsmagent]\nmaster_hostname=\n")
                                 << QStringLiteral("/vsmagent/master_hostname") << QString();
    QTest::newRow("equals in value") << QByteArray("[/a]\nargs=-x=1 -y=2\n") << QStringLiteral("/a/args")
                                     << QStringLiteral("-x=1 -y=2");
    QTest::newRow("hash in value") << QByteArray("[/a]\ncolour=#fff\n") << QStringLiteral("/a/colour")
                                   << QStringLiteral("#fff");
    QTest::newRow("subfolder in key") << QByteArray("[/vsmserver]\nHA/enabled=1\n")
                                      << QStringLiteral("/vsmserver/HA/enabled") << QStringLiteral("1");
    QTest::newRow("top level") << QByteArray("name=x\n[/a]\nname=y\n") << QStringLiteral("/name")
                               << QStringLiteral("x");
    QTest::newRow("comments and blanks") << QByteArray("# intro\n\n   # indented\n[/a]\n# about b\nb=2\n\n")
                                         << QStringLiteral("/a/b") << QStringLiteral("2");
    QTest::newRow("utf-8") << QByteArray("[/a]\nmotd=Grüße från Göteborg\n") << QStringLiteral("/a/motd")
                           << QStringLiteral("Grüße från Göteborg");
    QTest::newRow("crlf") << QByteArray("[/a]\r\nb=2\r\n") << QStringLiteral("/a/b") << QStringLiteral("2");
    QTest::newRow("no final newline")
        << QByteArray("[/a]\nb=2") << QStringLiteral("/a/b") << QStringLiteral("2");
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF[/a]\nb=2\n") << QStringLiteral("/a/b")
                                     << QStringLiteral("2");
    QTest::newRow("later line wins") << QByteArray("[/a]\nb=1\nb=2\n") << QStringLiteral("/a/b")
                                     << QStringLiteral("2");
    QTest::newRow("top level") << QByteArray("b=2\n[/a]\nb=1\n") << QStringLiteral("/b")
                               << QStringLiteral("2");
    QTest::newRow("key with a folder")
        << QByteArray("[/a]\nsub/b=2\n") << QStringLiteral("/a/sub/b") << QStringLiteral("2");
    QTest::newRow("key not in normal form")
        << QByteArray("[/a]\nsub/./b=2\n") << QStringLiteral("/a/sub/b") << QStringLiteral("2");
}

void TestHiveconfDocument::parse()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, path);
    QFETCH(QString, value);
    Document document;
    QString error;
    QVERIFY2(document.parse(fileName, content, &error), qPrintable(error));
    const int index = document.findParameter(path);
    QVERIFY(index >= 0);
    QCOMPARE(document.lines().at(index).value, value);
    QCOMPARE(document.toBytes(), content);
}

void TestHiveconfDocument::findParameterMatchesWholePaths()
{
    Document document;
    QString error;
    QVERIFY2(document.parse(fileName, "t=0\n[/a]\nb=1\nsub/./c=2\n[/ab]\nx=3\n", &error), qPrintable(error));
    QCOMPARE(document.findParameter(QStringLiteral("/t")), 0);
    QCOMPARE(document.findParameter(QStringLiteral("/a/b")), 2);
    QCOMPARE(document.findParameter(QStringLiteral("/a/sub/c")), 3);
    QCOMPARE(document.findParameter(QStringLiteral("/ab/x")), 5);
    for (const char *absent : { "/a/bb", "/a/", "/ab", "/a/x", "a/b", "/a//b", "/a/sub//c", "/", "" })
        QVERIFY2(document.findParameter(QString::fromLatin1(absent)) < 0, absent);
}

void TestHiveconfDocument::malformed_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("what");
    QTest::newRow("no equals") << QByteArray("[/a]\n# fine\nthis is not a parameter\n") << 3
                               << QStringLiteral("expected 'name=value'");
    QTest::newRow("header without ]")
        << QByteArray("\n[/vsmserver/HA\n") << 2 << QStringLiteral("bad section header");
    QTest::newRow("empty header") << QByteArray("[]\n") << 1 << QStringLiteral("bad section header");
    QTest::newRow("header with space")
        << QByteArray("[/vsm server]\n") << 1 << QStringLiteral("bad section header");
    QTest::newRow("header with text after")
        << QByteArray("[/a] b\n") << 1 << QStringLiteral("bad section header");
    QTest::newRow("empty name") << QByteArray("[/a]\n=1\n") << 2 << QStringLiteral("missing parameter name");
    QTest::newRow("name with space") << QByteArray("[/a]\nmy name=1\n") << 2
                                     << QStringLiteral("bad parameter name 'my name'");
    QTest::newRow("unknown directive")
        << QByteArray("%include other.hconf\n") << 1 << QStringLiteral("unknown directive '%include'");
    QTest::newRow("mount without file")
        << QByteArray("[/a]\n%mount\n") << 2 << QStringLiteral("%mount needs a file name");
    QTest::newRow("invalid utf-8") << QByteArray("[/a]\nb=1\nc=\xC3\x28\n") << 3
                                   << QStringLiteral("not valid UTF-8");
}

void TestHiveconfDocument::malformed()
{
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(QString, what);
    Document document;
    QString error;
    QVERIFY(!document.parse(fileName, content, &error));
    QVERIFY2(error.startsWith(QStringLiteral("%1:%2: ").arg(fileName).arg(line)), qPrintable(error));
    QVERIFY2(error.contains(what), qPrintable(error));
    QVERIFY(document.lines().isEmpty());
}

void TestHiveconfDocument::setValueKeepsOtherBytes_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray agent("# Agent settings.\n\n[/vsmagent]\n\n# Hosts allowed.\n# Default: (empty)\n"
                           "allowed_clients=\n\n# The master.\nmaster_hostname=\n");
    QTest::newRow("list into empty value")
        << agent << QStringLiteral("/vsmagent/allowed_clients")
        << QStringLiteral("tlha-primary tlha-secondary")
        << QByteArray("# Agent settings.\n\n[/vsmagent]\n\n# Hosts allowed.\n# Default: (empty)\n"
                      "allowed_clients=tlha-primary tlha-secondary\n\n# The master.\nmaster_hostname=\n");
    QTest::newRow("keeps spacing before value")
        << QByteArray("[/a]\n  b  =  old value\n# after\n") << QStringLiteral("/a/b") << QStringLiteral("new")
        << QByteArray("[/a]\n  b  =  new\n# after\n");
    QTest::newRow("crlf kept") << QByteArray("[/a]\r\nb=1\r\nc=2\r\n") << QStringLiteral("/a/b")
                               << QStringLiteral("0") << QByteArray("[/a]\r\nb=0\r\nc=2\r\n");
    QTest::newRow("last line without newline") << QByteArray("[/a]\nb=1") << QStringLiteral("/a/b")
                                               << QStringLiteral("22") << QByteArray("[/a]\nb=22");
    QTest::newRow("utf-8 around") << QByteArray("# Grüße\n[/a]\nb=ö\n# å\n") << QStringLiteral("/a/b")
                                  << QStringLiteral("ÅÄÖ") << QByteArray("# Grüße\n[/a]\nb=ÅÄÖ\n# å\n");
    QTest::newRow("key with subfolder")
        << QByteArray("[/vsmserver]\nHA/enabled = 0\n") << QStringLiteral("/vsmserver/HA/enabled")
        << QStringLiteral("1") << QByteArray("[/vsmserver]\nHA/enabled = 1\n");
    // Files joined with cat: a byte order mark starts a later line; the value is still found.
    QTest::newRow("byte order mark on a later line") << QByteArray("[/a]\n\xEF\xBB\xBF"
                                                                   "b=1\nc=2\n")
                                                     << QStringLiteral("/a/b") << QStringLiteral("22")
                                                     << QByteArray("[/a]\n\xEF\xBB\xBF"
                                                                   "b=22\nc=2\n");
    QTest::newRow("only the later duplicate") << QByteArray("[/a]\nb=1\nb=2\n") << QStringLiteral("/a/b")
                                              << QStringLiteral("3") << QByteArray("[/a]\nb=1\nb=3\n");
}

void TestHiveconfDocument::setValueKeepsOtherBytes()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, path);
    QFETCH(QString, value);
    QFETCH(QByteArray, expected);
    Document document;
    QString error;
    QVERIFY2(document.parse(fileName, content, &error), qPrintable(error));
    const int index = document.findParameter(path);
    QVERIFY(index >= 0);
    document.setValue(index, value);
    QCOMPARE(document.toBytes(), expected);
    QCOMPARE(document.lines().at(document.findParameter(path)).value, value);
    // The result parses again to the same value.
    Document again;
    QVERIFY2(again.parse(fileName, document.toBytes(), &error), qPrintable(error));
    QCOMPARE(again.lines().at(again.findParameter(path)).value, value);
}

void TestHiveconfDocument::insertParameter_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("after the last parameter of its section")
        << QByteArray("[/a]\n# b\nb=1\n\n# c\nc=2\n\n[/z]\nq=1\n") << QStringLiteral("/a/new")
        << QByteArray("[/a]\n# b\nb=1\n\n# c\nc=2\nnew=v\n\n[/z]\nq=1\n");
    QTest::newRow("section without parameters")
        << QByteArray("[/a]\n# nothing yet\n[/b]\n") << QStringLiteral("/a/new")
        << QByteArray("[/a]\nnew=v\n# nothing yet\n[/b]\n");
    QTest::newRow("new section at the end") << QByteArray("[/a]\nb=1\n") << QStringLiteral("/c/d/new")
                                            << QByteArray("[/a]\nb=1\n\n[/c/d]\nnew=v\n");
    QTest::newRow("unterminated last line")
        << QByteArray("[/a]\nb=1") << QStringLiteral("/a/new") << QByteArray("[/a]\nb=1\nnew=v\n");
    QTest::newRow("crlf file") << QByteArray("[/a]\r\nb=1\r\n") << QStringLiteral("/x/new")
                               << QByteArray("[/a]\r\nb=1\r\n\r\n[/x]\r\nnew=v\r\n");
    QTest::newRow("top level before sections")
        << QByteArray("# top\nt=1\n[/a]\nb=1\n") << QStringLiteral("/new")
        << QByteArray("# top\nt=1\nnew=v\n[/a]\nb=1\n");
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("/a/new") << QByteArray("[/a]\nnew=v\n");
}

void TestHiveconfDocument::insertParameter()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, path);
    QFETCH(QByteArray, expected);
    Document document;
    QString error;
    QVERIFY2(document.parse(fileName, content, &error), qPrintable(error));
    const int index = document.insertParameter(path, QStringLiteral("v"));
    QCOMPARE(document.toBytes(), expected);
    QCOMPARE(document.findParameter(path), index);
    Document again;
    QVERIFY2(again.parse(fileName, document.toBytes(), &error), qPrintable(error));
    QCOMPARE(again.findParameter(path), index);
}

void TestHiveconfDocument::saveIsAtomicAndKeepsMode()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("a.hconf"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# keep me\n[/a]\nb=1\n");
    file.close();
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0640) == 0);

    Document document;
    QString error;
    QVERIFY2(document.load(path, &error), qPrintable(error));
    document.setValue(document.findParameter(QStringLiteral("/a/b")), QStringLiteral("2"));
    QVERIFY2(document.save(&error), qPrintable(error));

    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("# keep me\n[/a]\nb=2\n"));
    struct stat st = {};
    QVERIFY(::stat(QFile::encodeName(path).constData(), &st) == 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0640));
    // No temporary file is left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList { QStringLiteral("a.hconf") });
}

void TestHiveconfDocument::saveRefusesUnwritableFolder()
{
    Document document;
    QString error;
    QVERIFY(document.parse(QStringLiteral("/nonexistent-folder/x.hconf"), QByteArray("[/a]\nb=1\n"), &error));
    QVERIFY(!document.save(&error));
    QVERIFY2(error.startsWith(QStringLiteral("/nonexistent-folder/x.hconf: cannot write")),
             qPrintable(error));
}

void TestHiveconfDocument::saveThroughSymlinkKeepsLink()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString real = dir.filePath(QStringLiteral("real.hconf"));
    const QString link = dir.filePath(QStringLiteral("link.hconf"));
    QFile file(real);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[/a]\nb=1\n");
    file.close();
    QVERIFY(QFile::link(real, link));

    Document document;
    QString error;
    QVERIFY2(document.load(link, &error), qPrintable(error));
    document.setValue(document.findParameter(QStringLiteral("/a/b")), QStringLiteral("2"));
    QVERIFY2(document.save(&error), qPrintable(error));
    QVERIFY(QFileInfo(link).isSymLink());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("[/a]\nb=2\n"));
}

QTEST_GUILESS_MAIN(TestHiveconfDocument)
#include "tst_hiveconfdocument.moc"
