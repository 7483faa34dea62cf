#include "shared/store/sessionstore.h"

#include "shared/logging/logging.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

#include <QByteArrayList>
#include <QCborValue>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMetaMethod>
#include <QMutexLocker>
#include <QPointer>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringEncoder>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QUuid>
#include <QVariant>

#include <sqlite3.h>

namespace Store {

namespace {

// The meta key of beginSendingAhead(): the boot id of the machine whose process sends ahead.
const QString SendAheadKey = QStringLiteral("send_ahead_boot");
constexpr const char *BootIdFile = "/proc/sys/kernel/random/boot_id";

// A steady clock's reading in milliseconds, for the time between commits.
qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// A passive checkpoint of connection's database (beside any writer), as SQLite's automatic
// checkpoint runs one; only a failure other than "busy" is worth a warning. Returns the WAL's
// frames now in the database file, -1 when it failed.
int checkpointPassively(sqlite3 *connection, const char *database, const QString &path)
{
    int copied = -1;
    const int rc
        = sqlite3_wal_checkpoint_v2(connection, database, SQLITE_CHECKPOINT_PASSIVE, nullptr, &copied);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        qCWarning(lcSession).noquote() << "session store: checkpoint of" << path
                                       << "failed:" << QString::fromUtf8(sqlite3_errmsg(connection));
    return rc == SQLITE_OK ? copied : -1;
}

// What a connection of that durability runs: FULL makes every commit reach the disk (WAL fsync)
// before COMMIT returns, NORMAL leaves it for a later fsync.
QByteArray synchronousPragma(SessionStore::Durability durability)
{
    return durability == SessionStore::Durability::Deferred ? QByteArrayLiteral("PRAGMA synchronous=NORMAL")
                                                            : QByteArrayLiteral("PRAGMA synchronous=FULL");
}

// This boot of the machine (a random UUID the kernel makes at each boot), empty when unreadable.
QString currentBoot()
{
    QFile file(QString::fromLatin1(BootIdFile));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(file.readAll()).trimmed();
}

const QString Columns = QStringLiteral(
    "id, user, uid, agent, agent_hostname, display, vnc_port, state, created, last_connection, "
    "last_client, geometry, command, pid, version, origin, updated, deleted");

QString sqlError(const QSqlQuery &q)
{
    return q.lastError().text();
}

// Every connection of the store uses SQLite's unix-excl VFS: the first one takes a lock on the
// database file that keeps every other process out (a second vsmserver on the same state folder,
// a sqlite3 shell) and lets the store's own connections in; their WAL index lives in this
// process's memory, not in a shared -shm file. Without it each transaction took and released
// four to six fcntl() locks on the -shm file (a reader after a commit first moves a read mark
// to the WAL's new end, then shares it): 14 of the about 50 system calls of an acknowledged
// reconnect on both nodes (docs/benchmarks-history.md). Crash safety is SQLite's own either way: the
// next open rebuilds the index from the WAL.
constexpr const char *Vfs = "unix-excl";
// How long a connection waits for another of the store's own to finish a transaction; and at
// open(), for the file's lock: another process holds it for as long as it runs, so a second
// vsmserver is refused at once, not after the wait.
constexpr int BusyTimeoutMs = 10000;
constexpr int OpenBusyTimeoutMs = 500;

// path as the SQLite URI Qt's driver opens (QSQLITE_OPEN_URI) with the store's VFS.
QString sqliteUri(const QString &path)
{
    return QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toString(QUrl::FullyEncoded)
        + QStringLiteral("?vfs=") + QLatin1String(Vfs);
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        if (error)
            *error = QStringLiteral("session store: '%1' failed: %2").arg(sql, sqlError(q));
        return false;
    }
    return true;
}

// INSERT of every column that, for an id already stored, updates that row in place instead:
// always (a local write, which read the stored version first), or only when the given version
// wins over the stored one (a record from the peer). In place, not INSERT OR REPLACE: that
// deletes the row and inserts it again under a new rowid, rewriting its entries in every index
// (a reconnect's commit wrote 5.3 pages, checkpoints included; in place 4.3). The row comparison is
// SessionRecord::newer's order: more changes; at the same number the delete (deleted 1 > 0);
// then the later write; then the greater origin (node ids are ASCII UUIDs, so SQLite's byte
// order is QString's).
// Updated::Unindexed: the update leaves user and agent alone and happens only when the stored row
// has the given ones (a session's user and agent never change). SQLite rewrites a row's entry in
// an index whose column is SET, even to the same value: with them, a reconnect's commit wrote the
// leaf pages of sessions_user and sessions_agent besides the row's and the journal's (4 pages; 2
// without). When it updated nothing, SessionStore::upsert() runs the full one (a record that does
// not win over the stored one costs that second lookup).
enum class Upsert { Always, IfNewer };
enum class Updated { AllColumns, Unindexed };
QString upsertSql(Upsert when, Updated updated)
{
    static const QStringList indexed
        = { QStringLiteral("id"), QStringLiteral("user"), QStringLiteral("agent") };
    QStringList set;
    QStringList where;
    for (const QString &column : Columns.split(QStringLiteral(", "))) {
        if (column == QLatin1String("id"))
            continue;
        if (updated == Updated::Unindexed && indexed.contains(column))
            where.append(QStringLiteral("sessions.%1 = excluded.%1").arg(column));
        else
            set.append(QStringLiteral("%1 = excluded.%1").arg(column));
    }
    if (when == Upsert::IfNewer)
        where.append(
            QStringLiteral("(excluded.version, excluded.deleted, excluded.updated, excluded.origin) "
                           "> (sessions.version, sessions.deleted, sessions.updated, sessions.origin)"));
    return QStringLiteral(
               "INSERT INTO sessions (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (id) DO UPDATE SET %2")
               .arg(Columns, set.join(QStringLiteral(", ")))
        + (where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND ")));
}

// A journal entry's record: packed (SessionRecord::packAll() of the one record), or a CBOR map as
// versions before packed records wrote it; both are read.
std::optional<SessionRecord> fromJournal(const QByteArray &bytes, QString *error)
{
    if (!bytes.isEmpty() && (static_cast<quint8>(bytes.at(0)) >> 5) == 4) { // a CBOR array
        const std::optional<QList<SessionRecord>> records = SessionRecord::unpackAll(bytes, error);
        if (!records)
            return std::nullopt;
        if (records->size() != 1) {
            *error = QStringLiteral("%1 records where one belongs").arg(records->size());
            return std::nullopt;
        }
        return records->first();
    }
    return SessionRecord::fromCbor(QCborValue::fromCbor(bytes).toMap(), error);
}

// Every column of a session row in the order of Columns, each handed to bind() as a QString or a
// qint64: the one column list of local writes and of records from the peer.
template<typename Bind> void bindColumns(const SessionRecord &r, const QString &state, Bind &&bind)
{
    bind(r.id);
    bind(r.user);
    bind(r.uid);
    bind(r.agent);
    bind(r.agentHostname);
    bind(static_cast<qint64>(r.display));
    bind(static_cast<qint64>(r.vncPort));
    bind(state);
    bind(r.created);
    bind(r.lastConnection);
    bind(r.lastClient);
    bind(r.geometry);
    bind(r.command);
    bind(r.pid);
    bind(static_cast<qint64>(r.version.counter));
    bind(r.version.origin);
    bind(r.version.updated);
    bind(static_cast<qint64>(r.deleted ? 1 : 0));
}

// A session row read column by column in the order of Columns from a statement's current row.
template<typename Row> SessionRecord readColumns(const Row &row)
{
    SessionRecord r;
    r.id = row.text(0);
    r.user = row.text(1);
    r.uid = row.integer(2);
    r.agent = row.text(3);
    r.agentHostname = row.text(4);
    r.display = static_cast<int>(row.integer(5));
    r.vncPort = static_cast<int>(row.integer(6));
    r.state = parseSessionState(row.text(7)).value_or(SessionState::Running);
    r.created = row.integer(8);
    r.lastConnection = row.integer(9);
    r.lastClient = row.text(10);
    r.geometry = row.text(11);
    r.command = row.text(12);
    r.pid = row.integer(13);
    r.version.counter = static_cast<quint64>(row.integer(14));
    r.version.origin = row.text(15);
    r.version.updated = row.integer(16);
    r.deleted = row.integer(17) != 0;
    return r;
}

// SELECT of every column of the sessions, then the rest of the statement (where).
QByteArray selectSql(const QByteArray &rest)
{
    return (QStringLiteral("SELECT ") + Columns + QStringLiteral(" FROM sessions ")).toUtf8() + rest;
}

} // namespace

// One compiled statement on a connection's sqlite3 handle (see SessionStore::statement()).
// Text is bound as UTF-8, the database's encoding, from a buffer per parameter that the statement
// keeps until that parameter is bound again (bound as UTF-16, SQLite converted every text itself,
// about a tenth of a snapshot's merging). Columns are read straight from SQLite's row: Qt's
// driver built a QSqlRecord with every column's name and a QVariant per value on every lookup,
// two thirds of a broker request's reading.
class Statement {
public:
    Statement(sqlite3 *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) { }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Q_DISABLE_COPY_MOVE(Statement)

