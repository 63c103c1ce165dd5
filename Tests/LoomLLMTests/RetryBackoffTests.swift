// RetryBackoffTests: the backoff schedule and the parsing of servers' wait hints, as pure functions.

import LoomLLM
import Testing

@Suite("Retry backoff and hints")
struct RetryBackoffTests {
    let backoff = RetryBackoff(base: .seconds(1), cap: .seconds(30), maxServerDelay: .seconds(120))

    @Test("each step doubles; jitter spans the upper half of the step")
    func exponentialWithJitter() {
        #expect((0..<5).map { backoff.delay(beforeRetry: $0, random: 0) } == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8)])
        #expect((0..<5).map { backoff.delay(beforeRetry: $0, random: 1) } == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16)])
        #expect(backoff.delay(beforeRetry: 2, random: 0.5) == .seconds(3))
    }

    @Test("the cap bounds every step, even for absurd retry numbers and draws")
    func capped() {
        #expect(backoff.delay(beforeRetry: 5, random: 1) == .seconds(30))
        #expect(backoff.delay(beforeRetry: 1_000, random: 0) == .seconds(15))
        #expect(backoff.delay(beforeRetry: -3, random: 7) == .seconds(1))
    }

    @Test("a server hint wins over the schedule; one beyond maxServerDelay means do not retry")
    func serverHint() {
        #expect(backoff.wait(beforeRetry: 3, serverHint: .seconds(2), random: 0.9) == .seconds(2))
        #expect(backoff.wait(beforeRetry: 0, serverHint: nil, random: 0) == .milliseconds(500))
        #expect(backoff.wait(beforeRetry: 0, serverHint: .seconds(121), random: 0) == nil)
    }

    @Test("Retry-After as seconds, fractional seconds and retry-after-ms")
    func retryAfterSeconds() {
        func hint(_ headers: [String: String]) -> Duration? {
            RetryHint.delay(header: { headers[$0] }, wallNanoseconds: 0)
        }
        #expect(hint(["retry-after": "7"]) == .seconds(7))
        #expect(hint(["retry-after": " 0.25 "]) == .milliseconds(250))
        #expect(hint(["retry-after-ms": "1200", "retry-after": "2"]) == .milliseconds(1200))
        #expect(hint(["retry-after": "soon"]) == nil)
        #expect(hint(["retry-after": "inf"]) == .seconds(86_400))
        #expect(hint([:]) == nil)
    }

    @Test("Retry-After as an HTTP-date is the time until then, never negative")
    func retryAfterDate() {
        let now: Int64 = 784_111_777 * 1_000_000_000  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryHint.httpDateSeconds("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(RetryHint.httpDateSeconds("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(RetryHint.httpDateSeconds("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(RetryHint.delay(header: { $0 == "retry-after" ? "Sun, 06 Nov 1994 08:50:07 GMT" : nil }, wallNanoseconds: now) == .seconds(30))
        #expect(RetryHint.delay(header: { $0 == "retry-after" ? "Sun, 06 Nov 1994 08:00:00 GMT" : nil }, wallNanoseconds: now) == .zero)
    }

    @Test("OpenAI reset headers count only for the spent limit")
    func openAIResetHeaders() {
        let headers = ["x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "6m0s",
                       "x-ratelimit-remaining-tokens": "5000", "x-ratelimit-reset-tokens": "20ms"]
        #expect(RetryHint.delay(header: { headers[$0] }, wallNanoseconds: 0) == .seconds(360))
        #expect(RetryHint.goDuration("1h2m3.5s") == .milliseconds(3_723_500))
        #expect(RetryHint.goDuration("250ms") == .milliseconds(250))
        #expect(RetryHint.goDuration("") == nil)
        #expect(RetryHint.goDuration("5 minutes") == nil)
    }
}
