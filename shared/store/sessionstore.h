#pragma once

#include "shared/store/sessionrecord.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QSqlDatabase>
#include <QStringList>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

class QThread;
struct sqlite3;

// The VSM server's session database: SQLite through Qt Sql, in WAL mode with synchronous=FULL,
// so a session is on disk when a write returns and `kill -9` at any moment loses nothing that
// was acknowledged. While it is open no other process can open the file (SQLite's unix-excl VFS:
// a second vsmserver on the same state folder is refused with a clear error).
//
// Every local mutation assigns the record a new version and appends a Change with the next
// local offset to a bounded journal; the change is also returned and emitted (changed()), which
// is where replication picks it up. Records applied from the peer (apply(), applyAll()) keep
// their version and are not journalled (offset 0): they are the peer's, not this node's stream
// (emitted as applied()).
// Reads and writes run statements compiled once per connection on its own sqlite3 handle
// (statement()); Qt Sql opens the connections and runs the one-off statements.
// Connections are per thread (Qt Sql connections must not cross threads); writes are serialised
// by a mutex so versions and offsets are assigned atomically. Group commits may run on a writer
// thread of the store's own (writeGroupLater()).
namespace Store {

class Statement;

// Which records SessionStore::listPage() and count() take: each field that is set must match. The
// default matches every record, tombstones included.
struct SessionMatch {
    QString user; // empty: every user
    QString agent; // empty: every agent
    std::optional<int> display;
    bool liveOnly = false; // without the tombstones
};

class SessionStore final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionStore)

