// JSONToken: the 64-bit token format of the tape, and helpers to pack and unpack it.

/// One 64-bit word per token: 3 bits of code, 29 bits of payload, 32 bits of byte offset.
///
/// Layout: an object is `[open, key, value, key, value, …, end]`, an array `[open, value, …, end]`.
/// The open token's payload is the index just past its end token, so a lookup skips a whole
/// subtree in O(1); the end token's payload is the number of children, so `count` is O(1).
/// Strings store their content length (without quotes) and whether they contain escapes, so
/// a key comparison without escapes is a length check plus `memcmp`.
enum JSONToken {
    static let object: UInt64 = 0
    static let array: UInt64 = 1
    static let string: UInt64 = 2
    /// A string with at least one backslash escape: must be decoded before comparing.
    static let escapedString: UInt64 = 3
    static let number: UInt64 = 4
    /// Payload 1 for `true`, 0 for `false`.
    static let bool: UInt64 = 5
    static let null: UInt64 = 6
    static let end: UInt64 = 7

    /// The longest accepted document, so every offset, length and tape index fits its field.
    static let maxDocumentLength = (1 << 29) - 1

    @inline(__always)
    static func make(_ code: UInt64, payload: Int, offset: Int) -> UInt64 {
        code << 61 | UInt64(truncatingIfNeeded: payload) << 32 | UInt64(truncatingIfNeeded: offset)
    }

    @inline(__always) static func code(_ token: UInt64) -> UInt64 { token >> 61 }
    @inline(__always)
    static func payload(_ token: UInt64) -> Int { Int(truncatingIfNeeded: (token >> 32) & 0x1FFF_FFFF) }
    @inline(__always) static func offset(_ token: UInt64) -> Int { Int(truncatingIfNeeded: token & 0xFFFF_FFFF) }

    /// Tape index of the next sibling of the value at `index`.
    @inline(__always)
    static func next(_ tokens: UnsafeMutablePointer<UInt64>, after index: Int) -> Int {
        let token = tokens[index]
        // Codes 0 and 1 (object, array) are the only ones with both top bits clear.
        return token >> 62 == 0 ? payload(token) : index &+ 1
    }
}
