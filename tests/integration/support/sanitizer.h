#pragma once

#include <QtGlobal>

// Bounds of time and memory that tests assert, for the build they run in. The sanitizer build
// (tests/sanitize, -DOPENVSM_SANITIZE=ON, which defines OPENVSM_SANITIZE for every target) runs
// the same tests on instrumented programs: AddressSanitizer and UndefinedBehaviorSanitizer make
// them several times slower, and AddressSanitizer keeps freed memory in its quarantine (256 MiB
// by default) before reusing it, besides shadow memory and redzones, so a daemon's resident memory
// grows with everything it allocated, not with what it holds. There the bounds are scaled; in
// every other build they are exactly the ones written in the tests.
namespace TestSupport {

// Measured instrumented on the 2-core VM (2 December 2026, builds sharing the cores): tlctl's
// answer during tst_security_admin_flood's guessing flood took 2.0 and 4.0 s (the bound is 1 s);
// the agent's RSS in tst_security_limits::preAuthFramesAreSmall grew by 103 MiB (the bound is
// 32 MiB).
#ifdef OPENVSM_SANITIZE
inline constexpr bool Sanitized = true;
inline constexpr int SanitizerTimeFactor = 8;
inline constexpr int SanitizerMemoryFactor = 2; // shadow memory (1/8) and redzones
inline constexpr qint64 SanitizerRetainedKiB = 256 * 1024; // the quarantine
#else
inline constexpr bool Sanitized = false;
inline constexpr int SanitizerTimeFactor = 1;
inline constexpr int SanitizerMemoryFactor = 1;
inline constexpr qint64 SanitizerRetainedKiB = 0;
#endif

// A time bound in ms for this build.
constexpr qint64 scaledMs(qint64 ms)
{
    return ms * SanitizerTimeFactor;
}

// A bound on resident memory growth in KiB for this build.
constexpr qint64 scaledGrowthKiB(qint64 kib)
{
    return kib * SanitizerMemoryFactor + SanitizerRetainedKiB;
}

} // namespace TestSupport
