// RedisReply: one reply from Redis as Swift values, with accessors that turn the wrong shape into an error.

/// A reply from Redis.
///
/// An `.error` reply is a value, not a thrown error: it is a valid answer (and appears inside
/// `EXEC` arrays), so `RedisConnection.send` returns it as is. Callers that treat it as a failure
/// use `checked()` or the typed accessors, which throw `RedisError.server`.
public indirect enum RedisReply: Equatable, Sendable {
    case status(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8])
    case null
    case array([RedisReply])
}

extension RedisReply {
    /// The reply itself, or `RedisError.server` when Redis answered with an error.
    public func checked() throws(RedisError) -> RedisReply {
        if case .error(let message) = self { throw .server(message) }
        return self
    }

    /// True for the `nil` bulk/array reply.
    public var isNull: Bool { self == .null }

    /// A bulk or status reply as UTF-8 text (nil for `.null`).
    public func string() throws(RedisError) -> String? {
        switch try checked() {
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let text): text
        case .null: nil
        case let other: throw .unexpectedReply("expected a string, got \(other)")
        }
    }

    /// An integer reply, or a bulk/status reply holding a decimal integer (nil for `.null`).
    public func integer() throws(RedisError) -> Int64? {
        switch try checked() {
        case .integer(let value): return value
        case .null: return nil
        case .bulk, .status:
            guard let text = try string(), let value = Int64(text) else {
                throw .unexpectedReply("expected an integer, got \(self)")
            }
            return value
        case let other: throw .unexpectedReply("expected an integer, got \(other)")
        }
    }

    /// The elements of an array reply (empty for `.null`, which Redis sends for "nothing").
    public func array() throws(RedisError) -> [RedisReply] {
        switch try checked() {
        case .array(let elements): elements
        case .null: []
        case let other: throw .unexpectedReply("expected an array, got \(other)")
        }
    }

    /// The text of a bulk or status reply, nil for anything else; for reading fields of known shape.
    public var text: String? {
        switch self {
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let text): text
        default: nil
        }
    }
}
