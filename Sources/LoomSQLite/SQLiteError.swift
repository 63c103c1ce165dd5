// SQLiteError: a failed SQLite call with its result code and message.

/// An SQLite failure: the primary result code (`SQLITE_BUSY` = 5, `SQLITE_CONSTRAINT` = 19, …),
/// the extended code, and SQLite's own message.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Int32
    public let extendedCode: Int32
    public let message: String
    /// What Loom was doing, e.g. `prepare "SELECT …"`.
    public let context: String

    public init(code: Int32, extendedCode: Int32? = nil, message: String, context: String) {
        self.code = code
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.context = context
    }

    /// A uniqueness or other constraint was violated.
    public var isConstraintViolation: Bool { code == 19 }
    /// The database was locked by another connection for longer than the busy timeout.
    public var isBusy: Bool { code == 5 || code == 6 }

    public var description: String { "SQLite error \(extendedCode) during \(context): \(message)" }
}
