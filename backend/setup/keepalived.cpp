#include "backend/setup/keepalived.h"

#include "backend/setup/apply.h"
#include "backend/setup/findings_p.h"

#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>

#include <vector>

namespace Setup {

namespace Keepalived {

QString example()
{
    QFile f(QStringLiteral(":/setup/keepalived.conf.example"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

QString generate(const QString &example, const Params &params)
{
    // "    state MASTER   # ADAPT…": the value replaced, the indentation and comment kept.
    const auto set = [](QString line, const QString &value) {
        static const QRegularExpression valueAfter(QStringLiteral("^(\\s*\\S+\\s+)(\\S+)"));
        return line.replace(valueAfter, QStringLiteral("\\1") + value);
    };
    static const QRegularExpression state(QStringLiteral("^\\s*state\\s+(MASTER|BACKUP)\\b"));
    static const QRegularExpression interface(QStringLiteral("^\\s*interface\\s+\\S+"));
    static const QRegularExpression priority(QStringLiteral("^\\s*priority\\s+\\d+"));
    static const QRegularExpression vip(QStringLiteral("^(\\s*)[0-9a-fA-F.:]+/\\d+\\s+dev\\s+\\S+"));
    // script "…" and notify "…": the quoted command replaced.
    static const QRegularExpression hook(QStringLiteral("^(\\s*(script|notify)\\s+)\"[^\"]*\""));
    QStringList out;
    for (QString line : example.split(QLatin1Char('\n'))) {
        if (state.match(line).hasMatch())
            line = set(line, params.state);
        else if (interface.match(line).hasMatch())
            line = set(line, params.interface);
        else if (priority.match(line).hasMatch())
            line = set(line, QString::number(params.priority));
        else if (const auto m = vip.match(line); m.hasMatch())
            line = m.captured(1) + QStringLiteral("%1 dev %2").arg(params.resource, params.interface)
                + line.mid(m.capturedEnd());
        else if (const auto h = hook.match(line); h.hasMatch()) {
            const QString command
                = h.captured(2) == QLatin1String("script") ? params.healthCommand : params.notifyCommand;
            if (!command.isEmpty())
                line = h.captured(1) + QLatin1Char('"') + command + QLatin1Char('"')
                    + line.mid(h.capturedEnd());
        }
        out.append(line);
    }
    return out.join(QLatin1Char('\n'));
}

QStringList diff(const QString &installed, const QString &generated)
{
    const QStringList a = installed.split(QLatin1Char('\n'));
    const QStringList b = generated.split(QLatin1Char('\n'));
    const auto n = a.size(), m = b.size();
    // Longest common subsequence, from the end: lcs[i][j] for a[i..] and b[j..].
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (auto i = n - 1; i >= 0; --i) {
        for (auto j = m - 1; j >= 0; --j)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
    QStringList out;
    qsizetype i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            ++i;
            ++j;
        } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
            out.append(QStringLiteral("+%1: %2").arg(j + 1).arg(b[j]));
            ++j;
        } else {
            out.append(QStringLiteral("-%1: %2").arg(i + 1).arg(a[i]));
            ++i;
        }
    }
    return out;
}

} // namespace Keepalived

namespace {

QString firstAddress(const NodeFacts &node, const QString &name)
{
    for (const Protocol::AdminNameFacts &n : node.facts.resolved) {
        if (n.name != name)
            continue;
        for (const Protocol::AdminResolvedAddress &a : n.addresses) {
            if (!a.loopback)
                return a.address;
        }
    }
    return {};
}

// The node's keepalived.conf as step 8 proposes it, or why it cannot be generated.
std::optional<Keepalived::Params> paramsFor(const Plan &plan, const NodeFacts &node, int index, QString *why)
{
    const auto &id = node.facts.identity;
    const QString self = id && id->valid ? id->local : plan.haNodes.value(index);
    const QString own = firstAddress(node, self);
    const QString resource = firstAddress(node, plan.resource);
    if (own.isEmpty() || resource.isEmpty()) {
        *why = QStringLiteral("%1 or %2 has no network address on %3 (step 1)")
                   .arg(self, plan.resource, node.node);
        return std::nullopt;
    }
    for (const Protocol::AdminInterface &i : node.facts.interfaces) {
        for (const QString &cidr : i.addresses) {
            const auto subnet = QHostAddress::parseSubnet(cidr);
            if (cidr.section(QLatin1Char('/'), 0, 0) != own)
                continue;
            if (!QHostAddress(resource).isInSubnet(subnet)) {
                *why = QStringLiteral("the resource address %1 is not in %2's network %3 (%4)")
                           .arg(resource, node.node, cidr, i.name);
                return std::nullopt;
            }
            return Keepalived::Params { index == 0 ? QStringLiteral("MASTER") : QStringLiteral("BACKUP"),
                                        i.name,
                                        index == 0 ? 150 : 100,
                                        QStringLiteral("%1/%2").arg(resource).arg(subnet.second),
                                        node.facts.healthCommand,
                                        node.facts.notifyCommand };
        }
    }
    *why = QStringLiteral("no interface of %1 holds its address %2").arg(node.node, own);
    return std::nullopt;
}

// Step 8's finding for a node whose keepalived.conf is missing or differs (changes: the diff).
// Once HA runs on both nodes, its action installs the generated file there; on the primary it
// then waits until keepalived has given it the resource IP.
Finding installFinding(const NodeFacts &n, int index, const QString &generated, const QString &what,
                       QStringList changes, bool haRuns)
{
    const bool missing = !n.facts.keepalivedConf;
    const QString install
        = QStringLiteral(
              "on %1: install the generated file as %2 (root, mode 0600; the old one kept beside it), "
              "then reload keepalived (systemctl reload keepalived, or start it)")
              .arg(n.node, n.facts.keepalivedFile);
    if (missing) {
        changes = { QStringLiteral("generated from the shipped example for %1").arg(what) };
    } else {
        const qsizetype shown = 40;
        if (changes.size() > shown) {
            const auto more = changes.size() - shown;
            changes = changes.mid(0, shown);
            changes.append(QStringLiteral("… %1 more changed line(s)").arg(more));
        }
        changes.prepend(QStringLiteral("generated for %1; diff from the installed file:").arg(what));
    }
    Finding f = Make::warn(
        missing ? QStringLiteral("keepalived.missing") : QStringLiteral("keepalived.differs"),
        missing
            ? QStringLiteral("%1 has no %2").arg(n.node, n.facts.keepalivedFile)
            : QStringLiteral("%1's %2 differs from the one generated").arg(n.node, n.facts.keepalivedFile),
        haRuns ? install
               : install + QStringLiteral("; tl-ha-setup does this once HA runs on both nodes (step 7)"),
        changes);
    if (!haRuns)
        return f;
    Protocol::AdminKeepalivedConf body;
    body.text = generated;
    QList<Operation> ops { Make::call(
        index, Protocol::MessageType::AdminKeepalivedConfSet, body.toCbor(),
        QStringLiteral(
            "on %1: install the generated keepalived.conf as %2 once keepalived -t accepts it, keep "
            "the old one, reload keepalived (admin API: AdminKeepalivedConfSet)")
            .arg(n.node, n.facts.keepalivedFile)) };
    if (index == 0)
        ops.append(
            { Operation::Kind::WaitForResource,
              0,
              Protocol::MessageType::AdminStatus,
              {},
              QStringLiteral("wait until keepalived has given %1 the resource IP (its notify hook says "
                             "MASTER; %2 s)")
                  .arg(n.node)
                  .arg(Applier::ResourceTimeoutMs / 1000) });
    f.action = Action { QStringLiteral("keepalived.install:%1").arg(n.node),
                        QStringLiteral("install keepalived.conf on %1").arg(n.node), ops };
    return f;
}

} // namespace

std::optional<QString> Keepalived::generatedFor(const Plan &plan, const NodeFacts &node, int index,
                                                QString *why)
{
    QString reason;
    const auto params = paramsFor(plan, node, index, &reason);
    if (why)
        *why = reason;
    if (!params)
        return std::nullopt;
    return generate(example(), *params);
}

namespace Checks {

QList<Finding> keepalived(const Plan &plan, const NodeFacts &primary, const NodeFacts &secondary, bool haRuns)
{
    QList<Finding> out;
    const NodeFacts *nodes[2] = { &primary, &secondary };
    const QString example = Keepalived::example();
    for (int i = 0; i < 2; ++i) {
        const NodeFacts &n = *nodes[i];
        QString why;
        const auto params = paramsFor(plan, n, i, &why);
        if (!params) {
            out.append(
                Make::warn(QStringLiteral("keepalived.unknown"),
                           QStringLiteral("no keepalived.conf can be generated for %1: %2").arg(n.node, why),
                           QStringLiteral("fix step 1, or adapt packaging/keepalived/keepalived.conf.example "
                                          "by hand")));
            continue;
        }
        const QString generated = Keepalived::generate(example, *params);
        const QString what
            = QStringLiteral("%1: state %2, interface %3, priority %4, virtual_ipaddress %5 dev %3")
                  .arg(n.node, params->state, params->interface)
                  .arg(params->priority)
                  .arg(params->resource);
        QStringList changes;
        if (n.facts.keepalivedConf) {
            changes = Keepalived::diff(*n.facts.keepalivedConf, generated);
            if (changes.isEmpty()) {
                out.append(Make::ok(
                    QStringLiteral("keepalived.same"),
                    QStringLiteral("%1's %2 is the one generated").arg(n.node, n.facts.keepalivedFile),
                    { what }));
                continue;
            }
        }
        out.append(installFinding(n, i, generated, what, changes, haRuns));
    }
    return out;
}

} // namespace Checks

} // namespace Setup
