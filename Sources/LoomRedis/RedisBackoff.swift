// RedisBackoff: the reconnect delay — exponential with jitter, capped — as a pure function.

import LoomCore

/// How long to wait before reconnect attempt `attempt` (0 for the first after a drop).
///
/// Doubling spreads retries out during a long outage; the jitter (50–100 % of the step) keeps
/// many replicas that lost Redis at the same moment from reconnecting in lockstep.
public struct RedisBackoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// The delay for `attempt`, with `unit` in 0...1 choosing the point in the jitter range.
    public func delay(attempt: Int, unit: Double) -> Duration {
        let step = Double(initial.nanosecondsClamped) * Double(1 << UInt64(min(max(attempt, 0), 30)))
        let capped = min(step, Double(maximum.nanosecondsClamped))
        let jittered = capped * (0.5 + 0.5 * min(max(unit, 0), 1))
        return .nanoseconds(Int64(jittered))
    }
}
