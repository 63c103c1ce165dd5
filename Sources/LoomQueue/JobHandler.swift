// JobHandler: what a worker runs for one claimed job (the review engine, or a stand-in).

public import LoomCore

/// Runs one claimed job and says how it ended.
///
/// The scheduler owns everything around the run — claiming, lease renewal, retries, metrics — so
/// a handler only does the work, checking `context.shouldStop()` at its stage boundaries (before
/// fetching, before each model call, before posting) and returning `.cancelled` when told to stop.
/// Outcomes are values, never thrown: a failure worth retrying is `.retry`, one that is not is `.failed`.
public protocol JobHandler: Sendable {
    func run(_ job: Job, context: JobContext) async -> JobOutcome
}

/// Ends every job `skipped` with reason `review_engine_unavailable`: what the server runs until the
/// review engine is wired in, so jobs are visibly handled rather than left queued.
public struct SkippingJobHandler: JobHandler {
    /// The reason every job ends with.
    public static let reason = "review_engine_unavailable"

    public init() {}

    public func run(_ job: Job, context: JobContext) async -> JobOutcome {
        .skipped(reason: Self.reason)
    }
}