    void bind(int column, const QString &text)
    {
        QByteArray &utf8 = buffer(column);
        utf8.resize(text.size() * 3); // a UTF-16 unit takes at most 3 bytes
        const char *end = text.isEmpty() ? utf8.data() : m_encoder.appendToBuffer(utf8.data(), text);
        // Never a null pointer, so that a null QString is empty text, not SQL NULL: the columns
        // are NOT NULL.
        static const char empty[] = "";
        const char *data = end == utf8.data() ? empty : utf8.constData();
        sqlite3_bind_text(m_stmt, column, data, static_cast<int>(end - utf8.data()), SQLITE_STATIC);
    }
    void bind(int column, qint64 value) { sqlite3_bind_int64(m_stmt, column, value); }
    void bind(int column, const QByteArray &blob)
    {
        QByteArray &kept = buffer(column);
        kept = blob; // shared, not copied: kept until the parameter is bound again
        sqlite3_bind_blob(m_stmt, column, kept.constData(), static_cast<int>(kept.size()), SQLITE_STATIC);
    }
    // Runs a query to its next row: true with a row to read (text(), integer(), blob(); columns
    // count from 0), false at its end or on an error (*error set), when the statement is reset.
    // A caller that stops reading before the end calls reset(): until then the connection keeps
    // its read transaction, and with it an old view of the database.
    bool next(QString *error)
    {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW)
            return true;
        if (rc != SQLITE_DONE && error)
            *error = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_reset(m_stmt);
        return false;
    }
    QString text(int column) const
    {
        const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
        return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
    }
    qint64 integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    QByteArray blob(int column) const
    {
        const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
        return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
    }
    void reset() { sqlite3_reset(m_stmt); }
    sqlite3_stmt *handle() const { return m_stmt; }
    // Runs a statement that returns no rows: the rows it changed, or -1 with *error.
    int run(QString *error)
    {
        const int rc = sqlite3_step(m_stmt);
        const int changed = rc == SQLITE_DONE ? sqlite3_changes(m_db) : -1;
        if (changed < 0 && error)
            *error = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_reset(m_stmt);
        return changed;
    }

private:
    QByteArray &buffer(int column)
    {
        if (column >= static_cast<int>(m_text.size()))
            m_text.resize(static_cast<size_t>(column) + 1);
        return m_text[static_cast<size_t>(column)];
    }

    sqlite3 *m_db;
    sqlite3_stmt *m_stmt;
    std::vector<QByteArray> m_text; // by parameter
    QStringEncoder m_encoder { QStringEncoder::Utf8, QStringConverter::Flag::Stateless };
};

// Holds a write transaction on a connection; rolls back unless commit() succeeded. BEGIN, COMMIT
// and ROLLBACK are compiled once per connection like the other statements: parsed anew for every
// transaction through QSqlQuery, they took a third of the writer thread's time for small groups.
// Durability::Deferred: the connection's fsync is left out of this commit (synchronous=NORMAL,
// set by begin() unless a deferred commit before left it so); a Synced transaction sets FULL
// again in its begin(), as every other write of the store does (useSynchronous()). The same
// connection, not a second one with NORMAL: another connection's commit empties this one's page
// cache, and every lookup after it would read its pages again.
class SessionStore::Transaction {
public:
    Transaction(const SessionStore &store, QSqlDatabase &db, Durability durability = Durability::Synced)
        : m_store(store), m_db(db), m_durability(durability)
    {
    }
    ~Transaction()
    {
        if (m_active)
            run(QByteArrayLiteral("ROLLBACK"), nullptr);
    }
    Q_DISABLE_COPY_MOVE(Transaction)

    bool begin(QString *error)
    {
        if (!m_store.useSynchronous(m_db, m_durability, error))
            return false;
        m_active = run(QByteArrayLiteral("BEGIN IMMEDIATE"), error);
        return m_active;
    }
    bool commit(QString *error)
    {
        // At NORMAL, as begin() asked: the commit hook lets this one through (onCommit()).
        const std::shared_ptr<CommitGuard> guard
            = m_durability == Durability::Deferred ? m_store.commitGuard(m_db) : nullptr;
        if (guard)
            guard->deferredCommit = true;
        const bool committed = run(QByteArrayLiteral("COMMIT"), error);
        if (guard)
            guard->deferredCommit = false;
        if (!committed)
            return false; // still active: rolled back when it goes
        m_active = false;
        return true;
    }

private:
    bool run(const QByteArray &sql, QString *error)
    {
        QString why;
        Statement *statement = m_store.statement(m_db, sql, &why);
        if (statement && statement->run(&why) >= 0)
            return true;
        if (error)
            *error = QStringLiteral("session store: '%1' failed: %2").arg(QString::fromLatin1(sql), why);
        return false;
    }

    const SessionStore &m_store;
    QSqlDatabase &m_db;
    const Durability m_durability;
    bool m_active = false;
};

SessionStore::SessionStore(QObject *parent) : QObject(parent)
{
    m_connectionPrefix = QStringLiteral("openvsm-store-%1").arg(reinterpret_cast<quintptr>(this), 0, 16);
}

SessionStore::~SessionStore()
{
    if (m_sendingAhead) {
        // Nothing is ahead of the disk between two of the owner's calls: nothing to renew at the
        // next open. Before the writer thread stops (this commit's noteCommit() may use it).
        QString error;
        if (!setMeta(SendAheadKey, QString(), &error))
            qCWarning(lcSession).noquote()
                << error << "(the next start resyncs fully if the machine restarts first)";
    }
    if (m_writer) {
        // Quit after the groups already given to the writer (their callers were not answered
        // yet, but they are written all the same).
        QMetaObject::invokeMethod(
            m_writerContext, [writer = m_writer]() { writer->quit(); }, Qt::QueuedConnection);
        m_writer->wait();
        delete m_writerContext; // its thread has ended
        delete m_writer;
    }
    QMutexLocker lock(&m_connectionMutex);
    m_statements.clear(); // before their connections go
    for (const QString &name : std::as_const(m_connections)) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isValid())
                db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

QString SessionStore::connectionName() const
{
    return m_connectionPrefix + QStringLiteral("-")
        + QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
}

QSqlDatabase SessionStore::connection(QString *error) const
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, true);
    QString why;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(sqliteUri(m_path));
        // open()'s first connection takes the file's lock (in its first PRAGMA that reads).
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI;QSQLITE_BUSY_TIMEOUT=%1")
                                 .arg(m_open ? BusyTimeoutMs : OpenBusyTimeoutMs));
        if (!db.open()) {
            why = QStringLiteral("session store: cannot open %1: %2").arg(m_path, db.lastError().text());
        } else {
            // synchronous is per connection: FULL makes every commit reach the disk (WAL fsync)
            // before COMMIT returns (a deferred transaction sets NORMAL for its own commit).
            const QString synchronous = QString::fromLatin1(synchronousPragma(Durability::Synced));
            for (const QString &pragma : { synchronous, QStringLiteral("PRAGMA foreign_keys=ON") }) {
                QSqlQuery q(db);
                if (q.exec(pragma))
                    continue;
                why = q.lastError().nativeErrorCode() == QString::number(SQLITE_BUSY)
                    ? inUseByAnotherProcess()
                    : QStringLiteral("session store: '%1' failed on %2: %3").arg(pragma, m_path, sqlError(q));
                break;
            }
        }
        if (why.isEmpty()) {
            // A new connection is at FULL (above). The guard stays until the connection is gone.
            auto guard = std::make_shared<CommitGuard>();
            if (sqlite3 *const raw = handleOf(db, nullptr)) {
                // In place of SQLite's automatic checkpoint (CheckpointPages).
                sqlite3_wal_hook(raw, &SessionStore::onWalCommit, const_cast<SessionStore *>(this));
                sqlite3_commit_hook(raw, &SessionStore::onCommit, guard.get());
            }
            QMutexLocker lock(&m_connectionMutex);
            m_connections.append(name);
            m_commitGuards.insert(name, std::move(guard));
            return db;
        }
        db.close();
    }
    // Not kept half set up: the next call sets the connection up again (QSqlDatabase::database()
    // would reopen it without its PRAGMAs).
    QSqlDatabase::removeDatabase(name);
    if (error)
        *error = why;
    else
        qCCritical(lcSession).noquote() << why;
    return QSqlDatabase();
}

QString SessionStore::inUseByAnotherProcess() const
{
    return QStringLiteral("session store: %1 is in use by another process (another vsmserver with "
                          "this state folder, or a sqlite3 shell): only one process may open it; "
                          "stop the other one")
        .arg(m_path);
}

void SessionStore::dropConnection()
{
    const QString name = connectionName();
    QMutexLocker lock(&m_connectionMutex);
    if (!m_connections.removeOne(name))
        return;
    m_statements.remove(name); // before the connection goes
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
    m_commitGuards.remove(name); // after: its hook had it
}

sqlite3 *SessionStore::handleOf(QSqlDatabase &db, QString *error)
{
    const QVariant handle = db.driver()->handle();
    sqlite3 *const connection = handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0
        ? *static_cast<sqlite3 *const *>(handle.constData())
        : nullptr;
    if (!connection && error)
        *error = QStringLiteral("session store: the SQLite driver gives no connection handle");
    return connection;
}

