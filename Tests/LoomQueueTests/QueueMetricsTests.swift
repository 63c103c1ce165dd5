// QueueMetricsTests: the SPEC §8 queue and job metrics come out under their names and labels.

import LoomCore
import LoomMetrics
import LoomQueue
import LoomStore
import LoomTestSupport
import Testing

@Suite struct QueueMetricsTests {
    @Test func jobsDepthLatencyAndDurationAreRecorded() async throws {
        let registry = MetricsRegistry()
        let clock = ManualClock()
        let store = InMemoryStore()
        let jobs = Jobs(store: store, clock: clock)
        let handler = ProbeHandler { job, _ in
            job.prNumber == 1 && job.attempts == 1 ? .retry(error: "flaky") : .skipped(reason: "x")
        }
        let queue = LocalJobQueue(store: store, clock: clock, metricsFactory: registry.factory)
        let scheduler = Scheduler(
            store: store, queue: queue, handler: handler, clock: clock,
            configuration: SchedulerConfiguration(workerID: "w", workers: 2, renewInterval: .seconds(3600),
                                                  rescueInterval: .seconds(3600), promoteInterval: .seconds(3600)),
            metricsFactory: registry.factory)
        for pr in 1...3 { try await jobs.create(pr: pr) }
        try await scheduler.start()
        #expect(try await waitUntil {
            let counts = try await store.jobCounts()
            return counts[.skipped] == 2 && counts[.queued] == 1
        })
        // The retried entry reaches the queue just after its store write.
        #expect(try await waitUntil { try await queue.depth().total == 1 })

        let text = render(registry)
        #expect(text.contains(#"loom_jobs_total{state="processing"} 3"#))
        #expect(text.contains(#"loom_jobs_total{state="skipped"} 2"#))
        #expect(text.contains(#"loom_jobs_total{state="retried"} 1"#))
        #expect(text.contains(#"loom_queue_depth{queue="local"} 1"#))
        #expect(text.contains("loom_queue_latency_seconds_count 3"))
        #expect(text.contains(#"loom_job_duration_seconds_count{outcome="skipped"} 2"#))
        #expect(text.contains(#"loom_job_duration_seconds_count{outcome="retry"} 1"#))
        await scheduler.drain(grace: .seconds(1))
    }

    private func render(_ registry: MetricsRegistry) -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
