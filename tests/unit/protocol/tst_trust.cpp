#include "shared/net/trust.h"
#include "shared/protocol/link.h"

#include <QHash>
#include <QSet>
#include <QTest>

using Net::Trust;

namespace {

QList<QHostAddress> addresses(const QStringList &texts)
{
    QList<QHostAddress> result;
    for (const QString &t : texts)
        result.append(QHostAddress(t));
    return result;
}

// A fake DNS: name -> addresses; anything else does not resolve. Counts lookups.
struct FakeDns {
    QHash<QString, QStringList> records;
    int lookups = 0;
    Trust::Resolver resolver()
    {
        return [this](const QString &name) {
            ++lookups;
            return addresses(records.value(name));
        };
    }
};

const QStringList ownAddresses { QStringLiteral("10.0.0.9"), QStringLiteral("fd00::9"),
                                 QStringLiteral("127.0.0.1") };

} // namespace

class TestTrust final : public QObject {
    Q_OBJECT

private slots:
    void allows_data();
    void allows();
    void describeSeedExample();
    void unresolvedNames();
    void refreshFollowsDns();
    void resolveNowAnswersNamesAndLiterals();
};

void TestTrust::allows_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<bool>("localhost");
    QTest::addColumn<bool>("own");
    QTest::addColumn<QString>("peer");
    QTest::addColumn<bool>("allowed");

    const QStringList seed { QStringLiteral("tlha-primary"), QStringLiteral("tlha-secondary"),
                             QStringLiteral("tlha") };
    QTest::newRow("primary by name") << seed << true << true << QStringLiteral("10.0.0.2") << true;
    QTest::newRow("secondary by name") << seed << true << true << QStringLiteral("10.0.0.3") << true;
    QTest::newRow("resource address") << seed << true << true << QStringLiteral("10.0.0.4") << true;
    QTest::newRow("stranger") << seed << true << true << QStringLiteral("10.0.0.66") << false;
    QTest::newRow("ipv4-mapped primary") << seed << true << true << QStringLiteral("::ffff:10.0.0.2") << true;
    QTest::newRow("ipv4-mapped stranger")
        << seed << true << true << QStringLiteral("::ffff:10.0.0.66") << false;
    QTest::newRow("ipv6 of a name") << seed << true << true << QStringLiteral("fd00::2") << true;
    QTest::newRow("ipv6 with scope") << seed << true << true << QStringLiteral("fd00::2%1") << true;
    QTest::newRow("localhost 127.0.0.1")
        << QStringList() << true << false << QStringLiteral("127.0.0.1") << true;
    QTest::newRow("localhost 127.1.2.3")
        << QStringList() << true << false << QStringLiteral("127.1.2.3") << true;
    QTest::newRow("localhost ::1") << QStringList() << true << false << QStringLiteral("::1") << true;
    QTest::newRow("localhost mapped")
        << QStringList() << true << false << QStringLiteral("::ffff:127.0.0.1") << true;
    QTest::newRow("localhost off") << QStringList() << false << false << QStringLiteral("127.0.0.1") << false;
    QTest::newRow("own address") << QStringList() << false << true << QStringLiteral("10.0.0.9") << true;
    QTest::newRow("own ipv6 address") << QStringList() << false << true << QStringLiteral("fd00::9") << true;
    QTest::newRow("own addresses off")
        << QStringList() << false << false << QStringLiteral("10.0.0.9") << false;
    QTest::newRow("literal address") << QStringList { QStringLiteral("192.168.1.5") } << false << false
                                     << QStringLiteral("192.168.1.5") << true;
    QTest::newRow("literal, other peer") << QStringList { QStringLiteral("192.168.1.5") } << false << false
                                         << QStringLiteral("192.168.1.6") << false;
    QTest::newRow("subnet inside") << QStringList { QStringLiteral("192.168.7.0/24") } << false << false
                                   << QStringLiteral("192.168.7.200") << true;
    QTest::newRow("subnet outside") << QStringList { QStringLiteral("192.168.7.0/24") } << false << false
                                    << QStringLiteral("192.168.8.1") << false;
    QTest::newRow("unresolved name allows nothing")
        << QStringList { QStringLiteral("ghost") } << false << false << QStringLiteral("0.0.0.0") << false;
    QTest::newRow("null peer") << seed << true << true << QString() << false;
}

void TestTrust::allows()
{
    QFETCH(QStringList, names);
    QFETCH(bool, localhost);
    QFETCH(bool, own);
    QFETCH(QString, peer);
    QFETCH(bool, allowed);

    FakeDns dns;
    dns.records.insert(QStringLiteral("tlha-primary"),
                       { QStringLiteral("10.0.0.2"), QStringLiteral("fd00::2") });
    dns.records.insert(QStringLiteral("tlha-secondary"), { QStringLiteral("::ffff:10.0.0.3") });
    dns.records.insert(QStringLiteral("tlha"), { QStringLiteral("10.0.0.4") });
    Trust trust(dns.resolver(), [] { return addresses(ownAddresses); });
    trust.setAllowLocalhost(localhost);
    trust.setAllowOwnAddresses(own);
    trust.addNames(names);
    QCOMPARE(trust.allows(QHostAddress(peer)), allowed);
    QString why;
    QCOMPARE(trust.check(QHostAddress(peer), &why), allowed);
    if (!allowed) {
        QVERIFY2(why.startsWith(Protocol::normalizedAddress(QHostAddress(peer)).toString()
                                + QStringLiteral(" is not allowed (allowed: ")),
                 qPrintable(why));
        trust.setRefusalHint(QStringLiteral("add it to /vsmagent/allowed_clients"));
        QVERIFY(!trust.check(QHostAddress(peer), &why));
        QVERIFY2(why.endsWith(QStringLiteral("); add it to /vsmagent/allowed_clients")), qPrintable(why));
    }
}

