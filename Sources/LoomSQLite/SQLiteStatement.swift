// SQLiteStatement: a prepared statement: bind, step, read columns, reset for reuse.

internal import CSQLite

/// A compiled statement, reusable after `reset()`. Used by one thread at a time, like its database.
public final class SQLiteStatement {
    let statement: OpaquePointer
    let database: SQLiteDatabase

    init(statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit {
        sqlite3_finalize(statement)
    }

    /// Binds values to parameters 1…n (clearing earlier bindings).
    public func bind(_ values: [SQLiteValue]) throws {
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let result: Int32
            switch value {
            case .null: result = sqlite3_bind_null(statement, index)
            case .integer(let number): result = sqlite3_bind_int64(statement, index, number)
            case .real(let number): result = sqlite3_bind_double(statement, index, number)
            case .text(let text):
                result = text.utf8CString.withUnsafeBufferPointer {
                    loom_sqlite3_bind_text_transient(statement, index, $0.baseAddress, Int32($0.count - 1))
                }
            case .blob(let bytes):
                result = bytes.withUnsafeBytes { loom_sqlite3_bind_blob_transient(statement, index, $0.baseAddress, Int32($0.count)) }
            }
            guard result == SQLITE_OK else { throw database.error(result, "bind parameter \(index)") }
        }
    }

    /// Advances to the next row: true when a row is available, false when done.
    public func step() throws -> Bool {
        let result = sqlite3_step(statement)
        switch result {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let failure = database.error(result, "step \(String(cString: sqlite3_sql(statement)).prefix(60))")
            sqlite3_reset(statement)
            throw failure
        }
    }

    /// Makes the statement ready to run again (bindings stay until the next `bind`).
    public func reset() {
        sqlite3_reset(statement)
    }

    /// Number of columns in the current row.
    public var columnCount: Int { Int(sqlite3_column_count(statement)) }

    /// The current row's values.
    public func row() -> [SQLiteValue] {
        (0..<Int32(columnCount)).map(column)
    }

    /// One column of the current row.
    public func column(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}
