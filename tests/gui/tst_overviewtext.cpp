// The overview's HA lines from a node's status (what `tlctl ha status` reports), beside what the
// console itself read back: never "configuration identical" while the console found the nodes'
// terminalservers to differ; a problem for every HA fault.
#include "overviewpage.h"

#include <QCborArray>
#include <QTest>

class TestOverviewText : public QObject {
    Q_OBJECT

private:
    static QCborMap status(bool known, bool identical, const QStringList &differs = {}, bool linkUp = true)
    {
        QCborArray d;
        for (const QString &s : differs)
            d.append(s);
        const QCborMap ha { { QStringLiteral("enabled"), true },
                            { QStringLiteral("active"), true },
                            { QStringLiteral("role"), QStringLiteral("MASTER") },
                            { QStringLiteral("resource_local"), true },
                            { QStringLiteral("link"),
                              linkUp ? QStringLiteral("up") : QStringLiteral("down") },
                            { QStringLiteral("peer"), QStringLiteral("tlha-secondary") },
                            { QStringLiteral("replication"), QStringLiteral("sync") },
                            { QStringLiteral("lag_changes"), 0 },
                            { QStringLiteral("lag_ms"), 3 },
                            { QStringLiteral("config_known"), known },
                            { QStringLiteral("config_identical"), identical },
                            { QStringLiteral("config_differs"), d } };
        return QCborMap { { QStringLiteral("ha_enabled"), true }, { QStringLiteral("ha"), ha } };
    }

private slots:
    void haLines_data()
    {
        QTest::addColumn<QCborMap>("status");
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

    void haLines()
    {
        QFETCH(QCborMap, status);
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
