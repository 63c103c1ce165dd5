// HTTPRetryPolicy: which outcomes deserve another attempt and how long to wait first (pure, tested alone).

/// Retry limits and the delay rules behind `HTTPRetry`.
///
/// A delay is what the server asked for when it said (`Retry-After`, or an exhausted rate limit's
/// reset time), else exponential backoff with jitter; either way never more than `maxDelay`.
public struct HTTPRetryPolicy: Sendable, Equatable {
    /// Attempts after the first one.
    public var maxRetries: Int
    /// Backoff before the first retry, doubled for each retry after it.
    public var baseDelay: Duration
    /// Cap on any single wait, backoff or server-requested.
    public var maxDelay: Duration

    public init(maxRetries: Int = 3, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30)) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Transport failures that may well succeed next time; TLS, URL and redirect errors will not.
    public static func isRetryable(_ error: HTTPClientError) -> Bool {
        switch error {
        case .timeout, .connectionFailed: true
        default: false
        }
    }

    /// 408, 429, 5xx other than 501 and 505 (which a retry cannot fix), and 403 when it is a rate
    /// limit: GitHub answers an exhausted quota or a secondary limit with 403.
    public static func isRetryable(_ response: HTTPClientResponse) -> Bool {
        switch response.status {
        case 408, 429: return true
        case 501, 505: return false
        case 500...599: return true
        case 403: return rateLimitExhausted(response) || response.header("Retry-After") != nil
        default: return false
        }
    }

    /// Backoff before retry number `retry` (0 for the first): base·2^retry, capped, scaled into
    /// its upper half by `random` in [0, 1) ("equal jitter": spread out, but never near zero).
    public func backoff(retry: Int, random: Double) -> Duration {
        // Doubling stops at the cap, so a large retry number cannot overflow.
        var ceiling = baseDelay
        for _ in 0..<max(retry, 0) where ceiling < maxDelay { ceiling *= 2 }
        ceiling = min(ceiling, maxDelay)
        let fraction = 0.5 + 0.5 * min(max(random, 0), 1)
        return ceiling * fraction
    }

    /// The wait before retry number `retry` after `response` (nil after a transport error).
    /// `wallNanoseconds` is now on the Unix clock, for dates and reset times the server sent.
    public func delay(beforeRetry retry: Int, after response: HTTPClientResponse?, wallNanoseconds: Int64,
                      random: Double) -> Duration {
        if let response, let requested = Self.serverRequestedDelay(response, wallNanoseconds: wallNanoseconds) {
            return min(requested, maxDelay)
        }
        return backoff(retry: retry, random: random)
    }

    /// What the response asked for, if anything: `Retry-After` (seconds or HTTP-date) first, then
    /// the reset time of an exhausted rate limit — GitHub's `X-RateLimit-Reset` (Unix seconds) with
    /// `X-RateLimit-Remaining: 0`, GitLab's `RateLimit-Reset` with `RateLimit-Remaining: 0`.
    public static func serverRequestedDelay(_ response: HTTPClientResponse, wallNanoseconds: Int64) -> Duration? {
        if let retryAfter = response.header("Retry-After")?.trimmingASCIISpaces {
            if let seconds = Int64(retryAfter) { return .seconds(max(seconds, 0)) }
            if let date = HTTPDate.parse(retryAfter) { return untilUnixSeconds(date, wallNanoseconds: wallNanoseconds) }
        }
        for (remaining, reset) in [("X-RateLimit-Remaining", "X-RateLimit-Reset"), ("RateLimit-Remaining", "RateLimit-Reset")] {
            let limitHit = response.header(remaining).map { $0.trimmingASCIISpaces == "0" } ?? (response.status == 429)
            guard limitHit, let value = response.header(reset).flatMap({ Int64($0.trimmingASCIISpaces) }) else { continue }
            // GitHub and GitLab send a Unix time; the IETF draft's RateLimit-Reset is a number of
            // seconds. No delay is a billion seconds, so the size tells them apart.
            if value >= 1_000_000_000 { return untilUnixSeconds(value, wallNanoseconds: wallNanoseconds) }
            return .seconds(max(value, 0))
        }
        return nil
    }

    /// True when a rate-limit header says no requests are left.
    static func rateLimitExhausted(_ response: HTTPClientResponse) -> Bool {
        ["X-RateLimit-Remaining", "RateLimit-Remaining"].contains { response.header($0)?.trimmingASCIISpaces == "0" }
    }

    private static func untilUnixSeconds(_ seconds: Int64, wallNanoseconds: Int64) -> Duration {
        let target = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !target.overflow, target.partialValue > wallNanoseconds else { return .zero }
        return .nanoseconds(target.partialValue - wallNanoseconds)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingASCIISpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
