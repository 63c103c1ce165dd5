// PostgresStoreError: failures of the PostgreSQL store itself, beyond the client's own errors.

/// What went wrong in `PostgresStore` beyond the client's own errors (`PostgresError`).
public enum PostgresStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A row held a value this Loom cannot read (an unknown status or platform, bad metadata).
    case corruptValue(column: String, value: String)

    public var description: String {
        switch self {
        case .corruptValue(let column, let value): "unreadable value in column \(column): \(value.prefix(80))"
        }
    }
}
