#pragma once

#include "backend/setup/checks.h"

#include <QObject>

#include <functional>

// Step 1's third column: the names as the admin's own machine resolves them (tl-console,
// tlclient and ssh reach the nodes by them from here), and step 3's host keys as ssh-keyscan
// sees them from here. Forward lookups only, asynchronous;
// a lookup that has not answered within LocalResolveTimeoutMs is reported as such.
// tl-ha-setup and the setup wizard's window both use it.
namespace Setup {

constexpr int LocalResolveTimeoutMs = 5000;

// Resolves the query's names on this machine and calls done once, with NodeFacts named "this
// machine" (node), one AdminNameFacts per name in the order given, and scanned: the sshd host keys
// ssh-keyscan gets for each name of query.scanned() (step 3; none when ssh-keyscan is not
// installed). Nothing is called if context dies first.
void resolveHere(const Protocol::AdminNodeFactsQuery &query, const QObject *context,
                 std::function<void(const NodeFacts &)> done);

} // namespace Setup
