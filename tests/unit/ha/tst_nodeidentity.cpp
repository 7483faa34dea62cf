#include "backend/server/ha/nodeidentity.h"

#include <QHash>
#include <QTest>

using Ha::NodeIdentity;

// A fixed DNS: tlha-primary(.example.com) is 10.0.0.2, the secondary 10.0.0.3, the resource
// name tlha 10.0.0.4; "nowhere" does not resolve; "loop" resolves to loopback.
static QList<QHostAddress> fakeDns(const QString &name)
{
    static const QHash<QString, QStringList> table = {
        { QStringLiteral("tlha-primary"), { QStringLiteral("10.0.0.2") } },
        { QStringLiteral("tlha-primary.example.com"), { QStringLiteral("10.0.0.2") } },
        { QStringLiteral("tlha-secondary"), { QStringLiteral("10.0.0.3") } },
        { QStringLiteral("tlha-secondary.example.com"), { QStringLiteral("10.0.0.3") } },
        { QStringLiteral("tlha"), { QStringLiteral("10.0.0.4") } },
        { QStringLiteral("mapped"), { QStringLiteral("::ffff:10.0.0.3") } },
        { QStringLiteral("loop"), { QStringLiteral("127.0.1.1") } },
    };
    QList<QHostAddress> out;
    for (const QString &a : table.value(name))
        out << QHostAddress(a);
    return out;
}

static QList<QHostAddress> addresses(const QString &spaceSeparated)
{
    QList<QHostAddress> out;
    for (const QString &a : spaceSeparated.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        out << QHostAddress(a);
    return out;
}

class TestNodeIdentity : public QObject {
    Q_OBJECT

private slots:
    void determine_data();
    void determine();
    void failureExplainsEveryName();
};

void TestNodeIdentity::determine_data()
{
    QTest::addColumn<QString>("nodes");
    QTest::addColumn<QString>("hostname");
    QTest::addColumn<QString>("local");
    QTest::addColumn<QString>("expectedLocal"); // empty: no HA
    QTest::addColumn<QString>("expectedPeer");
    QTest::addColumn<QString>("messagePart");

    const QString seedNodes = QStringLiteral("tlha-primary.example.com tlha-secondary.example.com");
    const auto row = [](const char *name, const QString &nodes, const char *hostname, const char *local,
                        const char *expectedLocal, const char *expectedPeer, const char *messagePart) {
        QTest::newRow(name) << nodes << QString::fromLatin1(hostname) << QString::fromLatin1(local)
                            << QString::fromLatin1(expectedLocal) << QString::fromLatin1(expectedPeer)
                            << QString::fromLatin1(messagePart);
    };
    row("seed: primary by address", seedNodes, "tlha-primary", "127.0.0.1 10.0.0.2",
        "tlha-primary.example.com", "tlha-secondary.example.com", "this node is tlha-primary.example.com");
    row("seed: secondary by address", seedNodes, "tlha-secondary", "127.0.0.1 10.0.0.3 10.0.0.4",
        "tlha-secondary.example.com", "tlha-primary.example.com", "the peer is tlha-primary.example.com");
    row("by uname -n only", QStringLiteral("tlha-primary tlha-secondary"), "tlha-primary",
        "127.0.0.1 192.168.9.9", "tlha-primary", "tlha-secondary", "this node is tlha-primary");
    row("uname -n must match exactly", seedNodes, "tlha-primary", "127.0.0.1 192.168.9.9", "", "",
        "no entry matches this machine");
    row("IPv4-mapped local address", QStringLiteral("tlha-primary mapped"), "other", "::ffff:10.0.0.3",
        "mapped", "tlha-primary", "peer is tlha-primary");
    row("none match", seedNodes, "agent1", "127.0.0.1 10.0.0.9", "", "", "no entry matches this machine");
    row("both match", seedNodes, "tlha-primary", "10.0.0.2 10.0.0.3", "", "",
        "both entries match this machine");
    row("both by loopback", QStringLiteral("loop loop2"), "x", "127.0.1.1", "", "", "does not resolve");
    row("one entry", QStringLiteral("tlha-primary"), "tlha-primary", "10.0.0.2", "", "",
        "must name exactly two nodes, it names 1");
    row("three entries", QStringLiteral("tlha-primary tlha-secondary tlha"), "tlha-primary", "10.0.0.2", "",
        "", "it names 3");
    row("empty", QStringLiteral(""), "tlha-primary", "10.0.0.2", "", "", "it names 0 (empty)");
    row("peer does not resolve", QStringLiteral("tlha-primary nowhere"), "tlha-primary", "10.0.0.2", "", "",
        "nowhere does not resolve");
    row("local does not resolve, even if uname matches", QStringLiteral("nowhere tlha-secondary"), "nowhere",
        "10.0.0.2", "", "", "nowhere does not resolve");
}

void TestNodeIdentity::determine()
{
    QFETCH(QString, nodes);
    QFETCH(QString, hostname);
    QFETCH(QString, local);
    QFETCH(QString, expectedLocal);
    QFETCH(QString, expectedPeer);
    QFETCH(QString, messagePart);

    const NodeIdentity id = NodeIdentity::determine(nodes.split(QLatin1Char(' '), Qt::SkipEmptyParts),
                                                    hostname, addresses(local), fakeDns);
    QCOMPARE(id.isValid(), !expectedLocal.isEmpty());
    if (id.isValid()) {
        QCOMPARE(id.local().name, expectedLocal);
        QCOMPARE(id.peer().name, expectedPeer);
        QVERIFY(!id.peer().addresses.isEmpty());
    } else {
        QVERIFY2(id.explanation().contains(QStringLiteral("Validate your hostname and DNS setup")),
                 qPrintable(id.explanation()));
        QVERIFY2(id.explanation().contains(QStringLiteral("Starting without HA")),
                 qPrintable(id.explanation()));
    }
    QVERIFY2(id.explanation().contains(messagePart), qPrintable(id.explanation()));
}

void TestNodeIdentity::failureExplainsEveryName()
{
    const NodeIdentity id
        = NodeIdentity::determine({ QStringLiteral("tlha-primary"), QStringLiteral("tlha-secondary") },
                                  QStringLiteral("agent1"), addresses(QStringLiteral("10.0.0.9")), fakeDns);
    QVERIFY(!id.isValid());
    const QString text = id.explanation();
    QVERIFY2(text.contains(QStringLiteral("tlha-primary resolved to 10.0.0.2 (not local)")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("tlha-secondary resolved to 10.0.0.3 (not local)")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("This host is 'agent1' with addresses 10.0.0.9")),
             qPrintable(text));
}

QTEST_GUILESS_MAIN(TestNodeIdentity)
#include "tst_nodeidentity.moc"
