// PostgresMigrator: applies pending migrations in order under an advisory lock, each in its own transaction.

internal import LoomPostgres

/// Brings the PostgreSQL schema up to date on one connection.
///
/// Processes starting together (`loom migrate` beside several `loom serve`/`loom worker`) queue
/// on one session-level advisory lock; each then reads `schema_migrations` inside the lock and
/// applies only what is missing, so every migration runs once. A migration and its row commit
/// together. The lock is released at the end, or by the server if the session dies.
enum PostgresMigrator {
    /// The advisory lock key: "LOOMMIGR" in ASCII, unlikely to meet another application's key.
    static let lockKey: Int64 = 0x4C4F_4F4D_4D49_4752
    /// Taking it, as a script (the same key as a literal): a script has no time limit, so waiting
    /// behind another process's migrations is not cut short by the query timeout.
    static let lockScript = "SELECT pg_advisory_lock(5498700863470389074)"

    /// Returns the versions applied by this call.
    @discardableResult
    static func migrate(_ migrations: [Migration], now: Int64, _ connection: PostgresConnection) async throws -> [Int] {
        try await connection.execute(script: lockScript)
        do {
            let applied = try await apply(migrations, now: now, connection)
            _ = try await connection.query("SELECT pg_advisory_unlock($1)", [.int64(lockKey)])
            return applied
        } catch {
            if connection.isOpen {
                if connection.transactionState != .idle { _ = try? await connection.query("ROLLBACK") }
                _ = try? await connection.query("SELECT pg_advisory_unlock($1)", [.int64(lockKey)])
            }
            throw error
        }
    }

    private static func apply(_ migrations: [Migration], now: Int64, _ connection: PostgresConnection) async throws -> [Int] {
        try await connection.execute(script: """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )
            """)
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0.name) })
        let recorded = try await applied(connection)
        for (version, name) in recorded {
            guard let expected = known[version] else { throw MigrationError.unknownVersion(version) }
            guard expected == name else { throw MigrationError.nameMismatch(version: version, recorded: name, expected: expected) }
        }
        let done = Set(recorded.map(\.0))
        var appliedNow: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) where !done.contains(migration.version) {
            _ = try await connection.query("BEGIN")
            try await connection.execute(script: migration.sql)
            _ = try await connection.pipeline([
                PostgresStatement("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                  [.int(migration.version), .text(migration.name), .int64(now)]),
                "COMMIT",
            ])
            appliedNow.append(migration.version)
        }
        return appliedNow
    }

    /// Recorded (version, name) pairs, oldest first.
    static func applied(_ connection: PostgresConnection) async throws -> [(Int, String)] {
        let rows = try await connection.query("SELECT version, name FROM schema_migrations ORDER BY version")
        return try rows.map { (try $0.decode(0), try $0.decode(1)) }
    }
}
