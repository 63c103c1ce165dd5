// SQLiteStatementCache: prepared statements of one connection, compiled once and reused.

/// Prepares each SQL text once per connection. Like its connection, used by one thread at a time.
///
/// The cache, not the database, owns the statements: a statement keeps its database alive, so
/// storing statements inside the database object would form a cycle that never closes the file.
public final class SQLiteStatementCache {
    /// The connection the statements belong to.
    public let database: SQLiteDatabase
    private var statements: [String: SQLiteStatement] = [:]

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// The prepared statement for `sql`, compiled on first use. It is reset (ready to bind).
    public func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        let prepared = try database.prepare(sql)
        statements[sql] = prepared
        return prepared
    }

    /// Finalizes every cached statement (before closing the connection, or after a schema change).
    public func removeAll() {
        statements.removeAll()
    }
}
