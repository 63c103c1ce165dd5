// PostgresError: what went wrong talking to PostgreSQL — the server's SQLSTATE, or the connection, pool or a decode.

/// A failure of the PostgreSQL client.
///
/// Server errors carry the SQLSTATE (`23505` unique violation, `40001` serialization failure, …)
/// so callers decide on codes rather than on message text. Connection-level failures (refused,
/// reset, timed out, server shut down) say so through `isConnectionFailure`, which is what the
/// pool uses to drop a connection and what `/health` reports as unhealthy.
public struct PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad class of failure.
    public enum Kind: Sendable, Hashable {
        /// The server ran the statement and refused it (`sqlState` says why).
        case server
        /// Connecting failed or an open connection broke (refused, reset, EOF, TLS, authentication).
        case connection
        /// The server did not answer in time; the connection was closed.
        case timeout
        /// The pool cannot reach the server right now (it keeps trying in the background).
        case unavailable
        /// No connection became free within the lease timeout.
        case poolExhausted
        /// The connection or pool was closed by its owner.
        case closed
        /// A URL or connection string that libpq rejects.
        case invalidConfiguration
        /// A value could not be read as the requested Swift type.
        case decoding
        /// libpq refused a call (e.g. a statement with `;`-separated commands in a pipeline).
        case client
    }

    public var kind: Kind
    /// The primary message (the server's, or libpq's with trailing newlines removed).
    public var message: String
    /// Five-character SQLSTATE for server errors (also for some fatal connection errors).
    public var sqlState: String?
    public var detail: String?
    public var hint: String?
    /// The violated constraint, for integrity errors.
    public var constraint: String?

    public init(_ kind: Kind, _ message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
                constraint: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
    }

    /// SQLSTATE 23505.
    public static let uniqueViolation = "23505"
    /// SQLSTATE 40001.
    public static let serializationFailure = "40001"
    /// SQLSTATE 40P01.
    public static let deadlockDetected = "40P01"

    /// True for a broken or unreachable connection, a timeout or an unavailable pool: the
    /// statement may not have run, and retrying on a fresh connection later may succeed.
    public var isConnectionFailure: Bool {
        switch kind {
        case .connection, .timeout, .unavailable: return true
        case .server:
            // 08xxx connection exceptions; 57P01–57P03 admin shutdown, crash shutdown, cannot connect now.
            guard let sqlState else { return false }
            return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
        case .poolExhausted, .closed, .invalidConfiguration, .decoding, .client: return false
        }
    }

    /// True when running the whole transaction again may succeed (serialization failure, deadlock).
    public var isTransient: Bool {
        sqlState == Self.serializationFailure || sqlState == Self.deadlockDetected
    }

    public var description: String {
        var text: String
        switch kind {
        case .server: text = "PostgreSQL error"
        case .connection: text = "PostgreSQL connection failed"
        case .timeout: text = "PostgreSQL did not answer in time"
        case .unavailable: text = "PostgreSQL is unavailable"
        case .poolExhausted: text = "no PostgreSQL connection became free in time"
        case .closed: text = "PostgreSQL client closed"
        case .invalidConfiguration: text = "invalid PostgreSQL connection string"
        case .decoding: text = "unreadable PostgreSQL value"
        case .client: text = "PostgreSQL client error"
        }
        if let sqlState { text += " \(sqlState)" }
        if !message.isEmpty { text += ": \(message)" }
        if let detail { text += " (\(detail))" }
        return text
    }
}
