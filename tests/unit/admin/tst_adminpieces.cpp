// The admin API's building blocks: password hashes and the file that keeps them, pinned
// fingerprints, login throttling, off-thread password checks, node address parsing, and the
// facts a node gathers for the setup wizard (AdminNodeFacts).
#include "backend/client/adminclient.h"
#include "backend/client/knownnodes.h"
#include "backend/server/admin/loginthrottle.h"
#include "backend/server/admin/nodefacts.h"
#include "backend/server/admin/passwordverifier.h"
#include "backend/server/admin/sshhostkeys.h"
#include "shared/admin/adminpassword.h"
#include "shared/admin/passwordhashfile.h"
#include "shared/hiveconf/tree.h"
#include "shared/paths/paths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sys/stat.h>

using Admin::AdminPassword;
using Client::KnownNodes;

class TestAdminPieces : public QObject {
    Q_OBJECT

private slots:
    void hashVerifies()
    {
        QString error;
        const QString h = AdminPassword::hash("correct horse", &error, 1000);
        QVERIFY2(!h.isEmpty(), qPrintable(error));
        QVERIFY(h.startsWith(QStringLiteral("pbkdf2-sha256$1000$")));
        QVERIFY(!h.contains(QStringLiteral("correct horse")));
        QVERIFY(AdminPassword::verify("correct horse", h));
        QVERIFY(!AdminPassword::verify("correct horsE", h));
        QVERIFY(!AdminPassword::verify("", h));
        // Salted: the same password hashes differently each time.
        QVERIFY(AdminPassword::hash("correct horse", &error, 1000) != h);
        QVERIFY(AdminPassword::isWellFormed(h));
    }

    void malformedNeverMatches_data()
    {
        QTest::addColumn<QString>("stored");
        const QString salt = QStringLiteral("AAAAAAAAAAAAAAAAAAAAAA==");
        const QString hash = QString::fromLatin1(QByteArray(32, 'x').toBase64());
        QTest::newRow("empty") << QString();
        QTest::newRow("plain password") << QStringLiteral("secret");
        QTest::newRow("other scheme") << QStringLiteral("md5$1000$%1$%2").arg(salt, hash);
        QTest::newRow("too few iterations") << QStringLiteral("pbkdf2-sha256$10$%1$%2").arg(salt, hash);
        QTest::newRow("iterations not a number")
            << QStringLiteral("pbkdf2-sha256$many$%1$%2").arg(salt, hash);
        QTest::newRow("bad base64") << QStringLiteral("pbkdf2-sha256$1000$***$%1").arg(hash);
        QTest::newRow("short hash") << QStringLiteral("pbkdf2-sha256$1000$%1$AAAA").arg(salt);
        QTest::newRow("extra field") << QStringLiteral("pbkdf2-sha256$1000$%1$%2$x").arg(salt, hash);
    }

    void malformedNeverMatches()
    {
        QFETCH(QString, stored);
        QString error;
        QVERIFY(!AdminPassword::verify("secret", stored, &error));
        QVERIFY(!AdminPassword::isWellFormed(stored));
        QVERIFY2(error.contains(QStringLiteral("tlctl admin set-password")), qPrintable(error));
    }