Statement *SessionStore::statement(QSqlDatabase &db, const QByteArray &sql, QString *error) const
{
    QMutexLocker lock(&m_connectionMutex);
    std::shared_ptr<Statement> &s = m_statements[db.connectionName()][sql];
    if (s)
        return s.get();
    sqlite3 *const connection = handleOf(db, error);
    if (!connection)
        return nullptr;
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v3(connection, sql.constData(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, nullptr)
        != SQLITE_OK) {
        if (error)
            *error = QStringLiteral("session store: cannot prepare %1: %2")
                         .arg(QString::fromUtf8(sql), QString::fromUtf8(sqlite3_errmsg(connection)));
        sqlite3_finalize(stmt);
        return nullptr;
    }
    s = std::make_shared<Statement>(connection, stmt);
    return s.get();
}

bool SessionStore::open(const QString &path, QString *error)
{
    if (m_open) {
        if (error)
            *error = QStringLiteral("session store: already open at %1").arg(m_path);
        return false;
    }
    const QFileInfo dir(QFileInfo(path).absolutePath());
    if (!dir.isDir()) {
        if (error)
            *error = QStringLiteral("session store: folder %1 does not exist").arg(dir.filePath());
        return false;
    }
    m_path = path;
    QSqlDatabase db = connection(error);
    if (!db.isOpen())
        return false;
    if (!initSchema(error) || !exec(db, QStringLiteral("PRAGMA busy_timeout=%1").arg(BusyTimeoutMs), error))
        return false;
    m_open = true;
    if (!renewIfMachineStopped(error)) {
        m_open = false;
        return false;
    }
    return true;
}

bool SessionStore::renewIfMachineStopped(QString *error)
{
    const QString recorded = meta(SendAheadKey);
    if (recorded.isEmpty())
        return true;
    const QString boot = currentBoot();
    if (boot == recorded)
        return true; // the process stopped, not the machine: the page cache kept every commit
    const QString renewed = QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QMutexLocker lock(&m_writeMutex);
        QSqlDatabase db = connection();
        Transaction tx(*this, db);
        if (!tx.begin(error) || !writeMeta(db, QStringLiteral("replication_id"), renewed, error)
            || !writeMeta(db, InStreamKey, QString(), error) || !writeMeta(db, SendAheadKey, QString(), error)
            || !tx.commit(error))
            return false;
        noteCommit();
    }
    qCWarning(lcSession).noquote()
        << QStringLiteral("session store: %1 was in use when this machine stopped (boot %2, now %3): changes "
                          "sent to the peer then may not have reached this disk, so its replication id is "
                          "%4 now (was %5) and both nodes resync fully; the peer's copy of such changes "
                          "comes back")
               .arg(m_path, recorded, boot.isEmpty() ? QStringLiteral("unknown") : boot, renewed,
                    m_replicationId);
    m_replicationId = renewed;
    m_renewedAfterMachineStop = true;
    return true;
}

bool SessionStore::beginSendingAhead(QString *error)
{
    const QString boot = currentBoot();
    if (boot.isEmpty()) {
        if (error)
            *error = QStringLiteral("session store: cannot read this machine's boot id from %1")
                         .arg(QString::fromLatin1(BootIdFile));
        return false;
    }
    if (!setMeta(SendAheadKey, boot, error))
        return false;
    m_sendingAhead = true;
    return true;
}

bool SessionStore::initSchema(QString *error)
{
    QSqlDatabase db = connection();
    int version = 0;
    if (!useWal(db, error) || !readSchemaVersion(db, &version, error))
        return false;
    if (version > SchemaVersion) {
        if (error)
            *error = QStringLiteral("session store: %1 has schema version %2, newer than this program "
                                    "understands (%3); use a newer vsmserver or move the file away")
                         .arg(m_path)
                         .arg(version)
                         .arg(SchemaVersion);
        return false;
    }
    if (version < 1 && !createSchema(db, error))
        return false;
    return loadMeta(db, error);
}

bool SessionStore::useWal(QSqlDatabase &db, QString *error) const
{
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) && q.next()
        && q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0)
        return true;
    if (!error)
        return false;
    if (q.lastError().nativeErrorCode() == QString::number(SQLITE_BUSY))
        *error = inUseByAnotherProcess();
    else
        *error = QStringLiteral("session store: cannot switch %1 to WAL mode (%2); is the file "
                                "on a local file system?")
                     .arg(m_path, sqlError(q));
    return false;
}

bool SessionStore::readSchemaVersion(QSqlDatabase &db, int *version, QString *error) const
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        if (error)
            *error = QStringLiteral("session store: %1 is not a readable SQLite database: %2")
                         .arg(m_path, sqlError(q));
        return false;
    }
    *version = q.value(0).toInt();
    return true;
}

// The tables of a new store, and its node and replication ids, in one transaction.
bool SessionStore::createSchema(QSqlDatabase &db, QString *error)
{
    Transaction tx(*this, db);
    if (!tx.begin(error)
        || !exec(
            db,
            QStringLiteral("CREATE TABLE IF NOT EXISTS sessions ("
                           "id TEXT PRIMARY KEY, user TEXT NOT NULL, uid INTEGER NOT NULL, "
                           "agent TEXT NOT NULL, agent_hostname TEXT NOT NULL, display INTEGER NOT NULL, "
                           "vnc_port INTEGER NOT NULL, state TEXT NOT NULL, created INTEGER NOT NULL, "
                           "last_connection INTEGER NOT NULL, last_client TEXT NOT NULL, "
                           "geometry TEXT NOT NULL, command TEXT NOT NULL, pid INTEGER NOT NULL, "
                           "version INTEGER NOT NULL, origin TEXT NOT NULL, updated INTEGER NOT NULL, "
                           "deleted INTEGER NOT NULL)"),
            error)
        || !exec(db, QStringLiteral("CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user)"), error)
        || !exec(db, QStringLiteral("CREATE INDEX IF NOT EXISTS sessions_agent ON sessions(agent)"), error)
        || !exec(db,
                 QStringLiteral("CREATE TABLE IF NOT EXISTS journal (offset INTEGER PRIMARY KEY, "
                                "kind TEXT NOT NULL, record BLOB NOT NULL)"),
                 error)
        || !exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)"),
                 error))
        return false;
    const QString uuidNode = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString uuidRepl = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return exec(
               db,
               QStringLiteral("INSERT OR IGNORE INTO meta VALUES ('node_id', '%1'), ('replication_id', '%2')")
                   .arg(uuidNode, uuidRepl),
               error)
        && exec(db, QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion), error) && tx.commit(error);
}

// The node and replication ids, and the journal's last offset.
bool SessionStore::loadMeta(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT key, value FROM meta"))) {
        if (error)
            *error = QStringLiteral("session store: cannot read meta data: %1").arg(sqlError(q));
        return false;
    }
    while (q.next()) {
        if (q.value(0).toString() == QLatin1String("node_id"))
            m_nodeId = q.value(1).toString();
        else if (q.value(0).toString() == QLatin1String("replication_id"))
            m_replicationId = q.value(1).toString();
    }
    QSqlQuery o(db);
    if (o.exec(QStringLiteral("SELECT COALESCE(MAX(offset), 0) FROM journal")) && o.next())
        m_lastOffset = o.value(0).toULongLong();
    if (m_nodeId.isEmpty() || m_replicationId.isEmpty()) {
        if (error)
            *error = QStringLiteral("session store: %1 lacks its node id; the file is damaged").arg(m_path);
        return false;
    }
    return true;
}

quint64 SessionStore::lastOffset() const
{
    return m_lastOffset;
}

std::optional<SessionRecord> SessionStore::getWith(QSqlDatabase &db, const QString &id, QString *error) const
{
    static const QByteArray sql = selectSql("WHERE id = ?");
    QString why;
    std::optional<SessionRecord> r;
    if (Statement *q = statement(db, sql, &why)) {
        q->bind(1, id);
        if (q->next(&why)) {
            r = readColumns(*q);
            q->reset(); // the id is the key: no second row
        }
    }
    if (!why.isEmpty() && error)
        *error = QStringLiteral("session store: lookup of %1 failed: %2").arg(id, why);
    return r;
}

std::optional<SessionRecord> SessionStore::getVersionWith(QSqlDatabase &db, const QString &id,
                                                          QString *error) const
{
    QString why;
    std::optional<SessionRecord> r;
    if (Statement *q
        = statement(db, QByteArrayLiteral("SELECT version, deleted FROM sessions WHERE id = ?"), &why)) {
        q->bind(1, id);
        if (q->next(&why)) {
            r.emplace();
            r->id = id;
            r->version.counter = static_cast<quint64>(q->integer(0));
            r->deleted = q->integer(1) != 0;
            q->reset(); // the id is the key: no second row
        }
    }
    if (!why.isEmpty() && error)
        *error = QStringLiteral("session store: lookup of %1 failed: %2").arg(id, why);
    return r;
}

// Rows changed by the upsert of r (0 or 1), or -1 with *error. The update leaving the indexes alone
// first; the full one when it changed nothing (no row to change, or the user or agent differ).
int SessionStore::upsert(QSqlDatabase &db, const SessionRecord &r, bool ifNewer, QString *error)
{
    // [ifNewer]: the statements in the order they are tried.
    static const QByteArray statements[2][2] = {
        { upsertSql(Upsert::Always, Updated::Unindexed).toUtf8(),
          upsertSql(Upsert::Always, Updated::AllColumns).toUtf8() },
        { upsertSql(Upsert::IfNewer, Updated::Unindexed).toUtf8(),
          upsertSql(Upsert::IfNewer, Updated::AllColumns).toUtf8() },
    };
    const QString state = sessionStateName(r.state);
    for (const QByteArray &sql : statements[ifNewer ? 1 : 0]) {
        Statement *q = statement(db, sql, error);
        if (!q)
            return -1;
        int i = 1; // SQLite counts parameters from 1
        bindColumns(r, state, [&](const auto &value) { q->bind(i++, value); });
        const int changed = q->run(error);
        if (changed != 0)
            return changed;
    }
    return 0;
}

