// RateLimiter: webhook limits per repository and in total over a rolling hour, with Retry-After.

public import LoomCore
import Synchronization

/// Exact rolling-window limits: for each key it keeps the times of its last `limit` admissions,
/// so "at most N in any hour" holds precisely and the wait until the next free slot is known.
public final class RateLimiter: Sendable {
    /// The answer for one request.
    public enum Decision: Equatable, Sendable {
        case allowed
        /// Refused; retry after this many whole seconds (at least 1).
        case limited(retryAfterSeconds: Int)
    }

    private struct Window {
        /// Admission times (monotonic ns), oldest first, at most `limit` of them.
        var times: [UInt64] = []
        var head = 0

        var count: Int { times.count - head }

        mutating func dropExpired(before cutoff: UInt64) {
            while head < times.count && times[head] <= cutoff { head += 1 }
            if head > 64 && head * 2 > times.count {
                times.removeFirst(head)
                head = 0
            }
        }
    }

    private struct State {
        var global = Window()
        var perKey: [String: Window] = [:]
    }

    private let perKeyLimit: Int
    private let globalLimit: Int
    private let window: Duration
    private let clock: any Clock
    private let state = Mutex(State())

    /// `perKeyLimit` admissions per key and `globalLimit` in total within any `window`.
    public init(perKeyLimit: Int, globalLimit: Int, window: Duration = .seconds(3600), clock: any Clock) {
        self.perKeyLimit = perKeyLimit
        self.globalLimit = globalLimit
        self.window = window
        self.clock = clock
    }

    /// Admits one request for `key` (a repository) if both limits allow it, recording it.
    public func admit(key: String) -> Decision {
        let now = clock.now().nanoseconds
        let span = window.nanosecondsClamped
        let cutoff = now >= span ? now - span : 0
        return state.withLock { state in
            state.global.dropExpired(before: cutoff)
            var keyed = state.perKey[key] ?? Window()
            keyed.dropExpired(before: cutoff)
            var waits: [UInt64] = []
            if state.global.count >= globalLimit { waits.append(state.global.times[state.global.head] + span - now) }
            if keyed.count >= perKeyLimit { waits.append(keyed.times[keyed.head] + span - now) }
            if let wait = waits.max() {
                if keyed.count == 0 { state.perKey[key] = nil } else { state.perKey[key] = keyed }
                return .limited(retryAfterSeconds: max(1, Int((wait + 999_999_999) / 1_000_000_000)))
            }
            state.global.times.append(now)
            keyed.times.append(now)
            state.perKey[key] = keyed
            if state.perKey.count > 10_000 { Self.prune(&state.perKey, cutoff: cutoff) }
            return .allowed
        }
    }

    /// Forgets keys with no admissions left in the window, so memory follows active repositories.
    private static func prune(_ windows: inout [String: Window], cutoff: UInt64) {
        windows = windows.filter { _, window in window.times.last.map { $0 > cutoff } ?? false }
    }
}
