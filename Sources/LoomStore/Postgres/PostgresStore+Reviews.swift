// PostgresStore+Reviews: the review half of Store on PostgreSQL.

import LoomCore
internal import LoomPostgres

extension PostgresStore {
    /// Durable; one transaction in one round trip.
    public func saveReview(_ review: ReviewRecord, findings: [FindingRecord]) async throws {
        _ = try await transaction(durable: true, PostgresReviews.save(review, findings: findings))
    }

    public func review(jobID: String) async throws -> (review: ReviewRecord, findings: [FindingRecord])? {
        try await withConnection { try await PostgresReviews.load(jobID: jobID, $0) }
    }
}
