// QueueMetrics: the scheduler's SPEC §8 metrics, created once so recording is a few atomic operations.

import CoreMetrics
import LoomCore
import LoomMetrics
import LoomStore

/// `loom_jobs_total{state}`, `loom_queue_latency_seconds` and `loom_job_duration_seconds{outcome}`.
/// (`loom_queue_depth{queue}` belongs to each queue.) Every label set is made up front: the sets
/// are small and fixed, and creating a metric per event would go through the factory's lock.
struct QueueMetrics: Sendable {
    /// Transitions counted in `loom_jobs_total{state}`: claimed (`processing`), the final states, a
    /// failed attempt sent back (`retried`), and an expired lease put back (`rescued`).
    enum Transition: String, CaseIterable, Sendable {
        case processing, completed, skipped, failed, cancelled, retried, rescued

        /// The transition into `status` (`queued` counts as `retried`).
        init(_ status: JobStatus) {
            switch status {
            case .queued: self = .retried
            case .processing: self = .processing
            case .completed: self = .completed
            case .skipped: self = .skipped
            case .failed: self = .failed
            case .cancelled: self = .cancelled
            }
        }
    }

    private let transitions: [Transition: Counter]
    private let durations: [String: Timer]
    private let latency: Timer

    init(factory: any MetricsFactory) {
        transitions = Dictionary(uniqueKeysWithValues: Transition.allCases.map {
            ($0, Counter(label: MetricsNames.jobsTotal, dimensions: [("state", $0.rawValue)], factory: factory))
        })
        durations = Dictionary(uniqueKeysWithValues: ["completed", "skipped", "failed", "cancelled", "retry"].map {
            ($0, Timer(label: MetricsNames.jobDurationSeconds, dimensions: [("outcome", $0)], factory: factory))
        })
        latency = Timer(label: MetricsNames.queueLatencySeconds, factory: factory)
    }

    func count(_ transition: Transition) {
        transitions[transition]?.increment()
    }

    /// Ready → claimed, in wall-clock nanoseconds.
    func recordLatency(nanoseconds: Int64) {
        latency.recordNanoseconds(max(0, nanoseconds))
    }

    func recordDuration(_ duration: Duration, outcome: JobOutcome) {
        durations[outcome.metricsLabel]?.recordNanoseconds(Int64(clamping: duration.nanosecondsClamped))
    }
}

extension JobOutcome {
    /// The `outcome` label of `loom_job_duration_seconds`.
    var metricsLabel: String {
        switch self {
        case .completed: "completed"
        case .skipped: "skipped"
        case .retry: "retry"
        case .failed: "failed"
        case .cancelled: "cancelled"
        }
    }
}
