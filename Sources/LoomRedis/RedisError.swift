// RedisError: what can go wrong talking to Redis, each case saying what happened and what to do.

/// A failure of the Redis client. Error *replies* are values (`RedisReply.error`) until a caller
/// asks for `checked()`, which turns them into `.server`.
public enum RedisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `REDIS_URL` could not be parsed.
    case invalidURL(String)
    /// A `rediss://` URL: the hiredis Debian ships (0.14) has no TLS support.
    case tlsUnsupported
    /// The TCP connection could not be opened (refused, unreachable, name not resolved).
    case connectFailed(String)
    /// No connection (including AUTH and SELECT) within the connect timeout.
    case connectTimeout(Duration)
    /// `AUTH` was refused.
    case authenticationFailed(String)
    /// `SELECT db` was refused.
    case selectFailed(String)
    /// The connection dropped while the command was in flight; it may or may not have run.
    case connectionLost(String)
    /// The connection is down and has been for longer than commands may wait; nothing was sent.
    case unavailable(String)
    /// The connection or client was closed by its owner.
    case closed
    /// Redis answered with an error reply.
    case server(String)
    /// A reply of a shape the caller did not expect.
    case unexpectedReply(String)

    public var description: String {
        switch self {
        case .invalidURL(let reason): "invalid Redis URL: \(reason)"
        case .tlsUnsupported:
            "rediss:// (TLS) is not supported: Debian's hiredis 0.14 is built without TLS; use redis:// on a "
                + "private network, or a local TLS tunnel (stunnel, a sidecar) that Loom reaches with redis://"
        case .connectFailed(let reason): "cannot connect to Redis: \(reason)"
        case .connectTimeout(let timeout): "no connection to Redis within \(timeout)"
        case .authenticationFailed(let reply): "Redis refused AUTH (check the password in REDIS_URL): \(reply)"
        case .selectFailed(let reply): "Redis refused SELECT (check the database number in REDIS_URL): \(reply)"
        case .connectionLost(let reason): "the Redis connection dropped during the command: \(reason)"
        case .unavailable(let reason): "Redis is unavailable: \(reason)"
        case .closed: "the Redis connection was closed"
        case .server(let message): "Redis error: \(message)"
        case .unexpectedReply(let detail): "unexpected Redis reply: \(detail)"
        }
    }
}