public:
    static constexpr int SchemaVersion = 1;
    static constexpr int DefaultJournalBacklog = 10000;

    explicit SessionStore(QObject *parent = nullptr);
    ~SessionStore() override;

    // Opens (creating or migrating) the database at path. The folder must exist.
    bool open(const QString &path, QString *error);
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }

    // This store's node id (the origin of the versions it writes; a random UUID made on first
    // open and kept) and its replication id (names this copy of the data set for partial resync).
    QString nodeId() const { return m_nodeId; }
    QString replicationId() const { return m_replicationId; }
    // Offset of the last change written (0 before the first).
    quint64 lastOffset() const;

    // How many changes the journal keeps for partial resync.
    void setJournalBacklog(int changes) { m_backlog = changes; }

    // Local writes. The store assigns the version (previous counter + 1, this node, now).
    // What a local write does when the store has a tombstone for the record's id.
    enum class OverTombstone {
        Refuse, // the session was terminated while the write was on its way: an error
        Restore, // written back on purpose (an agent refused to end the session)
    };
    // upsert inserts or replaces; the record's state, times etc. are taken as given. A record the
    // store has a tombstone of is refused ("session S has been terminated") unless restored on
    // purpose: a stale copy never brings a terminated session back.
    std::optional<Change> upsert(const SessionRecord &record, QString *error,
                                 OverTombstone overTombstone = OverTombstone::Refuse);
    // Writes a tombstone for id. Returns nullopt with an error when id is unknown or already gone.
    // ended: the agent confirmed that the session no longer runs, and the tombstone's pid becomes
    // 0. Otherwise (the agent could not be reached) the tombstone keeps the Xvnc's pid: the
    // session may still run there, its end is pending, and the tombstone is kept until
    // confirmEnded() (purgeTombstones with keepEndPending).
    std::optional<Change> remove(const QString &id, QString *error, bool ended = true);
    // A tombstone whose end was pending gets a new version with pid 0 (its agent has ended the
    // session now). Returns nullopt with an error when id is not such a tombstone.
    std::optional<Change> confirmEnded(const QString &id, QString *error);
    // One local write of a group (writeGroup()): each kind is one of the calls above.
    struct LocalWrite {
        enum class Kind {
            Upsert, // upsert(), OverTombstone::Refuse
            Restore, // upsert(), OverTombstone::Restore
            Remove, // remove(id, ended = true)
            RemoveEndPending, // remove(id, ended = false)
            ConfirmEnded, // confirmEnded(id)
            GaveUp, // a tombstone for a start the broker gave up: an id with no record yet, which an
                    // agent may run all the same (it is then ended there, never adopted)
            State, // only the record's state, written over the stored record as it is when the
                   // group is written: a change that came from the peer meanwhile keeps its other
                   // fields. Nothing to write (no change, no error) when the stored state is that
                   // already, or the session is gone or terminated.
        };
        Kind kind = Kind::Upsert;
        SessionRecord record; // the removals and ConfirmEnded use only its id
    };
    // What became of one write of a group: its change, or why the store refused it (a terminated
    // session, an unknown id), as the single call would say; a refusal does not affect the others.
    // Neither for a State write that had nothing to write.
    struct WriteResult {
        std::optional<Change> change;
        QString error;
    };
    // Group commit: the writes in one transaction and one fsync, in order (a later write sees the
    // earlier ones), one result each. nullopt with *error when the transaction failed (a full or
    // read-only disk): then nothing of the group is written and no offset is used. changed() is
    // emitted for each change only after the commit, in offset order.
    //
    // Durability::Deferred: committed without the fsync, which syncJournal() then makes (its
    // time counts as the commit's for writesQuicklyHere()). In between the changes are in the
    // page cache, where a crash of the process does not lose them and a stop of the machine
    // may: a caller that sends them to the peer before syncJournal() (so that the peer applies
    // them while this disk syncs) calls beginSendingAhead() first.
    enum class Durability { Synced, Deferred };
    std::optional<QList<WriteResult>> writeGroup(const QList<LocalWrite> &writes, QString *error,
                                                 Durability durability = Durability::Synced);
    // The fsync of the WAL after deferred commits: every commit before it is on the disk when it
    // returns true. False with *error naming the store when the disk refused it.
    bool syncJournal(QString *error);
    // Sending ahead: this process is about to hand changes to the peer before their commit
    // reaches the disk (above). Records this machine's boot in the store, synced, until the
    // store is destroyed (nothing is ahead of the disk between two calls of the caller). A later
    // open() that finds the record of another boot knows that the machine stopped (power, a
    // kernel crash) while the peer may have got changes that this disk never did, and that the
    // offsets after its last one may name different changes here and there: it gives the store
    // a new replication id and forgets its position in the peer's stream (InStreamKey), so that
    // both directions resync fully and the peer's copy of those changes comes back
    // (renewedAfterMachineStop()). A record of this same boot (the process crashed, the page
    // cache kept every commit) changes nothing. False with *error when the boot cannot be told
    // or the record cannot be written: then nothing may be sent ahead.
    bool beginSendingAhead(QString *error);
    bool renewedAfterMachineStop() const { return m_renewedAfterMachineStop; }
    // Where a replicator keeps this node's position in the peer's stream ("replication-id
    // offset"), in the same transaction as what it applies from there.
    inline static const QString InStreamKey = QStringLiteral("repl_in_stream");
    // writeGroup() on the store's writer thread, so that the caller's event loop goes on (and
    // gathers the next group) while this group's transaction reaches the disk. Groups are written
    // one after the other, in the order given. done runs later in the store's thread, with
    // writeGroup()'s results, or nullopt and the error; changed() for the group's changes is
    // emitted first (from the writer thread: queued to receivers elsewhere, so they see the
    // changes before done runs). It does not run when context is gone by then. Groups given to
    // the writer are written before the store is destroyed.
    using GroupDone
        = std::function<void(const std::optional<QList<WriteResult>> &results, const QString &error)>;
    void writeGroupLater(const QList<LocalWrite> &writes, QObject *context, GroupDone done);
    // Whether a group of `writes` local writes is better written right in the caller's thread
    // (writeGroup()) than handed to the writer thread and back (writeGroupLater()): at most
    // MaxWritesHere writes, nothing given to the writer thread still waiting or running, and each
    // of the last QuickCommitsNeeded commits of writeGroup() done within QuickCommitMs. The two
    // hand-offs wake a sleeping thread twice, which on a small VM costs about as much as a lone
    // commit on a quick disk; that commit holds the caller's loop no longer than a lookup burst
    // (as a Redis primary's loop holds for its own fsync). Under load the requests that come
    // during the commit could not be answered before it anyway, and a third busy thread on a
    // 2-CPU machine only takes the CPU from the loop and the clients (docs/benchmarks-history.md, "Groups
    // on the loop too"). Larger groups (an agent's list that changes hundreds of
    // sessions) still go to the writer. A slow commit (a throttled or stalling disk) sends the
    // next QuickCommitsNeeded ones to the writer thread, so a slow disk holds the loop at most
    // once until it has been quick again that many times.
    bool writesQuicklyHere(qsizetype writes) const;
    static constexpr int MaxWritesHere = 64;
    static constexpr int QuickCommitMs = 5;
    static constexpr int QuickCommitsNeeded = 16;
    // IdleCheckpointMs after a commit with none after it (however long the commits before it
    // went on), the store's writer thread copies the WAL into the database file (a passive
    // checkpoint, beside any writer), so that the WAL starts again from its beginning at the next
    // write: a burst after a quiet time (a peer catching up, a morning's logins) then writes from
    // there instead of taking the WAL past CheckpointPages, where its commits would queue the
    // writer's checkpoint beside them (a peer's catch-up is applied on the writer thread, so that
    // checkpoint ran between its batches; until the morning of 7 December 2026 the commit past
    // SQLite's 1,000 pages ran it itself, 10-20 ms in one commit). Only for a WAL of at least
    // IdleCheckpointPages: SQLite syncs the WAL once more in the first commit after it starts
    // again (the new header), and the checkpoint syncs it and the database file, so a quiet
    // store's occasional single writes (a login now and then) paid three syncs besides their own
    // when every quiet time checkpointed them.
    static constexpr int IdleCheckpointMs = 250;
    static constexpr int IdleCheckpointPages = 256;
    // The idle checkpoints run so far (tests).
    int idleCheckpoints() const { return m_idleCheckpoints; }
    // A commit that leaves the WAL past CheckpointPages (SQLite's own threshold for its automatic
    // checkpoint) leaves the checkpoint to the writer thread (passive, beside the next commits)
    // instead of running it before it returns. Under a steady load, where the idle checkpoint
    // never comes, the loop's commits ran one every 120-250 ms, each writing up to 4 MiB into the
    // database file and syncing it, the loop held for as long as the disk took (docs/
    // benchmarks-history.md, "No checkpoint on the loop"). A checkpoint beside a steady stream of
    // commits does not catch up with the WAL's end, and SQLite starts the WAL again from its
    // beginning only at a write that begins once one has: the first commit after the writer's
    // checkpoint copies the pages committed while it ran, in the commit, when they are at most
    // MaxCatchUpPages (more, and the writer checkpoints again), and the next write begins the WAL
    // again. Past MaxWalPages the commit checkpoints itself, as SQLite would, so that the WAL
    // stays bounded.
    static constexpr int CheckpointPages = 1000;
    static constexpr int MaxWalPages = 16 * CheckpointPages;
    static constexpr int MaxCatchUpPages = 64;
    // The checkpoints the writer thread ran for the commits (tests).
    int walCheckpoints() const { return m_walCheckpoints; }
    // Inserts or replaces many records in one transaction (bulk load, benchmarks), as upsert().
    QList<Change> upsertAll(const QList<SessionRecord> &records, QString *error,
                            OverTombstone overTombstone = OverTombstone::Refuse);

    // A record from another node: stored exactly as given (version included) when it is newer
    // than the local copy (SessionRecord::newer), in one upsert-if-newer statement. Returns the
    // change, or nullopt with *error empty when the local copy is already as new. Such a change
    // is not this node's own: it is not journalled and has offset 0 (replication does not send
    // it back; applied() reports it, with offset 0).
    std::optional<Change> apply(const SessionRecord &record, QString *error);
    // apply() for many records in one transaction (replication batches, snapshot chunks): the
    // records that win are stored and returned as changes (offset 0). When metaKey is set,
    // meta(metaKey) is set to metaValue in the same transaction (a replication position that
    // must never run ahead of the data it names). Returns nullopt with *error when the
    // transaction failed.
    //
    // Durability::Deferred (the chunks of a full snapshot): the transaction is committed without
    // an fsync and reaches the disk with the next commit that has one (the write of the
    // snapshot's end position) or with syncJournal(), before which the node is not caught up and
    // a crash only means resyncing again. A process crash loses nothing either way (the page
    // cache keeps it); power loss may lose a suffix of such transactions, never a part of one
    // and never a synced commit.
    std::optional<QList<Change>> applyAll(const QList<SessionRecord> &records, QString *error,
                                          const QString &metaKey = {}, const QString &metaValue = {},
                                          Durability durability = Durability::Synced);
    // applyAll() on the store's writer thread, after the groups and applies given to it before
    // (the caller's event loop goes on meanwhile: a snapshot chunk is decoded and merged there
    // while the loop takes the next). records() runs there first and makes the records (so that
    // decoding them also leaves the caller's loop); when it returns nullopt, nothing is applied
    // and its error is done's. done runs later in the store's thread, with applyAll()'s changes
    // or nullopt and the error, after applied() was emitted for them (queued to receivers
    // elsewhere); it does not run when context is gone by then. Applies of the same durability
    // that wait next to each other for the writer (a snapshot's chunks, arriving faster than
    // they are merged) are merged in one transaction, up to MaxAppliesPerTransaction of them: a
    // transaction that fails answers each of them with its error.
    // metaKey/metaValue: written in the same transaction, as applyAll() does (a snapshot's end
    // position: after every chunk queued before it, and off the caller's loop, whose fsync may
    // take all the chunks' writes to the disk).
    using RecordSource = std::function<std::optional<QList<SessionRecord>>(QString *error)>;
    using ApplyDone = std::function<void(const std::optional<QList<Change>> &changes, const QString &error)>;
    void applyAllLater(RecordSource records, Durability durability, QObject *context, ApplyDone done,
                       const QString &metaKey = {}, const QString &metaValue = {});
    static constexpr int MaxAppliesPerTransaction = 8;

    // A full resync into an empty node ships the sender's database instead of its records:
    // image() reads it on the sender, installImage() takes it in on the receiver, page for page
    // instead of record by record (the merge's upserts and index updates were most of a full
    // resync's time).
    //
    // The store's database as one SQLite file image (sqlite3_serialize), read in one read
    // transaction on a connection of its own: every change committed before the call is in it
    // (and maybe some after). Any thread may call it. nullopt with *error when the store cannot
    // be read or its file is larger than maxBytes.
    std::optional<QByteArray> image(qint64 maxBytes, QString *error) const;
    // Takes another node's image() in: while this store holds no record at all (tombstones
    // included), the image's pages replace this store's in one synced transaction (SQLite's
    // backup), with this store's own journal and meta kept and meta(metaKey) set to metaValue;
    // otherwise (a local write came first) the image's records are merged as applyAll() does,
    // with the meta pair. Returns how many records were taken, or nullopt with *error (not an
    // image of a store of this schema version, a full disk): then nothing changed. A replaced
    // store emits replaced() once, then applied() for each record when anyone listens to it.
    std::optional<int> installImage(const QByteArray &image, QString *error, const QString &metaKey = {},
                                    const QString &metaValue = {});
    // installImage() on the store's writer thread, after the jobs given to it before; done runs
    // later in the store's thread, unless context is gone by then.
    using ImageDone = std::function<void(const std::optional<int> &records, const QString &error)>;
    void installImageLater(QByteArray image, QObject *context, ImageDone done, const QString &metaKey = {},
                           const QString &metaValue = {});

    // Small persistent key/value pairs next to the sessions (replication positions).
    QString meta(const QString &key) const;
    bool setMeta(const QString &key, const QString &value, QString *error);

    std::optional<SessionRecord> get(const QString &id, bool includeDeleted = false) const;
    QList<SessionRecord> list(bool includeDeleted = false) const;
    QList<SessionRecord> listByUser(const QString &user) const;
    QList<SessionRecord> listByAgent(const QString &agent) const;
    // The tombstones of agent's sessions whose end is pending (remove() with ended false, not yet
    // confirmEnded()): terminated while the agent could not be reached.
    QList<SessionRecord> listEndPending(const QString &agent) const;
    int count(bool includeDeleted
              = false) const; // live sessions (and tombstones if asked); 0 when unreadable

    // Up to limit records of match whose id comes after afterId (empty: from the first), in id
    // order, read through the store's indexes (the id's, or the user's or agent's when match
    // names one), not from a listing of every record: a snapshot, or an administrator's list of
    // 100,000s of sessions, read page by page without holding the caller for long. A record written between
    // two pages is on a later page when its id comes later, and no record is on two pages. Fewer than limit
    // only at the end; nothing, with *error, when the store cannot be read.
    std::optional<QList<SessionRecord>> listPage(const QString &afterId, int limit, QString *error,
                                                 const SessionMatch &match = {}) const;
    // How many records match; nothing, with *error, when the store cannot be read.
    std::optional<int> count(const SessionMatch &match, QString *error) const;

    // The lowest offset the journal still holds (0 when it is empty).
    quint64 firstJournalOffset() const;

    // Changes with an offset greater than offset, in order. *complete is false when the journal
    // no longer holds all of them (the caller must fall back to a full snapshot).
    // With limit > 0 at most limit changes are returned; *complete then says whether they follow
    // offset without a gap. When the journal cannot be read (an SQLite error, a change that does
    // not decode), *complete is false too and *unreadable says why; it stays empty when the
    // changes are merely gone (trimmed, or another data set's offset).
    QList<Change> changesSince(quint64 offset, bool *complete, int limit = -1,
                               QString *unreadable = nullptr) const;

    // SQLite's synchronous setting on the calling thread's connection (2 = FULL: each commit is
    // on the disk when it returns; 1, NORMAL, from a deferred transaction until the connection's
    // next write that is not deferred), -1 when it cannot be read. For tests.
    int synchronousLevel() const;

    // Write transactions committed so far by this object (local writes, groups, records applied
    // from the peer, meta, tombstone purges): each is one fsync, except those of
    // Durability::Deferred. For tests and metrics.
    quint64 commits() const;
    // The syncJournal() calls that succeeded (the fsyncs of deferred commits). For tests.
    quint64 journalSyncs() const { return m_journalSyncs; }

    // Drops tombstones last written before the given time (ms since the epoch). Not a change.
    // keepEndPending: tombstones whose end is pending (pid not 0, see remove()) stay.
    int purgeTombstones(qint64 olderThanMs, QString *error, bool keepEndPending = false);

