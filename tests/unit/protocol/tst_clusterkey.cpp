#include "shared/net/clusterkey.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using Net::ClusterKey;

namespace {

ino_t inodeOf(const QString &path)
{
    struct stat st;
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_ino : 0;
}

int fileMode(const QString &path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return static_cast<int>(st.st_mode & 07777);
}

bool writeFile(const QString &path, const QByteArray &content, int mode)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return false;
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), static_cast<mode_t>(mode)) == 0;
}

const QByteArray goodHex
    = QByteArrayLiteral("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

} // namespace

class TestClusterKey final : public QObject {
    Q_OBJECT

private slots:
    void createAndLoad();
    void createRefusesToOverwrite();
    void load_data();
    void load();
    void missingFileNamesTheTool();
    void unreadableFile();
    void tool();
    void pathsAndInstall();
};

void TestClusterKey::createAndLoad()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cluster.key"));
    QString error;
    QVERIFY2(ClusterKey::create(path, &error), qPrintable(error));
    QCOMPARE(fileMode(path), 0600);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QCOMPARE(content.size(), 65);
    QVERIFY(content.endsWith('\n'));

    const std::optional<ClusterKey> key = ClusterKey::load(path, &error);
    QVERIFY2(key, qPrintable(error));
    QCOMPARE(key->secret().size(), ClusterKey::SecretSize);
    QCOMPARE(key->secret(), QByteArray::fromHex(content.trimmed()));
    QCOMPARE(key->keyId().size(), 16);
    QVERIFY(!key->keyId().contains(QString::fromLatin1(content.left(16))));

    // A forced re-create gives a different key; no temporary files are left behind.
    QVERIFY2(ClusterKey::create(path, &error, true), qPrintable(error));
    const std::optional<ClusterKey> second = ClusterKey::load(path, &error);
    QVERIFY(second);
    QVERIFY(second->secret() != key->secret());
    QVERIFY(second->keyId() != key->keyId());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList { QStringLiteral("cluster.key") });
}

void TestClusterKey::createRefusesToOverwrite()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cluster.key"));
    QVERIFY(writeFile(path, goodHex + '\n', 0600));
    QString error;
    QVERIFY(!ClusterKey::create(path, &error));
    QVERIFY2(error.contains(path) && error.contains(QStringLiteral("--force")), qPrintable(error));
    const std::optional<ClusterKey> key = ClusterKey::load(path, &error);
    QVERIFY(key);
    QCOMPARE(key->secret(), QByteArray::fromHex(goodHex));
}

void TestClusterKey::load_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("errorContains"); // empty: loads; %1 stands for the path

    QTest::newRow("good") << goodHex + '\n' << 0600 << QString();
    QTest::newRow("good, no newline") << goodHex << 0600 << QString();
    QTest::newRow("good, upper case") << goodHex.toUpper() + '\n' << 0600 << QString();
    QTest::newRow("good, 0400") << goodHex << 0400 << QString();
    QTest::newRow("world-readable 0644") << goodHex << 0644 << QStringLiteral("run: chmod 600 %1");
    QTest::newRow("group-readable 0640") << goodHex << 0640 << QStringLiteral("mode 0640");
    QTest::newRow("other-readable 0604") << goodHex << 0604 << QStringLiteral("chmod 600 %1");
    QTest::newRow("group-writable 0620")
        << goodHex << 0620 << QStringLiteral("accessible by group or others");
    QTest::newRow("empty") << QByteArray() << 0600 << QStringLiteral("%1 is malformed");
    QTest::newRow("63 characters") << goodHex.left(63) << 0600 << QStringLiteral("malformed");
    QTest::newRow("65 characters") << goodHex + 'a' << 0600 << QStringLiteral("malformed");
    QTest::newRow("not hex") << QByteArray(goodHex).replace('a', 'g') << 0600 << QStringLiteral("malformed");
    QTest::newRow("two lines") << goodHex + '\n' + goodHex + '\n' << 0600 << QStringLiteral("malformed");
    QTest::newRow("windows line end") << goodHex + "\r\n" << 0600 << QStringLiteral("malformed");
    QTest::newRow("leading space") << ' ' + goodHex << 0600 << QStringLiteral("malformed");
}

void TestClusterKey::load()
{
    QFETCH(QByteArray, content);
    QFETCH(int, mode);
    QFETCH(QString, errorContains);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cluster.key"));
    QVERIFY(writeFile(path, content, mode));
    QString error;
    const std::optional<ClusterKey> key = ClusterKey::load(path, &error);
    if (errorContains.isEmpty()) {
        QVERIFY2(key, qPrintable(error));
        QCOMPARE(key->secret(), QByteArray::fromHex(goodHex));
        QCOMPARE(key->path(), path);
    } else {
        QVERIFY(!key);
        const QString expected
            = errorContains.contains(QLatin1String("%1")) ? errorContains.arg(path) : errorContains;
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(!error.contains(QString::fromLatin1(goodHex.left(8))));
    }
}

void TestClusterKey::missingFileNamesTheTool()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("nope.key"));
    QString error;
    QVERIFY(!ClusterKey::load(path, &error));
    QVERIFY2(error.contains(path + QStringLiteral(" does not exist")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("tl-cluster-key create ") + path), qPrintable(error));

    QVERIFY(!ClusterKey::load(dir.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("not a regular file")), qPrintable(error));
}

