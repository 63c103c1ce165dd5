// BlockingQueue: a mutex-and-condition-variable queue that feeds a dedicated SQLite thread.

#if canImport(Glibc)
import Glibc
#endif

/// Many producers (any thread, any task), consumer threads that block while the queue is
/// empty. A consumer takes everything pending at once, which is what makes group commit work:
/// whatever arrived while the previous batch was being processed forms the next batch.
///
/// A pthread condition variable rather than an actor or `AsyncStream`: the consumer is a plain
/// thread that must sleep in the kernel, not a task occupying the cooperative pool.
final class BlockingQueue<Element>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    // Guarded by `mutex`.
    private var items: [Element] = []
    private var closed = false
    private var waitingConsumers = 0

    init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Appends `item`; false (and the item is dropped) once the queue is closed.
    func push(_ item: Element) -> Bool {
        pthread_mutex_lock(mutex)
        guard !closed else {
            pthread_mutex_unlock(mutex)
            return false
        }
        items.append(item)
        // Signal only a sleeping consumer: a busy one will find the item when it comes back.
        let wake = waitingConsumers > 0
        pthread_mutex_unlock(mutex)
        if wake { pthread_cond_signal(condition) }
        return true
    }

    /// Appends `batch` in order under one lock; false (and nothing is added) once closed.
    func push(contentsOf batch: [Element]) -> Bool {
        pthread_mutex_lock(mutex)
        guard !closed else {
            pthread_mutex_unlock(mutex)
            return false
        }
        items.append(contentsOf: batch)
        let wake = waitingConsumers > 0
        pthread_mutex_unlock(mutex)
        if wake { pthread_cond_signal(condition) }
        return true
    }

    /// Blocks until something is pending, then returns up to `limit` items in arrival order.
    /// Returns nil once the queue is closed and drained, which tells the consumer to stop.
    func takeAll(limit: Int) -> [Element]? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while items.isEmpty {
            if closed { return nil }
            waitingConsumers += 1
            pthread_cond_wait(condition, mutex)
            waitingConsumers -= 1
        }
        if items.count <= limit {
            let batch = items
            // One allocation of the old size now rather than regrowing one append at a time.
            items.removeAll(keepingCapacity: true)
            return batch
        }
        let batch = Array(items.prefix(limit))
        items.removeFirst(limit)
        return batch
    }

    /// Refuses further pushes; items already queued are still handed out.
    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        let wake = waitingConsumers > 0
        pthread_mutex_unlock(mutex)
        if wake { pthread_cond_broadcast(condition) }
    }
}
