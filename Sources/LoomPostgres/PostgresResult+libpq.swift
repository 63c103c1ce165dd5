// PostgresResult+libpq: copying a PGresult into a PostgresResult, and a failed PGresult into a PostgresError.

internal import CPostgres

extension PostgresResult {
    /// Copies the rows of a `PGRES_TUPLES_OK`/`PGRES_COMMAND_OK` result (the caller clears it).
    init(copying result: OpaquePointer) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns: [PostgresColumn] = []
        columns.reserveCapacity(columnCount)
        for column in 0..<Int32(columnCount) {
            let name = PQfname(result, column).map { String(cString: $0) } ?? ""
            columns.append(PostgresColumn(name: name, typeOID: UInt32(PQftype(result, column))))
        }
        let cellCount = rowCount * columnCount
        var starts = [Int](repeating: 0, count: cellCount)
        var lengths = [Int32](repeating: -1, count: cellCount)
        var total = 0
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) where PQgetisnull(result, row, column) == 0 {
                total += Int(PQgetlength(result, row, column))
            }
        }
        // One allocation for every value of the result.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total)
        var cell = 0
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                defer { cell += 1 }
                guard PQgetisnull(result, row, column) == 0, let value = PQgetvalue(result, row, column) else { continue }
                let length = Int(PQgetlength(result, row, column))
                starts[cell] = bytes.count
                lengths[cell] = Int32(length)
                value.withMemoryRebound(to: UInt8.self, capacity: length) {
                    bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
                }
            }
        }
        let tag = PQcmdStatus(result).map { String(cString: $0) } ?? ""
        let affected = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
        self.init(storage: Storage(columns: columns, bytes: bytes, starts: starts, lengths: lengths), rowCount: rowCount,
                  commandTag: tag, affectedRows: affected)
    }
}

extension PostgresError {
    /// The error a failed result describes, classified as a server error when the server sent a
    /// SQLSTATE and as a connection failure when libpq made the error up itself (lost connection).
    init(result: OpaquePointer, connection: OpaquePointer?) {
        func field(_ value: UnsafePointer<CChar>?) -> String? { value.map { String(cString: $0) } }
        let sqlState = field(loom_pq_sqlstate(result))
        let message = field(loom_pq_message(result))
            ?? field(PQresultErrorMessage(result))?.trimmingTrailingNewlines()
            ?? "unknown error"
        let broken = connection.map { PQstatus($0) == CONNECTION_BAD } ?? false
        // Without a SQLSTATE on a healthy connection, libpq itself refused the call.
        let kind: Kind = broken ? .connection : sqlState != nil ? .server : .client
        self.init(kind, message, sqlState: sqlState,
                  detail: field(loom_pq_detail(result)), hint: field(loom_pq_hint(result)),
                  constraint: field(loom_pq_constraint(result)))
    }

    /// The connection's current error message (after a failed libpq call).
    static func connection(_ connection: OpaquePointer?, _ fallback: String) -> PostgresError {
        let message = connection.flatMap { PQerrorMessage($0) }.map { String(cString: $0).trimmingTrailingNewlines() }
        return PostgresError(.connection, message.flatMap { $0.isEmpty ? nil : $0 } ?? fallback)
    }
}