    void knownNodesPinAndChange()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("sub/known_nodes"));
        KnownNodes known(file);
        QCOMPARE(known.check(QStringLiteral("a:9002"), QStringLiteral("AA:BB")), KnownNodes::Status::Unknown);
        QString error;
        QVERIFY2(known.pin(QStringLiteral("a:9002"), QStringLiteral("AA:BB"), &error), qPrintable(error));
        QVERIFY2(known.pin(QStringLiteral("b:9002"), QStringLiteral("CC:DD"), &error), qPrintable(error));
        QCOMPARE(QFile(file).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        QCOMPARE(known.check(QStringLiteral("a:9002"), QStringLiteral("aa:bb")), KnownNodes::Status::Match);
        QString pinned;
        QCOMPARE(known.check(QStringLiteral("a:9002"), QStringLiteral("EE:FF"), &pinned),
                 KnownNodes::Status::Changed);
        QCOMPARE(pinned, QStringLiteral("AA:BB"));
        QCOMPARE(known.check(QStringLiteral("a:9003"), QStringLiteral("AA:BB")), KnownNodes::Status::Unknown);
        // Re-pinning replaces the line, other nodes stay.
        QVERIFY(known.pin(QStringLiteral("a:9002"), QStringLiteral("EE:FF"), &error));
        QCOMPARE(known.check(QStringLiteral("a:9002"), QStringLiteral("EE:FF")), KnownNodes::Status::Match);
        QCOMPARE(known.check(QStringLiteral("b:9002"), QStringLiteral("CC:DD")), KnownNodes::Status::Match);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count('\n'), 2);
    }

    void throttleGrowsAndResets()
    {
        Admin::LoginThrottle t;
        const QHostAddress peer(QStringLiteral("10.0.0.9"));
        const QHostAddress other(QStringLiteral("10.0.0.10"));
        QCOMPARE(t.delayFor(peer, 1000), 0);
        t.failed(peer, 1000);
        QCOMPARE(t.delayFor(peer, 1000), 250);
        t.failed(peer, 1000);
        QCOMPARE(t.delayFor(peer, 1000), 500);
        t.failed(peer, 1000);
        QCOMPARE(t.delayFor(peer, 1100), 900);
        QCOMPARE(t.delayFor(other, 1000), 0); // per address
        for (int i = 0; i < 40; ++i)
            t.failed(peer, 1000);
        QCOMPARE(t.delayFor(peer, 1000), Admin::LoginThrottle::MaxDelayMs);
        t.succeeded(peer);
        QCOMPARE(t.delayFor(peer, 1000), 0);
        QCOMPARE(t.failures(peer), 0);
    }

    void throttleOneLoginPerAddress()
    {
        Admin::LoginThrottle t;
        const QHostAddress peer(QStringLiteral("10.0.0.9"));
        const QHostAddress other(QStringLiteral("10.0.0.10"));
        QVERIFY(t.begin(peer));
        QVERIFY(t.inProgress(peer));
        QVERIFY(!t.begin(peer)); // a second connection, or a pipelined request
        QVERIFY(!t.begin(peer));
        QVERIFY(t.begin(other)); // per address
        t.failed(peer, 1000);
        QCOMPARE(t.end(peer), 2); // the refusals, for the log line
        QVERIFY(!t.inProgress(peer));
        QCOMPARE(t.delayFor(peer, 1000), 250); // remembered across connections
        QVERIFY(t.begin(peer));
        QCOMPARE(t.end(peer), 0);
        QCOMPARE(t.end(other), 0);
        t.succeeded(peer);
        QCOMPARE(t.failures(peer), 0);
    }

    void throttleKeepsLoginsInProgressWhenFull()
    {
        Admin::LoginThrottle t;
        const QHostAddress busy(QStringLiteral("10.1.0.1"));
        QVERIFY(t.begin(busy));
        for (int i = 0; i < Admin::LoginThrottle::MaxPeers + 10; ++i)
            t.failed(QHostAddress(quint32(0x0b000000 + i)), 1000);
        QVERIFY(!t.begin(busy));
        QCOMPARE(t.end(busy), 1);
    }

    void verifierRunsOffThreadWithABoundedQueue()
    {
        QString error;
        const QString hash = AdminPassword::hash("right password", &error, 100000);
        QVERIFY2(!hash.isEmpty(), qPrintable(error));
        Admin::PasswordVerifier verifier(1, 3);
        QList<int> results;
        QElapsedTimer timer;
        timer.start();
        const QByteArray guesses[] = { "wrong password", "right password", "malformed" };
        for (const QByteArray &guess : guesses) {
            const QString stored = guess == "malformed" ? QStringLiteral("pbkdf2-sha256$x") : hash;
            QVERIFY(
                verifier.submit(guess, stored, this, [&](Admin::PasswordVerifier::Result r, const QString &) {
                    results.append(int(r));
                }));
        }
        // Full: refused at once, nothing hashed.
        QVERIFY(!verifier.submit("another", hash, this, [](Admin::PasswordVerifier::Result, const QString &) {
            QFAIL("a refused check was run");
        }));
        QCOMPARE(verifier.pending(), 3);
        QVERIFY2(timer.elapsed() < 50, "submitting hashed on the calling thread");
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 3, 10000);
        using Result = Admin::PasswordVerifier::Result;
        QCOMPARE(results, (QList<int> { int(Result::Mismatch), int(Result::Match), int(Result::BadHash) }));
        QCOMPARE(verifier.pending(), 0);
        QVERIFY(verifier.submit("right password", hash, this,
                                [](Admin::PasswordVerifier::Result, const QString &) {}));
    }

    void hashFileLoadAndStore()
    {
        QTemporaryDir dir;
        const QString etc = dir.filePath(QStringLiteral("etc"));
        QVERIFY(QDir().mkpath(etc + QStringLiteral("/conf.d")));
        auto write = [](const QString &file, const QByteArray &text) {
            QFile f(file);
            return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
        };
        QVERIFY(write(etc + QStringLiteral("/openvsm.hconf"), "%mount conf.d/*.hconf\n"));
        QVERIFY(write(etc + QStringLiteral("/conf.d/a.hconf"), "[/vsmserver/admin]\nlisten_port=9002\n"));
        Hiveconf::Tree tree;
        QString error;
        QVERIFY2(tree.load(etc + QStringLiteral("/openvsm.hconf"), &error), qPrintable(error));
        const QString file = etc + QStringLiteral("/admin-password.hash");
        QCOMPARE(Admin::PasswordHashFile::path(tree), file);

        // Nothing set: no hash, no error.
        auto stored = Admin::PasswordHashFile::load(tree, &error);
        QVERIFY2(stored, qPrintable(error));
        QVERIFY(stored->hash.isEmpty());

        // An old installation: the hash in the configuration, twice; used, with a warning.
        const QString old = AdminPassword::hash("old password", &error, 1000);
        QVERIFY(write(etc + QStringLiteral("/conf.d/a.hconf"),
                      "[/vsmserver/admin]\nlisten_port=9002\npassword_hash=" + old.toUtf8() + "\n"));
        QVERIFY(write(etc + QStringLiteral("/conf.d/b.hconf"),
                      "[/vsmserver]\nadmin/password_hash=" + old.toUtf8() + "\n"));
        QVERIFY(tree.load(etc + QStringLiteral("/openvsm.hconf"), &error));
        stored = Admin::PasswordHashFile::load(tree, &error);
        QVERIFY2(stored, qPrintable(error));
        QCOMPARE(stored->hash, old);
        QVERIFY2(stored->warning.contains(QStringLiteral("tlctl admin set-password")),
                 qPrintable(stored->warning));

        // set-password: the file (0600) and no hash left in any configuration file.
        const QString fresh = AdminPassword::hash("new password", &error, 1000);
        QStringList notes;
        QVERIFY2(Admin::PasswordHashFile::store(tree, fresh, &notes, &error), qPrintable(error));
        QCOMPARE(notes.size(), 3);
        struct stat st = {};
        QCOMPARE(::stat(QFile::encodeName(file).constData(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0600));
        for (const QString &name : { QStringLiteral("a.hconf"), QStringLiteral("b.hconf") }) {
            QFile conf(etc + QStringLiteral("/conf.d/") + name);
            QVERIFY(conf.open(QIODevice::ReadOnly));
            QVERIFY(!conf.readAll().contains("pbkdf2"));
        }
        QVERIFY(tree.load(etc + QStringLiteral("/openvsm.hconf"), &error));
        stored = Admin::PasswordHashFile::load(tree, &error);
        QVERIFY2(stored, qPrintable(error));
        QCOMPARE(stored->hash, fresh);
        QCOMPARE(stored->source, file);
        QVERIFY(stored->warning.isEmpty());

        // Readable by others: refused, with what to do.
        QVERIFY(QFile::setPermissions(
            file, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        QVERIFY(!Admin::PasswordHashFile::load(tree, &error));
        QVERIFY2(error.contains(QStringLiteral("chmod 600 ") + file), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("mode 0604")), qPrintable(error));

        // A name of one's own, absolute.
        QVERIFY(
            write(etc + QStringLiteral("/conf.d/c.hconf"), "[/vsmserver/admin]\npassword_file=/secret/x\n"));
        QVERIFY(tree.load(etc + QStringLiteral("/openvsm.hconf"), &error));
        QCOMPARE(Admin::PasswordHashFile::path(tree), QStringLiteral("/secret/x"));
    }

    void parseNode_data()
    {
        QTest::addColumn<QString>("node");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::newRow("name") << QStringLiteral("tlha-primary") << true << QStringLiteral("tlha-primary")
                              << 9002;
        QTest::newRow("name:port") << QStringLiteral("tlha:9100") << true << QStringLiteral("tlha") << 9100;
        QTest::newRow("v4:port") << QStringLiteral("10.0.0.2:1") << true << QStringLiteral("10.0.0.2") << 1;
        QTest::newRow("[v6]:port") << QStringLiteral("[::1]:9003") << true << QStringLiteral("::1") << 9003;
        QTest::newRow("[v6]") << QStringLiteral("[fe80::1]") << true << QStringLiteral("fe80::1") << 9002;
        QTest::newRow("port 0") << QStringLiteral("a:0") << false << QString() << 0;
        QTest::newRow("port too big") << QStringLiteral("a:70000") << false << QString() << 0;
        QTest::newRow("no host") << QStringLiteral(":9002") << false << QString() << 0;
        QTest::newRow("unclosed") << QStringLiteral("[::1:9002") << false << QString() << 0;
        QTest::newRow("junk after ]") << QStringLiteral("[::1]x") << false << QString() << 0;
    }

    void parseNode()
    {
        QFETCH(QString, node);
        QFETCH(bool, ok);
        QFETCH(QString, host);
        QFETCH(int, port);
        QString gotHost, error;
        quint16 gotPort = 0;
        QCOMPARE(Client::AdminClient::parseNode(node, &gotHost, &gotPort, &error), ok);
        if (ok) {
            QCOMPARE(gotHost, host);
            QCOMPARE(int(gotPort), port);
        } else {
            QVERIFY(error.contains(node));
        }
    }

    void loopbackHostsLines()
    {
        const QString hosts
            = QStringLiteral("127.0.0.1 localhost\n"
                             "# 127.0.1.1 tlha-secondary\n"
                             "127.0.1.1\ttlha-secondary.example.com  TLHA-Secondary # Debian\n"
                             "10.0.0.3 tlha-secondary.example.com tlha-secondary\n"
                             "::1 localhost ip6-localhost\n");
        QCOMPARE(Admin::NodeFacts::loopbackHostsLines(QStringLiteral("tlha-secondary"), hosts),
                 QStringList { QStringLiteral(
                     "/etc/hosts:3: 127.0.1.1\ttlha-secondary.example.com  TLHA-Secondary # Debian") });
        QCOMPARE(Admin::NodeFacts::loopbackHostsLines(QStringLiteral("localhost"), hosts).size(), 2);
        QVERIFY(Admin::NodeFacts::loopbackHostsLines(QStringLiteral("tlha-primary"), hosts).isEmpty());
    }

    // The fingerprints are those ssh-keygen -l prints, read from <OPENVSM_ROOT>/etc/ssh.
    void sshHostKeyFingerprintsAsSshKeygen()
    {
        const QString keygen = QStandardPaths::findExecutable(QStringLiteral("ssh-keygen"));
        if (keygen.isEmpty())
            QSKIP("ssh-keygen is missing (apt install openssh-client)");
        QTemporaryDir root;
        QVERIFY(QDir().mkpath(root.path() + QStringLiteral("/etc/ssh")));
        QStringList expected;
        for (const QString &type : { QStringLiteral("ed25519"), QStringLiteral("ecdsa") }) {
            const QString key = root.path() + QStringLiteral("/etc/ssh/ssh_host_%1_key").arg(type);
            QCOMPARE(QProcess::execute(keygen,
                                       { QStringLiteral("-q"), QStringLiteral("-t"), type,
                                         QStringLiteral("-N"), QString(), QStringLiteral("-f"), key }),
                     0);
            QProcess p;
            p.start(keygen,
                    { QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"),
                      QStringLiteral("-f"), key + QStringLiteral(".pub") });
            QVERIFY(p.waitForFinished());
            expected.append(QString::fromLatin1(p.readAllStandardOutput()).split(QLatin1Char(' ')).value(1));
        }
        qputenv("OPENVSM_ROOT", root.path().toLocal8Bit());
        const QString dir = Paths::systemPath(QStringLiteral("/etc/ssh"));
        qunsetenv("OPENVSM_ROOT");
        QCOMPARE(dir, root.path() + QStringLiteral("/etc/ssh"));
        QCOMPARE(Paths::systemPath(QStringLiteral("/etc/ssh")), QStringLiteral("/etc/ssh"));
        QString error;
        const auto keys = Admin::NodeFacts::sshHostKeys(dir, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(keys.size(), 2);
        // Sorted by file name: ecdsa, then ed25519.
        QCOMPARE(keys.at(0).type, QStringLiteral("ecdsa-sha2-nistp256"));
        QCOMPARE(keys.at(0).fingerprint, expected.at(1));
        QCOMPARE(keys.at(1).type, QStringLiteral("ssh-ed25519"));
        QCOMPARE(keys.at(1).fingerprint, expected.at(0));
        QVERIFY(keys.at(1).file.endsWith(QLatin1String("/etc/ssh/ssh_host_ed25519_key.pub")));

        QString type, fingerprint;
        QVERIFY(!Admin::NodeFacts::sshFingerprint(QStringLiteral("ssh-ed25519 bm90IGEga2V5"), &type,
                                                  &fingerprint));
        QVERIFY(!Admin::NodeFacts::sshFingerprint(QStringLiteral("garbage"), &type, &fingerprint));
        QTemporaryDir empty;
        QVERIFY(Admin::NodeFacts::sshHostKeys(empty.path(), &error).isEmpty());
        QVERIFY(error.contains(QLatin1String("no ssh_host_*_key.pub in")));
    }

    // Step 3's copy: the primary's pairs read (private key checked against its .pub), installed on
    // the secondary 0600/0644 with the old ones backed up; refused without writing anything when a
    // pair does not belong together, a name is not a host key's or the key types differ.
    void sshHostKeysInstalledConservatively()
    {
        const QString keygen = QStandardPaths::findExecutable(QStringLiteral("ssh-keygen"));
        if (keygen.isEmpty())
            QSKIP("ssh-keygen is missing (apt install openssh-client)");
        QTemporaryDir primary, secondary;
        for (const QString &dir : { primary.path(), secondary.path() })
            QCOMPARE(
                QProcess::execute(keygen,
                                  { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                    QStringLiteral("-N"), QString(), QStringLiteral("-f"),
                                    dir + QStringLiteral("/ssh_host_ed25519_key") }),
                0);
        QString error;
        const auto keys = Admin::SshHostKeys::read(primary.path(), &error);
        QVERIFY2(keys, qPrintable(error));
        QCOMPARE(keys->size(), 1);
        const auto old = Admin::SshHostKeys::read(secondary.path(), &error);
        QVERIFY2(old, qPrintable(error));
        Protocol::AdminSshHostKeyPair mixed = keys->first();
        mixed.publicKey = old->first().publicKey;
        QVERIFY(!Admin::SshHostKeys::checkPair(mixed, &error));
        QVERIFY(error.contains(QLatin1String("not an OpenSSH private key belonging to")));
        QVERIFY(!Admin::SshHostKeys::install(secondary.path(), { mixed }, QStringLiteral("a"), &error));
        Protocol::AdminSshHostKeyPair badName = keys->first();
        badName.name = QStringLiteral("../ssh_host_ed25519_key");
        QVERIFY(!Admin::SshHostKeys::install(secondary.path(), { badName }, QStringLiteral("a"), &error));
        QVERIFY(error.contains(QLatin1String("is not an sshd host key name")));
        QVERIFY(!QDir(secondary.path() + QStringLiteral("/openvsm-backup-a")).exists());

        const auto installed
            = Admin::SshHostKeys::install(secondary.path(), *keys, QStringLiteral("b"), &error);
        QVERIFY2(installed, qPrintable(error));
        QVERIFY(installed->changed);
        QCOMPARE(installed->backup, secondary.path() + QStringLiteral("/openvsm-backup-b"));
        const auto now = Admin::SshHostKeys::read(secondary.path(), &error);
        QVERIFY(now && now->first().privateKey == keys->first().privateKey
                && now->first().publicKey == keys->first().publicKey);
        const auto kept = Admin::SshHostKeys::read(installed->backup, &error);
        QVERIFY(kept && kept->first().privateKey == old->first().privateKey);
        const QString priv = secondary.path() + QStringLiteral("/ssh_host_ed25519_key");
        const auto mode = [](const QString &path) {
            struct stat st { };
            return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
        };
        QCOMPARE(mode(priv), 0600);
        QCOMPARE(mode(priv + QStringLiteral(".pub")), 0644);
        QCOMPARE(mode(installed->backup), 0700);
        // Again: nothing to do, no second backup.
        const auto again = Admin::SshHostKeys::install(secondary.path(), *keys, QStringLiteral("c"), &error);
        QVERIFY(again && !again->changed);
        QVERIFY(!QDir(secondary.path() + QStringLiteral("/openvsm-backup-c")).exists());
        // A type only the secondary has: refused, nothing written.
        QCOMPARE(QProcess::execute(keygen,
                                   { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ecdsa"),
                                     QStringLiteral("-N"), QString(), QStringLiteral("-f"),
                                     secondary.path() + QStringLiteral("/ssh_host_ecdsa_key") }),
                 0);
        QVERIFY(!Admin::SshHostKeys::install(secondary.path(), *old, QStringLiteral("d"), &error));
        QVERIFY(error.contains(QLatin1String("the host key types differ")));
        QVERIFY(Admin::SshHostKeys::read(secondary.path(), &error)->last().privateKey
                == keys->first().privateKey);
    }

    // sshd is told by SIGHUP from its pid file, and only a process named sshd.
    void sshdReloadSignalsOnlySshd()
    {
        QProcess sleeper;
        sleeper.start(QStringLiteral("sleep"), { QStringLiteral("30") });
        QVERIFY(sleeper.waitForStarted());
        QTemporaryDir dir;
        const QString pidFile = dir.path() + QStringLiteral("/sshd.pid");
        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::number(sleeper.processId()) + '\n');
        f.close();
        QString how;
        const QString failure = Admin::SshHostKeys::reloadSshd(pidFile, &how);
        QVERIFY(failure.contains(QLatin1String("is not sshd")));
        QVERIFY(!sleeper.waitForFinished(200)); // not signalled
        QVERIFY(Admin::SshHostKeys::reloadSshd(dir.path() + QStringLiteral("/none"), &how)
                    .contains(QLatin1String("no sshd pid in")));
        sleeper.kill();
        sleeper.waitForFinished();
    }

    // Gathered without blocking: names resolved (loopback flagged, the unknown with a reason), the
    // identity by NodeIdentity, the digest's parameters and the loopback terminalservers of the
    // shipped configuration (127.0.0.1) with the seed's reason.
    void gatherFacts()
    {
        const QString config = QFINDTESTDATA("../../../packaging/etc/openvsm.hconf");
        QVERIFY(!config.isEmpty());
        Protocol::AdminNodeFactsQuery query;
        query.names = { QStringLiteral("localhost"), QStringLiteral("no-such-host.invalid") };
        query.nodes = { QStringLiteral("localhost"), QStringLiteral("no-such-host.invalid") };
        std::optional<Protocol::AdminNodeFacts> facts;
        QObject context;
        Admin::NodeFacts::gather(query, config, &context,
                                 [&](const Protocol::AdminNodeFacts &f) { facts = f; });
        QVERIFY(!facts); // asynchronous: nothing before the event loop runs
        QTRY_VERIFY_WITH_TIMEOUT(facts.has_value(), 10000);
        QVERIFY(!facts->hostname.isEmpty());
        QCOMPARE(facts->resolved.size(), 2);
        QCOMPARE(facts->resolved.at(0).name, QStringLiteral("localhost"));
        QVERIFY(!facts->resolved.at(0).addresses.isEmpty());
        for (const auto &a : facts->resolved.at(0).addresses)
            QVERIFY2(a.loopback, qPrintable(a.address));
        QVERIFY(facts->resolved.at(1).addresses.isEmpty());
        QVERIFY(!facts->resolved.at(1).reason.isEmpty());
        QVERIFY(facts->identity);
        QVERIFY(!facts->identity->valid);
        QVERIFY(
            facts->identity->explanation.contains(QLatin1String("no-such-host.invalid does not resolve")));
        QVERIFY(facts->configuration.contains(QStringLiteral("/vsmserver/HA/nodes")));
        QCOMPARE(facts->configuration.value(QStringLiteral("/vsmserver/terminalservers")),
                 QStringLiteral("127.0.0.1"));
        QCOMPARE(facts->loopbackEntries, QStringList { QStringLiteral("127.0.0.1") });
        QVERIFY(facts->loopbackReason.contains(QLatin1String("VERY IMPORTANT")));
    }
};

QTEST_MAIN(TestAdminPieces)
#include "tst_adminpieces.moc"
