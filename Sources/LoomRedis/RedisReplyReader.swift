// RedisReplyReader: parses RESP replies with hiredis's reader, and converts hiredis reply objects to `RedisReply`.

internal import CHiredis

/// Incremental RESP parser: feed bytes as they arrive, take replies as they complete.
public final class RedisReplyReader {
    private let reader: UnsafeMutablePointer<redisReader>

    public init() {
        reader = redisReaderCreate()
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Adds received bytes.
    public func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { _ = redisReaderFeed(reader, $0.baseAddress, buffer.count) }
        }
    }

    /// The next complete reply, nil when more bytes are needed; throws on a protocol error.
    public func next() throws -> RedisReply? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else {
            throw RedisProtocolError(message: withUnsafeBytes(of: reader.pointee.errstr) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            })
        }
        guard let raw else { return nil }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        return Self.convert(reply.pointee)
    }

    /// Copies a hiredis reply tree into Swift values (the async client's callbacks use it too:
    /// hiredis frees the reply as soon as the callback returns).
    static func convert(_ reply: redisReply) -> RedisReply {
        switch reply.type {
        case REDIS_REPLY_STATUS: .status(string(reply))
        case REDIS_REPLY_ERROR: .error(string(reply))
        case REDIS_REPLY_INTEGER: .integer(Int64(reply.integer))
        case REDIS_REPLY_STRING: .bulk(reply.str.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(reply.len))) } ?? [])
        case REDIS_REPLY_ARRAY:
            .array((0..<Int(reply.elements)).compactMap { reply.element[$0].map { convert($0.pointee) } })
        default: .null
        }
    }

    private static func string(_ reply: redisReply) -> String {
        guard let text = reply.str else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: Int(reply.len)), as: UTF8.self)
    }
}

/// The bytes were not valid RESP.
public struct RedisProtocolError: Error, Equatable, Sendable {
    public let message: String
}
