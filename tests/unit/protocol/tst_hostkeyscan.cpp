#include "shared/net/hostkeyscan.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// Net::HostKeyScan with a stand-in ssh-keyscan first on PATH (this class's unit test: what a real
// sshd answers is covered by cluster_ha_setup). The stand-in counts its runs per name in a file
// and prints a key only from the run that the name says ("key-on-1", "key-on-2", "never"); a
// "slow-" name takes half a second and notes how many stand-ins were running then, a "silent-"
// one never answers.
class TestHostKeyScan final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void aKeyAtOnceIsScannedOnce();
    void noKeyIsTriedOnceMore();
    void noKeyTwiceIsNoKey();
    void withoutSshKeyscanThereIsNothing();
    void atMostMaxParallelScansRunAtOnce();
    void aSilentHostGivesItsTurnAway();

private:
    // What the scan collected; *inTime says whether finished() came within the scan's limit.
    std::optional<QList<Protocol::AdminScannedKey>> scan(const QStringList &names, bool *inTime);
    int runs(const QString &name) const;
    int peakRunning() const;

    QTemporaryDir m_dir;
    QByteArray m_path;
};

void TestHostKeyScan::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QFile script(m_dir.filePath(QStringLiteral("ssh-keyscan")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    // The name is the last argument; ssh-ed25519's blob is any base64.
    script.write("#!/bin/sh\n"
                 "for a; do name=$a; done\n"
                 "count=\"$(dirname \"$0\")/runs-$name\"\n"
                 "echo x >>\"$count\"\n"
                 "n=$(wc -l <\"$count\")\n"
                 "dir=$(dirname \"$0\")\n"
                 "case $name in\n"
                 "key-on-$n) echo \"$name ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE\" ;;\n"
                 "slow-*)\n"
                 "    : >\"$dir/active-$name\"\n"
                 "    i=0\n" // a companion started late on a loaded machine is still seen (1 s)
                 "    while [ \"$(ls \"$dir\" | grep -c '^active-')\" -lt 2 ] && [ $i -lt 20 ]; do\n"
                 "        sleep 0.05; i=$((i + 1))\n"
                 "    done\n"
                 "    ls \"$dir\" | grep -c '^active-' >>\"$dir/peak\"\n"
                 "    sleep 0.3\n"
                 "    rm -f \"$dir/active-$name\"\n"
                 "    echo \"$name ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE\"\n"
                 "    : >\"$dir/done-$name\" ;;\n"
                 "silent-*) exec sleep 30 ;;\n"
                 "esac\n"
                 "echo \"# $name:22 SSH-2.0-OpenSSH_9.2p1\" >&2\n");
    script.close();
    QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    m_path = qgetenv("PATH");
    qputenv("PATH", QFile::encodeName(m_dir.path()) + ':' + m_path);
}

void TestHostKeyScan::cleanupTestCase()
{
    qputenv("PATH", m_path);
}

void TestHostKeyScan::init()
{
    const QStringList notes { QStringLiteral("runs-*"), QStringLiteral("active-*"), QStringLiteral("done-*"),
                              QStringLiteral("peak") };
    for (const QString &f : QDir(m_dir.path()).entryList(notes, QDir::Files))
        QFile::remove(m_dir.filePath(f));
}

std::optional<QList<Protocol::AdminScannedKey>> TestHostKeyScan::scan(const QStringList &names, bool *inTime)
{
    Net::HostKeyScan scan(names);
    QSignalSpy finished(&scan, &Net::HostKeyScan::finished);
    // Without ssh-keyscan it may have ended inside the constructor, as NodeFacts expects.
    *inTime = !scan.isRunning() || finished.wait((Net::HostKeyScan::LimitS + 2) * 1000);
    return scan.collect();
}

int TestHostKeyScan::runs(const QString &name) const
{
    QFile count(m_dir.filePath(QStringLiteral("runs-") + name));
    if (!count.open(QIODevice::ReadOnly))
        return 0;
    return static_cast<int>(count.readAll().count('\n'));
}

// The most stand-ins that a "slow-" one saw running (itself included).
int TestHostKeyScan::peakRunning() const
{
    QFile peak(m_dir.filePath(QStringLiteral("peak")));
    if (!peak.open(QIODevice::ReadOnly))
        return 0;
    int most = 0;
    for (const QByteArray &line : peak.readAll().split('\n'))
        most = std::max(most, line.trimmed().toInt());
    return most;
}

void TestHostKeyScan::aKeyAtOnceIsScannedOnce()
{
    bool inTime = false;
    const auto keys = scan({ QStringLiteral("key-on-1") }, &inTime);
    QVERIFY(inTime);
    QVERIFY(keys);
    QCOMPARE(keys->size(), 1);
    QCOMPARE(keys->at(0).host, QStringLiteral("key-on-1"));
    QCOMPARE(keys->at(0).type, QStringLiteral("ssh-ed25519"));
    QVERIFY(keys->at(0).fingerprint.startsWith(QStringLiteral("SHA256:")));
    QCOMPARE(runs(QStringLiteral("key-on-1")), 1);
}

void TestHostKeyScan::noKeyIsTriedOnceMore()
{
    // A busy sshd dropped the first connections: the second scan gets the key, and finished()
    // waits for it; a name that answered at once is not scanned again.
    bool inTime = false;
    const auto keys = scan({ QStringLiteral("key-on-2"), QStringLiteral("key-on-1") }, &inTime);
    QVERIFY(inTime);
    QVERIFY(keys);
    QCOMPARE(keys->size(), 2);
    QCOMPARE(runs(QStringLiteral("key-on-2")), 2);
    QCOMPARE(runs(QStringLiteral("key-on-1")), 1);
}

void TestHostKeyScan::noKeyTwiceIsNoKey()
{
    bool inTime = false;
    const auto keys = scan({ QStringLiteral("never") }, &inTime);
    QVERIFY(inTime);
    QVERIFY(keys);
    QVERIFY(keys->isEmpty());
    QCOMPARE(runs(QStringLiteral("never")), 2);
}

void TestHostKeyScan::withoutSshKeyscanThereIsNothing()
{
    qputenv("PATH", QFile::encodeName(m_dir.filePath(QStringLiteral("nowhere"))));
    bool inTime = false;
    const auto keys = scan({ QStringLiteral("key-on-1") }, &inTime);
    qputenv("PATH", QFile::encodeName(m_dir.path()) + ':' + m_path);
    QVERIFY(inTime);
    QVERIFY(!keys);
}

void TestHostKeyScan::atMostMaxParallelScansRunAtOnce()
{
    // Each key type is an sshd process and a key exchange on the scanned node: five names must
    // not be fifteen of them at once there.
    QStringList names;
    for (const char *n : { "slow-a", "slow-b", "slow-c", "slow-d", "slow-e" })
        names.append(QString::fromLatin1(n));
    bool inTime = false;
    const auto keys = scan(names, &inTime);
    QVERIFY(inTime);
    QVERIFY(keys);
    QCOMPARE(keys->size(), names.size());
    for (const QString &name : std::as_const(names))
        QCOMPARE(runs(name), 1);
    QCOMPARE(peakRunning(), Net::HostKeyScan::MaxParallel);
}

void TestHostKeyScan::aSilentHostGivesItsTurnAway()
{
    // A node that is down holds both turns: the next name is scanned once the first pass could
    // have timed out (TimeoutS), before the silent scans' limit (LimitS). Alone, slow-c waits 1 s
    // for a companion, then takes 0.3 s: done about TimeoutS + 1.5 s after the start.
    QElapsedTimer timer;
    timer.start();
    Net::HostKeyScan scan(
        { QStringLiteral("silent-a"), QStringLiteral("silent-b"), QStringLiteral("slow-c") });
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_dir.filePath(QStringLiteral("done-slow-c"))),
                             (Net::HostKeyScan::LimitS - 1) * 1000);
    QCOMPARE_LT(timer.elapsed(), Net::HostKeyScan::LimitS * 1000);
    QVERIFY(scan.isRunning()); // the silent ones
    const auto keys = scan.collect();
    QVERIFY(keys);
    QCOMPARE(keys->size(), 1);
    QCOMPARE(keys->at(0).host, QStringLiteral("slow-c"));
    QCOMPARE(runs(QStringLiteral("silent-a")), 1);
}

QTEST_GUILESS_MAIN(TestHostKeyScan)
#include "tst_hostkeyscan.moc"
