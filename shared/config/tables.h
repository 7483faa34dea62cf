#pragma once

#include "shared/config/table.h"

namespace Config {

// /vsm/...: ports and the cluster key, read by every program.
const Table &commonTable();
// /vsmagent/... plus the common table: what vsmagent reads.
const Table &agentTable();
// /vsmserver/... plus the common table: what vsmserver reads.
const Table &serverTable();
// The parameter at path in any of the tables above, or nullptr.
const Parameter *findKnownParameter(const QString &path);

} // namespace Config
