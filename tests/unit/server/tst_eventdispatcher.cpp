// vsmserver's event loops: Posix::useQtEventDispatcher(), called before the application object
// as vsmserver's main() does, gives the main thread and every thread started later (the store's
// writer, the image reader) Qt's own dispatcher, not GLib's, and both still run posted events,
// timers and socket notifiers.
#include "shared/posix/eventdispatcher.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

class TestEventDispatcher : public QObject {
    Q_OBJECT

    static QByteArray dispatcherClass()
    {
        QAbstractEventDispatcher *d = QAbstractEventDispatcher::instance();
        return d ? QByteArray(d->metaObject()->className()) : QByteArray("(none)");
    }

private slots:
    void mainThreadRunsQtsDispatcher()
    {
        QCOMPARE(dispatcherClass(), QByteArray("QEventDispatcherUNIX"));
        bool posted = false;
        QMetaObject::invokeMethod(
            this, [&posted] { posted = true; }, Qt::QueuedConnection);
        bool timed = false;
        QTimer::singleShot(10, this, [&timed] { timed = true; });
        QTRY_VERIFY(posted && timed);
    }

    void laterThreadsRunQtsDispatcher()
    {
        QThread thread;
        QByteArray seen;
        bool timed = false;
        QObject context;
        context.moveToThread(&thread);
        thread.start();
        QMetaObject::invokeMethod(
            &context,
            [&] {
                seen = dispatcherClass();
                QTimer::singleShot(10, &context, [&] { timed = true; });
            },
            Qt::QueuedConnection);
        QTRY_VERIFY(timed);
        thread.quit();
        QVERIFY(thread.wait(5000));
        QCOMPARE(seen, QByteArray("QEventDispatcherUNIX"));
    }

    void socketsAreServed()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QLocalServer server;
        QVERIFY(server.listen(dir.filePath(QStringLiteral("s"))));
        QLocalSocket client;
        client.connectToServer(server.fullServerName());
        QTRY_VERIFY(server.hasPendingConnections());
        QLocalSocket *accepted = server.nextPendingConnection();
        client.write("ping");
        QTRY_COMPARE(accepted->bytesAvailable(), 4);
        QCOMPARE(accepted->readAll(), QByteArray("ping"));
    }
};

int main(int argc, char **argv)
{
    Posix::useQtEventDispatcher();
    QCoreApplication app(argc, argv);
    TestEventDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_eventdispatcher.moc"
