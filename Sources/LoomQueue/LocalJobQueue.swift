// LocalJobQueue: the embedded queue — ready and delayed heaps in memory, rebuilt from the store at start.

public import CoreMetrics
public import LoomCore
public import LoomStore
import LoomMetrics
import Synchronization

/// The in-process queue used when no `REDIS_URL` is set.
///
/// Durability comes from the store, not from here: every entry is a job already committed as
/// `queued`, and `start()` reloads all of them, so a restart loses nothing. In memory the queue
/// keeps a ready heap (priority, then age) and a delayed heap (run-at), under one `Mutex`.
///
/// A worker with nothing to do waits in `next()` on a continuation; `enqueue` resumes it directly,
/// in the same call, with the new entry. No polling: enqueue → worker start costs one lock and one
/// task resumption. Delayed entries move to the ready heap when `promoteDue` (called by the
/// scheduler's maintenance) or any `enqueue`/`next` finds them due.
public final class LocalJobQueue: JobQueue {
    public let name = "local"

    private let store: any Store
    private let clock: any Clock
    private let depthGauge: Gauge
    private let state = Mutex(LocalQueueState())

    /// A queue over `store`'s queued jobs. Call `start()` before workers consume it.
    public init(store: any Store, clock: any Clock = SystemClock(), metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.store = store
        self.clock = clock
        self.depthGauge = Gauge(label: MetricsNames.queueDepth, dimensions: [("queue", "local")], factory: metricsFactory)
    }

    /// Loads every `queued` job of the store (ready or delayed); entries enqueued meanwhile stay.
    public func start() async throws {
        let jobs = try await store.queuedJobs(limit: Int(Int32.max))
        let now = clock.wallNanoseconds()
        update(now: now) { state in
            for job in jobs where state.live[job.id] == nil { state.add(QueueItem(job), now: now) }
        }
    }

    public func enqueue(_ item: QueueItem) async throws {
        enqueueNow(item)
    }

    /// `enqueue` without `await`, for callers on a loop thread: the waiting worker, if any, is
    /// resumed before this returns.
    public func enqueueNow(_ item: QueueItem) {
        let now = clock.wallNanoseconds()
        update(now: now) { $0.add(item, now: now) }
    }

    public func next() async throws -> QueueDelivery? {
        let now = clock.wallNanoseconds()
        let fast: QueueDelivery?? = state.withLock { state in
            if let delivery = state.popReady(now: now) {
                depthGauge.record(state.depth.total)
                return .some(delivery)
            }
            return state.closed ? .some(nil) : nil
        }
        if let fast { return fast }

        let waiterID = state.withLock { $0.makeID() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<QueueDelivery?, Never>) in
                let immediate: QueueDelivery?? = state.withLock { state in
                    if let delivery = state.popReady(now: clock.wallNanoseconds()) {
                        depthGauge.record(state.depth.total)
                        return .some(delivery)
                    }
                    // Checked under the lock: either the cancellation handler already ran (the flag
                    // is set first) or it runs after this registration and finds the waiter.
                    if state.closed || Task.isCancelled { return .some(nil) }
                    state.waiters[waiterID] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: waiterID) }?.resume(returning: nil)
        }
    }

    /// Nothing to do: a local entry leaves the queue when it is handed out.
    public func ack(_ delivery: QueueDelivery) async throws {}

    public func release(_ delivery: QueueDelivery) async throws {
        enqueueNow(delivery.item)
    }

    @discardableResult
    public func promoteDue(now: Int64) async throws -> Int64? {
        update(now: now) { $0.promote(now: now) }
    }

    public func depth() async throws -> QueueDepth {
        state.withLock { $0.depth }
    }

    public func close() async {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// Applies `change`, hands ready entries to waiting workers and records the depth, all under the
    /// lock; then resumes the woken workers outside it.
    private func update<Result>(now: Int64, _ change: (inout LocalQueueState) -> Result) -> Result {
        let (result, woken) = state.withLock { state in
            let result = change(&state)
            let woken = state.handOut(now: now)
            depthGauge.record(state.depth.total)
            return (result, woken)
        }
        for (waiter, delivery) in woken { waiter.resume(returning: delivery) }
        return result
    }
}
