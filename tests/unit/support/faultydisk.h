#pragma once

// A disk that stalls or fails under a session store, for the unit tests of the classes on top
// of it (link with SQLite::SQLite3).

#include <QByteArray>
#include <QMutex>
#include <QThread>

#include <atomic>
#include <sqlite3.h>

namespace TestSupport {

// The store's VFS (unix-excl) with every xSync made to wait syncDelayMs first, and made to fail
// (SQLITE_IOERR_FSYNC, as a disk that lost the write reports it) for the files whose path
// contains failSyncsOf()'s text while failing is set. Registered in front of unix-excl under
// its name, so that connections opened afterwards, which ask SQLite for that name, get this
// one; everything but xOpen and xSync is unix-excl's own.
class FaultyDiskVfs {
public:
    static inline std::atomic<int> syncDelayMs { 0 };
    static inline std::atomic<bool> failing { false };
    // The fsyncs made to fail so far.
    static inline std::atomic<int> failedSyncs { 0 };

    static bool install()
    {
        if (s_vfs.zName)
            return true;
        s_base = sqlite3_vfs_find("unix-excl");
        if (!s_base)
            return false;
        s_vfs = *s_base; // its name too: sqlite3_vfs_find() returns the first of a name
        s_vfs.szOsFile = static_cast<int>(sizeof(File)) + s_base->szOsFile;
        s_vfs.xOpen = open;
        return sqlite3_vfs_register(&s_vfs, 1) == SQLITE_OK;
    }

    // The files opened from now on whose path contains text fail their fsyncs while failing is
    // set (empty: none).
    static void failSyncsOf(const QByteArray &text)
    {
        QMutexLocker lock(&s_mutex);
        s_failing = text;
    }

private:
    // Our part of a file, the default VFS's right behind it.
    struct File {
        sqlite3_file head;
        bool mayFail;
        sqlite3_file *real() { return reinterpret_cast<sqlite3_file *>(this + 1); }
    };
    static sqlite3_file *real(sqlite3_file *f) { return reinterpret_cast<File *>(f)->real(); }

    static int open(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags)
    {
        auto *file = reinterpret_cast<File *>(f);
        file->head.pMethods = nullptr;
        {
            QMutexLocker lock(&s_mutex);
            file->mayFail = name && !s_failing.isEmpty() && QByteArray(name).contains(s_failing);
        }
        const int rc = s_base->xOpen(s_base, name, file->real(), flags, outFlags);
        if (rc == SQLITE_OK && file->real()->pMethods)
            file->head.pMethods = &s_methods;
        return rc;
    }
    static int sync(sqlite3_file *f, int flags)
    {
        if (const int ms = syncDelayMs.load())
            QThread::msleep(static_cast<unsigned long>(ms));
        if (reinterpret_cast<File *>(f)->mayFail && failing.load()) {
            ++failedSyncs;
            return SQLITE_IOERR_FSYNC;
        }
        return real(f)->pMethods->xSync(real(f), flags);
    }

    static inline QMutex s_mutex;
    static inline QByteArray s_failing;
    static inline sqlite3_vfs *s_base = nullptr;
    static inline sqlite3_vfs s_vfs {};
    static inline const sqlite3_io_methods s_methods {
        3,
        [](sqlite3_file *f) { return real(f)->pMethods->xClose(real(f)); },
        [](sqlite3_file *f, void *b, int n, sqlite3_int64 o) {
            return real(f)->pMethods->xRead(real(f), b, n, o);
        },
        [](sqlite3_file *f, const void *b, int n, sqlite3_int64 o) {
            return real(f)->pMethods->xWrite(real(f), b, n, o);
        },
        [](sqlite3_file *f, sqlite3_int64 size) { return real(f)->pMethods->xTruncate(real(f), size); },
        sync,
        [](sqlite3_file *f, sqlite3_int64 *size) { return real(f)->pMethods->xFileSize(real(f), size); },
        [](sqlite3_file *f, int lock) { return real(f)->pMethods->xLock(real(f), lock); },
        [](sqlite3_file *f, int lock) { return real(f)->pMethods->xUnlock(real(f), lock); },
        [](sqlite3_file *f, int *out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); },
        [](sqlite3_file *f, int op, void *arg) { return real(f)->pMethods->xFileControl(real(f), op, arg); },
        [](sqlite3_file *f) { return real(f)->pMethods->xSectorSize(real(f)); },
        [](sqlite3_file *f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); },
        [](sqlite3_file *f, int region, int size, int extend, void volatile **p) {
            return real(f)->pMethods->xShmMap(real(f), region, size, extend, p);
        },
        [](sqlite3_file *f, int offset, int n, int flags) {
            return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
        },
        [](sqlite3_file *f) { real(f)->pMethods->xShmBarrier(real(f)); },
        [](sqlite3_file *f, int deleteFlag) { return real(f)->pMethods->xShmUnmap(real(f), deleteFlag); },
        [](sqlite3_file *f, sqlite3_int64 o, int n, void **p) {
            return real(f)->pMethods->xFetch(real(f), o, n, p);
        },
        [](sqlite3_file *f, sqlite3_int64 o, void *p) { return real(f)->pMethods->xUnfetch(real(f), o, p); },
    };
};

} // namespace TestSupport
