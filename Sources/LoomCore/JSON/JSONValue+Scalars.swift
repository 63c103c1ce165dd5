// JSONValue+Scalars: lazy decoding of strings, numbers, booleans and raw source text.

extension JSONValue {
    /// The decoded string (escapes resolved; lone surrogates become U+FFFD), or nil if not a string.
    public var string: String? {
        let token = token
        let code = JSONToken.code(token)
        guard code == JSONToken.string || code == JSONToken.escapedString else { return nil }
        return tape.bytes.withUnsafeBufferPointer { bytes in
            JSONStringDecoder.decode(bytes.baseAddress! + (JSONToken.offset(token) &+ 1),
                                     count: JSONToken.payload(token), escaped: code == JSONToken.escapedString)
        }
    }

    /// Whether this is a string equal to `other` after decoding; avoids allocating when the
    /// source has no escapes.
    public func stringEquals(_ other: String) -> Bool {
        let token = token
        let code = JSONToken.code(token)
        guard code == JSONToken.string || code == JSONToken.escapedString else { return false }
        var other = other
        return other.withUTF8 { wanted in
            tape.bytes.withUnsafeBufferPointer { JSONTape.string(token, equals: wanted, in: $0) }
        }
    }

    /// The number as an `Int` when it is integral (`3`, `3.0`, `3e2`) and in range; else nil.
    public var int: Int? { int64.map { Int($0) } }

    /// The number as an `Int64` when it is integral and in range; else nil.
    public var int64: Int64? {
        let token = token
        guard JSONToken.code(token) == JSONToken.number else { return nil }
        return tape.bytes.withUnsafeBufferPointer { bytes in
            JSONNumberParser.int64(bytes.baseAddress! + JSONToken.offset(token), count: JSONToken.payload(token))
        }
    }

    /// The number as the nearest `Double`, or nil when not a number or beyond `Double`'s range.
    public var double: Double? {
        let token = token
        guard JSONToken.code(token) == JSONToken.number else { return nil }
        return tape.bytes.withUnsafeBufferPointer { bytes in
            JSONNumberParser.double(bytes.baseAddress! + JSONToken.offset(token), count: JSONToken.payload(token))
        }
    }

    /// The boolean, or nil if this is not `true` or `false`.
    public var bool: Bool? {
        let token = token
        guard JSONToken.code(token) == JSONToken.bool else { return nil }
        return JSONToken.payload(token) == 1
    }

    /// Whether this is `null`.
    public var isNull: Bool { JSONToken.code(token) == JSONToken.null }

    /// The exact source bytes of this value, e.g. to verify or forward a sub-document unchanged.
    public var rawBytes: ArraySlice<UInt8> {
        let token = token
        let start = JSONToken.offset(token)
        let length: Int
        switch JSONToken.code(token) {
        case JSONToken.object, JSONToken.array:
            length = JSONToken.offset(tape.tokens[JSONToken.payload(token) &- 1]) &- start &+ 1
        case JSONToken.string, JSONToken.escapedString:
            length = JSONToken.payload(token) &+ 2
        case JSONToken.number:
            length = JSONToken.payload(token)
        case JSONToken.bool:
            length = JSONToken.payload(token) == 1 ? 4 : 5
        default:
            length = 4
        }
        return tape.bytes[start..<start &+ length]
    }

    /// For numbers, the source text (so ids beyond `Double` precision survive); for strings, the
    /// decoded string; nil for other kinds.
    public var scalarText: String? {
        let token = token
        switch JSONToken.code(token) {
        case JSONToken.number:
            let start = JSONToken.offset(token)
            return String(decoding: tape.bytes[start..<start &+ JSONToken.payload(token)], as: UTF8.self)
        case JSONToken.string, JSONToken.escapedString:
            return string
        default:
            return nil
        }
    }
}