Q_SIGNALS:
    // A local write was committed (the change has its journal offset): what replication sends.
    void changed(const Store::Change &change);
    // After the changed() of one commit, once: replication sends them together, at once (a
    // receiver in the writing thread is called before the writer is answered).
    void changesCommitted();
    // A record from the peer won over the stored copy and was committed (apply(), applyAll(),
    // applyAllLater(); offset 0). A signal of its own: a full snapshot merges many thousands,
    // which replication does not need and the admin service listens to only while a console
    // is logged in.
    void applied(const Store::Change &change);
    // installImage() replaced the store's records with an image's (records of them).
    void replaced(int records);

private:
    // How many of the WAL's frames the writer thread's last checkpoint left in the database
    // file, until a commit takes the count up; tagged with the WAL it was made of. A commit that
    // finds the WAL under CheckpointPages (begun again) makes a new WAL of it: a checkpoint that
    // began before that commit and ends after it (SQLite marks the frames copied a few µs before
    // checkpointPassively() returns, and the commit may restart the WAL in between) stores no
    // count, which the new WAL's commits would take for theirs (onWalCommit()).
    class WalCopied {
    public:
        quint64 wal() const { return m_state.load() >> 32; }
        void beganAgain(); // a new WAL, no count
        int take(); // the count, -1 when none; none after
        void store(quint64 wal, int copied); // unless the WAL is no longer wal()
    private:
        static constexpr quint64 None = 0xffff'ffffu;
        std::atomic<quint64> m_state { None }; // the WAL in the upper 32 bits, the count below
    };

    // The calling thread's connection. One that cannot be opened and set up is not kept: an
    // invalid one, with *error (logged when error is null).
    QSqlDatabase connection(QString *error = nullptr) const;
    // The error of an open() refused because another process holds the file.
    QString inUseByAnotherProcess() const;
    QString connectionName() const;
    // The connection's sqlite3 handle; null with *error when the driver gives none.
    static sqlite3 *handleOf(QSqlDatabase &db, QString *error);
    // installImage() into this empty store (under the write mutex): the image's pages with this
    // store's journal and meta.
    std::optional<int> replaceWithImage(sqlite3 *image, QSqlDatabase &db, const QString &metaKey,
                                        const QString &metaValue, QString *error);
    // Closes the calling thread's connection and forgets its statements (a thread that ends).
    void dropConnection();
    class Transaction;
    // The statement sql compiled once per connection (thread) and kept, on the connection's own
    // sqlite3 handle: bound and read without Qt's QVariant conversions. Null with *error when the
    // driver gives no handle or SQLite cannot compile sql.
    Statement *statement(QSqlDatabase &db, const QByteArray &sql, QString *error) const;
    bool initSchema(QString *error);
    bool useWal(QSqlDatabase &db, QString *error) const;
    bool readSchemaVersion(QSqlDatabase &db, int *version, QString *error) const;
    bool createSchema(QSqlDatabase &db, QString *error);
    bool loadMeta(QSqlDatabase &db, QString *error);
    // db's PRAGMA synchronous made what durability needs: FULL for Synced, NORMAL for Deferred,
    // switched only when it is not that already (each switch is a statement of its own, two per
    // deferred commit when it switched back after each). A deferred commit leaves NORMAL
    // behind; every other write asks for FULL first: each Synced transaction, setMeta(),
    // purgeTombstones() and an image's backup. A write added outside a Transaction must too:
    // a commit at NORMAL that is not a deferred transaction's is refused (onCommit()).
    bool useSynchronous(QSqlDatabase &db, Durability durability, QString *error) const;
    // open(): the check of a record of beginSendingAhead() from before.
    bool renewIfMachineStopped(QString *error);
    // The stored record with that id (deleted or not); nullopt when there is none, or with
    // *error when it cannot be read.
    std::optional<SessionRecord> getWith(QSqlDatabase &db, const QString &id, QString *error) const;
    // The same with only the two columns an upsert looks at: version.counter and deleted (the
    // other fields as a default SessionRecord has them).
    std::optional<SessionRecord> getVersionWith(QSqlDatabase &db, const QString &id, QString *error) const;
    // Rows changed (0 or 1) by storing record always or, ifNewer, when it wins; -1 with *error.
    int upsert(QSqlDatabase &db, const SessionRecord &record, bool ifNewer, QString *error);
    bool writeRecord(QSqlDatabase &db, const SessionRecord &record, QString *error);
    // Stores record when it wins over the stored copy (SessionRecord::newer): true when stored,
    // false when the stored copy is as new, nullopt with *error when the statement failed.
    std::optional<bool> writeIfNewer(QSqlDatabase &db, const SessionRecord &record, QString *error);
    bool appendJournal(QSqlDatabase &db, const Change &change, QString *error);
    // One local write inside the caller's transaction: Written (*change, offset *offset + 1, and
    // *offset moves on), Refused (*error says why; nothing written) or Failed (a statement failed:
    // the transaction must not commit).
    enum class Staged { Written, Unchanged, Refused, Failed };
    Staged stage(QSqlDatabase &db, const LocalWrite &write, qint64 now, quint64 *offset, Change *change,
                 QString *error);
    std::optional<Change> writeOne(const LocalWrite &write, QString *error);
    // applyAll() for several lists of records in one transaction, the changes per list; meta
    // pairs are written after them, in order (a later value of a key wins).
    using MetaWrites = QList<std::pair<QString, QString>>;
    std::optional<QList<QList<Change>>> applyEach(const QList<QList<SessionRecord>> &lists, QString *error,
                                                  const MetaWrites &meta, Durability durability);
    // A job for the writer thread: a function, or an applyAllLater() (which runNextWriterJob()
    // merges together with the ones of the same durability queued right behind it).
    struct PendingApply {
        RecordSource records;
        Durability durability = Durability::Synced;
        QPointer<QObject> receiver;
        ApplyDone done;
        QString metaKey; // none when empty
        QString metaValue;
    };
    struct WriterJob {
        std::function<void()> run;
        std::optional<PendingApply> apply;
    };
    // Queues job for the writer thread (made at the first call), after the jobs given before.
    void onWriter(WriterJob job);
    void startWriter(); // in the store's thread
    // After every commit, in the thread that made it: counts it and arms the idle checkpoint.
    void noteCommit();
    void checkpointWhenIdle(); // on the writer thread
    // sqlite3_wal_hook() of every connection: after each commit, with the WAL's pages.
    static int onWalCommit(void *store, sqlite3 *connection, const char *database, int pages);
    // A connection's synchronous level as useSynchronous() left it, and whether a deferred
    // Transaction is committing on it: only the connection's own thread reads or writes them.
    struct CommitGuard {
        bool normal = false;
        bool deferredCommit = false;
    };
    std::shared_ptr<CommitGuard> commitGuard(const QSqlDatabase &db) const;
    // SQLite's commit hook on every connection of the store: a commit at synchronous=NORMAL is a
    // deferred transaction's, or a write that did not ask useSynchronous() for FULL first (it
    // would be acknowledged before it reached the disk): that one is rolled back, and says so.
    static int onCommit(void *guard);
    // Queues a checkpoint for the writer thread unless one is queued; false when the writer
    // cannot be started from this thread.
    bool checkpointOnWriterLater();
    void checkpointOnWriter(); // on the writer thread
    void runNextWriterJob(); // on the writer thread
    void applyTogether(QList<PendingApply> applies); // on the writer thread, one transaction
    // Runs done(args) later in the store's thread, unless receiver is gone by then.
    template<typename Done, typename... Args>
    void answerLater(const QPointer<QObject> &receiver, Done done, Args... args);
    bool writeMeta(QSqlDatabase &db, const QString &key, const QString &value, QString *error);
    // The records a SELECT of every column (selectSql()) finds, with bind for its one parameter
    // unless it is null.
    QList<SessionRecord> select(const QByteArray &sql, const QString &bind) const;

    QString m_path;
    QString m_connectionPrefix;
    QString m_nodeId;
    QString m_replicationId;
    bool m_sendingAhead = false; // beginSendingAhead() recorded this boot
    bool m_renewedAfterMachineStop = false;
    bool m_open = false;
    int m_backlog = DefaultJournalBacklog;
    // Written under m_writeMutex, read without it: a reader (the replicator's loop) must not wait
    // for a transaction the writer thread holds the mutex for, fsync included.
    std::atomic<quint64> m_lastOffset { 0 };
    std::atomic<quint64> m_commits { 0 };
    std::atomic<quint64> m_journalSyncs { 0 };
    // writesQuicklyHere(): writeGroup()'s commits in a row that took at most QuickCommitMs
    // (counted up to QuickCommitsNeeded), and the jobs given to the writer thread not yet done.
    std::atomic<int> m_quickCommits { 0 };
    std::atomic<int> m_writerJobs { 0 };
    mutable QMutex m_writeMutex;
    mutable QMutex m_connectionMutex;
    mutable QHash<QString, std::shared_ptr<CommitGuard>> m_commitGuards; // by name; m_connectionMutex
    mutable QStringList m_connections;
    // statement(): per connection name, per SQL text; finalized before the connection closes.
    // Only the connection's own thread uses its statements; the mutex guards the map.
    mutable QHash<QString, QHash<QByteArray, std::shared_ptr<Statement>>> m_statements;
    QMutex m_writerQueueMutex;
    std::deque<WriterJob> m_writerQueue;
    // writeGroupLater(), applyAllLater(): made at the first call, stopped in the destructor.
    QThread *m_writer = nullptr;
    QObject *m_writerContext = nullptr; // lives in m_writer
    // noteCommit(): an idle checkpoint is waiting on the writer thread (until IdleCheckpointMs
    // have passed since m_lastCommitMs, a steady clock's reading); checkpointWhenIdle() counts the
    // ones it ran.
    std::atomic<bool> m_idleCheckpointArmed { false };
    std::atomic<qint64> m_lastCommitMs { 0 };
    std::atomic<int> m_idleCheckpoints { 0 };
    // onWalCommit(): the WAL's frames after the last commit; a checkpoint is queued for the
    // writer thread; the ones it ran; the WAL's frames its last one left in the database file.
    std::atomic<int> m_walPages { 0 };
    std::atomic<bool> m_walCheckpointQueued { false };
    std::atomic<int> m_walCheckpoints { 0 };
    WalCopied m_walCopied;
};

} // namespace Store
