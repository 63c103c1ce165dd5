// JSONError: why a JSON document was rejected, and at which byte.

/// A JSON syntax or encoding error found while reading a document.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset into the input where the problem was detected.
    public let offset: Int
    /// What was wrong, phrased for a log line or an HTTP error body.
    public let message: String

    /// Creates an error at `offset` with `message`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// `invalid JSON at byte <offset>: <message>`.
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}
