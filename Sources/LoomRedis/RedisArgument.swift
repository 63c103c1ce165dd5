// RedisArgument: one element of a command's argument vector, sent as exact bytes (binary-safe).

/// One argument of a Redis command. Commands are always argument vectors with explicit lengths
/// (`redisAsyncCommandArgv`), never format strings, so any bytes — NUL, CRLF, non-UTF-8 — travel
/// unchanged and data can never be mistaken for command syntax.
public struct RedisArgument: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    CustomStringConvertible {
    /// The exact bytes sent.
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The UTF-8 bytes of `text`.
    public init(_ text: String) { bytes = Array(text.utf8) }

    /// A decimal integer, as Redis expects numbers.
    public init<Integer: BinaryInteger>(_ value: Integer) { bytes = Array(String(value).utf8) }

    public init(stringLiteral value: String) { self.init(value) }

    public init(integerLiteral value: Int) { self.init(value) }

    public var description: String { String(decoding: bytes, as: UTF8.self) }
}
