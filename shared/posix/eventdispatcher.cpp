#include "shared/posix/eventdispatcher.h"

#include <cstdlib>

namespace Posix {

void useQtEventDispatcher()
{
    ::setenv("QT_NO_GLIB", "1", 1);
}

} // namespace Posix
