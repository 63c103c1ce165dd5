// PostgresResult: the rows and command tag of one statement, copied out of libpq into one Swift buffer.

/// One result column.
public struct PostgresColumn: Sendable, Hashable {
    public var name: String
    /// The column's type OID (`PostgresTypeOID`).
    public var typeOID: UInt32
}

/// What one statement returned.
///
/// The values arrive in PostgreSQL's text format and are copied out of libpq's `PGresult` into
/// one contiguous buffer before the result leaves the connection's loop (the `PGresult` is freed
/// at once), so a result is a plain value that any task may read. Rows are read with typed
/// accessors on `PostgresRow`/`PostgresCell`.
public struct PostgresResult: Sendable, RandomAccessCollection {
    /// Shared, immutable storage: rows refer to it instead of copying it.
    final class Storage: Sendable {
        let columns: [PostgresColumn]
        let columnIndex: [String: Int]
        /// Every non-NULL value's bytes, row by row, column by column.
        let bytes: [UInt8]
        /// Per cell: where its bytes start, and their count (-1 for NULL).
        let starts: [Int]
        let lengths: [Int32]

        init(columns: [PostgresColumn], bytes: [UInt8], starts: [Int], lengths: [Int32]) {
            self.columns = columns
            var index: [String: Int] = [:]
            // The first column of a name wins, as in `SELECT a.id, b.id`.
            for (position, column) in columns.enumerated() where index[column.name] == nil { index[column.name] = position }
            columnIndex = index
            self.bytes = bytes
            self.starts = starts
            self.lengths = lengths
        }
    }

    let storage: Storage
    /// Number of rows.
    public let rowCount: Int
    /// The command tag, e.g. `INSERT 0 1`, `UPDATE 3`, `SELECT 2`.
    public let commandTag: String
    /// Rows inserted, updated, deleted, selected or fetched (from the command tag; 0 when it has none).
    public let affectedRows: Int

    init(storage: Storage, rowCount: Int, commandTag: String, affectedRows: Int) {
        self.storage = storage
        self.rowCount = rowCount
        self.commandTag = commandTag
        self.affectedRows = affectedRows
    }

    /// A result with no rows and no columns (e.g. for a command without output).
    static func empty(commandTag: String, affectedRows: Int) -> PostgresResult {
        PostgresResult(storage: Storage(columns: [], bytes: [], starts: [], lengths: []), rowCount: 0,
                       commandTag: commandTag, affectedRows: affectedRows)
    }

    /// The result's columns, in order.
    public var columns: [PostgresColumn] { storage.columns }

    /// The position of the first column called `name`.
    public func columnIndex(_ name: String) -> Int? { storage.columnIndex[name] }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rowCount }

    public subscript(position: Int) -> PostgresRow {
        precondition(position >= 0 && position < rowCount, "row \(position) out of range 0..<\(rowCount)")
        return PostgresRow(storage: storage, row: position)
    }
}

/// One row of a `PostgresResult`.
public struct PostgresRow: Sendable {
    let storage: PostgresResult.Storage
    let row: Int

    /// Number of columns.
    public var count: Int { storage.columns.count }

    /// The value in column `column` (0-based).
    public subscript(column: Int) -> PostgresCell {
        precondition(column >= 0 && column < storage.columns.count, "column \(column) out of range")
        let cell = row * storage.columns.count + column
        let length = Int(storage.lengths[cell])
        let start = storage.starts[cell]
        let bytes = length < 0 ? nil : storage.bytes[start..<start + length]
        return PostgresCell(column: storage.columns[column], raw: bytes)
    }

    /// The value in the first column called `name`; a cell that fails every decode when there is none.
    public subscript(name: String) -> PostgresCell {
        guard let column = storage.columnIndex[name] else {
            return PostgresCell(column: PostgresColumn(name: name, typeOID: 0), raw: nil, missing: true)
        }
        return self[column]
    }

    /// Decodes column `column` as `T` (an optional type accepts NULL).
    public func decode<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws(PostgresError) -> T {
        try self[column].decode(T.self)
    }

    /// Decodes the column called `name` as `T`.
    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        try self[name].decode(T.self)
    }
}
