// QueueTestSupport: stores to test against, job creation through ingestion, and waiting helpers.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomQueue
import LoomStore
import Synchronization
import Testing

/// The store implementations the scenarios run against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case sqlite

    var testDescription: String { rawValue }

    /// A fresh, migrated, empty store; `close` releases it (and deletes the SQLite file).
    func open(clock: any Clock) async throws -> TestStore {
        switch self {
        case .memory:
            return TestStore(store: InMemoryStore(), close: {})
        case .sqlite:
            let path = "/tmp/loom-queue-test-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).sqlite3"
            let store = try await SQLiteStore.open(path: path, clock: clock)
            try await store.migrate()
            return TestStore(store: store, close: {
                await store.close()
                for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
            })
        }
    }
}

/// A store and how to dispose of it.
struct TestStore: Sendable {
    let store: any Store
    let close: @Sendable () async -> Void
}

/// Creates jobs the way the webhook path does: through `Store.ingest`.
struct Jobs: Sendable {
    let store: any Store
    let clock: any Clock
    var repository = RepositoryRef(platform: .github, platformID: "1001", fullName: "acme/app")

    /// Ingests a delivery asking for a review of `head` on PR `pr`; returns the created job.
    @discardableResult
    func create(pr: Int, head: String? = nil, priority: Int = 0, maxAttempts: Int = 5,
                at time: Int64? = nil) async throws -> Job {
        let head = head ?? "sha-\(pr)-\(UInt32.random(in: 0...UInt32.max))"
        let new = NewJob(id: "job-\(pr)-\(head)", prNumber: pr, headSHA: head, baseSHA: "base", priority: priority,
                         maxAttempts: maxAttempts)
        let outcome = try await store.ingest(IngestionRequest(
            platform: repository.platform, deliveryID: "delivery-\(new.id)", event: "pull_request",
            repository: repository, action: .enqueue(new), receivedAt: time ?? clock.wallNanoseconds()))
        guard case .jobCreated(let job, _) = outcome else { throw TestFailure("expected a new job, got \(outcome)") }
        return job
    }

    func status(_ id: String) async throws -> JobStatus? {
        try await store.job(id: id)?.status
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A one-way gate that handlers wait on until a test opens it.
final class Latch: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until opened; deliberately deaf to task cancellation (a handler that ignores it).
    func wait() async {
        await withCheckedContinuation { continuation in
            let open = state.withLock { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if open { continuation.resume() }
        }
    }
}

/// A handler that records what ran and delegates the outcome to `behavior`.
final class ProbeHandler: JobHandler {
    struct Record {
        var started: [String] = []
        var running = 0
        var maxRunning = 0
        var stopReasons: [String: JobStopReason] = [:]
    }

    let record = Mutex(Record())
    let behavior: @Sendable (Job, JobContext) async -> JobOutcome

    init(_ behavior: @escaping @Sendable (Job, JobContext) async -> JobOutcome = { _, _ in .completed }) {
        self.behavior = behavior
    }

    func run(_ job: Job, context: JobContext) async -> JobOutcome {
        record.withLock {
            $0.started.append(job.id)
            $0.running += 1
            $0.maxRunning = max($0.maxRunning, $0.running)
        }
        let outcome = await behavior(job, context)
        if let reason = await context.stopReason() { record.withLock { $0.stopReasons[job.id] = reason } }
        record.withLock { $0.running -= 1 }
        return outcome
    }

    var started: [String] { record.withLock { $0.started } }
    var running: Int { record.withLock { $0.running } }
    func runs(of id: String) -> Int { record.withLock { $0.started.count { $0 == id } } }
    func stopReason(of id: String) -> JobStopReason? { record.withLock { $0.stopReasons[id] } }
}

/// Sleeps (cancellably) until the job's task is cancelled, then reports why it stopped: the
/// shape of a well-behaved long review.
@Sendable func runUntilStopped(_ job: Job, _ context: JobContext) async -> JobOutcome {
    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    return .cancelled(reason: await context.stopReason()?.rawValue ?? "stopped")
}

/// A scheduler whose maintenance never runs by itself (hour-long intervals), so tests drive
/// renewals, rescues and promotions by hand with a `ManualClock`.
func makeScheduler(store: any Store, clock: any Clock, handler: any JobHandler, workers: Int = 1,
                   workerID: String = "worker-a", maxAttempts: Int = 5, interruptGrace: Duration = .seconds(5),
                   retryPolicy: RetryPolicy = RetryPolicy()) -> (Scheduler, LocalJobQueue) {
    let queue = LocalJobQueue(store: store, clock: clock)
    let configuration = SchedulerConfiguration(
        workerID: workerID, workers: workers, leaseDuration: .seconds(30), renewInterval: .seconds(3600),
        rescueInterval: .seconds(3600), promoteInterval: .seconds(3600), retryPolicy: retryPolicy,
        interruptGrace: interruptGrace)
    return (Scheduler(store: store, queue: queue, handler: handler, clock: clock, configuration: configuration), queue)
}

/// A value shared between test tasks.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    var value: Value { mutex.withLock { $0 } }

    func update(_ change: (inout Value) -> Void) { mutex.withLock { change(&$0) } }
}

/// Runs `body` on a fresh store of `kind` and closes it afterwards, also when `body` throws.
func withStore(_ kind: StoreKind, clock: any Clock, _ body: (any Store) async throws -> Void) async throws {
    let opened = try await kind.open(clock: clock)
    do {
        try await body(opened.store)
    } catch {
        await opened.close()
        throw error
    }
    await opened.close()
}
