#include "backend/agent/vncconnections.h"

#include <QTest>

class TestVncConnections : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<int>>("ports");
        const QString header = QStringLiteral("  sl  local_address rem_address   st tx_queue rx_queue tr "
                                              "tm->when retrnsmt   uid  timeout inode\n");
        QTest::newRow("listening only") << header
                + QStringLiteral("   0: 0100007F:170C 00000000:0000 0A 00000000:00000000 00:00000000 "
                                 "00000000  1000        0 1 1\n")
                                        << QList<int>();
        QTest::newRow("a viewer on port 5900") << header
                + QStringLiteral("   0: 0100007F:170C 00000000:0000 0A 00000000:00000000 00:00000000 "
                                 "00000000  1000        0 1 1\n"
                                 "   1: 0100007F:170C 0100007F:B5E2 01 00000000:00000000 00:00000000 "
                                 "00000000  1000        0 2 1\n"
                                 "   2: 0100007F:B5E2 0100007F:170C 01 00000000:00000000 00:00000000 "
                                 "00000000     0        0 3 1\n")
                                               << QList<int> { 5900, 46562 };
        QTest::newRow("time wait is not connected") << header
                + QStringLiteral("   0: 0100007F:170C 0100007F:B5E2 06 00000000:00000000 00:00000000 "
                                 "00000000  1000        0 2 1\n")
                                                    << QList<int>();
        QTest::newRow("ipv6") << QStringLiteral(
            "  sl  local_address                         remote_address                        st\n"
            "   0: 00000000000000000000000001000000:1770 00000000000000000000000001000000:C350 01 0\n")
                              << QList<int> { 6000 };
        QTest::newRow("garbage") << QStringLiteral("not a table\n: : :\n") << QList<int>();
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(QList<int>, ports);
        const QSet<int> expected(ports.cbegin(), ports.cend());
        QCOMPARE(Agent::VncConnections::establishedLocalPorts(text), expected);
    }
};

QTEST_GUILESS_MAIN(TestVncConnections)
#include "tst_vncconnections.moc"
