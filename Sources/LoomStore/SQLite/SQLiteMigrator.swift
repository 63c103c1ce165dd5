// SQLiteMigrator: applies pending migrations in order, each in its own transaction, recording each.

internal import LoomSQLite

/// Brings the schema up to date on the writer connection.
///
/// Each migration and its `schema_migrations` row commit together under `BEGIN IMMEDIATE`, which
/// also serializes concurrent migrators (`loom migrate` beside a starting `loom serve`): the
/// second waits for the lock, then finds the version recorded and skips it. Re-running is a no-op.
enum SQLiteMigrator {
    /// Returns the versions applied by this call.
    @discardableResult
    static func migrate(_ migrations: [Migration], now: Int64, _ database: SQLiteDatabase) throws -> [Int] {
        try database.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            )
            """)
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0.name) })
        for (version, name) in try applied(database) {
            guard let expected = known[version] else { throw MigrationError.unknownVersion(version) }
            guard expected == name else { throw MigrationError.nameMismatch(version: version, recorded: name, expected: expected) }
        }
        var appliedNow: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            try database.execute("BEGIN IMMEDIATE")
            do {
                // Checked inside the lock: another process may have applied it meanwhile.
                if try database.query("SELECT 1 FROM schema_migrations WHERE version = ?", [.integer(Int64(migration.version))]).isEmpty {
                    try database.execute(migration.sql)
                    _ = try database.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                           [.integer(Int64(migration.version)), .text(migration.name), .integer(now)])
                    appliedNow.append(migration.version)
                }
                try database.execute("COMMIT")
            } catch {
                try? database.execute("ROLLBACK")
                throw error
            }
        }
        return appliedNow
    }

    /// Recorded (version, name) pairs, oldest first.
    static func applied(_ database: SQLiteDatabase) throws -> [(Int, String)] {
        try database.query("SELECT version, name FROM schema_migrations ORDER BY version").map { row in
            guard case .integer(let version) = row[0], case .text(let name) = row[1] else {
                throw SQLiteStoreError.corruptValue(column: "schema_migrations", value: "\(row)")
            }
            return (Int(version), name)
        }
    }
}