void TestTrust::describeSeedExample()
{
    FakeDns dns;
    dns.records.insert(QStringLiteral("tlha-primary"), { QStringLiteral("10.0.0.2") });
    dns.records.insert(QStringLiteral("tlha-secondary"), { QStringLiteral("10.0.0.3") });
    dns.records.insert(QStringLiteral("tlha"), { QStringLiteral("10.0.0.4") });
    Trust trust(dns.resolver(), [] { return addresses(ownAddresses); });
    trust.addNames({ QStringLiteral("tlha-primary"), QStringLiteral("tlha-secondary") });
    trust.addNames({ QStringLiteral("tlha") }, QStringLiteral("master_hostname"));
    QCOMPARE(trust.describe(),
             QStringLiteral(
                 "allowed: tlha-primary=10.0.0.2, tlha-secondary=10.0.0.3, tlha=10.0.0.4 (master_hostname), "
                 "localhost, own addresses"));
    QCOMPARE(dns.lookups, 3);
    QCOMPARE(
        trust.addresses(),
        addresses({ QStringLiteral("10.0.0.2"), QStringLiteral("10.0.0.3"), QStringLiteral("10.0.0.4") }));
    trust.setAllowOwnAddresses(false);
    trust.setAllowLocalhost(false);
    QVERIFY(trust.describe().endsWith(QStringLiteral("(master_hostname)")));
}

void TestTrust::unresolvedNames()
{
    FakeDns dns;
    dns.records.insert(QStringLiteral("known"), { QStringLiteral("10.1.1.1") });
    Trust trust(dns.resolver(), [] { return QList<QHostAddress>(); });
    trust.addNames({ QStringLiteral("known"), QStringLiteral("ghost"), QStringLiteral(" "),
                     QStringLiteral("10.2.2.2"), QStringLiteral("10.3.0.0/16") });
    QCOMPARE(trust.unresolved(), QStringList { QStringLiteral("ghost") });
    QCOMPARE(dns.lookups, 2); // literals and subnets are not looked up
    QVERIFY2(trust.describe().contains(QStringLiteral("ghost=unresolved")), qPrintable(trust.describe()));
    QVERIFY2(
        trust.describe().contains(QStringLiteral("known=10.1.1.1, ghost=unresolved, 10.2.2.2, 10.3.0.0/16")),
        qPrintable(trust.describe()));
}

void TestTrust::refreshFollowsDns()
{
    FakeDns dns;
    dns.records.insert(QStringLiteral("agent-master"), { QStringLiteral("10.0.0.2") });
    QStringList own { QStringLiteral("10.0.0.9") };
    Trust trust(dns.resolver(), [&own] { return addresses(own); });
    trust.addNames({ QStringLiteral("agent-master"), QStringLiteral("later") });
    QVERIFY(trust.allows(QHostAddress(QStringLiteral("10.0.0.2"))));
    QVERIFY(!trust.allows(QHostAddress(QStringLiteral("10.0.0.5"))));
    QCOMPARE(trust.unresolved(), QStringList { QStringLiteral("later") });

    dns.records.insert(QStringLiteral("agent-master"), { QStringLiteral("10.0.0.3") });
    dns.records.insert(QStringLiteral("later"), { QStringLiteral("10.0.0.5") });
    own = QStringList { QStringLiteral("10.0.0.10") };
    // Nothing changes until refresh().
    QVERIFY(trust.allows(QHostAddress(QStringLiteral("10.0.0.2"))));
    trust.refresh();
    QVERIFY(!trust.allows(QHostAddress(QStringLiteral("10.0.0.2"))));
    QVERIFY(trust.allows(QHostAddress(QStringLiteral("10.0.0.3"))));
    QVERIFY(trust.allows(QHostAddress(QStringLiteral("10.0.0.5"))));
    QVERIFY(trust.unresolved().isEmpty());
    QVERIFY(!trust.allows(QHostAddress(QStringLiteral("10.0.0.9"))));
    QVERIFY(trust.allows(QHostAddress(QStringLiteral("10.0.0.10"))));
}

void TestTrust::resolveNowAnswersNamesAndLiterals()
{
    // The system resolver's answers: /etc/hosts names, literals as they are, each address once,
    // and nothing for a name that cannot be one. (That it needs no QCoreApplication, which this
    // test has, tst_haintegration::identityAndStatus shows: no Qt warning in a server's log.)
    const QList<QHostAddress> localhost = Net::Trust::resolveNow(QStringLiteral("localhost"));
    QVERIFY(!localhost.isEmpty());
    for (const QHostAddress &a : localhost)
        QVERIFY2(a.isLoopback(), qPrintable(a.toString()));
    QCOMPARE(QSet<QHostAddress>(localhost.cbegin(), localhost.cend()).size(), localhost.size());
    QCOMPARE(Net::Trust::resolveNow(QStringLiteral("10.0.0.4")),
             QList<QHostAddress> { QHostAddress(QStringLiteral("10.0.0.4")) });
    QCOMPARE(Net::Trust::resolveNow(QStringLiteral("::1")),
             QList<QHostAddress> { QHostAddress::LocalHostIPv6 });
    QVERIFY(Net::Trust::resolveNow(QStringLiteral("bad..name")).isEmpty());
}

QTEST_GUILESS_MAIN(TestTrust)
#include "tst_trust.moc"
