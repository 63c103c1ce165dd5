// Clock: the one place logic reads time from, so timeouts, leases and retries can be tested by hand.

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A source of monotonic and wall-clock time.
///
/// Everything time-dependent takes a `Clock` instead of reading the system clock, so tests can use
/// `ManualClock` and step through timeouts without sleeping.
public protocol Clock: Sendable {
    /// Monotonic time, for deadlines and durations.
    func now() -> Instant
    /// Wall-clock time in nanoseconds since the Unix epoch, for timestamps people read.
    func wallNanoseconds() -> Int64
}

/// The real clocks: `CLOCK_MONOTONIC` and `CLOCK_REALTIME` (both served by the vDSO, no system call).
public struct SystemClock: Clock {
    public init() {}

    public func now() -> Instant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Instant(nanoseconds: UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec))
    }

    public func wallNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) &* 1_000_000_000 &+ Int64(spec.tv_nsec)
    }
}

/// A clock that moves only when told to; for tests of time-dependent logic.
public final class ManualClock: Clock {
    private let state: Mutex<(monotonic: Instant, wall: Int64)>

    /// Starts at `start` on the monotonic scale and `wallNanoseconds` on the wall scale.
    public init(start: Instant = Instant(nanoseconds: 1_000_000_000), wallNanoseconds: Int64 = 1_767_225_600_000_000_000) {
        state = Mutex((start, wallNanoseconds))
    }

    public func now() -> Instant { state.withLock { $0.monotonic } }

    public func wallNanoseconds() -> Int64 { state.withLock { $0.wall } }

    /// Moves both clocks forward by `duration`.
    public func advance(by duration: Duration) {
        state.withLock {
            $0.monotonic = $0.monotonic + duration
            $0.wall += Int64(clamping: duration.nanosecondsClamped)
        }
    }
}
