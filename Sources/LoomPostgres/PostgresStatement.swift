// PostgresStatement: one SQL statement and its parameters, the unit a pipeline is made of.

/// One statement with `$n` placeholders and the values for them.
///
/// The SQL text holds no values: they go in `parameters`, so the same text is reused for every
/// call, and the connection prepares it once and runs the prepared form after that.
public struct PostgresStatement: Sendable, Hashable, ExpressibleByStringLiteral {
    /// Exactly one SQL statement (the extended query protocol takes no `;`-separated lists).
    public var sql: String
    /// `$1`, `$2`, … in order.
    public var parameters: [PostgresValue]

    public init(_ sql: String, _ parameters: [PostgresValue] = []) {
        self.sql = sql
        self.parameters = parameters
    }

    public init(stringLiteral sql: String) {
        self.init(sql)
    }
}
