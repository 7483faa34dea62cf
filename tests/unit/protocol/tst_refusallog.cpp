#include "shared/net/refusallog.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

// A flood of refusals reaches the log as one line per address and kind of reason, then a sum.
class TestRefusalLog final : public QObject {
    Q_OBJECT

private slots:
    void floodIsSummarized()
    {
        QStringList lines;
        // A clock of the test's own: the window ends when the test says so, however slowly the
        // loop below runs (an instrumented build, a busy machine).
        qint64 nowMs = 1000;
        Net::RefusalLog log([&lines](const QString &line) { lines.append(line); }, 200,
                            [&nowMs]() { return nowMs; });
        for (int i = 0; i < 500; ++i)
            log.refused(Net::RefusalReason::ConnectionLimit, QStringLiteral("10.0.0.9"),
                        QStringLiteral("connection from 10.0.0.9:%1").arg(40000 + i),
                        QStringLiteral("%1 connections are in their handshake").arg(i));
        QCOMPARE(lines.size(), 1);
        QCOMPARE(
            lines.first(),
            QStringLiteral("refused connection from 10.0.0.9:40000: 0 connections are in their handshake"));

        // Another address, or another kind of reason from the same one, is news.
        log.refused(Net::RefusalReason::AddressNotAllowed, QStringLiteral("10.0.0.8"),
                    QStringLiteral("connection from 10.0.0.8:1"), QStringLiteral("x"));
        log.refused(Net::RefusalReason::HandshakeFailed, QStringLiteral("10.0.0.9"),
                    QStringLiteral("connection from 10.0.0.9:2"), QStringLiteral("wrong cluster key"));
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.at(2).endsWith(QStringLiteral("wrong cluster key")));

        // Nothing more until the window is over; then the sum, once.
        QVERIFY(log.flush());
        QCOMPARE(lines.size(), 3);
        nowMs += 199;
        QVERIFY(log.flush());
        QCOMPARE(lines.size(), 3);
        nowMs += 1;
        QVERIFY(!log.flush());
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines.last(),
                 QStringLiteral("refused 499 more connection(s) from 10.0.0.9 in the last 0 s; last "
                                "reason: 499 connections are in their handshake"));
        QVERIFY(!log.flush());
        QCOMPARE(lines.size(), 4);

        // Every refusal is counted by its reason, summarized or not.
        QCOMPARE(log.count(Net::RefusalReason::ConnectionLimit), quint64(500));
        QCOMPARE(log.count(Net::RefusalReason::AddressNotAllowed), quint64(1));
        QCOMPARE(log.count(Net::RefusalReason::HandshakeFailed), quint64(1));
        QCOMPARE(log.count(Net::RefusalReason::NotRoot), quint64(0));
    }

    void reasonNamesArePrometheusLabelValues()
    {
        QSet<QString> seen;
        for (int i = 0; i < Net::RefusalReasonCount; ++i) {
            const QString name = Net::refusalReasonName(static_cast<Net::RefusalReason>(i));
            QVERIFY2(QRegularExpression(QStringLiteral("^[a-z_]+$")).match(name).hasMatch(),
                     qPrintable(name));
            QVERIFY2(!seen.contains(name), qPrintable(name));
            seen.insert(name);
        }
    }
};

QTEST_GUILESS_MAIN(TestRefusalLog)
#include "tst_refusallog.moc"
