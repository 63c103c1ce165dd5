// JSONStringDecoder: turns the validated source bytes of a JSON string into a Swift String.

/// Decodes string contents that the scanner already validated (escapes well-formed, UTF-8 valid).
enum JSONStringDecoder {
    /// Decodes `count` bytes of string content (between the quotes) starting at `start`.
    static func decode(_ start: UnsafePointer<UInt8>, count: Int, escaped: Bool) -> String {
        guard escaped else { return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }
        // Every escape decodes to no more bytes than its source (`\uD83D\uDE00` is 12 → 4), so
        // `count` bytes of capacity always suffice.
        return String(unsafeUninitializedCapacity: count) { out in
            var i = 0
            var o = 0
            while i < count {
                let c = start[i]
                guard c == UInt8(ascii: "\\") else {
                    out[o] = c
                    o &+= 1
                    i &+= 1
                    continue
                }
                let e = start[i &+ 1]
                i &+= 2
                switch e {
                case UInt8(ascii: "b"): out[o] = 0x08
                case UInt8(ascii: "f"): out[o] = 0x0C
                case UInt8(ascii: "n"): out[o] = 0x0A
                case UInt8(ascii: "r"): out[o] = 0x0D
                case UInt8(ascii: "t"): out[o] = 0x09
                case UInt8(ascii: "u"):
                    var scalar = hex4(start + i)
                    i &+= 4
                    if scalar & 0xFC00 == 0xD800 {
                        // A high surrogate counts only when a low one follows; otherwise U+FFFD
                        // and the next escape is decoded on its own.
                        if i &+ 6 <= count, start[i] == UInt8(ascii: "\\"), start[i &+ 1] == UInt8(ascii: "u"),
                           case let low = hex4(start + (i &+ 2)), low & 0xFC00 == 0xDC00 {
                            scalar = 0x10000 &+ ((scalar &- 0xD800) << 10) &+ (low &- 0xDC00)
                            i &+= 6
                        } else {
                            scalar = 0xFFFD
                        }
                    } else if scalar & 0xFC00 == 0xDC00 {
                        scalar = 0xFFFD
                    }
                    o = encode(scalar, into: out, at: o)
                    continue
                default: out[o] = e  // `"`, `\` and `/` stand for themselves
                }
                o &+= 1
            }
            return o
        }
    }

    /// The value of four hex digits (already validated).
    @inline(__always)
    static func hex4(_ p: UnsafePointer<UInt8>) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = UInt32(p[k])
            // '0'–'9' are 0x30–0x39; 'a'–'f' / 'A'–'F' have bit 0x40 set and low nibble 1–6.
            value = value << 4 | (c & 0x40 != 0 ? (c & 0x0F) &+ 9 : c & 0x0F)
        }
        return value
    }

    /// Writes `scalar` as UTF-8 at `o` and returns the new end.
    @inline(__always)
    static func encode(_ scalar: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at o: Int) -> Int {
        switch scalar {
        case 0..<0x80:
            out[o] = UInt8(truncatingIfNeeded: scalar)
            return o &+ 1
        case 0x80..<0x800:
            out[o] = UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6)
            out[o &+ 1] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
            return o &+ 2
        case 0x800..<0x10000:
            out[o] = UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12)
            out[o &+ 1] = UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F)
            out[o &+ 2] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
            return o &+ 3
        default:
            out[o] = UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18)
            out[o &+ 1] = UInt8(truncatingIfNeeded: 0x80 | scalar >> 12 & 0x3F)
            out[o &+ 2] = UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F)
            out[o &+ 3] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
            return o &+ 4
        }
    }
}
