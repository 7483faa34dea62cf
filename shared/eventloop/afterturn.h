#pragma once

#include <functional>

class QObject;

namespace EventLoop {

// Runs fn in the calling thread once its event loop's current pass is over: just before the loop
// next waits for events, or as its next pass begins, whichever comes first; not when context is
// gone by then. For what a pass gathers and then does once: a group commit of the writes its
// handlers made, a flush of what they wrote to a socket.
//
// Unlike a queued call it posts no event, and so costs no wake-up of the loop: a post makes Qt's
// dispatchers write their wake-up eventfd and read it back on the next pass, even when the thread
// posts to itself (docs/benchmarks-history.md counts them). The pass that is running calls fn anyway.
//
// Callbacks run in the order given. One given while callbacks run just before the loop waits
// (one callback's work giving the next: a commit, then the flush of its answers) runs then too,
// without a wake-up, up to a number of such rounds; past it, the loop is woken and runs the rest
// after its next events. Must be called in context's thread; without an event dispatcher there
// yet, it is a queued call.
void afterTurn(QObject *context, std::function<void()> fn);

} // namespace EventLoop