void TestClusterKey::unreadableFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cluster.key"));
    QVERIFY(writeFile(path, goodHex, 0000));
    QString error;
    if (::geteuid() != 0) {
        QVERIFY(!ClusterKey::load(path, &error));
    } else {
        // Root reads anything; check as nobody through the tool instead.
        const QString tool = qEnvironmentVariable("OPENVSM_BUILD_BIN") + QStringLiteral("/tl-cluster-key");
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (!QFile::exists(tool) || setpriv.isEmpty())
            QSKIP("as root this needs tl-cluster-key and setpriv to check as nobody");
        QProcess p;
        p.start(setpriv,
                { QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                  QStringLiteral("--clear-groups"), tool, QStringLiteral("check"), path });
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 1);
        error = QString::fromLocal8Bit(p.readAllStandardError());
    }
    QVERIFY2(error.contains(QStringLiteral("cannot read cluster key file ") + path), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("Permission denied")), qPrintable(error));
}

void TestClusterKey::tool()
{
    const QString tool = qEnvironmentVariable("OPENVSM_BUILD_BIN") + QStringLiteral("/tl-cluster-key");
    if (!QFile::exists(tool))
        QSKIP("tl-cluster-key is not built");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cluster.key"));
    const auto run = [&](const QStringList &args, QString *output) {
        QProcess p;
        p.start(tool, args);
        p.waitForFinished(10000);
        *output = QString::fromLocal8Bit(p.readAllStandardOutput() + p.readAllStandardError());
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    };
    QString out;
    QCOMPARE(run({ QStringLiteral("create"), path }, &out), 0);
    QVERIFY2(out.contains(path), qPrintable(out));
    QCOMPARE(fileMode(path), 0600);
    const std::optional<ClusterKey> first = ClusterKey::load(path, &out);
    QVERIFY(first);
    QCOMPARE(run({ QStringLiteral("check"), path }, &out), 0);
    QVERIFY2(out.contains(first->keyId()), qPrintable(out));

    QCOMPARE(run({ QStringLiteral("create"), path }, &out), 1);
    QVERIFY2(out.contains(QStringLiteral("--force")), qPrintable(out));
    QCOMPARE(ClusterKey::load(path, &out)->secret(), first->secret());
    QCOMPARE(run({ QStringLiteral("create"), QStringLiteral("--force"), path }, &out), 0);
    QVERIFY(ClusterKey::load(path, &out)->secret() != first->secret());

    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
    QCOMPARE(run({ QStringLiteral("check"), path }, &out), 1);
    QVERIFY2(out.contains(QStringLiteral("chmod 600 ") + path), qPrintable(out));
    QCOMPARE(run({ QStringLiteral("frobnicate") }, &out), 2);
}

QTEST_GUILESS_MAIN(TestClusterKey)
// /vsm/cluster_key_file: a relative path names a file in the configuration folder, for every
// program alike; a key installed again is not written again (the same file stays), another one
// replaces it.
void TestClusterKey::pathsAndInstall()
{
    QTemporaryDir root;
    qputenv("OPENVSM_ROOT", QFile::encodeName(root.path()));
    const QString etc = root.path() + QStringLiteral("/etc");
    QCOMPARE(ClusterKey::resolvePath(QString()), QString());
    QCOMPARE(ClusterKey::resolvePath(QStringLiteral("/srv/cluster.key")), QStringLiteral("/srv/cluster.key"));
    QCOMPARE(ClusterKey::resolvePath(QStringLiteral("keys/cluster.key")),
             etc + QStringLiteral("/keys/cluster.key"));
    QCOMPARE(ClusterKey::installPath(QString()), etc + QStringLiteral("/cluster.key"));
    QCOMPARE(ClusterKey::installPath(QStringLiteral("other.key")), etc + QStringLiteral("/other.key"));

    QVERIFY(QDir().mkpath(etc));
    const QString path = ClusterKey::installPath(QString());
    const QByteArray secret = ClusterKey::randomSecret();
    QString error;
    QVERIFY2(ClusterKey::install(path, secret, &error), qPrintable(error));
    const ino_t first = inodeOf(path);
    QVERIFY(first != 0);
    QVERIFY2(ClusterKey::install(path, secret, &error), qPrintable(error));
    QCOMPARE(inodeOf(path), first);

    const QByteArray other = ClusterKey::randomSecret();
    QVERIFY2(ClusterKey::install(path, other, &error), qPrintable(error));
    QVERIFY(inodeOf(path) != first);
    QCOMPARE(ClusterKey::load(path, &error)->secret(), other);
    QCOMPARE(fileMode(path), 0600);
    QVERIFY(!ClusterKey::install(path, QByteArray(5, 'x'), &error));
    QVERIFY2(error.contains(QStringLiteral("has 32 bytes, not 5")), qPrintable(error));
    QCOMPARE(ClusterKey::load(path, &error)->secret(), other);
    qunsetenv("OPENVSM_ROOT");
}

#include "tst_clusterkey.moc"
