// RateLimiterTests: per-repository and global rolling-hour limits with a hand-driven clock.

import LoomCore
@testable import LoomServer
import Testing

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test("a repository gets its limit per rolling hour, then a Retry-After until the oldest expires")
    func perRepository() {
        let clock = ManualClock()
        let limiter = RateLimiter(perKeyLimit: 3, globalLimit: 100, clock: clock)
        for minute in 0..<3 {
            #expect(limiter.admit(key: "acme/api") == .allowed)
            clock.advance(by: .seconds(60 * (minute == 2 ? 1 : 10)))
        }
        // Admissions at t=0, 10 min, 20 min; now t=21 min → the first frees up at t=60 min.
        #expect(limiter.admit(key: "acme/api") == .limited(retryAfterSeconds: 39 * 60))
        #expect(limiter.admit(key: "acme/web") == .allowed, "other repositories are unaffected")
        clock.advance(by: .seconds(39 * 60))
        #expect(limiter.admit(key: "acme/api") == .allowed)
        #expect(limiter.admit(key: "acme/api") == .limited(retryAfterSeconds: 10 * 60))
    }

    @Test("the global limit caps all repositories together")
    func global() {
        let clock = ManualClock()
        let limiter = RateLimiter(perKeyLimit: 100, globalLimit: 5, clock: clock)
        for index in 0..<5 { #expect(limiter.admit(key: "repo\(index)") == .allowed) }
        #expect(limiter.admit(key: "fresh/repo") == .limited(retryAfterSeconds: 3600))
        clock.advance(by: .seconds(3599))
        #expect(limiter.admit(key: "fresh/repo") == .limited(retryAfterSeconds: 1))
        clock.advance(by: .seconds(1))
        #expect(limiter.admit(key: "fresh/repo") == .allowed)
    }

    @Test("refused requests do not use up the allowance")
    func refusalsAreFree() {
        let clock = ManualClock()
        let limiter = RateLimiter(perKeyLimit: 1, globalLimit: 10, clock: clock)
        #expect(limiter.admit(key: "a") == .allowed)
        for _ in 0..<20 { _ = limiter.admit(key: "a") }
        clock.advance(by: .seconds(3600))
        #expect(limiter.admit(key: "a") == .allowed)
    }
}
