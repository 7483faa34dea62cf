#pragma once

#include <QByteArray>
#include <QString>

#include <cstdio>
#include <cstdlib>

// FUZZ_CHECK(condition, what): a broken invariant is a finding. Prints what was expected and
// aborts, so that libFuzzer saves the input as a crash file.
#define FUZZ_CHECK(condition, what)                                                                          \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "invariant broken at %s:%d: %s\n", __FILE__, __LINE__, what);               \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace Fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
}

} // namespace Fuzz
