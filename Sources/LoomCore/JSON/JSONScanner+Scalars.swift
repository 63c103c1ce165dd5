// JSONScanner+Scalars: validating scans of strings (escapes, UTF-8), numbers and literals.

extension JSONScanner {
    /// Scans a string starting at its opening quote and appends its token.
    ///
    /// Only `"`, `\`, bytes below 0x20 and non-ASCII bytes need attention, so plain runs are
    /// skipped eight bytes at a time with a SWAR test.
    @inline(__always)
    mutating func scanString() throws(JSONError) {
        let open = i
        var j = i &+ 1  // a local index stays in a register across the loop
        var escaped = false
        while true {
            j = Self.skipPlainBytes(base, from: j, end: end)
            guard j < end else { throw JSONError(offset: open, message: "unterminated string") }
            let c = base[j]
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                j = try Self.skipEscape(base, at: j, end: end)
                escaped = true
            } else if c >= 0x80 {
                j = try Self.skipMultiByteUTF8(base, at: j, end: end)
            } else if c < 0x20 {
                throw JSONError(offset: j, message: "unescaped control character in string")
            } else {
                j &+= 1  // an ordinary byte in the last few (< 8) bytes of input
            }
        }
        let code = escaped ? JSONToken.escapedString : JSONToken.string
        append(JSONToken.make(code, payload: j &- open &- 1, offset: open))
        i = j &+ 1
    }

    /// Index of the first byte at or after `from` that is `"`, `\`, < 0x20 or ≥ 0x80, or of
    /// the last few bytes (fewer than 8) before `end`. (Two words per step measured no faster.)
    @inline(__always)
    static func skipPlainBytes(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) -> Int {
        var j = start
        while j &+ 8 <= end {
            let mask = attentionMask(word(base, at: j))
            if mask != 0 { return j &+ mask.trailingZeroBitCount &>> 3 }
            j &+= 8
        }
        return j
    }

    /// Eight bytes at `index` as a little-endian word, so byte `k` is bits `8k..<8k+8`.
    @inline(__always)
    static func word(_ base: UnsafePointer<UInt8>, at index: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
    }

    /// High bit set in every byte of `word` that is `"`, `\`, < 0x20 or ≥ 0x80.
    ///
    /// For an ASCII byte, `x - 1` sets the high bit only when `x` is zero, and `b - 0x20` only
    /// when `b < 0x20`; a non-ASCII byte is flagged by `| word` anyway. A borrow can flag bytes
    /// above a real hit but never below one, so the lowest set bit is exact (the usual SWAR
    /// `& ~x` terms are unnecessary for that).
    @inline(__always)
    static func attentionMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quoteHit = (word ^ 0x2222_2222_2222_2222) &- ones
        let backslashHit = (word ^ 0x5C5C_5C5C_5C5C_5C5C) &- ones
        let controlHit = word &- 0x2020_2020_2020_2020
        return (quoteHit | backslashHit | controlHit | word) & 0x8080_8080_8080_8080
    }

    /// Validates the escape sequence at `i` (the backslash); returns the index just past it.
    static func skipEscape(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) throws(JSONError) -> Int {
        guard i &+ 1 < end else { throw JSONError(offset: i, message: "unterminated string") }
        switch base[i &+ 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i &+ 2
        case UInt8(ascii: "u"):
            guard i &+ 6 <= end,
                  isHex(base[i &+ 2]), isHex(base[i &+ 3]), isHex(base[i &+ 4]), isHex(base[i &+ 5])
            else { throw JSONError(offset: i, message: "invalid \\u escape: expected four hex digits") }
            // Surrogates are not paired here: a lone one decodes to U+FFFD, like most readers.
            return i &+ 6
        default:
            throw JSONError(offset: i, message: "invalid escape sequence")
        }
    }

    @inline(__always)
    static func isHex(_ c: UInt8) -> Bool {
        let lower = c | 0x20
        return (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
            || (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f"))
    }

    /// Validates the multi-byte UTF-8 sequence at `i` (Unicode Table 3-7: no overlong forms,
    /// no surrogates, nothing above U+10FFFF); returns the index just past it.
    static func skipMultiByteUTF8(_ base: UnsafePointer<UInt8>, at i: Int, end: Int) throws(JSONError) -> Int {
        let lead = base[i]
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        let trailing: Int
        switch lead {
        case 0xC2...0xDF: trailing = 1
        case 0xE0: trailing = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: trailing = 2
        case 0xED: trailing = 2; high = 0x9F
        case 0xF0: trailing = 3; low = 0x90
        case 0xF1...0xF3: trailing = 3
        case 0xF4: trailing = 3; high = 0x8F
        default: throw JSONError(offset: i, message: "invalid UTF-8 in string")
        }
        guard i &+ trailing < end else { throw JSONError(offset: i, message: "truncated UTF-8 sequence in string") }
        let second = base[i &+ 1]
        guard second >= low && second <= high else { throw JSONError(offset: i, message: "invalid UTF-8 in string") }
        var k = 2
        while k <= trailing {
            guard base[i &+ k] & 0xC0 == 0x80 else { throw JSONError(offset: i, message: "invalid UTF-8 in string") }
            k &+= 1
        }
        return i &+ trailing &+ 1
    }

    /// Scans an RFC 8259 number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    ///
    /// What may follow (`01`, `1.2.3`) is rejected by the structural loop, which expects a
    /// comma, a bracket or the end after any value.
    @inline(__always)
    mutating func scanNumber() throws(JSONError) {
        let start = i
        if base[i] == UInt8(ascii: "-") { i &+= 1 }
        guard i < end, Self.isDigit(base[i]) else { throw error("expected a digit") }
        if base[i] == UInt8(ascii: "0") {
            i &+= 1
        } else {
            i &+= 1
            skipDigits()
        }
        if i < end && base[i] == UInt8(ascii: ".") {
            i &+= 1
            guard i < end, Self.isDigit(base[i]) else { throw error("expected a digit after the decimal point") }
            skipDigits()
        }
        if i < end && base[i] | 0x20 == UInt8(ascii: "e") {
            i &+= 1
            if i < end && (base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-")) { i &+= 1 }
            guard i < end, Self.isDigit(base[i]) else { throw error("expected a digit in the exponent") }
            skipDigits()
        }
        append(JSONToken.make(JSONToken.number, payload: i - start, offset: start))
    }

    @inline(__always)
    mutating func skipDigits() {
        while i < end && Self.isDigit(base[i]) { i &+= 1 }
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    /// Scans `true`, `false` or `null`.
    @inline(__always)
    mutating func scanLiteral() throws(JSONError) {
        let start = i
        // The literals as little-endian 32-bit words, compared in one load.
        let word = i &+ 4 <= end ? UInt32(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt32.self)) : 0
        switch word {
        case 0x6575_7274:  // "true"
            append(JSONToken.make(JSONToken.bool, payload: 1, offset: start))
            i &+= 4
        case 0x6C6C_756E:  // "null"
            append(JSONToken.make(JSONToken.null, payload: 0, offset: start))
            i &+= 4
        case 0x736C_6166 where i &+ 4 < end && base[i &+ 4] == UInt8(ascii: "e"):  // "fals" + "e"
            append(JSONToken.make(JSONToken.bool, payload: 0, offset: start))
            i &+= 5
        default:
            throw error("invalid literal, expected true, false or null")
        }
    }
}
