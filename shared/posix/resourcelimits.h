#pragma once

#include <QString>

namespace Posix {

// Raises the soft limit on open files to the hard limit, so that a flood of connections runs into
// the daemons' own connection caps long before it runs out of descriptors. Returns a line for
// the start-up log: "open files: 1024 -> 524288".
QString raiseOpenFileLimit();

} // namespace Posix
