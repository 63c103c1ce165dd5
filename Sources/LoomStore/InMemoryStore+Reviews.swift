// InMemoryStore+Reviews: the review half of Store, in memory.

public import LoomCore

extension InMemoryStore {
    public func saveReview(_ review: ReviewRecord, findings: [FindingRecord]) async throws {
        state.withLock { $0.reviews[review.jobID] = (review, findings) }
    }

    public func review(jobID: String) async throws -> (review: ReviewRecord, findings: [FindingRecord])? {
        state.withLock { $0.reviews[jobID] }
    }
}
