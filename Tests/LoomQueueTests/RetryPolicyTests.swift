// RetryPolicyTests: properties of the backoff — bounds, growth, jitter, explicit retry-after, overflow safety.

import LoomQueue
import LoomTestSupport
import Testing

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(base: .seconds(10), factor: 2, cap: .seconds(1800))
    let attempts = Array(1...40) + [64, 100, 1_000, 1_000_000, Int.max, 0, -5]

    @Test func delaysStayWithinHalfTheCeilingAndTheCeiling() {
        var random = SplitMix64(seed: 42)
        for attempt in attempts {
            let ceiling = policy.ceiling(attempt: attempt)
            for _ in 0..<200 {
                let delay = policy.delay(attempt: attempt, random: &random)
                #expect(delay >= .zero)
                #expect(delay <= policy.cap)
                #expect(delay <= ceiling)
                #expect(delay >= ceiling / 2 - .nanoseconds(1))
            }
        }
    }

    @Test func ceilingGrowsExponentiallyUpToTheCapAndNeverShrinks() {
        #expect(policy.ceiling(attempt: 1) == .seconds(10))
        #expect(policy.ceiling(attempt: 2) == .seconds(20))
        #expect(policy.ceiling(attempt: 3) == .seconds(40))
        #expect(policy.ceiling(attempt: 8) == .seconds(1280))
        #expect(policy.ceiling(attempt: 9) == .seconds(1800))
        var previous = Duration.zero
        for attempt in 0...2_000 {
            let ceiling = policy.ceiling(attempt: attempt)
            #expect(ceiling >= previous)
            previous = ceiling
        }
        #expect(previous == policy.cap)
    }

    @Test func hugeAttemptNumbersSaturateInsteadOfTrapping() {
        var random = SplitMix64(seed: 7)
        for attempt in [1_000_000, Int.max, Int.max - 1] {
            #expect(policy.ceiling(attempt: attempt) == policy.cap)
            #expect(policy.delay(attempt: attempt, random: &random) <= policy.cap)
        }
        let steep = RetryPolicy(base: .seconds(1), factor: 1e300, cap: .seconds(60))
        #expect(steep.ceiling(attempt: 1_000_000) == .seconds(60))
    }

    @Test func jitterActuallyVaries() {
        var random = SplitMix64(seed: 1)
        for attempt in [1, 3, 20] {
            let delays = Set((0..<100).map { _ in policy.delay(attempt: attempt, random: &random) })
            #expect(delays.count > 90, "attempt \(attempt) gave only \(delays.count) distinct delays")
        }
    }

    @Test func sameSeedGivesTheSameDelays() {
        var first = SplitMix64(seed: 99), second = SplitMix64(seed: 99)
        let a = (1...20).map { policy.delay(attempt: $0, random: &first) }
        let b = (1...20).map { policy.delay(attempt: $0, random: &second) }
        #expect(a == b)
    }

    @Test func explicitRetryAfterWinsButIsClamped() {
        var random = SplitMix64(seed: 3)
        #expect(policy.delay(attempt: 5, requested: .seconds(3), random: &random) == .seconds(3))
        #expect(policy.delay(attempt: 1, requested: .seconds(7200), random: &random) == policy.cap)
        #expect(policy.delay(attempt: 1, requested: .seconds(-4), random: &random) == .zero)
        let fallback = policy.delay(attempt: 2, requested: nil, random: &random)
        #expect(fallback >= .seconds(10) && fallback <= .seconds(20))
    }

    @Test func degenerateParametersStaySafe() {
        var random = SplitMix64(seed: 5)
        let zero = RetryPolicy(base: .zero, factor: 2, cap: .seconds(10))
        #expect(zero.delay(attempt: 1_000_000, random: &random) == .zero)
        let flat = RetryPolicy(base: .seconds(4), factor: 0.5, cap: .seconds(10))  // factor clamps to 1
        #expect(flat.ceiling(attempt: 50) == .seconds(4))
        let capped = RetryPolicy(base: .seconds(100), factor: 2, cap: .seconds(10))
        #expect(capped.ceiling(attempt: 1) == .seconds(10))
    }
}
