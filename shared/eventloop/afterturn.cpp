#include "shared/eventloop/afterturn.h"

#include <QAbstractEventDispatcher>
#include <QPointer>
#include <QThread>

#include <utility>
#include <vector>

namespace EventLoop {

namespace {

// One per thread with an event dispatcher (its child: gone with it). Both of the dispatcher's
// signals run the callbacks, as each of Qt's two dispatchers emits one of them where the other
// does not: QEventDispatcherUNIX emits awake as a pass begins and aboutToBlock only before a
// poll() that may wait; QEventDispatcherGlib emits aboutToBlock as a waiting pass begins and
// awake after it.
class TurnEnd final : public QObject {
public:
    static TurnEnd *forThisThread()
    {
        thread_local QPointer<TurnEnd> instance;
        if (!instance) {
            QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
            if (!dispatcher)
                return nullptr;
            instance = new TurnEnd(dispatcher);
        }
        return instance;
    }

    void add(QObject *context, std::function<void()> fn)
    {
        m_pending.push_back({ context, std::move(fn) });
        if (m_runningBeforeWait && !m_woken) {
            // The loop is about to wait, and nothing else may wake it.
            m_woken = true;
            m_dispatcher->wakeUp();
        }
    }

private:
    explicit TurnEnd(QAbstractEventDispatcher *dispatcher) : QObject(dispatcher), m_dispatcher(dispatcher)
    {
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, [this]() { run(true); });
        connect(dispatcher, &QAbstractEventDispatcher::awake, this, [this]() { run(false); });
    }

    void run(bool beforeWait)
    {
        if (m_pending.empty())
            return;
        std::vector<Pending> batch;
        batch.swap(m_pending); // given from now on: the next run
        // A callback may run a nested event loop, whose passes run what is given meanwhile.
        const bool outer = std::exchange(m_runningBeforeWait, beforeWait);
        m_woken = false;
        for (Pending &p : batch) {
            if (p.context)
                p.fn();
        }
        m_runningBeforeWait = outer;
    }

    struct Pending {
        QPointer<QObject> context;
        std::function<void()> fn;
    };
    QAbstractEventDispatcher *m_dispatcher;
    std::vector<Pending> m_pending;
    bool m_runningBeforeWait = false;
    bool m_woken = false;
};

} // namespace

void afterTurn(QObject *context, std::function<void()> fn)
{
    Q_ASSERT(context && context->thread() == QThread::currentThread());
    if (TurnEnd *turnEnd = TurnEnd::forThisThread())
        turnEnd->add(context, std::move(fn));
    else
        QMetaObject::invokeMethod(context, std::move(fn), Qt::QueuedConnection);
}

} // namespace EventLoop
