// SQLiteStoreError: failures of the SQLite store itself, beyond SQLite's own errors.

/// What went wrong in `SQLiteStore` outside SQLite calls (those throw `SQLiteError`).
public enum SQLiteStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The store was closed; nothing more is accepted.
    case closed
    /// The database refused write-ahead logging (e.g. a network file system), so readers would
    /// block the writer and the durability reasoning would not hold.
    case walUnavailable(journalMode: String)
    /// A row held a value this Loom cannot read (an unknown status or platform, bad metadata).
    case corruptValue(column: String, value: String)

    public var description: String {
        switch self {
        case .closed: "the store is closed"
        case .walUnavailable(let mode): "SQLite kept journal_mode=\(mode); WAL is required (is the data directory on a local disk?)"
        case .corruptValue(let column, let value): "unreadable value in column \(column): \(value.prefix(80))"
        }
    }
}
