// QueueBenchmark: `loom-bench queue`: enqueue → worker start latency at a fixed rate, and no-op jobs/s sustained.

import ArgumentParser
import Histogram
#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomCrypto
import LoomQueue
import LoomServer
import LoomStore
import Logging
import Synchronization

struct QueueBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "Embedded queue: enqueue → worker start latency at a fixed rate, and sustained no-op jobs/s.")
    @Option(help: "Seconds of the fixed-rate latency phase.") var duration: Double = 10
    @Option(help: "Jobs per second in the latency phase.") var rate: Int = 1000
    @Option(help: "Concurrent workers (WORKERS).") var workers: Int = 3
    @Option(help: "Jobs in the throughput phase.") var jobs: Int = 20_000
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func run() async throws {
        let report = try await Self.measure(duration: duration, rate: rate, workers: workers, throughputJobs: jobs)
        json ? BenchReport.printJSON([report]) : BenchReport.printTable([report])
    }

    static func measure(duration: Double, rate: Int, workers: Int, throughputJobs: Int) async throws -> BenchReport {
        var report = BenchReport(mode: "queue")
        let latency = try await latencyPhase(duration: duration, rate: rate, workers: workers)
        report.add("latency_jobs", Double(latency.totalCount))
        report.add("enqueue_to_start_p50_ms", Double(latency.valueAtPercentile(50)) / 1_000_000)
        report.add("enqueue_to_start_p99_ms", Double(latency.valueAtPercentile(99)) / 1_000_000)
        report.add("enqueue_to_start_p999_ms", Double(latency.valueAtPercentile(99.9)) / 1_000_000)
        report.add("offered_rate_per_second", Double(rate))
        let throughput = try await throughputPhase(jobs: throughputJobs, workers: workers)
        report.add("noop_jobs_per_second", throughput.rounded())
        report.add("workers", Double(workers))
        report.note("queue", "local (embedded SQLite store)")
        return report
    }

    /// Offers `rate` jobs per second for `duration` and records enqueue → handler start.
    static func latencyPhase(duration: Double, rate: Int, workers: Int) async throws -> Histogram<UInt64> {
        let bench = try await QueueBench.make(workers: workers)
        let total = Int(duration * Double(rate))
        let clock = SystemClock()
        let start = clock.now()
        let interval = 1_000_000_000 / UInt64(rate)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<total {
                let due = Instant(nanoseconds: start.nanoseconds + UInt64(index) * interval)
                let now = clock.now()
                if due > now { try await Task.sleep(for: due - now) }
                group.addTask { try await bench.submit(index: index) }
            }
            try await group.waitForAll()
        }
        _ = await bench.recorder.waitForStarts(total, timeout: .seconds(30))
        let histogram = bench.recorder.histogram()
        await bench.stop()
        return histogram
    }

    /// Stores `jobs` jobs first, then times workers draining them (claim, run, finish each).
    static func throughputPhase(jobs: Int, workers: Int) async throws -> Double {
        let bench = try await QueueBench.make(workers: workers, startScheduler: false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in stride(from: 0, to: jobs, by: 64) {
                for index in chunk..<min(chunk + 64, jobs) { group.addTask { _ = try await bench.store(index: index) } }
                try await group.waitForAll()
            }
        }
        let clock = SystemClock()
        let started = clock.now()
        try await bench.scheduler.start()
        // Done when the store says so: every finish is committed, not just every handler returned.
        let deadline = clock.now() + .seconds(300)
        while clock.now() < deadline, (try await bench.store.jobCounts()[.completed] ?? 0) < jobs {
            try await Task.sleep(for: .milliseconds(2))
        }
        let elapsed = (clock.now() - started).seconds
        await bench.stop()
        return Double(jobs) / elapsed
    }
}

/// A store, queue and scheduler with a no-op handler, in a temporary directory.
final class QueueBench: Sendable {
    let store: SQLiteStore
    let queue: LocalJobQueue
    let scheduler: Scheduler
    let recorder: StartRecorder

    static func make(workers: Int, startScheduler: Bool = true) async throws -> QueueBench {
        var template = Array("/tmp/loom-queue-bench-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        let store = try await SQLiteStore.open(path: directory + "/" + SQLiteStore.defaultFileName)
        try await store.migrate()
        let queue = LocalJobQueue(store: store)
        let recorder = StartRecorder()
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let scheduler = Scheduler(store: store, queue: queue, handler: NoopHandler(recorder: recorder),
                                  configuration: SchedulerConfiguration(workers: workers), logger: logger)
        if startScheduler { try await scheduler.start() }
        return QueueBench(store: store, queue: queue, scheduler: scheduler, recorder: recorder)
    }

    private init(store: SQLiteStore, queue: LocalJobQueue, scheduler: Scheduler, recorder: StartRecorder) {
        self.store = store
        self.queue = queue
        self.scheduler = scheduler
        self.recorder = recorder
    }

    /// Stores a job durably (as a webhook would).
    func store(index: Int) async throws -> Job? {
        let head = String(repeating: "0", count: 40 - String(index, radix: 16).count) + String(index, radix: 16)
        let request = IngestionRequest(platform: .github, deliveryID: nil, event: "pull_request",
                                       repository: RepositoryRef(platform: .github, platformID: "1", fullName: "bench/queue"),
                                       action: .enqueue(NewJob(id: RandomID.uuid(), prNumber: index + 1, headSHA: head, baseSHA: nil)),
                                       receivedAt: SystemClock().wallNanoseconds())
        guard case .jobCreated(let job, _) = try await store.ingest(request) else { return nil }
        return job
    }

    /// Stores a job, then enqueues it; the clock for its latency starts at the enqueue.
    func submit(index: Int) async throws {
        guard let job = try await store(index: index) else { return }
        recorder.enqueued(job.id)
        try await queue.enqueue(job)
    }

    func stop() async {
        await scheduler.drain(grace: .seconds(5))
        await queue.close()
        await store.close()
    }
}

/// Enqueue and start times by job id.
final class StartRecorder: Sendable {
    private struct State {
        var enqueuedAt: [String: UInt64] = [:]
        var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        var starts = 0
    }

    private let state = Mutex(State())
    private let clock = SystemClock()

    func enqueued(_ id: String) {
        let now = clock.now().nanoseconds
        state.withLock { $0.enqueuedAt[id] = now }
    }

    func started(_ id: String) {
        let now = clock.now().nanoseconds
        state.withLock { state in
            state.starts += 1
            if let enqueued = state.enqueuedAt.removeValue(forKey: id) { _ = state.histogram.record(max(1, now &- enqueued)) }
        }
    }


    func histogram() -> Histogram<UInt64> { state.withLock { $0.histogram } }

    func waitForStarts(_ count: Int, timeout: Duration) async -> Bool {
        await wait(timeout) { $0.starts >= count }
    }

    private func wait(_ timeout: Duration, _ done: @Sendable (State) -> Bool) async -> Bool {
        let deadline = clock.now() + timeout
        while clock.now() < deadline {
            if state.withLock({ done($0) }) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }
}

/// Records the start and returns at once.
struct NoopHandler: JobHandler {
    let recorder: StartRecorder

    func run(_ job: Job, context: JobContext) async -> JobOutcome {
        recorder.started(job.id)
        return .completed
    }
}
