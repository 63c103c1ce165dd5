// PostgresStore: the scale-out Store — PostgreSQL through a pool of non-blocking libpq connections on the reactor.

public import LoomCore
internal import LoomPostgres
public import LoomReactor

/// `Store` on a PostgreSQL database, shared by any number of Loom processes.
///
/// Every call leases a connection from a `PostgresPool` whose connections live on the loops of
/// the given `EventLoopGroup`; no call blocks a thread while the server works. Each operation is
/// one transaction, and most are one round trip: statements are pipelined, with `BEGIN` and
/// `COMMIT` in the same batch. Ingests are grouped: concurrent deliveries share one transaction
/// of two round trips (`PostgresIngestQueue`, `PostgresIngestBatch`).
///
/// Durability: `ingest`, operator actions and repository changes commit with
/// `synchronous_commit` on, so they return after the server flushed the WAL — one flush per
/// batch of deliveries, like the SQLite store's group commit. Queue bookkeeping (claims,
/// renewals, results, rescues) commits with `synchronous_commit = off` (see `Store`).
///
/// Outages: while the server is unreachable every call fails fast with a `PostgresError` whose
/// `isConnectionFailure` is true (`ping` too), and the pool reconnects in the background;
/// nothing needs restarting when the server is back.
public final class PostgresStore: Store {
    let pool: PostgresPool
    let ingestQueue: PostgresIngestQueue
    private let clock: any Clock

    /// The database URL with its password hidden, for logs.
    public let redactedURL: String

    private init(pool: PostgresPool, groupCommit: Bool, clock: any Clock) {
        self.pool = pool
        let size = pool.configuration.poolSize
        // Half the connections for batches of deliveries, the rest for the queue and readers.
        ingestQueue = groupCommit ? PostgresIngestQueue(pool: pool, maxBatches: (size + 1) / 2)
                                  : PostgresIngestQueue(pool: pool, maxBatches: size, maxBatchSize: 1)
        self.clock = clock
        redactedURL = pool.configuration.redacted
    }

    /// Connects to `url` (`postgresql://user:pass@host:port/db?sslmode=…`, or `postgres://`) with a
    /// pool of `poolSize` connections spread over `group`'s loops (which must be running), and
    /// checks that the server answers. `groupCommit` lets concurrent ingests share transactions
    /// (off: one transaction per delivery). `clock` stamps `schema_migrations.applied_at`.
    public static func open(url: String, group: EventLoopGroup, poolSize: Int = 8, groupCommit: Bool = true,
                            clock: any Clock = SystemClock()) async throws -> PostgresStore {
        var configuration = try PostgresConfiguration(url: url)
        configuration.poolSize = max(1, poolSize)
        let pool = PostgresPool(configuration: configuration, group: group)
        let store = PostgresStore(pool: pool, groupCommit: groupCommit, clock: clock)
        do {
            try await store.pool.ping()
        } catch {
            await store.pool.close()
            throw error
        }
        return store
    }

    /// Closes the pool's connections; later calls throw.
    public func close() async {
        await pool.close()
    }

    /// Applies pending migrations under a session advisory lock, so processes starting together
    /// migrate once; each migration commits with its `schema_migrations` row.
    public func migrate() async throws {
        let now = clock.wallNanoseconds()
        _ = try await pool.withConnection { try await PostgresMigrator.migrate(PostgresMigrations.all, now: now, $0) }
    }

    /// Versions recorded in `schema_migrations`, oldest first.
    public func appliedMigrations() async throws -> [Int] {
        try await pool.withConnection { try await PostgresMigrator.applied($0).map(\.0) }
    }

    /// Fails fast (a connection failure) while the server cannot be reached.
    public func ping() async throws {
        try await pool.ping()
    }

    // MARK: Running work

    /// Runs `body` on a leased connection, again when it failed with a deadlock or serialization
    /// failure: the transaction was rolled back whole, so running it again is safe.
    func withConnection<Value>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        var attempt = 1
        while true {
            do {
                return try await pool.withConnection(body)
            } catch let error as PostgresError where error.isTransient && attempt < 4 {
                attempt += 1
            }
        }
    }

    /// Runs `statements` as one transaction in one round trip and returns their results.
    /// `durable: false` commits without waiting for the WAL flush (queue bookkeeping).
    func transaction(durable: Bool, _ statements: [PostgresStatement]) async throws -> [PostgresResult] {
        try await withConnection { try await $0.atomically(statements, durable: durable) }
    }

    /// One statement in its own transaction; see `transaction`.
    func transaction(durable: Bool, _ statement: PostgresStatement) async throws -> PostgresResult {
        try await transaction(durable: durable, [statement])[0]
    }

    /// One statement in a transaction of its own (autocommit: durable when it writes).
    func run(_ statement: PostgresStatement) async throws -> PostgresResult {
        try await withConnection { try await $0.query(statement.sql, statement.parameters) }
    }
}

extension PostgresConnection {
    /// `statements` between `BEGIN` and `COMMIT`, sent as one pipeline; their results only. A
    /// failure leaves the transaction aborted, and the pool rolls it back when the lease ends.
    func atomically(_ statements: [PostgresStatement], durable: Bool) async throws -> [PostgresResult] {
        let prefix: [PostgresStatement] = durable ? ["BEGIN"] : ["BEGIN", "SET LOCAL synchronous_commit TO OFF"]
        let results = try await pipeline(prefix + statements + ["COMMIT"])
        return Array(results[prefix.count..<prefix.count + statements.count])
    }
}
