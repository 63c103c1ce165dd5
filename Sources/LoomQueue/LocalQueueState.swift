// LocalQueueState: the embedded queue's heaps, live-entry index and waiting workers, mutated only under its lock.

/// The state of a `LocalJobQueue`. A value type with no locking of its own: every method runs
/// inside the queue's `Mutex`, so each one is atomic.
struct LocalQueueState {
    /// A ready entry; `<` means "is handed out first": higher priority, then older, then enqueued earlier.
    struct Ready: Comparable {
        var item: QueueItem
        var readyAt: Int64
        var sequence: UInt64

        static func < (a: Ready, b: Ready) -> Bool {
            if a.item.priority != b.item.priority { return a.item.priority > b.item.priority }
            return (a.item.runAt, a.sequence) < (b.item.runAt, b.sequence)
        }

        static func == (a: Ready, b: Ready) -> Bool { a.sequence == b.sequence }
    }

    /// A delayed entry; `<` means "is due first".
    struct Delayed: Comparable {
        var item: QueueItem
        var sequence: UInt64

        static func < (a: Delayed, b: Delayed) -> Bool { (a.item.runAt, a.sequence) < (b.item.runAt, b.sequence) }

        static func == (a: Delayed, b: Delayed) -> Bool { a.sequence == b.sequence }
    }

    var ready = BinaryHeap<Ready>()
    var delayed = BinaryHeap<Delayed>()
    /// The one live entry of each waiting job id. Re-enqueuing an id gives it a new sequence number;
    /// the older heap entry is then dead and dropped when it surfaces (lazy deletion, because a
    /// heap cannot remove from its middle).
    var live: [String: (sequence: UInt64, delayed: Bool)] = [:]
    var readyCount = 0
    var delayedCount = 0
    /// Workers blocked in `next()`, by waiter id. Non-empty only while no entry is ready.
    var waiters: [UInt64: CheckedContinuation<QueueDelivery?, Never>] = [:]
    var closed = false
    private var nextSequence: UInt64 = 0

    var depth: QueueDepth { QueueDepth(ready: readyCount, delayed: delayedCount) }

    mutating func makeID() -> UInt64 {
        nextSequence &+= 1
        return nextSequence
    }

    /// Adds or replaces the entry of `item.jobID`.
    mutating func add(_ item: QueueItem, now: Int64) {
        dropLive(item.jobID)
        let sequence = makeID()
        let isDelayed = item.runAt > now
        live[item.jobID] = (sequence, isDelayed)
        if isDelayed {
            delayed.insert(Delayed(item: item, sequence: sequence))
            delayedCount += 1
        } else {
            ready.insert(Ready(item: item, readyAt: max(item.runAt, now), sequence: sequence))
            readyCount += 1
        }
    }

    /// Moves due delayed entries to the ready heap; returns the earliest run-at still delayed.
    mutating func promote(now: Int64) -> Int64? {
        while let head = delayed.first {
            guard live[head.item.jobID]?.sequence == head.sequence else {
                _ = delayed.popFirst()  // replaced or handed out: dead
                continue
            }
            guard head.item.runAt <= now else { return head.item.runAt }
            _ = delayed.popFirst()
            live[head.item.jobID] = (head.sequence, false)
            delayedCount -= 1
            readyCount += 1
            // Ready since its run-at, which is what the queue-latency metric should measure from.
            ready.insert(Ready(item: head.item, readyAt: head.item.runAt, sequence: head.sequence))
        }
        return nil
    }

    /// Takes the best ready entry, promoting due delayed ones first.
    mutating func popReady(now: Int64) -> QueueDelivery? {
        _ = promote(now: now)
        while let head = ready.popFirst() {
            guard live[head.item.jobID]?.sequence == head.sequence else { continue }
            live[head.item.jobID] = nil
            readyCount -= 1
            return QueueDelivery(item: head.item, readyAt: head.readyAt)
        }
        return nil
    }

    /// Pairs ready entries with waiting workers; the caller resumes them after unlocking.
    mutating func handOut(now: Int64) -> [(CheckedContinuation<QueueDelivery?, Never>, QueueDelivery)] {
        var pairs: [(CheckedContinuation<QueueDelivery?, Never>, QueueDelivery)] = []
        while !waiters.isEmpty, let delivery = popReady(now: now) {
            let (_, waiter) = waiters.popFirst()!
            pairs.append((waiter, delivery))
        }
        return pairs
    }

    private mutating func dropLive(_ jobID: String) {
        guard let old = live.removeValue(forKey: jobID) else { return }
        if old.delayed { delayedCount -= 1 } else { readyCount -= 1 }
    }
}
