// ConcurrencyLimiter: at most N model calls of a review in flight, the rest wait their turn.

/// A counting semaphore for async code.
actor ConcurrencyLimiter {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    /// Runs `body` when a slot is free.
    func run<Value: Sendable>(_ body: @Sendable () async -> Value) async -> Value {
        await acquire()
        let value = await body()
        release()
        return value
    }

    private func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