bool SessionStore::writeRecord(QSqlDatabase &db, const SessionRecord &r, QString *error)
{
    QString why;
    if (upsert(db, r, false, &why) >= 0)
        return true;
    if (error)
        *error = QStringLiteral("session store: cannot write session %1: %2").arg(r.id, why);
    return false;
}

std::optional<bool> SessionStore::writeIfNewer(QSqlDatabase &db, const SessionRecord &r, QString *error)
{
    // Insert, or update the stored row when the given version wins over it. Run once per record
    // of every snapshot chunk and batch from the peer: bound directly (Qt's binding was about as
    // costly as SQLite's own work here).
    QString why;
    const int changed = upsert(db, r, true, &why);
    if (changed < 0) {
        if (error)
            *error = QStringLiteral("session store: cannot write session %1: %2").arg(r.id, why);
        return std::nullopt;
    }
    return changed > 0;
}

bool SessionStore::appendJournal(QSqlDatabase &db, const Change &c, QString *error)
{
    QString why;
    Statement *q = statement(
        db, QByteArrayLiteral("INSERT INTO journal (offset, kind, record) VALUES (?, ?, ?)"), &why);
    if (q) {
        q->bind(1, static_cast<qint64>(c.offset));
        q->bind(2, c.kind == Change::Kind::Upsert ? QStringLiteral("upsert") : QStringLiteral("remove"));
        q->bind(3, SessionRecord::packAll({ c.record }));
    }
    if (!q || q->run(&why) < 0) {
        if (error)
            *error = QStringLiteral("session store: cannot append to the journal: %1").arg(why);
        return false;
    }
    // Trimmed every 64 changes (every change for a backlog below that), keeping at least
    // m_backlog entries.
    if (m_backlog > 0 && c.offset > static_cast<quint64>(m_backlog)
        && c.offset % static_cast<quint64>(std::min(64, m_backlog)) == 0) {
        Statement *p = statement(db, QByteArrayLiteral("DELETE FROM journal WHERE offset <= ?"), &why);
        if (p)
            p->bind(1, static_cast<qint64>(c.offset - static_cast<quint64>(m_backlog)));
        if (!p || p->run(&why) < 0) {
            if (error)
                *error = QStringLiteral("session store: cannot trim the journal: %1").arg(why);
            return false;
        }
    }
    return true;
}

SessionStore::Staged SessionStore::stage(QSqlDatabase &db, const LocalWrite &w, qint64 now, quint64 *offset,
                                         Change *change, QString *error)
{
    using Kind = LocalWrite::Kind;
    if (w.record.id.isEmpty()) {
        *error = QStringLiteral("session store: a session record needs an id");
        return Staged::Refused;
    }
    QString why;
    // An upsert takes its fields from the write and looks only at the stored version and
    // tombstone (a row read whole was a fifth of a reconnect's work in the store).
    const bool upsert = w.kind == Kind::Upsert || w.kind == Kind::Restore;
    const auto old = upsert ? getVersionWith(db, w.record.id, &why) : getWith(db, w.record.id, &why);
    if (!why.isEmpty()) {
        *error = why;
        return Staged::Failed;
    }
    SessionRecord r;
    if (w.kind == Kind::State) {
        if (!old || old->deleted || old->state == w.record.state)
            return Staged::Unchanged;
        r = *old;
        r.state = w.record.state;
        r.version.counter += 1;
    } else if (w.kind == Kind::GaveUp) {
        if (old) {
            *error = QStringLiteral("session %1 has a record already").arg(w.record.id);
            return Staged::Refused;
        }
        r = w.record;
        r.version.counter = 1;
        r.deleted = true;
        r.pid = 0;
    } else if (w.kind == Kind::Upsert || w.kind == Kind::Restore) {
        if (old && old->deleted && w.kind == Kind::Upsert) {
            *error = QStringLiteral("session %1 has been terminated").arg(w.record.id);
            return Staged::Refused;
        }
        r = w.record;
        r.version.counter = (old ? old->version.counter : 0) + 1;
        r.deleted = false;
    } else {
        // Only a live record may become a tombstone; ConfirmEnded rewrites only a tombstone whose
        // end is pending.
        const bool liveOnly = w.kind != Kind::ConfirmEnded;
        if (!old || old->deleted == liveOnly || (!liveOnly && old->pid == 0)) {
            *error = liveOnly ? QStringLiteral("no session with id %1").arg(w.record.id)
                              : QStringLiteral("no session with id %1 whose end is pending").arg(w.record.id);
            return Staged::Refused;
        }
        r = *old;
        r.version.counter += 1;
        r.deleted = true;
        if (w.kind != Kind::RemoveEndPending)
            r.pid = 0; // the agent confirmed the end
    }
    r.version.origin = m_nodeId;
    r.version.updated = now;
    *change = Change { r.deleted ? Change::Kind::Remove : Change::Kind::Upsert, r, *offset + 1 };
    if (!writeRecord(db, r, error) || !appendJournal(db, *change, error))
        return Staged::Failed;
    ++*offset;
    return Staged::Written;
}

std::optional<QList<SessionStore::WriteResult>>
SessionStore::writeGroup(const QList<LocalWrite> &writes, QString *error, Durability durability)
{
    QList<WriteResult> results;
    {
        QMutexLocker lock(&m_writeMutex);
        if (!m_open) {
            if (error)
                *error = QStringLiteral("session store: not open");
            return std::nullopt;
        }
        QSqlDatabase db = connection();
        Transaction tx(*this, db, durability);
        if (!tx.begin(error))
            return std::nullopt;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        quint64 offset = m_lastOffset;
        results.reserve(writes.size());
        for (const LocalWrite &w : writes) {
            WriteResult result;
            Change c;
            const Staged staged = stage(db, w, now, &offset, &c, &result.error);
            if (staged == Staged::Failed) {
                if (error)
                    *error = result.error;
                return std::nullopt; // rolled back
            }
            if (staged == Staged::Written)
                result.change = c;
            results.append(result);
        }
        QElapsedTimer commitClock;
        commitClock.start();
        const bool committed = tx.commit(error);
        if (!committed || commitClock.elapsed() > QuickCommitMs)
            m_quickCommits = 0; // a deferred one's fsync counts too (syncJournal())
        else if (m_quickCommits < QuickCommitsNeeded)
            ++m_quickCommits;
        if (!committed)
            return std::nullopt;
        m_lastOffset = offset;
        noteCommit();
    }
    bool any = false;
    for (const WriteResult &r : std::as_const(results)) {
        if (r.change) {
            Q_EMIT changed(*r.change);
            any = true;
        }
    }
    if (any)
        Q_EMIT changesCommitted();
    return results;
}

bool SessionStore::useSynchronous(QSqlDatabase &db, Durability durability, QString *error) const
{
    const std::shared_ptr<CommitGuard> guard = commitGuard(db);
    const bool normal = durability == Durability::Deferred;
    if (guard && guard->normal == normal)
        return true;
    const QByteArray sql = synchronousPragma(durability);
    QString why;
    Statement *pragma = statement(db, sql, &why);
    if (!pragma || pragma->run(&why) < 0) {
        if (error)
            *error = QStringLiteral("session store: '%1' failed on %2: %3")
                         .arg(QString::fromLatin1(sql), m_path, why);
        return false;
    }
    if (guard)
        guard->normal = normal;
    return true;
}

std::shared_ptr<SessionStore::CommitGuard> SessionStore::commitGuard(const QSqlDatabase &db) const
{
    QMutexLocker lock(&m_connectionMutex);
    return m_commitGuards.value(db.connectionName());
}

int SessionStore::onCommit(void *guard)
{
    const auto *const g = static_cast<const CommitGuard *>(guard);
    if (!g->normal || g->deferredCommit)
        return 0;
    qCCritical(lcSession).noquote()
        << "session store: a commit at synchronous=NORMAL that is no deferred transaction's was rolled "
           "back: a write outside a Transaction must ask SessionStore::useSynchronous() for FULL first";
    return 1; // SQLite rolls the transaction back; its statement fails
}

bool SessionStore::syncJournal(QString *error)
{
    QSqlDatabase db = connection();
    sqlite3 *const store = handleOf(db, error);
    if (!store)
        return false;
    QElapsedTimer clock;
    clock.start();
    sqlite3_file *wal = nullptr;
    int rc = sqlite3_file_control(store, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal);
    if (rc == SQLITE_OK && !(wal && wal->pMethods)) {
        if (error)
            *error = QStringLiteral("session store: the WAL of %1 is not open on this thread").arg(m_path);
        return false;
    }
    if (rc == SQLITE_OK)
        rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
    if (rc != SQLITE_OK || clock.elapsed() > QuickCommitMs)
        m_quickCommits = 0; // the disk is slow (writesQuicklyHere())
    if (rc == SQLITE_OK) {
        ++m_journalSyncs;
        return true;
    }
    if (error)
        *error = QStringLiteral("session store: cannot sync the journal of %1: %2")
                     .arg(m_path, QString::fromUtf8(sqlite3_errstr(rc)));
    return false;
}

