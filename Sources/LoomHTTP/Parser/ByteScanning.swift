// Byte classes and small scanning helpers for the request parser and HTTPHeaders (no Strings involved).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers. Everything here works on raw pointers and offsets so the parser's hot loops
/// never build Strings or Characters.
enum RequestBytes {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let comma: UInt8 = 0x2C
    static let question: UInt8 = 0x3F
    static let slash: UInt8 = 0x2F
    static let star: UInt8 = 0x2A
    static let percent: UInt8 = 0x25
    static let plus: UInt8 = 0x2B
    static let ampersand: UInt8 = 0x26
    static let equalsSign: UInt8 = 0x3D

    /// tchar (RFC 9110 §5.6.2) by byte value: '1' for ALPHA, DIGIT and ``!#$%&'*+-.^_`|~``.
    /// A StaticString is constant data: no lazy initialization or bounds check in the hot loop.
    private static var tokenTable: StaticString {
        """
        0000000000000000000000000000000001011111001101101111111111000000\
        0111111111111111111111111110001111111111111111111111111111101010\
        0000000000000000000000000000000000000000000000000000000000000000\
        0000000000000000000000000000000000000000000000000000000000000000
        """
    }

    /// Index of the first byte in `p[from..<to]` that is not a tchar, or `to`. Four table lookups
    /// per step while they all succeed (header names are mostly letters and '-').
    @inline(__always)
    static func firstNonToken(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        let table = tokenTable.utf8Start
        var i = from
        while i &+ 4 <= to {
            let all = table[Int(p[i])] & table[Int(p[i &+ 1])] & table[Int(p[i &+ 2])] & table[Int(p[i &+ 3])]
            if all & 1 == 0 { break }
            i &+= 4
        }
        while i < to && table[Int(p[i])] == 0x31 { i &+= 1 }
        return i
    }

    /// True for VCHAR (0x21–0x7E).
    @inline(__always)
    static func isVisible(_ b: UInt8) -> Bool { b &- 0x21 < 0x5E }

    /// True for SP and HTAB (optional whitespace).
    @inline(__always)
    static func isOWS(_ b: UInt8) -> Bool { b == sp || b == htab }

    /// ASCII lowercase of `b`; other bytes unchanged.
    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    /// The value of a hex digit, or nil.
    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        if b &- 0x30 < 10 { return b &- 0x30 }
        let l = b | 0x20
        if l &- 0x61 < 6 { return l &- 0x61 &+ 10 }
        return nil
    }

    /// Exact, case-sensitive comparison of `count` bytes at `p` with `literal`.
    @inline(__always)
    static func equals(_ p: UnsafePointer<UInt8>, _ count: Int, _ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        let q = literal.utf8Start
        var i = 0
        while i < count {
            if p[i] != q[i] { return false }
            i &+= 1
        }
        return true
    }

    /// ASCII case-insensitive comparison of two byte runs of length `count`.
    @inline(__always)
    static func caseInsensitiveEquals(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i < count {
            if a[i] != b[i] && lower(a[i]) != lower(b[i]) { return false }
            i &+= 1
        }
        return true
    }

    /// Index of the first byte in `p[from..<to]` that may not appear in a field value (a CTL other
    /// than HTAB, or DEL), or `to`. Checks eight bytes at a time while they are all fine.
    @inline(__always)
    static func firstInvalidValueByte(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var i = from
        let raw = UnsafeRawPointer(p)
        while i &+ 8 <= to {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // Some byte < 0x20 ("hasless"), or some byte == 0x7F ("haszero" of w ^ 0x7F…).
            let control = (w &- 0x2020_2020_2020_2020) & ~w
            let d = w ^ 0x7F7F_7F7F_7F7F_7F7F
            let delete = (d &- 0x0101_0101_0101_0101) & ~d
            if (control | delete) & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 8
        }
        while i < to {
            let b = p[i]
            if (b < sp && b != htab) || b == 0x7F { return i }
            i &+= 1
        }
        return to
    }

    /// Compares `count` bytes at `p` with `literal`, ignoring ASCII case, eight bytes at a time.
    /// Only for bytes already validated as a token or a field value, and for a literal made of
    /// lowercase letters, digits and '-': then `b | 0x20` equals a literal byte only when `b` is
    /// that byte in either case (the other bytes that map there are control characters).
    @inline(__always)
    static func validatedEqualsLowercased(_ p: UnsafePointer<UInt8>, _ count: Int, _ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        let a = UnsafeRawPointer(p)
        let b = UnsafeRawPointer(literal.utf8Start)
        if count >= 8 {
            var i = 0
            while i &+ 8 <= count {
                if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) | 0x2020_2020_2020_2020
                    != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                i &+= 8
            }
            if i == count { return true }
            let last = count &- 8
            return a.loadUnaligned(fromByteOffset: last, as: UInt64.self) | 0x2020_2020_2020_2020
                == b.loadUnaligned(fromByteOffset: last, as: UInt64.self)
        }
        if count >= 4 {
            let last = count &- 4
            return a.loadUnaligned(as: UInt32.self) | 0x2020_2020 == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: last, as: UInt32.self) | 0x2020_2020
                == b.loadUnaligned(fromByteOffset: last, as: UInt32.self)
        }
        var i = 0
        while i < count {
            if p[i] | 0x20 != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i &+= 1
        }
        return true
    }

    /// Index of the first LF in `p[from..<to]`, or nil.
    @inline(__always)
    static func firstLF(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        #if canImport(Glibc) || canImport(Darwin)
        guard let hit = memchr(p + from, Int32(lf), to &- from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(p)
        #else
        var i = from
        while i < to {
            if p[i] == lf { return i }
            i &+= 1
        }
        return nil
        #endif
    }

    /// Calls `body(start, end)` for each element of the comma-separated list in `p[from..<to]`,
    /// with surrounding OWS trimmed; empty elements are skipped. Returns false if `body` did.
    @inline(__always)
    static func forEachListElement(_ p: UnsafePointer<UInt8>, from: Int, to: Int,
                                   _ body: (Int, Int) -> Bool) -> Bool {
        var i = from
        while i < to {
            while i < to && (isOWS(p[i]) || p[i] == comma) { i &+= 1 }
            let start = i
            while i < to && p[i] != comma { i &+= 1 }
            var end = i
            while end > start && isOWS(p[end &- 1]) { end &-= 1 }
            if end > start && !body(start, end) { return false }
        }
        return true
    }

    /// A String from `p[from..<to]`, decoded as UTF-8 (invalid sequences become U+FFFD).
    @inline(__always)
    static func string(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p + from, count: to &- from), as: UTF8.self)
    }
}
