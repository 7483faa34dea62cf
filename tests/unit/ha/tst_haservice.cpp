// HaService's view of the resource address: a name in HA/resource_address is resolved in the
// background, so the health check and the status never wait on DNS, and the node that holds the
// address says so once the name is resolved.
#include "ha/haservice.h"
#include "protocol/tlssetup.h"

#include <QElapsedTimer>
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
};

QTEST_GUILESS_MAIN(TestHaService)
#include "tst_haservice.moc"