void SessionStore::startWriter()
{
    if (m_writer)
        return;
    m_writer = new QThread; // not a child: the destructor stops it before it is deleted
    m_writer->setObjectName(QStringLiteral("store writer"));
    m_writerContext = new QObject;
    m_writerContext->moveToThread(m_writer);
    // finished is emitted in the thread that ends: its connection is closed there.
    connect(
        m_writer, &QThread::finished, m_writerContext, [this]() { dropConnection(); }, Qt::DirectConnection);
    m_writer->start();
}

void SessionStore::onWriter(WriterJob job)
{
    startWriter();
    {
        QMutexLocker lock(&m_writerQueueMutex);
        m_writerQueue.push_back(std::move(job));
        ++m_writerJobs;
    }
    // One run per job; a run that took several jobs leaves the next runs nothing to do.
    QMetaObject::invokeMethod(
        m_writerContext, [this]() { runNextWriterJob(); }, Qt::QueuedConnection);
}

void SessionStore::noteCommit()
{
    ++m_commits;
    m_lastCommitMs = steadyMs();
    if (m_idleCheckpointArmed.exchange(true))
        return; // the one armed sees this commit and waits again
    if (!m_writer) {
        if (QThread::currentThread() != thread()) {
            m_idleCheckpointArmed = false; // a commit from elsewhere does not start the writer
            return;
        }
        startWriter();
    }
    QMetaObject::invokeMethod(
        m_writerContext, [this]() { checkpointWhenIdle(); }, Qt::QueuedConnection);
}

// IdleCheckpointMs after the last commit, however long the commits before it went on. Until the
// evening of 6 December 2026 it waited for a whole IdleCheckpointMs without a commit from
// whenever its timer last ran, so a burst that outlasted the arming commit by a little put the
// checkpoint off by up to IdleCheckpointMs more, past the next burst (the peer's catch-ups in
// tests/bench/ha, one every 0.4 s, had theirs only every other time, and the others paid the
// automatic checkpoint in their commit).
void SessionStore::checkpointWhenIdle()
{
    const qint64 quietMs = steadyMs() - m_lastCommitMs;
    if (quietMs < IdleCheckpointMs) {
        QTimer::singleShot(IdleCheckpointMs - quietMs, Qt::PreciseTimer, m_writerContext,
                           [this]() { checkpointWhenIdle(); });
        return;
    }
    // Disarmed first: a commit from now on arms the next one.
    m_idleCheckpointArmed = false;
    if (m_walPages < IdleCheckpointPages)
        return; // a few pages: left in the WAL, which the next writes extend (see the header)
    QSqlDatabase db = connection();
    sqlite3 *store = handleOf(db, nullptr);
    if (!store)
        return;
    checkpointPassively(store, "main", m_path);
    ++m_idleCheckpoints;
}

int SessionStore::onWalCommit(void *store, sqlite3 *connection, const char *database, int pages)
{
    auto *const self = static_cast<SessionStore *>(store);
    self->m_walPages = pages;
    // Asked for after every commit past CheckpointPages (one queued at a time, until it ended),
    // not once per CheckpointPages the WAL grew by, as SQLite's own hook does: its checkpoint, in
    // the commit, always catches up and the WAL starts again after it; one beside the commits
    // needs the catch-up below. Once per 1,000 pages let the WAL grow to MaxWalPages under a
    // steady load, every commit extending the file: 12-18 % fewer serial requests per second
    // (docs/benchmarks-history.md).
    if (pages < CheckpointPages) {
        self->m_walCopied.beganAgain();
        return SQLITE_OK;
    }
    // The writer's checkpoint copied the WAL as it was when it began; the commits meanwhile added
    // a few pages, and SQLite starts the WAL again only at a write that begins with all of it in
    // the database file. Those few pages copied here, in the commit, make the next write do so.
    // Left to the writer too, each of its checkpoints ended a commit or two behind the loop's next
    // one: under a steady load the WAL never began again, and every commit queued one more, of
    // two pages and a sync of the database file (241 in 2,000 reconnects, 79 ms of syncs beside
    // the commits' own, in 39 of the 46 slowest; docs/benchmarks-history.md).
    const int copied = self->m_walCopied.take();
    if (pages >= MaxWalPages || (copied >= 0 && pages - copied <= MaxCatchUpPages)
        || !self->checkpointOnWriterLater()) {
        // In the commit, as SQLite's own hook does (its failure is no failure of the commit).
        checkpointPassively(connection, database, self->m_path);
    }
    return SQLITE_OK;
}

bool SessionStore::checkpointOnWriterLater()
{
    if (m_walCheckpointQueued.exchange(true))
        return true; // the one queued copies this commit's pages too; one running, the next commit
    if (!m_writer) {
        if (QThread::currentThread() != thread()) {
            m_walCheckpointQueued = false;
            return false;
        }
        startWriter();
    }
    QMetaObject::invokeMethod(
        m_writerContext, [this]() { checkpointOnWriter(); }, Qt::QueuedConnection);
    return true;
}

void SessionStore::checkpointOnWriter()
{
    QSqlDatabase db = connection();
    if (sqlite3 *const store = handleOf(db, nullptr)) {
        const quint64 wal = m_walCopied.wal();
        m_walCopied.store(wal, checkpointPassively(store, "main", m_path));
        ++m_walCheckpoints;
    }
    // Cleared after: the commits meanwhile queued none; the next one copies what they added
    // (onWalCommit()).
    m_walCheckpointQueued = false;
}

void SessionStore::WalCopied::beganAgain()
{
    quint64 state = m_state.load();
    while (!m_state.compare_exchange_weak(state, (((state >> 32) + 1) << 32) | None)) { }
}

int SessionStore::WalCopied::take()
{
    const quint64 copied = m_state.fetch_or(None) & None;
    return copied == None ? -1 : int(copied);
}

void SessionStore::WalCopied::store(quint64 wal, int copied)
{
    quint64 state = m_state.load();
    while ((state >> 32) == wal && !m_state.compare_exchange_weak(state, (wal << 32) | quint32(copied))) { }
}

void SessionStore::runNextWriterJob()
{
    QMutexLocker lock(&m_writerQueueMutex);
    if (m_writerQueue.empty())
        return;
    WriterJob job = std::move(m_writerQueue.front());
    m_writerQueue.pop_front();
    if (!job.apply) {
        lock.unlock();
        job.run();
        --m_writerJobs;
        return;
    }
    QList<PendingApply> applies { std::move(*job.apply) };
    while (applies.size() < MaxAppliesPerTransaction && !m_writerQueue.empty() && m_writerQueue.front().apply
           && m_writerQueue.front().apply->durability == applies.first().durability) {
        applies.append(std::move(*m_writerQueue.front().apply));
        m_writerQueue.pop_front();
    }
    lock.unlock();
    const int taken = static_cast<int>(applies.size());
    applyTogether(std::move(applies));
    m_writerJobs -= taken;
}

void SessionStore::applyTogether(QList<PendingApply> applies)
{
    // The records of each; one whose records cannot be made is answered alone, with its error.
    QList<QList<SessionRecord>> lists;
    QList<PendingApply> made;
    MetaWrites meta;
    for (PendingApply &apply : applies) {
        QString error;
        if (std::optional<QList<SessionRecord>> records = apply.records(&error)) {
            lists.append(std::move(*records));
            if (!apply.metaKey.isEmpty())
                meta.append({ apply.metaKey, apply.metaValue });
            made.append(std::move(apply));
        } else {
            answerLater(apply.receiver, std::move(apply.done), std::optional<QList<Change>>(), error);
        }
    }
    if (made.isEmpty())
        return;
    QString error;
    const std::optional<QList<QList<Change>>> changes
        = applyEach(lists, &error, meta, made.first().durability);
    for (qsizetype i = 0; i < made.size(); ++i) {
        answerLater(made[i].receiver, std::move(made[i].done),
                    changes ? std::optional<QList<Change>>(changes->at(i)) : std::nullopt, error);
    }
}

template<typename Done, typename... Args>
void SessionStore::answerLater(const QPointer<QObject> &receiver, Done done, Args... args)
{
    // The store outlives its writer thread, unlike the receiver: done is called from here.
    QMetaObject::invokeMethod(
        this,
        [receiver, done = std::move(done), args...]() {
            if (receiver)
                done(args...);
        },
        Qt::QueuedConnection);
}

void SessionStore::writeGroupLater(const QList<LocalWrite> &writes, QObject *context, GroupDone done)
{
    onWriter({ [this, writes, receiver = QPointer<QObject>(context), done = std::move(done)]() {
                  QString error;
                  auto results = writeGroup(writes, &error);
                  answerLater(receiver, done, std::move(results), error);
              },
               {} });
}

void SessionStore::applyAllLater(RecordSource records, Durability durability, QObject *context,
                                 ApplyDone done, const QString &metaKey, const QString &metaValue)
{
    onWriter(
        { {},
          PendingApply { std::move(records), durability, context, std::move(done), metaKey, metaValue } });
}

bool SessionStore::writesQuicklyHere(qsizetype writes) const
{
    return writes >= 1 && writes <= MaxWritesHere && m_writerJobs == 0
        && m_quickCommits >= QuickCommitsNeeded;
}

