// HaService's view of the resource address: a name in HA/resource_address is resolved in the
// background, so the health check and the status never wait on DNS, and the node that holds the
// address says so once the name is resolved. statusChanged() tells the admin API (which pushes
// the status to consoles) when the resource IP arrives, the role changes or a step-down begins
// and ends.
#include "backend/server/ha/haservice.h"
#include "shared/net/tlssetup.h"
#include "shared/protocol/ctlmessages.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestHaService final : public QObject {
    Q_OBJECT

private slots:
    void literalAddressIsKnownAtOnce()
    {
        Ha::HaService service(nullptr, nullptr, nullptr);
        Ha::HaSettings settings;
        settings.resourceAddress = QStringLiteral("127.0.0.1");
        QString error;
        QVERIFY(service.start(settings, {}, &error));
        QCOMPARE(service.localResourceAddress(), QHostAddress(QHostAddress::LocalHost));
        QVERIFY(service.resourceIsLocal());
    }

    void nameIsResolvedInTheBackground()
    {
        Ha::HaService service(nullptr, nullptr, nullptr);
        Ha::HaSettings settings;
        settings.resourceAddress = QStringLiteral("localhost");
        QString error;
        QVERIFY(service.start(settings, {}, &error));
        QTRY_VERIFY_WITH_TIMEOUT(service.resourceIsLocal(), 5000);
        QVERIFY(service.localResourceAddress().isLoopback());
    }

    void remoteAddressIsNotHere()
    {
        Ha::HaService service(nullptr, nullptr, nullptr);
        Ha::HaSettings settings;
        settings.resourceAddress = QStringLiteral("192.0.2.77"); // TEST-NET-1: on no interface here
        QString error;
        QVERIFY(service.start(settings, {}, &error));
        QVERIFY(!service.resourceIsLocal());
    }

    // What a restarted vsmserver takes from the notify hook's record.
    void recordedRoleIsReadUnlessStale()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("ha-engine.state"));
        const auto write = [&file](const QByteArray &text) {
            QFile f(file);
            return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
        };
        QString why;
        QVERIFY(!Ha::HaService::readRecordedRole(file, &why));
        QVERIFY2(why.startsWith(file), qPrintable(why));
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QVERIFY(write("MASTER VI_OPENVSM 150 " + QByteArray::number(now) + '\n'));
        auto recorded = Ha::HaService::readRecordedRole(file, &why);
        QVERIFY2(recorded, qPrintable(why));
        QCOMPARE(recorded->role, Protocol::HaRole::Master);
        QCOMPARE(recorded->written, now);
        QVERIFY(write("BACKUP VI_OPENVSM 100 " + QByteArray::number(now - 1) + '\n'));
        QCOMPARE(Ha::HaService::readRecordedRole(file, &why)->role, Protocol::HaRole::Backup);
        // Written before this machine booted (the epoch's first second is): not this keepalived's.
        QVERIFY(write("MASTER VI_OPENVSM 150 1\n"));
        QVERIFY(!Ha::HaService::readRecordedRole(file, &why));
        QVERIFY2(why.endsWith(QLatin1String("is from before this boot")), qPrintable(why));
        QVERIFY(write("LEADER x"));
        QVERIFY(!Ha::HaService::readRecordedRole(file, &why));
        QVERIFY2(why.contains(QLatin1String("STATE NAME PRIORITY EPOCH")), qPrintable(why));
    }

    void statusChangesAreSignalled()
    {
        Ha::HaService service(nullptr, nullptr, nullptr);
        Ha::HaSettings settings;
        settings.resourceAddress = QStringLiteral("127.0.0.1");
        QString error;
        QVERIFY(service.start(settings, {}, &error));
        QSignalSpy changed(&service, &Ha::HaService::statusChanged);
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 3000); // the resource IP is here
        QTest::qWait(1200);
        QCOMPARE(changed.size(), 1); // not again while nothing changes
        int answers = 0;
        const auto answered = [&answers](const QCborMap &, const QString &why) {
            QVERIFY2(why.isEmpty(), qPrintable(why));
            ++answers;
        };
        service.handleCtl(Protocol::MessageType::CtlHaRole,
                          Protocol::CtlHaRole { Protocol::HaRole::Master }.toCbor(), answered);
        QCOMPARE(answers, 1);
        QCOMPARE(changed.size(), 2);
        service.handleCtl(Protocol::MessageType::CtlHaStepDown,
                          Protocol::CtlStepDown { qint64(1), {} }.toCbor(), answered);
        QCOMPARE(answers, 2);
        QCOMPARE(changed.size(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 4, 3000); // and when it ends
        QCOMPARE(service.stepDownSecondsLeft(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHaService)
#include "tst_haservice.moc"
