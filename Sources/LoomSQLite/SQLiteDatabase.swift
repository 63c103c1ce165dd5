// SQLiteDatabase: one SQLite connection: open, execute, prepare; not shared between threads.

internal import CSQLite

/// A connection to an SQLite database file.
///
/// A connection is used from one thread (or one actor) at a time; the store serializes access.
/// SQLite calls block on disk I/O, so callers keep them off event-loop threads.
public final class SQLiteDatabase: @unchecked Sendable {
    let handle: OpaquePointer
    /// Keeps the write-ahead-log commit handler alive while SQLite holds a pointer to it.
    var walCommitHandler: AnyObject?

    /// Opens (creating if needed) the database at `path`; `":memory:"` for a private in-memory one.
    public init(path: String, readOnly: Bool = false) throws {
        var connection: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX
        let result = sqlite3_open_v2(path, &connection, flags, nil)
        guard result == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let connection { sqlite3_close_v2(connection) }
            throw SQLiteError(code: result, message: message, context: "open \(path)")
        }
        handle = connection
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// The linked SQLite library version, e.g. `3.40.1`.
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard result == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: result & 0xFF, extendedCode: result, message: message, context: "execute \(sql.prefix(60))")
        }
    }

    /// Compiles `sql` into a reusable statement.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw error(result, "prepare \(sql.prefix(60))") }
        return SQLiteStatement(statement: statement, database: self)
    }

    /// Runs `sql` with `bindings` and returns every row.
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        var rows: [[SQLiteValue]] = []
        while try statement.step() { rows.append(statement.row()) }
        return rows
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Row id of the last INSERT.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Milliseconds a statement waits for a lock held by another connection before failing busy.
    public func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    func error(_ result: Int32, _ context: String) -> SQLiteError {
        SQLiteError(code: result & 0xFF, extendedCode: sqlite3_extended_errcode(handle),
                    message: String(cString: sqlite3_errmsg(handle)), context: context)
    }
}
