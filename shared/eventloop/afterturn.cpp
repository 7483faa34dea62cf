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

    void add(QObject *context, std::function<void()> fn) { m_pending.push_back({ context, std::move(fn) }); }

private:
    // Rounds of callbacks given by callbacks that one run before a wait runs (a commit's
    // answers, then their flush) before it wakes the loop for the rest: one callback that keeps
    // giving another does not keep the loop from its events.
    static constexpr int MaxRoundsBeforeWait = 16;

    explicit TurnEnd(QAbstractEventDispatcher *dispatcher) : QObject(dispatcher), m_dispatcher(dispatcher)
    {
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, [this]() { run(true); });
        connect(dispatcher, &QAbstractEventDispatcher::awake, this, [this]() { run(false); });
    }

    // Before the loop waits, what the callbacks give runs too, in further rounds of this run: a
    // wake-up would cost the loop an eventfd write and read and a pass of its own (one per
    // request that commits and then answers). As a pass begins, one round: what that gives runs
    // when the pass is over.
    void run(bool beforeWait)
    {
        const int rounds = beforeWait ? MaxRoundsBeforeWait : 1;
        for (int round = 0; !m_pending.empty(); ++round) {
            if (round == rounds) {
                if (beforeWait)
                    m_dispatcher->wakeUp();
                return;
            }
            std::vector<Pending> batch;
            batch.swap(m_pending); // given from now on: the next round
            // A callback may run a nested event loop, whose passes run what is given meanwhile.
            for (Pending &p : batch) {
                if (p.context)
                    p.fn();
            }
        }
    }

    struct Pending {
        QPointer<QObject> context;
        std::function<void()> fn;
    };
    QAbstractEventDispatcher *m_dispatcher;
    std::vector<Pending> m_pending;
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
