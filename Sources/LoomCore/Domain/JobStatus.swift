// JobStatus: the closed set of states a review job moves through.

/// `queued` → `processing` → `completed` | `skipped` | `failed` | `cancelled`.
/// A failed attempt with attempts left goes back to `queued` with a later `run_at`.
public enum JobStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case queued
    case processing
    case completed
    case skipped
    case failed
    case cancelled

    /// True for the states a job never leaves on its own (only `retry` revives them).
    public var isFinal: Bool {
        switch self {
        case .queued, .processing: false
        case .completed, .skipped, .failed, .cancelled: true
        }
    }
}
