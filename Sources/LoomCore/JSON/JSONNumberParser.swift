// JSONNumberParser: exact integer and correctly rounded floating-point values from number text.

/// Converts validated RFC 8259 number text to `Int64` or `Double`.
enum JSONNumberParser {
    /// The exact integer value, or nil when the number is not integral or out of `Int64` range.
    ///
    /// Exact decimal arithmetic, not `Double`, so `12345678901234567` and `1.5e3` are both right.
    static func int64(_ p: UnsafePointer<UInt8>, count: Int) -> Int64? {
        let negative = p[0] == UInt8(ascii: "-")
        var i = negative ? 1 : 0
        var magnitude: UInt64 = 0
        // Fast path: up to 18 digits cannot overflow, and most ids and counts are plain integers.
        while i < count, i < 19, case let d = p[i] &- UInt8(ascii: "0"), d < 10 {
            magnitude = magnitude &* 10 &+ UInt64(d)
            i &+= 1
        }
        if i == count { return signed(magnitude, negative: negative) }
        return slowInt64(p, count: count, negative: negative)
    }

    /// General case: fractions, exponents and 19+ digit integers.
    static func slowInt64(_ p: UnsafePointer<UInt8>, count: Int, negative: Bool) -> Int64? {
        var i = negative ? 1 : 0
        var magnitude: UInt64 = 0
        // Zeros are held back so `1.000` and `1e3` don't overflow or look fractional early.
        var pendingZeros = 0
        var fractionDigits = 0
        var inFraction = false
        while i < count {
            let c = p[i]
            if c == UInt8(ascii: ".") {
                inFraction = true
            } else if c | 0x20 == UInt8(ascii: "e") {
                break
            } else {
                if inFraction { fractionDigits &+= 1 }
                if c == UInt8(ascii: "0") {
                    pendingZeros &+= 1
                } else {
                    guard let scaled = scale(magnitude, byPowerOf10: pendingZeros &+ 1) else { return nil }
                    let (sum, overflow) = scaled.addingReportingOverflow(UInt64(c &- UInt8(ascii: "0")))
                    guard !overflow else { return nil }
                    magnitude = sum
                    pendingZeros = 0
                }
            }
            i &+= 1
        }
        if magnitude == 0 { return 0 }
        var exponent = 0
        if i < count {
            i &+= 1  // the `e`
            var exponentNegative = false
            if p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                exponentNegative = p[i] == UInt8(ascii: "-")
                i &+= 1
            }
            while i < count {
                // Clamped: anything past 10^19 overflows anyway.
                exponent = min(exponent &* 10 &+ Int(p[i] &- UInt8(ascii: "0")), 100_000)
                i &+= 1
            }
            if exponentNegative { exponent = -exponent }
        }
        let power = exponent &+ pendingZeros &- fractionDigits
        // `magnitude` ends in a non-zero digit, so a negative power leaves a fraction.
        guard power >= 0, let value = scale(magnitude, byPowerOf10: power) else { return nil }
        return signed(value, negative: negative)
    }

    @inline(__always)
    static func scale(_ value: UInt64, byPowerOf10 power: Int) -> UInt64? {
        var value = value
        if value == 0 { return 0 }
        if power > 19 { return nil }
        for _ in 0..<power {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = product
        }
        return value
    }

    @inline(__always)
    static func signed(_ magnitude: UInt64, negative: Bool) -> Int64? {
        if negative {
            guard magnitude <= UInt64(Int64.max) &+ 1 else { return nil }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Exact powers of ten representable in a `Double`.
    static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The correctly rounded `Double`, or nil if it would be infinite.
    static func double(_ p: UnsafePointer<UInt8>, count: Int) -> Double? {
        let negative = p[0] == UInt8(ascii: "-")
        var i = negative ? 1 : 0
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        while i < count, case let d = p[i] &- UInt8(ascii: "0"), d < 10 {
            mantissa = mantissa &* 10 &+ UInt64(d)
            digits &+= 1
            i &+= 1
        }
        if i < count, p[i] == UInt8(ascii: ".") {
            i &+= 1
            while i < count, case let d = p[i] &- UInt8(ascii: "0"), d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits &+= 1
                exponent &-= 1
                i &+= 1
            }
        }
        // Clinger's fast path: an exact mantissa times an exact power of ten rounds once, so
        // the product is correctly rounded. (Leading zeros count as digits: conservative.)
        if i == count, digits <= 19, mantissa <= 1 << 53, exponent >= -22 {
            let magnitude = exponent == 0 ? Double(mantissa) : Double(mantissa) / powersOf10[-exponent]
            return negative ? -magnitude : magnitude
        }
        // Exponents, long mantissas: the standard library's correctly rounded parser.
        let text = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
