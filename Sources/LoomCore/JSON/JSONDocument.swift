// JSONDocument: a validated JSON text, indexed once and read lazily through `JSONValue`s.

/// A parsed JSON document.
///
/// Construction validates the whole text against RFC 8259 and builds a compact index; values
/// (strings, numbers) are decoded only when asked for. The input bytes are shared, not copied.
///
/// ```swift
/// let document = try JSONDocument(bytes: body)
/// let sha = document.root["pull_request", "head", "sha"]?.string
/// ```
public struct JSONDocument: Sendable {
    let tape: JSONTape

    /// Validates and indexes `bytes`.
    ///
    /// A leading UTF-8 byte order mark is skipped; only whitespace may follow the value; any
    /// value (not only an object or array) may be the root; nesting is limited to 512 levels.
    public init(bytes: [UInt8]) throws(JSONError) {
        tape = try JSONTape(parsing: bytes)
    }

    /// Validates and indexes the UTF-8 form of `text`.
    public init(_ text: String) throws(JSONError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// The top-level value.
    public var root: JSONValue { JSONValue(tape: tape, index: 0) }
}
