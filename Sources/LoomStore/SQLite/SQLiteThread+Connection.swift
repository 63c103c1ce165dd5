// SQLiteThread+Connection: opening a connection with the pragmas its role needs.

internal import LoomSQLite

extension SQLiteThread {
    /// Milliseconds a connection waits for a lock held elsewhere (`loom migrate` in another
    /// process, a backup) before failing busy.
    static let busyTimeoutMilliseconds: Int32 = 5_000

    /// Opens the connection on the calling (this object's) thread.
    func openConnection() throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: path)
        database.setBusyTimeout(milliseconds: Self.busyTimeoutMilliseconds)
        switch role {
        case .writer:
            // WAL: readers never block the writer nor it them, and a commit is one sequential
            // append instead of rewriting pages in place. The mode is stored in
            // the file, so setting it on every open is a no-op after the first.
            let mode = try database.query("PRAGMA journal_mode = WAL").first?.first
            guard mode == .text("wal") else {
                throw SQLiteStoreError.walUnavailable(journalMode: mode.map { "\($0)" } ?? "unknown")
            }
            // NORMAL: COMMIT does not fsync; the syncer thread does, for the writes that must be
            // durable before their caller hears back (see SQLiteSyncer).
            try database.execute("PRAGMA synchronous = NORMAL")
            try database.execute("PRAGMA foreign_keys = ON")
            // Savepoint sub-journals and sorts stay in memory rather than temp files.
            try database.execute("PRAGMA temp_store = MEMORY")
            // After a checkpoint, truncate the log back to 64 MiB instead of keeping its peak size.
            try database.execute("PRAGMA journal_size_limit = 67108864")
            // 4 MiB of page cache (allocated as used). Deliveries mostly touch the right edge of
            // time-ordered B-trees; a miss on a random index page is a read from the OS page
            // cache, cheaper than holding tens of MiB of resident memory per process.
            try database.execute("PRAGMA cache_size = -4096")
        case .checkpointer:
            // Checkpoints copy pages into the database file, so this one may write; its
            // synchronous level (FULL, the default) fsyncs the log before and the file after.
            break
        case .reader:
            // Opened read-write but refusing writes: a read-only open of a WAL database needs the
            // -shm file to exist already and fails in odd ways when it does not.
            try database.execute("PRAGMA query_only = 1")
            try database.execute("PRAGMA temp_store = MEMORY")
            try database.execute("PRAGMA cache_size = -2048")
        }
        return database
    }
}
