// QueueBenchmark: `loom-bench queue`: enqueue → worker start latency at a fixed rate, and no-op jobs/s sustained.

import ArgumentParser
import Histogram
#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomCrypto
import LoomQueue
import LoomStore
import Synchronization

struct QueueBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Queue: enqueue → worker start latency at a fixed rate, and sustained no-op jobs/s.",
        discussion: """
            Embedded SQLite store and in-process queue by default. With REDIS_URL the Redis Streams \
            queue with --replicas worker replicas (each its own Redis and database connections and \
            consumer), and with DATABASE_URL the PostgreSQL store (use a scratch database: the \
            benchmark leaves its jobs there).
            """)
    @Option(help: "Seconds of the fixed-rate latency phase.") var duration: Double = 10
    @Option(help: "Jobs per second in the latency phase.") var rate: Int = 1000
    @Option(help: "Concurrent workers per replica (WORKERS).") var workers: Int = 3
    @Option(help: "Worker replicas sharing the Redis queue (with REDIS_URL).") var replicas: Int = 2
    @Option(help: "Jobs in the throughput phase.") var jobs: Int = 20_000
    @Option(help: "configured (SQLite, or PostgreSQL with DATABASE_URL) or memory (the queue alone).") var store = "configured"
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func validate() throws {
        guard ["configured", "memory"].contains(store) else { throw ValidationError("--store must be configured or memory") }
    }

    func run() async throws {
        let shape = QueueBench.Shape(workers: workers, replicas: replicas, databaseURL: environmentValue("DATABASE_URL"),
                                     redisURL: environmentValue("REDIS_URL"), inMemoryStore: store == "memory")
        let report = try await Self.measure(duration: duration, rate: rate, shape: shape, throughputJobs: jobs)
        json ? BenchReport.printJSON([report]) : BenchReport.printTable([report])
    }

    static func measure(duration: Double, rate: Int, shape: QueueBench.Shape, throughputJobs: Int) async throws -> BenchReport {
        var report = BenchReport(mode: "queue")
        let latency = try await latencyPhase(duration: duration, rate: rate, shape: shape)
        report.add("latency_jobs", Double(latency.totalCount))
        report.add("enqueue_to_start_p50_ms", Double(latency.valueAtPercentile(50)) / 1_000_000)
        report.add("enqueue_to_start_p99_ms", Double(latency.valueAtPercentile(99)) / 1_000_000)
        report.add("enqueue_to_start_p999_ms", Double(latency.valueAtPercentile(99.9)) / 1_000_000)
        report.add("offered_rate_per_second", Double(rate))
        let throughput = try await throughputPhase(jobs: throughputJobs, shape: shape)
        report.add("noop_jobs_per_second", throughput.rounded())
        report.add("workers", Double(shape.workers))
        report.add("replicas", Double(shape.replicaCount))
        report.note("queue", shape.redisURL == nil ? "local (in-process)" : "redis")
        report.note("store", shape.inMemoryStore ? "in-memory (queue alone)" : shape.databaseURL == nil ? "sqlite (embedded)" : "postgresql")
        return report
    }

    /// Offers `rate` jobs per second for `duration` and records enqueue → handler start.
    static func latencyPhase(duration: Double, rate: Int, shape: QueueBench.Shape) async throws -> Histogram<UInt64> {
        let bench = try await QueueBench.make(shape)
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

    /// Stores and enqueues `jobs` jobs first, then times workers draining them (claim, run, finish each).
    static func throughputPhase(jobs: Int, shape: QueueBench.Shape) async throws -> Double {
        let bench = try await QueueBench.make(shape, startSchedulers: false)
        let completedBefore = try await bench.store.jobCounts()[.completed] ?? 0
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in stride(from: 0, to: jobs, by: 64) {
                for index in chunk..<min(chunk + 64, jobs) { group.addTask { try await bench.submit(index: index) } }
                try await group.waitForAll()
            }
        }
        let clock = SystemClock()
        let started = clock.now()
        try await bench.startSchedulers()
        // Done when the store says so: every finish is committed, not just every handler returned.
        let deadline = clock.now() + .seconds(300)
        // Handlers first (cheap to watch), then the store, polled gently: a count over the jobs
        // table every few milliseconds would itself load the database being measured.
        _ = await bench.recorder.waitForStarts(jobs, timeout: .seconds(300))
        while clock.now() < deadline, (try await bench.store.jobCounts()[.completed] ?? 0) - completedBefore < jobs {
            try await Task.sleep(for: .milliseconds(20))
        }
        let elapsed = (clock.now() - started).seconds
        await bench.stop()
        return Double(jobs) / elapsed
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
