#pragma once

#include "backend/setup/checks.h"

#include <QString>
#include <QStringList>

#include <optional>

// Step 8 of the setup wizard: each node's keepalived.conf generated from the shipped example
// (packaging/keepalived/keepalived.conf.example, built into openvsm_setup) and compared with the
// one installed on the node; once HA runs on both, installed there (AdminKeepalivedConfSet:
// checked by keepalived -t, the old file kept, keepalived reloaded).
namespace Setup::Keepalived {

// What differs between the two nodes' files (the example's ADAPT lines).
struct Params {
    QString state; // MASTER on the primary, BACKUP on the secondary
    QString interface; // the interface holding the node's own address
    int priority = 0; // 150 on the primary, 100 on the secondary
    QString resource; // the resource IP with the node's prefix: 10.0.0.4/24
    QString healthCommand; // the vrrp_script's script; empty: the example's
    QString notifyCommand; // the instance's notify hook; empty: the example's
};

QString example(); // the shipped example, as built in
// The example with state, interface, priority, the virtual_ipaddress line and the hooks set from
// params.
QString generate(const QString &example, const Params &params);
// A line diff from installed to generated: "-N: text" (only installed, its line N) and
// "+N: text" (only generated, its line N), in order; empty when they are equal.
QStringList diff(const QString &installed, const QString &generated);
// The node's file as step 8 generates it (index 0 the primary, 1 the secondary), or none with why.
std::optional<QString> generatedFor(const Plan &plan, const NodeFacts &node, int index,
                                    QString *why = nullptr);

} // namespace Setup::Keepalived