std::optional<Change> SessionStore::writeOne(const LocalWrite &write, QString *error)
{
    const auto results = writeGroup({ write }, error);
    if (!results)
        return std::nullopt;
    if (!results->first().change && error)
        *error = results->first().error;
    return results->first().change;
}

QList<Change> SessionStore::upsertAll(const QList<SessionRecord> &records, QString *error,
                                      OverTombstone overTombstone)
{
    QList<Change> changes;
    {
        QMutexLocker lock(&m_writeMutex);
        if (!m_open) {
            if (error)
                *error = QStringLiteral("session store: not open");
            return {};
        }
        QSqlDatabase db = connection();
        Transaction tx(*this, db);
        if (!tx.begin(error))
            return {};
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const auto kind
            = overTombstone == OverTombstone::Refuse ? LocalWrite::Kind::Upsert : LocalWrite::Kind::Restore;
        quint64 offset = m_lastOffset;
        QString why;
        for (const SessionRecord &in : records) {
            Change c;
            if (stage(db, { kind, in }, now, &offset, &c, &why) != Staged::Written) {
                if (error)
                    *error = why;
                return {}; // all or nothing
            }
            changes.append(c);
        }
        if (!tx.commit(error))
            return {};
        m_lastOffset = offset;
        noteCommit();
    }
    for (const Change &c : std::as_const(changes))
        Q_EMIT changed(c);
    if (!changes.isEmpty())
        Q_EMIT changesCommitted();
    return changes;
}

std::optional<Change> SessionStore::upsert(const SessionRecord &record, QString *error,
                                           OverTombstone overTombstone)
{
    return writeOne(
        { overTombstone == OverTombstone::Refuse ? LocalWrite::Kind::Upsert : LocalWrite::Kind::Restore,
          record },
        error);
}

std::optional<Change> SessionStore::remove(const QString &id, QString *error, bool ended)
{
    SessionRecord r;
    r.id = id;
    return writeOne({ ended ? LocalWrite::Kind::Remove : LocalWrite::Kind::RemoveEndPending, r }, error);
}

std::optional<Change> SessionStore::confirmEnded(const QString &id, QString *error)
{
    SessionRecord r;
    r.id = id;
    return writeOne({ LocalWrite::Kind::ConfirmEnded, r }, error);
}

quint64 SessionStore::commits() const
{
    return m_commits;
}

std::optional<Change> SessionStore::apply(const SessionRecord &record, QString *error)
{
    const auto changes = applyAll({ record }, error);
    if (!changes || changes->isEmpty())
        return std::nullopt;
    return changes->first();
}

std::optional<QList<Change>> SessionStore::applyAll(const QList<SessionRecord> &records, QString *error,
                                                    const QString &metaKey, const QString &metaValue,
                                                    Durability durability)
{
    std::optional<QList<QList<Change>>> changes
        = applyEach({ records }, error,
                    metaKey.isEmpty() ? MetaWrites() : MetaWrites { { metaKey, metaValue } }, durability);
    if (!changes)
        return std::nullopt;
    return changes->first();
}

std::optional<QList<QList<Change>>> SessionStore::applyEach(const QList<QList<SessionRecord>> &lists,
                                                            QString *error, const MetaWrites &meta,
                                                            Durability durability)
{
    if (error)
        error->clear();
    QList<QList<Change>> changes;
    {
        QMutexLocker lock(&m_writeMutex);
        if (!m_open) {
            if (error)
                *error = QStringLiteral("session store: not open");
            return std::nullopt;
        }
        QSqlDatabase db = connection();
        Transaction tx(*this, db, durability);
        if (!tx.begin(error))
            return std::nullopt;
        for (const QList<SessionRecord> &records : lists) {
            QList<Change> &stored = changes.emplace_back();
            for (const SessionRecord &record : records) {
                if (record.id.isEmpty()) {
                    if (error)
                        *error = QStringLiteral("session store: a session record needs an id");
                    return std::nullopt;
                }
                const std::optional<bool> won = writeIfNewer(db, record, error);
                if (!won)
                    return std::nullopt;
                if (*won)
                    stored.append(
                        Change { record.deleted ? Change::Kind::Remove : Change::Kind::Upsert, record, 0 });
            }
        }
        for (const auto &[key, value] : meta)
            if (!writeMeta(db, key, value, error))
                return std::nullopt;
        if (!tx.commit(error))
            return std::nullopt;
        noteCommit();
    }
    for (const QList<Change> &stored : std::as_const(changes))
        for (const Change &c : stored)
            Q_EMIT applied(c);
    return changes;
}

namespace {

// A connection of SQLite's own, beside Qt Sql's: for images (image(), installImage()).
struct SqliteCloser {
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using SqliteConnection = std::unique_ptr<sqlite3, SqliteCloser>;

bool runSql(sqlite3 *db, const char *sql, QString *why)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    *why = QStringLiteral("'%1' failed: %2")
               .arg(QString::fromUtf8(sql), QString::fromUtf8(message ? message : sqlite3_errmsg(db)));
    sqlite3_free(message);
    return false;
}

// sql compiled on db, for one use; null with *why when SQLite cannot compile it.
std::unique_ptr<Statement> prepareOnce(sqlite3 *db, const QByteArray &sql, QString *why)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
        *why = QStringLiteral("cannot prepare %1: %2")
                   .arg(QString::fromUtf8(sql), QString::fromUtf8(sqlite3_errmsg(db)));
        sqlite3_finalize(stmt);
        return nullptr;
    }
    return std::make_unique<Statement>(db, stmt);
}

// The one integer a query returns; nullopt with *why.
std::optional<qint64> integerOf(sqlite3 *db, const char *sql, QString *why)
{
    const std::unique_ptr<Statement> q = prepareOnce(db, sql, why);
    if (!q)
        return std::nullopt;
    if (!q->next(why)) {
        if (why->isEmpty())
            *why = QStringLiteral("'%1' returned nothing").arg(QString::fromUtf8(sql));
        return std::nullopt;
    }
    const qint64 value = q->integer(0);
    q->reset();
    return value;
}

// Copies the rows of a SELECT on from into an INSERT with as many parameters on to, each value as
// the type it has.
bool copyRows(sqlite3 *from, const QByteArray &select, sqlite3 *to, const QByteArray &insert, int columns,
              QString *why)
{
    const std::unique_ptr<Statement> read = prepareOnce(from, select, why);
    const std::unique_ptr<Statement> write = read ? prepareOnce(to, insert, why) : nullptr;
    if (!write)
        return false;
    while (read->next(why)) {
        for (int c = 0; c < columns; ++c) {
            switch (sqlite3_column_type(read->handle(), c)) {
            case SQLITE_INTEGER:
                write->bind(c + 1, read->integer(c));
                break;
            case SQLITE_TEXT:
                write->bind(c + 1, read->text(c));
                break;
            case SQLITE_NULL:
                sqlite3_bind_null(write->handle(), c + 1);
                break;
            default:
                write->bind(c + 1, read->blob(c));
            }
        }
        if (write->run(why) < 0) {
            read->reset();
            return false;
        }
    }
    return why->isEmpty();
}

// Every table, index, trigger and view of a database, as SQLite keeps their definitions; nullopt
// with *why when it cannot be read.
std::optional<QStringList> schemaOf(sqlite3 *db, QString *why)
{
    const std::unique_ptr<Statement> q = prepareOnce(
        db, "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_schema ORDER BY type, name", why);
    if (!q)
        return std::nullopt;
    QStringList schema;
    while (q->next(why))
        schema.append(QStringLiteral("%1 %2 on %3: %4").arg(q->text(0), q->text(1), q->text(2), q->text(3)));
    if (!why->isEmpty())
        return std::nullopt;
    return schema;
}

constexpr char SqliteHeader[] = "SQLite format 3";

// An image (SessionStore::image()) opened in memory, on a connection of its own, in a copy that
// SQLite may grow and frees itself; marked as a rollback-journal database (header bytes 18 and
// 19: an in-memory database cannot be in WAL mode), which the backup into a WAL store marks back.
// Null with *why when it is not an SQLite database of schema version schemaVersion.
SqliteConnection openImage(const QByteArray &image, int schemaVersion, QString *why)
{
    if (image.size() < 100 || !image.startsWith(QByteArrayView(SqliteHeader, sizeof(SqliteHeader)))) {
        *why = QStringLiteral("%1 bytes that are not an SQLite database").arg(image.size());
        return nullptr;
    }
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    SqliteConnection mem(raw);
    if (rc != SQLITE_OK) {
        *why = raw ? QString::fromUtf8(sqlite3_errmsg(raw)) : QString::fromUtf8(sqlite3_errstr(rc));
        return nullptr;
    }
    auto *copy = static_cast<unsigned char *>(sqlite3_malloc64(static_cast<sqlite3_uint64>(image.size())));
    if (!copy) {
        *why = QStringLiteral("no memory for %1 bytes").arg(image.size());
        return nullptr;
    }
    std::memcpy(copy, image.constData(), static_cast<size_t>(image.size()));
    copy[18] = copy[19] = 1;
    if (sqlite3_deserialize(raw, "main", copy, image.size(), image.size(),
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
        != SQLITE_OK) {
        *why = QString::fromUtf8(sqlite3_errmsg(raw));
        return nullptr;
    }
    const std::optional<qint64> version = integerOf(raw, "PRAGMA user_version", why);
    if (!version)
        return nullptr;
    if (*version != schemaVersion) {
        *why = QStringLiteral("it has schema version %1, this node's store %2")
                   .arg(*version)
                   .arg(schemaVersion);
        return nullptr;
    }
    return mem;
}

// Empty when an image's schema (schemaOf()) is the store's, else the first entry that differs.
QString schemaDifference(const QStringList &theirs, const QStringList &ours)
{
    if (theirs == ours)
        return {};
    qsizetype i = 0;
    while (i < theirs.size() && i < ours.size() && theirs.at(i) == ours.at(i))
        ++i;
    const auto entry = [](const QStringList &schema, qsizetype at) {
        return at < schema.size() ? QStringLiteral("'%1'").arg(schema.at(at))
                                  : QStringLiteral("nothing more");
    };
    return QStringLiteral("its schema differs from this node's store: the image has %1, this store %2")
        .arg(entry(theirs, i), entry(ours, i));
}

} // namespace

