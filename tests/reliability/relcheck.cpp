// rel_check: the checker of the fault-injection harness.
//
//   rel_check snapshot DB OUT
//       Copies the sessions table of a node's store (sessions.db, read-only; only while its
//       vsmserver is stopped: a running one keeps every other process out of its store) to OUT
//       as tab-separated lines:
//       id user agent display pid counter origin updated deleted
//   rel_check snapshot-json JSON OUT
//       The same lines from a running node's answer to `tlctl session list --terminated --json`
//       (JSON a file, - for stdin): every record of its store, tombstones included.
//   rel_check check --scenario NAME --history H --a A --b B --xvnc X
//                   [--pre-a PA --pre-b PB --heal-ms HEAL]
//       A, B: both nodes' snapshots after healing. X: the Xvnc processes running on the agents,
//       "agent display pid" per line. PA, PB: both nodes' snapshots just before a partition was
//       healed, HEAL the time it was healed (ms since the epoch, --heal-ms). Prints one line
//         NAME ops N acked N lost N duplicated N divergent N resurrected N mismatched N
//       and the reason of every finding on stderr; exits 1 on any finding.
//
// What is checked (the rules of backend/server/ha/README.md):
// - lost: a create the client got a success answer for (new, or get answering "new") whose
//   session is not live on both nodes, though no terminate of it was ever sent;
// - resurrected: a session live on a node after an acknowledged terminate of it (not for a
//   partition, where a later change on the other side wins by the merge rules; that is
//   checked by the merge below);
// - duplicated: two live records for the same agent and display on a node;
// - divergent (0 or 1): the two nodes' live records differ (a tombstone on one side and no row
//   on the other is fine: tombstones are collected), or, after a partition, a record is not the
//   one the merge rules pick from the two sides: the newer version wins (more changes, then
//   at the same number the delete, then the later write); a later version is fine only when it was
//   written after the healing (a state change, the reconciler), and a session the merge
//   deleted never comes back;
// - mismatched: a live record without its Xvnc on its agent (same display, same pid), or an
//   Xvnc on an agent without a live record (the agents are the ground truth; run this after
//   reconcile_grace).

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTextStream>
#include <QUuid>

#include <cstdio>
#include <optional>

