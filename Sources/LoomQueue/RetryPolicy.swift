// RetryPolicy: when a failed job runs again — capped exponential backoff with equal jitter, as a pure function.

/// Capped exponential backoff with "equal jitter".
///
/// The delay before retry number `attempt` (1 = the first retry) is drawn uniformly from
/// `[ceiling / 2, ceiling]`, where `ceiling = min(cap, base × factor^(attempt − 1))`.
///
/// Equal jitter rather than full jitter (`[0, ceiling]`): a review failed because a model or a
/// platform API was unhappy, and retrying it almost immediately (full jitter can draw ~0) just
/// spends an attempt. Half the ceiling is a guaranteed pause; the other half still spreads a burst
/// of failures (one provider outage failing many jobs at once) so they do not return in lockstep.
///
/// A pure function of its inputs and the random source, so tests use a seeded generator.
public struct RetryPolicy: Sendable, Equatable {
    /// The ceiling of the first retry.
    public var base: Duration
    /// Growth of the ceiling per attempt (≥ 1).
    public var factor: Double
    /// No delay exceeds this (an explicit retry-after is also clamped to it).
    public var cap: Duration

    /// Defaults: first retry within 5–10 s, then 10–20 s, 20–40 s, …, never more than 30 min.
    public init(base: Duration = .seconds(10), factor: Double = 2, cap: Duration = .seconds(30 * 60)) {
        self.base = max(base, .zero)
        self.factor = max(factor, 1)
        self.cap = max(cap, .zero)
    }

    /// The upper bound of the delay before retry `attempt` (attempts below 1 count as 1).
    ///
    /// Non-decreasing in `attempt` and never above `cap`; computed in `Double` and clamped
    /// before converting back, so a huge attempt number saturates instead of trapping.
    public func ceiling(attempt: Int) -> Duration {
        let capNanos = Double(cap.nanosecondsClamped)
        // A zero base would make `0 × ∞` (NaN) below for large attempts; it means "no delay".
        guard base > .zero else { return .zero }
        let exponent = Double(max(attempt, 1) - 1)
        let raw = Double(base.nanosecondsClamped) * pow(factor, exponent)
        // `raw` may be +infinity for large exponents; `min` handles that (base > 0 and factor ≥ 1, so no NaN).
        return .nanoseconds(Int64(min(raw, capNanos).rounded(.down)))
    }

    /// The delay before retry `attempt`, drawn from `[ceiling / 2, ceiling]`.
    public func delay(attempt: Int, random: inout some RandomNumberGenerator) -> Duration {
        let upper = Int64(clamping: ceiling(attempt: attempt).nanosecondsClamped)
        let lower = upper / 2
        guard upper > lower else { return .nanoseconds(upper) }
        return .nanoseconds(Int64.random(in: lower...upper, using: &random))
    }

    /// The delay for a `retry` outcome: the handler's explicit `after` (a `Retry-After` it was told)
    /// wins when given, clamped to `[0, cap]`; otherwise the jittered backoff.
    public func delay(attempt: Int, requested: Duration?, random: inout some RandomNumberGenerator) -> Duration {
        if let requested { return min(max(requested, .zero), cap) }
        return delay(attempt: attempt, random: &random)
    }
}

/// `pow` without Foundation: repeated squaring, which for integral exponents is exact enough and
/// saturates to +infinity rather than trapping.
private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var b = base
    var e = UInt64(max(0, min(exponent, 1e18)))
    while e > 0 {
        if e & 1 == 1 { result *= b }
        e >>= 1
        if e > 0 { b *= b }
        if result.isInfinite { return result }
    }
    return result
}
