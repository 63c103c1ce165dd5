// HTTPRetryPolicyTests: pure delay rules: backoff and jitter bounds, Retry-After, GitHub and GitLab resets, the cap.

import LoomHTTPClient
import Testing

@Suite("HTTPRetryPolicy")
struct HTTPRetryPolicyTests {
    private let policy = HTTPRetryPolicy(maxRetries: 5, baseDelay: .seconds(1), maxDelay: .seconds(30))
    /// 2026-01-01T00:00:00Z.
    private let now: Int64 = 1_767_225_600 * 1_000_000_000

    private func response(_ status: Int, _ headers: [(name: String, value: String)]) -> HTTPClientResponse {
        HTTPClientResponse(status: status, headers: headers)
    }

    @Test("Backoff doubles per retry and is capped", arguments: [(0, 1), (1, 2), (2, 4), (3, 8), (4, 16), (5, 30), (60, 30), (10_000, 30)])
    func backoffCeiling(retry: Int, seconds: Int64) {
        #expect(policy.backoff(retry: retry, random: 0.999_999_999) <= .seconds(seconds))
        #expect(policy.backoff(retry: retry, random: 0.999_999_999) > .seconds(seconds) * 0.99)
        #expect(policy.backoff(retry: retry, random: 0) == .seconds(seconds) / 2)
    }

    @Test("Jitter stays within the upper half of the ceiling")
    func jitterBounds() {
        for step in 0...100 {
            let random = Double(step) / 100
            let delay = policy.backoff(retry: 2, random: random)
            #expect(delay >= .seconds(2) && delay <= .seconds(4))
        }
        // Out-of-range randomness is clamped rather than trusted.
        #expect(policy.backoff(retry: 0, random: -3) == .milliseconds(500))
        #expect(policy.backoff(retry: 0, random: 7) == .seconds(1))
    }

    @Test("Retry-After in seconds wins over backoff")
    func retryAfterSeconds() {
        let delay = policy.delay(beforeRetry: 4, after: response(429, [("Retry-After", " 7 ")]), wallNanoseconds: now, random: 0)
        #expect(delay == .seconds(7))
    }

    @Test("Retry-After as an HTTP-date counts from now; a past date means no wait")
    func retryAfterDate() {
        let future = response(503, [("Retry-After", "Thu, 01 Jan 2026 00:00:12 GMT")])
        #expect(policy.delay(beforeRetry: 0, after: future, wallNanoseconds: now, random: 0) == .seconds(12))
        let past = response(503, [("Retry-After", "Wed, 31 Dec 2025 23:59:00 GMT")])
        #expect(policy.delay(beforeRetry: 0, after: past, wallNanoseconds: now, random: 0) == .zero)
    }

    @Test("A server wait longer than the cap is capped")
    func cap() {
        let delay = policy.delay(beforeRetry: 0, after: response(429, [("Retry-After", "3600")]), wallNanoseconds: now, random: 0)
        #expect(delay == .seconds(30))
    }

    @Test("GitHub: X-RateLimit-Reset applies only when X-RateLimit-Remaining is 0")
    func gitHubReset() {
        let reset = String(1_767_225_600 + 20)
        let exhausted = response(403, [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset)])
        #expect(HTTPRetryPolicy.isRetryable(exhausted))
        #expect(policy.delay(beforeRetry: 0, after: exhausted, wallNanoseconds: now + 500_000_000, random: 0) == .milliseconds(19_500))
        let remaining = response(503, [("X-RateLimit-Remaining", "12"), ("X-RateLimit-Reset", reset)])
        #expect(HTTPRetryPolicy.serverRequestedDelay(remaining, wallNanoseconds: now) == nil)
        #expect(policy.delay(beforeRetry: 1, after: remaining, wallNanoseconds: now, random: 0) == .seconds(1))
        #expect(!HTTPRetryPolicy.isRetryable(response(403, [("X-RateLimit-Remaining", "12")])))
    }

    @Test("GitLab: RateLimit-Reset (Unix time) with RateLimit-Remaining 0; a small value is delta seconds")
    func gitLabReset() {
        let epoch = response(429, [("RateLimit-Remaining", "0"), ("RateLimit-Reset", String(1_767_225_600 + 5))])
        #expect(HTTPRetryPolicy.serverRequestedDelay(epoch, wallNanoseconds: now) == .seconds(5))
        let delta = response(429, [("RateLimit-Reset", "9")])
        #expect(HTTPRetryPolicy.serverRequestedDelay(delta, wallNanoseconds: now) == .seconds(9))
        let capped = response(429, [("RateLimit-Remaining", "0"), ("RateLimit-Reset", String(1_767_225_600 + 7200))])
        #expect(policy.delay(beforeRetry: 0, after: capped, wallNanoseconds: now, random: 0) == .seconds(30))
    }

    @Test("Retry-After is preferred over reset headers")
    func precedence() {
        let both = response(429, [("Retry-After", "3"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", String(1_767_225_600 + 20))])
        #expect(HTTPRetryPolicy.serverRequestedDelay(both, wallNanoseconds: now) == .seconds(3))
    }

    @Test("An unreadable Retry-After falls back to backoff")
    func garbage() {
        let delay = policy.delay(beforeRetry: 1, after: response(503, [("Retry-After", "soon")]), wallNanoseconds: now, random: 0)
        #expect(delay == .seconds(1))
    }

    @Test("Which statuses and errors are retryable",
          arguments: [(408, true), (429, true), (500, true), (502, true), (503, true), (504, true), (501, false),
                      (505, false), (400, false), (401, false), (403, false), (404, false), (200, false), (302, false)])
    func statuses(status: Int, retryable: Bool) {
        #expect(HTTPRetryPolicy.isRetryable(response(status, [])) == retryable)
    }

    @Test("Only transport errors are retried")
    func errors() {
        #expect(HTTPRetryPolicy.isRetryable(.timeout))
        #expect(HTTPRetryPolicy.isRetryable(.connectionFailed("refused")))
        #expect(!HTTPRetryPolicy.isRetryable(.tls("bad certificate")))
        #expect(!HTTPRetryPolicy.isRetryable(.invalidURL("x")))
        #expect(!HTTPRetryPolicy.isRetryable(.cancelled))
        #expect(!HTTPRetryPolicy.isRetryable(.tooManyRedirects))
    }
}
