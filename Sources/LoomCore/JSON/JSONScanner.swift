// JSONScanner: the single validating pass over the input that writes the token tape.

/// Validates a document against RFC 8259 and records its tokens (see `JSONToken`).
///
/// Structure is handled by one iterative loop with an explicit container stack, so deep input
/// cannot overflow the thread stack, and each byte is looked at about once. Strings, numbers and
/// literals are scanned by the helpers in `JSONScanner+Scalars.swift`.
struct JSONScanner {
    /// Deepest allowed nesting of arrays and objects.
    static let maxDepth = 512

    let base: UnsafePointer<UInt8>
    let end: Int
    var i: Int
    var tokens: UnsafeMutablePointer<UInt64>
    var count = 0
    var capacity: Int

    init(_ base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.end = count
        // Skip a UTF-8 byte order mark: RFC 8259 §8.1 lets parsers ignore it.
        self.i = count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        // Typical API JSON has one token per 10–30 bytes; dense arrays grow the tape on demand.
        self.capacity = count / 8 + 16
        self.tokens = .allocate(capacity: capacity)
    }

    /// Validates `count` bytes at `base` and returns the tape, which the caller must deallocate.
    static func scan(_ base: UnsafePointer<UInt8>, count: Int) throws(JSONError) -> UnsafeMutablePointer<UInt64> {
        // A local scanner whose methods are all inlined lets the optimizer keep its fields in
        // registers; cold paths are static functions so they never take its address.
        var scanner = JSONScanner(base, count: count)
        do {
            try scanner.scanDocument()
        } catch {
            scanner.tokens.deallocate()
            throw error
        }
        return scanner.tokens
    }

    @inline(__always)
    mutating func append(_ token: UInt64) {
        if count == capacity {
            tokens = Self.grow(tokens, count: count)
            capacity &*= 2
        }
        tokens[count] = token
        count &+= 1
    }

    /// Moves the tape to a buffer twice its size.
    @inline(never)
    static func grow(_ tokens: UnsafeMutablePointer<UInt64>, count: Int) -> UnsafeMutablePointer<UInt64> {
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: count * 2)
        bigger.moveInitialize(from: tokens, count: count)
        tokens.deallocate()
        return bigger
    }

    func error(_ message: String) -> JSONError { JSONError(offset: i, message: message) }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < end {
            let c = base[i]
            // Any byte above space ends the run; checking that first keeps minified input fast.
            if c > 0x20 { return }
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i &+= 1
            // Pretty-printed input indents with runs of spaces: skip up to eight in one step.
            if i &+ 8 <= end {
                let spaces = Self.word(base, at: i) ^ 0x2020_2020_2020_2020
                i &+= spaces == 0 ? 8 : spaces.trailingZeroBitCount &>> 3
            }
        }
    }

    /// Scans one complete value (the document root) and checks that only whitespace follows.
    @inline(__always)
    mutating func scanDocument() throws(JSONError) {
        let stack = UnsafeMutablePointer<UInt64>.allocate(capacity: Self.maxDepth)
        defer { stack.deallocate() }
        var depth = 0
        var inObject = false
        var current = 0  // tape index of the innermost open container
        var children = 0  // entries seen so far in the innermost container

        skipWhitespace()
        valueLoop: while true {
            // Whitespace before the value has been skipped.
            guard i < end else { throw error("unexpected end of input, expected a value") }
            let c = base[i]
            switch c {
            case UInt8(ascii: "\""):
                try scanString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try scanNumber()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
                stack[depth] = UInt64(truncatingIfNeeded: current) | UInt64(truncatingIfNeeded: children) << 32
                depth += 1
                current = count
                inObject = c == UInt8(ascii: "{")
                append(JSONToken.make(inObject ? JSONToken.object : JSONToken.array, payload: 0, offset: i))
                i += 1
                skipWhitespace()
                // `c + 2` is the matching close bracket in ASCII: `{`→`}`, `[`→`]`.
                if i < end && base[i] == c &+ 2 {
                    children = 0  // empty: the loop below closes it
                } else {
                    children = 1
                    if inObject { try scanKeyAndColon() }
                    continue valueLoop
                }
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                try scanLiteral()
            default:
                throw error("expected a value")
            }

            // After a value: a comma, or closing brackets, or the end of the document.
            while depth > 0 {
                skipWhitespace()
                guard i < end else {
                    throw error(inObject ? "unexpected end of input, expected ',' or '}'"
                                         : "unexpected end of input, expected ',' or ']'")
                }
                let c = base[i]
                if c == UInt8(ascii: ",") {
                    i += 1
                    children += 1
                    skipWhitespace()
                    if inObject { try scanKeyAndColon() }
                    continue valueLoop
                }
                guard c == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw error(inObject ? "expected ',' or '}'" : "expected ',' or ']'")
                }
                tokens[current] |= UInt64(truncatingIfNeeded: count + 1) << 32
                append(JSONToken.make(JSONToken.end, payload: children, offset: i))
                i += 1
                depth -= 1
                let saved = stack[depth]
                current = Int(truncatingIfNeeded: saved & 0xFFFF_FFFF)
                children = Int(truncatingIfNeeded: saved >> 32)
                inObject = depth > 0 && JSONToken.code(tokens[current]) == JSONToken.object
            }
            break
        }
        skipWhitespace()
        guard i == end else { throw error("unexpected data after the JSON value") }
    }

    /// Scans `"key"` `:` and the whitespace after it, leaving `i` at the member's value.
    @inline(__always)
    mutating func scanKeyAndColon() throws(JSONError) {
        guard i < end, base[i] == UInt8(ascii: "\"") else {
            throw error(i < end ? "expected a string key" : "unexpected end of input, expected a string key")
        }
        try scanString()
        skipWhitespace()
        guard i < end, base[i] == UInt8(ascii: ":") else { throw error("expected ':' after the key") }
        i += 1
        skipWhitespace()
    }
}