std::optional<QByteArray> SessionStore::image(qint64 maxBytes, QString *error) const
{
    QString why;
    const auto fail = [&]() -> std::optional<QByteArray> {
        if (error)
            *error = QStringLiteral("session store: cannot read an image of %1: %2").arg(m_path, why);
        return std::nullopt;
    };
    if (!m_open) {
        why = QStringLiteral("not open");
        return fail();
    }
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(m_path).constData(), &raw, SQLITE_OPEN_READONLY, Vfs);
    const SqliteConnection db(raw);
    if (rc != SQLITE_OK) {
        why = raw ? QString::fromUtf8(sqlite3_errmsg(raw)) : QString::fromUtf8(sqlite3_errstr(rc));
        return fail();
    }
    sqlite3_busy_timeout(raw, 10000);
    // The size and the pages in one read transaction, begun by the first read.
    if (!runSql(raw, "BEGIN", &why))
        return fail();
    const std::optional<qint64> pages = integerOf(raw, "SELECT COUNT(*) FROM meta", &why)
        ? integerOf(raw, "PRAGMA page_count", &why)
        : std::nullopt;
    const std::optional<qint64> pageSize = pages ? integerOf(raw, "PRAGMA page_size", &why) : std::nullopt;
    if (!pageSize)
        return fail();
    if (*pages * *pageSize > maxBytes) {
        why = QStringLiteral("%1 bytes, more than the %2 an image may have")
                  .arg(*pages * *pageSize)
                  .arg(maxBytes);
        return fail();
    }
    sqlite3_int64 size = 0;
    unsigned char *bytes = sqlite3_serialize(raw, "main", &size, 0);
    if (!bytes) {
        why = QStringLiteral("sqlite3_serialize failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(raw)));
        return fail();
    }
    QByteArray out(reinterpret_cast<const char *>(bytes), static_cast<qsizetype>(size));
    sqlite3_free(bytes);
    runSql(raw, "COMMIT", &why); // a read transaction: nothing to lose
    return out;
}

std::optional<int> SessionStore::installImage(const QByteArray &image, QString *error, const QString &metaKey,
                                              const QString &metaValue)
{
    QString why;
    const auto fail = [&]() -> std::optional<int> {
        if (error)
            *error = QStringLiteral("session store: cannot take the peer's image: %1").arg(why);
        return std::nullopt;
    };
    if (!m_open) {
        why = QStringLiteral("not open");
        return fail();
    }
    const SqliteConnection mem = openImage(image, SchemaVersion, &why);
    const std::unique_ptr<Statement> rows = mem ? prepareOnce(mem.get(), selectSql(""), &why) : nullptr;
    const std::optional<QStringList> theirs = rows ? schemaOf(mem.get(), &why) : std::nullopt;
    if (!theirs)
        return fail();
    {
        QMutexLocker lock(&m_writeMutex);
        QSqlDatabase db = connection();
        // Exactly this store's tables and indexes, nothing else (no trigger, no view): the pages
        // become this store's own. (A store whose schema a migration changed differs from a new
        // one's text: then the peer sends records.)
        sqlite3 *const store = handleOf(db, &why);
        const std::optional<QStringList> ours = store ? schemaOf(store, &why) : std::nullopt;
        if (!ours || !(why = schemaDifference(*theirs, *ours)).isEmpty())
            return fail();
        Statement *any = statement(db, QByteArrayLiteral("SELECT 1 FROM sessions LIMIT 1"), &why);
        const bool empty = any && !any->next(&why) && why.isEmpty();
        if (any && !empty)
            any->reset();
        if (!why.isEmpty())
            return fail();
        if (empty) {
            const std::optional<int> records = replaceWithImage(mem.get(), db, metaKey, metaValue, &why);
            if (!records)
                return fail();
            noteCommit();
            lock.unlock();
            Q_EMIT replaced(*records);
            // As a merge says what it stored, for whoever follows it (a logged-in console): read
            // back from the image only then.
            if (isSignalConnected(QMetaMethod::fromSignal(&SessionStore::applied)))
                while (rows->next(&why)) {
                    const SessionRecord r = readColumns(*rows);
                    Q_EMIT applied(Change { r.deleted ? Change::Kind::Remove : Change::Kind::Upsert, r, 0 });
                }
            return records;
        }
    }
    // A local write came first: the image's records are merged like a snapshot's.
    QList<SessionRecord> records;
    while (rows->next(&why))
        records.append(readColumns(*rows));
    if (!why.isEmpty())
        return fail();
    const std::optional<QList<Change>> changes = applyAll(records, error, metaKey, metaValue);
    if (!changes)
        return std::nullopt;
    return static_cast<int>(changes->size());
}

std::optional<int> SessionStore::replaceWithImage(sqlite3 *image, QSqlDatabase &db, const QString &metaKey,
                                                  const QString &metaValue, QString *error)
{
    sqlite3 *const store = handleOf(db, error);
    if (!store)
        return std::nullopt;
    // This node's journal and meta in the image in place of the sender's: the node keeps its
    // ids, its own stream's offsets and its positions in the peer's stream.
    if (!runSql(image, "BEGIN", error) || !runSql(image, "DELETE FROM journal", error)
        || !runSql(image, "DELETE FROM meta", error)
        || !copyRows(store, "SELECT offset, kind, record FROM journal", image,
                     "INSERT INTO journal (offset, kind, record) VALUES (?, ?, ?)", 3, error)
        || !copyRows(store, "SELECT key, value FROM meta", image,
                     "INSERT INTO meta (key, value) VALUES (?, ?)", 2, error))
        return std::nullopt;
    if (!metaKey.isEmpty()) {
        const std::unique_ptr<Statement> q
            = prepareOnce(image, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);
        if (!q)
            return std::nullopt;
        q->bind(1, metaKey);
        q->bind(2, metaValue);
        if (q->run(error) < 0)
            return std::nullopt;
    }
    const std::optional<qint64> records = runSql(image, "COMMIT", error)
        ? integerOf(image, "SELECT COUNT(*) FROM sessions", error)
        : std::nullopt;
    if (!records)
        return std::nullopt;
    // Every page in one step: one write transaction on the store, synced (synchronous=FULL),
    // which readers see whole or not at all.
    if (!useSynchronous(db, Durability::Synced, error))
        return std::nullopt;
    sqlite3_backup *backup = sqlite3_backup_init(store, "main", image, "main");
    if (!backup) {
        *error = QStringLiteral("cannot begin the backup: %1").arg(QString::fromUtf8(sqlite3_errmsg(store)));
        return std::nullopt;
    }
    const int stepped = sqlite3_backup_step(backup, -1);
    const int finished = sqlite3_backup_finish(backup);
    if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
        *error = QStringLiteral("the backup into %1 failed: %2")
                     .arg(m_path, QString::fromUtf8(sqlite3_errmsg(store)));
        return std::nullopt;
    }
    return static_cast<int>(*records);
}

void SessionStore::installImageLater(QByteArray image, QObject *context, ImageDone done,
                                     const QString &metaKey, const QString &metaValue)
{
    onWriter({ [this, image = std::move(image), receiver = QPointer<QObject>(context), done = std::move(done),
                metaKey, metaValue]() mutable {
                  QString error;
                  const std::optional<int> records = installImage(image, &error, metaKey, metaValue);
                  image = {}; // the memory back before the checkpoint
                  answerLater(receiver, done, records, error);
                  // The image's pages are in the WAL now: copied into the database file here, off
                  // the caller's loop, not by the next commit there (an automatic checkpoint).
                  if (records) {
                      QSqlDatabase db = connection();
                      if (sqlite3 *store = handleOf(db, nullptr))
                          checkpointPassively(store, "main", m_path);
                  }
              },
               {} });
}

