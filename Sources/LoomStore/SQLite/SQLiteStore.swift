// SQLiteStore: the embedded default Store — one SQLite file, a group-committing writer, fsyncs beside it, a reader.

public import LoomCore
internal import LoomSQLite

/// `Store` on one SQLite file in WAL mode.
///
/// All writes go to ONE writer thread, which runs everything pending as one transaction (group
/// commit). A caller is resumed after its transaction's COMMIT returned and, for durable writes
/// such as `ingest`, after a syncer thread's fsync of the write-ahead log that began after that
/// COMMIT — one fsync for every batch committed meanwhile, while the writer goes on with the
/// next batch. Reads run on a second connection and thread beside it, checkpoints on a third.
/// No SQLite call or fsync ever runs on the caller's thread, so callers on event loops or
/// Swift's cooperative pool never block on disk.
///
/// Reads may see a write whose fsync is still under way (its caller has not heard back yet);
/// a power cut at that moment loses that write, which the platform then redelivers.
///
/// Open with `open(path:)`, then `migrate()`; `close()` finishes queued work and closes the file.
/// Call `close()` before letting go of a store: its threads keep it (and the file) open until then.
public final class SQLiteStore: Store {
    /// The conventional file name inside `LOOM_DATA_DIR`.
    public static let defaultFileName = "loom.sqlite3"

    /// The database file.
    public let path: String
    let writer: SQLiteThread
    let reader: SQLiteThread
    let checkpointer: SQLiteThread
    let syncer: SQLiteSyncer
    private let clock: any Clock

    private init(path: String, writer: SQLiteThread, reader: SQLiteThread, checkpointer: SQLiteThread,
                 syncer: SQLiteSyncer, clock: any Clock) {
        self.path = path
        self.writer = writer
        self.reader = reader
        self.checkpointer = checkpointer
        self.syncer = syncer
        self.clock = clock
    }

    /// Opens (creating if needed) the database at `path` and starts its threads. The directory
    /// must exist. `clock` stamps `schema_migrations.applied_at`; every other time is passed in.
    public static func open(path: String, clock: any Clock = SystemClock()) async throws -> SQLiteStore {
        // The writer first: it creates the file and switches it to WAL before the others open it.
        let syncer = try SQLiteSyncer(databasePath: path)
        let writer: SQLiteThread
        do {
            writer = try await SQLiteThread.start(role: .writer, path: path, name: "loom-sql-write", syncer: syncer)
        } catch {
            await syncer.close()
            throw error
        }
        var started = [writer]
        do {
            let checkpointer = try await SQLiteThread.start(role: .checkpointer, path: path, name: "loom-sql-ckpt")
            started.append(checkpointer)
            let reader = try await SQLiteThread.start(role: .reader, path: path, name: "loom-sql-read")
            started.append(reader)
            let store = SQLiteStore(path: path, writer: writer, reader: reader, checkpointer: checkpointer, syncer: syncer,
                                    clock: clock)
            let policy = SQLiteCheckpointPolicy(checkpointer: checkpointer)
            try await store.perform(on: writer, durable: false, standalone: true) { cache in policy.install(on: cache.database) }
            return store
        } catch {
            for thread in started { await thread.close() }
            await syncer.close()
            throw error
        }
    }

    /// Runs queued work to its end, then closes the connections and ends the threads. Later
    /// calls throw `SQLiteStoreError.closed`. Idempotent, and safe to call concurrently.
    public func close() async {
        // The writer first: its last commits may still hand work to the syncer and checkpointer.
        await writer.close()
        await syncer.close()
        await checkpointer.close()
        await reader.close()
    }

    /// What the store's threads did so far (batch sizes show group commit at work).
    public func statistics() -> SQLiteStoreStatistics {
        let written = writer.statistics.withLock { $0 }
        let read = reader.statistics.withLock { $0 }
        let synced = syncer.statistics.withLock { $0 }
        return SQLiteStoreStatistics(commits: written.batches, writes: written.operations,
                                     largestBatch: written.largestBatch, reads: read.operations,
                                     writerBusy: .nanoseconds(written.busyNanoseconds),
                                     writerCommitting: .nanoseconds(written.commitNanoseconds),
                                     writerCPU: .nanoseconds(written.cpuNanoseconds),
                                     syncs: synced.syncs, syncing: .nanoseconds(synced.syncNanoseconds))
    }

    public func migrate() async throws {
        let now = clock.wallNanoseconds()
        try await perform(on: writer, durable: true, standalone: true) { cache in
            _ = try SQLiteMigrator.migrate(SQLiteMigrations.all, now: now, cache.database)
        }
    }

    /// Versions recorded in `schema_migrations`, oldest first.
    public func appliedMigrations() async throws -> [Int] {
        try await read { cache in try SQLiteMigrator.applied(cache.database).map(\.0) }
    }

    /// Fails when the database cannot be read, or durability was lost (an fsync failed).
    public func ping() async throws {
        if let error = syncer.failed { throw error }
        try await read { cache in _ = try cache.statement("SELECT 1").run() }
    }

    // MARK: Running work on the threads

    /// Runs `body` on the writer inside the next batch transaction; returns after its COMMIT.
    func write<T: Sendable>(durable: Bool, _ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await perform(on: writer, durable: durable, standalone: false, body)
    }

    /// Runs `body` on the reader connection.
    func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await perform(on: reader, durable: false, standalone: false, body)
    }

    func perform<T: Sendable>(on thread: SQLiteThread, durable: Bool, standalone: Bool,
                                      _ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let result = OperationResult<T>()
            let operation = SQLiteOperation(
                durable: durable, standalone: standalone,
                run: { cache in result.value = try body(cache) },
                complete: { error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let value = result.value {
                        continuation.resume(returning: value)
                    } else {
                        continuation.resume(throwing: SQLiteStoreError.closed)
                    }
                })
            if !thread.submit(operation) { continuation.resume(throwing: SQLiteStoreError.closed) }
        }
    }
}
