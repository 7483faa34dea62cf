#pragma once

#include <QDebug>
#include <QTest>

// Checks about daemons whose failure prints their logs whole, as a warning, before failing. Qt
// Test cuts a failure's message after about 1,000 characters, and builds a QVERIFY2 description
// even when the check passes, so logs given as the description showed little of themselves and
// were read for every passing check. logs: a QString expression (a daemon's log(), a test's
// logs()), evaluated only on failure.
#define VERIFY_LOGGED(statement, logs)                                                                       \
    do {                                                                                                     \
        if (!(statement)) {                                                                                  \
            qWarning().noquote() << (logs);                                                                  \
            QFAIL("'" #statement "' failed (the logs are in the warning above)");                            \
        }                                                                                                    \
    } while (false)

// The same, waiting up to ms for the statement to hold (as QTRY_VERIFY_WITH_TIMEOUT).
#define TRY_VERIFY_LOGGED(statement, logs, ms)                                                               \
    do {                                                                                                     \
        (void)QTest::qWaitFor([&] { return bool(statement); }, ms);                                          \
        if (!(statement)) {                                                                                  \
            qWarning().noquote() << (logs);                                                                  \
            QFAIL("'" #statement "' did not hold within " #ms " ms (the logs are in the warning "            \
                  "above)");                                                                                 \
        }                                                                                                    \
    } while (false)
