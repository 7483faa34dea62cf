#pragma once

#include "protocol/adminmessages.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// The setup wizard's checks (issue 13): pure functions from what both nodes reported
// (AdminNodeFacts, gathered on each node) to findings. tl-ha-setup prints them; the QWizard
// will show the same findings with the same wording. No Widgets, no I/O here.
namespace Setup {

struct Finding {
    enum class Level { Ok, Warn, Error };
    Level level = Level::Ok;
    QString id; // stable, for scripts: "names.loopback", "sshkeys.differ", ...
    QString text; // what was found, as shown to the admin
    QString fix; // the exact change proposed: parameter, file or command (empty when ok)
    QStringList details; // side by side: one line per node or parameter

    static QString levelName(Level level); // "ok", "warning", "error"
};

// What the admin asked for: the two nodes as reached over the admin API (--node), the resource
// name and the proposed /vsmserver/HA/nodes.
struct Plan {
    QString primary;
    QString secondary;
    QString resource;
    QStringList haNodes;

    // Every name to resolve on the nodes, each once: the nodes, the resource, the HA/nodes entries.
    QStringList names() const;
    Protocol::AdminNodeFactsQuery query() const;
};

// One node's answer, with the name the admin reached it by.
struct NodeFacts {
    QString node;
    Protocol::AdminNodeFacts facts;
};

namespace Checks {
// Step 1: each name resolved on both nodes, side by side: unresolved, loopback (with the
// /etc/hosts line), disagreement, missing reverse names, `uname -n` that is no HA/nodes entry.
// With admin (the names as the admin's own machine resolves them, forward only): a warning where
// it disagrees with the nodes.
QList<Finding> names(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary,
                     const NodeFacts *admin = nullptr);
// Step 2: the identity each node would take for the proposed HA/nodes (Ha::NodeIdentity, run on
// the node): both determined, and complementary.
QList<Finding> identity(const NodeFacts &primary, const NodeFacts &secondary);
// Step 3: sshd host key fingerprints per key type, from each node's own files.
QList<Finding> sshHostKeys(const NodeFacts &primary, const NodeFacts &secondary);
// Step 5: the parameters the HA configuration digest compares, side by side; loopback
// terminalservers refused with the seed's reason.
QList<Finding> configuration(const NodeFacts &primary, const NodeFacts &secondary);
} // namespace Checks

struct StepReport {
    int number = 0;
    QString title;
    QList<Finding> findings;
};

// Every step's findings, and how they read as text and as JSON.
struct Report {
    Plan plan;
    QList<StepReport> steps;
    QStringList notChecked; // the steps this version does not have yet, and why

    // Runs steps 1, 2, 3 and 5 on the facts (admin: see Checks::names).
    static Report check(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary,
                        const NodeFacts *admin = nullptr);
    // The title of a step this version checks (1, 2, 3, 5), as the report words it.
    static QString stepTitle(int number);
    // Where --report FILE saves: FILE without a .txt or .json ending; FILE.txt and FILE.json.
    static QString fileBase(QString file);
    int count(Finding::Level level) const;
    bool allFine() const { return count(Finding::Level::Error) == 0; }
    QString text() const;
    QJsonObject json() const;
    QByteArray jsonText() const; // json(), indented, as --json prints it
};

} // namespace Setup
