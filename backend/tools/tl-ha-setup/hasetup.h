#pragma once

#include <QStringList>

// tl-ha-setup: the setup wizard's command-line front end (issue 13).
//
//   tl-ha-setup --node PRIMARY --node SECONDARY [--resource NAME] [--ha-nodes "A B"]
//               [--json] [--report FILE] [--dry-run] [--yes] [--accept-new-fingerprint]
//
// Logs in to both nodes' admin API as `tlctl --node` does (pinned certificates, password from
// OPENVSM_ADMIN_PASSWORD_FILE or the terminal), asks each for its AdminNodeFacts, runs the checks
// of backend/setup and prints each step's findings and a summary. It checks and
// reports, and applies the actions the findings propose (asked on a terminal, all with --yes,
// none with --dry-run), checking again after changes.
namespace HaSetup {

// Exit codes: 0 all fine, 1 something needs fixing (or a node could not be asked), 2 usage.
int run(const QStringList &arguments);

} // namespace HaSetup