namespace {

struct Record {
    QString id, user, agent, origin;
    int display = 0;
    qint64 pid = 0, counter = 0, updated = 0;
    bool deleted = false;
};

using Store = QHash<QString, Record>;

QStringList readLines(const QString &path, bool *ok)
{
    QFile f(path);
    *ok = f.open(QIODevice::ReadOnly | QIODevice::Text);
    QStringList lines;
    if (!*ok) {
        std::fprintf(stderr, "rel_check: cannot read %s\n", qPrintable(path));
        return lines;
    }
    const QStringList all = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    for (const QString &l : all) {
        if (!l.isEmpty())
            lines << l;
    }
    return lines;
}

std::optional<Store> readStore(const QString &path)
{
    bool ok = false;
    const QStringList lines = readLines(path, &ok);
    if (!ok)
        return std::nullopt;
    Store s;
    for (const QString &l : lines) {
        const QStringList c = l.split(QLatin1Char('\t'));
        if (c.size() < 9)
            continue;
        Record r;
        r.id = c[0];
        r.user = c[1];
        r.agent = c[2];
        r.display = c[3].toInt();
        r.pid = c[4].toLongLong();
        r.counter = c[5].toLongLong();
        r.origin = c[6];
        r.updated = c[7].toLongLong();
        r.deleted = c[8] == QLatin1String("1");
        s.insert(r.id, r);
    }
    return s;
}

int snapshot(const QString &db, const QString &out)
{
    const QString name = QUuid::createUuid().toString();
    int rc = 0;
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        d.setDatabaseName(db);
        d.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        QFile f(out);
        if (!d.open() || !f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
            std::fprintf(stderr, "rel_check: cannot open %s or %s: %s\n", qPrintable(db), qPrintable(out),
                         qPrintable(d.lastError().text()));
            rc = 1;
        } else {
            QSqlQuery q(d);
            if (!q.exec(QStringLiteral("SELECT id, user, agent, display, pid, version, origin, updated, "
                                       "deleted FROM sessions"))) {
                std::fprintf(stderr, "rel_check: %s: %s\n", qPrintable(db), qPrintable(q.lastError().text()));
                rc = 1;
            }
            QTextStream ts(&f);
            while (rc == 0 && q.next()) {
                QStringList c;
                for (int i = 0; i < 9; ++i)
                    c << q.value(i).toString();
                ts << c.join(QLatin1Char('\t')) << '\n';
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return rc;
}

int snapshotJson(const QString &json, const QString &out)
{
    QFile in;
    const bool opened = json == QLatin1String("-") ? in.open(stdin, QIODevice::ReadOnly)
                                                   : (in.setFileName(json), in.open(QIODevice::ReadOnly));
    QJsonParseError parseError;
    const QJsonDocument doc = opened ? QJsonDocument::fromJson(in.readAll(), &parseError) : QJsonDocument();
    if (!opened || !doc.isArray()) {
        std::fprintf(stderr, "rel_check: %s is not a JSON array of sessions: %s\n", qPrintable(json),
                     qPrintable(opened ? parseError.errorString() : in.errorString()));
        return 1;
    }
    QFile f(out);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        std::fprintf(stderr, "rel_check: cannot write %s: %s\n", qPrintable(out),
                     qPrintable(f.errorString()));
        return 1;
    }
    QTextStream ts(&f);
    const QJsonArray sessions = doc.array();
    for (const QJsonValue &v : sessions) {
        const QJsonObject r = v.toObject();
        const auto text = [&r](const char *key) { return r.value(QLatin1String(key)).toString(); };
        const auto number
            = [&r](const char *key) { return QString::number(r.value(QLatin1String(key)).toInteger()); };
        const QStringList c { text("id"),
                              text("user"),
                              text("agent"),
                              number("display"),
                              number("pid"),
                              number("version"),
                              text("origin"),
                              number("updated"),
                              r.value(QLatin1String("deleted")).toBool() ? QStringLiteral("1")
                                                                         : QStringLiteral("0") };
        ts << c.join(QLatin1Char('\t')) << '\n';
    }
    return 0;
}

// The documented merge order: more changes first, then at the same number of changes the
// delete, then the later write (the store breaks a remaining tie by the origin id).
bool newer(const Record &a, const Record &b)
{
    if (a.counter != b.counter)
        return a.counter > b.counter;
    if (a.deleted != b.deleted)
        return a.deleted;
    if (a.updated != b.updated)
        return a.updated > b.updated;
    return a.origin > b.origin;
}

bool sameVersion(const Record &a, const Record &b)
{
    return a.counter == b.counter && a.origin == b.origin && a.updated == b.updated && a.deleted == b.deleted;
}

bool sameLive(const Record &a, const Record &b)
{
    return sameVersion(a, b) && a.user == b.user && a.agent == b.agent && a.display == b.display
        && a.pid == b.pid;
}

QString agentDisplay(const QString &agent, int display)
{
    return agent + QLatin1Char(':') + QString::number(display);
}

struct Op {
    QString user, op, arg, result, id;
    qint64 start = 0, end = 0;
    bool isNew = false;
};

std::optional<QList<Op>> readHistory(const QString &files)
{
    QList<Op> ops;
    for (const QString &h : files.split(QLatin1Char(','))) {
        bool ok = false;
        for (const QString &l : readLines(h, &ok)) {
            const QStringList c = l.split(QLatin1Char('\t'));
            if (c.size() < 12)
                continue;
            Op o;
            o.user = c[1];
            o.op = c[3];
            o.arg = c[4];
            o.start = c[5].toLongLong();
            o.end = c[6].toLongLong();
            o.result = c[7];
            o.id = c[8];
            o.isNew = c[11] == QLatin1String("1");
            ops << o;
        }
        if (!ok)
            return std::nullopt;
    }
    return ops;
}

// "agent display pid" lines: the OpenVSM Xvnc processes found on the agents, by agent:display.
std::optional<QHash<QString, QSet<QString>>> readXvnc(const QString &file)
{
    bool ok = false;
    QHash<QString, QSet<QString>> xvnc;
    for (const QString &l : readLines(file, &ok)) {
        const QStringList c = l.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (c.size() >= 3)
            xvnc[agentDisplay(c[0], c[1].toInt())].insert(c[2]);
    }
    return ok ? std::optional(xvnc) : std::nullopt;
}

bool live(const Store &s, const QString &id)
{
    const auto it = s.constFind(id);
    return it != s.constEnd() && !it->deleted;
}

QString liveness(const Store &s, const QString &id)
{
    if (!s.contains(id))
        return QStringLiteral("none");
    return live(s, id) ? QStringLiteral("live") : QStringLiteral("tombstone");
}

// The history and both final stores (and, after a partition, both stores before the healing)
// checked against the promises; each finding printed unless quiet.
class Checker {
public:
    Store a, b;
    std::optional<Store> preA, preB;
    qint64 healMs = 0;
    QList<Op> ops;
    QHash<QString, QSet<QString>> xvnc;
    bool quiet = false;

    int acked = 0, lost = 0, duplicated = 0, resurrected = 0, mismatched = 0;
    bool divergent = false;

    void run()
    {
        checkAcknowledged();
        checkDuplicates();
        checkIdentical();
        if (preA)
            checkMerge();
        checkAgents();
    }
    bool failed() const { return lost || duplicated || divergent || resurrected || mismatched; }

private:
    void say(const QString &what) const
    {
        if (!quiet)
            std::fprintf(stderr, "  %s\n", qPrintable(what));
    }
    QString nodeName(const Store *s) const { return s == &a ? QStringLiteral("A") : QStringLiteral("B"); }

    // Every acknowledged create is live on both nodes unless a terminate was sent for it; no
    // session is live after an acknowledged terminate (but after a partition: see checkMerge).
    void checkAcknowledged()
    {
        QSet<QString> created, terminateSent, terminateAcked;
        for (const Op &o : std::as_const(ops)) {
            const bool ok = o.result == QLatin1String("ok");
            acked += ok ? 1 : 0;
            if (o.op == QLatin1String("terminate")) {
                terminateSent.insert(o.arg);
                if (ok)
                    terminateAcked.insert(o.arg);
            } else if (ok && (o.op == QLatin1String("new") || (o.op == QLatin1String("get") && o.isNew))) {
                created.insert(o.id);
            }
        }
        for (const QString &id : std::as_const(created)) {
            if (terminateSent.contains(id) || (live(a, id) && live(b, id)))
                continue;
            ++lost;
            say(QStringLiteral("LOST: acknowledged create %1 is not live on %2")
                    .arg(id,
                         live(a, id)       ? QStringLiteral("B")
                             : live(b, id) ? QStringLiteral("A")
                                           : QStringLiteral("either node")));
        }
        if (preA)
            return;
        for (const QString &id : std::as_const(terminateAcked)) {
            if (live(a, id) || live(b, id)) {
                ++resurrected;
                say(QStringLiteral("RESURRECTED: %1 is live after an acknowledged terminate").arg(id));
            }
        }
    }

    // No two live sessions on one agent display.
    void checkDuplicates()
    {
        for (const Store *s : { &a, &b }) {
            QHash<QString, QString> byPlace;
            for (const Record &r : *s) {
                if (r.deleted)
                    continue;
                const QString place = agentDisplay(r.agent, r.display);
                if (byPlace.contains(place)) {
                    ++duplicated;
                    say(QStringLiteral("DUPLICATE: %1 and %2 both on %3 (%4)")
                            .arg(byPlace.value(place), r.id, place, nodeName(s)));
                } else {
                    byPlace.insert(place, r.id);
                }
            }
        }
    }

    // The two stores: the same live records, no live record on one side that the other deleted.
    void checkIdentical()
    {
        QSet<QString> ids;
        for (const Store *s : { &a, &b }) {
            for (const Record &r : *s)
                ids.insert(r.id);
        }
        for (const QString &id : std::as_const(ids)) {
            const bool liveA = live(a, id), liveB = live(b, id);
            if (!liveA && !liveB)
                continue;
            if (liveA != liveB || !sameLive(a.value(id), b.value(id))) {
                divergent = true;
                say(QStringLiteral("DIVERGENT: %1 differs between the nodes (A: %2, B: %3)")
                        .arg(id, liveness(a, id), liveness(b, id)));
            }
        }
    }

    // After a partition: every record is the merge of the two sides by the documented rules.
    void checkMerge()
    {
        QSet<QString> pre;
        for (const Store *s : { &*preA, &*preB }) {
            for (const Record &r : *s)
                pre.insert(r.id);
        }
        for (const QString &id : std::as_const(pre)) {
            const bool inA = preA->contains(id), inB = preB->contains(id);
            Record w = inA ? preA->value(id) : preB->value(id);
            if (inA && inB && newer(preB->value(id), preA->value(id)))
                w = preB->value(id);
            for (const Store *s : { &a, &b }) {
                if (merged(*s, id, w))
                    continue;
                divergent = true;
                say(QStringLiteral("MERGE: %1 on %2 is not the merge of both sides (expected %3 v%4 by %5)")
                        .arg(id, nodeName(s),
                             w.deleted ? QStringLiteral("tombstone") : QStringLiteral("live"))
                        .arg(w.counter)
                        .arg(w.origin));
            }
        }
    }

    // Whether the final record id in s is the merge winner w, or a later version of it.
    bool merged(const Store &s, const QString &id, const Record &w) const
    {
        const auto it = s.constFind(id);
        if (it == s.constEnd())
            return w.deleted; // a tombstone may have been collected
        if (sameVersion(*it, w))
            return true;
        // A version written after the healing (state changes, the reconciler), never the
        // loser, never a deleted session back alive.
        return newer(*it, w) && it->updated >= healMs && !(w.deleted && !it->deleted);
    }

    // The agents are the ground truth: records and Xvnc processes match one to one.
    void checkAgents()
    {
        QSet<QString> recorded;
        for (const Record &r : std::as_const(a)) {
            if (r.deleted)
                continue;
            const QString place = agentDisplay(r.agent, r.display);
            recorded.insert(place);
            const auto it = xvnc.constFind(place);
            if (it == xvnc.constEnd() || (r.pid != 0 && !it->contains(QString::number(r.pid)))) {
                ++mismatched;
                say(QStringLiteral("NO XVNC: record %1 (%2, pid %3) has no such Xvnc on its agent")
                        .arg(r.id, place)
                        .arg(r.pid));
            }
        }
        for (auto it = xvnc.constBegin(); it != xvnc.constEnd(); ++it) {
            if (!recorded.contains(it.key())) {
                ++mismatched;
                say(QStringLiteral("ORPHAN: Xvnc %1 (pid %2) has no live record")
                        .arg(it.key(), QStringList(it->values()).join(QLatin1Char(','))));
            }
        }
    }
};

int check(QStringList args)
{
    Checker checker;
    checker.quiet = args.removeAll(QStringLiteral("--quiet")) > 0;
    QHash<QString, QString> opt;
    for (int i = 0; i + 1 < args.size(); i += 2)
        opt.insert(args[i], args[i + 1]);
    const QString scenario = opt.value(QStringLiteral("--scenario"), QStringLiteral("?"));
    const auto a = readStore(opt.value(QStringLiteral("--a")));
    const auto b = readStore(opt.value(QStringLiteral("--b")));
    const auto ops = readHistory(opt.value(QStringLiteral("--history")));
    const auto xvnc = readXvnc(opt.value(QStringLiteral("--xvnc")));
    if (!a || !b || !ops || !xvnc)
        return 2;
    checker.a = *a;
    checker.b = *b;
    checker.ops = *ops;
    checker.xvnc = *xvnc;
    checker.healMs = opt.value(QStringLiteral("--heal-ms")).toLongLong();
    if (opt.contains(QStringLiteral("--pre-a"))) {
        checker.preA = readStore(opt.value(QStringLiteral("--pre-a")));
        checker.preB = readStore(opt.value(QStringLiteral("--pre-b")));
        if (!checker.preA || !checker.preB)
            return 2;
    }
    checker.run();
    std::printf("%s ops %lld acked %d lost %d duplicated %d divergent %d resurrected %d mismatched %d\n",
                qPrintable(scenario), static_cast<long long>(checker.ops.size()), checker.acked, checker.lost,
                checker.duplicated, checker.divergent ? 1 : 0, checker.resurrected, checker.mismatched);
    return checker.failed() ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.size() == 3 && args[0] == QLatin1String("snapshot"))
        return snapshot(args[1], args[2]);
    if (args.size() == 3 && args[0] == QLatin1String("snapshot-json"))
        return snapshotJson(args[1], args[2]);
    if (!args.isEmpty() && args[0] == QLatin1String("check"))
        return check(args.mid(1));
    std::fputs("usage: rel_check snapshot DB OUT | snapshot-json JSON OUT | check --scenario NAME --history "
               "H[,H...] --a A --b B --xvnc X "
               "[--pre-a PA --pre-b PB --heal-ms MS] [--quiet]\n",
               stderr);
    return 2;
}
