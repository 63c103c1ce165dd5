// RetryBackoff: how long to wait before the next model attempt, as a pure function of the attempt and a random draw.

/// Exponential backoff with "equal jitter", and the limit on waits a server may ask for.
///
/// Equal jitter (half the step fixed, half random) rather than full jitter: a review waits on the
/// answer, so a retry should never fire almost immediately after a 5xx, yet many workers retrying
/// the same outage must still spread out instead of hitting the provider in lockstep.
public struct RetryBackoff: Hashable, Sendable {
    /// The step before the first retry; it doubles for each later one.
    public var base: Duration
    /// No computed step exceeds this.
    public var cap: Duration
    /// The longest `Retry-After` honoured within one call. A longer one ends the call at once
    /// (`.rateLimited`): blocking a worker for minutes helps nobody, and the job queue's own
    /// backoff is the better place to wait that long.
    public var maxServerDelay: Duration

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(30), maxServerDelay: Duration = .seconds(120)) {
        self.base = base
        self.cap = cap
        self.maxServerDelay = maxServerDelay
    }

    /// The wait before retry number `retry` (0 = the first retry) when the server gave no hint.
    ///
    /// - Parameter random: a draw in `0..<1` (injected so tests can pin it); values outside are clamped.
    /// - Returns: `step/2 + step/2 × random` where `step = min(cap, base × 2^retry)`.
    public func delay(beforeRetry retry: Int, random: Double) -> Duration {
        let baseSeconds = base.seconds
        let capSeconds = cap.seconds
        // 2^retry overflows nothing useful beyond ~60; the cap has long taken over by then.
        let exponent = Double(min(max(retry, 0), 60))
        let step = min(capSeconds, baseSeconds * pow2(exponent))
        let draw = min(max(random, 0), 1)
        let seconds = step / 2 + step / 2 * draw
        return .nanoseconds(Int64(seconds * 1_000_000_000))
    }

    /// The wait before the next attempt: the server's hint when it gave one, else `delay(beforeRetry:random:)`.
    /// Nil when the server asks for longer than `maxServerDelay`, meaning "do not retry now".
    public func wait(beforeRetry retry: Int, serverHint: Duration?, random: Double) -> Duration? {
        guard let serverHint else { return delay(beforeRetry: retry, random: random) }
        if serverHint > maxServerDelay { return nil }
        return max(serverHint, .zero)
    }

    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) { result *= 2 }
        return result
    }
}
