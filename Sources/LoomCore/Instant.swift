// Instant: a point on the monotonic clock in nanoseconds, cheap to compare and to store per connection.

/// A monotonic point in time, in nanoseconds since an arbitrary origin (boot, for `SystemClock`).
///
/// Logic compares instants and adds durations; it never reads the clock itself but asks a `Clock`,
/// so tests can move time by hand.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the clock's origin.
    public var nanoseconds: UInt64

    /// Creates an instant at `nanoseconds` after the clock's origin.
    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// The clock's origin; useful as "long ago" and in tests.
    public static let zero = Instant(nanoseconds: 0)

    /// The latest representable instant; "never" for deadlines.
    public static let distantFuture = Instant(nanoseconds: .max)

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The instant `duration` later, saturating instead of overflowing.
    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(rhs.nanosecondsClamped)
        return Instant(nanoseconds: overflow ? .max : sum)
    }

    /// The time from `rhs` to `lhs`, zero when `rhs` is later.
    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        lhs.nanoseconds >= rhs.nanoseconds ? .nanoseconds(Int64(clamping: lhs.nanoseconds - rhs.nanoseconds)) : .zero
    }

    public var description: String { "Instant(\(nanoseconds)ns)" }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to 0...UInt64.max.
    public var nanosecondsClamped: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        let (wholeSeconds, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        return wholeSeconds &+ UInt64(attoseconds / 1_000_000_000)
    }

    /// The duration as fractional seconds, for metrics and logs.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
