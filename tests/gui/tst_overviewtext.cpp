// The overview's HA lines from a node's status (what `tlctl ha status` reports), beside what the
// console itself read back: never "configuration identical" while the console found the nodes'
// terminalservers to differ; a problem for every HA fault; the node that holds the resource IP
// says so, and a notify hook that disagrees with the interfaces is a problem.
#include "gui/console/overviewpage.h"

#include <QCborArray>
#include <QTest>

using namespace Console;

Q_DECLARE_METATYPE(Protocol::AdminStatus)

class TestOverviewText : public QObject {
    Q_OBJECT

private:
    // A node's status as the node sends it; changes: HA fields as on the wire.
    static Protocol::AdminStatus status(bool known, bool identical, const QStringList &differs = {},
                                        bool linkUp = true, const QCborMap &changes = {})
    {
        QCborArray d;
        for (const QString &s : differs)
            d.append(s);
        QCborMap ha { { QStringLiteral("enabled"), true },
                      { QStringLiteral("active"), true },
                      { QStringLiteral("role"), QStringLiteral("MASTER") },
                      { QStringLiteral("resource_local"), true },
                      { QStringLiteral("link"), linkUp ? QStringLiteral("up") : QStringLiteral("down") },
                      { QStringLiteral("peer"), QStringLiteral("tlha-secondary") },
                      { QStringLiteral("replication"), QStringLiteral("sync") },
                      { QStringLiteral("lag_changes"), 0 },
                      { QStringLiteral("lag_ms"), 3 },
                      { QStringLiteral("config_known"), known },
                      { QStringLiteral("config_identical"), identical },
                      { QStringLiteral("config_differs"), d } };
        for (auto it = changes.constBegin(); it != changes.constEnd(); ++it)
            ha.insert(it.key(), it.value());
        QString error;
        const auto status = Protocol::AdminStatus::fromCbor(
            QCborMap { { QStringLiteral("node"), QStringLiteral("tlha-primary") },
                       { QStringLiteral("ha_enabled"), true },
                       { QStringLiteral("ha"), ha } },
            &error);
        if (!status)
            qFatal("%s", qPrintable(error));
        return *status;
    }

private slots:
    void haLines_data()
    {
        QTest::addColumn<Protocol::AdminStatus>("status");
        QTest::addColumn<bool>("consoleDiffers");
        QTest::addColumn<QString>("contains");
        QTest::addColumn<QString>("lacks");
        QTest::addColumn<int>("problems");
        QTest::newRow("identical") << status(true, true) << false
                                   << QStringLiteral("configuration identical on both nodes")
                                   << QStringLiteral("differs") << 0;
        QTest::newRow("HA says identical, console read DIFFER")
            << status(true, true) << true
            << QStringLiteral("configuration differs: terminalservers (read back by the console)")
            << QStringLiteral("identical") << 0;
        QTest::newRow("HA not compared yet, console read DIFFER")
            << status(false, false) << true << QStringLiteral("configuration differs: terminalservers")
            << QStringLiteral("identical") << 0;
        QTest::newRow("HA says differs")
            << status(true, false, { QStringLiteral("/vsmserver/HA/replication") }) << false
            << QStringLiteral("configuration differs: /vsmserver/HA/replication")
            << QStringLiteral("identical") << 1;
        QTest::newRow("link down") << status(true, true, {}, false) << false
                                   << QStringLiteral("replication link down") << QString() << 1;
        QTest::newRow("not known yet")
            << status(false, false) << false << QStringLiteral("configuration of the peer not known yet")
            << QStringLiteral("identical") << 0;
    }

    // The resource IP: the node that holds it says so, beside its notify hook's role.
    void resource_data()
    {
        QTest::addColumn<QCborMap>("changes");
        QTest::addColumn<QString>("contains");
        QTest::addColumn<QString>("problem");
        const auto at = [](const QString &role, bool local, const QString &address = {}) {
            return QCborMap { { QStringLiteral("role"), role },
                              { QStringLiteral("resource_address"), QStringLiteral("tlha") },
                              { QStringLiteral("resource_local"), local },
                              { QStringLiteral("resource_local_address"), address } };
        };
        QTest::newRow("holds, MASTER")
            << at(QStringLiteral("MASTER"), true, QStringLiteral("10.0.0.4"))
            << QStringLiteral("holds tlha 10.0.0.4, role MASTER (notify hook)") << QString();
        QTest::newRow("holds, older server without the address")
            << at(QStringLiteral("MASTER"), true) << QStringLiteral("holds tlha, role MASTER") << QString();
        QTest::newRow("holds, BACKUP") << at(QStringLiteral("BACKUP"), true, QStringLiteral("10.0.0.4"))
                                       << QStringLiteral("holds tlha 10.0.0.4, role BACKUP")
                                       << QStringLiteral("did not say MASTER (it said: BACKUP)");
        QTest::newRow("holds, no notify yet")
            << at(QString(), true, QStringLiteral("10.0.0.4")) << QStringLiteral("role nothing yet")
            << QStringLiteral("did not say MASTER");
        QTest::newRow("does not hold, BACKUP")
            << at(QStringLiteral("BACKUP"), false) << QStringLiteral("does not hold tlha, role BACKUP")
            << QString();
        QTest::newRow("does not hold, MASTER")
            << at(QStringLiteral("MASTER"), false) << QStringLiteral("does not hold tlha, role MASTER")
            << QStringLiteral("said MASTER but tlha is not on any of its interfaces");
        QTest::newRow("no resource_address")
            << QCborMap { { QStringLiteral("resource_address"), QString() } }
            << QStringLiteral("role MASTER (notify hook); no HA/resource_address") << QString();
    }

    void resource()
    {
        QFETCH(QCborMap, changes);
        QFETCH(QString, contains);
        QFETCH(QString, problem);
        QStringList problems;
        const QString text = OverviewPage::haSummary(QStringLiteral("tlha-primary"),
                                                     status(true, true, {}, true, changes), false, &problems);
        QVERIFY2(text.contains(contains), qPrintable(text));
        if (problem.isEmpty()) {
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('|'))));
        } else {
            QCOMPARE(problems.size(), 1);
            QVERIFY2(problems.first().contains(problem), qPrintable(problems.first()));
        }
    }

    void haLines()
    {
        QFETCH(Protocol::AdminStatus, status);
        QFETCH(bool, consoleDiffers);
        QFETCH(QString, contains);
        QFETCH(QString, lacks);
        QFETCH(int, problems);
        QStringList found;
        const QString text
            = OverviewPage::haSummary(QStringLiteral("tlha-primary"), status, consoleDiffers, &found);
        QVERIFY2(text.contains(contains), qPrintable(text));
        if (!lacks.isEmpty())
            QVERIFY2(!text.contains(lacks), qPrintable(text));
        QCOMPARE(found.size(), problems);
    }
};

QTEST_MAIN(TestOverviewText)
#include "tst_overviewtext.moc"
