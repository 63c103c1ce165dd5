// SQLiteStatement+Typed: allocation-free binding and column reads for hot paths.

internal import CSQLite

extension SQLiteStatement {
    /// Binds an integer to parameter `index` (1-based, as in SQL `?NNN`).
    public func bind(_ value: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(statement, index, value), index)
    }

    /// Binds an integer to parameter `index`.
    public func bind(_ value: Int, at index: Int32) throws {
        try bind(Int64(value), at: index)
    }

    /// Binds an integer, or NULL for nil.
    public func bind(_ value: Int64?, at index: Int32) throws {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    /// Binds text (SQLite copies it), or NULL for nil.
    public func bind(_ value: String?, at index: Int32) throws {
        guard var value else { return try bindNull(at: index) }
        let result = value.withUTF8 { utf8 -> Int32 in
            // An empty buffer may have no address, and a NULL pointer would bind SQL NULL, not ''.
            guard let base = utf8.baseAddress, utf8.count > 0 else {
                return loom_sqlite3_bind_text_transient(statement, index, "", 0)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                loom_sqlite3_bind_text_transient(statement, index, $0, Int32(utf8.count))
            }
        }
        try check(result, index)
    }

    /// Binds SQL NULL.
    public func bindNull(at index: Int32) throws {
        try check(sqlite3_bind_null(statement, index), index)
    }

    /// Runs a statement that returns no rows (or whose rows are not wanted) and resets it.
    /// Returns the number of rows it changed.
    @discardableResult
    public func run() throws -> Int {
        defer { sqlite3_reset(statement) }
        while try step() {}
        return Int(sqlite3_changes(database.handle))
    }

    /// Calls `body` while the statement is positioned on rows, then resets it, so a half-read
    /// SELECT never keeps a read transaction (and its snapshot) open.
    public func withReset<T>(_ body: (SQLiteStatement) throws -> T) rethrows -> T {
        defer { sqlite3_reset(statement) }
        return try body(self)
    }

    /// True when column `index` (0-based) of the current row is NULL.
    public func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(statement, index) == SQLITE_NULL
    }

    /// Column `index` as an integer (0 for NULL).
    public func int64(_ index: Int32) -> Int64 {
        sqlite3_column_int64(statement, index)
    }

    /// Column `index` as an `Int` (0 for NULL).
    public func int(_ index: Int32) -> Int {
        Int(sqlite3_column_int64(statement, index))
    }

    /// Column `index` as an integer, nil for NULL.
    public func optionalInt64(_ index: Int32) -> Int64? {
        isNull(index) ? nil : int64(index)
    }

    /// Column `index` as text, nil for NULL.
    public func text(_ index: Int32) -> String? {
        // sqlite3_column_text before sqlite3_column_bytes: the documented safe order.
        guard let bytes = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    private func check(_ result: Int32, _ index: Int32) throws {
        guard result == SQLITE_OK else { throw database.error(result, "bind parameter \(index)") }
    }
}
