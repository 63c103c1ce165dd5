// SQLiteThread+GroupCommit: many writes in one transaction; a failing write fails alone.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
internal import LoomSQLite

extension SQLiteThread {
    /// Runs `batch` in one `BEGIN IMMEDIATE … COMMIT`, then reports each operation's end —
    /// durable ones through the syncer, after an fsync (see `SQLiteSyncer`).
    ///
    /// Failure isolation: the first pass runs the operations back to back, with nothing between
    /// them (the common case, where nothing fails, pays for nothing else). If one throws, the
    /// transaction is rolled back and the batch runs again with each operation inside its own
    /// SAVEPOINT, so that one is rolled back alone and the others still commit. If the
    /// transaction itself fails (BEGIN, COMMIT, or an error after which SQLite rolled everything
    /// back, such as a full disk), every operation gets that error: none of them is durable.
    ///
    /// Durability: the connection commits with `synchronous=NORMAL` (no fsync inside COMMIT);
    /// the syncer fsyncs the log for durable operations while this thread goes on. Queue
    /// bookkeeping (claims, lease renewals, job results) returns right after COMMIT: a power cut
    /// (not a crash of Loom: the data is already in the OS) may lose the last such commits, but
    /// never corrupts the file and never loses anything a later fsync covered — the log is
    /// appended in order and each fsync covers all earlier frames. Losing a claim or a result is
    /// safe: the job is still `queued`, or `processing` with a lease whose expiry puts it back.
    func commitGroup(_ batch: [SQLiteOperation], _ cache: SQLiteConnection) {
        let started = clock.now()
        let cpuStarted = Self.threadCPUNanoseconds()
        var errors = [(any Error)?](repeating: nil, count: batch.count)
        var commitTime: Int64 = 0
        do {
            try cache.noticeOtherWriters()
            if let failed = try runTransaction(batch, cache, errors: &errors, isolated: false, commitTime: &commitTime) {
                errors[failed.index] = failed.error
                _ = try runTransaction(batch, cache, errors: &errors, isolated: true, commitTime: &commitTime)
            }
        } catch {
            for index in errors.indices where errors[index] == nil { errors[index] = error }
        }
        // Rows cached by operations whose changes were rolled back must not outlive them.
        if errors.contains(where: { $0 != nil }) { cache.forgetCachedRows() }
        record(batchSize: batch.count, busy: Int64(clock.now().nanoseconds - started.nanoseconds), commit: commitTime,
               cpu: Self.threadCPUNanoseconds() - cpuStarted)
        finish(batch, errors)
    }

    /// One attempt at the batch, skipping operations that already failed. Not isolated: stops
    /// at the first failing operation, rolls back and returns it. Isolated: records failures in
    /// `errors` and commits the rest. Throws when the transaction as a whole failed.
    private func runTransaction(_ batch: [SQLiteOperation], _ cache: SQLiteConnection, errors: inout [(any Error)?],
                                isolated: Bool, commitTime: inout Int64) throws -> (index: Int, error: any Error)? {
        try cache.statement("BEGIN IMMEDIATE").run()
        do {
            for index in batch.indices where errors[index] == nil {
                if isolated {
                    errors[index] = try runIsolated(batch[index], cache)
                } else {
                    do {
                        try batch[index].run(cache)
                    } catch {
                        _ = try? cache.statement("ROLLBACK").run()
                        cache.forgetCachedRows()
                        return (index, error)
                    }
                }
            }
            let commitStarted = clock.now()
            try cache.statement("COMMIT").run()
            commitTime += Int64(clock.now().nanoseconds - commitStarted.nanoseconds)
            return nil
        } catch {
            _ = try? cache.statement("ROLLBACK").run()
            cache.forgetCachedRows()
            throw error
        }
    }

    /// Runs `operation` inside a savepoint; returns its error after rolling back to the savepoint.
    /// Throws when even that fails (SQLite already rolled back the whole transaction).
    private func runIsolated(_ operation: SQLiteOperation, _ cache: SQLiteConnection) throws -> (any Error)? {
        try cache.statement("SAVEPOINT operation").run()
        do {
            try operation.run(cache)
            try cache.statement("RELEASE operation").run()
            return nil
        } catch {
            cache.forgetCachedRows()
            try cache.statement("ROLLBACK TO operation").run()
            try cache.statement("RELEASE operation").run()
            return error
        }
    }

    /// CPU time this thread has used: busy time minus this is waiting (fsync, a busy CPU).
    static func threadCPUNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
