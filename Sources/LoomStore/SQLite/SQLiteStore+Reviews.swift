// SQLiteStore+Reviews: the review half of Store.

public import LoomCore

extension SQLiteStore {
    public func saveReview(_ review: ReviewRecord, findings: [FindingRecord]) async throws {
        try await write(durable: true) { try SQLiteReviews.save(review, findings: findings, $0) }
    }

    public func review(jobID: String) async throws -> (review: ReviewRecord, findings: [FindingRecord])? {
        try await read { try SQLiteReviews.load(jobID: jobID, $0) }
    }
}
