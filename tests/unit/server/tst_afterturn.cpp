// EventLoop::afterTurn() on both of Qt's dispatchers (GLib's, Qt's own that vsmserver runs): what
// a pass of the loop gives runs once the pass is over, needs no other event to run (the loop would
// otherwise sleep until its next timer), runs before the next pass's events, and not at all when
// its context is gone.
#include "shared/eventloop/afterturn.h"

#include <QAbstractEventDispatcher>
#include <QEventLoop>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <cstdlib>
#include <functional>
#include <memory>

class TestAfterTurn : public QObject {
    Q_OBJECT

    // Runs scenario in the event loop of a thread of its own, started with the dispatcher the row
    // names; the scenario quits the loop. Returns the dispatcher's class.
    static QByteArray runInThread(const std::function<void(QEventLoop *loop, QObject *context)> &scenario)
    {
        QFETCH(bool, qtDispatcher);
        if (qtDispatcher)
            ::setenv("QT_NO_GLIB", "1", 1);
        else
            ::unsetenv("QT_NO_GLIB");
        QByteArray dispatcher;
        std::unique_ptr<QThread> thread(QThread::create([&]() {
            dispatcher = QAbstractEventDispatcher::instance()->metaObject()->className();
            QEventLoop loop;
            QObject context;
            // Far enough that a callback that waits for another event shows.
            QTimer::singleShot(3000, &loop, [&loop]() { loop.exit(1); });
            scenario(&loop, &context);
            loop.exec();
        }));
        thread->start();
        const bool ended = thread->wait(10000);
        ::unsetenv("QT_NO_GLIB");
        if (!ended)
            qFatal("the scenario's thread did not end");
        return dispatcher;
    }

    static void dispatchers()
    {
        QTest::addColumn<bool>("qtDispatcher");
        QTest::addColumn<QByteArray>("className");
        QTest::newRow("glib") << false << QByteArray("QEventDispatcherGlib");
        QTest::newRow("qt") << true << QByteArray("QEventDispatcherUNIX");
    }

private slots:
    void runsWithoutAnotherEvent_data() { dispatchers(); }
    void runsWithoutAnotherEvent()
    {
        QFETCH(QByteArray, className);
        QByteArrayList order;
        const QByteArray dispatcher = runInThread([&](QEventLoop *loop, QObject *context) {
            // From a timer (as from a socket: after the loop's poll) and from a posted event
            // (before it), and from a callback run right before the loop would wait.
            QTimer::singleShot(1, context, [&order, context]() {
                order << QByteArray("timer");
                EventLoop::afterTurn(context, [&order]() { order << QByteArray("after timer"); });
                order << QByteArray("timer done");
            });
            QTimer::singleShot(50, context, [&order, loop, context]() {
                QMetaObject::invokeMethod(
                    context,
                    [&order, loop, context]() {
                        order << QByteArray("posted");
                        EventLoop::afterTurn(context, [&order, loop, context]() {
                            order << QByteArray("after posted");
                            EventLoop::afterTurn(context, [&order, loop]() {
                                order << QByteArray("given by a callback");
                                loop->quit();
                            });
                        });
                    },
                    Qt::QueuedConnection);
            });
        });
        QCOMPARE(dispatcher, className);
        QCOMPARE(order,
                 QByteArrayList({ "timer", "timer done", "after timer", "posted", "after posted",
                                  "given by a callback" }));
    }

    void runsBeforeTheNextPassesEvents_data() { dispatchers(); }
    void runsBeforeTheNextPassesEvents()
    {
        QByteArrayList order;
        runInThread([&](QEventLoop *loop, QObject *context) {
            QMetaObject::invokeMethod(
                context,
                [&order, loop, context]() {
                    EventLoop::afterTurn(context, [&order]() { order << QByteArray("first"); });
                    QMetaObject::invokeMethod(
                        context,
                        [&order, loop]() {
                            order << QByteArray("next pass");
                            loop->quit();
                        },
                        Qt::QueuedConnection);
                    EventLoop::afterTurn(context, [&order]() { order << QByteArray("second"); });
                },
                Qt::QueuedConnection);
        });
        QCOMPARE(order, QByteArrayList({ "first", "second", "next pass" }));
    }

    // A callback given by one that runs before the loop waits (a commit's answers, then their
    // flush) runs right after it, not after a wake-up of the loop and a pass of its own.
    void givenBeforeAWaitRunsWithoutAWakeUp_data() { dispatchers(); }
    void givenBeforeAWaitRunsWithoutAWakeUp()
    {
        int passesBetween = -1;
        runInThread([&](QEventLoop *loop, QObject *context) {
            auto passes = std::make_shared<int>(0);
            connect(QAbstractEventDispatcher::instance(), &QAbstractEventDispatcher::awake, context,
                    [passes]() { ++*passes; });
            QTimer::singleShot(1, context, [&passesBetween, passes, loop, context]() {
                EventLoop::afterTurn(context, [&passesBetween, passes, loop, context]() {
                    const int first = *passes;
                    EventLoop::afterTurn(context, [&passesBetween, passes, loop, context, first]() {
                        EventLoop::afterTurn(context, [&passesBetween, passes, loop, first]() {
                            passesBetween = *passes - first;
                            loop->quit();
                        });
                    });
                });
            });
        });
        QCOMPARE(passesBetween, 0);
    }

    // One that keeps giving itself again does not keep the loop from its events.
    void endlessCallbacksDoNotHoldTheLoop_data() { dispatchers(); }
    void endlessCallbacksDoNotHoldTheLoop()
    {
        int runs = 0;
        bool timerRan = false;
        std::function<void()> again;
        runInThread([&](QEventLoop *loop, QObject *context) {
            again = [&runs, &timerRan, &again, loop, context]() {
                ++runs;
                if (timerRan)
                    loop->quit();
                else
                    EventLoop::afterTurn(context, again);
            };
            QTimer::singleShot(20, context, [&timerRan]() { timerRan = true; });
            EventLoop::afterTurn(context, again);
        });
        QVERIFY(timerRan);
        QVERIFY(runs > 1);
    }

    void notWhenItsContextIsGone_data() { dispatchers(); }
    void notWhenItsContextIsGone()
    {
        bool ran = false;
        bool later = false;
        runInThread([&](QEventLoop *loop, QObject *context) {
            auto *gone = new QObject;
            EventLoop::afterTurn(gone, [&ran]() { ran = true; });
            EventLoop::afterTurn(context, [&later, loop]() {
                later = true;
                loop->quit();
            });
            delete gone;
        });
        QVERIFY(later);
        QVERIFY(!ran);
    }
};

QTEST_GUILESS_MAIN(TestAfterTurn)
#include "tst_afterturn.moc"