int SessionStore::synchronousLevel() const
{
    QSqlDatabase db = connection();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA synchronous")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool SessionStore::writeMeta(QSqlDatabase &db, const QString &key, const QString &value, QString *error)
{
    QString why;
    // An existing key's value is updated in place: INSERT OR REPLACE would delete and insert the
    // row, writing the key's index page too (a page more in every replication batch's commit).
    Statement *q = statement(db,
                             QByteArrayLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                             &why);
    if (q) {
        q->bind(1, key);
        q->bind(2, value);
    }
    if (!q || q->run(&why) < 0) {
        if (error)
            *error = QStringLiteral("session store: cannot write %1: %2").arg(key, why);
        return false;
    }
    return true;
}

QString SessionStore::meta(const QString &key) const
{
    if (!m_open)
        return {};
    QSqlDatabase db = connection();
    QString why;
    QString value;
    if (Statement *q = statement(db, QByteArrayLiteral("SELECT value FROM meta WHERE key = ?"), &why)) {
        q->bind(1, key);
        if (q->next(&why)) {
            value = q->text(0);
            q->reset(); // one row per key
        }
    }
    if (!why.isEmpty())
        qCWarning(lcSession).noquote() << "session store: cannot read" << key << ":" << why;
    return value;
}

bool SessionStore::setMeta(const QString &key, const QString &value, QString *error)
{
    QMutexLocker lock(&m_writeMutex);
    if (!m_open) {
        if (error)
            *error = QStringLiteral("session store: not open");
        return false;
    }
    QSqlDatabase db = connection();
    if (!useSynchronous(db, Durability::Synced, error) || !writeMeta(db, key, value, error))
        return false;
    noteCommit();
    return true;
}

std::optional<SessionRecord> SessionStore::get(const QString &id, bool includeDeleted) const
{
    if (!m_open)
        return std::nullopt;
    QSqlDatabase db = connection();
    QString error;
    auto r = getWith(db, id, &error);
    if (!error.isEmpty())
        qCWarning(lcSession).noquote() << error;
    if (r && r->deleted && !includeDeleted)
        return std::nullopt;
    return r;
}

QList<SessionRecord> SessionStore::select(const QByteArray &sql, const QString &bind) const
{
    QList<SessionRecord> out;
    if (!m_open)
        return out;
    QSqlDatabase db = connection();
    QString why;
    if (Statement *q = statement(db, sql, &why)) {
        if (!bind.isNull())
            q->bind(1, bind);
        while (q->next(&why))
            out.append(readColumns(*q));
    }
    if (!why.isEmpty())
        qCWarning(lcSession).noquote() << "session store: listing sessions failed:" << why;
    return out;
}

QList<SessionRecord> SessionStore::list(bool includeDeleted) const
{
    static const QByteArray all = selectSql("ORDER BY created, id");
    static const QByteArray live = selectSql("WHERE deleted = 0 ORDER BY created, id");
    return select(includeDeleted ? all : live, QString());
}

namespace {

// Oldest first (created, then id), as list() has them. Sorted here, not by an ORDER BY: the
// indexes are by user and by agent alone, so SQLite sorted the few rows of one user in a
// temporary b-tree of its own, a fifth of each lookup of a broker request.
QList<SessionRecord> oldestFirst(QList<SessionRecord> records)
{
    std::sort(records.begin(), records.end(), [](const SessionRecord &a, const SessionRecord &b) {
        return a.created != b.created ? a.created < b.created : a.id < b.id;
    });
    return records;
}

} // namespace

QList<SessionRecord> SessionStore::listByUser(const QString &user) const
{
    static const QByteArray sql = selectSql("WHERE deleted = 0 AND user = ?");
    return oldestFirst(select(sql, user));
}

QList<SessionRecord> SessionStore::listByAgent(const QString &agent) const
{
    static const QByteArray sql = selectSql("WHERE deleted = 0 AND agent = ?");
    return oldestFirst(select(sql, agent));
}

QList<SessionRecord> SessionStore::listEndPending(const QString &agent) const
{
    static const QByteArray sql = selectSql("WHERE deleted = 1 AND pid <> 0 AND agent = ?");
    return oldestFirst(select(sql, agent));
}

int SessionStore::count(bool includeDeleted) const
{
    SessionMatch match;
    match.liveOnly = !includeDeleted;
    return count(match, nullptr).value_or(0);
}

namespace {

// The WHERE clause of a match (and of the ids after one, for a page) and its parameters.
struct Where {
    QByteArray sql; // empty: every row
    QStringList texts; // bound first, in order
    std::optional<qint64> display; // then this

    Where(const SessionMatch &match, const QString *afterId)
    {
        QByteArrayList conditions;
        if (afterId) {
            conditions.append("id > ?");
            texts.append(*afterId);
        }
        if (match.liveOnly)
            conditions.append("deleted = 0");
        if (!match.user.isEmpty()) {
            conditions.append("user = ?");
            texts.append(match.user);
        }
        if (!match.agent.isEmpty()) {
            conditions.append("agent = ?");
            texts.append(match.agent);
        }
        if (match.display) {
            conditions.append("display = ?");
            display = *match.display;
        }
        if (!conditions.isEmpty())
            sql = "WHERE " + conditions.join(" AND ");
    }

    // Binds the parameters; returns the number of the next one.
    int bind(Statement &q) const
    {
        int column = 1;
        for (const QString &text : texts)
            q.bind(column++, text);
        if (display)
            q.bind(column++, *display);
        return column;
    }
};

} // namespace

std::optional<QList<SessionRecord>> SessionStore::listPage(const QString &afterId, int limit, QString *error,
                                                           const SessionMatch &match) const
{
    if (!m_open) {
        if (error)
            *error = QStringLiteral("session store: not open");
        return std::nullopt;
    }
    // Read once per chunk of every snapshot sent: on SQLite's handle, without a QVariant per
    // column. Statements are kept per SQL text: a few, one per combination of match's fields.
    const Where where(match, &afterId);
    QSqlDatabase db = connection();
    QString why;
    Statement *q = statement(db, selectSql(where.sql + " ORDER BY id LIMIT ?"), &why);
    QList<SessionRecord> out;
    if (q) {
        q->bind(where.bind(*q), static_cast<qint64>(limit));
        out.reserve(limit);
        while (q->next(&why))
            out.append(readColumns(*q));
    }
    if (!why.isEmpty()) {
        // Never a short page: that would read as the end of the sessions.
        if (error)
            *error = QStringLiteral("session store: cannot read a page of sessions: %1").arg(why);
        return std::nullopt;
    }
    return out;
}

std::optional<int> SessionStore::count(const SessionMatch &match, QString *error) const
{
    if (!m_open) {
        if (error)
            *error = QStringLiteral("session store: not open");
        return std::nullopt;
    }
    const Where where(match, nullptr);
    QSqlDatabase db = connection();
    QString why;
    std::optional<int> n;
    if (Statement *q = statement(db, "SELECT COUNT(*) FROM sessions " + where.sql, &why)) {
        where.bind(*q);
        if (q->next(&why)) {
            n = static_cast<int>(q->integer(0));
            q->reset();
        }
    }
    if (!n && error)
        *error = QStringLiteral("session store: cannot count sessions: %1")
                     .arg(why.isEmpty() ? QStringLiteral("no result") : why);
    return n;
}

QList<Change> SessionStore::changesSince(quint64 offset, bool *complete, int limit, QString *unreadable) const
{
    QList<Change> out;
    if (complete)
        *complete = false;
    if (unreadable)
        unreadable->clear();
    if (!m_open)
        return out;
    QSqlDatabase db = connection();
    const quint64 last = lastOffset();
    if (offset >= last) {
        if (complete)
            *complete = offset == last;
        return out;
    }
    const auto fail = [&](const QString &why) {
        if (unreadable)
            *unreadable = why;
        return out;
    };
    // LIMIT -1 is SQLite's "no limit".
    QString why;
    Statement *q
        = statement(db,
                    QByteArrayLiteral(
                        "SELECT offset, kind, record FROM journal WHERE offset > ? ORDER BY offset LIMIT ?"),
                    &why);
    if (!q)
        return fail(QStringLiteral("cannot read the journal after offset %1: %2").arg(offset).arg(why));
    q->bind(1, static_cast<qint64>(offset));
    q->bind(2, static_cast<qint64>(limit > 0 ? limit : -1));
    quint64 expected = offset + 1;
    bool gapless = true;
    while (q->next(&why)) {
        const auto o = static_cast<quint64>(q->integer(0));
        if (o != expected)
            gapless = false;
        expected = o + 1;
        QString error;
        const auto rec = fromJournal(q->blob(2), &error);
        if (!rec) {
            q->reset();
            return fail(
                QStringLiteral("the journal's change at offset %1 cannot be read: %2").arg(o).arg(error));
        }
        out.append(Change {
            q->text(1) == QLatin1String("remove") ? Change::Kind::Remove : Change::Kind::Upsert, *rec, o });
    }
    if (!why.isEmpty())
        return fail(QStringLiteral("cannot read the journal after offset %1: %2").arg(expected - 1).arg(why));
    if (complete)
        *complete = gapless && !out.isEmpty() && (out.last().offset >= last || out.size() == limit);
    return out;
}

quint64 SessionStore::firstJournalOffset() const
{
    if (!m_open)
        return 0;
    QSqlDatabase db = connection();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COALESCE(MIN(offset), 0) FROM journal")) || !q.next())
        return 0;
    return q.value(0).toULongLong();
}

int SessionStore::purgeTombstones(qint64 olderThanMs, QString *error, bool keepEndPending)
{
    QMutexLocker lock(&m_writeMutex);
    QSqlDatabase db = connection();
    if (!useSynchronous(db, Durability::Synced, error))
        return -1;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM sessions WHERE deleted = 1 AND updated < ?")
              + (keepEndPending ? QStringLiteral(" AND pid = 0") : QString()));
    q.addBindValue(olderThanMs);
    if (!q.exec()) {
        if (error)
            *error = QStringLiteral("session store: cannot purge tombstones: %1").arg(sqlError(q));
        return -1;
    }
    noteCommit();
    return q.numRowsAffected();
}

} // namespace Store
