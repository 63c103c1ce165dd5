// RedisScript: a Lua script run with EVALSHA by `RedisClient.evaluate`.

/// A Lua script for `RedisClient.evaluate`.
public struct RedisScript: Sendable, Hashable {
    public let source: String

    public init(_ source: String) {
        self.source = source
    }
}
